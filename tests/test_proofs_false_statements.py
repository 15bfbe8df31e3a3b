"""Deliberately false statements are caught on known counterexamples, so the checker can fail.

Each test either states something false with the quantities and the comparison that the real
statements use, or plants a bug in the code that a statement checks. It then asserts that the
verdict is a failure, in float mode and in certified mode where both apply.
"""

import math
from fractions import Fraction

import pytest

from distributions.catalogue import parse_distribution
from proofs_check import (
    AT_MOST,
    EQUAL,
    LogCombination,
    check_ccl_bound,
    check_ccl_constant,
    check_ccl_formula,
    check_random_grid_rho,
    check_tightness,
    compare,
    expected_kl,
    mds_witness,
    prepare_law,
    prepare_schedule,
)
from proofs_check import law_data as law_data_module
from proofs_check import sampler_statements
from verifier.schedule import DeterministicSchedule
from verifier.schedules import parse_schedule

MODES = (False, True)


@pytest.mark.parametrize("certified", MODES)
def test_halved_tight_constant_fails_on_witness(certified):
    # Claim: E KL ≤ (C_TC/2)·TC for every law. The MDS law at the argmax attains C_TC·TC > 0.
    schedule = prepare_schedule(parse_schedule("balanced", 6, 2), certified=certified)
    witness = mds_witness(6, 4).profile(certified=certified)
    constant = schedule.c_tc
    lhs = sum((d * r for d, r in zip(witness.delta, schedule.rho)), 0 * witness.tc)

    comparison = compare(lhs, constant / 2 * witness.tc, AT_MOST, certified=certified)

    assert not comparison.holds
    assert comparison.residual == pytest.approx(math.log(5), abs=1e-12)


@pytest.mark.parametrize("certified", MODES)
def test_reversed_convexity_fails(certified):
    # Claim: E_π KL(p‖q_π) ≤ KL(p‖q). Parity L=4 under random-tc K=2 has
    # KL(p‖q) ≈ 0.2578 < E KL = (5/11)·log 2 ≈ 0.3151.
    law = prepare_law(parse_distribution("parity:L=4"), certified=certified)
    schedule = prepare_schedule(parse_schedule("random-tc", 4, 2), certified=certified)

    comparison = compare(expected_kl(law, schedule), law.mixture_kl(schedule), AT_MOST,
                         certified=certified)

    assert not comparison.holds
    assert comparison.lhs == pytest.approx(5 / 11 * math.log(2), abs=1e-12)
    if certified:
        assert comparison.method == "interval"


@pytest.mark.parametrize("certified", MODES)
def test_wrong_identity_fails(certified):
    # Claim: TC = Σ_m (m+1)·δ_m, which is DTC. The repetition code has TC = 3·log 2, DTC = log 2.
    law = prepare_law(parse_distribution("repetition:L=4"), certified=certified)
    rhs = sum(((m + 1) * law.delta[m] for m in range(3)), 0 * law.tc)

    comparison = compare(law.tc, rhs, EQUAL, certified=certified)

    assert not comparison.holds
    assert comparison.residual == pytest.approx(2 * math.log(2), abs=1e-12)
    if certified:
        assert comparison.method == "exact"
        assert comparison.exact_lhs == "3·log 2"
        assert comparison.exact_rhs == "log 2"


@pytest.mark.parametrize("certified", MODES)
def test_reversed_han_inequality_fails(certified):
    # Claim: Δ is non-decreasing. Parity L=3 has Δ = (log 2, log 2, 0).
    law = prepare_law(parse_distribution("parity:L=3"), certified=certified)

    comparison = compare(law.Delta[1], law.Delta[2], AT_MOST, certified=certified)

    assert not comparison.holds


