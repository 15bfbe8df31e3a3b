"""Exact output laws of the oracle sampler.

The sampler reveals, at iteration ``k``, a uniformly random set ``S_k`` of ``s_k`` masked
positions and draws every token of ``S_k`` independently from its exact conditional
``p(x_i | x_R)`` given the revealed set ``R``. For one ordered partition ``π = (S_1, …, S_K)``
the output law is

    q_π(y) = Π_k Π_{i ∈ S_k} p(y_i | y_{S_1 ∪ … ∪ S_{k−1}}),

and the sampler's output law is the mixture ``q = E_π q_π`` over sizes and positions.

Zero-probability contexts: where ``p(y_R) = 0`` the conditional is undefined, and this module
uses the uniform law ``1/V``. Such contexts only lead to sequences outside the support of ``p``,
so ``KL(p ‖ q)`` does not depend on the choice, and ``q`` stays a probability law.
"""

from __future__ import annotations

import logging
import math

import numpy as np

from distributions.joint import JointLaw, StateSpaceTooLarge
from verifier.information import subset_marginals
from verifier.schedule import Schedule

__all__ = [
    "partition_law",
    "mixture_law",
    "mixture_work_estimate",
    "MAX_MIXTURE_WORK",
    "MAX_MIXTURE_STATES",
]

logger = logging.getLogger(__name__)

MAX_MIXTURE_STATES = 2**26
"""Largest workspace of the mixture pass, in float64 numbers (512 MiB)."""

MAX_MIXTURE_WORK = 10**10
"""Largest estimated number of multiply-adds of the mixture pass accepted by default."""


def _positions(mask: int, L: int) -> list[int]:
    return [i for i in range(L) if mask >> i & 1]


def _conditional(marginals: dict[int, np.ndarray], revealed: int, position: int,
                 L: int, V: int) -> np.ndarray:
    """Return ``p(x_position | x_revealed)`` with the revealed axes first and the new token last.

    Contexts of probability zero get the uniform law ``1/V``.
    """
    joint = marginals[revealed | 1 << position]
    axis = sum(1 for i in _positions(revealed, L) if i < position)
    joint = np.moveaxis(joint, axis, -1)
    context = marginals[revealed][..., None]
    with np.errstate(invalid="ignore", divide="ignore"):
        conditional = np.where(context > 0, joint / np.where(context > 0, context, 1.0), 1.0 / V)
    return conditional


def partition_law(law: JointLaw, blocks, *, marginals=None) -> np.ndarray:
    """Compute ``q_π`` of one ordered partition of the positions.

    Parameters
    ----------
    law : distributions.JointLaw
        The law ``p``.
    blocks : sequence of sequences of int
        ``S_1, …, S_K``: disjoint 0-based positions covering ``0 … L−1``; empty blocks are
        allowed.
    marginals : dict, optional
        Precomputed result of :func:`verifier.information.subset_marginals`.

    Returns
    -------
    numpy.ndarray
        ``q_π`` as an array of shape ``(V,)*L``.

    Raises
    ------
    ValueError
        If the blocks are not a partition of the positions.
    """
    L, V = law.L, law.V
    seen: list[int] = []
    for block in blocks:
        for position in block:
            if isinstance(position, bool) or not isinstance(position, (int, np.integer)):
                raise TypeError(f"positions must be integers, got {position!r}")
            if not 0 <= position < L:
                raise ValueError(f"position {position} is outside 0 … {L - 1}")
            seen.append(int(position))
    if sorted(seen) != list(range(L)):
        raise ValueError(
            f"the blocks {[list(block) for block in blocks]} are not a partition of 0 … {L - 1}"
        )
    if marginals is None:
        marginals = subset_marginals(law)

    q = np.ones((V,) * L)
    revealed = 0
    for block in blocks:
        for position in block:
            conditional = _conditional(marginals, revealed, int(position), L, V)
            # Place the axes of the conditional at their positions, size 1 elsewhere.
            axes = _positions(revealed, L) + [int(position)]
            order = np.argsort(axes)
            conditional = np.transpose(conditional, order)
            shape = [1] * L
            for i in axes:
                shape[i] = V
            q = q * conditional.reshape(shape)
        for position in block:
            revealed |= 1 << int(position)
    return q


def mixture_work_estimate(V: int, L: int, K: int) -> tuple[int, int]:
    """Return estimates ``(workspace, work)`` of the mixture pass, in float64 numbers.

    The workspace is the two state tensors of ``(V+1)**L`` numbers plus the expansion of the
    empty revealed set, ``(V+1)**L`` more, and its transposed copy. The work is about
    ``3·K·(2V+1)**L`` multiply-adds: the pairs (revealed set, newly revealed set) times their
    values, a few passes each.
    """
    workspace = 4 * (V + 1) ** L
    work = 3 * K * (2 * V + 1) ** L
    return workspace, work


def check_mixture_size(V: int, L: int, K: int, *, max_states: int = MAX_MIXTURE_STATES,
                       max_work: int = MAX_MIXTURE_WORK) -> None:
    """Raise :class:`StateSpaceTooLarge` when the mixture pass exceeds its limits."""
    workspace, work = mixture_work_estimate(V, L, K)
    if workspace > max_states:
        raise StateSpaceTooLarge(
            f"the mixture law at V={V}, L={L} needs a workspace of about {workspace:.3g} numbers "
            f"({workspace * 8 / 2**30:.3g} GiB), more than the limit of {max_states:.3g}; "
            "use a smaller L, or --no-mixture for the expected KL alone"
        )
    if work > max_work:
        raise StateSpaceTooLarge(
            f"the mixture law at V={V}, L={L}, K={K} needs about {work:.3g} multiply-adds, more "
            f"than the limit of {max_work:.3g}; use a smaller L or K, or --no-mixture"
        )


