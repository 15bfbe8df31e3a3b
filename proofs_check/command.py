"""The ``dlm-verify proofs`` sub-command: every statement of the proofs on a list of laws.

``dlm-verify proofs [DIST …] [--certified] [--json]`` runs :func:`proofs_check.suite.run_suite`
on the given laws, or on a built-in catalogue of small laws. It prints one table with a row per
statement and law, showing the tightest case of each. With ``--json`` it prints a list with one
record per checked case instead. Exit codes: 0 when every statement holds, 1 when one fails,
2 for invalid input.
"""

from __future__ import annotations

from distributions.catalogue import parse_distribution
from proofs_check.rational_law import (
    MAX_CERTIFIED_ENTRIES,
    MAX_CERTIFIED_LENGTH,
    check_certified_size,
)
from proofs_check.result import AT_MOST
from proofs_check.suite import (
    DEFAULT_CERTIFIED_DISTRIBUTIONS,
    DEFAULT_DISTRIBUTIONS,
    SuiteResult,
    run_suite,
)
from verifier.cli_support import EXIT_CHECK_FAILED, EXIT_OK, invalid_input, print_json
from verifier.formatting import format_number, format_table
from verifier.random_grid import RECONSTRUCTION_NOTE

__all__ = ["NAME", "HELP", "add_arguments", "execute", "format_results"]

NAME = "proofs"
HELP = "check every statement used in the proofs on the catalogue or the given laws"


def add_arguments(parser) -> None:
    """Add the arguments of ``dlm-verify proofs`` to its sub-parser."""
    parser.add_argument(
        "distributions", nargs="*", metavar="DIST",
        help="laws to check, each a .npy file or a catalogue name (default: "
             f"{', '.join(DEFAULT_DISTRIBUTIONS)}; with --certified, those within its limits)",
    )
    parser.add_argument(
        "--certified", action="store_true",
        help="decide every statement in exact arithmetic, reading float table entries as the "
             f"binary rationals they store (laws with L <= {MAX_CERTIFIED_LENGTH} and "
             f"V**L <= {MAX_CERTIFIED_ENTRIES})",
    )
    parser.add_argument("--json", action="store_true",
                        help="print a JSON list with one record per checked case")


def execute(args) -> int:
    """Run the sub-command and return its exit code.

    Raises
    ------
    UsageError
        If a distribution spec is invalid.
    StateSpaceTooLarge
        In certified mode, if a law exceeds the certified limits. Both are raised before any
        statement is checked, and ``dlm-verify`` turns them into exit code 2.
    """
    specs = args.distributions or (
        DEFAULT_CERTIFIED_DISTRIBUTIONS if args.certified else DEFAULT_DISTRIBUTIONS
    )
    with invalid_input():
        laws = [parse_distribution(spec) for spec in specs]
    if args.certified:
        for law in laws:
            check_certified_size(law.L, law.V, name=law.name)

    # run_suite logs each finished law at INFO, which dlm-verify shows on stderr as progress.
    suite = run_suite(laws, certified=args.certified)

    if args.json:
        print_json([result.to_json() for result in suite.results])
    else:
        print(format_results(suite, certified=args.certified, laws=len(laws)))
    return EXIT_OK if suite.holds else EXIT_CHECK_FAILED


def _tightest(results):
    """Return the failing result with the largest residual, else the tightest holding one."""
    failing = [result for result in results if not result.holds]
    pool = failing or results

    def closeness(result):
        return result.residual if result.relation == AT_MOST else abs(result.residual)

    return max(pool, key=closeness)


def _methods(results) -> str:
    """Count how the verdicts of a group were reached, for example ``exact ×3, interval ×1``."""
    counts: dict[str, int] = {}
    for result in results:
        for part in result.method.split(", "):
            name, _, repeat = part.partition(" ×")
            if name.startswith(("interval", "undecided")):
                name = name.split(" ")[0]
            counts[name] = counts.get(name, 0) + (int(repeat) if repeat else 1)
    return ", ".join(f"{name} ×{count}" for name, count in counts.items())


def _group_label(result) -> str:
    """Return the law column of a result: its law, the witnesses of one length, or ``—``."""
    if result.statement.startswith("tightness_"):
        return f"mds witnesses, L={result.extra['length']}"
    return result.distribution or "—"


def format_results(suite: SuiteResult, *, certified: bool, laws: int) -> str:
    """Return the text report: one row per statement and law, notes and a summary line."""
    groups: dict[tuple[str, str], list] = {}
    for result in suite.results:
        key = (result.statement, _group_label(result))
        groups.setdefault(key, []).append(result)

    rows = []
    for (statement, distribution), results in groups.items():
        tightest = _tightest(results)
        holding = sum(1 for result in results if result.holds)
        case = tightest.schedule or "—"
        if tightest.steps is not None and tightest.schedule:
            case += f" K={tightest.steps}"
        if tightest.statement.startswith("tightness_"):
            case += f" on {tightest.distribution}"
        if tightest.extra.get("notes"):
            case += " *"
        rows.append((
            statement, distribution, f"{holding}/{len(results)}", case,
            format_number(tightest.lhs, rounding=not certified), tightest.relation,
            format_number(tightest.rhs, rounding=not certified), _methods(results),
            "ok" if holding == len(results) else "FAIL",
        ))
    headers = ("statement", "distribution", "holds", "tightest case", "lhs", "", "rhs",
               "decided by", "verdict")
    align = ["<", "<", ">", "<", ">", "^", ">", "<", "<"]

    mode = ("certified: exact rationals, prime-log identities, interval enclosures"
            if certified else "float64, exact enumeration")
    lines = [f"Statements of the proofs, information in nats ({mode})",
             format_table(headers, rows, align)]
    if any(result.extra.get("notes") for result in suite.results):
        lines.append(f"* {RECONSTRUCTION_NOTE}.")
    if suite.not_applicable:
        lines.append(_format_not_applicable(suite.not_applicable))
    for result in suite.failures:
        lines.append(
            f"FAILED {result.statement} on {result.distribution or '—'}"
            f"{'' if result.schedule is None else ' under ' + result.schedule}"
            f"{'' if result.steps is None else f' K={result.steps}'}: lhs {result.lhs!r} "
            f"{result.relation} rhs {result.rhs!r} ({result.method}); {result.detail}"
        )
    failed = len(suite.failures)
    summary = (f"{len(suite.results)} checks of {len(groups)} statement-law pairs on {laws} "
               f"{'law' if laws == 1 else 'laws'}, {failed} failed")
    summary += ": every statement holds" if not failed else ": SOME STATEMENTS FAILED"
    lines.append(summary)
    return "\n".join(lines)


def _format_not_applicable(items) -> str:
    reasons: dict[str, list[str]] = {}
    for item in items:
        where = item["distribution"] or "—"
        label = f"{item['statement']} {item['schedule']} K={item['steps']} on {where}"
        reasons.setdefault(item["reason"], []).append(label)
    lines = [f"Not applicable ({len(items)}):"]
    for reason, labels in reasons.items():
        listed = "; ".join(labels[:4])
        if len(labels) > 4:
            listed += f"; and {len(labels) - 4} more"
        lines.append(f"  {reason}: {listed}")
    return "\n".join(lines)
