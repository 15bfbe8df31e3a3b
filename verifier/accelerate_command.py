"""``dlm-verify accelerate``: steps to a target error, and the Reed–Solomon impossibility table.

For each law (the catalogue with default parameters, or the DIST arguments) and each target
``ε`` in nats, prints the smallest ``K`` at which each schedule reaches ``E KL ≤ ε`` and the
speed-ups of ``random-tc`` and ``random-dtc`` over ``balanced`` and ``cosine``. Then evaluates
the schedules on the Reed–Solomon codes of one length and every dimension, in closed form, next
to the minimax lower bound that holds for every schedule. :mod:`verifier.acceleration` has the
definitions. The command reports and checks nothing, so it exits 0 unless the input is invalid.
"""

from __future__ import annotations

import argparse
import math

from distributions.catalogue import parse_distribution
from verifier.acceleration import (
    ACCELERATION_SCHEDULES,
    DEFAULT_EPSILONS,
    SPEEDUP_PAIRS,
    acceleration_records,
    default_distributions,
    displayed_dimensions,
    per_code_optimum,
    reed_solomon_family,
)
from verifier.cli_support import EXIT_OK, UsageError, invalid_input, positive_int, print_json
from verifier.formatting import format_number, format_table
from verifier.information import entropy_profile
from verifier.minimax import LP_METHODS, lp_size, minimax_schedule
from verifier.random_grid import RECONSTRUCTION_NOTE

NAME = "accelerate"
HELP = "smallest K reaching E KL <= epsilon per schedule, speed-ups, Reed-Solomon impossibility"

RS_SCHEDULES = tuple(name for name in ACCELERATION_SCHEDULES if name != "optimal")

DEFAULT_RS_LENGTH = 64
DEFAULT_RS_STEPS = (4, 8)

MAX_BOUND_LP_SIZE = 10**5
"""Largest :func:`verifier.minimax.lp_size` at which the minimax lower bound is computed here;
``dlm-verify minimax`` solves larger programmes on request."""


def _epsilons(text: str) -> list[float]:
    values = []
    for part in text.split(","):
        part = part.strip()
        try:
            value = float(part)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"invalid target {part!r} in {text!r}; write positive numbers in nats separated "
                "by commas, for example 0.1,0.01"
            ) from None
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(
                f"every target must be a positive finite number of nats, got {part!r}"
            )
        values.append(value)
    return sorted(set(values), reverse=True)


