"""``dlm-verify scaling``: tight constants of the schedules over a grid of ``(L, K)``.

Prints, for every schedule and every grid cell with ``K < L``, ``C_TC``, ``C_DTC`` and the
normalized values ``K·C/ln L``. Then it prints a verdict on whether the normalized values stay
bounded (criteria in :mod:`verifier.scaling`) and a table of how fixed sizes fail to adapt.
``--json`` prints the list of records instead, ``--figure PATH`` also writes a PNG, and
``--bound FORMULA`` checks a user bound against every law on every cell (exit code 1 when it
fails somewhere).
Cells where a CCL geometric schedule needs more than ``K`` steps are listed on stderr.
"""

from __future__ import annotations

import argparse
import math
import sys

from verifier.cli_support import EXIT_CHECK_FAILED, EXIT_OK, UsageError, invalid_input, print_json
from verifier.formatting import format_number, format_table
from verifier.random_grid import RECONSTRUCTION_NOTE
from verifier.scaling import (
    DEFAULT_LENGTHS,
    DEFAULT_STEPS,
    LOG_REGIME_FACTOR,
    SCALING_SCHEDULES,
    boundedness_verdict,
    scaling_grid,
)
from verifier.user_bound import check_bound_on_schedule, parse_bound

NAME = "scaling"
HELP = "tight constants C_TC, C_DTC and K·C/ln L of the schedules over a grid of L and K"

MAX_SIZE_MAX_LENGTH = 64
"""Largest L at which a bound that uses s_max is checked on a random schedule, because the law
of the largest size costs O(K·L³) there."""


def _integer_list(text: str, *, minimum: int, quantity: str) -> list[int]:
    values = []
    for part in text.split(","):
        part = part.strip()
        try:
            value = int(part)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"invalid {quantity} {part!r} in {text!r}; write whole numbers separated by "
                "commas"
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"every {quantity} must be at least {minimum}, got {value} in {text!r}"
            )
        values.append(value)
    return sorted(set(values))


def _lengths(text: str) -> list[int]:
    return _integer_list(text, minimum=2, quantity="length")


