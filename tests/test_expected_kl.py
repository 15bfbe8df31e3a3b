"""Tests of the exact expected KL ``E_π KL(p ‖ q_π)`` against enumeration and closed forms.

The reference sums ``KL(p ‖ q_π)`` over every ordered partition of every size sequence
(``brute_force``). The size laws come from enumerations that do not use the schedule's
transitions: every tuple of random-grid cuts and every assignment of tokens to binomial steps.
Only the arbitrary count chains drawn here are walked through their own transition matrices,
which the test builds.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brute_force import (
    binomial_size_laws,
    naive_expected_kl_for_size_laws,
    naive_rho,
    random_grid_size_laws,
    size_sequence_laws,
)
from distributions.codes import parity_check_code, reed_solomon, repetition_code
from distributions.joint import JointLaw
from strategies import count_chains, laws, size_lists
from verifier.expected_kl import expected_kl, expected_kl_by_steps
from verifier.information import entropy_profile
from verifier.schedule import DeterministicSchedule
from verifier.schedules import SCHEDULE_NAMES, parse_schedule

KL_TOLERANCE = 1e-9
"""Absolute slack in nats: both sides sum at most a few thousand float64 logarithms."""


@st.composite
def schedules_with_size_laws(draw, L):
    """Draw a schedule on ``L`` tokens together with its size law, enumerated independently."""
    K = draw(st.integers(1, L))
    kind = draw(st.sampled_from(["fixed", "binomial", "random-tc", "random-dtc", "chain"]))
    if kind == "fixed":
        sizes = draw(size_lists(L, K))
        return DeterministicSchedule(sizes), {tuple(sizes): 1.0}
    if kind == "binomial":
        return parse_schedule("binomial", L, K), binomial_size_laws(L, K)
    if kind == "chain":
        schedule = draw(count_chains(L, K))
        return schedule, size_sequence_laws(schedule)
    schedule = parse_schedule(kind, L, K)
    return schedule, random_grid_size_laws(L, K, schedule.weights)


@st.composite
def named_schedules(draw, law, profile):
    """Draw any named schedule, a fixed size list or a count chain for ``law``."""
    L = law.L
    K = draw(st.integers(1, L))
    name = draw(st.sampled_from(SCHEDULE_NAMES + ("chain",)))
    if name == "fixed":
        return DeterministicSchedule(draw(size_lists(L, K)))
    if name == "chain":
        return draw(count_chains(L, K))
    if name.startswith("ccl-"):
        # K = L always fits, while a smaller K can be below the step count of ζ = 2.
        K = L
    return parse_schedule(name, L, K, profile=profile)


# Against enumeration of every ordered partition.


@settings(max_examples=25)
@given(st.data())
def test_fixed_sizes_match_brute_force(data):
    law = data.draw(laws(min_length=1, max_length=5, max_entries=81), label="law")
    K = data.draw(st.integers(1, law.L), label="K")
    sizes = data.draw(size_lists(law.L, K), label="sizes")
    schedule = DeterministicSchedule(sizes)

    expected = naive_expected_kl_for_size_laws(law.table, {tuple(sizes): 1.0})
    assert expected_kl(entropy_profile(law), schedule) == pytest.approx(expected, abs=KL_TOLERANCE)


@settings(max_examples=25)
@given(st.data())
def test_random_schedules_match_brute_force(data):
    law = data.draw(laws(min_length=1, max_length=4, max_entries=81), label="law")
    schedule, size_laws = data.draw(schedules_with_size_laws(law.L), label="schedule")

    expected = naive_expected_kl_for_size_laws(law.table, size_laws)
    assert expected_kl(entropy_profile(law), schedule) == pytest.approx(expected, abs=KL_TOLERANCE)


# Identities.


@settings(max_examples=80)
@given(st.data())
def test_rho_form_equals_block_form(data):
    law = data.draw(laws(), label="law")
    profile = entropy_profile(law)
    schedule = data.draw(named_schedules(law, profile), label="schedule")

    assert expected_kl(profile, schedule) == pytest.approx(
        expected_kl_by_steps(profile, schedule), abs=KL_TOLERANCE
    )


@settings(max_examples=60)
@given(laws())
def test_one_step_gives_total_correlation(law):
    profile = entropy_profile(law)
    tc = sum(profile.subset_entropy[1 << i] for i in range(law.L)) - profile.entropy

    for schedule in (DeterministicSchedule([law.L]), parse_schedule("balanced", law.L, 1)):
        assert expected_kl(profile, schedule) == pytest.approx(tc, abs=KL_TOLERANCE)
        assert expected_kl_by_steps(profile, schedule) == pytest.approx(tc, abs=KL_TOLERANCE)


@settings(max_examples=60)
@given(st.data())
def test_unit_sizes_give_zero(data):
    law = data.draw(laws(), label="law")
    zeros = data.draw(st.lists(st.integers(0, 2), min_size=law.L, max_size=law.L), label="zeros")
    sizes = []
    for extra in zeros:
        sizes += [0] * extra + [1]
    profile = entropy_profile(law)

    schedule = DeterministicSchedule(sizes)
    assert expected_kl(profile, schedule) == pytest.approx(0.0, abs=KL_TOLERANCE)
    assert expected_kl_by_steps(profile, schedule) == pytest.approx(0.0, abs=KL_TOLERANCE)


def test_two_equal_bits_by_hand():
    # X_1 = X_2 uniform. Revealing both at once gives the product of uniform marginals, so
    # KL = log 2, while revealing them one by one is exact.
    profile = entropy_profile(JointLaw(np.array([[0.5, 0.0], [0.0, 0.5]])))
    assert expected_kl(profile, DeterministicSchedule([2])) == pytest.approx(math.log(2))
    assert expected_kl(profile, DeterministicSchedule([1, 1])) == pytest.approx(0.0, abs=1e-15)
    # The binomial schedule with K = 2 reveals both together with probability 1/2.
    binomial = parse_schedule("binomial", 2, 2)
    assert expected_kl(profile, binomial) == pytest.approx(math.log(2) / 2)


# Closed forms for codes: δ is a spike log q at k − 1, so E KL = log q · ρ_{k−1}.


@st.composite
def codes(draw):
    kind = draw(st.sampled_from(["parity", "repetition", "reed-solomon"]))
    if kind == "parity":
        L = draw(st.integers(2, 6))
        return parity_check_code(L), 2, L - 1
    if kind == "repetition":
        L = draw(st.integers(2, 6))
        return repetition_code(L), 2, 1
    q = draw(st.sampled_from([3, 5, 7]))
    n = draw(st.integers(2, min(q, 5)))
    k = draw(st.integers(1, n - 1))
    return reed_solomon(q, n, k), q, k


@st.composite
def small_schedules_with_size_laws(draw, L):
    """Like :func:`schedules_with_size_laws`, with enumerations kept to a few thousand cases."""
    K = draw(st.integers(1, L))
    kinds = ["fixed", "chain"]
    if K**L <= 5**5:
        kinds.append("binomial")
    if (L - 1) ** (K - 1) <= 5**4:
        kinds += ["random-tc", "random-dtc"]
    kind = draw(st.sampled_from(kinds))
    if kind == "fixed":
        sizes = draw(size_lists(L, K))
        return DeterministicSchedule(sizes), {tuple(sizes): 1.0}
    if kind == "binomial":
        return parse_schedule("binomial", L, K), binomial_size_laws(L, K)
    if kind == "chain":
        schedule = draw(count_chains(L, K))
        return schedule, size_sequence_laws(schedule)
    schedule = parse_schedule(kind, L, K)
    return schedule, random_grid_size_laws(L, K, schedule.weights)


@settings(max_examples=40)
@given(st.data())
def test_codes_closed_form(data):
    law, q, k = data.draw(codes(), label="code")
    schedule, size_laws = data.draw(small_schedules_with_size_laws(law.L), label="schedule")
    rho = naive_rho(size_laws, law.L)

    expected = math.log(q) * float(rho[k - 1])
    assert expected_kl(entropy_profile(law), schedule) == pytest.approx(expected, abs=KL_TOLERANCE)
