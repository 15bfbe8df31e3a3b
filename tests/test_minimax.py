"""The minimax programme and the best fixed sizes, against hand values and brute force."""

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from command_runner import run_command, run_json
from strategies import count_chains
from verifier.minimax import (
    OBJECTIVES,
    best_deterministic_schedule,
    minimax_schedule,
    objective_value,
)
from verifier.rho_closed_form import closed_form_rho
from verifier.schedule import DeterministicSchedule, tight_constants
from verifier.schedules import parse_schedule

NAMED = ("balanced", "cosine", "ccl-tc", "ccl-dtc", "random-tc", "random-dtc", "binomial")


def compositions(L, K):
    """Every sequence of K non-negative sizes summing to L."""
    for cuts in itertools.combinations_with_replacement(range(L + 1), K - 1):
        counts = (0,) + cuts + (L,)
        yield [b - a for a, b in zip(counts, counts[1:])]


def exact_objective(sizes, objective):
    """The objective of fixed sizes from ρ_m = N_k(m) − 1 − m, in fractions."""
    L = sum(sizes)
    rho, before = [], 0
    for size in sizes:
        rho += [before + size - 1 - m for m in range(before, before + size)]
        before += size
    rho = rho[: L - 1]
    c_tc = max((Fraction(r, L - 1 - m) for m, r in enumerate(rho)), default=Fraction(0))
    c_dtc = max((Fraction(r, m + 1) for m, r in enumerate(rho)), default=Fraction(0))
    return {"tc": c_tc, "dtc": c_dtc, "both": max(c_tc, c_dtc)}[objective]


def brute_force_deterministic(L, K, objective):
    return min(exact_objective(sizes, objective) for sizes in compositions(L, K))


def mixture_programme(L, K, objective):
    """The optimum over mixtures of every fixed size sequence: a path formulation of the LP.

    Any count chain is a mixture of its paths and ρ is linear in the mixture weights, so this
    programme has the same optimum as the flow programme, with different variables.
    """
    paths = list(compositions(L, K))
    rho = np.array([DeterministicSchedule(sizes).rho() for sizes in paths]).T  # (L−1, paths)
    m = np.arange(L - 1)
    weights = []
    if objective in ("tc", "both"):
        weights.append(L - 1 - m)
    if objective in ("dtc", "both"):
        weights.append(m + 1)
    rows = [np.hstack([rho, -weight[:, None].astype(float)]) for weight in weights]
    cost = np.zeros(len(paths) + 1)
    cost[-1] = 1.0
    equality = np.hstack([np.ones(len(paths)), [0.0]])[None, :]
    result = linprog(cost, A_ub=np.vstack(rows), b_ub=np.zeros(sum(len(w) for w in weights)),
                     A_eq=equality, b_eq=[1.0], bounds=(0, None), method="highs")
    assert result.status == 0
    return result.fun


# hand-derived optima


@pytest.mark.parametrize("objective, value, deterministic", [
    ("tc", 1 / 3, Fraction(1, 2)),
    ("dtc", 1 / 3, Fraction(1, 2)),
    ("both", 1 / 2, Fraction(1)),
])
def test_three_tokens_two_steps_by_hand(objective, value, deterministic):
    # With L=3, K=2 only sizes (1,2), (2,1) and one-shot matter. Mixing (1,2) with
    # probability p and (2,1) gives ρ = (1−p, p): C_TC = max((1−p)/2, p), least at p = 1/3;
    # C_DTC = max(1−p, p/2), least at p = 2/3; both = max(1−p, p), least at p = 1/2.
    result = minimax_schedule(3, 2, objective)

    assert result.value == pytest.approx(value, abs=1e-9)
    assert best_deterministic_schedule(3, 2, objective).value == deterministic


def test_one_step_is_one_shot():
    # K = 1 reveals everything at once: ρ_m = L−1−m, so C_TC = 1 and C_DTC = L−1.
    assert minimax_schedule(5, 1, "tc").value == pytest.approx(1.0, abs=1e-9)
    assert minimax_schedule(5, 1, "dtc").value == pytest.approx(4.0, abs=1e-9)
    assert best_deterministic_schedule(5, 1, "both").value == 4


def test_unit_steps_cost_nothing():
    for objective in OBJECTIVES:
        result = minimax_schedule(6, 6, objective)
        assert result.value == pytest.approx(0.0, abs=1e-9)
        assert best_deterministic_schedule(6, 6, objective).value == 0
        assert result.is_integral()


def test_single_token():
    result = minimax_schedule(1, 1, "both")

    assert result.value == pytest.approx(0.0, abs=1e-12)
    assert result.transitions() == [[1, 0, 1, 1.0]]


# against brute force and other formulations


@pytest.mark.parametrize("L", range(2, 9))
def test_deterministic_optimum_matches_brute_force(L):
    for K in range(1, L + 1):
        for objective in OBJECTIVES:
            optimum = best_deterministic_schedule(L, K, objective)
            assert optimum.value == brute_force_deterministic(L, K, objective)
            assert exact_objective(list(optimum.schedule.sizes), objective) == optimum.value


@pytest.mark.parametrize("L, K", [(4, 2), (5, 3), (6, 2), (6, 4), (7, 3), (8, 4)])
def test_flow_programme_matches_path_programme(L, K):
    for objective in OBJECTIVES:
        assert minimax_schedule(L, K, objective).value == pytest.approx(
            mixture_programme(L, K, objective), abs=1e-8)