def _steps(text: str) -> list[int]:
    return _integer_list(text, minimum=1, quantity="step count")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive finite number, got {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``dlm-verify scaling``."""
    parser.add_argument(
        "--lengths", type=_lengths, default=list(DEFAULT_LENGTHS), metavar="L1,L2,…",
        help="lengths L of the grid, each at least 2 "
             f"(default {','.join(map(str, DEFAULT_LENGTHS))})",
    )
    parser.add_argument(
        "--steps", type=_steps, default=list(DEFAULT_STEPS), metavar="K1,K2,…",
        help="step counts K of the grid; only cells with K < L are computed "
             f"(default {','.join(map(str, DEFAULT_STEPS))})",
    )
    parser.add_argument(
        "--schedule", action="append", metavar="SCHED", dest="schedules",
        help="a schedule to include, repeatable: a name, python:MODULE:FUNCTION, "
             "python:FILE.py:FUNCTION or json:PATH (a JSON schedule adds its own L and K); "
             f"default: {', '.join(SCALING_SCHEDULES)}",
    )
    parser.add_argument("--json", action="store_true", help="print the list of records as JSON")
    parser.add_argument("--figure", metavar="PATH",
                        help="also write a PNG figure to PATH, which must end in .png")
    parser.add_argument(
        "--bound", metavar="FORMULA",
        help="a bound on E KL in TC, DTC (nats), L, K and s_max, checked against every law, "
             "e.g. 'TC*log(L)/K'",
    )
    parser.add_argument(
        "--log-regime-factor", type=_positive_float, default=LOG_REGIME_FACTOR, metavar="C",
        help=f"the verdict's logarithmic regime is K >= C·ln L (default {LOG_REGIME_FACTOR:g})",
    )


def execute(args) -> int:
    """Run ``dlm-verify scaling`` and return the exit code."""
    schedules = args.schedules or list(SCALING_SCHEDULES)
    if args.figure is not None and not args.figure.lower().endswith(".png"):
        raise UsageError(f"the figure path must end in .png, got {args.figure!r}")
    bound = None
    with invalid_input():
        if args.bound is not None:
            bound = parse_bound(args.bound)
    if not any(K < L for L in args.lengths for K in args.steps) and not any(
        spec.strip().startswith("json:") for spec in schedules
    ):
        raise UsageError(
            f"no grid cell has K < L (lengths {args.lengths}, steps {args.steps}); "
            "give step counts below some length"
        )

    bound_results = {}

    def check_bound(record, schedule, rho):
        key = (record.schedule, record.length, record.steps)
        if (bound.uses_size_max and not schedule.is_deterministic
                and record.length > MAX_SIZE_MAX_LENGTH):
            bound_results[key] = None
            return
        bound_results[key] = check_bound_on_schedule(bound, schedule, rho)

    with invalid_input():
        records, not_applicable = scaling_grid(
            args.lengths, args.steps, schedules,
            on_schedule=check_bound if bound is not None else None,
        )

    if args.figure:
        from verifier.scaling_figure import plot_scaling

        try:
            plot_scaling(records, args.figure)
        except (OSError, ValueError) as error:
            raise UsageError(f"cannot write the figure to {args.figure!r}: {error}") from error

    _print_not_applicable(not_applicable)

    failed = [key for key, result in bound_results.items()
              if result is not None and not result["holds"]]
    if args.json:
        payload = []
        for record in records:
            entry = record.to_json()
            if bound is not None:
                entry["user_bound"] = bound_results[(record.schedule, record.length,
                                                     record.steps)]
            payload.append(entry)
        print_json(payload)
    else:
        _print_report(records, schedules, args, bound, bound_results)
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _print_not_applicable(cells) -> None:
    """List on stderr, per schedule, the cells where it needs more steps than K."""
    by_schedule: dict[str, list] = {}
    for cell in cells:
        by_schedule.setdefault(cell.schedule, []).append(cell)
    for schedule, group in by_schedule.items():
        listed = ", ".join(f"L={cell.length} K={cell.steps}" for cell in group)
        print(f"dlm-verify: {schedule} not applicable at {listed}: it needs more steps than K "
              f"(for example: {group[0].reason})", file=sys.stderr)


def _print_report(records, schedules, args, bound, bound_results) -> None:
    print("Tight constants over the grid: C_TC = max_m ρ_m/(L−1−m), C_DTC = max_m ρ_m/(m+1); "
          "E KL ≤ C_TC·TC and ≤ C_DTC·DTC for every law, with equality for some MDS code.")
    rows = []
    for record in records:
        marker = " *" if record.reconstruction else ""
        rows.append((
            record.schedule + marker, str(record.length), str(record.steps),
            format_number(record.c_tc), format_number(record.c_dtc),
            format_number(record.normalized_tc), format_number(record.normalized_dtc),
        ))
    print(format_table(("schedule", "L", "K", "C_TC", "C_DTC", "K·C_TC/ln L", "K·C_DTC/ln L"),
                       rows, ["<", ">", ">", ">", ">", ">", ">"]))
    if any(record.reconstruction for record in records):
        print(f"* {RECONSTRUCTION_NOTE}.")

    print()
    print(f"Is K·C/ln L bounded? Criteria: (a) non-increasing in L at every fixed K over the last "
          f"lengths of the grid; (b) in the regime K ≥ {args.log_regime_factor:g}·ln L, the "
          "maximum per L does not grow over the last length step; (c) C falls at least like "
          "K^(−1/2) between the two largest K at the largest L.")
    verdicts = []
    for spec in dict.fromkeys(record.schedule for record in records):
        for kind in ("tc", "dtc"):
            verdicts.append(boundedness_verdict(records, spec, kind,
                                                log_regime_factor=args.log_regime_factor))
    print(_verdict_table(verdicts))
    for verdict in verdicts:
        if (verdict.schedule, verdict.kind) in (("random-tc", "tc"), ("random-dtc", "dtc")):
            print(_verdict_sentence(verdict))

    fixed_table = _fixed_size_table(records)
    if fixed_table:
        print()
        print(fixed_table)

    if bound is not None:
        print()
        print(_bound_summary(bound, bound_results))


def _yes_no(value) -> str:
    if value is None:
        return "—"
    return "yes" if value else "no"


def _verdict_table(verdicts) -> str:
    rows = []
    for verdict in verdicts:
        regime = list(verdict.log_regime_max.items())
        regime_text = (f"{format_number(regime[-1][1])} at L={regime[-1][0]}" if regime else "—")
        growing = verdict.growing_steps
        rows.append((
            verdict.schedule, verdict.kind.upper(), format_number(verdict.max_normalized),
            f"L={verdict.argmax_length}, K={verdict.argmax_steps}",
            _yes_no(verdict.bounded_at_fixed_steps)
            + (f" (grows at K={','.join(map(str, growing))})" if growing else ""),
            f"{_yes_no(verdict.bounded_in_log_regime)}, max {regime_text}",
            format_number(verdict.steps_exponent, 3),
            "yes" if verdict.bounded else "no",
        ))
    return format_table(
        ("schedule", "C", "max K·C/ln L", "at", "(a) fixed K", "(b) log regime",
         "(c) exponent of K", "bounded"),
        rows, ["<", "<", ">", "<", "<", "<", ">", "<"],
    )


def _verdict_sentence(verdict) -> str:
    constant = "C_TC" if verdict.kind == "tc" else "C_DTC"
    text = (f"{verdict.schedule} *: K·{constant}/ln L reaches at most "
            f"{format_number(verdict.max_normalized)} on the grid "
            f"(at L={verdict.argmax_length}, K={verdict.argmax_steps}). ")
    growing = verdict.growing_steps
    if growing:
        ratios = ", ".join(
            f"K={K}: ×{format_number(verdict.by_steps[K]['last_ratio'], 3)}" for K in growing
        )
        text += (f"It still grows with L at K = {', '.join(map(str, growing))} over the last "
                 f"length step ({ratios}), so it is not bounded at fixed K on this grid. ")
    else:
        text += "At every K it is non-increasing in L over the last lengths of the grid. "
    if verdict.log_regime_max:
        maxima = ", ".join(f"L={L}: {format_number(value)}"
                           for L, value in verdict.log_regime_max.items())
        text += (f"In the regime K ≥ {verdict.log_regime_factor:g}·ln L its maximum per L is "
                 f"{maxima}. ")
    text += f"Verdict: {'bounded' if verdict.bounded else 'not bounded'} on this grid."
    return text


def _fixed_size_table(records) -> str | None:
    """Compare balanced and cosine with the random grids at the largest length."""
    largest = max(record.length for record in records)
    by_key = {(record.schedule, record.steps): record for record in records
              if record.length == largest}
    steps = sorted({K for (schedule, K) in by_key if schedule in ("balanced", "cosine")})
    if not steps:
        return None
    rows = []
    for K in steps:
        cells = [str(K), format_number(math.log(largest) / K)]
        for schedule, kind in (("balanced", "tc"), ("balanced", "dtc"), ("cosine", "tc"),
                               ("cosine", "dtc"), ("random-tc", "tc"), ("random-dtc", "dtc")):
            record = by_key.get((schedule, K))
            cells.append(format_number(record.constant(kind)) if record else "—")
        rows.append(tuple(cells))
    header = (f"Fixed sizes do not adapt (L={largest}): balanced and cosine keep C_TC = 1 "
              "whatever K, because their last step reveals at least two tokens, and their C_DTC "
              "grows with L; the random grids track ln L/K.")
    table = format_table(
        ("K", "ln L/K", "balanced C_TC", "balanced C_DTC", "cosine C_TC", "cosine C_DTC",
         "random-tc C_TC *", "random-dtc C_DTC *"),
        rows, [">"] * 8,
    )
    return header + "\n" + table


def _bound_summary(bound, results) -> str:
    checked = {key: result for key, result in results.items() if result is not None}
    skipped = [key for key, result in results.items() if result is None]
    failed = [key for key, result in checked.items() if not result["holds"]]
    exact = sum(1 for result in checked.values() if result["every_law"] is not None)
    lines = [f"User bound E KL ≤ {bound.formula}: holds on {len(checked) - len(failed)} of "
             f"{len(checked)} cells ({exact} checked against every law exactly, the rest on the "
             "Reed–Solomon codes of length L)."]
    for schedule, L, K in failed[:20]:
        result = checked[(schedule, L, K)]
        if result["every_law"] is not None and not result["every_law"]["holds"]:
            detail = (f"ρ_m exceeds the bound's weight at m={result['every_law']['worst_m']} by "
                      f"{format_number(-result['every_law']['margin'])}")
        else:
            code = result["reed_solomon"]
            detail = (f"Reed–Solomon k={code['worst_k']} over GF({code['q']}): E KL "
                      f"{format_number(code['expected_kl'])} > bound "
                      f"{format_number(code['bound'])} nats")
        lines.append(f"  fails for {schedule} at L={L}, K={K}: {detail}")
    if len(failed) > 20:
        lines.append(f"  … and {len(failed) - 20} more cells")
    if skipped:
        lines.append(f"  not checked on {len(skipped)} cells of random schedules with "
                     f"L > {MAX_SIZE_MAX_LENGTH}: the formula uses s_max, whose law costs "
                     "O(K·L³) there")
    return "\n".join(lines)