@pytest.mark.parametrize("certified", MODES)
def test_halved_li_cai_fails_where_tight(certified):
    # Parity L=4 in blocks [2, 2] attains Li–Cai's bound: E KL = log 2 = (2 − 1)·(TC + DTC)/4.
    law = prepare_law(parse_distribution("parity:L=4"), certified=certified)
    schedule = prepare_schedule(parse_schedule("balanced", 4, 2), certified=certified)
    halved = (law.tc + law.dtc) * Fraction(1, 8) if certified else (law.tc + law.dtc) / 8

    comparison = compare(expected_kl(law, schedule), halved, AT_MOST, certified=certified)

    assert not comparison.holds


def test_tiny_false_identity_caught_only_when_certified():
    # Claim: TC = TC + 2**-80. Float64 at its tolerance cannot see the difference; exact can.
    law = parse_distribution("parity:L=4")
    float_data = prepare_law(law, certified=False)
    exact_data = prepare_law(law, certified=True)
    shift = Fraction(1, 2**80)

    in_float = compare(float_data.tc, float_data.tc + float(shift), EQUAL, certified=False)
    certified = compare(exact_data.tc, exact_data.tc + shift, EQUAL, certified=True)

    assert in_float.holds
    assert not certified.holds
    assert certified.method == "exact"


@pytest.mark.parametrize("certified", MODES)
def test_overstated_ccl_parameter_fails(certified):
    # ccl-tc at L=6, K=4 has sizes [3, 1, 1, 1] and ζ = 2, so C_TC = 2/5. Claiming ζ = 4 states
    # C_TC ≤ 1/3 and E KL ≤ TC/3, both false on the MDS witness at the argmax.
    sizes = parse_schedule("ccl-tc", 6, 4).sizes
    schedule = DeterministicSchedule(sizes, name="ccl-tc")
    schedule.zeta = 4

    constant = check_ccl_constant(schedule, certified=certified)
    assert not constant.holds

    law = parse_distribution("repetition:L=6")
    bound = check_ccl_bound(law, schedule, certified=certified)
    # Repetition has δ only at m = 0, where ρ_0/(L−1) = 2/5 > 1/3.
    assert not bound.holds


def test_planted_bug_in_expected_kl_caught(monkeypatch):
    law = parse_distribution("markov:L=5,flip=0.2")
    schedule = parse_schedule("balanced", 5, 2)
    original = sampler_statements.verifier_expected_kl

    def off_by_one_percent(profile, schedule, rho=None):
        return 1.01 * original(profile, schedule, rho=rho)

    monkeypatch.setattr(sampler_statements, "verifier_expected_kl", off_by_one_percent)

    assert not check_ccl_formula(law, schedule).holds


def test_planted_bug_in_random_grid_closed_form_caught(monkeypatch):
    schedule = parse_schedule("random-dtc", 5, 3)
    original = sampler_statements.random_grid_rho

    def wrong_exponent(L, K, weights):
        return original(L, K + 1, weights)

    monkeypatch.setattr(sampler_statements, "random_grid_rho", wrong_exponent)

    assert not check_random_grid_rho(schedule).holds


def test_planted_bug_in_tight_constants_caught(monkeypatch):
    original = law_data_module.tight_constants

    def halved(rho):
        constants = original(rho)
        return type(constants)(constants.c_tc / 2, constants.c_dtc / 2,
                               constants.argmax_tc, constants.argmax_dtc)

    monkeypatch.setattr(law_data_module, "tight_constants", halved)
    schedule = parse_schedule("cosine", 6, 3)

    assert not check_tightness(schedule, "tc").holds
    assert not check_tightness(schedule, "dtc").holds


def test_log_combination_zero_residual_only_for_true_identity():
    true = compare(LogCombination.log(6), LogCombination.log(2) + LogCombination.log(3), EQUAL,
                   certified=True)
    false = compare(LogCombination.log(6), LogCombination.log(2) * 2 + 1, EQUAL, certified=True)

    assert true.holds
    assert true.residual == 0.0
    assert not false.holds
