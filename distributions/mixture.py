"""Mixtures of product laws: independent tokens given a hidden component.

A mixture of ``C`` product laws draws a component ``c`` with probability ``w_c``, then every
token independently from that component's marginal:

    p(x_1, …, x_L) = Σ_c w_c · Π_i μ_{c,i}(x_i).

All dependence between tokens runs through the hidden component ``Z``. Hence the dual total
correlation is at most ``H(Z) ≤ log C`` nats whatever ``L`` is, because
``H(X) ≤ H(Z) + Σ_i H(X_i | Z)`` and ``H(X_i | X_−i) ≥ H(X_i | Z)``. The total correlation can
still grow linearly in ``L``: the repetition code is the mixture of two point masses.
"""

from __future__ import annotations

import numpy as np

from ._validation import normalize_rows, real_array, require_integer, require_probability
from .joint import JointLaw, check_table_size

__all__ = ["MixtureOfProductsModel", "mixture_of_products", "two_bernoulli_mixture"]


class MixtureOfProductsModel:
    """A finite mixture of product laws on ``L`` tokens.

    Parameters
    ----------
    weights : array_like
        Shape ``(C,)``, ``C >= 1``: the component probabilities, summing to 1 within 1e-9.
    marginals : array_like
        Shape ``(C, L, V)`` with ``L >= 1`` and ``V >= 2``: ``marginals[c, i]`` is the law of
        token ``i`` in component ``c``, summing to 1 within 1e-9.
    name : str, optional
        Label of the model and of its law.

    Raises
    ------
    TypeError
        If an argument is not numeric.
    ValueError
        If a shape is inconsistent, an entry is negative or not finite, or a probability vector
        does not sum to 1 within 1e-9.
    """

    def __init__(self, weights, marginals, *, name: str | None = None):
        weights = real_array(weights, "the mixture weights")
        if weights.ndim != 1 or weights.shape[0] < 1:
            raise ValueError(
                f"the mixture weights must be a non-empty vector of shape (C,), got shape "
                f"{weights.shape}"
            )
        weights = normalize_rows(weights, "the mixture weights",
                                 describe_row=lambda index: "the mixture weights")

        marginals = real_array(marginals, "the component marginals")
        if marginals.ndim != 3 or marginals.shape[0] != weights.shape[0]:
            raise ValueError(
                f"the component marginals must have shape (C, L, V) with C={weights.shape[0]} "
                f"components, got shape {marginals.shape}"
            )
        C, L, V = marginals.shape
        if L < 1:
            raise ValueError("the components have no tokens; give L >= 1 marginals each")
        if V < 2:
            raise ValueError(f"the alphabet size V must be at least 2, got V={V}")
        marginals = normalize_rows(
            marginals, "the component marginals",
            describe_row=lambda index: f"the marginal of token {index[1]} in component {index[0]}",
        )

        weights.setflags(write=False)
        marginals.setflags(write=False)
        self.weights = weights
        self.marginals = marginals
        self.components = C
        self.L = L
        self.V = V
        self.name = name if name is not None else f"mixture of products(C={C},L={L},V={V})"

    def to_joint_law(self) -> JointLaw:
        """Build the dense table; raises :class:`StateSpaceTooLarge` beyond the size limit."""
        check_table_size(self.V, self.L)
        table = np.zeros((self.V,) * self.L)
        for weight, component in zip(self.weights, self.marginals):
            term = component[0]
            for marginal in component[1:]:
                term = np.multiply.outer(term, marginal)
            table += weight * term
        return JointLaw(table, name=self.name)

    def __repr__(self) -> str:
        return (f"MixtureOfProductsModel(name={self.name!r}, components={self.components}, "
                f"L={self.L}, V={self.V})")


def mixture_of_products(weights, marginals, *, name: str | None = None) -> JointLaw:
    """Build the joint law of a mixture of product laws; see :class:`MixtureOfProductsModel`.

    Examples
    --------
    >>> law = mixture_of_products([0.5, 0.5], [[[1.0, 0.0]] * 3, [[0.0, 1.0]] * 3])
    >>> float(law.table[0, 0, 0]), float(law.table[1, 1, 1]), float(law.table[0, 1, 0])
    (0.5, 0.5, 0.0)
    """
    return MixtureOfProductsModel(weights, marginals, name=name).to_joint_law()


def two_bernoulli_mixture(L: int, p: float, weight: float) -> MixtureOfProductsModel:
    """Build the mixture of ``L`` Bernoulli(``p``) bits and ``L`` Bernoulli(``1 − p``) bits.

    Parameters
    ----------
    L : int
        Number of tokens, at least 1.
    p : float
        Probability in [0, 1] of a 1 in the first component.
    weight : float
        Probability in [0, 1] of the first component.

    Notes
    -----
    ``p = 0`` and ``weight = 1/2`` give the repetition code on two words; ``p = 1/2`` gives
    independent uniform bits. The dual total correlation is at most ``log 2`` nats for every
    ``L``.
    """
    L = require_integer(L, "L", minimum=1)
    p = require_probability(p, "p")
    weight = require_probability(weight, "weight")
    marginals = np.empty((2, L, 2))
    marginals[0] = [1.0 - p, p]
    marginals[1] = [p, 1.0 - p]
    return MixtureOfProductsModel(
        [weight, 1.0 - weight], marginals,
        name=f"Bernoulli mixture(L={L},p={p!r},weight={weight!r})",
    )
