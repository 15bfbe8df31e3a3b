"""Unmasking schedules as Markov chains on the revealed count, and their ρ profile.

A schedule is the law of the size sequence ``s_1 … s_K`` of the oracle sampler. The verifier
represents every schedule, deterministic or random, as a Markov chain on the revealed count
``N_k = s_1 + … + s_k``: ``N_0 = 0``, ``N_k`` is drawn from ``P_k(· | N_{k−1})`` and ``N_K = L``.
The sizes never look at token values.

The schedule enters the expected error only through

    ρ_m = E[N_{k(m)} − 1 − m],   m = 0 … L−2,

the expected number of tokens revealed in the same iteration as the ``m``-th token (0-based, in
reveal order) and after it. Then ``E KL = Σ_m δ_m·ρ_m`` (Chen, Cong & Li, arXiv 2511.04647), and
the worst case over all laws gives the tight constants ``C_TC = max_m ρ_m/(L−1−m)`` and
``C_DTC = max_m ρ_m/(m+1)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Schedule",
    "CountChainSchedule",
    "DeterministicSchedule",
    "TightConstants",
    "tight_constants",
    "best_count_path",
    "TRANSITION_TOLERANCE",
]

TRANSITION_TOLERANCE = 1e-9
"""Largest accepted distance of a transition row's total from 1."""


class Schedule:
    """Law of the size sequence of a ``K``-step sampler on ``L`` tokens.

    Subclasses implement :meth:`transition`. Everything else (count laws, ρ, the tight constants,
    the law of the largest size) follows from the transitions by forward passes.

    Attributes
    ----------
    name : str
        The schedule's specification, for example ``"balanced"`` or ``"fixed:3,2,1"``.
    length : int
        ``L``, the number of tokens.
    steps : int
        ``K``, the number of iterations, zero-size iterations included.
    note : str or None
        A caveat every report that uses this schedule repeats.
    """

    name: str
    length: int
    steps: int
    note: str | None = None

    def transition(self, k: int) -> np.ndarray:
        """Return the ``(L+1, L+1)`` matrix ``P_k[a, b] = P(N_k = b | N_{k−1} = a)``, ``1 ≤ k ≤ K``."""
        raise NotImplementedError

    @property
    def is_deterministic(self) -> bool:
        """Whether every size is fixed."""
        return False

    def count_laws(self) -> np.ndarray:
        """Return the laws of ``N_0 … N_K`` as rows of a ``(K+1, L+1)`` array."""
        L, K = self.length, self.steps
        laws = np.zeros((K + 1, L + 1))
        laws[0, 0] = 1.0
        for k in range(1, K + 1):
            laws[k] = laws[k - 1] @ self.transition(k)
        return laws

    def step_joint_laws(self):
        """Yield, for ``k = 1 … K``, the joint law ``J_k[a, b] = P(N_{k−1} = a, N_k = b)``."""
        L = self.length
        law = np.zeros(L + 1)
        law[0] = 1.0
        for k in range(1, self.steps + 1):
            transition = self.transition(k)
            joint = law[:, None] * transition
            yield joint
            law = joint.sum(axis=0)

    def rho(self) -> np.ndarray:
        """Compute ``ρ_0 … ρ_{L−2}`` by a forward pass over the count chain.

        Notes
        -----
        ``ρ_m = Σ_k Σ_{a ≤ m < b} P(N_{k−1} = a, N_k = b)·(b − 1 − m)``. For each ``k`` the double
        sum over the rectangle ``a ≤ m < b`` comes from cumulative sums in ``a`` and suffix sums
        in ``b``, so the pass costs ``O(K·L²)``.
        """
        L = self.length
        counts = np.arange(L + 1)
        rho = np.zeros(max(L - 1, 0))
        if L < 2:
            return rho
        m = np.arange(L - 1)
        for joint in self.step_joint_laws():
            # Row m of each cumulative array sums the rows a ≤ m; the suffix sum then takes b > m.
            mass = np.cumsum(joint, axis=0)
            weighted = np.cumsum(joint * counts[None, :], axis=0)
            mass_above = np.cumsum(mass[:, ::-1], axis=1)[:, ::-1]
            weighted_above = np.cumsum(weighted[:, ::-1], axis=1)[:, ::-1]
            rho += weighted_above[m, m + 1] - (m + 1) * mass_above[m, m + 1]
        return rho

    def expected_nonempty_steps(self) -> float:
        """Return the expected number of iterations that reveal at least one token."""
        total = 0.0
        for joint in self.step_joint_laws():
            total += joint.sum() - np.trace(joint)
        return float(total)

    def size_max_law(self) -> np.ndarray:
        """Return the law of the largest size ``s_max = max_k s_k`` as an array over ``0 … L``.

        The forward pass runs over pairs (revealed count, largest size so far). A step of size
        ``d`` from count ``a`` keeps the running maximum ``s`` when ``s ≥ d`` and sets it to ``d``
        otherwise, so each ``d`` is one slice operation and a step costs ``O(L²)`` per size,
        ``O(K·L³)`` in all. The result is cached.
        """
        cached = getattr(self, "_size_max_law", None)
        if cached is not None:
            return cached
        L = self.length
        state = np.zeros((L + 1, L + 1))  # state[a, s]: count a, largest size so far s
        state[0, 0] = 1.0
        for k in range(1, self.steps + 1):
            transition = self.transition(k)
            below = np.cumsum(state, axis=1)  # below[a, s] = P(count a, largest size ≤ s)
            new_state = np.zeros_like(state)
            for d in range(L + 1):
                probability = np.diagonal(transition, offset=d)  # P_k[a, a+d], a = 0 … L−d
                if not probability.any():
                    continue
                rows = slice(0, L + 1 - d)
                # The running maximum stays at s ≥ d …
                new_state[d:, d:] += probability[:, None] * state[rows, d:]
                # … or becomes d when it was below d.
                if d >= 1:
                    new_state[d:, d] += probability * below[rows, d - 1]
            state = new_state
        law = state.sum(axis=0)
        law.setflags(write=False)
        self._size_max_law = law
        return law

    def support_size_max(self) -> int:
        """Return the largest size that occurs with positive probability."""
        law = self.size_max_law()
        return int(np.flatnonzero(law > 0).max())

    def describe(self) -> str:
        """Return a one-line description for reports."""
        return self.name

    def validate(self, tolerance: float = TRANSITION_TOLERANCE) -> None:
        """Check that every transition is a count chain that ends at ``L``.

        Raises
        ------
        ValueError
            If a reachable row has a negative or non-finite entry, does not sum to 1 within
            ``tolerance``, moves the count backwards, or the last step does not end at ``L``.
        """
        L, K = self.length, self.steps
        law = np.zeros(L + 1)
        law[0] = 1.0
        for k in range(1, K + 1):
            transition = np.asarray(self.transition(k), dtype=float)
            if transition.shape != (L + 1, L + 1):
                raise ValueError(
                    f"transition {k} of schedule {self.name!r} has shape {transition.shape}, "
                    f"expected {(L + 1, L + 1)}"
                )
            for a in np.flatnonzero(law > 0):
                row = transition[a]
                if not np.all(np.isfinite(row)) or np.any(row < 0):
                    raise ValueError(
                        f"transition {k} of schedule {self.name!r}: row N={a} has a negative or "
                        f"non-finite probability: {row.tolist()}"
                    )
                total = math.fsum(row)
                if abs(total - 1.0) > tolerance:
                    raise ValueError(
                        f"transition {k} of schedule {self.name!r}: row N={a} sums to {float(total)!r}, "
                        "not 1"
                    )
                if row[:a].any():
                    raise ValueError(
                        f"transition {k} of schedule {self.name!r}: row N={a} moves the revealed "
                        "count backwards"
                    )
                if k == K and row[L] < 1.0 - tolerance:
                    raise ValueError(
                        f"the last transition of schedule {self.name!r} must reveal every "
                        f"remaining token, but from N={a} it reaches L={L} with probability "
                        f"{float(row[L])!r}"
                    )
            law = law @ transition


