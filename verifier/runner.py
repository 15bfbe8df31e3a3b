"""The main job: every catalogue law under every schedule at several step counts.

For each law the entropy profile and subset marginals are computed once. Then every schedule at
every step count ``K < L`` gets the exact expected KL, the exact mixture KL, the bounds and the
checks. A schedule that cannot run at some ``K`` (a CCL geometric schedule that needs more
steps) is listed as not applicable, with the reason, and is not a failure.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from distributions.catalogue import parse_distribution
from verifier.analysis import SamplerReport, analyze
from verifier.information import entropy_profile, subset_marginals
from verifier.schedules import parse_schedule

__all__ = ["RunPlan", "RunResult", "FULL_PLAN", "QUICK_PLAN", "run_plan", "step_counts"]

logger = logging.getLogger(__name__)

RUN_SCHEDULES = (
    "fixed", "balanced", "cosine", "ccl-tc", "ccl-dtc", "random-tc", "random-dtc", "binomial",
    "optimal",
)


@dataclass(frozen=True)
class RunPlan:
    """The laws and schedules of one run of the main job."""

    distributions: tuple[str, ...]
    schedules: tuple[str, ...] = RUN_SCHEDULES
    quick: bool = False


FULL_PLAN = RunPlan(
    distributions=(
        "text-bigram:L=8",
        "asia",
        "hamming",
        "rs:q=7,n=6,k=3",
        "rs:q=5,n=5,k=2",
        "parity:L=8",
        "repetition:L=8",
        "markov:L=10,flip=0.1",
        "markov:L=10,flip=0.3",
        "ising:L=8,beta=0.5",
        "potts:L=6,q=3,beta=0.8",
        "hmm:L=8,flip=0.1,noise=0.2",
        "casino:L=6",
        "goog:L=10,order=1",
        "product:L=6,p=0.3",
    ),
)

QUICK_PLAN = RunPlan(
    distributions=(
        "text-bigram:L=6",
        "asia",
        "hamming",
        "rs:q=5,n=4,k=2",
        "parity:L=6",
        "repetition:L=6",
        "markov:L=8,flip=0.1",
        "ising:L=6,beta=0.5",
        "product:L=5,p=0.3",
    ),
    quick=True,
)


def step_counts(L: int, quick: bool = False) -> list[int]:
    """Return the step counts ``K < L`` run for length ``L``: 2, 3, ⌈L/2⌉ and L−1 (quick: 2, ⌈L/2⌉)."""
    chosen = {2, math.ceil(L / 2)} if quick else {2, 3, math.ceil(L / 2), L - 1}
    return sorted(K for K in chosen if 1 <= K < L)


def fixed_sizes_for(L: int, K: int) -> str:
    """Return the ``fixed`` specification used by the run: one large block, then unit steps."""
    sizes = [L - K + 1] + [1] * (K - 1)
    return "fixed:" + ",".join(map(str, sizes))


@dataclass
class RunResult:
    """Reports of every (law, schedule, K) of a run, and the combinations that did not apply."""

    reports: list[SamplerReport] = field(default_factory=list)
    not_applicable: list[dict] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return all(report.holds for report in self.reports)

    @property
    def check_count(self) -> int:
        return sum(len(report.checks) for report in self.reports)

    @property
    def failures(self) -> list[tuple[SamplerReport, list[str]]]:
        return [(report, report.failed_checks) for report in self.reports if not report.holds]


def run_plan(plan: RunPlan, progress=None) -> RunResult:
    """Run ``plan`` and return every report.

    Parameters
    ----------
    plan : RunPlan
        What to run.
    progress : callable, optional
        Called as ``progress(done, total, label)`` after each combination.
    """
    laws = [parse_distribution(spec) for spec in plan.distributions]
    tasks = []
    for law in laws:
        for K in step_counts(law.L, plan.quick):
            for name in plan.schedules:
                tasks.append((law, name, K))

    result = RunResult()
    done = 0
    current = None
    for law, name, K in tasks:
        if current is not law:
            profile = entropy_profile(law)
            marginals = subset_marginals(law)
            current = law
        spec = fixed_sizes_for(law.L, K) if name == "fixed" else name
        label = f"{law.name} · {spec} · K={K}"
        try:
            schedule = parse_schedule(spec, law.L, K, profile=profile)
        except ValueError as error:
            result.not_applicable.append(
                {"distribution": law.name, "schedule": name, "steps": K, "reason": str(error)}
            )
        else:
            report = analyze(law, schedule, profile=profile, marginals=marginals)
            result.reports.append(report)
            if not report.holds:
                logger.warning("%s: failed checks %s", label, ", ".join(report.failed_checks))
        done += 1
        if progress is not None:
            progress(done, len(tasks), label)
    return result