def _steps(text: str) -> list[int]:
    values = []
    for part in text.split(","):
        try:
            value = int(part.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"invalid step count {part.strip()!r} in {text!r}; write whole numbers separated "
                "by commas"
            ) from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"every step count must be at least 1, got {value}")
        values.append(value)
    return sorted(set(values))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``dlm-verify accelerate``."""
    parser.add_argument("distributions", nargs="*", metavar="DIST",
                        help="laws to study (default: every catalogue entry with its default "
                             "parameters)")
    parser.add_argument("--epsilon", type=_epsilons, default=list(DEFAULT_EPSILONS),
                        metavar="E1,E2,…",
                        help="targets for the expected KL, in nats "
                             f"(default {','.join(map(str, DEFAULT_EPSILONS))})")
    parser.add_argument("--relative", action="store_true",
                        help="read each target as a fraction of the law's TC, E KL <= epsilon·TC "
                             "(one-shot sampling has E KL = TC)")
    parser.add_argument("--rs-length", type=positive_int, default=DEFAULT_RS_LENGTH, metavar="L",
                        help="length of the Reed-Solomon codes, at least 2 "
                             f"(default {DEFAULT_RS_LENGTH}); any L works, by closed form")
    parser.add_argument("--rs-steps", type=_steps, default=list(DEFAULT_RS_STEPS),
                        metavar="K1,K2,…",
                        help="step counts for the Reed-Solomon table, each below the length "
                             f"(default {','.join(map(str, DEFAULT_RS_STEPS))})")
    parser.add_argument("--no-minimax", action="store_true",
                        help="skip the minimax lower bound of the Reed-Solomon table")
    parser.add_argument("--method", choices=LP_METHODS, default="highs",
                        help="HiGHS solver for the minimax lower bound (default highs)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def execute(args) -> int:
    """Run ``dlm-verify accelerate`` and return the exit code."""
    specs = args.distributions or default_distributions()
    L_rs = args.rs_length
    if L_rs < 2:
        raise UsageError(f"--rs-length must be at least 2, got {L_rs}")
    too_many = [K for K in args.rs_steps if K >= L_rs]
    if too_many:
        raise UsageError(
            f"--rs-steps must be below --rs-length {L_rs}, got {too_many}; the parallel regime "
            "is K < L"
        )
    profiles = _load_profiles(specs)
    records = acceleration_records(profiles, args.epsilon, relative=args.relative)

    q, rows, not_applicable = reed_solomon_family(L_rs, args.rs_steps, RS_SCHEDULES)
    lower_bounds = {}
    for K in args.rs_steps:
        if args.no_minimax or lp_size(L_rs, K) > MAX_BOUND_LP_SIZE:
            lower_bounds[K] = None
        else:
            lower_bounds[K] = minimax_schedule(L_rs, K, "both", method=args.method).value
    dimensions = displayed_dimensions(L_rs)
    shown_steps = min(args.rs_steps)
    per_code = []
    for k in dimensions:
        entry = {"k": k, "tc": (L_rs - k) * math.log(q), "dtc": k * math.log(q),
                 "expected_kl": {row.schedule: float(row.expected_kl[k - 1]) for row in rows
                                 if row.steps == shown_steps},
                 "law_aware_optimum": per_code_optimum(L_rs, k, q, shown_steps)}
        per_code.append(entry)

    payload = {
        "unit": "nats",
        "epsilons": args.epsilon,
        "relative": args.relative,
        "records": [record.to_json() for record in records],
        "speedup_summary": _speedup_summary(records),
        "reed_solomon": {
            "length": L_rs,
            "q": q,
            "rows": [row.to_json(L_rs) for row in rows],
            "not_applicable": not_applicable,
            "minimax_lower_bound": {str(K): value for K, value in lower_bounds.items()},
            "per_code_steps": shown_steps,
            "per_code": per_code,
        },
        "notes": [RECONSTRUCTION_NOTE],
    }
    if args.json:
        print_json(payload)
    else:
        _print_report(payload, records)
    return EXIT_OK


def _load_profiles(specs) -> list:
    """Return ``(name, profile)`` per spec, by a structured exact route where one exists.

    :func:`verifier.structured.load_for_profile` computes Markov chains, codes and product laws
    at lengths far beyond a dense table; without it, every law goes through its dense table.
    """
    try:
        from verifier.structured import load_for_profile
    except ImportError:
        load_for_profile = None
    profiles = []
    for spec in specs:
        if load_for_profile is not None:
            with invalid_input():
                profile, law, _ = load_for_profile(spec, with_law=False)
            name = spec.strip() if law is None else law.name
            profiles.append((name, profile))
        else:
            with invalid_input():
                law = parse_distribution(spec)
            profiles.append((law.name, entropy_profile(law)))
    return profiles


def _speedup_summary(records) -> dict:
    """Per pair: how often the random schedule needs fewer, as many or more steps, and the
    geometric mean of the speed-ups where both reach the target."""
    summary = {}
    for fast, baseline in SPEEDUP_PAIRS:
        key = f"{fast}/{baseline}"
        ratios = [record.speedups[key] for record in records if record.speedups[key] is not None]
        unreached = sum(1 for record in records if record.steps[fast] is None)
        summary[key] = {
            "faster": sum(1 for ratio in ratios if ratio > 1),
            "equal": sum(1 for ratio in ratios if ratio == 1),
            "slower": sum(1 for ratio in ratios if ratio < 1),
            "random_never_reaches": unreached,
            "geometric_mean": (math.exp(sum(math.log(ratio) for ratio in ratios) / len(ratios))
                               if ratios else None),
        }
    return summary


def _steps_text(value) -> str:
    return "—" if value is None else str(value)


def _print_report(payload, records) -> None:
    schedules = list(ACCELERATION_SCHEDULES)
    target = "ε·TC" if payload["relative"] else "ε"
    print(f"Smallest K (1 ≤ K ≤ L) with expected KL E_π KL(p‖q_π) ≤ {target}, in nats; "
          f"— means no K ≤ L reaches {target}")
    rows = []
    for record in records:
        rows.append((record.distribution, str(record.L), format_number(record.tc),
                     format_number(record.dtc), format_number(record.epsilon),
                     format_number(record.target))
                    + tuple(_steps_text(record.steps[name]) for name in schedules))
    headers = ("distribution", "L", "TC", "DTC", "ε", "target") + tuple(
        name + (" *" if name.startswith("random-") else "") for name in schedules)
    print(format_table(headers, rows, ["<"] + [">"] * (len(headers) - 1)))

    print()
    print(f"Speed-up K_baseline / K_random over the rows where both reach {target}:")
    summary_rows = []
    for key, entry in payload["speedup_summary"].items():
        summary_rows.append((key, str(entry["faster"]), str(entry["equal"]), str(entry["slower"]),
                             str(entry["random_never_reaches"]),
                             format_number(entry["geometric_mean"], 3)))
    print(format_table(("random / baseline", "faster", "equal", "slower", "never reaches",
                        "geometric mean"), summary_rows, ["<", ">", ">", ">", ">", ">"]))

    rs = payload["reed_solomon"]
    L, q, K = rs["length"], rs["q"], rs["per_code_steps"]
    print()
    print(f"Reed–Solomon codes of length L={L} over GF({q}), dimension k: E KL = ρ_(k−1)·log q, "
          f"TC = (L−k)·log q, DTC = k·log q (nats), with K={K} steps:")
    names = [name for name in RS_SCHEDULES
             if any(name in entry["expected_kl"] for entry in rs["per_code"])]
    code_rows = []
    for entry in rs["per_code"]:
        code_rows.append((str(entry["k"]), format_number(entry["tc"]), format_number(entry["dtc"]))
                         + tuple(format_number(entry["expected_kl"].get(name)) for name in names)
                         + (format_number(entry["law_aware_optimum"]),))
    headers = ("k", "TC", "DTC") + tuple(
        name + (" *" if name.startswith("random-") else "") for name in names
    ) + ("optimal for this code",)
    print(format_table(headers, code_rows, [">"] * len(headers)))

    print()
    print("Worst code for each schedule: max over k of E KL / min(TC, DTC), which equals "
          "max(C_TC, C_DTC); the minimax value is the least any schedule can reach.")
    worst_rows = []
    for row in rs["rows"]:
        marker = " *" if row["schedule"].startswith("random-") else ""
        worst_rows.append((row["schedule"] + marker, str(row["steps"]),
                           format_number(row["worst_ratio"]), str(row["worst_ratio_k"]),
                           format_number(row["normalized_worst_ratio"]),
                           format_number(row["worst_expected_kl"]),
                           str(row["worst_expected_kl_k"])))
    for K_text, bound in rs["minimax_lower_bound"].items():
        if bound is not None:
            worst_rows.append(("minimax (every schedule)", K_text, format_number(bound), "",
                               format_number(int(K_text) * bound / math.log(L)), "", ""))
    print(format_table(("schedule", "K", "worst E KL/min(TC,DTC)", "at k", "K·worst/ln L",
                        "worst E KL", "at k"), worst_rows,
                       ["<", ">", ">", ">", ">", ">", ">"]))
    if rs["not_applicable"]:
        skipped = ", ".join(f"{entry['schedule']} K={entry['steps']}"
                            for entry in rs["not_applicable"])
        print(f"not applicable (needs more steps than K): {skipped}")
    missing = [K_text for K_text, bound in rs["minimax_lower_bound"].items() if bound is None]
    if missing:
        print(f"minimax value not computed at K={','.join(missing)} (skipped, or the programme "
              f"is above {MAX_BOUND_LP_SIZE:.0e} coefficients here); run dlm-verify minimax "
              f"--length {L} --steps K --objective both")
    bounds = [(K_text, bound) for K_text, bound in rs["minimax_lower_bound"].items()
              if bound is not None]
    if bounds:
        K_text, bound = bounds[0]
        print(f"With K={K_text} steps every schedule, random or not, has a code of this family "
              f"with E KL ≥ {format_number(bound)}·min(TC, DTC), while the law-aware optimum "
              "is 0 on each code from K=2 on: no single schedule with few steps suits every "
              "dimension.")
    print(f"* {RECONSTRUCTION_NOTE}.")
