"""Plain-text tables and summaries for the command line."""

from __future__ import annotations

import math

from verifier.bounds import nats_to_unit

__all__ = ["format_number", "format_table", "format_run_table", "format_summary"]


ROUNDING_DISPLAY = 1e-12
"""Magnitude below which a table shows ``≈0``: float64 rounding of sums of entropies."""


def format_number(value, digits: int = 4, *, rounding: bool = True) -> str:
    """Format a float with ``digits`` significant digits; ``None`` becomes ``—``.

    With ``rounding``, a magnitude below :data:`ROUNDING_DISPLAY` prints as ``≈0``, because an
    information quantity computed in float64 carries rounding errors of that size (the JSON
    output keeps the value as computed).
    """
    if value is None:
        return "—"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if value == 0:
        return "0"
    if rounding and abs(value) < ROUNDING_DISPLAY:
        return "≈0"
    return f"{value:.{digits}g}"


def format_table(headers, rows, align=None) -> str:
    """Return rows as a fixed-width text table with a header line and a rule."""
    widths = [len(header) for header in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    if align is None:
        align = ["<"] + [">"] * (len(headers) - 1)

    def line(cells):
        return "  ".join(f"{cell:{a}{w}}" for cell, a, w in zip(cells, align, widths)).rstrip()

    output = [line(headers), "  ".join("-" * w for w in widths)]
    output.extend(line(row) for row in rows)
    return "\n".join(output)


RUN_HEADERS = (
    "distribution", "L", "V", "TC", "DTC", "schedule", "K", "E KL", "mixture KL",
    "C_TC·TC", "C_DTC·DTC", "Li–Cai", "CCL", "verdict",
)


def run_rows(reports, unit: str = "nats"):
    """Return the cells of the run table, one row per report."""
    rows = []
    for report in reports:
        convert = lambda value: format_number(nats_to_unit(value, unit))  # noqa: E731
        ccl = report.bounds.get("ccl_tc", report.bounds.get("ccl_dtc"))
        verdict = "ok" if report.holds else "FAIL: " + ", ".join(report.failed_checks)
        schedule = report.schedule_description
        if report.note_marker:
            schedule += " *"
        rows.append((
            report.distribution, str(report.L), str(report.V), convert(report.tc),
            convert(report.dtc), schedule, str(report.steps), convert(report.expected_kl),
            convert(report.mixture_kl), convert(report.bounds["tight_tc"]),
            convert(report.bounds["tight_dtc"]), convert(report.bounds["li_cai"]),
            convert(ccl), verdict,
        ))
    return rows


def format_run_table(reports, unit: str = "nats") -> str:
    """Return the main job's table."""
    align = ["<", ">", ">", ">", ">", "<", ">", ">", ">", ">", ">", ">", ">", "<"]
    return format_table(RUN_HEADERS, run_rows(reports, unit), align)


def format_summary(result) -> str:
    """Return the summary line of a run."""
    reports = result.reports
    failing = result.failures
    text = (
        f"{len(reports)} runs, {result.check_count} checks, "
        f"{sum(len(names) for _, names in failing)} failed"
    )
    if result.not_applicable:
        text += f", {len(result.not_applicable)} combinations not applicable"
    return text + (": every check holds" if not failing else ": SOME CHECKS FAILED")
