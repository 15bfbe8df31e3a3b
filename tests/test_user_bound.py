"""User bounds: safe parsing, evaluation against sympy, and the checks against every law."""

import math

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from command_runner import run_command, run_json
from distributions.catalogue import parse_distribution
from verifier.analysis import analyze
from verifier.schedule import tight_constants
from verifier.schedules import parse_schedule
from verifier.user_bound import (
    check_bound_on_schedule,
    expected_bound,
    parse_bound,
    smallest_prime_at_least,
)


@pytest.mark.parametrize("text, fragment", [
    ("", "empty"),
    ("   ", "empty"),
    ("TC + x", "'x'"),
    ("__import__('os')", "'__import__'"),
    ("TC.real", "'.'"),
    ("'TC'", "\"'TC'\""),
    ("TC[0]", "'['"),
    ("lambda: 1", "'lambda'"),
    ("TC < DTC", "'<'"),
    ("2j*TC", "'2j'"),
    ("TC, DTC", "not a single expression"),
    ("log(", "invalid bound formula"),
    ("TC +* DTC", "invalid bound formula"),
])
def test_parse_rejects(text, fragment):
    with pytest.raises(ValueError) as error:
        parse_bound(text)
    assert fragment in str(error.value)


def test_parse_rejects_non_string():
    with pytest.raises(TypeError, match="str"):
        parse_bound(3)


def test_caret_is_power():
    assert parse_bound("TC^2").evaluate(tc=3.0, dtc=0, L=2, K=1).item() == 9.0


@settings(max_examples=40)
@given(tc=st.floats(0, 50), dtc=st.floats(0, 50), L=st.integers(2, 4096),
       data=st.data())
def test_evaluate_matches_sympy_substitution(tc, dtc, L, data):
    K = data.draw(st.integers(1, L))
    s_max = data.draw(st.integers(1, L))
    bound = parse_bound("Max(TC, DTC)*ceiling(log(s_max, 2))/L + sqrt(K)*exp(-K/L) + Min(TC, DTC)")
    symbols = {name: sympy.Symbol(name) for name in ("TC", "DTC", "L", "K", "s_max")}
    expected = float(bound.expression.subs({symbols["TC"]: tc, symbols["DTC"]: dtc,
                                            symbols["L"]: L, symbols["K"]: K,
                                            symbols["s_max"]: s_max}).evalf())

    value = bound.evaluate(tc=tc, dtc=dtc, L=L, K=K, s_max=s_max).item()

    assert value == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_evaluate_rejects_undefined_values():
    with pytest.raises(ValueError, match="not a finite real number at TC=1, K=1"):
        parse_bound("TC/(K-1)").evaluate(tc=1.0, dtc=0.0, L=4, K=1)
    with pytest.raises(ValueError, match="TC=1"):
        parse_bound("log(-TC)").evaluate(tc=1.0, dtc=0.0, L=4, K=1)


@pytest.mark.parametrize("text, linear", [
    ("TC*log(L)/K", True),
    ("(s_max - 1)*(TC + DTC)/L", True),
    ("3", True),
    ("Min(TC, DTC)*log(L)/K", False),
    ("TC*DTC", False),
    ("sqrt(TC)", False),
])
def test_linear_coefficients(text, linear):
    assert (parse_bound(text).linear_coefficients is not None) == linear


def test_tight_constant_bound_holds_exactly():
    # E KL ≤ C_TC·TC is tight: it holds for every law, and any smaller factor fails.
    schedule = parse_schedule("random-dtc", 40, 6)
    rho = schedule.rho()
    constant = tight_constants(rho).c_tc

    holds = check_bound_on_schedule(parse_bound(f"{constant!r}*TC"), schedule, rho)
    fails = check_bound_on_schedule(parse_bound(f"{constant * 0.999!r}*TC"), schedule, rho)

    assert holds["holds"] and holds["every_law"]["holds"]
    assert holds["every_law"]["margin"] == pytest.approx(0.0, abs=1e-9)
    assert not fails["holds"]
    assert fails["every_law"]["worst_m"] == tight_constants(rho).argmax_tc


def test_negative_constant_fails_for_independent_laws():
    schedule = parse_schedule("balanced", 8, 8)
    record = check_bound_on_schedule(parse_bound("TC - 0.1"), schedule, schedule.rho())

    assert not record["holds"]


