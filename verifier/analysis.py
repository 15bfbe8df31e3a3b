"""One law under one schedule: exact errors, bounds and checks, as a single report."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from distributions.joint import JointLaw, StateSpaceTooLarge
from verifier.bounds import evaluate_bounds, evaluate_checks, nats_to_unit
from verifier.divergence import kl_divergence
from verifier.expected_kl import expected_kl, expected_kl_by_steps
from verifier.information import InformationProfile, entropy_profile
from verifier.output_law import mixture_law
from verifier.schedule import Schedule, tight_constants

__all__ = ["SamplerReport", "analyze"]


@dataclass
class SamplerReport:
    """Exact errors of the oracle sampler on one law under one schedule, in nats.

    ``mixture_kl`` is ``None`` when it was not requested or its state space is too large, and
    ``mixture_skipped`` then gives the reason.
    """

    distribution: str
    L: int
    V: int
    schedule: str
    schedule_description: str
    steps: int
    expected_kl: float
    mixture_kl: float | None
    tc: float
    dtc: float
    c_tc: float
    c_dtc: float
    expected_nonempty_steps: float
    bounds: dict[str, float]
    checks: dict[str, bool]
    notes: list[str] = field(default_factory=list)
    mixture_skipped: str | None = None
    mode: str = "float64, exact enumeration"

    @property
    def holds(self) -> bool:
        """Whether every check holds."""
        return all(self.checks.values())

    @property
    def note_marker(self) -> bool:
        """Whether the report carries a caveat that tables flag with ``*``."""
        return bool(self.notes)

    @property
    def failed_checks(self) -> list[str]:
        """Names of the checks that fail."""
        return [name for name, value in self.checks.items() if not value]

    def to_json(self, unit: str = "nats") -> dict:
        """Return the record of ``dlm-verify kl --json``, information quantities in ``unit``."""
        convert = lambda value: nats_to_unit(value, unit)  # noqa: E731
        log_length = math.log(self.L) if self.L > 1 else float("nan")
        return {
            "distribution": self.distribution,
            "L": self.L,
            "V": self.V,
            "unit": unit,
            "schedule": self.schedule,
            "schedule_description": self.schedule_description,
            "steps": self.steps,
            "expected_kl": convert(self.expected_kl),
            "mixture_kl": convert(self.mixture_kl),
            "tc": convert(self.tc),
            "dtc": convert(self.dtc),
            "bounds": {name: convert(value) for name, value in self.bounds.items()},
            "checks": dict(self.checks),
            "holds": self.holds,
            "c_tc": self.c_tc,
            "c_dtc": self.c_dtc,
            "normalized_tc": self.steps * self.c_tc / log_length if self.L > 1 else None,
            "normalized_dtc": self.steps * self.c_dtc / log_length if self.L > 1 else None,
            "expected_nonempty_steps": self.expected_nonempty_steps,
            "mode": self.mode,
            "mixture_skipped": self.mixture_skipped,
            "notes": list(self.notes),
        }


def analyze(law, schedule: Schedule, *, profile: InformationProfile | None = None,
            marginals=None, mixture: bool = True, method: str | None = None) -> SamplerReport:
    """Compute the exact errors, bounds and checks of ``schedule`` on ``law``.

    Parameters
    ----------
    law : distributions.JointLaw or model
        The law ``p``. A model without a dense table (anything with ``name``, ``L`` and ``V``
        that is not a :class:`~distributions.JointLaw`) needs ``profile``, and its report has no
        mixture KL.
    schedule : Schedule
        The size law; its length must be ``law.L``.
    profile : InformationProfile, optional
        Precomputed entropy profile of ``law``.
    method : str, optional
        How ``profile`` was computed, repeated in the report's ``mode``.
    marginals : dict, optional
        Precomputed subset marginals, reused by the mixture pass.
    mixture : bool
        Whether to compute the mixture law. When its state space exceeds the limits of
        :func:`verifier.output_law.mixture_law`, the report carries ``mixture_kl = None`` and
        the reason.
    """
    if schedule.length != law.L:
        raise ValueError(
            f"the schedule {schedule.name!r} is for L={schedule.length}, but the law "
            f"{law.name!r} has L={law.L}"
        )
    dense = isinstance(law, JointLaw)
    if profile is None:
        if not dense:
            raise TypeError(
                f"{law.name!r} has no dense table, so analyze needs its profile; pass profile="
            )
        profile = entropy_profile(law)

    rho = schedule.rho()
    constants = tight_constants(rho)
    expected = expected_kl(profile, schedule, rho=rho)
    by_steps = expected_kl_by_steps(profile, schedule)

    mixture_value = None
    skipped = None if mixture else "not requested"
    if mixture and not dense:
        skipped = (
            f"the law has no dense table at L={law.L}, V={law.V}; the mixture law needs one"
        )
    elif mixture:
        try:
            q = mixture_law(law, schedule, marginals=marginals)
            mixture_value = kl_divergence(law.table, q)
        except StateSpaceTooLarge as error:
            skipped = str(error)

    bounds = evaluate_bounds(profile, schedule, rho, constants)
    checks = evaluate_checks(profile, schedule, expected, by_steps, mixture_value, bounds)
    notes = [schedule.note] if schedule.note else []

    return SamplerReport(
        distribution=law.name,
        L=law.L,
        V=law.V,
        schedule=schedule.name,
        schedule_description=schedule.describe(),
        steps=schedule.steps,
        expected_kl=expected,
        mixture_kl=mixture_value,
        tc=profile.tc,
        dtc=profile.dtc,
        c_tc=constants.c_tc,
        c_dtc=constants.c_dtc,
        expected_nonempty_steps=schedule.expected_nonempty_steps(),
        bounds=bounds,
        checks=checks,
        notes=notes,
        mixture_skipped=skipped,
        mode=f"float64, {method}" if method else "float64, exact enumeration",
    )
