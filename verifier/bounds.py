"""Upper bounds on the expected KL of the oracle sampler, and the checks between them.

Each bound is a value in nats, keyed by a stable name:

- ``tc``: total correlation. One-shot sampling has ``E KL = TC``, and every schedule with
  ``K ≥ 1`` does at least as well.
- ``tight_tc``, ``tight_dtc``: ``C_TC·TC`` and ``C_DTC·DTC`` with the schedule's tight constants.
  They hold for every law because ``E KL = Σ δ_m ρ_m`` with ``δ ≥ 0``.
- ``li_cai``: ``E[2^⌈log2 s_max⌉ − 1]·(TC + DTC)/L`` (Li & Cai, arXiv 2505.21400), and
  ``li_cai_sharp``: ``E[s_max − 1]·(TC + DTC)/L`` from the proof of Chen, Cong & Li. Both are
  stated for fixed sizes; for a random schedule they hold on every size sequence, so in
  expectation over ``s_max``.
- ``ccl_tc``, ``ccl_dtc``: ``TC/(ζ−1)`` and ``DTC/(ζ−1)`` for the geometric schedules of
  Chen, Cong & Li (arXiv 2511.04647), only for ``ccl-tc`` and ``ccl-dtc``.

Float checks compare at :data:`ROUNDING_TOLERANCE`.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from verifier.ccl import ccl_step_bound
from verifier.schedule import DeterministicSchedule, Schedule

__all__ = ["ROUNDING_TOLERANCE", "evaluate_bounds", "ccl_key_property", "exact_rho"]

ROUNDING_TOLERANCE = 1e-9
"""Absolute slack, in nats, for float comparisons of information quantities.

