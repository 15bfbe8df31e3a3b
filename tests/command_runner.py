"""Run ``dlm-verify`` in-process with the scaling, minimax and accelerate sub-commands added.

Those sub-commands live in their own modules. The helper adds them to
``verifier.cli.COMMAND_MODULES`` for the duration of a test, whether or not the CLI already
lists them.
"""

from __future__ import annotations

import json

import verifier.cli as cli

SCHEDULE_COMMAND_MODULES = (
    "verifier.scaling_command",
    "verifier.minimax_command",
    "verifier.accelerate_command",
)


def run_command(monkeypatch, capsys, *argv):
    """Return ``(exit code, stdout, stderr)`` of ``dlm-verify argv``; usage errors included."""
    modules = tuple(dict.fromkeys(tuple(cli.COMMAND_MODULES) + SCHEDULE_COMMAND_MODULES))
    monkeypatch.setattr(cli, "COMMAND_MODULES", modules)
    try:
        code = cli.main([str(argument) for argument in argv])
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(monkeypatch, capsys, *argv, expected_code=0):
    """Run with ``--json``, check the exit code and return the parsed output."""
    code, out, err = run_command(monkeypatch, capsys, *argv, "--json")
    assert code == expected_code, err
    return json.loads(out)
