"""Geometric schedules of Chen, Cong & Li for total and dual total correlation.

Chen, Cong & Li, *Optimal inference schedules for masked diffusion models*, arXiv 2511.04647
(COLT 2026), build for an integer parameter ``ζ ≥ 2`` two deterministic schedules with
``E KL ≤ TC/(ζ−1)`` and ``E KL ≤ DTC/(ζ−1)`` in at most ``2 + (1 + ln L)·ζ`` nonempty iterations:

- TC version, sizes shrink: ``N_i = ⌊N_{i−1} + (L − N_{i−1})/ζ⌋`` for ``i = 1 … λ``, then unit
  steps up to ``L``. Every size is at most ``(L − N_i)/(ζ−1)``, where ``N_i`` is the count after
  that step.
- DTC version, sizes grow: counts built downward, ``N′_0 = L``,
  ``N′_i = ⌈N′_{i−1}·(1 − 1/ζ)⌉`` for ``i = 1 … λ``, then unit steps down to 0; the sizes run in
  reverse order.

Here ``λ = ⌊ln(L−ζ+1) / ln(ζ/(ζ−1))⌋ + 2``, zero sizes are dropped, and ``ζ ≥ L+1`` means ``L``
unit steps. The floor and ceiling placement is this project's reading of the paper's
inequalities. The tests check the key property and the bound, not these exact sizes.

All arithmetic is on integers, so no rounding of ``ln`` can move a size.
"""

from __future__ import annotations

import math

from verifier.schedule import DeterministicSchedule, _check_length_and_steps

__all__ = [
    "geometric_length",
    "ccl_tc_sizes",
    "ccl_dtc_sizes",
    "ccl_step_bound",
    "largest_fitting_zeta",
    "ccl_schedule",
]


def geometric_length(L: int, zeta: int) -> int:
    """Return ``λ = ⌊ln(L−ζ+1) / ln(ζ/(ζ−1))⌋ + 2`` computed exactly.

    The floor is the largest ``j ≥ 0`` with ``ζ^j ≤ (L−ζ+1)·(ζ−1)^j``. A float estimate of ``j``
    is corrected by exact integer comparisons, so rounding of the logarithms cannot move it.
    """
    base = L - zeta + 1
    if base < 1:
        raise ValueError(f"λ needs L − ζ + 1 ≥ 1, got L={L}, ζ={zeta}")

    def fits(j: int) -> bool:
        return zeta**j <= base * (zeta - 1) ** j

    j = max(0, int(math.log(base) / math.log(zeta / (zeta - 1))))
    while j > 0 and not fits(j):
        j -= 1
    while fits(j + 1):
        j += 1
    return j + 2


def _check_zeta(L: int, zeta: int) -> None:
    if isinstance(zeta, bool) or not isinstance(zeta, int) or zeta < 2:
        raise ValueError(f"ζ must be an integer of at least 2, got {zeta!r}")
    if L < 1:
        raise ValueError(f"the length L must be at least 1, got {L}")


def ccl_tc_sizes(L: int, zeta: int) -> list[int]:
    """Return the nonzero sizes of the TC geometric schedule with parameter ``ζ``."""
    _check_zeta(L, zeta)
    if zeta >= L + 1:
        return [1] * L
    counts = [0]
    for _ in range(geometric_length(L, zeta)):
        previous = counts[-1]
        counts.append(previous + (L - previous) // zeta)
    while counts[-1] < L:
        counts.append(counts[-1] + 1)
    sizes = [b - a for a, b in zip(counts, counts[1:])]
    return [size for size in sizes if size > 0]


def ccl_dtc_sizes(L: int, zeta: int) -> list[int]:
    """Return the nonzero sizes of the DTC geometric schedule with parameter ``ζ``."""
    _check_zeta(L, zeta)
    if zeta >= L + 1:
        return [1] * L
    counts = [L]
    for _ in range(geometric_length(L, zeta)):
        previous = counts[-1]
        counts.append(-((-previous * (zeta - 1)) // zeta))
    while counts[-1] > 0:
        counts.append(counts[-1] - 1)
    sizes = [a - b for a, b in zip(counts, counts[1:])]
    return [size for size in reversed(sizes) if size > 0]


def ccl_step_bound(L: int, zeta: int) -> float:
    """Return the iteration bound ``2 + (1 + ln L)·ζ`` of the geometric schedules."""
    return 2.0 + (1.0 + math.log(L)) * zeta


def _sizes_for(version: str, L: int, zeta: int) -> list[int]:
    if version == "tc":
        return ccl_tc_sizes(L, zeta)
    if version == "dtc":
        return ccl_dtc_sizes(L, zeta)
    raise ValueError(f"version must be 'tc' or 'dtc', got {version!r}")


def largest_fitting_zeta(version: str, L: int, K: int) -> int:
    """Return the largest ``ζ`` whose geometric schedule has at most ``K`` nonempty steps.

    A geometric step never brings the masked count below ``ζ − 1`` when it starts at ``ζ`` or
    more, so a schedule with ``2 ≤ ζ ≤ L`` has at least ``ζ − 1`` unit steps. Hence only
    ``ζ ≤ K + 1`` and ``ζ = L + 1`` (when ``K ≥ L``) can fit.

    Raises
    ------
    ValueError
        If not even ``ζ = 2`` fits in ``K`` steps.
    """
    _check_length_and_steps(L, K)
    if K >= L:
        return L + 1
    best = None
    for zeta in range(2, min(K + 1, L) + 1):
        if len(_sizes_for(version, L, zeta)) <= K:
            best = zeta
    if best is None:
        needed = len(_sizes_for(version, L, 2))
        raise ValueError(
            f"ccl-{version} needs at least K={needed} steps at L={L} (its smallest parameter "
            f"ζ=2 takes {needed} nonempty steps), got K={K}; raise --steps or use another schedule"
        )
    return best


def ccl_schedule(version: str, L: int, K: int) -> DeterministicSchedule:
    """Build ``ccl-tc`` or ``ccl-dtc`` with the largest ``ζ`` that fits in ``K`` steps.

    The nonempty sizes come first and zero sizes pad the schedule to exactly ``K`` iterations.
    The returned schedule stores ``ζ`` in its ``zeta`` attribute.
    """
    zeta = largest_fitting_zeta(version, L, K)
    sizes = _sizes_for(version, L, zeta)
    sizes = sizes + [0] * (K - len(sizes))
    schedule = DeterministicSchedule(sizes, name=f"ccl-{version}")
    schedule.zeta = zeta
    return schedule
