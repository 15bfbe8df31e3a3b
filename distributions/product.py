"""Product laws: independent tokens.

Under a product law p(x) = Π_i p_i(x_i), every entropy is additive, so the entropy profile is
linear in the number of revealed tokens. Hence δ ≡ 0 and TC = DTC = 0, and every unmasking
schedule samples it without error.
"""

from __future__ import annotations

import numpy as np

from ._validation import normalize_rows, real_array, require_integer, require_probability
from .joint import JointLaw, check_table_size

__all__ = ["ProductModel", "product_law", "bernoulli_product", "uniform_law", "bernoulli_model",
           "uniform_model"]


class ProductModel:
    """Independent tokens, kept as their ``L`` marginals rather than the ``V**L`` table.

    Parameters
    ----------
    marginals : array_like
        Shape ``(L, V)`` with ``L >= 1`` and ``V >= 2``; row ``i`` is the law of token ``i`` and
        sums to 1 within 1e-9.
    name : str, optional
        Label of the model and of its law.

    Raises
    ------
    TypeError, ValueError
        As :func:`product_law`, except that no table size is checked here.
    """

    def __init__(self, marginals, *, name: str | None = None):
        marginals = _validated_marginals(marginals)
        marginals.setflags(write=False)
        self.marginals = marginals
        self.L, self.V = marginals.shape
        self.name = name if name is not None else f"product(L={self.L},V={self.V})"

    def to_joint_law(self) -> JointLaw:
        """Build the dense table; raises :class:`StateSpaceTooLarge` beyond the size limit."""
        return product_law(self.marginals, name=self.name)

    def __repr__(self) -> str:
        return f"ProductModel(name={self.name!r}, L={self.L}, V={self.V})"


def _validated_marginals(marginals) -> np.ndarray:
    marginals = real_array(marginals, "marginals")
    if marginals.ndim != 2:
        raise ValueError(
            f"marginals must have shape (L, V), one probability vector per token, "
            f"got shape {marginals.shape}"
        )
    L, V = marginals.shape
    if L < 1:
        raise ValueError("marginals is empty; give at least one probability vector")
    if V < 2:
        raise ValueError(f"the alphabet size V must be at least 2, got vectors of length {V}")
    return normalize_rows(
        marginals, "marginals", describe_row=lambda index: f"the marginal of token {index[0]}"
    )


def product_law(marginals, *, name: str | None = None) -> JointLaw:
    """Build the law of independent tokens with the given marginals.

    Parameters
    ----------
    marginals : array_like
        ``L >= 1`` probability vectors of the same length ``V >= 2``, as a sequence or an array
        of shape ``(L, V)``. Row ``i`` is the law of token ``i``.
    name : str, optional
        Label of the returned law. The default gives ``L`` and ``V``.

    Returns
    -------
    JointLaw
        The table ``p[x_1, …, x_L] = Π_i marginals[i][x_i]``.

    Raises
    ------
    TypeError
        If ``marginals`` is not numeric.
    ValueError
        If the shape is not ``(L, V)`` with ``L >= 1`` and ``V >= 2``, an entry is negative or
        not finite, or a vector does not sum to 1 within 1e-9. Vectors within 1e-9 are divided by
        their sum.
    StateSpaceTooLarge
        If ``V**L`` exceeds the dense-table limit. The check runs before allocation.
    """
    marginals = _validated_marginals(marginals)
    L, V = marginals.shape
    check_table_size(V, L)

    table = marginals[0]
    for marginal in marginals[1:]:
        table = np.multiply.outer(table, marginal)

    if name is None:
        name = f"product(L={L},V={V})"
    return JointLaw(table, name=name)


def bernoulli_product(L: int, p: float) -> JointLaw:
    """Build the law of ``L`` independent bits that equal 1 with probability ``p``.

    Parameters
    ----------
    L : int
        Number of tokens, at least 1.
    p : float
        Probability in [0, 1] of the value 1.
    """
    L = require_integer(L, "L", minimum=1)
    p = require_probability(p, "p")
    check_table_size(2, L)
    return product_law(np.tile([1.0 - p, p], (L, 1)), name=f"Bernoulli product(L={L},p={p!r})")


def uniform_law(L: int, V: int) -> JointLaw:
    """Build the uniform law on ``{0, …, V−1}**L``, every sequence with probability ``V**-L``.

    Parameters
    ----------
    L : int
        Number of tokens, at least 1.
    V : int
        Alphabet size, at least 2.
    """
    L = require_integer(L, "L", minimum=1)
    V = require_integer(V, "V", minimum=2)
    check_table_size(V, L)
    return JointLaw(np.full((V,) * L, float(V) ** -L), name=f"uniform(L={L},V={V})")


def bernoulli_model(L: int, p: float) -> ProductModel:
    """Build ``L`` independent Bernoulli(``p``) bits as a model, for any ``L``."""
    L = require_integer(L, "L", minimum=1)
    p = require_probability(p, "p")
    return ProductModel(np.tile([1.0 - p, p], (L, 1)), name=f"Bernoulli product(L={L},p={p!r})")


def uniform_model(L: int, V: int) -> ProductModel:
    """Build the uniform law on ``{0, …, V−1}**L`` as a model, for any ``L``."""
    L = require_integer(L, "L", minimum=1)
    V = require_integer(V, "V", minimum=2)
    return ProductModel(np.full((L, V), 1.0 / V), name=f"uniform(L={L},V={V})")
