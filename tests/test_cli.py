"""The command line: exit codes, JSON keys and messages of invalid input."""

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from verifier.cli import main


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys, *argv):
    code, out, err = run_cli(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_profile_json_keys(capsys):
    payload = run_json(capsys, "profile", "parity:L=4")

    for key in ("L", "V", "unit", "entropy", "tc", "dtc", "profile"):
        assert key in payload
    assert payload["unit"] == "nats"
    assert payload["L"] == 4
    assert len(payload["profile"]) == 5
    assert payload["tc"] == pytest.approx(math.log(2), abs=1e-12)
    assert payload["dtc"] == pytest.approx(3 * math.log(2), abs=1e-12)


def test_profile_in_bits(capsys):
    payload = run_json(capsys, "profile", "repetition:L=5", "--bits")

    assert payload["unit"] == "bits"
    assert payload["tc"] == pytest.approx(4.0, abs=1e-12)
    assert payload["dtc"] == pytest.approx(1.0, abs=1e-12)


def test_kl_json_keys(capsys):
    payload = run_json(capsys, "kl", "hamming", "--schedule", "balanced", "--steps", "3")

    for key in ("unit", "schedule", "steps", "expected_kl", "mixture_kl", "tc", "dtc",
                "bounds", "checks"):
        assert key in payload
    assert payload["schedule"] == "balanced"
    assert payload["steps"] == 3
    assert isinstance(payload["bounds"], dict)
    assert all(isinstance(value, bool) for value in payload["checks"].values())
    assert payload["mixture_kl"] <= payload["expected_kl"] + 1e-12


def test_kl_one_shot_repetition_by_hand(capsys):
    # One-shot sampling of the repetition code: q is uniform on {0,1}^4, KL = log 8 = TC.
    payload = run_json(capsys, "kl", "repetition:L=4", "--schedule", "fixed:4")

    assert payload["expected_kl"] == pytest.approx(3 * math.log(2), abs=1e-12)
    assert payload["mixture_kl"] == pytest.approx(3 * math.log(2), abs=1e-12)


def test_kl_without_mixture(capsys):
    payload = run_json(capsys, "kl", "parity:L=6", "--schedule", "random-tc", "--steps", "3",
                       "--no-mixture")

    assert payload["mixture_kl"] is None
    assert any("reconstruction" in note for note in payload["notes"])


def test_kl_optimal_schedule(capsys):
    payload = run_json(capsys, "kl", "asia", "--schedule", "optimal", "--steps", "3")

    balanced = run_json(capsys, "kl", "asia", "--schedule", "balanced", "--steps", "3")
    assert payload["expected_kl"] <= balanced["expected_kl"] + 1e-12


def test_schedule_json_keys(capsys):
    payload = run_json(capsys, "schedule", "balanced", "--length", "8", "--steps", "4")

    for key in ("length", "steps", "rho", "c_tc", "c_dtc", "expected_nonempty_steps"):
        assert key in payload
    # Sizes 2,2,2,2: the first token of each pair has one partner after it.
    assert payload["rho"] == [1, 0, 1, 0, 1, 0, 1]
    assert payload["c_tc"] == pytest.approx(1.0)
    assert payload["c_dtc"] == pytest.approx(1.0)


def test_profile_beyond_dense_tables(capsys):
    # Parity is an MDS code: TC = log 2 and DTC = (L−1)·log 2 at any length.
    payload = run_json(capsys, "profile", "parity:L=40")

    assert payload["tc"] == pytest.approx(math.log(2), rel=1e-12)
    assert payload["dtc"] == pytest.approx(39 * math.log(2), rel=1e-12)
    assert "structured" in payload["mode"]


def test_kl_of_long_markov_chain(capsys):
    payload = run_json(capsys, "kl", "markov:L=64,flip=0.2", "--schedule", "balanced",
                       "--steps", "8")

    assert payload["mixture_kl"] is None
    assert payload["expected_kl"] <= payload["tc"]
    assert all(payload["checks"].values())
    assert "structured" in payload["mode"]


def test_list_names_every_entry(capsys):
    code, out, _ = run_cli(capsys, "list")

    assert code == 0
    for name in ("parity", "repetition", "rs", "hamming", "markov", "asia", "text-bigram"):
        assert name in out


def test_npy_input(tmp_path, capsys):
    table = np.zeros((2, 2, 2))
    table[0, 0, 0] = table[1, 1, 1] = 0.5
    path = tmp_path / "law.npy"
    np.save(path, table)

    payload = run_json(capsys, "profile", str(path))

    assert payload["tc"] == pytest.approx(2 * math.log(2), abs=1e-12)


INVALID_INPUTS = [
    (("profile", "nosuchlaw"), "nosuchlaw"),
    (("profile", "parity:L=zero"), "zero"),
    (("profile", "parity:M=4"), "M"),
    (("profile", "markov:flip=1.5"), "1.5"),
    (("profile", "rs:q=6,n=4,k=2"), "6"),
    (("profile", "rs:q=7,n=4,k=5"), "5"),
    (("profile", "ising:L=40"), "40"),
    (("kl", "ising:L=40", "--schedule", "balanced", "--steps", "4"), "40"),
    (("profile", "missing-file.npy"), "missing-file.npy"),
    (("kl", "parity:L=4", "--schedule", "balanced", "--steps", "9"), "9"),
    (("kl", "parity:L=4", "--schedule", "fancy", "--steps", "2"), "fancy"),
    (("kl", "parity:L=4", "--schedule", "fixed:1,2"), "fixed:1,2"),
    (("kl", "parity:L=4", "--schedule", "fixed:2,x"), "x"),
    (("kl", "parity:L=4", "--schedule", "fixed:2,2", "--steps", "3"), "3"),
    (("kl", "parity:L=4", "--schedule", "balanced"), "--steps"),
    (("kl", "parity:L=8", "--schedule", "ccl-tc", "--steps", "2"), "K=2"),
    (("schedule", "optimal", "--length", "5", "--steps", "2"), "optimal"),
    (("schedule", "balanced", "--length", "5", "--steps", "0"), "0"),
    (("schedule", "balanced", "--length", "-3", "--steps", "2"), "-3"),
    (("schedule", "fixed:3,-1", "--length", "2"), "-1"),
]


def exit_code_of(capsys, *argv):
    """Return (code, out, err), also for usage errors that argparse reports by SystemExit."""
    try:
        code = main(list(argv))
    except SystemExit as exit:
        code = exit.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv, named", INVALID_INPUTS)
def test_invalid_input_exits_2(capsys, argv, named):
    code, out, err = exit_code_of(capsys, *argv)

    assert code == 2
    assert named in err
    assert "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize("content, named", [
    (np.array([[0.5, 0.6], [0.0, 0.0]]), "1.1"),
    (np.array([[0.5, -0.1], [0.3, 0.3]]), "-0.1"),
    (np.array([[0.5, np.nan], [0.25, 0.25]]), "nan"),
    (np.zeros((2, 3)), "(2, 3)"),
])
def test_invalid_table_exits_2(tmp_path, capsys, content, named):
    path = tmp_path / "bad.npy"
    np.save(path, content)

    code, out, err = run_cli(capsys, "profile", str(path))

    assert code == 2
    assert named in err
    assert out == ""


