"""The ``optimal`` schedule against exhaustive search over every size sequence."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from command_runner import run_json, run_command
from distributions.catalogue import parse_distribution
from verifier.expected_kl import expected_kl
from verifier.information import InformationProfile, entropy_profile
from verifier.schedule import DeterministicSchedule
from verifier.schedules import optimal_schedule, parse_schedule


def compositions(L, K):
    """Every sequence of K non-negative sizes summing to L."""
    for cuts in itertools.combinations_with_replacement(range(L + 1), K - 1):
        counts = (0,) + cuts + (L,)
        yield [b - a for a, b in zip(counts, counts[1:])]


def rho_by_definition(sizes):
    """ρ_m = (count after the step of token m) − 1 − m, token by token."""
    L = sum(sizes)
    rho, before = [], 0
    for size in sizes:
        rho += [before + size - 1 - m for m in range(before, before + size)]
        before += size
    return np.array(rho[: L - 1], dtype=float)


def exhaustive_minimum(delta, K):
    """The least Σ_m δ_m·ρ_m over every K-step size sequence."""
    L = len(delta) + 1
    return min(float(np.dot(delta, rho_by_definition(sizes))) for sizes in compositions(L, K))


@st.composite
def profiles(draw, max_length=8):
    """Entropy profiles from random δ ≥ 0 (with zeros) and a final increment Δ_{L−1} ≥ 0."""
    L = draw(st.integers(2, max_length))
    delta = draw(st.lists(st.sampled_from([0.0, 0.0, 0.1, 0.5, 1.0, 2.5]),
                          min_size=L - 1, max_size=L - 1))
    last = draw(st.sampled_from([0.0, 0.3]))
    increments = np.zeros(L)
    increments[-1] = last
    for m in range(L - 2, -1, -1):
        increments[m] = increments[m + 1] + delta[m]
    profile = np.concatenate([[0.0], np.cumsum(increments)])
    return InformationProfile(L=L, profile=profile)


@settings(max_examples=60)
@given(profile=profiles(), data=st.data())
def test_optimal_matches_exhaustive_search(profile, data):
    K = data.draw(st.integers(1, profile.L))
    schedule = optimal_schedule(profile, K)

    assert schedule.steps == K
    assert schedule.length == profile.L
    assert expected_kl(profile, schedule) == pytest.approx(
        exhaustive_minimum(profile.delta, K), abs=1e-12)


@pytest.mark.parametrize("spec", ["asia", "hamming", "rs:q=5,n=5,k=2", "markov:L=7,flip=0.2",
                                  "parity:L=6"])
def test_optimal_on_catalogue_laws(spec):
    profile = entropy_profile(parse_distribution(spec))
    for K in range(1, profile.L + 1):
        schedule = optimal_schedule(profile, K)
        assert expected_kl(profile, schedule) == pytest.approx(
            exhaustive_minimum(profile.delta, K), abs=1e-12)


def test_optimal_on_mds_code_by_hand():
    # δ is one spike at m = k−1, so sizes that end a step right after token k−1 give zero error:
    # two steps suffice, and one step gives E KL = TC = (L−k)·log q.
    L, k, q = 9, 4, 11
    profile = InformationProfile(L=L, profile=np.minimum(np.arange(L + 1), k) * math.log(q))

    assert expected_kl(profile, optimal_schedule(profile, 1)) == pytest.approx(
        (L - k) * math.log(q), abs=1e-12)
    assert expected_kl(profile, optimal_schedule(profile, 2)) == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=30)
@given(profile=profiles(max_length=10))
def test_optimal_is_non_increasing_in_steps(profile):
    values = [expected_kl(profile, optimal_schedule(profile, K)) for K in range(1, profile.L + 1)]

    assert all(later <= earlier + 1e-12 for earlier, later in zip(values, values[1:]))
    assert values[-1] == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=30)
@given(profile=profiles(max_length=10), data=st.data())
def test_optimal_beats_named_fixed_schedules(profile, data):
    K = data.draw(st.integers(1, profile.L))
    best = expected_kl(profile, optimal_schedule(profile, K))

    for name in ("balanced", "cosine", "ccl-tc", "ccl-dtc"):
        try:
            schedule = parse_schedule(name, profile.L, K)
        except ValueError:
            continue
        assert best <= expected_kl(profile, schedule) + 1e-12, name


def test_kl_command_reports_optimal(monkeypatch, capsys):
    law = parse_distribution("asia")
    profile = entropy_profile(law)
    payload = run_json(monkeypatch, capsys, "kl", "asia", "--schedule", "optimal", "--steps", 3)

    assert payload["schedule"] == "optimal"
    assert payload["steps"] == 3
    assert payload["schedule_description"].startswith("optimal [")
    assert payload["expected_kl"] == pytest.approx(exhaustive_minimum(profile.delta, 3),
                                                   abs=1e-12)
    sizes = [int(size) for size in payload["schedule_description"][9:-1].split(",")]
    assert sum(sizes) == law.L
    assert payload["expected_kl"] == pytest.approx(
        expected_kl(profile, DeterministicSchedule(sizes)), abs=1e-12)


def test_kl_command_optimal_needs_steps(monkeypatch, capsys):
    code, out, err = run_command(monkeypatch, capsys, "kl", "asia", "--schedule", "optimal")

    assert code == 2
    assert "'optimal' needs the number of steps K" in err


def test_schedule_command_rejects_optimal(monkeypatch, capsys):
    code, out, err = run_command(monkeypatch, capsys, "schedule", "optimal", "--length", 8,
                                 "--steps", 2)

    assert code == 2
    assert "depends on the law" in err
