"""``dlm-verify minimax``: the randomized schedule with the smallest worst-case constant.

Solves the linear programme of :mod:`verifier.minimax` at one ``(L, K)``, rebuilds the optimal
count chain and recomputes its constants by the chain's own forward pass, compares the optimum
with the named schedules, and finds the best deterministic schedule, which shows whether random
sizes help at that ``(L, K)``. Exit code 1 when a check fails: the chain's constant must match
the programme's optimum, and the optimum must not exceed any other schedule's value.
"""

from __future__ import annotations

import argparse
import math

from verifier.cli_support import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    invalid_input,
    positive_int,
    print_json,
)
from verifier.formatting import format_number, format_table
from verifier.minimax import (
    LP_METHODS,
    OBJECTIVES,
    best_deterministic_schedule,
    minimax_schedule,
    objective_value,
    randomization_helps,
    relative_gap,
)
from verifier.random_grid import RECONSTRUCTION_NOTE
from verifier.rho_closed_form import closed_form_rho
from verifier.schedule import tight_constants
from verifier.schedules import parse_schedule

NAME = "minimax"
HELP = "the randomized schedule with the smallest worst-case constant (a linear programme)"

COMPARED_SCHEDULES = ("random-tc", "random-dtc", "ccl-tc", "ccl-dtc", "balanced", "cosine",
                      "binomial")

CHAIN_TOLERANCE = 1e-6
"""Accepted distance between the programme's optimum and the rebuilt chain's constant.

HiGHS satisfies each constraint to its primal feasibility tolerance, 1e-7 by default, and the
chain is rebuilt from pair probabilities with entries below 1e-12 dropped.
"""