def test_reed_solomon_check_matches_dense_codes():
    # The closed form E KL = ρ_{k−1}·log q of the check against the dense Reed–Solomon laws.
    L, K = 5, 2
    q = smallest_prime_at_least(L)
    schedule = parse_schedule("random-tc", L, K)
    bound = parse_bound("Min(TC, DTC)")
    record = check_bound_on_schedule(bound, schedule, schedule.rho())
    worst = record["reed_solomon"]

    law = parse_distribution(f"rs:q={q},n={L},k={worst['worst_k']}")
    report = analyze(law, schedule, mixture=False)

    assert q == 5
    assert report.expected_kl == pytest.approx(worst["expected_kl"], abs=1e-12)
    assert min(report.tc, report.dtc) == pytest.approx(worst["bound"], abs=1e-12)
    assert worst["holds"] == (report.expected_kl <= worst["bound"] + 1e-12)


def test_expected_bound_averages_over_largest_size():
    schedule = parse_schedule("random-tc", 7, 3)
    law = schedule.size_max_law()
    bound = parse_bound("(s_max - 1)*(TC + DTC)/L")
    expected = sum(law[s] * (s - 1) * (2.0 + 3.0) / 7 for s in range(8))

    assert expected_bound(bound, tc=2.0, dtc=3.0, schedule=schedule) == pytest.approx(
        expected, abs=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 14, 17, 4096])
def test_smallest_prime_at_least(n):
    prime = smallest_prime_at_least(n)
    assert prime >= max(n, 2)
    assert all(prime % d for d in range(2, prime))
    assert not any(all(c % d for d in range(2, c)) for c in range(max(n, 2), prime))


# through the command line


def test_kl_bound_value_and_check(monkeypatch, capsys):
    payload = run_json(monkeypatch, capsys, "kl", "asia", "--schedule", "balanced", "--steps", 4,
                       "--bound", "TC*log(L)/K")

    assert payload["bounds"]["user"] == pytest.approx(payload["tc"] * math.log(8) / 4,
                                                      abs=1e-12)
    assert payload["checks"]["user_bound"] is True


def test_kl_failing_bound_exits_1(monkeypatch, capsys):
    payload = run_json(monkeypatch, capsys, "kl", "parity:L=6", "--schedule", "fixed:6",
                       "--bound", "TC/2", expected_code=1)

    assert payload["checks"]["user_bound"] is False


def test_kl_bound_in_bits_converts(monkeypatch, capsys):
    payload = run_json(monkeypatch, capsys, "kl", "repetition:L=4", "--schedule", "fixed:4",
                       "--bound", "TC", "--bits")

    assert payload["bounds"]["user"] == pytest.approx(3.0, abs=1e-12)


def test_schedule_bound_text(monkeypatch, capsys):
    code, out, err = run_command(monkeypatch, capsys, "schedule", "balanced", "--length", 16,
                                 "--steps", 4, "--bound", "(s_max-1)*(TC+DTC)/L")

    assert code == 0, err
    assert "holds for every law" in out


def test_schedule_nonlinear_bound_fails(monkeypatch, capsys):
    payload = run_json(monkeypatch, capsys, "schedule", "balanced", "--length", 16, "--steps", 4,
                       "--bound", "Min(TC,DTC)*log(L)/K", expected_code=1)

    assert payload["user_bound"]["linear"] is False
    assert payload["user_bound"]["reed_solomon"]["q"] == 17
    assert payload["user_bound"]["reed_solomon"]["worst_k"] == 1
    assert payload["user_bound"]["reed_solomon"]["expected_kl"] == pytest.approx(
        3 * math.log(17), abs=1e-12)


@pytest.mark.parametrize("argv", [
    ["kl", "asia", "--schedule", "balanced", "--steps", 2, "--bound", "TC + os"],
    ["schedule", "balanced", "--length", 8, "--steps", 2, "--bound", "TC.real"],
    ["kl", "asia", "--schedule", "balanced", "--steps", 1, "--bound", "TC/(K-1)"],
])
def test_invalid_bound_exits_2(monkeypatch, capsys, argv):
    code, out, err = run_command(monkeypatch, capsys, *argv)

    assert code == 2
    assert "bound" in err
    assert out == ""


def test_bound_symbols_are_numpy_arrays():
    values = parse_bound("TC + DTC").evaluate(tc=np.arange(3.0), dtc=1.0, L=4, K=2)

    np.testing.assert_array_equal(values, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("formula", ["9**9**9**9", "9^9^9", "TC*2**(10**6)"])
def test_huge_constant_power_rejected(formula):
    with pytest.raises(ValueError, match="exponent"):
        parse_bound(formula)
