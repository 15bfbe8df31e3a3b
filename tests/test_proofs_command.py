"""``dlm-verify proofs``: output, JSON records, exit codes and messages of invalid input."""

import argparse
import json

import numpy as np
import pytest

import verifier.cli
from proofs_check import command, sampler_statements
from proofs_check.rational_law import MAX_CERTIFIED_ENTRIES, MAX_CERTIFIED_LENGTH


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """Run ``dlm-verify`` with the proofs sub-command registered; return (code, out, err)."""
    monkeypatch.setattr(verifier.cli, "COMMAND_MODULES", ("proofs_check.command",))

    def run(*argv):
        code = verifier.cli.main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_module_exposes_sub_command_interface():
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    args = parser.parse_args(["parity:L=3", "--certified", "--json"])

    assert command.NAME == "proofs"
    assert command.HELP
    assert args.distributions == ["parity:L=3"]
    assert args.certified
    assert args.json


def test_table_and_summary(run_cli):
    code, out, _ = run_cli("proofs", "parity:L=3", "repetition:L=3")

    assert code == 0
    assert "float64" in out
    assert "chain_rule" in out
    assert "tightness_tc" in out
    assert out.strip().splitlines()[-1].endswith("every statement holds")
    assert "reconstruction" in out


def test_json_records(run_cli):
    code, out, _ = run_cli("proofs", "markov:L=4,flip=0.3", "--json")
    records = json.loads(out)

    assert code == 0
    assert isinstance(records, list)
    assert records
    for record in records:
        for key in ("statement", "distribution", "lhs", "rhs", "holds", "mode"):
            assert key in record
        assert record["mode"] == "float"
        assert record["holds"] is True
    random_records = [r for r in records if r["schedule"] and r["schedule"].startswith("random")]
    assert all("reconstruction" in " ".join(r["notes"]) for r in random_records)


def test_certified_json_marks_mode_and_exact_forms(run_cli):
    code, out, _ = run_cli("proofs", "parity:L=3", "--certified", "--json")
    records = json.loads(out)

    assert code == 0
    assert {record["mode"] for record in records} == {"certified"}
    one_shot = next(r for r in records if r["statement"] == "one_shot_equals_tc")
    assert one_shot["exact_lhs"] == "log 2"
    assert one_shot["method"] == "exact"


def test_certified_law_too_large_is_invalid_input(run_cli):
    code, out, err = run_cli("proofs", "hamming", "--certified")

    assert code == 2
    assert out == ""
    assert f"L={MAX_CERTIFIED_LENGTH} tokens" in err
    assert f"V**L={MAX_CERTIFIED_ENTRIES}" in err
    assert "hamming" in err


def test_unknown_distribution_is_invalid_input(run_cli):
    code, out, err = run_cli("proofs", "parity:L=3", "nosuchlaw")

    assert code == 2
    assert out == ""
    assert "nosuchlaw" in err


def test_npy_table(run_cli, tmp_path):
    path = tmp_path / "law.npy"
    table = np.array([[0.4, 0.1], [0.1, 0.4]])
    np.save(path, table)

    code, out, _ = run_cli("proofs", str(path), "--certified")

    assert code == 0
    assert "law.npy" in out


def test_failing_statement_exits_one(run_cli, monkeypatch):
    original = sampler_statements.verifier_expected_kl

    def inflated(profile, schedule, rho=None):
        return original(profile, schedule, rho=rho) + 0.5

    monkeypatch.setattr(sampler_statements, "verifier_expected_kl", inflated)
    code, out, _ = run_cli("proofs", "parity:L=3")

    assert code == 1
    assert "FAILED" in out
    assert "SOME STATEMENTS FAILED" in out
