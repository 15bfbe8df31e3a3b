"""The acceleration claim: how many steps each schedule needs to reach a target error.

Two studies:

- **Steps to a target.** For a law and a target ``ε`` in nats (or ``ε·TC`` with relative
  targets), the smallest ``K`` (``1 ≤ K ≤ L``) at which a schedule's expected KL
  ``E_π KL(p ‖ q_π)`` is at most the target. The speed-up of ``random-tc`` and ``random-dtc``
  over ``balanced`` and ``cosine`` is ``K_baseline / K_random``.
  The expected KL bounds the mixture KL by convexity, so it is the conservative target. Because
  the expected KL need not decrease in ``K`` for every schedule, the smallest ``K`` is found by
  scanning ``K = 1, 2, …`` and is not claimed to stay below ``ε`` for every larger ``K``.
- **The Reed–Solomon family.** The uniform law on a Reed–Solomon (MDS) code of length ``L`` and
  dimension ``k`` over GF(q) has ``δ`` a single spike ``δ_{k−1} = log q``, so
  ``E KL = ρ_{k−1}·log q``, ``TC = (L−k)·log q`` and ``DTC = k·log q`` for ``k < L`` (``k = L``
  is the uniform law, with no error). No table is needed, so ``L`` can be large. A schedule that
  suits small ``k`` (small DTC) must keep ``ρ_m`` small at small ``m``, and one that suits large
  ``k`` must keep it small at large ``m``. The worst ratio ``E KL / min(TC, DTC)`` over the
  family equals ``max(C_TC, C_DTC)``, and its smallest possible value at ``(L, K)`` is the
  minimax programme's optimum with objective ``both``. A law-aware schedule fits each code
  exactly: sizes ``(k, L−k)`` end a step at token ``k−1``, so ``ρ_{k−1} = 0`` in two steps.
"""

from __future__ import annotations

import importlib.util

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from distributions.catalogue import catalogue_entries
from verifier.expected_kl import expected_kl
from verifier.information import InformationProfile
from verifier.rho_closed_form import closed_form_rho
from verifier.schedules import optimal_schedule, parse_schedule
from verifier.user_bound import smallest_prime_at_least

__all__ = [
    "ACCELERATION_SCHEDULES",
    "SPEEDUP_PAIRS",
    "DEFAULT_EPSILONS",
    "default_distributions",
    "expected_kl_at",
    "expected_kl_curve",
    "smallest_steps",
    "smallest_optimal_steps",
    "AccelerationRecord",
    "acceleration_records",
    "reed_solomon_profile",
    "reed_solomon_expected_kl",
    "ReedSolomonRow",
    "reed_solomon_family",
]

logger = logging.getLogger(__name__)

ACCELERATION_SCHEDULES = ("balanced", "cosine", "ccl-tc", "ccl-dtc", "random-tc", "random-dtc",
                          "binomial", "optimal")

SPEEDUP_PAIRS = (("random-tc", "balanced"), ("random-tc", "cosine"),
                 ("random-dtc", "balanced"), ("random-dtc", "cosine"))
"""``(fast, baseline)`` pairs whose speed-up ``K_baseline / K_fast`` is reported."""

DEFAULT_EPSILONS = (0.1, 0.03, 0.01)
"""Default targets for the expected KL, in nats."""

MAX_PER_CODE_OPTIMUM_LENGTH = 1024
"""Largest L at which the law-aware optimum of each displayed code is computed, because its
dynamic programme builds ``(L+1)²`` arrays at each of the ``K`` steps."""


BIF_NETWORKS = ("cancer", "earthquake", "survey", "sachs")
"""Catalogue entries read from pgmpy's packaged files, available with the optional extra."""


def default_distributions() -> list[str]:
    """Return the canonical spec of every catalogue entry with its default parameters.

    The networks of :data:`BIF_NETWORKS` are left out when pgmpy is not installed, with a
    warning that names the extra, because the core install does not include it.
    """
    pgmpy_missing = importlib.util.find_spec("pgmpy") is None
    specs = []
    skipped = []
    for entry in catalogue_entries():
        if pgmpy_missing and entry.name in BIF_NETWORKS:
            skipped.append(entry.name)
            continue
        defaults = {parameter.name: parameter.default for parameter in entry.parameters}
        specs.append(entry.canonical_spec(defaults))
    if skipped:
        logger.warning(
            "skipped %s: they need pgmpy, install it with: pip install 'dlm-verifier[bif]'",
            ", ".join(skipped),
        )
    return specs


def expected_kl_at(profile: InformationProfile, schedule_name: str, K: int) -> float | None:
    """Return ``E KL`` in nats of a named schedule with ``K`` steps; ``None`` if it does not exist.

    A CCL geometric schedule does not exist below the number of steps its parameter ``ζ = 2``
    needs.
    """
    try:
        schedule = parse_schedule(schedule_name, profile.L, K, profile=profile)
    except ValueError:
        if schedule_name not in ("ccl-tc", "ccl-dtc"):
            raise
        return None
    return expected_kl(profile, schedule, rho=closed_form_rho(schedule))


