"""Markov chains of order r: each token depends on the r tokens before it.

A chain of order ``r`` over ``{0, …, V−1}`` has the joint law

    p(x_1, …, x_L) = μ(x_1, …, x_r) · Π_{t=r+1}^{L} P(x_t | x_{t−r}, …, x_{t−1}),

with a law ``μ`` of the first ``r`` tokens and one conditional table ``P``. State augmentation
turns it into a first-order chain: the blocks ``Y_t = (X_t, …, X_{t+r−1})`` form a Markov chain
on the ``V**r`` blocks, and consecutive blocks overlap in ``r − 1`` tokens, so the only allowed
moves shift the block by one token. :meth:`HigherOrderMarkovModel.augmented` returns that chain.
"""

from __future__ import annotations

import numpy as np

from ._validation import normalize_rows, real_array, require_integer, require_probability
from .joint import JointLaw, check_table_size
from .markov import MarkovChainModel

__all__ = ["HigherOrderMarkovModel", "higher_order_markov_chain", "noisy_xor_chain"]


class HigherOrderMarkovModel:
    """A homogeneous Markov chain of order ``r`` on ``L`` tokens.

    Parameters
    ----------
    initial : array_like
        Law of the first ``r`` tokens, shape ``(V,)*r`` with ``V >= 2``; its entries sum to 1.
    transition : array_like
        Shape ``(V,)*(r + 1)``: ``transition[a_1, …, a_r, b]`` is the probability that the next
        token is ``b`` given that the ``r`` previous tokens are ``a_1, …, a_r``, oldest first.
        Every slice along the last axis sums to 1.
    L : int
        Number of tokens, at least ``r``.
    order : int
        The order ``r``, at least 1.
    name : str, optional
        Label of the model and of its joint law.

    Raises
    ------
    TypeError
        If an argument is not numeric or an integer argument is not an integer.
    ValueError
        If a shape does not match ``order``, an entry is negative or not finite, the initial law
        or a row of ``transition`` does not sum to 1 within 1e-9, or ``L < order``.
    """

    def __init__(self, initial, transition, L: int, *, order: int, name: str | None = None):
        order = require_integer(order, "order", minimum=1)
        L = require_integer(L, "L", minimum=1)
        if L < order:
            raise ValueError(
                f"a chain of order {order} needs at least {order} tokens, got L={L}; "
                "raise L or lower the order"
            )

        initial = real_array(initial, "the initial law")
        if initial.ndim != order or len(set(initial.shape)) != 1:
            raise ValueError(
                f"the initial law of an order-{order} chain must have shape (V,)*{order}, "
                f"one axis per initial token, got shape {initial.shape}"
            )
        V = initial.shape[0]
        if V < 2:
            raise ValueError(f"the alphabet size V must be at least 2, got V={V}")
        flat_initial = normalize_rows(
            initial.reshape(-1), "the initial law", describe_row=lambda index: "the initial law"
        )

        transition = real_array(transition, "the transition table")
        if transition.shape != (V,) * (order + 1):
            raise ValueError(
                f"the transition table of an order-{order} chain over V={V} values must have "
                f"shape {(V,) * (order + 1)}, got shape {transition.shape}"
            )
        transition = normalize_rows(
            transition, "the transition table",
            describe_row=lambda index: f"the row of the transition table for context {index}",
        )

        self._initial = flat_initial.reshape((V,) * order)
        self._transition = transition
        self._initial.setflags(write=False)
        self._transition.setflags(write=False)
        self.order = order
        self.L = L
        self.V = V
        self.name = name if name is not None else f"order-{order} Markov chain(L={L},V={V})"

    @property
    def initial(self) -> np.ndarray:
        """Law of the first ``r`` tokens, read-only, shape ``(V,)*r``."""
        return self._initial

    @property
    def transition(self) -> np.ndarray:
        """Conditional table of the next token, read-only, shape ``(V,)*(r + 1)``."""
        return self._transition

    def augmented(self) -> MarkovChainModel:
        """Return the first-order chain of the blocks ``Y_t = (X_t, …, X_{t+r−1})``.

        Block ``(a_1, …, a_r)`` is state number ``Σ_i a_i·V**(r−i)`` (base ``V``, oldest token
        first). The chain has ``L − r + 1`` blocks. From block ``(a_1, …, a_r)`` it moves to
        ``(a_2, …, a_r, b)`` with probability ``transition[a_1, …, a_r, b]`` and nowhere else.
        """
        V, order = self.V, self.order
        states = V**order
        matrix = np.zeros((states, states))
        context_table = self._transition.reshape(states, V)
        for state in range(states):
            # Dropping the oldest token is "mod V**(r−1)", appending b is "·V + b".
            shifted = (state % V ** (order - 1)) * V
            matrix[state, shifted:shifted + V] = context_table[state]
        return MarkovChainModel(
            self._initial.reshape(-1), matrix, self.L - order + 1,
            name=f"blocks of {self.name}",
        )

    def to_joint_law(self) -> JointLaw:
        """Build the dense joint table of shape ``(V,)*L``.

        Raises
        ------
        StateSpaceTooLarge
            If ``V**L`` exceeds the dense-table limit. The check runs before any allocation.
        """
        check_table_size(self.V, self.L)

        # Appending a token multiplies by the transition table, whose first r axes broadcast
        # against the last r token axes of the table built so far.
        table = self._initial
        for _ in range(self.L - self.order):
            table = table[..., np.newaxis] * self._transition
        return JointLaw(table, name=self.name)

    def __repr__(self) -> str:
        return (f"HigherOrderMarkovModel(name={self.name!r}, L={self.L}, V={self.V}, "
                f"order={self.order})")


def higher_order_markov_chain(initial, transition, L: int, *, order: int,
                              name: str | None = None) -> JointLaw:
    """Build the joint law of a Markov chain of order ``order``.

    The parameters are those of :class:`HigherOrderMarkovModel`.

    Returns
    -------
    JointLaw
        The dense table of shape ``(V,)*L``.

    Examples
    --------
    A chain of order 2 whose next token copies the token two steps back:

    >>> copy_two_back = [[[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]]]
    >>> law = higher_order_markov_chain([[0.25, 0.25], [0.25, 0.25]], copy_two_back, 4, order=2)
    >>> float(law.table[0, 1, 0, 1]), float(law.table[0, 1, 1, 1])
    (0.25, 0.0)
    """
    return HigherOrderMarkovModel(initial, transition, L, order=order, name=name).to_joint_law()


def noisy_xor_chain(L: int, noise: float) -> HigherOrderMarkovModel:
    """Build the binary order-2 chain whose next bit is the XOR of the two before it, flipped with probability ``noise``.

    The first two bits are uniform, and then every bit is uniform. Adjacent bits are
    independent, yet for ``noise = 0`` the first two bits determine the whole sequence, which
    repeats with period 3: ``a, b, a⊕b, a, b, …``.

    Parameters
    ----------
    L : int
        Number of tokens, at least 2.
    noise : float
        Probability in [0, 1] that a bit differs from the XOR of the two bits before it.
    """
    L = require_integer(L, "L", minimum=2)
    noise = require_probability(noise, "noise")
    transition = np.empty((2, 2, 2))
    for older in (0, 1):
        for newer in (0, 1):
            parity = older ^ newer
            transition[older, newer, parity] = 1.0 - noise
            transition[older, newer, 1 - parity] = noise
    return HigherOrderMarkovModel(
        np.full((2, 2), 0.25), transition, L, order=2,
        name=f"noisy XOR chain(L={L},noise={noise!r})",
    )