MAX_PRINTED_TRANSITIONS = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``dlm-verify minimax``."""
    parser.add_argument("--length", required=True, type=positive_int, metavar="L",
                        help="number of tokens L")
    parser.add_argument("--steps", required=True, type=positive_int, metavar="K",
                        help="number of iterations K, at most L")
    parser.add_argument("--objective", choices=OBJECTIVES, default="tc",
                        help="minimize C_TC (tc), C_DTC (dtc) or max(C_TC, C_DTC) (both); "
                             "default tc")
    parser.add_argument("--method", choices=LP_METHODS, default="highs-ipm",
                        help="the HiGHS solver of scipy.optimize.linprog (default highs-ipm, "
                             "interior point with crossover; highs runs the dual simplex, which is "
                             "much slower at larger K)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _comparisons(L: int, K: int, objective: str, optimum: float) -> list[dict]:
    entries = []
    for name in COMPARED_SCHEDULES:
        try:
            schedule = parse_schedule(name, L, K)
        except ValueError as error:
            entries.append({"schedule": name, "applicable": False, "reason": str(error)})
            continue
        constants = tight_constants(closed_form_rho(schedule))
        value = objective_value(constants, objective)
        entries.append({
            "schedule": name,
            "applicable": True,
            "description": schedule.describe(),
            "c_tc": constants.c_tc,
            "c_dtc": constants.c_dtc,
            "value": value,
            "ratio_to_optimum": relative_gap(value, optimum),
            "excess_over_optimum": value - optimum,
        })
    return entries


def execute(args) -> int:
    """Run ``dlm-verify minimax`` and return the exit code."""
    L, K, objective = args.length, args.steps, args.objective
    with invalid_input():
        result = minimax_schedule(L, K, objective, method=args.method)
    deterministic = best_deterministic_schedule(L, K, objective)
    comparisons = _comparisons(L, K, objective, result.value)
    deterministic_value = float(deterministic.value)
    slack = CHAIN_TOLERANCE * max(1.0, result.value)

    checks = {
        "chain_matches_programme": abs(result.chain_value - result.value) <= slack,
        "optimum_at_most_deterministic": result.value <= deterministic_value + slack,
        "optimum_at_most_named_schedules": all(
            result.value <= entry["value"] + slack for entry in comparisons if entry["applicable"]
        ),
    }
    helps = randomization_helps(deterministic_value, result.value, CHAIN_TOLERANCE)
    payload = {
        "length": L,
        "steps": K,
        "objective": objective,
        "c_tc": result.constants.c_tc,
        "c_dtc": result.constants.c_dtc,
        "value": result.value,
        "transitions": result.transitions(),
        "chain_value": result.chain_value,
        "normalized_value": K * result.value / math.log(L) if L > 1 else None,
        "integral": result.is_integral(),
        "rho": result.rho.tolist(),
        "expected_nonempty_steps": result.schedule.expected_nonempty_steps(),
        "best_deterministic": {
            "sizes": list(deterministic.schedule.sizes),
            "value": deterministic_value,
            "value_fraction": str(deterministic.value),
            "c_tc": deterministic.constants.c_tc,
            "c_dtc": deterministic.constants.c_dtc,
        },
        "randomization_helps": helps,
        "randomization_gain": relative_gap(deterministic_value, result.value),
        "comparisons": comparisons,
        "checks": checks,
        "holds": all(checks.values()),
        "solver": f"scipy.optimize.linprog(method={args.method!r})",
        "notes": [RECONSTRUCTION_NOTE],
    }
    if args.json:
        print_json(payload)
    else:
        _print_report(payload, result)
    return EXIT_OK if payload["holds"] else EXIT_CHECK_FAILED


def _objective_label(objective: str) -> str:
    return {"tc": "C_TC", "dtc": "C_DTC", "both": "max(C_TC, C_DTC)"}[objective]


def _print_report(payload, result) -> None:
    L, K, objective = payload["length"], payload["steps"], payload["objective"]
    label = _objective_label(objective)
    print(f"Minimax schedule on L={L} tokens in at most K={K} steps: minimize {label} over every "
          "randomized schedule (linear programme, HiGHS)")
    print(f"optimum {label} = {format_number(payload['value'], 8)}   "
          f"(K·{label}/ln L = {format_number(payload['normalized_value'])})")
    print(f"rebuilt chain, by its own forward pass: C_TC = {format_number(payload['c_tc'], 8)}, "
          f"C_DTC = {format_number(payload['c_dtc'], 8)}")
    integral = "one fixed size sequence" if payload["integral"] else "a random size sequence"
    print(f"the optimum is {integral}; expected nonempty steps "
          f"{format_number(payload['expected_nonempty_steps'], 6)}")

    transitions = payload["transitions"]
    if len(transitions) <= MAX_PRINTED_TRANSITIONS:
        rows = [(str(k), str(a), str(b), str(b - a), format_number(probability, 6))
                for k, a, b, probability in transitions]
        print(format_table(("step", "from N", "to N", "size", "P(to | from)"), rows,
                           [">"] * 5))
    else:
        print(f"{len(transitions)} transitions; --json lists them")

    deterministic = payload["best_deterministic"]
    rows = []
    for entry in payload["comparisons"]:
        if not entry["applicable"]:
            rows.append((entry["schedule"], "—", "—", "—", "—", "needs more steps than K"))
            continue
        marker = " *" if entry["schedule"].startswith("random-") else ""
        rows.append((entry["description"] + marker, format_number(entry["c_tc"]),
                     format_number(entry["c_dtc"]), format_number(entry["value"]),
                     format_number(entry["ratio_to_optimum"], 3), ""))
    sizes = ",".join(map(str, deterministic["sizes"]))
    rows.append((f"best deterministic [{sizes}]", format_number(deterministic["c_tc"]),
                 format_number(deterministic["c_dtc"]),
                 f"{deterministic['value_fraction']} = {format_number(deterministic['value'])}",
                 format_number(payload["randomization_gain"], 3), ""))
    print(format_table(("schedule", "C_TC", "C_DTC", f"objective {label}", "÷ optimum", "note"),
                       rows, ["<", ">", ">", ">", ">", "<"]))

    if payload["randomization_helps"]:
        print(f"Randomizing the sizes helps at L={L}, K={K}: the best randomized {label} is "
              f"{format_number(payload['value'])}, the best deterministic one "
              f"{deterministic['value_fraction']} = {format_number(deterministic['value'])}, "
              f"{format_number(payload['randomization_gain'], 3)} times larger.")
    else:
        print(f"Randomizing the sizes does not help at L={L}, K={K}: the best deterministic "
              f"schedule already attains {label} = {deterministic['value_fraction']}.")
    failed = [name for name, value in payload["checks"].items() if not value]
    print(f"checks: {len(payload['checks']) - len(failed)} of {len(payload['checks'])} hold"
          + ("" if not failed else "; FAILED: " + ", ".join(failed)))
    print(f"* {RECONSTRUCTION_NOTE}.")
