"""The report of ``dlm-verify run --out DIR``: ``report.md``, ``results.json`` and PNG figures.

:func:`write_report` writes into ``DIR``

- ``results.json``: the run's JSON payload, plus a ``figures`` list with each figure's file,
  law and caption;
- ``report.md``: the results table, the combinations that did not apply, the summary, and every
  figure embedded by a link relative to ``DIR``;
- ``figures/*.png``: the entropy profiles of the laws, the ρ profiles of the schedules at one
  ``(L, K)``, and for each law its exact KL against ``K`` for every schedule and every bound.

The run computes each law at a few step counts only. To show how the errors fall with ``K``,
the figures also evaluate the exact ``E KL = Σ_m δ_m·ρ_m`` and the tight bounds at every
``K`` from 1 to ``L−1``. For that, each schedule is rebuilt from its name as the run builds it,
and each law from its spec. These added values come from the same formulas as the run's, and
the figures keep the run's own values as markers. The mixture KL is drawn only where the run
computed it. Rebuilding costs one more entropy profile per law, next to the run's own.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from distributions.catalogue import parse_distribution
from distributions.joint import JointLaw
from verifier.analysis import SamplerReport
from verifier.bounds import nats_to_unit
from verifier.cli_support import json_default
from verifier.expected_kl import expected_kl
from verifier.formatting import ROUNDING_DISPLAY, format_number
from verifier.information import InformationProfile, entropy_profile
from verifier.random_grid import RECONSTRUCTION_NOTE
from verifier.runner import RunResult, fixed_sizes_for
from verifier.schedule import tight_constants
from verifier.schedules import parse_schedule

__all__ = ["FIGURES_DIRECTORY", "FigureRecord", "write_report"]

logger = logging.getLogger(__name__)

FIGURES_DIRECTORY = "figures"
"""Folder of the PNG files, relative to the report's directory."""

_DPI = 110


@dataclass
class FigureRecord:
    """A figure of the report: its path relative to the report, its law (if any) and its caption.

    ``file`` is None for a law whose figures were left out, and the caption gives the reason.
    """

    file: str | None
    title: str
    caption: str
    distribution: str | None = None
    omitted: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "title": self.title,
            "distribution": self.distribution,
            "caption": self.caption,
            "omitted": list(self.omitted),
        }


@dataclass
class _LawRun:
    """The reports of one law, with the law and its profile when the spec can be rebuilt."""

    name: str
    L: int
    reports: list[SamplerReport]
    law: JointLaw | None = None
    profile: InformationProfile | None = None
    missing_reason: str | None = None