def expected_kl_curve(profile: InformationProfile, schedule_name: str) -> list[float | None]:
    """Return ``E KL`` in nats for ``K = 1 … L``; ``None`` where the schedule does not exist."""
    return [expected_kl_at(profile, schedule_name, K) for K in range(1, profile.L + 1)]


def smallest_steps(curve: Sequence[float | None], epsilon: float) -> int | None:
    """Return the first ``K`` (1-based) with ``curve[K−1] ≤ ε``, or ``None`` if there is none."""
    for index, value in enumerate(curve):
        if value is not None and value <= epsilon:
            return index + 1
    return None


def smallest_optimal_steps(expected_kl_of, L: int, epsilon: float) -> int | None:
    """Return the least ``K`` with ``expected_kl_of(K) ≤ ε`` by bisection, or ``None``.

    Valid for the ``optimal`` schedule only: its expected KL does not increase with ``K``,
    because a ``K``-step schedule padded with a zero-size step is a ``(K+1)``-step schedule.
    """
    if expected_kl_of(L) > epsilon:
        return None
    low, high = 1, L
    while low < high:
        middle = (low + high) // 2
        if expected_kl_of(middle) <= epsilon:
            high = middle
        else:
            low = middle + 1
    return low


@dataclass
class AccelerationRecord:
    """Steps each schedule needs to reach ``E KL ≤ ε`` on one law.

    Attributes
    ----------
    epsilon : float
        The target as given: nats, or a fraction of ``TC`` when ``relative``.
    target : float
        The target in nats.
    steps : dict
        Schedule name to the smallest ``K``, or ``None`` when no ``K ≤ L`` reaches the target.
    expected_kl : dict
        Schedule name to ``E KL`` in nats at that ``K`` (``None`` with it).
    speedups : dict
        ``"fast/baseline"`` to ``K_baseline / K_fast``; ``None`` when either ``K`` is missing.
    """

    distribution: str
    L: int
    tc: float
    dtc: float
    epsilon: float
    target: float
    relative: bool = False
    steps: dict[str, int | None] = field(default_factory=dict)
    expected_kl: dict[str, float | None] = field(default_factory=dict)
    speedups: dict[str, float | None] = field(default_factory=dict)

    def to_json(self) -> dict:
        """Return the record as plain JSON types."""
        return {
            "distribution": self.distribution,
            "L": self.L,
            "unit": "nats",
            "tc": self.tc,
            "dtc": self.dtc,
            "epsilon": self.epsilon,
            "relative": self.relative,
            "target": self.target,
            "steps": dict(self.steps),
            "expected_kl": dict(self.expected_kl),
            "speedups": dict(self.speedups),
        }


def acceleration_records(laws: Sequence[tuple[str, InformationProfile]],
                         epsilons: Sequence[float] = DEFAULT_EPSILONS,
                         schedules: Sequence[str] = ACCELERATION_SCHEDULES, *,
                         relative: bool = False) -> list[AccelerationRecord]:
    """Find, for every law and target, the smallest ``K`` of every schedule and the speed-ups.

    Parameters
    ----------
    laws : sequence of (name, InformationProfile)
        The laws, by name and entropy profile.
    epsilons : sequence of float
        Targets for the expected KL, in nats, or fractions of ``TC`` when ``relative``.
    schedules : sequence of str
        Schedule names. ``optimal`` is computed from the law, and its smallest ``K`` is found by
        bisection (:func:`smallest_optimal_steps`); every other schedule is scanned over
        ``K = 1 … L``.
    relative : bool
        Whether the target is ``ε·TC`` instead of ``ε`` nats. One-shot sampling has
        ``E KL = TC``, so a relative target requires a fixed share of that error.
    """
    records = []
    for name, profile in laws:
        curves = {schedule: expected_kl_curve(profile, schedule) for schedule in schedules
                  if schedule != "optimal"}
        optimal_values: dict[int, float] = {}

        def optimal_at(K: int) -> float:
            if K not in optimal_values:
                optimal_values[K] = expected_kl_at(profile, "optimal", K)
            return optimal_values[K]

        for epsilon in epsilons:
            target = float(epsilon) * profile.tc if relative else float(epsilon)
            record = AccelerationRecord(distribution=name, L=profile.L, tc=profile.tc,
                                        dtc=profile.dtc, epsilon=float(epsilon), target=target,
                                        relative=relative)
            for schedule in schedules:
                if schedule == "optimal":
                    K = smallest_optimal_steps(optimal_at, profile.L, target)
                    value = optimal_at(K) if K is not None else None
                else:
                    K = smallest_steps(curves[schedule], target)
                    value = curves[schedule][K - 1] if K is not None else None
                record.steps[schedule] = K
                record.expected_kl[schedule] = value
            for fast, baseline in SPEEDUP_PAIRS:
                fast_steps = record.steps.get(fast)
                baseline_steps = record.steps.get(baseline)
                ratio = (baseline_steps / fast_steps
                         if fast_steps is not None and baseline_steps is not None else None)
                record.speedups[f"{fast}/{baseline}"] = ratio
            records.append(record)
        logger.info("acceleration: %s done", name)
    return records