def mixture_law(law: JointLaw, schedule: Schedule, *, marginals=None,
                max_states: int = MAX_MIXTURE_STATES, max_work: int = MAX_MIXTURE_WORK) -> np.ndarray:
    """Compute the sampler's output law ``q = E_π q_π`` exactly, by a forward pass.

    Parameters
    ----------
    law : distributions.JointLaw
        The law ``p``.
    schedule : verifier.schedule.Schedule
        The size law, with ``schedule.length == law.L``.
    marginals : dict, optional
        Precomputed result of :func:`verifier.information.subset_marginals`.
    max_states, max_work : int
        Limits checked before any allocation (see :func:`mixture_work_estimate`).

    Returns
    -------
    numpy.ndarray
        ``q`` with shape ``(V,)*L``.

    Raises
    ------
    ValueError
        If the schedule's length differs from ``L``.
    StateSpaceTooLarge
        If the estimated workspace or work exceeds the limits.

    Notes
    -----
    The state after iteration ``k`` is the revealed set ``R`` with its values ``y_R``. All states
    live in one tensor of shape ``(V+1,)*L`` where index ``V`` on an axis means "masked". From a
    state with ``|R| = a``, the next iteration reveals ``j`` new tokens with probability
    ``P_k(a+j | a)``, each ``j``-subset of the masked positions with probability
    ``1/C(L−a, j)``. The new tokens are independent given ``y_R``, so the law of (new set, new
    values) is the product over masked positions ``i`` of ``[stays masked] + p(y_i | y_R)``,
    expanded one position at a time. Each term of the expansion is a pattern that names the new
    set, and it is weighted by ``P_k(a+j | a)/C(L−a, j)`` with ``j`` the size of that set.
    """
    L, V = law.L, law.V
    if schedule.length != L:
        raise ValueError(
            f"the schedule {schedule.name!r} is for L={schedule.length}, but the law has L={L}"
        )
    K = schedule.steps
    check_mixture_size(V, L, K, max_states=max_states, max_work=max_work)
    if marginals is None:
        marginals = subset_marginals(law)

    state = np.zeros((V + 1,) * L)
    state[(V,) * L] = 1.0
    masks_by_size: dict[int, list[int]] = {}
    for mask in range(1 << L):
        masks_by_size.setdefault(bin(mask).count("1"), []).append(mask)

    count_law = np.zeros(L + 1)
    count_law[0] = 1.0
    for k in range(1, K + 1):
        transition = schedule.transition(k)
        new_state = np.zeros_like(state)
        for a in np.flatnonzero(count_law > 0):
            a = int(a)
            probabilities = transition[a, a:]
            weights = np.array([
                probabilities[j] / math.comb(L - a, j) for j in range(L - a + 1)
            ])
            pattern_weights = _size_weights(weights, L - a, V)
            for revealed in masks_by_size[a]:
                _advance(state, new_state, marginals, revealed, weights, L, V, pattern_weights)
        state = new_state
        count_law = count_law @ transition
        logger.debug("mixture law: iteration %d of %d done", k, K)

    q = np.array(state[(slice(0, V),) * L])
    leftover = state.sum() - q.sum()
    if abs(leftover) > 1e-9:
        raise ArithmeticError(
            f"the mixture pass left {leftover:.3g} of probability on partly masked states"
        )
    return q


def _size_weights(weights, masked: int, V: int) -> np.ndarray:
    """Return the weight of every pattern of new values over ``masked`` positions.

    A pattern assigns each masked position a value ``0 … V−1`` (revealed) or ``V`` (stays
    masked); its weight is ``weights[j]`` with ``j`` the number of revealed positions.
    """
    revealed_count = np.zeros((1,), dtype=np.int64)
    step = np.array([1] * V + [0], dtype=np.int64)
    for _ in range(masked):
        revealed_count = (revealed_count[:, None] + step[None, :]).ravel()
    return np.asarray(weights)[revealed_count]


def _advance(state, new_state, marginals, revealed: int, weights, L: int, V: int,
             pattern_weights) -> None:
    """Move the mass of revealed set ``revealed`` one iteration forward into ``new_state``."""
    revealed_positions = _positions(revealed, L)
    masked_positions = [i for i in range(L) if not revealed >> i & 1]
    a = len(revealed_positions)

    index = tuple(slice(0, V) if revealed >> i & 1 else V for i in range(L))
    mass = state[index]
    if not mass.any():
        return

    if weights[1:].sum() == 0.0:
        new_state[index] += mass * weights[0]
        return

    # expansion[y_R, pattern of the masked positions processed so far], where a pattern entry
    # V means "stays masked" and 0 … V−1 is the drawn value.
    expansion = mass.reshape(V**a, 1)
    for position in masked_positions:
        conditional = _conditional(marginals, revealed, position, L, V).reshape(V**a, V)
        rows, width = expansion.shape
        grown = np.empty((rows, width, V + 1))
        np.multiply(expansion[:, :, None], conditional[:, None, :], out=grown[:, :, :V])
        grown[:, :, V] = expansion
        expansion = grown.reshape(rows, width * (V + 1))

    expansion *= pattern_weights[None, :]
    # Axes are (revealed positions …, masked positions …); put them back in position order.
    contribution = expansion.reshape((V,) * a + (V + 1,) * (L - a))
    order = np.argsort(revealed_positions + masked_positions)
    contribution = np.transpose(contribution, order)
    target = tuple(slice(0, V) if revealed >> i & 1 else slice(None) for i in range(L))
    new_state[target] += contribution
