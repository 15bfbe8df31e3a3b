"""Tests of the bounds and checks of a report: they hold on random laws, and they can fail.

The first part runs :func:`verifier.analysis.analyze` on random tables under every schedule
name and on random count chains, and requires every check to hold. The second part feeds
:func:`verifier.bounds.evaluate_checks` values that break one check each, and shows on
Reed–Solomon codes, whose δ is a single spike, that halving the constant of a tight bound
breaks it.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brute_force import size_sequence_laws
from distributions.codes import reed_solomon
from distributions.joint import JointLaw
from strategies import count_chains, laws, size_lists
from verifier.analysis import analyze
from verifier.bounds import ROUNDING_TOLERANCE, evaluate_bounds, evaluate_checks
from verifier.expected_kl import expected_kl, expected_kl_by_steps
from verifier.information import InformationProfile, entropy_profile
from verifier.schedule import DeterministicSchedule, TightConstants, tight_constants
from verifier.schedules import SCHEDULE_NAMES, parse_schedule

BASE_CHECKS = {
    "expected_kl_nonnegative",
    "formulas_agree",
    "han_inequality",
    "expected_kl_at_most_tc",
    "tight_tc",
    "tight_dtc",
    "li_cai",
    "li_cai_sharp",
}


def smallest_feasible_steps(name, L):
    """Return the smallest K that the geometric schedule ``name`` accepts at length ``L``."""
    for K in range(1, L + 1):
        try:
            parse_schedule(name, L, K)
        except ValueError:
            continue
        return K
    raise AssertionError(f"{name} accepts no K ≤ L={L}")


@st.composite
def any_schedules(draw, L, profile):
    """Draw a schedule of any name, or a random count chain, for ``L`` tokens."""
    name = draw(st.sampled_from(SCHEDULE_NAMES + ("chain",)))
    first_K = smallest_feasible_steps(name, L) if name.startswith("ccl-") else 1
    K = draw(st.integers(first_K, L))
    if name == "fixed":
        return DeterministicSchedule(draw(size_lists(L, K)))
    if name == "chain":
        return draw(count_chains(L, K))
    return parse_schedule(name, L, K, profile=profile)


# Every check holds.


@settings(max_examples=120)
@given(st.data())
def test_every_check_holds(data):
    law = data.draw(laws(), label="law")
    profile = entropy_profile(law)
    schedule = data.draw(any_schedules(law.L, profile), label="schedule")

    report = analyze(law, schedule, profile=profile, mixture=True)

    assert report.mixture_kl is not None, report.mixture_skipped
    assert report.failed_checks == []
    assert report.holds

    expected_names = BASE_CHECKS | {"mixture_kl_nonnegative", "convexity"}
    if schedule.steps == 1:
        expected_names.add("one_shot_equals_tc")
    if schedule.name.startswith("ccl-"):
        version = schedule.name.removeprefix("ccl-")
        expected_names |= {
            f"ccl_{version}",
            f"ccl_{version}_constant",
            f"ccl_{version}_steps",
            f"ccl_{version}_sizes",
        }
    assert expected_names <= set(report.checks)


@settings(max_examples=60)
@given(st.data())
def test_unit_steps_check_is_reported(data):
    law = data.draw(laws(), label="law")
    zeros = data.draw(st.lists(st.booleans(), min_size=law.L, max_size=law.L), label="zeros")
    sizes = []
    for zero in zeros:
        sizes += [0, 1] if zero else [1]

    report = analyze(law, DeterministicSchedule(sizes), mixture=False)

    assert report.checks["unit_steps_zero_error"]
    assert report.holds


@settings(max_examples=60)
@given(st.data())
def test_li_cai_bounds_match_size_enumeration(data):
    law = data.draw(laws(), label="law")
    L = law.L
    K = data.draw(st.integers(1, L), label="K")
    schedule = data.draw(
        st.one_of(
            count_chains(L, K),
            size_lists(L, K).map(DeterministicSchedule),
            st.sampled_from(["binomial", "random-tc", "random-dtc"]).map(
                lambda name: parse_schedule(name, L, K)
            ),
        ),
        label="schedule",
    )
    profile = entropy_profile(law)
    rho = schedule.rho()
    bounds = evaluate_bounds(profile, schedule, rho, tight_constants(rho))

    # Walk every size sequence. The factor of Li & Cai rounds s_max up to a power of two.
    power_factor = 0.0
    sharp_factor = 0.0
    for sizes, probability in size_sequence_laws(schedule).items():
        size_max = max(sizes)
        power = 1
        while power < size_max:
            power *= 2
        power_factor += probability * (power - 1)
        sharp_factor += probability * max(size_max - 1, 0)
    information = profile.tc + profile.dtc

    assert bounds["tc"] == pytest.approx(profile.tc, abs=ROUNDING_TOLERANCE)
    assert bounds["li_cai"] == pytest.approx(power_factor * information / L, abs=1e-9)
    assert bounds["li_cai_sharp"] == pytest.approx(sharp_factor * information / L, abs=1e-9)


# Checks that fail on wrong inputs.


@pytest.fixture
def noisy_law_case():
    """A law with TC > 0 and DTC > 0 under the balanced schedule L=4, K=2."""
    table = np.arange(1, 17, dtype=float).reshape((2,) * 4)
    table[0, 1, 1, 0] = 0.0
    table /= table.sum()
    law = JointLaw(table)
    profile = entropy_profile(law)
    schedule = parse_schedule("balanced", 4, 2)
    rho = schedule.rho()
    bounds = evaluate_bounds(profile, schedule, rho, tight_constants(rho))
    expected = expected_kl(profile, schedule)
    return profile, schedule, bounds, expected


def test_checks_hold_on_true_values(noisy_law_case):
    profile, schedule, bounds, expected = noisy_law_case
    checks = evaluate_checks(profile, schedule, expected, expected, expected / 2, bounds)

    assert profile.tc > 0.01
    assert all(checks.values()), checks


def test_expected_kl_above_tc_fails(noisy_law_case):
    profile, schedule, bounds, _ = noisy_law_case
    wrong = profile.tc + 0.01
    checks = evaluate_checks(profile, schedule, wrong, wrong, None, bounds)

    assert checks["expected_kl_at_most_tc"] is False


def test_negative_expected_kl_fails(noisy_law_case):
    profile, schedule, bounds, _ = noisy_law_case
    checks = evaluate_checks(profile, schedule, -0.01, -0.01, None, bounds)

    assert checks["expected_kl_nonnegative"] is False


def test_disagreeing_formulas_fail(noisy_law_case):
    profile, schedule, bounds, expected = noisy_law_case
    checks = evaluate_checks(profile, schedule, expected, expected + 1e-6, None, bounds)

    assert checks["formulas_agree"] is False


def test_mixture_above_expected_fails(noisy_law_case):
    profile, schedule, bounds, expected = noisy_law_case
    checks = evaluate_checks(profile, schedule, expected, expected, expected + 0.01, bounds)

    assert checks["convexity"] is False
    assert checks["mixture_kl_nonnegative"] is True


def test_negative_mixture_fails(noisy_law_case):
    profile, schedule, bounds, expected = noisy_law_case
    checks = evaluate_checks(profile, schedule, expected, expected, -0.01, bounds)

    assert checks["mixture_kl_nonnegative"] is False


def test_one_shot_away_from_tc_fails(noisy_law_case):
    profile, _, _, _ = noisy_law_case
    schedule = DeterministicSchedule([4])
    rho = schedule.rho()
    bounds = evaluate_bounds(profile, schedule, rho, tight_constants(rho))
    wrong = profile.tc - 0.01
    checks = evaluate_checks(profile, schedule, wrong, wrong, None, bounds)

    assert checks["one_shot_equals_tc"] is False


def test_unit_steps_with_error_fail(noisy_law_case):
    profile, _, _, _ = noisy_law_case
    schedule = DeterministicSchedule([1, 1, 1, 1])
    rho = schedule.rho()
    bounds = evaluate_bounds(profile, schedule, rho, tight_constants(rho))
    checks = evaluate_checks(profile, schedule, 0.01, 0.01, None, bounds)

    assert checks["unit_steps_zero_error"] is False


def test_non_concave_profile_fails_han():
    # H̄ = (0, 1, 3): Δ = (1, 2) increases, so δ_0 = −1.
    profile = InformationProfile(L=2, profile=np.array([0.0, 1.0, 3.0]))
    schedule = DeterministicSchedule([2])
    rho = schedule.rho()
    bounds = evaluate_bounds(profile, schedule, rho, tight_constants(rho))
    value = expected_kl(profile, schedule)
    checks = evaluate_checks(profile, schedule, value, value, None, bounds)

    assert checks["han_inequality"] is False


def test_ccl_tc_bound_can_fail():
    law = reed_solomon(5, 5, 2)
    profile = entropy_profile(law)
    schedule = parse_schedule("ccl-tc", 5, 4)
    assert schedule.zeta == 2
    rho = schedule.rho()
    bounds = evaluate_bounds(profile, schedule, rho, tight_constants(rho))
    wrong = profile.tc / (schedule.zeta - 1) + 0.01
    checks = evaluate_checks(profile, schedule, wrong, wrong, None, bounds)

    assert checks["ccl_tc"] is False
    assert checks["ccl_tc_constant"] is True


# Halving the constant of a tight bound breaks it on a Reed–Solomon code.


def halved_checks(law, schedule, *, halve):
    """Return the checks of ``schedule`` on ``law`` with one bound's constant halved."""
    profile = entropy_profile(law)
    rho = schedule.rho()
    constants = tight_constants(rho)
    if halve == "tight":
        constants = TightConstants(
            c_tc=constants.c_tc / 2,
            c_dtc=constants.c_dtc / 2,
            argmax_tc=constants.argmax_tc,
            argmax_dtc=constants.argmax_dtc,
        )
    bounds = evaluate_bounds(profile, schedule, rho, constants)
    if halve in ("li_cai", "li_cai_sharp"):
        bounds[halve] /= 2
    value = expected_kl(profile, schedule)
    return evaluate_checks(profile, schedule, value, expected_kl_by_steps(profile, schedule),
                           None, bounds)