def reed_solomon_profile(L: int, k: int, q: int) -> InformationProfile:
    """Return the entropy profile ``H̄_m = min(m, k)·log q`` of an MDS code, in nats."""
    m = np.arange(L + 1)
    profile = np.minimum(m, k) * math.log(q)
    profile.setflags(write=False)
    return InformationProfile(L=L, profile=profile)


def reed_solomon_expected_kl(rho: np.ndarray, q: int) -> np.ndarray:
    """Return ``E KL`` in nats of the codes of dimension ``k = 1 … L``.

    It is ``ρ_{k−1}·log q`` for ``k < L`` and 0 for ``k = L``, the uniform law.
    """
    return np.append(np.asarray(rho, dtype=float), 0.0) * math.log(q)


@dataclass
class ReedSolomonRow:
    """One schedule at one ``K`` against the Reed–Solomon codes of every dimension.

    Attributes
    ----------
    worst_ratio : float
        ``max_k E KL / min(TC, DTC)`` over ``k = 1 … L−1``, attained at ``worst_ratio_k``.
    worst_expected_kl : float
        ``max_k E KL`` in nats, attained at ``worst_expected_kl_k``.
    expected_kl : numpy.ndarray
        ``E KL`` in nats for ``k = 1 … L``.
    """

    schedule: str
    steps: int
    worst_ratio: float
    worst_ratio_k: int
    worst_expected_kl: float
    worst_expected_kl_k: int
    expected_kl: np.ndarray = field(repr=False)

    def normalized(self, L: int) -> float:
        """``K·worst_ratio/ln L``, comparable with the normalized tight constants."""
        return self.steps * self.worst_ratio / math.log(L)

    def to_json(self, L: int) -> dict:
        """Return the row as plain JSON types."""
        return {
            "schedule": self.schedule,
            "steps": self.steps,
            "worst_ratio": self.worst_ratio,
            "worst_ratio_k": self.worst_ratio_k,
            "normalized_worst_ratio": self.normalized(L),
            "worst_expected_kl": self.worst_expected_kl,
            "worst_expected_kl_k": self.worst_expected_kl_k,
        }


def reed_solomon_family(L: int, steps: Sequence[int], schedules: Sequence[str],
                        q: int | None = None) -> tuple[int, list[ReedSolomonRow], list[dict]]:
    """Evaluate every schedule and ``K`` on the Reed–Solomon codes of length ``L``.

    Parameters
    ----------
    L : int
        Code length, at least 2.
    steps : sequence of int
        Step counts ``K ≤ L``.
    schedules : sequence of str
        Schedule names defined by ``(L, K)`` alone (not ``optimal``).
    q : int, optional
        Field size, a prime at least ``L``; default the smallest such prime.

    Returns
    -------
    q : int
    rows : list of ReedSolomonRow
    not_applicable : list of dict
        ``schedule``, ``steps`` and ``reason`` where a CCL schedule needs more steps.
    """
    if L < 2:
        raise ValueError(f"the Reed–Solomon family needs a length of at least 2, got L={L}")
    if q is None:
        q = smallest_prime_at_least(L)
    elif q < L or smallest_prime_at_least(q) != q:
        raise ValueError(f"the field size q must be a prime of at least L={L}, got q={q}")
    dimensions = np.arange(1, L)
    height = math.log(q)
    tc = (L - dimensions) * height
    dtc = dimensions * height
    smaller = np.minimum(tc, dtc)

    rows, not_applicable = [], []
    for K in steps:
        for name in schedules:
            try:
                schedule = parse_schedule(name, L, K)
            except ValueError as error:
                if name not in ("ccl-tc", "ccl-dtc"):
                    raise
                not_applicable.append({"schedule": name, "steps": K, "reason": str(error)})
                continue
            values = reed_solomon_expected_kl(closed_form_rho(schedule), q)
            ratios = values[: L - 1] / smaller
            worst = int(np.argmax(ratios))
            largest = int(np.argmax(values))
            rows.append(ReedSolomonRow(
                schedule=name, steps=K, worst_ratio=float(ratios[worst]),
                worst_ratio_k=worst + 1, worst_expected_kl=float(values[largest]),
                worst_expected_kl_k=largest + 1, expected_kl=values,
            ))
    return q, rows, not_applicable


def displayed_dimensions(L: int) -> list[int]:
    """Return a few dimensions ``k`` spread over ``1 … L−1`` for the per-code table."""
    candidates = [1, 2, L // 8, L // 4, L // 2, (3 * L) // 4, L - 2, L - 1]
    return sorted({k for k in candidates if 1 <= k <= L - 1})


def per_code_optimum(L: int, k: int, q: int, K: int) -> float | None:
    """Return the expected KL in nats of the law-aware optimal schedule on one code.

    ``None`` above :data:`MAX_PER_CODE_OPTIMUM_LENGTH`.
    """
    if L > MAX_PER_CODE_OPTIMUM_LENGTH:
        return None
    profile = reed_solomon_profile(L, k, q)
    schedule = optimal_schedule(profile, K)
    return expected_kl(profile, schedule, rho=closed_form_rho(schedule))