def _check_length_and_steps(L, K) -> None:
    for label, value in (("length L", L), ("steps K", K)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"the {label} must be an integer, got {value!r}")
    if L < 1:
        raise ValueError(f"the length L must be at least 1, got L={L}")
    if not 1 <= K <= L:
        raise ValueError(
            f"the number of steps K must be between 1 and L={L}, got K={K}; "
            "a named schedule uses at most L steps (a fixed schedule may list zero sizes)"
        )


class CountChainSchedule(Schedule):
    """A schedule given by its transition matrices ``P_1 … P_K``.

    Parameters
    ----------
    transitions : array_like
        Shape ``(K, L+1, L+1)``; ``transitions[k−1][a, b] = P(N_k = b | N_{k−1} = a)``. Rows of
        unreachable counts are not used.
    name : str
        The schedule's specification, used in reports.
    note : str, optional
        A caveat that reports repeat.
    """

    def __init__(self, transitions, *, name: str, note: str | None = None):
        array = np.array(transitions, dtype=float)
        if array.ndim != 3 or array.shape[1] != array.shape[2]:
            raise ValueError(
                f"transitions must have shape (K, L+1, L+1), got {array.shape}"
            )
        self.steps = array.shape[0]
        self.length = array.shape[1] - 1
        _check_length_and_steps(self.length, self.steps)
        array.setflags(write=False)
        self._transitions = array
        self.name = name
        self.note = note
        self.validate()

    def transition(self, k: int) -> np.ndarray:
        return self._transitions[k - 1]


