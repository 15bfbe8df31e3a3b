"""Markov chains on token sequences.

A Markov chain of length ``L`` over ``{0, …, V−1}`` has the joint law

    p(x_1, …, x_L) = μ(x_1) · Π_{t=1}^{L−1} P_t(x_t, x_{t+1}),

with an initial law μ and row-stochastic transition matrices P_t. The chain is homogeneous when
every P_t is the same matrix. Its dependence is local, so its total correlation grows linearly in
``L`` while each token depends strongly only on its neighbours.
"""

from __future__ import annotations

import numpy as np

from ._validation import normalize_rows, real_array, require_integer, require_probability
from .joint import JointLaw, check_table_size

__all__ = ["markov_chain", "binary_flip_chain"]


def markov_chain(initial, transition, L: int, *, name: str | None = None) -> JointLaw:
    """Build the joint law of a Markov chain of ``L`` tokens.

    Parameters
    ----------
    initial : array_like
        Law of the first token, shape ``(V,)`` with ``V >= 2``.
    transition : array_like
        Either one row-stochastic matrix of shape ``(V, V)``, used at every step, or ``L − 1``
        such matrices, as a sequence or an array of shape ``(L − 1, V, V)``. Entry
        ``transition[t][a, b]`` is the probability that token ``t + 1`` is ``b`` given that
        token ``t`` is ``a``, with tokens counted from 0.
    L : int
        Number of tokens, at least 1.
    name : str, optional
        Label of the returned law. The default describes the chain.

    Returns
    -------
    JointLaw
        The dense joint table of shape ``(V,)*L``.

    Raises
    ------
    TypeError
        If an argument is not numeric or ``L`` is not an integer.
    ValueError
        If a shape is inconsistent, an entry is negative or not finite, or the initial law or a
        row of a transition matrix does not sum to 1 within 1e-9. Sums within 1e-9 are divided
        by their value, and sums further off are rejected, never rescaled.
    StateSpaceTooLarge
        If ``V**L`` exceeds the dense-table limit. The check runs before any allocation.

    Examples
    --------
    >>> law = markov_chain([0.5, 0.5], [[0.9, 0.1], [0.1, 0.9]], L=3)
    >>> round(float(law.table[0, 0, 0]), 6)
    0.405
    """
    L = require_integer(L, "L", minimum=1)

    initial = real_array(initial, "the initial law")
    if initial.ndim != 1:
        raise ValueError(
            f"the initial law must be a vector of shape (V,), got shape {initial.shape}"
        )
    V = initial.shape[0]
    if V < 2:
        raise ValueError(f"the alphabet size V must be at least 2, got an initial law of length {V}")
    initial = normalize_rows(initial, "the initial law", describe_row=lambda index: "the initial law")

    check_table_size(V, L)
    transition = real_array(transition, "the transition matrix")
    matrices = _transition_matrices(transition, V, L)

    # Extend the table one token at a time. The table over the first t tokens has x_t on its
    # last axis, so multiplying by P_t broadcast over the axes (x_t, x_{t+1}) adds x_{t+1}.
    table = initial
    for matrix in matrices:
        table = table[..., np.newaxis] * matrix

    if name is None:
        kind = "homogeneous" if transition.ndim == 2 else "inhomogeneous"
        name = f"{kind} Markov chain(L={L},V={V})"
    return JointLaw(table, name=name)


def _transition_matrices(array: np.ndarray, V: int, L: int) -> list[np.ndarray]:
    """Return the ``L − 1`` validated transition matrices, one per step."""
    if array.ndim == 2:
        if array.shape != (V, V):
            raise ValueError(
                f"the transition matrix must have shape (V, V) = ({V}, {V}) to match the "
                f"initial law, got shape {array.shape}"
            )
        matrix = normalize_rows(
            array, "the transition matrix",
            describe_row=lambda index: f"row {index[0]} of the transition matrix",
        )
        return [matrix] * (L - 1)

    if array.ndim == 3:
        if array.shape != (L - 1, V, V):
            raise ValueError(
                f"per-step transition matrices must have shape (L − 1, V, V) = "
                f"({L - 1}, {V}, {V}) for L={L} and V={V}, got shape {array.shape}"
            )
        matrices = []
        for step, matrix in enumerate(array):
            name = f"transition matrix {step}"
            matrices.append(
                normalize_rows(matrix, name, describe_row=lambda index: f"row {index[0]} of {name}")
            )
        return matrices

    raise ValueError(
        f"transition must be one (V, V) matrix or a sequence of L − 1 such matrices, "
        f"got an array of shape {array.shape}"
    )


def binary_flip_chain(L: int, flip: float) -> JointLaw:
    """Build the binary Markov chain started uniform that flips its bit with probability ``flip``.

    Parameters
    ----------
    L : int
        Number of tokens, at least 1.
    flip : float
        Probability in [0, 1] that a token differs from the one before it.

    Returns
    -------
    JointLaw
        The law of ``L`` bits with ``V = 2``.

    Notes
    -----
    The uniform law is stationary for this chain, so every bit is uniform. ``flip = 0.5`` gives
    independent uniform bits and ``flip = 0`` gives the two constant words.
    """
    L = require_integer(L, "L", minimum=1)
    flip = require_probability(flip, "flip")
    transition = np.array([[1.0 - flip, flip], [flip, 1.0 - flip]])
    return markov_chain(
        [0.5, 0.5], transition, L, name=f"binary flip chain(L={L},flip={flip!r})"
    )
