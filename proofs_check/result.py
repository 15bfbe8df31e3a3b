"""The result of checking one statement, and the two ways a verdict is reached.

Every statement is an identity ``lhs = rhs`` or an inequality ``lhs ≤ rhs``.

- Float mode compares float64 values with an absolute slack of
  :data:`verifier.bounds.ROUNDING_TOLERANCE` (``1e-9`` nats). The slack covers the rounding of
  sums of at most ``V**L`` entropy terms, which stays far below it for the tables the verifier
  accepts. A float verdict is evidence, not a proof.
- Certified mode compares exact values. When both sides are rational combinations of logarithms
  of primes, an identity holds exactly when every coefficient of the difference cancels, and an
  inequality is decided by the sign of the difference: exactly when the difference is zero or
  rational, otherwise by an interval enclosure that excludes zero (see
  :mod:`proofs_check.exact_numbers`). When a side is a divergence to a mixture law, equality must
  come from an exact argument the statement supplies; the sign otherwise comes from enclosures.
  For the given rational law, a certified verdict is a proof.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass, field

from proofs_check.exact_numbers import (
    MAX_PRECISION,
    START_PRECISION,
    LogCombination,
    decide_sign,
    difference,
    enclose,
)
from verifier.bounds import ROUNDING_TOLERANCE

__all__ = [
    "StatementResult",
    "Comparison",
    "compare",
    "EQUAL",
    "AT_MOST",
    "MODES",
    "NotApplicable",
]

EQUAL = "="
AT_MOST = "≤"
MODES = ("float", "certified")

_EXACT_TEXT_TERMS = 6
"""Largest number of prime logarithms for which a result keeps the exact form of a side."""


class NotApplicable(Exception):
    """Raised by a statement that does not apply to its input; the message gives the reason."""


@dataclass(frozen=True)
class Comparison:
    """The verdict on ``lhs relation rhs`` and how it was reached.

    Attributes
    ----------
    holds : bool
        Whether the relation holds. An undecided certified comparison counts as not holding.
    lhs, rhs : float
        The two sides as floats (midpoints of their enclosures in certified mode).
    residual : float
        ``lhs − rhs``; exactly ``0.0`` when certified mode proved the sides equal.
    method : str
        ``"tolerance"`` (float mode), ``"exact"`` (decided in exact arithmetic),
        ``"interval"`` (an enclosure separated the sides) or ``"undecided"``.
    precision : int or None
        Bits of the deciding enclosure, for ``"interval"`` and ``"undecided"``.
    exact_lhs, exact_rhs : str or None
        The exact form of a side when it is a short combination of prime logarithms.
    """

    holds: bool
    lhs: float
    rhs: float
    residual: float
    method: str
    precision: int | None = None
    exact_lhs: str | None = None
    exact_rhs: str | None = None

    def describe_method(self) -> str:
        """Return the method as a short phrase for tables, with the precision when it matters."""
        if self.method == "tolerance":
            return f"float64 ±{ROUNDING_TOLERANCE:g}"
        if self.method == "interval":
            return f"interval {self.precision} bits"
        if self.method == "undecided":
            return f"undecided at {self.precision} bits"
        return "exact"


def _to_float(value) -> float:
    """Return ``value`` as a float with a relative error near float64 rounding.

    The enclosure is refined until its width is below ``2^-60`` of its midpoint, so that tiny
    quantities (for example the TC of a law that is a product up to float rounding) keep their
    sign and leading digits.
    """
    if isinstance(value, float):
        return value
    if isinstance(value, LogCombination) and value.is_zero():
        return 0.0
    precision = START_PRECISION
    while True:
        bounds = enclose(value, precision)
        midpoint = bounds.midpoint
        width = bounds.upper - bounds.lower
        if width == 0 or width <= abs(midpoint) / 2**60 or precision >= MAX_PRECISION:
            return float(midpoint)
        precision *= 2


def _exact_text(value) -> str | None:
    if isinstance(value, LogCombination) and len(value.terms) <= _EXACT_TEXT_TERMS:
        return str(value)
    if isinstance(value, numbers.Rational):
        return str(value)
    return None


def compare(lhs, rhs, relation: str, *, certified: bool,
            exact_equality: Callable[[], bool] | None = None) -> Comparison:
    """Decide ``lhs = rhs`` or ``lhs ≤ rhs``.

    Parameters
    ----------
    lhs, rhs : float, int, Fraction or ExactReal
        The two sides: floats in float mode, exact values in certified mode.
    relation : {"=", "≤"}
        :data:`EQUAL` or :data:`AT_MOST`.
    certified : bool
        Decide exactly (certified mode) or at the float tolerance.
    exact_equality : callable, optional
        Certified mode only: a function that returns whether the sides are equal by an exact
        argument. It is consulted when a side is not a combination of prime logarithms, whose
        difference therefore cannot be tested for zero coefficient by coefficient.

    Returns
    -------
    Comparison
    """
    if relation not in (EQUAL, AT_MOST):
        raise ValueError(f"relation must be {EQUAL!r} or {AT_MOST!r}, got {relation!r}")

    if not certified:
        lhs, rhs = float(lhs), float(rhs)
        residual = lhs - rhs
        if relation == EQUAL:
            holds = abs(residual) <= ROUNDING_TOLERANCE
        else:
            holds = residual <= ROUNDING_TOLERANCE
        return Comparison(bool(holds), lhs, rhs, residual, "tolerance")

    lhs_float, rhs_float = _to_float(lhs), _to_float(rhs)
    texts = {"exact_lhs": _exact_text(lhs), "exact_rhs": _exact_text(rhs)}
    gap = difference(rhs, lhs)

    if isinstance(gap, LogCombination):
        if gap.is_zero():
            return Comparison(True, lhs_float, rhs_float, 0.0, "exact", **texts)
        if relation == EQUAL:
            # A nonzero combination of prime logarithms is a nonzero real number.
            return Comparison(False, lhs_float, rhs_float, -_to_float(gap), "exact", **texts)
        sign = decide_sign(gap)
    else:
        # Only an exact argument can show such sides equal, and it may be costly, so it runs
        # when the first enclosure cannot separate the sides.
        sign = decide_sign(gap, last_precision=START_PRECISION)
        if sign.value is None:
            if exact_equality is not None and exact_equality():
                return Comparison(True, lhs_float, rhs_float, 0.0, "exact", **texts)
            sign = decide_sign(gap, first_precision=2 * START_PRECISION)

    residual = -_to_float(gap)
    if sign.value is None:
        return Comparison(False, lhs_float, rhs_float, residual, "undecided", sign.precision,
                          **texts)
    holds = sign.value == 0 if relation == EQUAL else sign.value >= 0
    return Comparison(holds, lhs_float, rhs_float, residual, sign.method, sign.precision, **texts)


@dataclass(frozen=True)
class StatementResult:
    """The check of one statement on one input.

    Attributes
    ----------
    statement : str
        Stable name of the statement, for example ``"chain_rule"``.
    distribution : str or None
        Name of the law, or ``None`` for a statement about a schedule alone.
    lhs, rhs : float
        The two sides, in nats for information quantities.
    residual : float
        ``lhs − rhs``.
    holds : bool
        Whether the statement holds on this input.
    mode : str
        ``"float"`` or ``"certified"``.
    detail : str
        What the sides are and any caveat, in one or two sentences.
    relation : str
        ``"="`` or ``"≤"``.
    schedule : str or None
        Schedule description, for statements about a schedule.
    steps : int or None
        ``K``.
    method : str
        How the verdict was reached (see :meth:`Comparison.describe_method`).
    extra : dict
        Further numbers of the statement, for example the normalized constant ``K·C/ln L``.
    exact_lhs, exact_rhs : str or None
        Exact forms of short certified sides, such as ``"log 2"``.
    """

    statement: str
    distribution: str | None
    lhs: float
    rhs: float
    residual: float
    holds: bool
    mode: str
    detail: str
    relation: str = EQUAL
    schedule: str | None = None
    steps: int | None = None
    method: str = ""
    extra: dict = field(default_factory=dict)
    exact_lhs: str | None = None
    exact_rhs: str | None = None

    @classmethod
    def from_comparison(cls, statement: str, comparison: Comparison, relation: str, *,
                        distribution: str | None, certified: bool, detail: str,
                        schedule: str | None = None, steps: int | None = None,
                        extra: dict | None = None) -> "StatementResult":
        """Build the result of a statement from the :class:`Comparison` of its two sides."""
        return cls(
            statement=statement,
            distribution=distribution,
            lhs=comparison.lhs,
            rhs=comparison.rhs,
            residual=comparison.residual,
            holds=comparison.holds,
            mode="certified" if certified else "float",
            detail=detail,
            relation=relation,
            schedule=schedule,
            steps=steps,
            method=comparison.describe_method(),
            extra=dict(extra or {}),
            exact_lhs=comparison.exact_lhs,
            exact_rhs=comparison.exact_rhs,
        )

    def to_json(self) -> dict:
        """Return the JSON record of ``dlm-verify proofs --json``."""
        record = {
            "statement": self.statement,
            "distribution": self.distribution,
            "schedule": self.schedule,
            "steps": self.steps,
            "relation": self.relation,
            "lhs": self.lhs,
            "rhs": self.rhs,
            "residual": self.residual,
            "holds": self.holds,
            "mode": self.mode,
            "method": self.method,
            "detail": self.detail,
        }
        if self.exact_lhs is not None or self.exact_rhs is not None:
            record["exact_lhs"] = self.exact_lhs
            record["exact_rhs"] = self.exact_rhs
        record.update(self.extra)
        return record