class DeterministicSchedule(Schedule):
    """A schedule with fixed sizes ``s_1 … s_K`` (zero sizes allowed).

    Parameters
    ----------
    sizes : sequence of int
        Non-negative sizes summing to ``L``.
    name : str, optional
        Defaults to ``"fixed:s_1,…,s_K"``.
    """

    def __init__(self, sizes, *, name: str | None = None, note: str | None = None):
        sizes = list(sizes)
        if not sizes:
            raise ValueError("a fixed schedule needs at least one size, got none")
        for size in sizes:
            if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
                raise TypeError(f"sizes must be integers, got {size!r} in {sizes}")
            if size < 0:
                raise ValueError(f"sizes must be non-negative, got {size} in {sizes}")
        if sum(sizes) < 1:
            raise ValueError(f"sizes must sum to the length L >= 1, got {sizes}")
        self.sizes = tuple(int(size) for size in sizes)
        self.length = sum(self.sizes)
        self.steps = len(self.sizes)
        self.name = name if name is not None else "fixed:" + ",".join(map(str, self.sizes))
        self.note = note

    @property
    def is_deterministic(self) -> bool:
        return True

    @property
    def counts(self) -> np.ndarray:
        """``N_0 … N_K``."""
        return np.concatenate([[0], np.cumsum(self.sizes)])

    def transition(self, k: int) -> np.ndarray:
        L = self.length
        matrix = np.zeros((L + 1, L + 1))
        size = self.sizes[k - 1]
        for a in range(L + 1):
            b = L if k == self.steps else min(L, a + size)
            matrix[a, b] = 1.0
        return matrix

    def rho(self) -> np.ndarray:
        """Return ``ρ_m = N_{k(m)} − 1 − m`` directly from the sizes."""
        L = self.length
        rho = np.zeros(max(L - 1, 0))
        for start, end in zip(self.counts[:-1], self.counts[1:]):
            for m in range(start, min(end, L - 1)):
                rho[m] = end - 1 - m
        return rho

    def expected_nonempty_steps(self) -> float:
        return float(sum(1 for size in self.sizes if size > 0))

    def size_max_law(self) -> np.ndarray:
        law = np.zeros(self.length + 1)
        law[max(self.sizes)] = 1.0
        return law

    def describe(self) -> str:
        sizes = ",".join(map(str, self.sizes))
        return self.name if self.name.startswith("fixed:") else f"{self.name} [{sizes}]"


@dataclass(frozen=True)
class TightConstants:
    """Worst-case ratios ``sup_p E KL / TC`` and ``sup_p E KL / DTC`` of a schedule."""

    c_tc: float
    c_dtc: float
    argmax_tc: int
    argmax_dtc: int


def tight_constants(rho: np.ndarray) -> TightConstants:
    """Compute ``C_TC = max_m ρ_m/(L−1−m)`` and ``C_DTC = max_m ρ_m/(m+1)``.

    Notes
    -----
    ``E KL = Σ_m δ_m·ρ_m`` with ``δ ≥ 0``, and an MDS code of dimension ``m+1`` has ``δ`` a single
    spike at ``m``. So these maxima are attained, and ``E KL ≤ C_TC·TC`` and ``E KL ≤ C_DTC·DTC``
    hold for every law with equality for some MDS code (Chen, Cong & Li, arXiv 2511.04647).
    For ``L = 1`` both constants are 0.
    """
    rho = np.asarray(rho, dtype=float)
    if rho.size == 0:
        return TightConstants(0.0, 0.0, 0, 0)
    L = rho.size + 1
    m = np.arange(L - 1)
    ratio_tc = rho / (L - 1 - m)
    ratio_dtc = rho / (m + 1)
    argmax_tc = int(np.argmax(ratio_tc))
    argmax_dtc = int(np.argmax(ratio_dtc))
    return TightConstants(
        c_tc=float(ratio_tc[argmax_tc]),
        c_dtc=float(ratio_dtc[argmax_dtc]),
        argmax_tc=argmax_tc,
        argmax_dtc=argmax_dtc,
    )


def best_count_path(cost: np.ndarray, K: int, combine=np.add) -> list[int]:
    """Find counts ``0 = N_0 ≤ … ≤ N_K = L`` that minimize the combined cost of their steps.

    Parameters
    ----------
    cost : numpy.ndarray
        ``cost[a, b]`` for a step from count ``a`` to count ``b > a``; entries with ``b ≤ a`` are
        not read. A zero-size step costs nothing.
    K : int
        Number of steps.
    combine : numpy ufunc
        How step costs accumulate along a path: ``numpy.add`` for a total, ``numpy.maximum``
        for the largest step.

    Returns
    -------
    list of int
        The counts ``N_0 … N_K`` of an optimal path.

    Notes
    -----
    ``best_k(b) = min(best_{k−1}(b), min_{a<b} combine(best_{k−1}(a), cost(a, b)))``, the first
    term being a step of size 0; the choices are kept and the path is read backwards. The cost
    is ``O(K·L²)``.
    """
    L = cost.shape[0] - 1
    counts = np.arange(L + 1)
    forward = counts[None, :] > counts[:, None]

    best = np.full(L + 1, np.inf)
    best[0] = 0.0
    choices = []
    for _ in range(K):
        candidates = np.where(forward, combine(best[:, None], cost), np.inf)
        candidates[counts, counts] = best
        choice = np.argmin(candidates, axis=0)
        best = candidates[choice, counts]
        choices.append(choice)

    path = [L]
    for choice in reversed(choices):
        path.append(int(choice[path[-1]]))
    path.reverse()
    return path
