"""Tight constants of the named schedules over a grid of lengths and step counts.

The claims under test state that a schedule reaches ``E KL ≤ c·TC·ln L/K`` (or with DTC) for every
law. Since ``sup_p E KL/TC = C_TC`` exactly, such a claim holds with constant ``c`` exactly when
the normalized value ``K·C_TC/ln L`` is at most ``c``. This module computes ``C_TC`` and
``C_DTC`` over a grid of ``(L, K)`` with ``K < L`` and judges whether the normalized values
stay bounded.

"Bounded" is judged on the grid by two criteria, each reported with its numbers:

- at fixed steps: for every ``K``, ``K·C/ln L`` is non-increasing in ``L`` from some grid length
  ``L₀`` smaller than the largest one on (so at least over the last step of the length grid);
- in the logarithmic regime: the maximum over the cells with ``K ≥ factor·ln L`` does not grow
  over the last step of the length grid.

Both criteria look along ``L`` with ``K`` capped by the grid, so a third one looks along ``K``:
the local exponent of ``C`` in ``K`` at the largest length, ``−1`` for ``C ∝ 1/K`` and ``0`` when
more steps do not help. The schedule *adapts to the step budget* when that exponent is at most
:data:`ADAPTATION_EXPONENT`. The verdict *bounded* requires all three. A finite grid cannot prove
boundedness; an increase at its largest lengths is evidence against it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from verifier.random_grid import RandomGridSchedule
from verifier.rho_closed_form import closed_form_rho
from verifier.schedule import Schedule, tight_constants
from verifier.schedules import parse_schedule
from verifier.user_schedule import load_json_schedule

__all__ = [
    "SCALING_SCHEDULES",
    "DEFAULT_LENGTHS",
    "DEFAULT_STEPS",
    "LOG_REGIME_FACTOR",
    "ADAPTATION_EXPONENT",
    "ScalingRecord",
    "NotApplicable",
    "scaling_grid",
    "BoundednessVerdict",
    "boundedness_verdict",
]

logger = logging.getLogger(__name__)

SCALING_SCHEDULES = ("balanced", "cosine", "ccl-tc", "ccl-dtc", "random-tc", "random-dtc",
                     "binomial")
"""Every named schedule that is defined by ``(L, K)`` alone (``fixed`` and ``optimal`` are not)."""

DEFAULT_LENGTHS = (16, 64, 256, 1024, 4096)
DEFAULT_STEPS = (4, 8, 16, 32, 64, 128)

LOG_REGIME_FACTOR = 4.0
"""Default ``factor`` of the logarithmic regime ``K ≥ factor·ln L``."""

ADAPTATION_EXPONENT = -0.5
"""Largest local exponent of ``C`` in ``K`` that counts as adapting to the step budget: the
constant must fall at least like ``K^(−1/2)`` between the two largest ``K`` of the grid."""

MONOTONE_TOLERANCE = 1e-9
"""Relative slack of "non-increasing", for the float rounding of ρ."""


@dataclass(frozen=True)
class ScalingRecord:
    """The tight constants of one schedule at one ``(L, K)``."""

    schedule: str
    length: int
    steps: int
    c_tc: float
    c_dtc: float
    argmax_tc: int
    argmax_dtc: int
    zeta: int | None = None
    reconstruction: bool = False

    @property
    def normalized_tc(self) -> float:
        """``K·C_TC/ln L``."""
        return self.steps * self.c_tc / math.log(self.length)

    @property
    def normalized_dtc(self) -> float:
        """``K·C_DTC/ln L``."""
        return self.steps * self.c_dtc / math.log(self.length)

    def normalized(self, kind: str) -> float:
        """Return ``normalized_tc`` or ``normalized_dtc`` for ``kind`` "tc" or "dtc"."""
        return self.normalized_tc if kind == "tc" else self.normalized_dtc

    def constant(self, kind: str) -> float:
        """Return ``c_tc`` or ``c_dtc`` for ``kind`` "tc" or "dtc"."""
        return self.c_tc if kind == "tc" else self.c_dtc

    def to_json(self) -> dict:
        """Return the record of ``dlm-verify scaling --json``."""
        return {
            "schedule": self.schedule,
            "length": self.length,
            "steps": self.steps,
            "c_tc": self.c_tc,
            "c_dtc": self.c_dtc,
            "normalized_tc": self.normalized_tc,
            "normalized_dtc": self.normalized_dtc,
            "argmax_tc": self.argmax_tc,
            "argmax_dtc": self.argmax_dtc,
            "zeta": self.zeta,
            "reconstruction": self.reconstruction,
        }


@dataclass(frozen=True)
class NotApplicable:
    """A grid cell where a schedule does not exist, with the reason."""

    schedule: str
    length: int
    steps: int
    reason: str


def record_for(spec: str, schedule: Schedule) -> tuple[ScalingRecord, np.ndarray]:
    """Compute the tight constants of ``schedule`` and return its record and its ρ."""
    rho = closed_form_rho(schedule)
    constants = tight_constants(rho)
    record = ScalingRecord(
        schedule=spec,
        length=schedule.length,
        steps=schedule.steps,
        c_tc=constants.c_tc,
        c_dtc=constants.c_dtc,
        argmax_tc=constants.argmax_tc,
        argmax_dtc=constants.argmax_dtc,
        zeta=getattr(schedule, "zeta", None),
        reconstruction=isinstance(schedule, RandomGridSchedule),
    )
    return record, rho


def _cells(spec: str, lengths: Sequence[int], steps: Sequence[int]):
    """Yield the ``(L, K, schedule or None)`` cells of the grid for ``spec``, all with ``K < L``.

    A JSON schedule is defined at one ``(L, K)`` only, so it yields that cell, whatever the grid.
    """
    if spec.strip().startswith("json:"):
        schedule = load_json_schedule(spec.strip().removeprefix("json:"), name=spec.strip())
        if schedule.length < 2:
            raise ValueError(f"the schedule {spec!r} has L={schedule.length}; the scaling study "
                             "needs L >= 2 so that ln L > 0")
        yield schedule.length, schedule.steps, schedule
        return
    for L in lengths:
        for K in steps:
            if K < L:
                yield L, K, None


def scaling_grid(lengths: Sequence[int] = DEFAULT_LENGTHS, steps: Sequence[int] = DEFAULT_STEPS,
                 schedules: Sequence[str] = SCALING_SCHEDULES, *, on_schedule=None):
    """Compute the tight constants of every schedule on every grid cell with ``K < L``.

    Parameters
    ----------
    lengths, steps : sequence of int
        The grid; every length must be at least 2, so that ``ln L > 0``.
    schedules : sequence of str
        Schedule specifications: names of :data:`SCALING_SCHEDULES` or user schedules
        (``python:…``, ``json:…``).
    on_schedule : callable, optional
        Called as ``on_schedule(record, schedule, rho)`` for every cell computed, for example
        to evaluate a user bound on it.

    Returns
    -------
    records : list of ScalingRecord
    not_applicable : list of NotApplicable
        Cells where a CCL geometric schedule needs more steps than ``K``.

    Raises
    ------
    ValueError
        For a length below 2, or a user schedule that fails validation.
    """
    for L in lengths:
        if L < 2:
            raise ValueError(f"every length must be at least 2 so that ln L > 0, got L={L}")
    records, not_applicable = [], []
    for spec in schedules:
        cells = 0
        for L, K, schedule in _cells(spec, lengths, steps):
            if schedule is None:
                try:
                    schedule = parse_schedule(spec, L, K)
                except ValueError as error:
                    # Only the geometric schedules have cells where they cannot exist; any
                    # other failure is invalid input and propagates.
                    if spec.strip() not in ("ccl-tc", "ccl-dtc"):
                        raise
                    not_applicable.append(NotApplicable(spec, L, K, str(error)))
                    continue
            record, rho = record_for(spec, schedule)
            if on_schedule is not None:
                on_schedule(record, schedule, rho)
            records.append(record)
            cells += 1
        logger.info("scaling: %s on %d grid cells", spec, cells)
    return records, not_applicable


@dataclass(frozen=True)
class BoundednessVerdict:
    """Whether ``K·C/ln L`` of one schedule stays bounded on the grid; see the module docstring.

    Attributes
    ----------
    schedule : str
    kind : str
        ``"tc"`` or ``"dtc"``.
    max_normalized : float
        The maximum of ``K·C/ln L`` over the grid, attained at ``argmax_length``,
        ``argmax_steps``.
    by_steps : dict
        For every ``K``, three entries. ``values`` are the pairs ``(L, K·C/ln L)`` in
        increasing ``L``. ``nonincreasing_from`` is the smallest grid length from which the
        values do not increase, or ``None`` when they increase over the last step of the length
        grid. ``last_ratio`` is the last value divided by the one before, ``None`` for one value.
    bounded_at_fixed_steps : bool or None
        Whether ``nonincreasing_from`` exists for every ``K`` with at least two lengths;
        ``None`` when no ``K`` has two.
    log_regime_factor : float
    log_regime_max : dict
        For every length, the maximum over the cells with ``K ≥ factor·ln L``.
    bounded_in_log_regime : bool or None
        Whether that maximum does not grow over the last step of the lengths that have such
        cells; ``None`` with fewer than two such lengths.
    steps_exponent : float or None
        ``log(C(K₂)/C(K₁)) / log(K₂/K₁)`` for the two largest ``K`` at the largest length.
    """

    schedule: str
    kind: str
    max_normalized: float
    argmax_length: int
    argmax_steps: int
    by_steps: dict
    bounded_at_fixed_steps: bool | None
    log_regime_factor: float
    log_regime_max: dict
    bounded_in_log_regime: bool | None
    steps_exponent: float | None

    @property
    def adapts_to_steps(self) -> bool | None:
        """Whether ``steps_exponent`` is at most :data:`ADAPTATION_EXPONENT`."""
        if self.steps_exponent is None:
            return None
        return self.steps_exponent <= ADAPTATION_EXPONENT

    @property
    def bounded(self) -> bool:
        """Whether all three criteria of the module docstring hold on the grid."""
        return (self.bounded_at_fixed_steps is True and self.bounded_in_log_regime is not False
                and self.adapts_to_steps is not False)

    @property
    def growing_steps(self) -> list[int]:
        """The ``K`` at which ``K·C/ln L`` still grows over the last step of the length grid."""
        return [K for K, entry in self.by_steps.items()
                if len(entry["values"]) >= 2 and entry["nonincreasing_from"] is None]

    def to_json(self) -> dict:
        """Return the verdict as plain JSON types."""
        return {
            "schedule": self.schedule,
            "kind": self.kind,
            "max_normalized": self.max_normalized,
            "argmax_length": self.argmax_length,
            "argmax_steps": self.argmax_steps,
            "by_steps": {
                str(K): {"values": [[L, value] for L, value in entry["values"]],
                         "nonincreasing_from": entry["nonincreasing_from"],
                         "last_ratio": entry["last_ratio"]}
                for K, entry in self.by_steps.items()
            },
            "bounded_at_fixed_steps": self.bounded_at_fixed_steps,
            "growing_steps": self.growing_steps,
            "log_regime_factor": self.log_regime_factor,
            "log_regime_max": {str(L): value for L, value in self.log_regime_max.items()},
            "bounded_in_log_regime": self.bounded_in_log_regime,
            "steps_exponent": self.steps_exponent,
            "adapts_to_steps": self.adapts_to_steps,
            "bounded": self.bounded,
        }


def _not_above(later: float, earlier: float) -> bool:
    return later <= earlier * (1 + MONOTONE_TOLERANCE) + MONOTONE_TOLERANCE


def nonincreasing_from(values: Sequence[tuple[int, float]]) -> int | None:
    """Return the smallest ``L`` from which the values do not increase, or ``None``.

    ``values`` are ``(L, value)`` pairs in increasing ``L``. ``None`` also when there are fewer
    than two values, because one value shows no trend.
    """
    if len(values) < 2 or not _not_above(values[-1][1], values[-2][1]):
        return None
    start = len(values) - 2
    while start > 0 and _not_above(values[start][1], values[start - 1][1]):
        start -= 1
    return values[start][0]


def boundedness_verdict(records: Sequence[ScalingRecord], schedule: str, kind: str, *,
                        log_regime_factor: float = LOG_REGIME_FACTOR) -> BoundednessVerdict:
    """Judge whether ``K·C/ln L`` of ``schedule`` stays bounded on the grid of ``records``.

    Raises
    ------
    ValueError
        If ``kind`` is not "tc" or "dtc", or no record belongs to ``schedule``.
    """
    if kind not in ("tc", "dtc"):
        raise ValueError(f"kind must be 'tc' or 'dtc', got {kind!r}")
    mine = sorted((record for record in records if record.schedule == schedule),
                  key=lambda record: (record.steps, record.length))
    if not mine:
        raise ValueError(f"no scaling record belongs to schedule {schedule!r}")

    top = max(mine, key=lambda record: record.normalized(kind))
    by_steps: dict[int, dict] = {}
    for record in mine:
        entry = by_steps.setdefault(record.steps, {"values": []})
        entry["values"].append((record.length, record.normalized(kind)))
    for entry in by_steps.values():
        values = entry["values"]
        entry["nonincreasing_from"] = nonincreasing_from(values)
        entry["last_ratio"] = (values[-1][1] / values[-2][1]
                               if len(values) >= 2 and values[-2][1] > 0 else None)
    trended = [entry for entry in by_steps.values() if len(entry["values"]) >= 2]
    bounded_at_fixed_steps = (all(entry["nonincreasing_from"] is not None for entry in trended)
                              if trended else None)

    log_regime_max: dict[int, float] = {}
    for record in mine:
        if record.steps >= log_regime_factor * math.log(record.length):
            value = record.normalized(kind)
            log_regime_max[record.length] = max(log_regime_max.get(record.length, value), value)
    regime = sorted(log_regime_max.items())
    bounded_in_log_regime = (_not_above(regime[-1][1], regime[-2][1])
                             if len(regime) >= 2 else None)

    largest = max(record.length for record in mine)
    at_largest = sorted((record for record in mine if record.length == largest),
                        key=lambda record: record.steps)
    steps_exponent = None
    if len(at_largest) >= 2:
        first, second = at_largest[-2], at_largest[-1]
        if first.constant(kind) > 0 and second.constant(kind) > 0:
            steps_exponent = (math.log(second.constant(kind) / first.constant(kind))
                              / math.log(second.steps / first.steps))

    return BoundednessVerdict(
        schedule=schedule,
        kind=kind,
        max_normalized=top.normalized(kind),
        argmax_length=top.length,
        argmax_steps=top.steps,
        by_steps=by_steps,
        bounded_at_fixed_steps=bounded_at_fixed_steps,
        log_regime_factor=log_regime_factor,
        log_regime_max=dict(regime),
        bounded_in_log_regime=bounded_in_log_regime,
        steps_exponent=steps_exponent,
    )

