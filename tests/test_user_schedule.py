"""User schedules: Python size laws and JSON transition files, against path enumeration."""

import json
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from command_runner import run_command, run_json
from distributions.catalogue import parse_distribution
from verifier.expected_kl import expected_kl
from verifier.information import entropy_profile
from verifier.schedule import CountChainSchedule, DeterministicSchedule, tight_constants
from verifier.schedules import balanced_schedule, parse_schedule
from verifier.user_schedule import SizeLawSchedule, load_json_schedule, parse_user_schedule

SIZE_LAWS = textwrap.dedent('''
    def balanced(k, revealed, L, K):
        quotient, remainder = divmod(L, K)
        size = quotient + 1 if k <= remainder else quotient
        law = [0.0] * (L - revealed + 1)
        law[size] = 1.0
        return law

    def one_or_two(k, revealed, L, K):
        remaining = L - revealed
        law = [0.0] * (remaining + 1)
        if k == K:
            law[remaining] = 1.0
        elif remaining == 0:
            law[0] = 1.0
        elif remaining == 1:
            law[0], law[1] = 0.5, 0.5
        else:
            law[1], law[2] = 0.25, 0.75
        return law

    def short_sum(k, revealed, L, K):
        return [0.5] + [0.0] * (L - revealed)

    def overshoot(k, revealed, L, K):
        law = [0.0] * (L - revealed + 3)
        law[-1] = 1.0
        return law

    def never_finishes(k, revealed, L, K):
        return [1.0] + [0.0] * (L - revealed)

    def raises(k, revealed, L, K):
        raise RuntimeError("boom at " + str(k))

    def not_numbers(k, revealed, L, K):
        return "abc"

    def negative(k, revealed, L, K):
        law = [0.0] * (L - revealed + 1)
        law[-1] = 1.5
        law[0] = -0.5
        return law

    NOT_CALLABLE = 3
''')


@pytest.fixture
def laws_file(tmp_path):
    path = tmp_path / "size_laws.py"
    path.write_text(SIZE_LAWS)
    return path


@pytest.fixture
def laws_module(tmp_path, monkeypatch):
    (tmp_path / "my_size_laws.py").write_text(SIZE_LAWS)
    monkeypatch.syspath_prepend(str(tmp_path))
    return "my_size_laws"


def one_or_two(k, revealed, L, K):
    remaining = L - revealed
    if k == K:
        return {remaining: 1.0}
    if remaining == 0:
        return {0: 1.0}
    if remaining == 1:
        return {0: 0.5, 1: 0.5}
    return {1: 0.25, 2: 0.75}


def rho_by_definition(sizes):
    L = sum(sizes)
    rho, before = [], 0
    for size in sizes:
        rho += [before + size - 1 - m for m in range(before, before + size)]
        before += size
    return np.array(rho[: L - 1], dtype=float)


def rho_by_paths(size_law, L, K):
    """ρ as the average over every size sequence, weighted by its probability."""
    total = np.zeros(L - 1)

    def walk(k, revealed, probability, sizes):
        nonlocal total
        if k > K:
            total += probability * rho_by_definition(sizes)
            return
        for size, weight in size_law(k, revealed, L, K).items():
            if weight > 0:
                walk(k + 1, revealed + size, probability * weight, sizes + [size])

    walk(1, 0, 1.0, [])
    return total


# Python size laws


