"""Exact numbers of certified mode: prime-log combinations, enclosures and sign decisions."""

import math
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs_check.exact_numbers import (
    MAX_PRECISION,
    Difference,
    LogCombination,
    LogSum,
    decide_sign,
    difference,
    prime_factors,
)

positive_fractions = st.fractions(min_value=Fraction(1, 1000), max_value=1000).filter(
    lambda value: value > 0
)


def high_precision(value: LogCombination) -> mpmath.mpf:
    """Evaluate a combination with mpmath at 300 digits, a separate route from the enclosures."""
    with mpmath.workdps(300):
        total = mpmath.mpf(value.constant.numerator) / value.constant.denominator
        for prime, coefficient in value.terms.items():
            total += mpmath.mpf(coefficient.numerator) / coefficient.denominator * mpmath.log(prime)
        return total


def test_log_of_rational_factors_into_primes():
    value = LogCombination.log(Fraction(12, 35))

    assert value.terms == {2: 2, 3: 1, 5: -1, 7: -1}
    assert value.constant == 0


def test_log_of_one_is_zero():
    assert LogCombination.log(1).is_zero()


def test_log_rejects_non_positive():
    with pytest.raises(ValueError, match="positive"):
        LogCombination.log(0)


def test_log_rejects_float():
    with pytest.raises(TypeError, match="int or a Fraction"):
        LogCombination.log(0.5)


def test_str_of_combination():
    value = 2 + LogCombination.log(2) * Fraction(3, 2) - LogCombination.log(5)

    assert str(value) == "2 + 3/2·log 2 − log 5"
    assert str(-LogCombination.log(3)) == "−log 3"
    assert str(LogCombination()) == "0"


def test_to_sympy_matches_value():
    value = LogCombination.log(Fraction(9, 4)) / 3 + Fraction(1, 7)
    expected = sympy.Rational(2, 3) * sympy.log(3) - sympy.Rational(2, 3) * sympy.log(2) + \
        sympy.Rational(1, 7)

    assert sympy.simplify(value.to_sympy() - expected) == 0


def test_weighted_logs_sums_integer_weights():
    value = LogCombination.weighted_logs([(3, 4), (-1, 8), (2, 1)], scale=Fraction(1, 3))

    # (3·log 4 − log 8)/3 = (6 − 3)/3·log 2.
    assert value == LogCombination.log(2)


def test_prime_factors_cached_and_correct():
    assert prime_factors(360) == ((2, 3), (3, 2), (5, 1))
    with pytest.raises(ValueError, match="positive"):
        prime_factors(0)


@given(positive_fractions, positive_fractions)
def test_log_of_product_is_sum(a, b):
    assert LogCombination.log(a * b) == LogCombination.log(a) + LogCombination.log(b)


@given(positive_fractions)
def test_log_cancels_only_at_one(a):
    assert LogCombination.log(a).is_zero() == (a == 1)


@settings(max_examples=60)
@given(st.lists(st.tuples(st.fractions(-5, 5, max_denominator=20), positive_fractions),
                min_size=1, max_size=5),
       st.fractions(-3, 3, max_denominator=10),
       st.sampled_from([32, 64, 256]))
def test_enclosure_contains_value(terms, constant, precision):
    value = LogCombination(constant)
    for coefficient, argument in terms:
        value = value + coefficient * LogCombination.log(argument)

    bounds = value.enclose(precision)
    exact = high_precision(value)

    assert bounds.lower <= bounds.upper
    with mpmath.workdps(300):
        assert mpmath.mpf(bounds.lower.numerator) / bounds.lower.denominator <= exact
        assert exact <= mpmath.mpf(bounds.upper.numerator) / bounds.upper.denominator


def test_enclosure_width_shrinks_with_precision():
    value = LogCombination.log(3) - LogCombination.log(2) * Fraction(8, 5)
    coarse = value.enclose(32)
    fine = value.enclose(256)

    assert fine.upper - fine.lower < (coarse.upper - coarse.lower) / 2**200


def test_sign_of_small_nonzero_combination():
    # 3**12 = 531441 > 2**19 = 524288, so log 3 − (19/12)·log 2 = log(3**12/2**19)/12 ≈ 1.1e-3.
    value = LogCombination.log(3) - LogCombination.log(2) * Fraction(19, 12)
    sign = decide_sign(value)

    assert sign.value == 1
    assert sign.method == "interval"


def test_sign_needs_high_precision_for_close_logs():
    # 2**-40 away from log 3 / log 2 gives a difference near 1e-12·log 2.
    near = Fraction(round(math.log(3) / math.log(2) * 2**40), 2**40)
    value = LogCombination.log(3) - LogCombination.log(2) * near
    sign = decide_sign(value)

    expected = mpmath.sign(high_precision(value))
    assert sign.value == int(expected)


def test_sign_of_zero_and_rationals_is_exact():
    assert decide_sign(LogCombination.log(2) - LogCombination.log(2)).value == 0
    assert decide_sign(Fraction(-1, 3)).value == -1
    assert decide_sign(LogCombination(Fraction(1, 9))).method == "exact"


def test_log_sum_encloses_logarithm_of_large_rational():
    argument = Fraction(10**40 + 1, 3)
    value = LogSum([(Fraction(1, 2), argument)])
    bounds = value.enclose(128)

    with mpmath.workdps(100):
        exact = mpmath.log(mpmath.mpf(argument.numerator) / argument.denominator) / 2
        assert mpmath.mpf(bounds.lower.numerator) / bounds.lower.denominator <= exact
        assert exact <= mpmath.mpf(bounds.upper.numerator) / bounds.upper.denominator


def test_zero_log_sum_difference_is_undecided():
    value = LogSum([(Fraction(1, 3), Fraction(7, 2))])
    sign = decide_sign(Difference(value, value), first_precision=MAX_PRECISION)

    assert sign.value is None
    assert sign.method == "undecided"


def test_difference_stays_exact_for_combinations():
    result = difference(LogCombination.log(6), LogCombination.log(2))

    assert isinstance(result, LogCombination)
    assert result == LogCombination.log(3)