def write_report(directory, result: RunResult, payload: dict, table: str, summary: str,
                 unit: str = "nats", *, laws: dict[str, JointLaw] | None = None) -> list[Path]:
    """Write ``report.md``, ``results.json`` and the PNG figures of a run into ``directory``.

    Parameters
    ----------
    directory : str or os.PathLike
        Output folder, created if missing. Figures go to its ``figures/`` subfolder. Files
        already there are overwritten when their names clash and left alone otherwise.
    result : verifier.runner.RunResult
        The run.
    payload : dict
        The run's JSON payload, as ``dlm-verify run --json`` prints it. It is written with an
        added ``figures`` key and is not modified.
    table, summary : str
        The run's text table and summary line, copied into ``report.md``.
    unit : str
        ``"nats"`` or ``"bits"``, the unit of ``payload`` and of the figures.
    laws : dict of str to JointLaw, optional
        The laws of the run by name. A law left out is rebuilt from its name with
        :func:`distributions.parse_distribution`. When that fails, its figures show only the
        run's own values, and the report gives the reason.

    Returns
    -------
    list of pathlib.Path
        Every file written, ``report.md`` first.

    Raises
    ------
    ValueError
        If ``unit`` is neither ``"nats"`` nor ``"bits"``.
    """
    if unit not in ("nats", "bits"):
        raise ValueError(f"unit must be 'nats' or 'bits', got {unit!r}")
    # matplotlib is imported here, not at module level, so the other sub-commands that import
    # this module start without it.
    from verifier import figures as plots

    directory = Path(directory)
    figure_directory = directory / FIGURES_DIRECTORY
    figure_directory.mkdir(parents=True, exist_ok=True)

    law_runs = _group_by_law(result, laws or {})
    schedule_keys = _schedule_keys(result.reports)
    floor = nats_to_unit(ROUNDING_DISPLAY, unit)
    records: list[FigureRecord] = []
    written: list[Path] = []
    names = _FileNames()

    def save(figure, stem: str) -> str:
        relative = f"{FIGURES_DIRECTORY}/{stem}.png"
        path = directory / relative
        figure.savefig(path, dpi=_DPI)
        written.append(path)
        logger.debug("report figure written: %s", path)
        return relative

    with_profile = [law_run for law_run in law_runs if law_run.profile is not None]
    if with_profile:
        profiles = [
            (_profile_label(law_run, unit),
             np.array([nats_to_unit(float(value), unit) for value in law_run.profile.profile]))
            for law_run in with_profile
        ]
        figure = plots.plot_entropy_profiles(profiles, unit)
        records.append(FigureRecord(
            file=save(figure, names.take("entropy_profiles")),
            title="Entropy profiles",
            caption=(
                f"Left: the entropy profile H̄_m, the mean entropy of the m-token subsets, in "
                f"{unit}. Right: its increments Δ_m, the mean entropy of a fresh token given m "
                "revealed ones; Han's inequality makes them non-increasing. TC = L·Δ_0 − H̄_L "
                "and DTC = H̄_L − L·Δ_{L−1}. A law with TC small and DTC large (parity) has a "
                "flat Δ that drops at the end; the reverse (repetition) drops at once."
            ),
        ))

    rho_record = _rho_figure(plots, law_runs, schedule_keys, save, names)
    if rho_record is not None:
        records.append(rho_record)

    for law_run in law_runs:
        records += _law_figures(plots, law_run, schedule_keys, unit, floor, save, names)

    json_payload = dict(payload)
    json_payload["figures"] = [record.to_json() for record in records]
    results_path = directory / "results.json"
    with open(results_path, "w") as handle:
        json.dump(json_payload, handle, indent=2, allow_nan=False, default=json_default)

    report_path = directory / "report.md"
    report_path.write_text(_markdown(result, table, summary, unit, law_runs, records))
    logger.info("report written: %s with %d figures in %s", report_path, len(written),
                figure_directory)
    return [report_path, results_path] + written


class _FileNames:
    """Unique file stems made of letters, digits, ``-`` and ``_``."""

    def __init__(self):
        self.used: set[str] = set()

    def take(self, text: str) -> str:
        stem = re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-").lower()[:80] or "figure"
        candidate, number = stem, 2
        while candidate in self.used:
            candidate = f"{stem}-{number}"
            number += 1
        self.used.add(candidate)
        return candidate


def _group_by_law(result: RunResult, laws: dict[str, JointLaw]) -> list[_LawRun]:
    """Group the reports by law in run order, and rebuild each law and its profile."""
    grouped: dict[str, list[SamplerReport]] = {}
    for report in result.reports:
        grouped.setdefault(report.distribution, []).append(report)

    law_runs = []
    for name, reports in grouped.items():
        law_run = _LawRun(name=name, L=reports[0].L, reports=reports)
        law = laws.get(name)
        if law is None:
            try:
                law = parse_distribution(name)
            except ValueError as error:
                law_run.missing_reason = f"the law could not be rebuilt from its name ({error})"
                logger.warning("report: %s: %s", name, law_run.missing_reason)
        if law is not None:
            law_run.law = law
            law_run.profile = entropy_profile(law)
        law_runs.append(law_run)
    return law_runs


def _schedule_key(report: SamplerReport) -> str:
    """Return the schedule's name without its argument, so ``fixed:5,1`` groups as ``fixed``."""
    return report.schedule.split(":", 1)[0]


def _schedule_keys(reports: list[SamplerReport]) -> list[str]:
    keys: list[str] = []
    for report in reports:
        key = _schedule_key(report)
        if key not in keys:
            keys.append(key)
    return keys


