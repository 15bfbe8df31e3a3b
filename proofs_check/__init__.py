"""The statements used in the proofs, one checkable statement per function.

Each ``check_*`` function takes a law (a :class:`~distributions.joint.JointLaw` or an exact
:class:`~proofs_check.rational_law.RationalLaw`) and, where it applies, a schedule, and returns a
:class:`~proofs_check.result.StatementResult` with the two sides of the statement, their
residual and the verdict. With ``certified=True`` the law is read as exact rationals and the
verdict comes from exact arithmetic. Identities between entropies are decided by comparing
rational combinations of logarithms of primes, and inequalities by rigorous rational
enclosures, so a certified verdict is a proof for that law. :func:`~proofs_check.suite.run_suite`
checks every statement on a list of laws, and :mod:`proofs_check.command` is
``dlm-verify proofs``.

This package imports :mod:`distributions` and :mod:`verifier`, and neither imports it.
"""

from proofs_check.bound_statements import (
    check_ccl_bound,
    check_ccl_constant,
    check_ccl_steps,
    check_li_cai,
    check_random_rate,
    check_tightness,
)
from proofs_check.exact_numbers import LogCombination, LogSum, decide_sign
from proofs_check.exact_schedules import ExactSchedule
from proofs_check.information_statements import (
    check_chain_rule,
    check_dtc_identity,
    check_han_averages,
    check_han_increments,
    check_tc_identity,
    check_tc_plus_dtc_identity,
)
from proofs_check.law_data import (
    ExactLawData,
    ExactScheduleData,
    FloatLawData,
    FloatScheduleData,
    prepare_law,
    prepare_schedule,
)
from proofs_check.rational_law import (
    MAX_CERTIFIED_ENTRIES,
    MAX_CERTIFIED_LENGTH,
    RationalLaw,
    check_certified_size,
    exact_mixture_law,
)
from proofs_check.result import AT_MOST, EQUAL, Comparison, NotApplicable, StatementResult, compare
from proofs_check.sampler_statements import (
    check_ccl_formula,
    check_convexity,
    check_mixture_nonnegative,
    check_one_shot,
    check_random_grid_rho,
    check_rho_decomposition,
    check_tc_ceiling,
    check_unit_steps,
    expected_kl,
)
from proofs_check.suite import (
    DEFAULT_CERTIFIED_DISTRIBUTIONS,
    DEFAULT_DISTRIBUTIONS,
    STATEMENTS,
    SuiteResult,
    run_suite,
)
from proofs_check.witnesses import MdsWitness, mds_witness

__all__ = [
    "AT_MOST",
    "DEFAULT_CERTIFIED_DISTRIBUTIONS",
    "DEFAULT_DISTRIBUTIONS",
    "EQUAL",
    "MAX_CERTIFIED_ENTRIES",
    "MAX_CERTIFIED_LENGTH",
    "STATEMENTS",
    "Comparison",
    "ExactLawData",
    "ExactSchedule",
    "ExactScheduleData",
    "FloatLawData",
    "FloatScheduleData",
    "LogCombination",
    "LogSum",
    "MdsWitness",
    "NotApplicable",
    "RationalLaw",
    "StatementResult",
    "SuiteResult",
    "check_ccl_bound",
    "check_ccl_constant",
    "check_ccl_formula",
    "check_ccl_steps",
    "check_certified_size",
    "check_chain_rule",
    "check_convexity",
    "check_dtc_identity",
    "check_han_averages",
    "check_han_increments",
    "check_li_cai",
    "check_mixture_nonnegative",
    "check_one_shot",
    "check_random_grid_rho",
    "check_random_rate",
    "check_rho_decomposition",
    "check_tc_ceiling",
    "check_tc_identity",
    "check_tc_plus_dtc_identity",
    "check_tightness",
    "check_unit_steps",
    "compare",
    "decide_sign",
    "exact_mixture_law",
    "expected_kl",
    "mds_witness",
    "prepare_law",
    "prepare_schedule",
    "run_suite",
]
