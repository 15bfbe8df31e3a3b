"""Every statement holds on random laws and schedules, in float and in certified mode."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from distributions.catalogue import parse_distribution
from proofs_check import (
    STATEMENTS,
    NotApplicable,
    check_ccl_bound,
    check_ccl_constant,
    check_ccl_formula,
    check_ccl_steps,
    check_chain_rule,
    check_convexity,
    check_dtc_identity,
    check_han_averages,
    check_han_increments,
    check_li_cai,
    check_mixture_nonnegative,
    check_one_shot,
    check_random_grid_rho,
    check_random_rate,
    check_rho_decomposition,
    check_tc_ceiling,
    check_tc_identity,
    check_tc_plus_dtc_identity,
    check_tightness,
    check_unit_steps,
    prepare_law,
    prepare_schedule,
    run_suite,
)
from proofs_strategies import as_laws, integer_tables, schedules
from verifier.schedules import parse_schedule

LAW_CHECKS = (
    check_han_increments, check_han_averages, check_tc_identity, check_dtc_identity,
    check_tc_plus_dtc_identity, check_one_shot, check_unit_steps,
)

LAW_SCHEDULE_CHECKS = (
    check_ccl_formula, check_rho_decomposition, check_convexity, check_mixture_nonnegative,
    check_tc_ceiling, check_li_cai,
    lambda law, schedule, certified: check_li_cai(law, schedule, sharp=True, certified=certified),
    check_ccl_bound, check_random_rate,
)

SCHEDULE_CHECKS = (
    check_random_grid_rho, check_ccl_constant, check_ccl_steps,
    lambda schedule, certified: check_tightness(schedule, "tc", certified=certified),
    lambda schedule, certified: check_tightness(schedule, "dtc", certified=certified),
)


def describe(result) -> str:
    return (f"{result.statement} on {result.distribution} under {result.schedule}: "
            f"{result.lhs!r} {result.relation} {result.rhs!r} ({result.method}; {result.detail})")


def assert_all_hold(law, schedule, *, certified: bool, data=None):
    """Run every statement on ``law`` and ``schedule`` and assert that each applicable one holds."""
    law_data = prepare_law(law, certified=certified)
    schedule_data = prepare_schedule(schedule, certified=certified)
    results = [check(law_data, certified=certified) for check in LAW_CHECKS]
    for check in LAW_SCHEDULE_CHECKS:
        try:
            results.append(check(law_data, schedule_data, certified=certified))
        except NotApplicable:
            pass
    for check in SCHEDULE_CHECKS:
        try:
            results.append(check(schedule_data, certified=certified))
        except NotApplicable:
            pass
    if data is not None:
        order = data.draw(st.permutations(range(law_data.L)))
        cut = data.draw(st.integers(0, law_data.L))
        blocks = [list(order[:cut]), list(order[cut:])]
        results.append(check_chain_rule(law_data, blocks, certified=certified))
    for result in results:
        assert result.holds, describe(result)
        assert result.mode == ("certified" if certified else "float")
    return results


@settings(max_examples=80)
@given(data=st.data())
def test_statements_hold_in_float_mode(data):
    table = data.draw(integer_tables(max_length=5, max_entries=81))
    float_law, _ = as_laws(table)
    schedule = data.draw(schedules(float_law.L))

    assert_all_hold(float_law, schedule, certified=False, data=data)


@settings(max_examples=30)
@given(data=st.data())
def test_statements_hold_in_certified_mode(data):
    table = data.draw(integer_tables(max_length=4, max_entries=27))
    _, exact_law = as_laws(table)
    schedule = data.draw(schedules(exact_law.L))

    results = assert_all_hold(exact_law, schedule, certified=True, data=data)
    assert all(result.method != "float64 ±1e-09" for result in results)


@settings(max_examples=10)
@given(data=st.data())
def test_certified_agrees_with_float_on_sides(data):
    table = data.draw(integer_tables(max_length=4, max_entries=27))
    float_law, exact_law = as_laws(table)
    schedule = data.draw(schedules(exact_law.L, chains=False))

    for check in (check_ccl_formula, check_convexity, check_li_cai):
        in_float = check(float_law, schedule, certified=False)
        certified = check(exact_law, schedule, certified=True)
        assert certified.lhs == pytest.approx(in_float.lhs, abs=1e-9)
        assert certified.rhs == pytest.approx(in_float.rhs, abs=1e-9)


@pytest.mark.parametrize("name", ["ccl-tc", "ccl-dtc"])
@pytest.mark.parametrize("L, K", [(4, 3), (6, 4), (6, 5), (8, 5), (8, 7)])
def test_ccl_statements_hold(name, L, K):
    schedule = parse_schedule(name, L, K)
    law = parse_distribution(f"markov:L={L},flip=0.2")

    for certified in (False, True) if L <= 6 else (False,):
        assert check_ccl_bound(law, schedule, certified=certified).holds
        assert check_ccl_constant(schedule, certified=certified).holds
        assert check_ccl_steps(schedule, certified=certified).holds


def test_closed_forms_of_parity():
    law = parse_distribution("parity:L=5")
    tc = check_tc_identity(law, certified=True)
    dtc = check_dtc_identity(law, certified=True)

    assert tc.exact_lhs == "log 2"
    assert dtc.exact_lhs == "4·log 2"
    assert tc.lhs == pytest.approx(math.log(2), abs=1e-15)


def test_tightness_reports_witness_and_constant():
    schedule = parse_schedule("balanced", 6, 2)
    result = check_tightness(schedule, "tc", certified=True)

    # Blocks [3, 3]: ρ = (2, 1, 0, 2, 1), ρ_m/(L−1−m) is largest (= 1) at m = 3, so the witness
    # has dimension 4 over GF(5) and E KL = ρ_3·log 5 = 2·log 5 = C_TC·TC with TC = 2·log 5.
    assert result.distribution == "mds(q=5,n=6,k=4)"
    assert result.exact_lhs == "2·log 5"
    assert result.extra["constant"] == 1.0
    assert result.holds


def test_random_rate_reports_normalized_constant_and_note():
    law = parse_distribution("repetition:L=5")
    schedule = parse_schedule("random-tc", 5, 3)
    result = check_random_rate(law, schedule)

    assert result.extra["normalized_constant"] == pytest.approx(
        3 * result.extra["constant"] / math.log(5))
    assert "reconstruction" in result.detail
    assert any("reconstruction" in note for note in result.extra["notes"])


def test_not_applicable_statements():
    law = parse_distribution("parity:L=4")
    balanced = parse_schedule("balanced", 4, 2)

    with pytest.raises(NotApplicable, match="not a CCL"):
        check_ccl_bound(law, balanced)
    with pytest.raises(NotApplicable, match="not random-tc"):
        check_random_rate(law, balanced)
    with pytest.raises(NotApplicable, match="not a random-grid"):
        check_random_grid_rho(balanced)
    with pytest.raises(NotApplicable, match="L <= 7"):
        check_ccl_formula(parse_distribution("asia"), parse_schedule("balanced", 8, 2))


def test_length_mismatch_rejected():
    with pytest.raises(ValueError, match="L=3"):
        check_convexity(parse_distribution("parity:L=4"), parse_schedule("balanced", 3, 2))


def test_suite_covers_every_statement():
    suite = run_suite(["parity:L=4", "markov:L=6,flip=0.3"])
    seen = {result.statement for result in suite.results}

    assert seen == set(STATEMENTS)
    assert suite.holds


def test_suite_certified_marks_every_result():
    suite = run_suite(["repetition:L=3"], certified=True)

    assert suite.holds
    assert {result.mode for result in suite.results} == {"certified"}
    assert any(result.method == "exact" for result in suite.results)