def _schedule_label(key: str) -> str:
    if key == "fixed":
        return "fixed [L−K+1, 1, …, 1]"
    if key.startswith("random-"):
        return f"{key} (reconstruction)"
    return key


def _profile_label(law_run: _LawRun, unit: str) -> str:
    profile = law_run.profile
    tc = format_number(nats_to_unit(profile.tc, unit), 3)
    dtc = format_number(nats_to_unit(profile.dtc, unit), 3)
    return f"{law_run.name}  (TC {tc}, DTC {dtc})"


def _rebuild_schedule(key: str, L: int, K: int, profile: InformationProfile | None):
    """Return the schedule the run uses for ``key`` at ``(L, K)``, or None where it does not apply."""
    spec = fixed_sizes_for(L, K) if key == "fixed" else key
    if key == "optimal" and profile is None:
        return None
    try:
        return parse_schedule(spec, L, K, profile=profile)
    except ValueError:
        return None


def _step_series(plots, law_run: _LawRun, key: str, unit: str):
    """Collect the dense curves and the run's values of one schedule on one law."""
    reports = sorted((report for report in law_run.reports if _schedule_key(report) == key),
                     key=lambda report: report.steps)
    if not reports:
        return None
    convert = lambda value: (math.nan if value is None  # noqa: E731
                             else nats_to_unit(float(value), unit))

    run_steps = np.array([report.steps for report in reports])
    run_expected = np.array([convert(report.expected_kl) for report in reports])
    run_mixture = np.array([convert(report.mixture_kl) for report in reports])
    run_li_cai = np.array([convert(report.bounds.get("li_cai")) for report in reports])
    ccl = [report.bounds.get("ccl_tc", report.bounds.get("ccl_dtc")) for report in reports]
    run_ccl = np.array([convert(value) for value in ccl]) if any(
        value is not None for value in ccl) else np.array([])

    curve_steps, curve_expected, curve_tight_tc, curve_tight_dtc = [], [], [], []
    profile = law_run.profile
    if profile is not None:
        for K in range(1, law_run.L):
            schedule = _rebuild_schedule(key, law_run.L, K, profile)
            if schedule is None:
                continue
            rho = schedule.rho()
            constants = tight_constants(rho)
            curve_steps.append(K)
            curve_expected.append(convert(expected_kl(profile, schedule, rho=rho)))
            curve_tight_tc.append(convert(constants.c_tc * profile.tc))
            curve_tight_dtc.append(convert(constants.c_dtc * profile.dtc))
        _warn_on_disagreement(law_run.name, key, reports, curve_steps, curve_expected, unit)
    else:
        # Without the law, the lines join the run's own values.
        curve_steps = list(run_steps)
        curve_expected = list(run_expected)
        curve_tight_tc = [convert(report.bounds["tight_tc"]) for report in reports]
        curve_tight_dtc = [convert(report.bounds["tight_dtc"]) for report in reports]

    return plots.StepSeries(
        label=_schedule_label(key),
        curve_steps=np.array(curve_steps, dtype=float),
        curve_expected=np.array(curve_expected, dtype=float),
        curve_tight_tc=np.array(curve_tight_tc, dtype=float),
        curve_tight_dtc=np.array(curve_tight_dtc, dtype=float),
        run_steps=run_steps,
        run_expected=run_expected,
        run_mixture=run_mixture,
        run_li_cai=run_li_cai,
        run_ccl=run_ccl,
    )


def _warn_on_disagreement(name: str, key: str, reports, curve_steps, curve_expected,
                          unit: str) -> None:
    """Log a warning when a rebuilt schedule's E KL differs from the run's at the same K."""
    by_step = dict(zip(curve_steps, curve_expected))
    tolerance = nats_to_unit(1e-9, unit)
    for report in reports:
        rebuilt = by_step.get(report.steps)
        run_value = nats_to_unit(report.expected_kl, unit)
        if rebuilt is not None and abs(rebuilt - run_value) > tolerance:
            logger.warning(
                "report: %s under %s at K=%d: the figure's E KL %.12g differs from the run's %.12g",
                name, key, report.steps, rebuilt, run_value,
            )