Every dense entropy is a float64 sum of at most ``V**L ≤ 2**25`` terms totalling at most
``L·log V`` nats, so its rounding error stays below about ``1e-12`` nats. ``E KL`` combines at
most ``L`` differences weighted by ``ρ_m ≤ L``, which keeps the total error far below ``1e-9``
for the sizes a dense table allows. The structured profiles of long Markov chains and codes are
sums of ``O(L²)`` terms accumulated with ``math.fsum``. NOTE: at ``L`` in the hundreds the
slack is an estimate, not a proven error bound; exact decisions belong to certified arithmetic.
"""


def _power_of_two_ceiling(size: int) -> int:
    return 1 if size <= 1 else 1 << (size - 1).bit_length()


def evaluate_bounds(profile, schedule: Schedule, rho, constants) -> dict[str, float]:
    """Return every bound that applies to ``schedule``, in nats, keyed by name."""
    L = profile.L
    tc = profile.tc
    dtc = profile.dtc
    size_max_law = schedule.size_max_law()
    sizes = np.arange(L + 1)
    li_cai_factor = float(
        np.dot(size_max_law, [_power_of_two_ceiling(int(s)) - 1 for s in sizes])
    )
    sharp_factor = float(np.dot(size_max_law, np.maximum(sizes - 1, 0)))

    bounds = {
        "tc": tc,
        "tight_tc": constants.c_tc * tc,
        "tight_dtc": constants.c_dtc * dtc,
        "li_cai": li_cai_factor * (tc + dtc) / L,
        "li_cai_sharp": sharp_factor * (tc + dtc) / L,
    }
    zeta = getattr(schedule, "zeta", None)
    if zeta is not None and schedule.name == "ccl-tc":
        bounds["ccl_tc"] = tc / (zeta - 1)
    if zeta is not None and schedule.name == "ccl-dtc":
        bounds["ccl_dtc"] = dtc / (zeta - 1)
    return bounds


def exact_rho(schedule: DeterministicSchedule) -> list[Fraction]:
    """Return ρ of fixed sizes as exact integers (as fractions)."""
    rho = []
    counts = [0]
    for size in schedule.sizes:
        counts.append(counts[-1] + size)
    for start, end in zip(counts, counts[1:]):
        for m in range(start, min(end, schedule.length - 1)):
            rho.append(Fraction(end - 1 - m))
    return rho


def ccl_key_property(schedule: DeterministicSchedule) -> bool:
    """Check the size property of a CCL geometric schedule, exactly.

    TC version: every size ``s ≥ 2`` is at most ``(L − N)/(ζ−1)``, with ``N`` the count after the
    step. DTC version: every size ``s ≥ 2`` is at most ``N/(ζ−1)``, with ``N`` the count before
    the step. Unit steps carry no error and are exempt.
    """
    L, zeta = schedule.length, schedule.zeta
    count = 0
    for size in schedule.sizes:
        before, count = count, count + size
        if size < 2:
            continue
        room = L - count if schedule.name == "ccl-tc" else before
        if size * (zeta - 1) > room:
            return False
    return True


def ccl_checks(schedule: DeterministicSchedule, expected: float, bounds) -> dict[str, bool]:
    """Return the checks of a CCL geometric schedule: bound, constant, steps and sizes."""
    version = schedule.name.removeprefix("ccl-")
    zeta = schedule.zeta
    L = schedule.length
    checks = {}
    bound_name = f"ccl_{version}"
    checks[bound_name] = expected <= bounds[bound_name] + ROUNDING_TOLERANCE

    rho = exact_rho(schedule)
    limit = Fraction(1, zeta - 1)
    if version == "tc":
        constant = max((r / (L - 1 - m) for m, r in enumerate(rho)), default=Fraction(0))
    else:
        constant = max((r / (m + 1) for m, r in enumerate(rho)), default=Fraction(0))
    checks[f"ccl_{version}_constant"] = constant <= limit

    nonempty = sum(1 for size in schedule.sizes if size > 0)
    checks[f"ccl_{version}_steps"] = nonempty <= ccl_step_bound(L, zeta)
    checks[f"ccl_{version}_sizes"] = ccl_key_property(schedule)
    return checks


def _holds(lhs: float, rhs: float) -> bool:
    return bool(lhs <= rhs + ROUNDING_TOLERANCE)


def evaluate_checks(profile, schedule: Schedule, expected: float, by_steps: float,
                    mixture: float | None, bounds) -> dict[str, bool]:
    """Return every check that applies, keyed by name, each ``True`` when it holds."""
    checks = {
        "expected_kl_nonnegative": _holds(0.0, expected),
        "formulas_agree": abs(expected - by_steps) <= ROUNDING_TOLERANCE,
        "han_inequality": bool(np.all(profile.delta >= -ROUNDING_TOLERANCE)),
        "expected_kl_at_most_tc": _holds(expected, bounds["tc"]),
        "tight_tc": _holds(expected, bounds["tight_tc"]),
        "tight_dtc": _holds(expected, bounds["tight_dtc"]),
        "li_cai": _holds(expected, bounds["li_cai"]),
        "li_cai_sharp": _holds(expected, bounds["li_cai_sharp"]),
    }
    if mixture is not None:
        checks["mixture_kl_nonnegative"] = _holds(0.0, mixture)
        checks["convexity"] = _holds(mixture, expected)

    size_max = schedule.support_size_max()
    if size_max <= 1:
        checks["unit_steps_zero_error"] = abs(expected) <= ROUNDING_TOLERANCE
    if schedule.steps == 1:
        checks["one_shot_equals_tc"] = abs(expected - bounds["tc"]) <= ROUNDING_TOLERANCE
    if isinstance(schedule, DeterministicSchedule) and getattr(schedule, "zeta", None):
        checks.update(ccl_checks(schedule, expected, bounds))
    return checks


def nats_to_unit(value: float | None, unit: str) -> float | None:
    """Convert nats to ``unit`` ("nats" or "bits")."""
    if value is None:
        return None
    return value / math.log(2) if unit == "bits" else value