def test_tight_tc_halved_fails():
    # Sizes (3, 2) give ρ = (2, 1, 0, 1). The ratio ρ_m/(L−1−m) peaks at m = 3 with value 1,
    # so RS of dimension 4 has E KL = ρ_3·log 5 = TC.
    law = reed_solomon(5, 5, 4)
    schedule = DeterministicSchedule([3, 2])
    profile = entropy_profile(law)

    assert expected_kl(profile, schedule) == pytest.approx(math.log(5), abs=1e-12)
    assert profile.tc == pytest.approx(math.log(5), abs=1e-12)
    assert halved_checks(law, schedule, halve="none")["tight_tc"] is True
    assert halved_checks(law, schedule, halve="tight")["tight_tc"] is False


def test_tight_dtc_halved_fails():
    # Sizes (3, 2) give ρ = (2, 1, 0, 1). The ratio ρ_m/(m+1) peaks at m = 0 with value 2,
    # so RS of dimension 1 has E KL = 2·log 5 = 2·DTC.
    law = reed_solomon(5, 5, 1)
    schedule = DeterministicSchedule([3, 2])
    profile = entropy_profile(law)

    assert expected_kl(profile, schedule) == pytest.approx(2 * math.log(5), abs=1e-12)
    assert profile.dtc == pytest.approx(math.log(5), abs=1e-12)
    assert halved_checks(law, schedule, halve="none")["tight_dtc"] is True
    assert halved_checks(law, schedule, halve="tight")["tight_dtc"] is False


@pytest.mark.parametrize("bound", ["li_cai", "li_cai_sharp"])
def test_li_cai_halved_fails(bound):
    # One step on RS(3, 2, 1): E KL = TC = log 3 and (s_max − 1)·(TC + DTC)/L = log 3, while
    # 2**⌈log2 2⌉ − 1 = 1 = s_max − 1, so both forms are attained.
    law = reed_solomon(3, 2, 1)
    schedule = DeterministicSchedule([2])

    assert halved_checks(law, schedule, halve="none")[bound] is True
    assert halved_checks(law, schedule, halve=bound)[bound] is False