def _law_figures(plots, law_run: _LawRun, schedule_keys, unit: str, floor: float, save,
                 names: _FileNames) -> list[FigureRecord]:
    """Draw the two figures of one law: errors of every schedule, and errors with bounds."""
    series = []
    for key in schedule_keys:
        item = _step_series(plots, law_run, key, unit)
        if item is not None:
            series.append(item)
    tc = nats_to_unit(law_run.reports[0].tc, unit)
    dtc = nats_to_unit(law_run.reports[0].dtc, unit)

    every_value = [tc]
    for item in series:
        for values in (item.curve_expected, item.run_mixture, item.curve_tight_tc,
                       item.curve_tight_dtc):
            every_value += [value for value in values if np.isfinite(value)]
    if max(every_value) <= floor:
        return [FigureRecord(
            file=None,
            title=f"{law_run.name}: no figure",
            distribution=law_run.name,
            caption=(
                f"Every exact KL, bound and TC of {law_run.name} is 0 up to float64 rounding "
                f"(at most {floor:.3g} {unit}). TC = 0 means independent tokens, so parallel "
                "sampling makes no error. Log axes cannot show zero, so this law has no figure."
            ),
        )]

    source = ("Lines are the exact E KL recomputed at every K from 1 to L−1 where the schedule "
              "applies")
    if law_run.profile is None:
        source = (f"Lines join the run's own values only, because {law_run.missing_reason}")
    references = plots.ReferenceLines(tc=tc, dtc=dtc)
    records = []

    figure, omitted = plots.plot_errors_against_steps(
        f"{law_run.name} (L = {law_run.L}): exact KL of the oracle sampler against K",
        series, references, unit, floor=floor,
    )
    caption = (
        f"Exact errors of every schedule on {law_run.name}, in {unit}, on log-log axes. "
        f"{source}; filled markers are the run's E KL, and hollow markers are the run's "
        "mixture KL, KL(p ‖ q), which convexity keeps at or below E KL. Grey references: TC "
        "(the error of one-shot sampling), TC/K and DTC/K."
    )
    records.append(FigureRecord(
        file=save(figure, names.take(f"kl_{law_run.name}")),
        title=f"{law_run.name}: exact KL against K",
        distribution=law_run.name,
        caption=caption + _omission_sentence(omitted, floor, unit) + _mixture_sentence(law_run),
        omitted=omitted,
    ))

    figure, omitted = plots.plot_bounds_against_steps(
        f"{law_run.name} (L = {law_run.L}): exact errors and bounds, one panel per schedule",
        series, unit, floor=floor,
    )
    caption = (
        f"Exact errors and bounds on {law_run.name}, in {unit}, one panel per schedule, on "
        f"log-log axes. {source}, with the tight bounds C_TC·TC and C_DTC·DTC, which hold for "
        "every law and are reached by some MDS code. Markers are the run's values: E KL, the "
        "mixture KL, the Li–Cai bound and, for ccl-tc and ccl-dtc, their geometric bound."
    )
    failed = [f"{report.schedule} at K={report.steps} ({', '.join(report.failed_checks)})"
              for report in law_run.reports if not report.holds]
    if failed:
        caption += f" FAILED checks: {'; '.join(failed)}."
    else:
        caption += " Every check of the run on this law holds, the bounds included."
    records.append(FigureRecord(
        file=save(figure, names.take(f"bounds_{law_run.name}")),
        title=f"{law_run.name}: exact errors and bounds",
        distribution=law_run.name,
        caption=caption + _omission_sentence(omitted, floor, unit),
        omitted=omitted,
    ))
    return records


def _omission_sentence(omitted: list[str], floor: float, unit: str) -> str:
    if not omitted:
        return ""
    return (f" Not drawn, because they are 0 up to float64 rounding (at most {floor:.3g} "
            f"{unit}) and a log axis cannot show zero: {'; '.join(omitted)}.")


