"""Certified mode on rational examples whose values are derived by hand."""

from fractions import Fraction

import numpy as np
import pytest

from distributions.catalogue import parse_distribution
from distributions.joint import JointLaw, StateSpaceTooLarge
from proofs_check import (
    LogCombination,
    RationalLaw,
    check_ccl_steps,
    check_chain_rule,
    check_convexity,
    check_han_increments,
    check_li_cai,
    check_mixture_nonnegative,
    check_one_shot,
    check_tc_identity,
    prepare_law,
)
from proofs_check.exact_schedules import ExactSchedule
from verifier.schedules import parse_schedule

LOG2 = LogCombination.log(2)
LOG3 = LogCombination.log(3)


def two_equal_bits():
    return RationalLaw([[1, 0], [0, 1]], name="two equal bits")


def test_two_equal_bits_one_shot_is_log_two():
    # q_π is uniform on {0,1}², so KL = Σ_y (1/2)·log((1/2)/(1/4)) = log 2 = TC.
    result = check_one_shot(two_equal_bits(), certified=True)

    assert result.holds
    assert result.method == "exact"
    assert result.exact_lhs == "log 2"
    assert result.exact_rhs == "log 2"
    assert result.residual == 0.0


def test_two_equal_bits_partition_kl_is_log_two():
    data = prepare_law(two_equal_bits(), certified=True)

    assert data.partition_kl([[0, 1]]) == LOG2
    assert data.partition_kl([[1], [0]]).is_zero()


def test_biased_equal_bits_tc():
    # p(00) = 1/3, p(11) = 2/3: TC = H(1/3, 2/3) = log 3 − (2/3)·log 2, and one-shot sampling
    # gives KL = (1/3)·log 3 + (2/3)·log(3/2), the same number.
    law = RationalLaw([[1, 0], [0, 2]])
    expected = LOG3 - LOG2 * Fraction(2, 3)
    data = prepare_law(law, certified=True)

    assert data.tc == expected
    assert data.partition_kl([[0, 1]]) == expected
    assert check_one_shot(law, certified=True).exact_lhs == "−2/3·log 2 + log 3"


def test_parity_three_delta_exact():
    # Parity on 3 bits: H̄ = (0, log 2, 2·log 2, 2·log 2), Δ = (log 2, log 2, 0), δ = (0, log 2).
    data = prepare_law(parse_distribution("parity:L=3"), certified=True)

    assert data.profile == [LogCombination(), LOG2, 2 * LOG2, 2 * LOG2]
    assert data.delta[0].is_zero()
    assert data.delta[1] == LOG2
    result = check_han_increments(data, certified=True)
    assert result.holds
    assert "1 of 2 hold with exact equality" in result.detail


def rational_product():
    marginal = np.array([1, 2])
    return RationalLaw(np.multiply.outer(np.multiply.outer(marginal, marginal), marginal).tolist(),
                       name="product of (1/3, 2/3)")


def test_rational_product_has_exactly_zero_delta():
    data = prepare_law(rational_product(), certified=True)

    assert all(value.is_zero() for value in data.delta)
    assert data.tc.is_zero()
    assert check_tc_identity(data, certified=True).exact_lhs == "0"


@pytest.mark.parametrize("name, K", [("balanced", 2), ("random-tc", 2), ("binomial", 3),
                                     ("cosine", 2)])
def test_rational_product_convexity_is_exact_equality(name, K):
    # Every q_π equals p, so q = p: both sides are exactly 0.
    schedule = parse_schedule(name, 3, K)

    convexity = check_convexity(rational_product(), schedule, certified=True)
    nonnegative = check_mixture_nonnegative(rational_product(), schedule, certified=True)

    assert convexity.holds
    assert convexity.method == "exact"
    assert convexity.residual == 0.0
    assert nonnegative.holds
    assert nonnegative.method == "exact"


@pytest.mark.parametrize("spec", ["parity:L=3", "repetition:L=4"])
def test_one_shot_convexity_is_exact_equality(spec):
    # With one iteration every q_π is the product of the marginals, so q = q_π for every π.
    law = parse_distribution(spec)
    result = check_convexity(law, parse_schedule("balanced", law.L, 1), certified=True)

    assert result.holds
    assert result.method == "exact"
    assert result.residual == 0.0


def test_strict_convexity_decided_by_interval():
    result = check_convexity(parse_distribution("parity:L=4"), parse_schedule("random-tc", 4, 2),
                             certified=True)

    assert result.holds
    assert result.method.startswith("interval")
    assert result.residual < 0


def test_li_cai_sharp_equality_for_two_tokens():
    # L = 2, one step: E KL = TC = I(X_1; X_2) = DTC, and (s_max − 1)·(TC + DTC)/2 = I as well.
    law = RationalLaw([[3, 1], [1, 2]])
    result = check_li_cai(law, parse_schedule("balanced", 2, 1), sharp=True, certified=True)

    assert result.holds
    assert result.method == "exact"


def test_ccl_step_bound_exact_form():
    # ccl-tc at L = 4, K = 3 has ζ = 2: the bound is 2 + (1 + ln 4)·2 = 4 + 4·log 2.
    result = check_ccl_steps(parse_schedule("ccl-tc", 4, 3), certified=True)

    assert result.exact_rhs == "4 + 4·log 2"
    assert result.lhs == 3
    assert result.holds


def test_random_grid_rho_by_hand():
    # random-tc, L = 3, K = 2: one cut at 1 with weight 1/3 (sizes [1, 2]) or at 2 with weight
    # 2/3 (sizes [2, 1]), so ρ_0 = 2/3·1 and ρ_1 = 1/3·1.
    exact = ExactSchedule(parse_schedule("random-tc", 3, 2))

    assert exact.cut_weights == [Fraction(1, 3), Fraction(2, 3)]
    assert exact.rho() == [Fraction(2, 3), Fraction(1, 3)]


def test_chain_rule_on_binary_rationals_from_floats():
    law = JointLaw([[0.1, 0.2], [0.3, 0.4]])
    result = check_chain_rule(law, [[1], [0]], certified=True)
    one_block = check_chain_rule(law, [[0, 1]], certified=True)

    assert result.holds
    assert result.method == "exact"
    assert result.residual == 0.0
    assert one_block.holds
    assert one_block.method == "exact"
    # One block: KL(p ‖ p_1 ⊗ p_2) = I(X_1; X_2), computed here in float64 for comparison.
    table = law.table
    product = np.outer(table.sum(axis=1), table.sum(axis=0))
    assert one_block.lhs == pytest.approx(float(np.sum(table * np.log(table / product))),
                                          abs=1e-15)


def test_certified_rejects_law_beyond_limits():
    with pytest.raises(StateSpaceTooLarge, match="L=7"):
        check_one_shot(parse_distribution("parity:L=7"), certified=True)
