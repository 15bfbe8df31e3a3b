"""Every statement on a list of laws, over a fixed set of schedules and step counts.

For each law the suite checks

- the statements about the law alone (Han's inequalities, the TC and DTC identities, the chain
  rule on three ordered partitions, one-shot and unit-step sampling);
- for every schedule of :data:`SUITE_SCHEDULES` at every step count of :func:`suite_steps`, the
  statements about the sampler (Chen–Cong–Li's formula, the ρ decomposition, convexity, the
  bounds);
- once per distinct schedule, the statements about the schedule alone (tightness of its
  constants, the CCL constant and step count, the random-grid closed form).

A statement that does not apply (a CCL schedule that needs more steps than ``K``, a formula whose
enumeration exceeds its limit) is listed with the reason and is not a failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from distributions.catalogue import parse_distribution
from proofs_check.bound_statements import (
    check_ccl_bound,
    check_ccl_constant,
    check_ccl_steps,
    check_li_cai,
    check_random_rate,
    check_tightness,
)
from proofs_check.information_statements import (
    check_chain_rule,
    check_dtc_identity,
    check_han_averages,
    check_han_increments,
    check_tc_identity,
    check_tc_plus_dtc_identity,
)
from proofs_check.law_data import prepare_law, prepare_schedule
from proofs_check.result import NotApplicable, StatementResult
from proofs_check.sampler_statements import (
    check_ccl_formula,
    check_convexity,
    check_mixture_nonnegative,
    check_one_shot,
    check_random_grid_rho,
    check_rho_decomposition,
    check_tc_ceiling,
    check_unit_steps,
)
from verifier.information import entropy_profile
from verifier.schedules import parse_schedule

__all__ = [
    "DEFAULT_DISTRIBUTIONS",
    "DEFAULT_CERTIFIED_DISTRIBUTIONS",
    "SUITE_SCHEDULES",
    "STATEMENTS",
    "SuiteResult",
    "suite_steps",
    "suite_partitions",
    "run_suite",
]

logger = logging.getLogger(__name__)

DEFAULT_DISTRIBUTIONS = (
    "parity:L=4",
    "repetition:L=4",
    "hamming",
    "asia",
    "markov:L=6,flip=0.2",
    "rs:q=5,n=4,k=2",
    "text-bigram:L=4",
    "product",
)
"""Laws checked by ``dlm-verify proofs`` when none are given."""

DEFAULT_CERTIFIED_DISTRIBUTIONS = tuple(
    spec for spec in DEFAULT_DISTRIBUTIONS if spec not in ("hamming", "asia")
)
"""Laws checked by ``dlm-verify proofs --certified``: the defaults within the certified limits."""

SUITE_SCHEDULES = (
    "balanced", "cosine", "ccl-tc", "ccl-dtc", "random-tc", "random-dtc", "binomial", "optimal",
)
"""Schedules run at every step count."""

STATEMENTS = (
    "chain_rule",
    "han_increments",
    "han_averages",
    "tc_identity",
    "dtc_identity",
    "tc_plus_dtc_identity",
    "one_shot_equals_tc",
    "unit_steps_zero",
    "ccl_exact_formula",
    "rho_decomposition",
    "random_grid_rho",
    "convexity",
    "mixture_kl_nonnegative",
    "expected_kl_at_most_tc",
    "li_cai",
    "li_cai_sharp",
    "ccl_bound",
    "ccl_constant",
    "ccl_steps",
    "random_rate",
    "tightness_tc",
    "tightness_dtc",
)
"""Names of every statement, as they appear in results."""


def suite_steps(L: int) -> list[int]:
    """Return the step counts ``2``, ``⌈L/2⌉`` and ``L − 1`` that lie in ``2 … L``.

    One-shot (``K = 1``) and unit steps (``K = L``) have statements of their own.
    """
    return sorted({K for K in (2, (L + 1) // 2, L - 1) if 2 <= K <= L})


def suite_partitions(L: int) -> list[list[list[int]]]:
    """Return the ordered partitions of the chain-rule checks.

    One block of every position, the even positions then the odd ones, and unit blocks in
    reverse order.
    """
    partitions = [[list(range(L))]]
    if L >= 2:
        partitions.append([list(range(0, L, 2)), list(range(1, L, 2))])
        partitions.append([[i] for i in reversed(range(L))])
    return partitions


@dataclass
class SuiteResult:
    """The results of a suite run.

    Attributes
    ----------
    results : list of StatementResult
        One per checked statement and input.
    not_applicable : list of dict
        ``statement``, ``distribution``, ``schedule``, ``steps`` and ``reason`` of the
        combinations that did not apply.
    """

    results: list[StatementResult] = field(default_factory=list)
    not_applicable: list[dict] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        """Whether every checked statement holds."""
        return all(result.holds for result in self.results)

    @property
    def failures(self) -> list[StatementResult]:
        """The results that do not hold."""
        return [result for result in self.results if not result.holds]


_LAW_SCHEDULE_CHECKS: tuple[tuple[str, Callable], ...] = (
    ("ccl_exact_formula", check_ccl_formula),
    ("rho_decomposition", check_rho_decomposition),
    ("convexity", check_convexity),
    ("mixture_kl_nonnegative", check_mixture_nonnegative),
    ("expected_kl_at_most_tc", check_tc_ceiling),
    ("li_cai", check_li_cai),
    ("li_cai_sharp", lambda law, schedule, certified: check_li_cai(
        law, schedule, sharp=True, certified=certified)),
    ("ccl_bound", check_ccl_bound),
    ("random_rate", check_random_rate),
)

_SCHEDULE_CHECKS: tuple[tuple[str, Callable], ...] = (
    ("random_grid_rho", check_random_grid_rho),
    ("ccl_constant", check_ccl_constant),
    ("ccl_steps", check_ccl_steps),
    ("tightness_tc", lambda schedule, certified: check_tightness(
        schedule, "tc", certified=certified)),
    ("tightness_dtc", lambda schedule, certified: check_tightness(
        schedule, "dtc", certified=certified)),
)

_APPLIES_TO = {
    "ccl_bound": ("ccl-tc", "ccl-dtc"),
    "ccl_constant": ("ccl-tc", "ccl-dtc"),
    "ccl_steps": ("ccl-tc", "ccl-dtc"),
    "random_rate": ("random-tc", "random-dtc"),
    "random_grid_rho": ("random-tc", "random-dtc"),
}
"""Statements that only concern some schedules; the others are not listed as not applicable."""


def _applies(statement: str, schedule_name: str) -> bool:
    names = _APPLIES_TO.get(statement)
    return names is None or schedule_name in names


def run_suite(distributions, *, certified: bool = False,
              progress: Callable[[int, int, str], None] | None = None) -> SuiteResult:
    """Check every statement on each law.

    Parameters
    ----------
    distributions : iterable of str or JointLaw or RationalLaw
        Distribution specs (parsed with :func:`distributions.catalogue.parse_distribution`) or
        laws.
    certified : bool
        Decide every statement in exact arithmetic.
    progress : callable, optional
        Called as ``progress(done, total, label)`` after each law.

    Returns
    -------
    SuiteResult

    Raises
    ------
    ValueError
        If a spec is invalid.
    StateSpaceTooLarge
        In certified mode, if a law exceeds the certified limits. Every law is checked before
        any statement runs.
    """
    laws = [parse_distribution(item) if isinstance(item, str) else item
            for item in distributions]
    prepared = [prepare_law(law, certified=certified) for law in laws]

    suite = SuiteResult()
    done_schedules: set[tuple[str, int, int]] = set()
    for index, data in enumerate(prepared):
        _run_law(data, certified, suite, done_schedules)
        logger.info("proofs: checked %s (%d of %d laws)", data.name, index + 1, len(prepared))
        if progress is not None:
            progress(index + 1, len(prepared), data.name)
    return suite


def _record_not_applicable(suite: SuiteResult, statement: str, distribution, schedule, steps,
                           reason: str) -> None:
    suite.not_applicable.append({
        "statement": statement, "distribution": distribution, "schedule": schedule,
        "steps": steps, "reason": reason,
    })


def _float_profile(data):
    """Return the float64 profile that ``optimal`` needs; certified mode rounds its exact law."""
    if data.mode == "float":
        return data.information
    return entropy_profile(data.law.to_joint_law())


def _run_law(data, certified: bool, suite: SuiteResult, done_schedules: set) -> None:
    L = data.L
    law_checks = [
        check_han_increments, check_han_averages, check_tc_identity, check_dtc_identity,
        check_tc_plus_dtc_identity, check_one_shot, check_unit_steps,
    ]
    for check in law_checks:
        suite.results.append(check(data, certified=certified))
    for blocks in suite_partitions(L):
        suite.results.append(check_chain_rule(data, blocks, certified=certified))

    profile = None
    for name in SUITE_SCHEDULES:
        for K in suite_steps(L):
            try:
                if name == "optimal":
                    if profile is None:
                        profile = _float_profile(data)
                    schedule = parse_schedule(name, L, K, profile=profile)
                else:
                    schedule = parse_schedule(name, L, K)
            except ValueError as error:
                reason = str(error)
                if name in ("ccl-tc", "ccl-dtc"):
                    reason = "the schedule needs more than K steps even at its smallest ζ = 2"
                _record_not_applicable(suite, "schedule", data.name, name, K, reason)
                continue
            schedule_data = prepare_schedule(schedule, certified=certified)

            for statement, check in _LAW_SCHEDULE_CHECKS:
                if not _applies(statement, name):
                    continue
                try:
                    suite.results.append(check(data, schedule_data, certified=certified))
                except NotApplicable as error:
                    _record_not_applicable(suite, statement, data.name, schedule.describe(), K,
                                           str(error))

            key = (schedule.describe(), L, K)
            if key in done_schedules:
                continue
            done_schedules.add(key)
            for statement, check in _SCHEDULE_CHECKS:
                if not _applies(statement, name):
                    continue
                try:
                    suite.results.append(check(schedule_data, certified=certified))
                except NotApplicable as error:
                    _record_not_applicable(suite, statement, None, schedule.describe(), K,
                                           str(error))