def _mixture_sentence(law_run: _LawRun) -> str:
    skipped = [report for report in law_run.reports if report.mixture_kl is None]
    if not skipped:
        return ""
    reason = skipped[0].mixture_skipped or "not computed"
    return (f" The run has no mixture KL for {len(skipped)} of {len(law_run.reports)} "
            f"combinations of this law ({reason}).")


def _rho_figure(plots, law_runs: list[_LawRun], schedule_keys, save,
                names: _FileNames) -> FigureRecord | None:
    """Draw ρ of every schedule at the longest length of the run and ``K = ⌈L/2⌉``."""
    lengths = [law_run.L for law_run in law_runs if law_run.L >= 3]
    if not lengths:
        return None
    L = max(lengths)
    K = math.ceil(L / 2)
    profile_owner = next(
        (law_run for law_run in law_runs if law_run.L == L and law_run.profile is not None), None
    )

    curves = []
    left_out = []
    for key in schedule_keys:
        profile = profile_owner.profile if profile_owner is not None else None
        schedule = _rebuild_schedule(key, L, K, profile)
        if schedule is None:
            left_out.append(key)
            continue
        label = _schedule_label(key)
        if key == "optimal":
            label = f"optimal for {profile_owner.name}"
        rho = schedule.rho()
        constants = tight_constants(rho)
        label += f"  (C_TC {constants.c_tc:.2f}, C_DTC {constants.c_dtc:.2f})"
        curves.append((label, rho))
    if not curves:
        return None

    figure = plots.plot_rho_profiles(curves, L, K)
    caption = (
        f"The schedules alone, at L = {L} and K = {K}. ρ_m is the expected number of tokens "
        "revealed in the same step as the m-th token and after it, so E KL = Σ_m δ_m·ρ_m "
        "separates the schedule (ρ) from the law (δ). The maxima of the two ratios are the "
        "tight constants C_TC and C_DTC given in the legend: E KL ≤ C_TC·TC and "
        "E KL ≤ C_DTC·DTC for every law, with equality for some MDS code."
    )
    if left_out:
        caption += (f" Not shown because they do not apply at this (L, K): "
                    f"{', '.join(left_out)}.")
    return FigureRecord(
        file=save(figure, names.take("rho_profiles")),
        title=f"ρ profiles of the schedules at L = {L}, K = {K}",
        caption=caption,
    )


def _markdown(result: RunResult, table: str, summary: str, unit: str,
              law_runs: list[_LawRun], records: list[FigureRecord]) -> str:
    lines = [
        "# dlm-verifier report",
        "",
        f"Exact errors of the oracle sampler, information in {unit} (float64, exact enumeration).",
        "",
        "## Results",
        "",
        "```",
        table,
        "```",
        "",
        f"\\* {RECONSTRUCTION_NOTE}.",
        "",
    ]
    if result.not_applicable:
        lines += [
            "Combinations that do not apply, because the schedule needs more steps than K "
            "(not failures; `results.json` gives each reason under `not_applicable`):",
            "",
        ]
        lines += _not_applicable_lines(result.not_applicable)
        lines.append("")
    lines += [summary, "", "## Figures", ""]

    for record in records:
        lines.append(f"### {record.title}")
        lines.append("")
        if record.file:
            lines.append(f"![{record.title}]({record.file})")
            lines.append("")
        lines.append(record.caption)
        lines.append("")

    missing = [law_run for law_run in law_runs if law_run.profile is None]
    for law_run in missing:
        lines.append(f"{law_run.name}: no entropy profile in the figures, because "
                     f"{law_run.missing_reason}.")
        lines.append("")
    return "\n".join(lines)


def _not_applicable_lines(items) -> list[str]:
    """Return one Markdown list item per schedule, naming each law with its step counts."""
    grouped: dict[str, dict[str, list[int]]] = {}
    for item in items:
        by_law = grouped.setdefault(item["schedule"], {})
        by_law.setdefault(item["distribution"], []).append(int(item["steps"]))
    lines = []
    for schedule, by_law in grouped.items():
        laws = [f"{law} (K={', '.join(map(str, sorted(set(steps))))})"
                for law, steps in by_law.items()]
        lines.append(f"- {schedule}: {'; '.join(laws)}")
    return lines
