"""Hidden Markov models: the joint law of the observations of a hidden Markov chain.

A hidden chain ``Z_1, …, Z_L`` on ``S`` states emits one observation ``X_t ∈ {0, …, V−1}`` per
step, drawn from ``B[Z_t, ·]`` given the current state. The tokens are the observations, whose
joint law sums out the hidden path:

    p(x_1, …, x_L) = Σ_z π(z_1) B(z_1, x_1) Π_{t=2}^{L} A(z_{t−1}, z_t) B(z_t, x_t).

The observations are in general no Markov chain of any finite order, which makes them a harder
test case than the chains of :mod:`distributions.markov`.
"""

from __future__ import annotations

import numpy as np

from ._validation import normalize_rows, real_array, require_integer, require_probability
from .joint import MAX_TABLE_ENTRIES, JointLaw, check_table_size

__all__ = ["HiddenMarkovModel", "hidden_markov_model", "casino_hmm", "noisy_flip_hmm"]


class HiddenMarkovModel:
    """A homogeneous hidden Markov model whose ``L`` observations are the tokens.

    Parameters
    ----------
    initial : array_like
        Law of the first hidden state, shape ``(S,)`` with ``S >= 1``.
    transition : array_like
        Row-stochastic ``(S, S)`` matrix: ``transition[a, b] = P(Z_{t+1} = b | Z_t = a)``.
    emission : array_like
        Row-stochastic ``(S, V)`` matrix with ``V >= 2``:
        ``emission[a, x] = P(X_t = x | Z_t = a)``.
    L : int
        Number of observations, at least 1.
    name : str, optional
        Label of the model and of its joint law.

    Raises
    ------
    TypeError
        If an argument is not numeric or ``L`` is not an integer.
    ValueError
        If a shape is inconsistent, an entry is negative or not finite, or a probability vector
        does not sum to 1 within 1e-9.
    """

    def __init__(self, initial, transition, emission, L: int, *, name: str | None = None):
        L = require_integer(L, "L", minimum=1)

        initial = real_array(initial, "the initial law of the hidden state")
        if initial.ndim != 1 or initial.shape[0] < 1:
            raise ValueError(
                f"the initial law of the hidden state must be a non-empty vector of shape (S,), "
                f"got shape {initial.shape}"
            )
        S = initial.shape[0]
        initial = normalize_rows(
            initial, "the initial law of the hidden state",
            describe_row=lambda index: "the initial law of the hidden state",
        )

        transition = real_array(transition, "the hidden transition matrix")
        if transition.shape != (S, S):
            raise ValueError(
                f"the hidden transition matrix must have shape (S, S) = ({S}, {S}) to match the "
                f"initial law, got shape {transition.shape}"
            )
        transition = normalize_rows(
            transition, "the hidden transition matrix",
            describe_row=lambda index: f"row {index[0]} of the hidden transition matrix",
        )

        emission = real_array(emission, "the emission matrix")
        if emission.ndim != 2 or emission.shape[0] != S:
            raise ValueError(
                f"the emission matrix must have shape (S, V) with S={S} rows, one per hidden "
                f"state, got shape {emission.shape}"
            )
        V = emission.shape[1]
        if V < 2:
            raise ValueError(f"the observation alphabet size V must be at least 2, got V={V}")
        emission = normalize_rows(
            emission, "the emission matrix",
            describe_row=lambda index: f"row {index[0]} of the emission matrix",
        )

        for array in (initial, transition, emission):
            array.setflags(write=False)
        self.initial = initial
        self.transition = transition
        self.emission = emission
        self.L = L
        self.V = V
        self.hidden_states = S
        self.name = name if name is not None else f"HMM(L={L},S={S},V={V})"

    def to_joint_law(self) -> JointLaw:
        """Build the dense table of the observations by the forward recursion.

        Raises
        ------
        StateSpaceTooLarge
            If ``V**L`` (or the ``S·V**L`` numbers of the recursion) exceeds the dense-table
            limit. The check runs before any allocation.
        """
        check_table_size(self.V, self.L)
        # The recursion keeps S numbers per table entry, so allow it up to 4 tables' worth.
        check_table_size(self.V, self.L, limit=max(1, 4 * MAX_TABLE_ENTRIES // self.hidden_states))

        # forward[x_1, …, x_t, z] = P(X_1 = x_1, …, X_t = x_t, Z_t = z): the observations so far
        # on the leading axes, the current hidden state on the last one.
        forward = self.initial[np.newaxis, :] * self.emission.T
        for _ in range(self.L - 1):
            moved = forward @ self.transition
            forward = moved[..., np.newaxis, :] * self.emission.T
        table = forward.sum(axis=-1)
        return JointLaw(table, name=self.name)

    def __repr__(self) -> str:
        return (f"HiddenMarkovModel(name={self.name!r}, L={self.L}, V={self.V}, "
                f"hidden_states={self.hidden_states})")


def hidden_markov_model(initial, transition, emission, L: int, *,
                        name: str | None = None) -> JointLaw:
    """Build the joint law of ``L`` observations of a hidden Markov model.

    The parameters are those of :class:`HiddenMarkovModel`.

    Examples
    --------
    >>> law = hidden_markov_model([1.0], [[1.0]], [[0.25, 0.75]], L=2)
    >>> float(law.table[1, 1])
    0.5625
    """
    return HiddenMarkovModel(initial, transition, emission, L, name=name).to_joint_law()


CASINO_TRANSITION = ((0.95, 0.05), (0.10, 0.90))
"""Switching probabilities of the casino: row and column 0 are the fair die, 1 the loaded die."""

CASINO_EMISSION = ((1 / 6,) * 6, (0.1,) * 5 + (0.5,))
"""Face probabilities of the fair die (row 0) and the loaded die (row 1); token ``x`` is face ``x + 1``."""


def casino_hmm(L: int = 6) -> HiddenMarkovModel:
    """Build the "occasionally dishonest casino" of Durbin, Eddy, Krogh and Mitchison (1998).

    A casino rolls a fair die and sometimes swaps it for a loaded one. The hidden state is the
    die in use (0 fair, 1 loaded) and the tokens are the faces, token ``x`` for face ``x + 1``,
    so ``V = 6``.

    Parameters
    ----------
    L : int, default 6
        Number of rolls, at least 1.

    Notes
    -----
    The fair die shows each face with probability 1/6. The loaded die shows a six with
    probability 1/2 and each other face with probability 1/10. Before each roll the casino
    switches from the fair to the loaded die with probability 0.05 and back with probability
    0.1. The first die is fair or loaded with probability 1/2 each; that initial law is this
    project's choice, as in most implementations of the example.

    References
    ----------
    R. Durbin, S. R. Eddy, A. Krogh and G. Mitchison, *Biological Sequence Analysis:
    Probabilistic Models of Proteins and Nucleic Acids*, Cambridge University Press, 1998,
    chapter 3 (hidden Markov models).
    """
    L = require_integer(L, "L", minimum=1)
    return HiddenMarkovModel(
        [0.5, 0.5], CASINO_TRANSITION, CASINO_EMISSION, L, name=f"casino(L={L})"
    )


def noisy_flip_hmm(L: int, flip: float, noise: float) -> HiddenMarkovModel:
    """Build the binary flip chain of :func:`~distributions.markov.binary_flip_chain` seen through a noisy channel.

    The hidden bits start uniform and flip with probability ``flip`` at each step. Each token is
    its hidden bit, flipped with probability ``noise`` independently of everything else.

    Parameters
    ----------
    L : int
        Number of tokens, at least 1.
    flip : float
        Probability in [0, 1] that a hidden bit differs from the previous one.
    noise : float
        Probability in [0, 1] that a token differs from its hidden bit.
    """
    L = require_integer(L, "L", minimum=1)
    flip = require_probability(flip, "flip")
    noise = require_probability(noise, "noise")
    transition = [[1.0 - flip, flip], [flip, 1.0 - flip]]
    emission = [[1.0 - noise, noise], [noise, 1.0 - noise]]
    return HiddenMarkovModel(
        [0.5, 0.5], transition, emission, L,
        name=f"noisy flip HMM(L={L},flip={flip!r},noise={noise!r})",
    )
