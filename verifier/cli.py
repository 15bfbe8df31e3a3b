"""The ``dlm-verify`` command line.

Exit codes: 0 when the command ran and every check it made holds, 1 when a check failed, 2 for
invalid input or usage (the message on stderr names the value and the fix, and nothing was
computed).
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import math
import os
import sys
from pathlib import Path

from distributions.catalogue import format_catalogue, parse_model
from distributions.joint import StateSpaceTooLarge
from verifier.analysis import analyze
from verifier.bounds import ROUNDING_TOLERANCE, nats_to_unit
from verifier.formatting import format_number, format_run_table, format_summary, format_table
from verifier.structured import load_for_profile
from verifier.random_grid import RECONSTRUCTION_NOTE
from verifier.report import write_report
from verifier.runner import FULL_PLAN, QUICK_PLAN, run_plan
from verifier.schedule import tight_constants
from verifier.cli_support import (
    EXIT_CHECK_FAILED,
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    invalid_input,
    positive_int,
    print_json,
)
from verifier.schedules import SCHEDULE_NAMES, parse_schedule
from verifier.user_bound import (
    BOUND_HELP,
    add_bound_to_report,
    check_bound_on_schedule,
    describe_bound_check,
    parse_bound,
)

__all__ = ["main", "build_parser"]

def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``dlm-verify``."""
    parser = argparse.ArgumentParser(
        prog="dlm-verify",
        description=(
            "Exact verifier of unmasking schedules for masked diffusion language models: exact "
            "KL of the oracle sampler against TC, DTC and published bounds."
        ),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the built-in catalogue of laws and schedules")
    run.add_argument("--quick", action="store_true",
                     help="a smaller catalogue with fewer step counts (seconds, not minutes)")
    run.add_argument("--out", metavar="DIR", help="also write report.md, results.json and figures/*.png to DIR")
    run.add_argument("--json", action="store_true", help="print JSON instead of the table")
    run.add_argument("--bits", action="store_true", help="report information in bits, not nats")

    profile = commands.add_parser("profile", help="entropy profile, TC and DTC of one law")
    profile.add_argument("distribution", metavar="DIST", help="a catalogue name (see 'list'), bif:PATH or a .npy file")
    profile.add_argument("--json", action="store_true", help="print JSON")
    profile.add_argument("--bits", action="store_true", help="report in bits, not nats")

    kl = commands.add_parser("kl", help="exact errors of the oracle sampler on one law")
    kl.add_argument("distribution", metavar="DIST", help="a catalogue name (see 'list'), bif:PATH or a .npy file")
    kl.add_argument("--schedule", required=True, metavar="SCHED",
                    help=f"one of {', '.join(SCHEDULE_NAMES)}; fixed takes sizes: fixed:3,2,1; "
                         "your own: python:MODULE:FUNCTION, python:PATH.py:FUNCTION or json:PATH")
    kl.add_argument("--steps", type=positive_int, metavar="K",
                    help="number of iterations K (implied by the sizes of a fixed schedule)")
    kl.add_argument("--json", action="store_true", help="print JSON")
    kl.add_argument("--bits", action="store_true", help="report in bits, not nats")
    kl.add_argument("--bound", metavar="FORMULA", help=BOUND_HELP)
    kl.add_argument("--no-mixture", action="store_true",
                    help="skip the exact mixture law (expected KL only)")

    schedule = commands.add_parser("schedule", help="ρ and tight constants of one schedule")
    schedule.add_argument("schedule", metavar="SCHED", help="schedule name, see 'kl --help'")
    schedule.add_argument("--length", required=True, type=positive_int, metavar="L",
                          help="number of tokens L")
    schedule.add_argument("--steps", type=positive_int, metavar="K",
                          help="number of iterations K (implied by a fixed schedule)")
    schedule.add_argument("--json", action="store_true", help="print JSON")
    schedule.add_argument("--bound", metavar="FORMULA", help=BOUND_HELP)

    commands.add_parser("list", help="list the catalogue of laws and the schedule names")

    for module in _command_modules():
        command = commands.add_parser(module.NAME, help=module.HELP)
        module.add_arguments(command)
    return parser


COMMAND_MODULES: tuple[str, ...] = (
    "proofs_check.command",
    "verifier.scaling_command",
    "verifier.minimax_command",
    "verifier.accelerate_command",
)
"""Modules that add a sub-command each: ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``execute(args) -> int``. They are imported when the parser is built."""


def _command_modules():
    return [importlib.import_module(name) for name in COMMAND_MODULES]


def _unit(args) -> str:
    return "bits" if getattr(args, "bits", False) else "nats"


def command_profile(args) -> int:
    with invalid_input():
        law = parse_model(args.distribution)
    profile, _, method = load_for_profile(law, with_law=False)
    unit = _unit(args)
    convert = lambda value: nats_to_unit(float(value), unit)  # noqa: E731

    checks = {"han_inequality": bool((profile.delta >= -ROUNDING_TOLERANCE).all())}
    entropies = profile.subset_entropy
    if entropies is not None:
        # Structured routes without per-subset entropies skip this identity.
        full = (1 << law.L) - 1
        pairwise_information = sum(
            entropies[1 << i] + entropies[full & ~(1 << i)] - entropies[full]
            for i in range(law.L)
        )
        checks["tc_plus_dtc_identity"] = (
            abs(profile.tc + profile.dtc - pairwise_information) <= ROUNDING_TOLERANCE
        )
    payload = {
        "distribution": law.name,
        "L": law.L,
        "V": law.V,
        "unit": unit,
        "entropy": convert(profile.entropy),
        "tc": convert(profile.tc),
        "dtc": convert(profile.dtc),
        "profile": [convert(value) for value in profile.profile],
        "Delta": [convert(value) for value in profile.Delta],
        "delta": [convert(value) for value in profile.delta],
        "checks": checks,
        "mode": f"float64, {method}",
    }
    if args.json:
        print_json(payload)
    else:
        print(f"{law.name}: L={law.L}, V={law.V}, information in {unit} (float64, {method})")
        print(f"H(X) = {format_number(payload['entropy'], 8)}")
        print(f"TC   = {format_number(payload['tc'], 8)}")
        print(f"DTC  = {format_number(payload['dtc'], 8)}")
        rows = []
        for m, value in enumerate(payload["profile"]):
            Delta = payload["Delta"][m] if m < law.L else None
            delta = payload["delta"][m] if m < law.L - 1 else None
            rows.append((str(m), format_number(value, 8), format_number(Delta, 8),
                         format_number(delta, 8)))
        print(format_table(("m", "Hbar_m", "Delta_m", "delta_m"), rows, [">"] * 4))
        _print_checks(checks)
    return EXIT_OK if all(checks.values()) else EXIT_CHECK_FAILED


def _print_checks(checks) -> None:
    failed = [name for name, value in checks.items() if not value]
    print(f"checks: {len(checks) - len(failed)} of {len(checks)} hold"
          + ("" if not failed else "; FAILED: " + ", ".join(failed)))


def command_kl(args) -> int:
    with invalid_input():
        bound = parse_bound(args.bound) if args.bound is not None else None
        model = parse_model(args.distribution)
        if args.schedule.strip() != "optimal":
            schedule = parse_schedule(args.schedule, model.L, args.steps)
    profile, law, method = load_for_profile(model, with_law=not args.no_mixture)
    if args.schedule.strip() == "optimal":
        with invalid_input():
            schedule = parse_schedule(args.schedule, model.L, args.steps, profile=profile)
    report = analyze(law if law is not None else model, schedule, profile=profile,
                     mixture=not args.no_mixture, method=method)
    if bound is not None:
        with invalid_input():
            add_bound_to_report(report, bound, schedule)
    unit = _unit(args)
    if args.json:
        print_json(report.to_json(unit))
    else:
        record = report.to_json(unit)
        print(f"{report.distribution} under {report.schedule_description}, K={report.steps}: "
              f"information in {unit} ({record['mode']})")
        rows = [
            ("expected KL  E_π KL(p‖q_π)", format_number(record["expected_kl"], 8)),
            ("mixture KL   KL(p‖q)", format_number(record["mixture_kl"], 8)),
            ("TC", format_number(record["tc"], 8)),
            ("DTC", format_number(record["dtc"], 8)),
            ("C_TC, C_DTC", f"{format_number(report.c_tc)}, {format_number(report.c_dtc)}"),
        ]
        rows += [(f"bound {name}", format_number(value, 8))
                 for name, value in record["bounds"].items()]
        print(format_table(("quantity", "value"), rows, ["<", ">"]))
        if report.mixture_skipped and not args.no_mixture:
            print(f"mixture KL skipped: {report.mixture_skipped}")
        _print_checks(report.checks)
        for note in report.notes:
            print(f"note: {note}")
    return EXIT_OK if report.holds else EXIT_CHECK_FAILED


def command_schedule(args) -> int:
    if args.schedule.strip() == "optimal":
        raise UsageError(
            "schedule 'optimal' depends on the law; use "
            "'dlm-verify kl DIST --schedule optimal --steps K'"
        )
    with invalid_input():
        bound = parse_bound(args.bound) if args.bound is not None else None
        schedule = parse_schedule(args.schedule, args.length, args.steps)
    rho = schedule.rho()
    constants = tight_constants(rho)
    L, K = schedule.length, schedule.steps
    payload = {
        "schedule": schedule.name,
        "description": schedule.describe(),
        "length": L,
        "steps": K,
        "rho": rho.tolist(),
        "c_tc": constants.c_tc,
        "c_dtc": constants.c_dtc,
        "normalized_tc": K * constants.c_tc / math.log(L) if L > 1 else None,
        "normalized_dtc": K * constants.c_dtc / math.log(L) if L > 1 else None,
        "expected_nonempty_steps": schedule.expected_nonempty_steps(),
        "sizes": list(schedule.sizes) if schedule.is_deterministic else None,
        "zeta": getattr(schedule, "zeta", None),
        "notes": [schedule.note] if schedule.note else [],
    }
    if bound is not None:
        with invalid_input():
            payload["user_bound"] = check_bound_on_schedule(bound, schedule, rho)
    if args.json:
        print_json(payload)
    else:
        print(f"{schedule.describe()} on L={L} tokens in K={K} steps")
        print(f"C_TC  = {format_number(constants.c_tc, 8)}   (K·C_TC/ln L = "
              f"{format_number(payload['normalized_tc'])})")
        print(f"C_DTC = {format_number(constants.c_dtc, 8)}   (K·C_DTC/ln L = "
              f"{format_number(payload['normalized_dtc'])})")
        print(f"expected nonempty steps = {format_number(payload['expected_nonempty_steps'], 8)}")
        print("rho = [" + ", ".join(format_number(value) for value in rho) + "]")
        if bound is not None:
            print(describe_bound_check(payload["user_bound"]))
        for note in payload["notes"]:
            print(f"note: {note}")
    if bound is not None and not payload["user_bound"]["holds"]:
        return EXIT_CHECK_FAILED
    return EXIT_OK


def command_list(args) -> int:
    print(format_catalogue())
    print()
    print("Schedules: " + ", ".join(SCHEDULE_NAMES) + " (fixed takes sizes: fixed:3,2,1)")
    print("Your own schedule: python:MODULE:FUNCTION or python:PATH.py:FUNCTION (a size law), "
          "json:PATH (transition probabilities); see docs/schedule-science.md")
    return EXIT_OK


class _Progress:
    """Progress on stderr: a rewritten line on a terminal, a line per law otherwise."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.interactive = stream.isatty()
        self.last_law = None

    def __call__(self, done: int, total: int, label: str) -> None:
        if self.interactive:
            self.stream.write(f"\r\033[K[{done}/{total}] {label}")
            if done == total:
                self.stream.write("\n")
        else:
            law = label.split(" · ")[0]
            if law != self.last_law:
                self.stream.write(f"[{done}/{total}] {law}\n")
                self.last_law = law
        self.stream.flush()


def command_run(args) -> int:
    plan = QUICK_PLAN if args.quick else FULL_PLAN
    unit = _unit(args)
    if args.out:
        with invalid_input():
            Path(args.out).mkdir(parents=True, exist_ok=True)
    result = run_plan(plan, progress=_Progress())
    payload = {
        "unit": unit,
        "mode": "float64, exact enumeration",
        "plan": "quick" if args.quick else "full",
        "rows": [report.to_json(unit) for report in result.reports],
        "not_applicable": result.not_applicable,
        "summary": {
            "runs": len(result.reports),
            "checks": result.check_count,
            "failed": [
                {"distribution": report.distribution, "schedule": report.schedule,
                 "steps": report.steps, "checks": names}
                for report, names in result.failures
            ],
            "holds": result.holds,
        },
        "notes": [RECONSTRUCTION_NOTE],
    }
    table = format_run_table(result.reports, unit)
    summary = format_summary(result)
    if args.out:
        with invalid_input():
            write_report(Path(args.out), result, payload, table, summary, unit)
    if args.json:
        print_json(payload)
    else:
        print(f"Exact errors of the oracle sampler, information in {unit} "
              "(float64, exact enumeration)")
        print(table)
        print(f"* {RECONSTRUCTION_NOTE}.")
        if result.not_applicable:
            print(_format_not_applicable(result.not_applicable))
        print(summary)
    return EXIT_OK if result.holds else EXIT_CHECK_FAILED


def _format_not_applicable(items) -> str:
    """Group the combinations that did not apply by schedule and law."""
    grouped: dict[tuple[str, str], list[int]] = {}
    for item in items:
        grouped.setdefault((item["schedule"], item["distribution"]), []).append(item["steps"])
    schedules = sorted({schedule for schedule, _ in grouped})
    lines = ["Not applicable (the schedule needs more steps than K):"]
    for schedule in schedules:
        laws = [
            f"{law} K={','.join(map(str, sorted(set(steps))))}"
            for (name, law), steps in grouped.items() if name == schedule
        ]
        lines.append(f"  {schedule}: " + "; ".join(laws))
    return "\n".join(lines)


COMMANDS = {
    "run": command_run,
    "profile": command_profile,
    "kl": command_kl,
    "schedule": command_schedule,
    "list": command_list,
}


def main(argv=None) -> int:
    """Run ``dlm-verify`` and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # The library logs progress of long computations at INFO; the command line shows it on
    # stderr, and --verbose adds the details logged at DEBUG.
    logging.basicConfig(level=logging.WARNING, format="dlm-verify: %(message)s")
    for package in ("verifier", "distributions", "proofs_check"):
        logging.getLogger(package).setLevel(logging.DEBUG if args.verbose else logging.INFO)
    commands = dict(COMMANDS)
    for module in _command_modules():
        commands[module.NAME] = module.execute
    try:
        return commands[args.command](args)
    except StateSpaceTooLarge as error:
        print(f"dlm-verify: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except UsageError as error:
        print(f"dlm-verify: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("dlm-verify: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of stdout (for example ``head``) closed the pipe; stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
