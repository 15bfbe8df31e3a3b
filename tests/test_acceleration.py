"""Steps to a target error, speed-ups, and the Reed–Solomon family in closed form."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from command_runner import run_command, run_json
from distributions.catalogue import parse_distribution
from verifier.acceleration import (
    SPEEDUP_PAIRS,
    acceleration_records,
    default_distributions,
    expected_kl_at,
    expected_kl_curve,
    per_code_optimum,
    reed_solomon_expected_kl,
    reed_solomon_family,
    reed_solomon_profile,
    smallest_optimal_steps,
    smallest_steps,
)
from verifier.analysis import analyze
from verifier.information import entropy_profile
from verifier.minimax import minimax_schedule
from verifier.rho_closed_form import closed_form_rho
from verifier.schedule import tight_constants
from verifier.schedules import parse_schedule


def profile_of(spec):
    return entropy_profile(parse_distribution(spec))


# steps to a target


def test_smallest_steps_skips_missing_values():
    assert smallest_steps([None, 0.5, 0.2, 0.3, 0.05], 0.25) == 3
    assert smallest_steps([None, 0.5], 0.1) is None
    assert smallest_steps([0.0], 0.0) == 1


@settings(max_examples=50)
@given(values=st.lists(st.floats(0, 10), min_size=1, max_size=30),
       epsilon=st.floats(0, 10))
def test_bisection_matches_scan_on_monotone_curves(values, epsilon):
    curve = sorted(values, reverse=True)

    assert smallest_optimal_steps(lambda K: curve[K - 1], len(curve), epsilon) == \
        smallest_steps(curve, epsilon)


def test_bisection_matches_scan_for_optimal():
    profile = profile_of("markov:L=9,flip=0.2")
    curve = expected_kl_curve(profile, "optimal")
    for epsilon in (1.0, 0.3, 0.1, 0.01, 1e-9):
        assert smallest_optimal_steps(lambda K: curve[K - 1], 9, epsilon) == \
            smallest_steps(curve, epsilon)


def test_repetition_code_by_hand():
    # δ is a spike at m = 0 of height log 2, so E KL = ρ_0·log 2, zero exactly when the first
    # step reveals one token. balanced does so only at K = L = 8. cosine masks
    # ⌊8·cos(π/(2K))⌋ tokens after step 1: 6 for K = 3 (ρ_0 = 1), 7 for K = 4 (ρ_0 = 0).
    records = acceleration_records([("repetition", profile_of("repetition:L=8"))], [0.1])
    record = records[0]

    assert record.steps["balanced"] == 8
    assert record.steps["cosine"] == 4
    assert record.steps["optimal"] == 2


def test_speedups_are_step_ratios():
    records = acceleration_records([("asia", profile_of("asia"))], [0.5, 0.2], relative=True)

    for record in records:
        assert record.target == pytest.approx(record.epsilon * record.tc)
        for fast, baseline in SPEEDUP_PAIRS:
            ratio = record.speedups[f"{fast}/{baseline}"]
            if record.steps[fast] is None:
                assert ratio is None
            else:
                assert ratio == record.steps[baseline] / record.steps[fast]
        for name, K in record.steps.items():
            if K is not None:
                assert record.expected_kl[name] <= record.target
                assert record.expected_kl[name] == pytest.approx(
                    expected_kl_at(entropy_profile(parse_distribution("asia")), name, K))


def test_product_law_needs_one_step():
    records = acceleration_records([("product", profile_of("product:L=5,p=0.3"))], [1e-6])

    for name in ("balanced", "cosine", "random-tc", "random-dtc", "binomial", "optimal"):
        assert records[0].steps[name] == 1


def test_default_distributions_parse():
    specs = default_distributions()

    assert "asia" in specs
    assert all(parse_distribution(spec).name == spec for spec in specs[:5])


# the Reed–Solomon family


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_closed_form_matches_dense_code(k):
    L, q = 6, 7
    law = parse_distribution(f"rs:q={q},n={L},k={k}")
    for name, K in (("balanced", 3), ("random-tc", 2), ("binomial", 4), ("cosine", 2)):
        schedule = parse_schedule(name, L, K)
        values = reed_solomon_expected_kl(closed_form_rho(schedule), q)
        report = analyze(law, schedule, mixture=False)
        assert values[k - 1] == pytest.approx(report.expected_kl, abs=1e-10)


def test_uniform_law_has_no_error():
    values = reed_solomon_expected_kl(closed_form_rho(parse_schedule("balanced", 6, 2)), 7)
    profile = reed_solomon_profile(6, 6, 7)

    assert values[-1] == 0.0
    assert np.allclose(profile.delta, 0.0)


@pytest.mark.parametrize("L", [16, 64, 300])
def test_worst_ratio_equals_larger_tight_constant(L):
    q, rows, _ = reed_solomon_family(L, [4, 8], ["balanced", "cosine", "random-tc",
                                                  "random-dtc", "binomial"])
    for row in rows:
        constants = tight_constants(closed_form_rho(parse_schedule(row.schedule, L, row.steps)))
        assert row.worst_ratio == pytest.approx(max(constants.c_tc, constants.c_dtc), rel=1e-12)


def test_minimax_bounds_every_schedule_on_the_family():
    L = 24
    _, rows, _ = reed_solomon_family(L, [3, 6], ["balanced", "cosine", "ccl-tc", "ccl-dtc",
                                                  "random-tc", "random-dtc", "binomial"])
    for K in (3, 6):
        bound = minimax_schedule(L, K, "both").value
        assert all(row.worst_ratio >= bound - 1e-8 for row in rows if row.steps == K)


def test_law_aware_optimum_is_zero_from_two_steps():
    for k in (1, 5, 17, 31):
        assert per_code_optimum(32, k, 37, 2) == pytest.approx(0.0, abs=1e-12)
    assert per_code_optimum(32, 5, 37, 1) == pytest.approx(27 * math.log(37), abs=1e-12)


def test_family_rejects_bad_field():
    with pytest.raises(ValueError, match="q=8"):
        reed_solomon_family(6, [2], ["balanced"], q=8)
    with pytest.raises(ValueError, match="L=1"):
        reed_solomon_family(1, [1], ["balanced"])


def test_family_at_large_length():
    q, rows, not_applicable = reed_solomon_family(4096, [16], ["random-dtc", "ccl-tc"])

    assert q == 4099
    assert [row.schedule for row in rows] == ["random-dtc", "ccl-tc"]
    assert not_applicable == []


# the command line


def test_accelerate_json(monkeypatch, capsys):
    payload = run_json(monkeypatch, capsys, "accelerate", "asia", "repetition:L=8",
                       "--epsilon", "0.1,0.5", "--rs-length", 16, "--rs-steps", "3,4")

    assert payload["unit"] == "nats"
    assert len(payload["records"]) == 4
    record = payload["records"][0]
    for key in ("distribution", "epsilon", "target", "steps", "speedups", "tc", "dtc"):
        assert key in record
    rs = payload["reed_solomon"]
    assert rs["q"] == 17
    assert set(rs["minimax_lower_bound"]) == {"3", "4"}
    assert all(row["worst_ratio"] >= rs["minimax_lower_bound"][str(row["steps"])] - 1e-8
               for row in rs["rows"])
    assert all(entry["law_aware_optimum"] == pytest.approx(0.0, abs=1e-12)
               for entry in rs["per_code"])


def test_accelerate_text(monkeypatch, capsys):
    code, out, err = run_command(monkeypatch, capsys, "accelerate", "asia", "--relative",
                                 "--rs-length", 12, "--rs-steps", 3, "--no-minimax")

    assert code == 0, err
    assert "E_π KL(p‖q_π) ≤ ε·TC" in out
    assert "Reed–Solomon codes of length L=12 over GF(13)" in out


@pytest.mark.parametrize("argv, fragment", [
    (["--epsilon", "0"], "'0'"),
    (["--epsilon", "abc"], "'abc'"),
    (["--rs-steps", "64"], "[64]"),
    (["--rs-length", "1"], "at least 2, got 1"),
    (["no-such-law"], "'no-such-law'"),
])
def test_accelerate_invalid_input(monkeypatch, capsys, argv, fragment):
    code, out, err = run_command(monkeypatch, capsys, "accelerate", *argv)

    assert code == 2
    assert fragment in err
    assert out == ""