def test_integral_optimum_equals_deterministic_optimum():
    integral_cases = 0
    for L in range(2, 8):
        for K in range(1, L + 1):
            for objective in OBJECTIVES:
                result = minimax_schedule(L, K, objective)
                deterministic = brute_force_deterministic(L, K, objective)
                assert result.value <= float(deterministic) + 1e-9
                if result.is_integral():
                    integral_cases += 1
                    assert result.value == pytest.approx(float(deterministic), abs=1e-9)
    assert integral_cases >= 10


def test_solvers_agree():
    values = [minimax_schedule(12, 3, "both", method=method).value
              for method in ("highs", "highs-ipm", "highs-ds")]

    assert max(values) - min(values) < 1e-8


@settings(max_examples=25, deadline=None)
@given(L=st.integers(2, 14), data=st.data())
def test_optimum_at_most_named_schedules(L, data):
    K = data.draw(st.integers(1, L))
    objective = data.draw(st.sampled_from(OBJECTIVES))
    result = minimax_schedule(L, K, objective)

    for name in NAMED:
        try:
            schedule = parse_schedule(name, L, K)
        except ValueError:
            continue
        constants = tight_constants(closed_form_rho(schedule))
        assert result.value <= objective_value(constants, objective) + 1e-8, name
    assert result.value <= float(best_deterministic_schedule(L, K, objective).value) + 1e-8


@settings(max_examples=25, deadline=None)
@given(L=st.integers(2, 7), data=st.data())
def test_optimum_at_most_random_count_chains(L, data):
    K = data.draw(st.integers(1, L))
    chain = data.draw(count_chains(L, K))
    constants = tight_constants(chain.rho())

    for objective in OBJECTIVES:
        optimum = minimax_schedule(L, K, objective).value
        assert optimum <= objective_value(constants, objective) + 1e-8, objective


@settings(max_examples=25, deadline=None)
@given(L=st.integers(2, 14), data=st.data())
def test_optimal_chain_is_valid_and_matches(L, data):
    K = data.draw(st.integers(1, L))
    objective = data.draw(st.sampled_from(OBJECTIVES))
    result = minimax_schedule(L, K, objective)
    schedule = result.schedule

    schedule.validate()
    laws = schedule.count_laws()
    assert laws[-1, L] == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(result.rho, result.lp_rho, rtol=0, atol=1e-7)
    assert result.chain_value == pytest.approx(result.value, abs=1e-7)
    for k, a, b, probability in result.transitions():
        assert 1 <= k <= K
        assert 0 <= a <= b <= L
        assert 0 < probability <= 1 + 1e-12


def test_transitions_rows_sum_to_one():
    result = minimax_schedule(10, 3, "both")
    totals = {}
    for k, a, _, probability in result.transitions():
        totals[(k, a)] = totals.get((k, a), 0.0) + probability

    assert all(total == pytest.approx(1.0, abs=1e-12) for total in totals.values())
    assert all(b == 10 for k, _, b, _ in result.transitions() if k == 3)


def test_rejects_invalid_input():
    with pytest.raises(ValueError, match="K=5"):
        minimax_schedule(4, 5, "tc")
    with pytest.raises(ValueError, match="'neither'"):
        minimax_schedule(4, 2, "neither")
    with pytest.raises(ValueError, match="'simplex'"):
        minimax_schedule(4, 2, "tc", method="simplex")
    with pytest.raises(ValueError, match="nonzero coefficients"):
        minimax_schedule(2000, 4, "tc")


# the command line


def test_minimax_json(monkeypatch, capsys):
    payload = run_json(monkeypatch, capsys, "minimax", "--length", 3, "--steps", 2,
                       "--objective", "tc")

    for key in ("length", "steps", "objective", "c_tc", "c_dtc", "value", "transitions"):
        assert key in payload
    assert payload["value"] == pytest.approx(1 / 3, abs=1e-9)
    assert payload["best_deterministic"]["value_fraction"] == "1/2"
    assert payload["randomization_helps"] is True
    assert all(payload["checks"].values())
    transitions = sorted(payload["transitions"])
    assert [entry[:3] for entry in transitions] == [[1, 0, 1], [1, 0, 2], [2, 1, 3], [2, 2, 3]]
    assert [entry[3] for entry in transitions] == pytest.approx([1 / 3, 2 / 3, 1.0, 1.0])
    compared = {entry["schedule"]: entry for entry in payload["comparisons"]}
    assert compared["ccl-tc"]["applicable"] is False
    assert compared["balanced"]["value"] == pytest.approx(0.5)


def test_minimax_text(monkeypatch, capsys):
    code, out, err = run_command(monkeypatch, capsys, "minimax", "--length", 8, "--steps", 3,
                                 "--objective", "both")

    assert code == 0, err
    assert "Randomizing the sizes helps at L=8, K=3" in out
    assert "checks: 3 of 3 hold" in out


@pytest.mark.parametrize("argv, fragment", [
    (["--length", 4, "--steps", 5], "K=5"),
    (["--length", 0, "--steps", 1], "got 0"),
    (["--length", 4, "--steps", 2, "--objective", "kl"], "'kl'"),
    (["--length", 2000, "--steps", 4], "nonzero coefficients"),
    (["--steps", 2], "--length"),
])
def test_minimax_invalid_input(monkeypatch, capsys, argv, fragment):
    code, out, err = run_command(monkeypatch, capsys, "minimax", *argv)

    assert code == 2
    assert fragment in err
    assert out == ""