def test_not_an_npy_file_exits_2(tmp_path, capsys):
    path = tmp_path / "text.npy"
    path.write_text("not an array")

    code, _, err = run_cli(capsys, "profile", str(path))

    assert code == 2
    assert "text.npy" in err


def test_module_entry_point():
    completed = subprocess.run(
        [sys.executable, "-m", "verifier", "schedule", "cosine", "--length", "6", "--steps", "3",
         "--json"],
        capture_output=True, text=True, check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["length"] == 6


def test_usage_error_from_module_exits_2():
    completed = subprocess.run(
        [sys.executable, "-m", "verifier", "kl", "asia"],
        capture_output=True, text=True, check=False,
    )

    assert completed.returncode == 2
    assert "--schedule" in completed.stderr


def test_run_writes_report(tmp_path, capsys, monkeypatch):
    from verifier import runner

    small = runner.RunPlan(distributions=("parity:L=4", "markov:L=4,flip=0.2"), quick=True)
    monkeypatch.setattr("verifier.cli.QUICK_PLAN", small)

    code, out, err = run_cli(capsys, "run", "--quick", "--out", str(tmp_path / "report"))

    assert code == 0, err
    assert "every check holds" in out
    assert "reconstruction" in out
    assert (tmp_path / "report" / "report.md").read_text().startswith("# dlm-verifier report")
    results = json.loads((tmp_path / "report" / "results.json").read_text())
    assert results["summary"]["holds"] is True
    assert len(results["rows"]) > 0


def test_run_exits_1_when_a_check_fails(capsys, monkeypatch):
    from verifier import analysis

    original = analysis.evaluate_checks

    def failing(*args, **kwargs):
        checks = original(*args, **kwargs)
        checks["tight_tc"] = False
        return checks

    small = __import__("verifier.runner", fromlist=["RunPlan"]).RunPlan(
        distributions=("parity:L=4",), quick=True)
    monkeypatch.setattr("verifier.cli.QUICK_PLAN", small)
    monkeypatch.setattr(analysis, "evaluate_checks", failing)

    code, out, _ = run_cli(capsys, "run", "--quick")

    assert code == 1
    assert "FAIL: tight_tc" in out
    assert "SOME CHECKS FAILED" in out


def test_run_out_on_existing_file_exits_2(tmp_path, capsys):
    existing = tmp_path / "afile"
    existing.write_text("not a directory")

    code, out, err = exit_code_of(capsys, "run", "--quick", "--out", str(existing))

    assert code == 2
    assert "afile" in err
    assert "Traceback" not in err
    assert out == ""


def test_accelerate_defaults_skip_bif_without_pgmpy(monkeypatch, caplog):
    import importlib.util

    from verifier import acceleration

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec",
        lambda name, *args: None if name == "pgmpy" else real_find_spec(name, *args),
    )

    specs = acceleration.default_distributions()

    for network in ("cancer", "earthquake", "survey", "sachs"):
        assert network not in specs
    assert "asia" in specs
    assert "dlm-verifier[bif]" in caplog.text
