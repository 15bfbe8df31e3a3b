"""The named schedules and the parser of schedule specifications.

| name | sizes |
|---|---|
| ``fixed:3,2,1`` | the explicit sizes |
| ``balanced`` | ``L mod K`` sizes of ``⌈L/K⌉`` first, then sizes of ``⌊L/K⌋`` (Li & Cai) |
| ``cosine`` | masked count after step ``k`` is ``⌊L·cos(πk/2K)⌋``, at least one token per step |
| ``ccl-tc``, ``ccl-dtc`` | geometric schedules of Chen, Cong & Li (:mod:`verifier.ccl`) |
| ``random-tc``, ``random-dtc`` | random-grid reconstruction of Zhao & Cai (:mod:`verifier.random_grid`) |
| ``binomial`` | each masked token reveals at step ``k`` with probability ``1/(K−k+1)`` |
| ``optimal`` | the best deterministic ``K``-step schedule for a given law |

Users bring their own schedules as ``python:MODULE:FUNCTION``, ``python:PATH.py:FUNCTION`` (a
size law) or ``json:PATH`` (transition probabilities); :mod:`verifier.user_schedule` describes
both forms.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import binom

from verifier.ccl import ccl_schedule
from verifier.random_grid import random_dtc_schedule, random_tc_schedule
from verifier.schedule import (
    DeterministicSchedule,
    Schedule,
    _check_length_and_steps,
    best_count_path,
)
from verifier.user_schedule import is_user_schedule_spec, parse_user_schedule

__all__ = [
    "SCHEDULE_NAMES",
    "balanced_schedule",
    "cosine_schedule",
    "binomial_schedule",
    "BinomialSchedule",
    "optimal_schedule",
    "parse_schedule",
]

SCHEDULE_NAMES = (
    "fixed", "balanced", "cosine", "ccl-tc", "ccl-dtc", "random-tc", "random-dtc", "binomial",
    "optimal",
)


def balanced_schedule(L: int, K: int) -> DeterministicSchedule:
    """Build ``K`` sizes of ``⌈L/K⌉`` or ``⌊L/K⌋``, the larger ones first."""
    _check_length_and_steps(L, K)
    quotient, remainder = divmod(L, K)
    sizes = [quotient + 1] * remainder + [quotient] * (K - remainder)
    return DeterministicSchedule(sizes, name="balanced")


def cosine_schedule(L: int, K: int) -> DeterministicSchedule:
    """Build the MaskGIT cosine schedule with at least one token per step.

    The target revealed count after step ``k`` is ``L − ⌊L·cos(πk/2K)⌋``. It is raised to one
    more than the previous count and lowered so that the ``K − k`` remaining steps can each
    reveal one token.
    """
    _check_length_and_steps(L, K)
    counts = [0]
    for k in range(1, K + 1):
        masked = math.floor(L * math.cos(math.pi * k / (2 * K)))
        target = L - masked
        target = max(target, counts[-1] + 1)
        target = min(target, L - (K - k))
        counts.append(target)
    sizes = [b - a for a, b in zip(counts, counts[1:])]
    return DeterministicSchedule(sizes, name="cosine")


class BinomialSchedule(Schedule):
    """Each masked token reveals at step ``k`` with probability ``1/(K−k+1)``, independently.

    This is the reveal law of a masked diffusion model run on the linear time grid with ``K``
    steps: given ``N_{k−1} = a``, the size ``s_k`` is Binomial(``L−a``, ``1/(K−k+1)``).
    """

    def __init__(self, L: int, K: int):
        _check_length_and_steps(L, K)
        self.length = L
        self.steps = K
        self.name = "binomial"

    def transition(self, k: int) -> np.ndarray:
        L, K = self.length, self.steps
        if k == K:
            matrix = np.zeros((L + 1, L + 1))
            matrix[:, L] = 1.0
            return matrix
        counts = np.arange(L + 1)
        sizes = counts[None, :] - counts[:, None]
        masked = (L - counts)[:, None]
        matrix = binom.pmf(sizes, masked, 1.0 / (K - k + 1))
        return np.where(sizes >= 0, matrix, 0.0)


def binomial_schedule(L: int, K: int) -> BinomialSchedule:
    """Build the ``binomial`` schedule."""
    return BinomialSchedule(L, K)


def optimal_schedule(profile, K: int) -> DeterministicSchedule:
    """Find the deterministic schedule with at most ``K`` nonempty steps and least expected KL.

    Parameters
    ----------
    profile : verifier.information.InformationProfile
        The entropy profile of the law.
    K : int
        Number of iterations, ``1 ≤ K ≤ L``.

    Notes
    -----
    The expected KL of sizes with counts ``N_0 = 0 < … < N_K = L`` is the sum of step costs
    ``(b − a)·Δ_a − (H̄_b − H̄_a)`` over consecutive counts ``a → b`` (Chen, Cong & Li). A dynamic
    programme over (step, count) minimizes it in ``O(K·L²)``. Zero-size steps cost nothing, so
    the optimum may use fewer than ``K`` nonempty steps; they are padded at the end.
    """
    L = profile.L
    _check_length_and_steps(L, K)
    H = np.asarray(profile.profile, dtype=float)
    Delta = np.diff(H)

    counts = np.arange(L + 1)
    # cost[a, b] for a < b; entries with b ≤ a are never used.
    cost = (counts[None, :] - counts[:, None]) * np.append(Delta, 0.0)[:, None] - (
        H[None, :] - H[:, None]
    )
    path = best_count_path(cost, K)
    sizes = [b - a for a, b in zip(path, path[1:]) if b > a]
    sizes = sizes + [0] * (K - len(sizes))
    return DeterministicSchedule(sizes, name="optimal")


def _parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip()
        try:
            sizes.append(int(part))
        except ValueError:
            raise ValueError(
                f"invalid size {part!r} in 'fixed:{text}'; write sizes as integers, "
                "for example fixed:3,2,1"
            ) from None
    return sizes


def parse_schedule(spec: str, L: int, K: int | None, *, profile=None) -> Schedule:
    """Build a schedule from its specification.

    Parameters
    ----------
    spec : str
        One of :data:`SCHEDULE_NAMES`; ``fixed`` takes its sizes as ``fixed:3,2,1``. A user
        schedule is ``python:MODULE:FUNCTION``, ``python:PATH.py:FUNCTION`` or ``json:PATH``
        (see :mod:`verifier.user_schedule`).
    L : int
        Number of tokens.
    K : int or None
        Number of iterations. A fixed or JSON schedule takes ``K`` from its sizes or file, and a
        given ``K`` must agree with them.
    profile : InformationProfile, optional
        Required by ``optimal``.

    Raises
    ------
    ValueError
        For an unknown name, invalid sizes, sizes that do not sum to ``L``, a ``K`` outside
        ``1 … L``, ``optimal`` without a law, or a user schedule that fails validation.
    """
    spec = spec.strip()
    if is_user_schedule_spec(spec):
        return parse_user_schedule(spec, L, K)
    name, _, argument = spec.partition(":")
    if name == "fixed":
        if not argument:
            raise ValueError("'fixed' needs its sizes, for example fixed:3,2,1")
        schedule = DeterministicSchedule(_parse_sizes(argument))
        if schedule.length != L:
            raise ValueError(
                f"the sizes of {spec!r} sum to {schedule.length}, but the length is L={L}; "
                f"make the sizes sum to {L}"
            )
        if K is not None and schedule.steps != K:
            raise ValueError(
                f"{spec!r} has {schedule.steps} steps, but --steps is {K}; drop --steps or make "
                "them agree"
            )
        return schedule

    if argument:
        raise ValueError(f"schedule {name!r} takes no argument, got {spec!r}")
    if name not in SCHEDULE_NAMES:
        raise ValueError(
            f"unknown schedule {spec!r}; valid names: {', '.join(SCHEDULE_NAMES)}"
        )
    if K is None:
        raise ValueError(f"schedule {name!r} needs the number of steps K (--steps)")
    _check_length_and_steps(L, K)

    if name == "balanced":
        return balanced_schedule(L, K)
    if name == "cosine":
        return cosine_schedule(L, K)
    if name == "ccl-tc":
        return ccl_schedule("tc", L, K)
    if name == "ccl-dtc":
        return ccl_schedule("dtc", L, K)
    if name == "random-tc":
        return random_tc_schedule(L, K)
    if name == "random-dtc":
        return random_dtc_schedule(L, K)
    if name == "binomial":
        return binomial_schedule(L, K)
    if profile is None:
        raise ValueError("schedule 'optimal' depends on the law; give a distribution with it")
    return optimal_schedule(profile, K)
