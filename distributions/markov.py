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

__all__ = ["MarkovChainModel", "markov_chain", "binary_flip_chain", "binary_flip_model"]


class MarkovChainModel:
    """A first-order Markov chain of ``L`` tokens, kept as its initial law and transition matrices.

    The model never builds the ``V**L`` joint table unless :meth:`to_joint_law` is called, so it
    serves lengths far beyond the dense limit (the structured entropy profile of
    ``verifier.structured`` works from :meth:`marginals` and :meth:`transition_matrix`).

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
        Label of the model and of its joint law. The default describes the chain.

    Raises
    ------
    TypeError
        If an argument is not numeric or ``L`` is not an integer.
    ValueError
        If a shape is inconsistent, an entry is negative or not finite, or the initial law or a
        row of a transition matrix does not sum to 1 within 1e-9. Sums within 1e-9 are divided
        by their value, and sums further off are rejected, never rescaled.
    """

    def __init__(self, initial, transition, L: int, *, name: str | None = None):
        L = require_integer(L, "L", minimum=1)

        initial = real_array(initial, "the initial law")
        if initial.ndim != 1:
            raise ValueError(
                f"the initial law must be a vector of shape (V,), got shape {initial.shape}"
            )
        V = initial.shape[0]
        if V < 2:
            raise ValueError(
                f"the alphabet size V must be at least 2, got an initial law of length {V}"
            )
        initial = normalize_rows(
            initial, "the initial law", describe_row=lambda index: "the initial law"
        )

        transition = real_array(transition, "the transition matrix")
        self.homogeneous = transition.ndim == 2
        matrices = _transition_matrices(transition, V, L)
        if self.homogeneous:
            # One matrix serves every step, so a long homogeneous chain stores V**2 numbers.
            stored = matrices[0][np.newaxis]
        else:
            stored = np.array(matrices).reshape(L - 1, V, V)
        initial.setflags(write=False)
        stored.setflags(write=False)

        self._initial = initial
        self._transitions = stored
        self.L = L
        self.V = V
        if name is None:
            kind = "homogeneous" if self.homogeneous else "inhomogeneous"
            name = f"{kind} Markov chain(L={L},V={V})"
        self.name = name

    @property
    def initial(self) -> np.ndarray:
        """Law of the first token, a read-only array of shape ``(V,)``."""
        return self._initial

    def transition_matrix(self, step: int) -> np.ndarray:
        """Return the matrix from token ``step`` to token ``step + 1`` (0-based), read-only."""
        if not 0 <= step < self.L - 1:
            raise IndexError(f"step must be in [0, {self.L - 1}), got step={step}")
        if self.homogeneous:
            return self._transitions[0]
        return self._transitions[step]

    def marginals(self) -> np.ndarray:
        """Return the law of every token, an array of shape ``(L, V)`` whose row ``t`` is ``X_t``'s law."""
        marginals = np.empty((self.L, self.V))
        marginals[0] = self._initial
        for step in range(self.L - 1):
            marginals[step + 1] = marginals[step] @ self.transition_matrix(step)
        return marginals

    def to_joint_law(self) -> JointLaw:
        """Build the dense joint table of shape ``(V,)*L``.

        Raises
        ------
        StateSpaceTooLarge
            If ``V**L`` exceeds the dense-table limit. The check runs before any allocation.
        """
        check_table_size(self.V, self.L)

        # Extend the table one token at a time. The table over the first t tokens has x_t on
        # its last axis, so multiplying by P_t broadcast over the axes (x_t, x_{t+1}) adds
        # x_{t+1}.
        table = self._initial
        for step in range(self.L - 1):
            table = table[..., np.newaxis] * self.transition_matrix(step)
        return JointLaw(table, name=self.name)

    def __repr__(self) -> str:
        return f"MarkovChainModel(name={self.name!r}, L={self.L}, V={self.V})"


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
        If ``V**L`` exceeds the dense-table limit. The check runs before the transition
        matrices are read.

    Examples
    --------
    >>> law = markov_chain([0.5, 0.5], [[0.9, 0.1], [0.1, 0.9]], L=3)
    >>> round(float(law.table[0, 0, 0]), 6)
    0.405
    """
    L = require_integer(L, "L", minimum=1)
    initial = real_array(initial, "the initial law")
    if initial.ndim == 1 and initial.shape[0] >= 2:
        check_table_size(initial.shape[0], L)
    return MarkovChainModel(initial, transition, L, name=name).to_joint_law()


def _transition_matrices(array: np.ndarray, V: int, L: int) -> list[np.ndarray]:
    """Return the validated transition matrices: one for a ``(V, V)`` input, else ``L − 1``."""
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
        return [matrix]

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


def binary_flip_model(L: int, flip: float) -> MarkovChainModel:
    """Build the binary chain started uniform that flips its bit with probability ``flip``.

    This is the model behind :func:`binary_flip_chain`. It stores one 2 × 2 matrix, so any
    ``L`` is accepted.
    """
    L = require_integer(L, "L", minimum=1)
    flip = require_probability(flip, "flip")
    transition = np.array([[1.0 - flip, flip], [flip, 1.0 - flip]])
    return MarkovChainModel(
        [0.5, 0.5], transition, L, name=f"binary flip chain(L={L},flip={flip!r})"
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
    return binary_flip_model(L, flip).to_joint_law()
