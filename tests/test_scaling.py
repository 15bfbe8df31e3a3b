"""Closed-form ρ, the scaling grid, its boundedness verdict and ``dlm-verify scaling``."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from command_runner import run_command, run_json
from strategies import size_lists
from verifier.random_grid import random_dtc_schedule, random_tc_schedule
from verifier.rho_closed_form import binomial_rho, closed_form_rho, deterministic_rho
from verifier.schedule import DeterministicSchedule, tight_constants
from verifier.scaling import (
    ScalingRecord,
    boundedness_verdict,
    nonincreasing_from,
    scaling_grid,
)
from verifier.schedules import balanced_schedule, binomial_schedule, cosine_schedule

SMALL_GRID = dict(lengths=(16, 64, 256, 1024), steps=(8, 16, 32, 64))


# ρ of the binomial schedule


def test_binomial_rho_by_hand_three_tokens():
    # Three tokens, each revealed at step 1 or 2 with probability 1/2. Enumerating the number
    # revealed at step 1 (0, 1, 2, 3 with weights 1, 3, 3, 1 over 8) gives ρ_0 = 7/8, ρ_1 = 5/8.
    np.testing.assert_allclose(binomial_rho(3, 2), [7 / 8, 5 / 8], rtol=0, atol=1e-15)


def test_binomial_rho_two_tokens():
    np.testing.assert_allclose(binomial_rho(2, 2), [0.5], rtol=0, atol=1e-15)


@pytest.mark.parametrize("L", range(1, 13))
def test_binomial_rho_matches_forward_pass(L):
    for K in range(1, L + 1):
        np.testing.assert_allclose(binomial_rho(L, K), binomial_schedule(L, K).rho(),
                                   rtol=0, atol=1e-12)


@settings(max_examples=40)
@given(L=st.integers(2, 400), data=st.data())
def test_binomial_rho_sum_identity(L, data):
    # Each token shares its step with Binomial(L−1, 1/K) others, half of them after it on average.
    K = data.draw(st.integers(1, L))
    rho = binomial_rho(L, K)

    assert math.isclose(rho.sum(), L * (L - 1) / (2 * K), rel_tol=1e-10, abs_tol=1e-10)
    assert np.all(rho >= -1e-9)
    assert np.all(rho <= (L - 1 - np.arange(L - 1)) + 1e-9)


def test_binomial_rho_one_step_is_one_shot():
    np.testing.assert_allclose(binomial_rho(9, 1), np.arange(8, 0, -1), rtol=0, atol=1e-12)


# ρ of fixed sizes and random grids


@settings(max_examples=60)
@given(data=st.data())
def test_deterministic_rho_matches_loop(data):
    L = data.draw(st.integers(1, 40))
    K = data.draw(st.integers(1, L))
    sizes = data.draw(size_lists(L, K))

    np.testing.assert_array_equal(deterministic_rho(sizes), DeterministicSchedule(sizes).rho())


@settings(max_examples=60)
@given(data=st.data())
def test_deterministic_constants_by_blocks(data):
    # The worst ratio of a block from count a to b sits at its first token: (s−1)/(L−1−a) for
    # TC and (s−1)/(a+1) for DTC, with s = b − a.
    L = data.draw(st.integers(2, 40))
    K = data.draw(st.integers(1, L))
    sizes = data.draw(size_lists(L, K))
    c_tc, c_dtc, before = Fraction(0), Fraction(0), 0
    for size in sizes:
        if size >= 2:
            c_tc = max(c_tc, Fraction(size - 1, L - 1 - before))
            c_dtc = max(c_dtc, Fraction(size - 1, before + 1))
        before += size

    constants = tight_constants(deterministic_rho(sizes))

    assert constants.c_tc == pytest.approx(float(c_tc), abs=1e-15)
    assert constants.c_dtc == pytest.approx(float(c_dtc), abs=1e-15)


@pytest.mark.parametrize("L", [2, 3, 5, 8, 11])
def test_random_grid_closed_form_matches_forward_pass(L):
    for K in range(1, L + 1):
        for schedule in (random_tc_schedule(L, K), random_dtc_schedule(L, K)):
            np.testing.assert_allclose(closed_form_rho(schedule), schedule.rho(),
                                       rtol=0, atol=1e-12)


@pytest.mark.parametrize("L, K", [(16, 4), (64, 8), (1024, 32), (4096, 128), (4096, 5)])
def test_balanced_constants_closed_form(L, K):
    # The last block has ⌊L/K⌋ ≥ 2 tokens, so C_TC = 1; the first has ⌈L/K⌉, so C_DTC = ⌈L/K⌉−1.
    constants = tight_constants(closed_form_rho(balanced_schedule(L, K)))

    assert constants.c_tc == 1.0
    assert constants.c_dtc == math.ceil(L / K) - 1


def test_cosine_dtc_constant_is_first_block():
    schedule = cosine_schedule(4096, 4)
    constants = tight_constants(closed_form_rho(schedule))

    assert constants.c_tc == 1.0
    assert constants.c_dtc == schedule.sizes[0] - 1


# the grid


def test_grid_cells_and_normalization():
    records, not_applicable = scaling_grid((16, 64), (4, 8, 16, 64))

    assert all(record.steps < record.length for record in records)
    assert {(record.length, record.steps) for record in records
            if record.schedule == "balanced"} == {(16, 4), (16, 8), (64, 4), (64, 8), (64, 16)}
    for record in records:
        assert record.normalized_tc == pytest.approx(
            record.steps * record.c_tc / math.log(record.length), rel=1e-15)
    assert {(cell.schedule, cell.length, cell.steps) for cell in not_applicable} >= {
        ("ccl-tc", 16, 4), ("ccl-dtc", 64, 4)}
    assert all(record.reconstruction == record.schedule.startswith("random-")
               for record in records)


def test_grid_rejects_length_one():
    with pytest.raises(ValueError, match="L=1"):
        scaling_grid((1, 16), (4,))


def test_grid_matches_forward_pass_at_small_length():
    records, _ = scaling_grid((12,), (3, 5), ("binomial", "random-tc", "cosine"))
    makers = {"binomial": binomial_schedule, "random-tc": random_tc_schedule,
              "cosine": cosine_schedule}

    for record in records:
        constants = tight_constants(makers[record.schedule](12, record.steps).rho())
        assert record.c_tc == pytest.approx(constants.c_tc, abs=1e-12)
        assert record.c_dtc == pytest.approx(constants.c_dtc, abs=1e-12)


# the verdict


@pytest.mark.parametrize("values, expected", [
    ([(16, 3.0), (64, 2.0), (256, 1.0)], 16),
    ([(16, 1.0), (64, 2.0), (256, 1.5)], 64),
    ([(16, 1.0), (64, 2.0), (256, 3.0)], None),
    ([(16, 1.0)], None),
    ([(16, 2.0), (64, 2.0)], 16),
])
def test_nonincreasing_from(values, expected):
    assert nonincreasing_from(values) == expected


def synthetic(schedule, values):
    """Records whose C_TC gives the normalized values ``{(L, K): value}``."""
    return [ScalingRecord(schedule, L, K, value * math.log(L) / K, 0.0, 0, 0)
            for (L, K), value in values.items()]


def test_verdict_flags_growth_in_length():
    records = synthetic("grows", {(16, 4): 1.0, (64, 4): 1.5, (256, 4): 2.0,
                                  (64, 16): 0.5, (256, 16): 0.4})
    verdict = boundedness_verdict(records, "grows", "tc")

    assert verdict.growing_steps == [4]
    assert verdict.bounded_at_fixed_steps is False
    assert verdict.bounded is False
    assert verdict.max_normalized == pytest.approx(2.0)
    assert (verdict.argmax_length, verdict.argmax_steps) == (256, 4)


def test_verdict_flags_constant_that_ignores_steps():
    # C = 1 whatever K: the exponent of K is 0, so the schedule does not adapt.
    records = [ScalingRecord("flat", L, K, 1.0, 0.0, 0, 0)
               for L in (64, 256) for K in (4, 8)]
    verdict = boundedness_verdict(records, "flat", "tc")

    assert verdict.steps_exponent == pytest.approx(0.0, abs=1e-15)
    assert verdict.adapts_to_steps is False
    assert verdict.bounded_at_fixed_steps is True
    assert verdict.bounded is False


def test_verdict_rejects_unknown_kind_and_schedule():
    records = synthetic("a", {(16, 4): 1.0})
    with pytest.raises(ValueError, match="'both'"):
        boundedness_verdict(records, "a", "both")
    with pytest.raises(ValueError, match="'b'"):
        boundedness_verdict(records, "b", "tc")


def test_random_tc_bounded_on_grid():
    records, _ = scaling_grid(schedules=("random-tc",), **SMALL_GRID)
    verdict = boundedness_verdict(records, "random-tc", "tc")

    assert verdict.bounded
    assert verdict.max_normalized < 1.05
    assert verdict.steps_exponent < -0.8


def test_random_dtc_grows_when_steps_are_few():
    records, _ = scaling_grid((16, 64, 256, 1024, 4096), (8, 16, 32, 64), ("random-dtc",))
    verdict = boundedness_verdict(records, "random-dtc", "dtc")

    assert 8 in verdict.growing_steps
    assert verdict.by_steps[8]["last_ratio"] > 1.2
    assert verdict.bounded_in_log_regime is True
    assert max(verdict.log_regime_max.values()) < 1.5


def test_balanced_does_not_adapt():
    records, _ = scaling_grid(schedules=("balanced",), **SMALL_GRID)
    tc = boundedness_verdict(records, "balanced", "tc")
    dtc = boundedness_verdict(records, "balanced", "dtc")

    assert tc.steps_exponent == pytest.approx(0.0, abs=1e-12)
    assert tc.bounded is False
    assert dtc.bounded_at_fixed_steps is False


# the command line


def test_scaling_json_records(monkeypatch, capsys):
    payload = run_json(monkeypatch, capsys, "scaling", "--lengths", "16,64", "--steps", "4,8")

    assert isinstance(payload, list)
    for key in ("schedule", "length", "steps", "c_tc", "c_dtc", "normalized_tc",
                "normalized_dtc"):
        assert all(key in record for record in payload)
    balanced = [record for record in payload
                if record["schedule"] == "balanced" and record["length"] == 16
                and record["steps"] == 4]
    assert len(balanced) == 1
    assert balanced[0]["c_dtc"] == 3.0
    assert balanced[0]["normalized_dtc"] == pytest.approx(4 * 3 / math.log(16))


def test_scaling_text_report_and_figure(monkeypatch, capsys, tmp_path):
    figure = tmp_path / "scaling.png"
    code, out, err = run_command(monkeypatch, capsys, "scaling", "--lengths", "16,64,256",
                                 "--steps", "4,8,16", "--figure", figure)

    assert code == 0, err
    assert "random-tc *: K·C_TC/ln L reaches at most" in out
    assert "Fixed sizes do not adapt (L=256)" in out
    assert "ccl-tc not applicable at L=16 K=4" in err
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("argv, fragment", [
    (["--lengths", "1,16"], "at least 2, got 1"),
    (["--lengths", "16,abc"], "'abc'"),
    (["--steps", "0"], "at least 1, got 0"),
    (["--lengths", "4", "--steps", "8"], "no grid cell has K < L"),
    (["--schedule", "nonsense"], "'nonsense'"),
    (["--bound", "TC + x"], "'x'"),
    (["--log-regime-factor", "-1"], "'-1'"),
    (["--figure", "scaling.pdf"], "'scaling.pdf'"),
])
def test_scaling_invalid_input(monkeypatch, capsys, argv, fragment):
    code, out, err = run_command(monkeypatch, capsys, "scaling", *argv)

    assert code == 2
    assert fragment in err
    assert out == ""


def test_scaling_bound_holds_and_fails(monkeypatch, capsys):
    grid = ["--lengths", "64,256", "--steps", "8,32", "--schedule", "random-tc"]
    holds = run_json(monkeypatch, capsys, "scaling", *grid, "--bound", "1.05*TC*log(L)/K")
    fails = run_json(monkeypatch, capsys, "scaling", *grid, "--bound", "0.5*TC*log(L)/K",
                     expected_code=1)

    assert all(record["user_bound"]["holds"] for record in holds)
    assert all(record["user_bound"]["every_law"] is not None for record in holds)
    assert not all(record["user_bound"]["holds"] for record in fails)