@pytest.mark.parametrize("L, K", [(2, 2), (5, 2), (7, 3), (9, 5), (10, 10)])
def test_size_law_rho_matches_path_enumeration(laws_file, L, K):
    schedule = parse_schedule(f"python:{laws_file}:one_or_two", L, K)

    np.testing.assert_allclose(schedule.rho(), rho_by_paths(one_or_two, L, K),
                               rtol=0, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(L=st.integers(2, 12), data=st.data())
def test_size_law_matches_generic_forward_pass(L, data):
    K = data.draw(st.integers(1, L))
    schedule = SizeLawSchedule(
        lambda k, revealed, L_, K_: [one_or_two(k, revealed, L_, K_).get(size, 0.0)
                                     for size in range(L_ - revealed + 1)],
        L, K, name="one_or_two",
    )
    chain = CountChainSchedule([schedule.transition(k) for k in range(1, K + 1)], name="chain")

    np.testing.assert_allclose(schedule.rho(), chain.rho(), rtol=0, atol=1e-12)
    assert schedule.expected_nonempty_steps() == pytest.approx(chain.expected_nonempty_steps(),
                                                              abs=1e-12)


def test_deterministic_size_law_equals_balanced(laws_module):
    schedule = parse_schedule(f"python:{laws_module}:balanced", 11, 4)

    np.testing.assert_array_equal(schedule.rho(), balanced_schedule(11, 4).rho())
    assert schedule.support_size_max() == 3


@pytest.mark.parametrize("function, fragments", [
    ("short_sum", ["step k=1", "count N=0", "sums to 0.5"]),
    ("overshoot", ["step k=1", "count N=0", "above L−N=6", "sums to 1.0"]),
    ("never_finishes", ["step k=3", "count N=0", "last step", "sums to 1.0"]),
    ("raises", ["step k=1", "count N=0", "RuntimeError: boom at 1"]),
    ("not_numbers", ["step k=1", "count N=0", "'abc'"]),
    ("negative", ["step k=1", "count N=0", "negative"]),
    ("NOT_CALLABLE", ["NOT_CALLABLE", "not a callable"]),
    ("missing", ["no attribute 'missing'"]),
])
def test_size_law_validation(laws_file, function, fragments):
    with pytest.raises(ValueError) as error:
        parse_schedule(f"python:{laws_file}:{function}", 6, 3)
    for fragment in fragments:
        assert fragment in str(error.value)


@pytest.mark.parametrize("spec, fragment", [
    ("python:no_such_module_here:f", "module 'no_such_module_here'"),
    ("python:/no/such/file.py:f", "not found"),
    ("python:justone", "python:MODULE:FUNCTION"),
    ("python:", "names no python schedule"),
    ("json:", "names no json schedule"),
])
def test_user_spec_errors(spec, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_schedule(spec, 6, 3)


def test_size_law_needs_steps(laws_file):
    with pytest.raises(ValueError, match="needs the number of steps K"):
        parse_user_schedule(f"python:{laws_file}:one_or_two", 6, None)


def test_existing_specs_keep_their_messages():
    with pytest.raises(ValueError, match="unknown schedule 'foo'; valid names"):
        parse_schedule("foo", 6, 3)
    assert parse_schedule("fixed:3,2,1", 6, None).sizes == (3, 2, 1)


# JSON transition files


def write_json(path, document):
    path.write_text(json.dumps(document))
    return path


def test_json_schedule_by_hand(tmp_path):
    # Sizes (1, 2) or (2, 1) with probability 1/2 each: ρ = (1/2, 1/2).
    path = write_json(tmp_path / "mix.json", {
        "length": 3, "steps": 2,
        "transitions": [[1, 0, 1, 0.5], [1, 0, 2, 0.5], [2, 1, 3, 1.0], [2, 2, 3, 1.0]],
    })
    schedule = parse_schedule(f"json:{path}", 3, None)

    np.testing.assert_allclose(schedule.rho(), [0.5, 0.5], rtol=0, atol=1e-15)
    assert schedule.steps == 2
    assert schedule.name == f"json:{path}"


@pytest.mark.parametrize("document, fragments", [
    ({"length": 3, "steps": 2, "transitions": [[1, 0, 1, 0.5], [2, 1, 3, 1.0]]},
     ["step k=1", "count N=0", "sum to 0.5"]),
    ({"length": 3, "steps": 2, "transitions": [[1, 0, 1, 1.0]]},
     ["step k=2", "count N=1", "sum to 0", "no transition is given"]),
    ({"length": 3, "steps": 2, "transitions": [[1, 0, 1, 1.0], [2, 1, 2, 1.0]]},
     ["step k=2", "count N=1", "reach L=3"]),
    ({"length": 3, "steps": 2, "transitions": [[1, 2, 1, 1.0]]}, ["backwards, 2 → 1"]),
    ({"length": 3, "steps": 2, "transitions": [[3, 0, 1, 1.0]]}, ["step 3 is outside 1..K=2"]),
    ({"length": 3, "steps": 2, "transitions": [[1, 0, 3, 0.5], [1, 0, 3, 0.5]]},
     ["repeats step 1, 0 → 3"]),
    ({"length": 3, "steps": 2, "transitions": [[1, 0, 3, "half"]]}, ["'half'"]),
    ({"length": 3, "transitions": []}, ["no 'steps' key"]),
    ({"length": 3.5, "steps": 2, "transitions": []}, ["'length'", "3.5"]),
    ([1, 2], ["JSON object"]),
])
def test_json_schedule_validation(tmp_path, document, fragments):
    path = write_json(tmp_path / "bad.json", document)
    with pytest.raises(ValueError) as error:
        load_json_schedule(path)
    for fragment in fragments:
        assert fragment in str(error.value)


def test_json_schedule_invalid_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_json_schedule(path)
    with pytest.raises(ValueError, match="not found"):
        load_json_schedule(tmp_path / "missing.json")


def test_json_schedule_length_and_steps_must_agree(tmp_path):
    path = write_json(tmp_path / "one.json", {"length": 2, "steps": 1,
                                             "transitions": [[1, 0, 2, 1.0]]})
    with pytest.raises(ValueError, match="is for L=2, but the length is L=3"):
        parse_schedule(f"json:{path}", 3, None)
    with pytest.raises(ValueError, match="has 1 steps, but --steps is 2"):
        parse_schedule(f"json:{path}", 2, 2)


# through the command line


def test_minimax_output_loads_as_schedule(monkeypatch, capsys, tmp_path):
    minimax = run_json(monkeypatch, capsys, "minimax", "--length", 7, "--steps", 3,
                       "--objective", "both")
    path = write_json(tmp_path / "minimax.json", minimax)
    schedule = run_json(monkeypatch, capsys, "schedule", f"json:{path}", "--length", 7)

    assert schedule["c_tc"] == pytest.approx(minimax["c_tc"], abs=1e-9)
    assert schedule["c_dtc"] == pytest.approx(minimax["c_dtc"], abs=1e-9)
    np.testing.assert_allclose(schedule["rho"], minimax["rho"], rtol=0, atol=1e-9)


def test_kl_with_size_law(monkeypatch, capsys, laws_file):
    profile = entropy_profile(parse_distribution("asia"))
    payload = run_json(monkeypatch, capsys, "kl", "asia", "--schedule",
                       f"python:{laws_file}:one_or_two", "--steps", 4)

    assert payload["expected_kl"] == pytest.approx(
        float(np.dot(profile.delta, rho_by_paths(one_or_two, 8, 4))), abs=1e-12)
    assert payload["mixture_kl"] <= payload["expected_kl"] + 1e-12
    assert all(payload["checks"].values())


def test_schedule_command_with_size_law(monkeypatch, capsys, laws_file):
    payload = run_json(monkeypatch, capsys, "schedule", f"python:{laws_file}:one_or_two",
                       "--length", 9, "--steps", 5)
    constants = tight_constants(rho_by_paths(one_or_two, 9, 5))

    assert payload["c_tc"] == pytest.approx(constants.c_tc, abs=1e-12)
    assert payload["c_dtc"] == pytest.approx(constants.c_dtc, abs=1e-12)


def test_scaling_with_user_schedules(monkeypatch, capsys, laws_file, tmp_path):
    path = write_json(tmp_path / "fixed.json", {
        "length": 4, "steps": 2, "transitions": [[1, 0, 3, 1.0], [2, 3, 4, 1.0]]})
    payload = run_json(monkeypatch, capsys, "scaling", "--lengths", "16,64", "--steps", "4",
                       "--schedule", f"python:{laws_file}:balanced", "--schedule", f"json:{path}")

    by_cell = {(record["schedule"], record["length"], record["steps"]): record
               for record in payload}
    assert by_cell[(f"python:{laws_file}:balanced", 64, 4)]["c_dtc"] == 15.0
    assert by_cell[(f"json:{path}", 4, 2)]["c_dtc"] == 2.0
    assert by_cell[(f"json:{path}", 4, 2)]["c_tc"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("command", [
    ["schedule", "--length", 6, "--steps", 3],
    ["kl", "parity:L=6", "--steps", 3, "--no-mixture", "--schedule"],
])
def test_invalid_size_law_exits_2(monkeypatch, capsys, laws_file, command):
    spec = f"python:{laws_file}:short_sum"
    argv = command + [spec] if command[0] == "kl" else [command[0], spec] + command[1:]
    code, out, err = run_command(monkeypatch, capsys, *argv)

    assert code == 2
    assert "step k=1, count N=0 sums to 0.5" in err
    assert out == ""


def test_invalid_json_schedule_exits_2(monkeypatch, capsys, tmp_path):
    path = write_json(tmp_path / "bad.json", {"length": 3, "steps": 2,
                                             "transitions": [[1, 0, 1, 0.25]]})
    code, out, err = run_command(monkeypatch, capsys, "schedule", f"json:{path}", "--length", 3)

    assert code == 2
    assert "step k=1, count N=0" in err
    assert "sum to 0.25" in err


def test_fixed_schedule_unchanged_through_parser():
    assert parse_schedule("fixed:2,2", 4, 2).rho().tolist() == \
        DeterministicSchedule([2, 2]).rho().tolist()
    assert expected_kl(entropy_profile(parse_distribution("parity:L=4")),
                       parse_schedule("fixed:4", 4, None)) == pytest.approx(np.log(2))
