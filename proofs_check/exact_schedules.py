"""Schedules as count chains with exact rational transitions, and the laws derived from them.

Every schedule of :mod:`verifier.schedules` is a Markov chain on the revealed count ``N_k`` with
transitions ``P_k(b | a)``. :class:`ExactSchedule` rebuilds those transitions in Fractions from
the definition of each family, not from the float matrices:

- fixed sizes (``fixed``, ``balanced``, ``cosine``, ``ccl-tc``, ``ccl-dtc``, ``optimal``): the
  count moves from ``a`` to ``min(L, a + s_k)``, and the last step to ``L``;
- ``binomial``: ``s_k`` is Binomial(``L − a``, ``1/(K−k+1)``);
- ``random-tc``, ``random-dtc``: ``K−1`` i.i.d. cuts with weights ``1/(L−c)`` or ``1/c``,
  normalized exactly. Enumerating every tuple of cuts gives the law of each consecutive pair of
  sorted cuts, and the transition is that pair law divided by the law of the first cut;
- any other schedule: its float transitions read as binary rationals, each reachable row divided
  by its exact sum. The result then describes that rationalized chain, and its note states so.

From the chain follow, exactly, ``ρ`` by a forward pass, the law of the whole size sequence by
walking every path, and from it the law of the nonzero sizes and of the largest size.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from verifier.random_grid import RandomGridSchedule
from verifier.schedule import DeterministicSchedule, Schedule
from verifier.schedules import BinomialSchedule

__all__ = [
    "ExactSchedule",
    "MAX_CUT_TUPLES",
    "walk_size_sequences",
    "forward_rho",
    "composition_law",
    "size_max_law",
    "float_transitions",
]

MAX_CUT_TUPLES = 10**6
"""Largest number ``(L−1)**(K−1)`` of cut tuples enumerated for an exact random grid."""

Transitions = list[dict[int, dict[int, object]]]
"""``transitions[k−1][a][b] = P_k(b | a)`` for the reachable counts ``a``, nonzero entries only."""


def walk_size_sequences(transitions: Transitions, L: int) -> dict[tuple[int, ...], object]:
    """Return the law of the size sequence ``(s_1, …, s_K)`` by following every path of the chain.

    The arithmetic is that of the transition entries (floats or Fractions).
    """
    K = len(transitions)
    laws: dict[tuple[int, ...], object] = {}
    stack = [(0, 0, (), 1)]
    while stack:
        k, count, sizes, probability = stack.pop()
        if k == K:
            if count == L:
                laws[sizes] = laws.get(sizes, 0) + probability
            continue
        for following, step in transitions[k].get(count, {}).items():
            if step:
                stack.append((k + 1, following, sizes + (following - count,), probability * step))
    return laws


def forward_rho(transitions: Transitions, L: int) -> list:
    """Return ``ρ_0 … ρ_{L−2}`` by a forward pass over the chain.

    Notes
    -----
    ``ρ_m = Σ_k Σ_{a ≤ m < b} P(N_{k−1} = a, N_k = b)·(b − 1 − m)``: token ``m`` (in reveal order)
    is revealed by the step that moves the count across it, together with the ``b − 1 − m``
    tokens after it in the same step.
    """
    rho = [0] * max(L - 1, 0)
    law: dict[int, object] = {0: 1}
    for transition in transitions:
        following_law: dict[int, object] = {}
        for a, mass in law.items():
            for b, step in transition.get(a, {}).items():
                joint = mass * step
                following_law[b] = following_law.get(b, 0) + joint
                for m in range(a, min(b, L - 1)):
                    rho[m] += joint * (b - 1 - m)
        law = following_law
    return rho


def composition_law(size_sequences: Mapping) -> dict[tuple[int, ...], object]:
    """Return the law of the nonzero sizes, in order, from the law of size sequences."""
    law: dict[tuple[int, ...], object] = {}
    for sizes, probability in size_sequences.items():
        composition = tuple(size for size in sizes if size > 0)
        law[composition] = law.get(composition, 0) + probability
    return law


def size_max_law(size_sequences: Mapping) -> dict[int, object]:
    """Return the law of the largest size ``s_max`` from the law of size sequences."""
    law: dict[int, object] = {}
    for sizes, probability in size_sequences.items():
        largest = max(sizes)
        law[largest] = law.get(largest, 0) + probability
    return law


def _deterministic_transitions(schedule: DeterministicSchedule) -> Transitions:
    L, K = schedule.length, schedule.steps
    transitions = []
    count = 0
    for k, size in enumerate(schedule.sizes, start=1):
        following = L if k == K else min(L, count + size)
        transitions.append({count: {following: Fraction(1)}})
        count = following
    return transitions


def _binomial_transitions(L: int, K: int) -> Transitions:
    transitions = []
    reachable = {0}
    for k in range(1, K + 1):
        transition = {}
        for a in sorted(reachable):
            if k == K:
                transition[a] = {L: Fraction(1)}
                continue
            success = Fraction(1, K - k + 1)
            remaining = L - a
            row = {}
            for size in range(remaining + 1):
                probability = math.comb(remaining, size) * success**size * (1 - success) ** (
                    remaining - size)
                if probability:
                    row[a + size] = probability
            transition[a] = row
        transitions.append(transition)
        reachable = {b for row in transition.values() for b in row}
    return transitions


def _exact_cut_weights(schedule: RandomGridSchedule) -> tuple[list[Fraction], str | None]:
    """Return exact cut weights and a note when they had to be read from floats."""
    L = schedule.length
    if schedule.name == "random-tc":
        raw = [Fraction(1, L - c) for c in range(1, L)]
    elif schedule.name == "random-dtc":
        raw = [Fraction(1, c) for c in range(1, L)]
    else:
        raw = [Fraction(float(w)) for w in schedule.weights]
    total = sum(raw, Fraction(0))
    weights = [w / total for w in raw]
    if schedule.name in ("random-tc", "random-dtc"):
        float_weights = np.asarray(schedule.weights, dtype=float)
        if not np.allclose([float(w) for w in weights], float_weights, rtol=0, atol=1e-12):
            raise ValueError(
                f"the cut weights of {schedule.name!r} differ from w(c) ∝ "
                f"{'1/(L−c)' if schedule.name == 'random-tc' else '1/c'}; the exact chain would "
                "describe another schedule"
            )
        return weights, None
    return weights, (
        "cut weights read as the binary rationals of their float64 values and normalized exactly"
    )


def _random_grid_transitions(schedule: RandomGridSchedule, weights: list[Fraction]) -> Transitions:
    L, K = schedule.length, schedule.steps
    cuts_count = K - 1
    tuples = (L - 1) ** cuts_count
    if tuples > MAX_CUT_TUPLES:
        raise ValueError(
            f"the exact random grid enumerates (L−1)**(K−1) = {tuples} cut tuples at L={L}, "
            f"K={K}, more than {MAX_CUT_TUPLES}; use a smaller L or K"
        )

    # pair_laws[k][(a, b)] = P(N_{k−1} = a, N_k = b) with N_0 = 0, N_k the k-th smallest cut for
    # k < K, and N_K = L.
    pair_laws = [dict() for _ in range(K)]
    for cuts in itertools.product(range(1, L), repeat=cuts_count):
        probability = Fraction(1)
        for cut in cuts:
            probability *= weights[cut - 1]
        if not probability:
            continue
        counts = (0,) + tuple(sorted(cuts)) + (L,)
        for k in range(K):
            pair = (counts[k], counts[k + 1])
            pair_laws[k][pair] = pair_laws[k].get(pair, 0) + probability

    transitions = []
    for pairs in pair_laws:
        first_law: dict[int, Fraction] = {}
        for (a, _), probability in pairs.items():
            first_law[a] = first_law.get(a, 0) + probability
        transition: dict[int, dict[int, Fraction]] = {}
        for (a, b), probability in pairs.items():
            transition.setdefault(a, {})[b] = probability / first_law[a]
        transitions.append(transition)
    return transitions


def _rationalized_transitions(schedule: Schedule) -> Transitions:
    L = schedule.length
    transitions = []
    reachable = {0}
    for k in range(1, schedule.steps + 1):
        matrix = np.asarray(schedule.transition(k), dtype=float)
        transition = {}
        for a in sorted(reachable):
            row = {b: Fraction(float(matrix[a, b])) for b in range(a, L + 1) if matrix[a, b] > 0}
            total = sum(row.values(), Fraction(0))
            transition[a] = {b: value / total for b, value in row.items()}
        transitions.append(transition)
        reachable = {b for row in transition.values() for b in row}
    return transitions


class ExactSchedule:
    """A schedule's count chain in exact rationals.

    Parameters
    ----------
    schedule : verifier.schedule.Schedule
        The schedule to rebuild.

    Attributes
    ----------
    schedule : Schedule
        The schedule given.
    transitions : list of dict
        ``transitions[k−1][a][b] = P_k(b | a)`` as Fractions, reachable ``a`` only.
    cut_weights : list of Fraction or None
        For a random grid, the exact cut law ``w(1) … w(L−1)``.
    note : str or None
        Set when the chain was read from float values instead of the family's definition.
    """

    def __init__(self, schedule: Schedule):
        self.schedule = schedule
        self.note = None
        self.cut_weights = None
        if isinstance(schedule, DeterministicSchedule):
            self.transitions = _deterministic_transitions(schedule)
        elif isinstance(schedule, BinomialSchedule):
            self.transitions = _binomial_transitions(schedule.length, schedule.steps)
        elif isinstance(schedule, RandomGridSchedule):
            self.cut_weights, self.note = _exact_cut_weights(schedule)
            self.transitions = _random_grid_transitions(schedule, self.cut_weights)
        else:
            self.transitions = _rationalized_transitions(schedule)
            self.note = (
                "transitions read as the binary rationals of their float64 values, each row "
                "normalized exactly"
            )
        self._size_sequences = None

    @property
    def length(self) -> int:
        """``L``."""
        return self.schedule.length

    @property
    def steps(self) -> int:
        """``K``."""
        return self.schedule.steps

    def rho(self) -> list[Fraction]:
        """Return ``ρ_0 … ρ_{L−2}`` as Fractions."""
        return [Fraction(value) for value in forward_rho(self.transitions, self.length)]

    def size_sequence_law(self) -> dict[tuple[int, ...], Fraction]:
        """Return the exact law of ``(s_1, …, s_K)``."""
        if self._size_sequences is None:
            self._size_sequences = walk_size_sequences(self.transitions, self.length)
        return self._size_sequences

    def composition_law(self) -> dict[tuple[int, ...], Fraction]:
        """Return the exact law of the nonzero sizes in reveal order."""
        return composition_law(self.size_sequence_law())

    def size_max_law(self) -> dict[int, Fraction]:
        """Return the exact law of the largest size."""
        return size_max_law(self.size_sequence_law())


def float_transitions(schedule: Schedule) -> Transitions:
    """Return the schedule's float transitions in the sparse form of :data:`Transitions`."""
    L = schedule.length
    transitions = []
    reachable = {0}
    for k in range(1, schedule.steps + 1):
        matrix = np.asarray(schedule.transition(k), dtype=float)
        transition = {}
        for a in sorted(reachable):
            transition[a] = {b: float(matrix[a, b]) for b in range(a, L + 1) if matrix[a, b] > 0}
        transitions.append(transition)
        reachable = {b for row in transition.values() for b in row}
    return transitions
