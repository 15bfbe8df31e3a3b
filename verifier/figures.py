"""Figures of a verifier run: errors and bounds against K, entropy profiles and ρ profiles.

Every function here takes plain arrays and returns a :class:`matplotlib.figure.Figure` drawn on
the Agg canvas, so no display is needed and pyplot's global state is never touched. Information
quantities arrive already converted to the report's unit, which each function only prints on its
axes.

Log axes cannot show zero. A value at or below the ``floor`` argument (zero up to float64
rounding) is left out of the drawing. The function returns a description of every such point,
so that the caption can list what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, NullLocator, ScalarFormatter

__all__ = [
    "StepSeries",
    "ReferenceLines",
    "new_figure",
    "set_margins",
    "plot_errors_against_steps",
    "plot_bounds_against_steps",
    "plot_entropy_profiles",
    "plot_rho_profiles",
]

# Grey and black are left out: the reference lines use them.
_COLORS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown",
           "tab:pink", "tab:olive", "tab:cyan", "navy")
_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "<", ">", "h")
_LINESTYLES = ("-", "--", "-.", ":")


@dataclass
class StepSeries:
    """Errors and bounds of one schedule on one law, against the number of steps ``K``.

    The ``curve_*`` arrays are computed at every ``K`` of ``curve_steps``; the ``run_*`` arrays
    hold the values the run itself computed, at its own ``run_steps``. A ``NaN`` marks a value
    that does not exist at that ``K`` (a missing mixture KL, a bound that does not apply).

    Attributes
    ----------
    label : str
        Legend entry of the schedule.
    curve_steps : numpy.ndarray
        ``K`` values of the dense curves.
    curve_expected : numpy.ndarray
        Exact ``E KL`` at each ``curve_steps``.
    curve_tight_tc, curve_tight_dtc : numpy.ndarray
        The tight bounds ``C_TC·TC`` and ``C_DTC·DTC`` at each ``curve_steps``.
    run_steps : numpy.ndarray
        ``K`` values of the run.
    run_expected, run_mixture : numpy.ndarray
        The run's ``E KL`` and mixture KL.
    run_li_cai, run_ccl : numpy.ndarray
        The run's Li–Cai bound and CCL geometric bound.
    """

    label: str
    curve_steps: np.ndarray
    curve_expected: np.ndarray
    curve_tight_tc: np.ndarray
    curve_tight_dtc: np.ndarray
    run_steps: np.ndarray
    run_expected: np.ndarray
    run_mixture: np.ndarray
    run_li_cai: np.ndarray = field(default_factory=lambda: np.array([]))
    run_ccl: np.ndarray = field(default_factory=lambda: np.array([]))


@dataclass
class ReferenceLines:
    """The law's own scale: ``TC`` (the one-shot error) and ``DTC``, in the report's unit."""

    tc: float
    dtc: float


def new_figure(width: float, height: float, *, constrained: bool = True) -> Figure:
    """Return an empty figure of ``width × height`` inches attached to the Agg canvas.

    With ``constrained``, matplotlib's constrained layout places the axes and legends. Without
    it, the caller sets the margins with :func:`set_margins`. That halved the drawing time of a
    3 × 3 grid of log axes in one measurement (matplotlib 3.11, Agg).
    """
    figure = Figure(figsize=(width, height), layout="constrained" if constrained else None)
    FigureCanvasAgg(figure)
    return figure


def set_margins(figure: Figure, *, left: float, right: float, bottom: float, top: float,
                wspace: float = 0.08, hspace: float = 0.3) -> None:
    """Set the margins around a grid of axes in inches, and the gaps as fractions of an axes."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(left=left / width, right=1.0 - right / width, bottom=bottom / height,
                           top=1.0 - top / height, wspace=wspace, hspace=hspace)


def _drawable(values, floor: float) -> np.ndarray:
    """Return ``values`` with every entry at or below ``floor`` (or NaN) replaced by NaN."""
    values = np.array(values, dtype=float)
    values[~(values > floor)] = np.nan
    return values


def _omitted(steps, values, floor: float, label: str) -> list[str]:
    """Describe the points of ``values`` that exist but are at or below ``floor``."""
    values = np.asarray(values, dtype=float)
    hidden = [int(K) for K, value in zip(steps, values) if np.isfinite(value) and value <= floor]
    if not hidden:
        return []
    return [f"{label} at K={','.join(map(str, hidden))}"]


def _integer_log_axis(axis, largest: int) -> None:
    """Put integer ticks on a logarithmic K axis from 1 to ``largest``."""
    candidates = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 48, 64, 96, 128, 256, 512, 1024]
    ticks = [value for value in candidates if value <= largest]
    axis.xaxis.set_major_locator(FixedLocator(ticks))
    axis.xaxis.set_major_formatter(ScalarFormatter())
    axis.xaxis.set_minor_locator(NullLocator())
    axis.set_xlim(0.9, largest * 1.1)


def _readable_log_axis(axis) -> None:
    """Label a logarithmic y axis with plain numbers at 1, 2 and 5 per decade when it spans few.

    Minor ticks are switched off, because they carry no label here and they about doubled the
    drawing time of a figure in one measurement.
    """
    low, high = axis.get_ylim()
    decades = np.log10(high / low) if low > 0 and high > low else 0.0
    if decades <= 2.5:
        subs = (1.0, 2.0, 5.0)
    elif decades <= 6:
        subs = (1.0,)
    else:
        subs = None
    if subs is not None:
        axis.yaxis.set_major_locator(LogLocator(base=10.0, subs=subs))
        axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axis.yaxis.set_minor_locator(NullLocator())


def _style(index: int) -> dict:
    return {
        "color": _COLORS[index % len(_COLORS)],
        "marker": _MARKERS[index % len(_MARKERS)],
        "linestyle": _LINESTYLES[index % len(_LINESTYLES)],
    }


def _draw_references(axis, references: ReferenceLines, steps: np.ndarray, floor: float) -> None:
    if references.tc > floor:
        axis.axhline(references.tc, color="black", linewidth=1.0, linestyle=(0, (1, 1)))
        axis.plot(steps, references.tc / steps, color="0.45", linewidth=1.0, linestyle="--")
    if references.dtc > floor:
        axis.plot(steps, references.dtc / steps, color="0.45", linewidth=1.0, linestyle="-.")


def _reference_handles(references: ReferenceLines, floor: float) -> list[Line2D]:
    handles = []
    if references.tc > floor:
        handles.append(Line2D([], [], color="black", linewidth=1.0, linestyle=(0, (1, 1)),
                              label="TC (error of one-shot sampling)"))
        handles.append(Line2D([], [], color="0.45", linewidth=1.0, linestyle="--", label="TC/K"))
    if references.dtc > floor:
        handles.append(Line2D([], [], color="0.45", linewidth=1.0, linestyle="-.", label="DTC/K"))
    return handles


def plot_errors_against_steps(title: str, series: list[StepSeries], references: ReferenceLines,
                              unit: str, *, floor: float) -> tuple[Figure, list[str]]:
    """Draw ``E KL`` and mixture KL against ``K`` for every schedule, on log-log axes.

    The left panel has a line per schedule through the exact ``E KL`` at every ``K`` of its
    curve, with filled markers at the run's values. The right panel has the run's mixture KL,
    hollow markers joined by thin lines. Both carry ``TC``, ``TC/K`` and ``DTC/K`` as references
    and share their vertical scale.

    Returns
    -------
    figure : matplotlib.figure.Figure
    omitted : list of str
        The points left out because they are at or below ``floor``.
    """
    figure = new_figure(11.0, 5.2)
    expected_axis, mixture_axis = figure.subplots(1, 2, sharey=True)
    omitted: list[str] = []

    largest = 1
    for item in series:
        largest = max(largest, int(np.max(item.curve_steps, initial=1)),
                      int(np.max(item.run_steps, initial=1)))
    reference_steps = np.linspace(1.0, float(largest), 64)

    handles = []
    for index, item in enumerate(series):
        style = _style(index)
        expected_axis.plot(item.curve_steps, _drawable(item.curve_expected, floor),
                           color=style["color"], linestyle=style["linestyle"], linewidth=1.6)
        expected_axis.plot(item.run_steps, _drawable(item.run_expected, floor),
                           color=style["color"], marker=style["marker"], linestyle="none",
                           markersize=7)
        mixture_axis.plot(item.run_steps, _drawable(item.run_mixture, floor),
                          color=style["color"], marker=style["marker"], linestyle="-",
                          linewidth=0.8, markerfacecolor="none", markersize=7)
        omitted += _omitted(item.curve_steps, item.curve_expected, floor, f"{item.label} E KL")
        omitted += _omitted(item.run_steps, item.run_mixture, floor, f"{item.label} mixture KL")
        handles.append(Line2D([], [], color=style["color"], linestyle=style["linestyle"],
                              marker=style["marker"], label=item.label))

    for axis in (expected_axis, mixture_axis):
        _draw_references(axis, references, reference_steps, floor)
        axis.set_xscale("log")
        axis.set_yscale("log")
        _integer_log_axis(axis, largest)
        axis.set_xlabel("number of steps K")
        axis.grid(True, which="major", alpha=0.3)
    for axis in (expected_axis, mixture_axis):
        _readable_log_axis(axis)
    expected_axis.set_ylabel(f"KL divergence ({unit})")
    expected_axis.set_title("expected KL  $E_\\pi\\,KL(p\\,\\|\\,q_\\pi)$\n"
                            "line: every K · filled marker: the run")
    mixture_axis.set_title("mixture KL  $KL(p\\,\\|\\,q)$\nhollow marker: the run")
    mixture_axis.tick_params(labelleft=True)

    handles += _reference_handles(references, floor)
    figure.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 5),
                  fontsize="small", frameon=False)
    figure.suptitle(title)
    return figure, omitted


def plot_bounds_against_steps(title: str, series: list[StepSeries], unit: str, *,
                              floor: float) -> tuple[Figure, list[str]]:
    """Draw, one panel per schedule, the exact errors of a law with every bound, log-log.

    Lines are computed at every ``K`` of the curve: ``E KL``, ``C_TC·TC`` and ``C_DTC·DTC``.
    Markers are the run's values: ``E KL``, the mixture KL, the Li–Cai bound and, for the CCL
    schedules, their geometric bound. Panels share both axes.

    Returns
    -------
    figure : matplotlib.figure.Figure
    omitted : list of str
        The points left out because they are at or below ``floor``.
    """
    columns = 3 if len(series) > 4 else max(len(series), 1)
    rows = -(-len(series) // columns)
    figure = new_figure(4.0 * columns, 3.0 * rows + 1.3, constrained=False)
    axes = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False).ravel()
    set_margins(figure, left=0.8, right=0.2, bottom=1.15, top=0.8)
    omitted: list[str] = []

    largest = 1
    for item in series:
        largest = max(largest, int(np.max(item.curve_steps, initial=1)),
                      int(np.max(item.run_steps, initial=1)))

    for axis, item in zip(axes, series):
        axis.plot(item.curve_steps, _drawable(item.curve_expected, floor), color="tab:blue",
                  linewidth=1.8)
        axis.plot(item.curve_steps, _drawable(item.curve_tight_tc, floor), color="tab:green",
                  linestyle="--", linewidth=1.4)
        axis.plot(item.curve_steps, _drawable(item.curve_tight_dtc, floor), color="tab:red",
                  linestyle="-.", linewidth=1.4)
        axis.plot(item.run_steps, _drawable(item.run_expected, floor), color="tab:blue",
                  marker="o", linestyle="none", markersize=6)
        axis.plot(item.run_steps, _drawable(item.run_mixture, floor), color="tab:orange",
                  marker="o", linestyle="none", markerfacecolor="none", markersize=7)
        if item.run_li_cai.size:
            axis.plot(item.run_steps, _drawable(item.run_li_cai, floor), color="tab:purple",
                      marker="x", linestyle="none", markersize=7)
        if item.run_ccl.size:
            axis.plot(item.run_steps, _drawable(item.run_ccl, floor), color="tab:brown",
                      marker="+", linestyle="none", markersize=9, markeredgewidth=1.6)
        omitted += _omitted(item.curve_steps, item.curve_expected, floor, f"{item.label} E KL")
        omitted += _omitted(item.run_steps, item.run_mixture, floor, f"{item.label} mixture KL")
        omitted += _omitted(item.curve_steps, item.curve_tight_tc, floor, f"{item.label} C_TC·TC")
        omitted += _omitted(item.curve_steps, item.curve_tight_dtc, floor,
                            f"{item.label} C_DTC·DTC")

        axis.set_title(item.label, fontsize="medium")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.grid(True, which="major", alpha=0.3)

    for axis in axes[len(series):]:
        axis.set_visible(False)
    for index, axis in enumerate(axes[:len(series)]):
        _integer_log_axis(axis, largest)
        _readable_log_axis(axis)
        if index % columns == 0:
            axis.set_ylabel(f"KL or bound ({unit})")
        if index >= len(series) - columns:
            axis.set_xlabel("number of steps K")
            axis.tick_params(labelbottom=True)

    handles = [
        Line2D([], [], color="tab:blue", linewidth=1.8, label="E KL, every K"),
        Line2D([], [], color="tab:blue", marker="o", linestyle="none", label="E KL, the run"),
        Line2D([], [], color="tab:orange", marker="o", markerfacecolor="none", linestyle="none",
               label="mixture KL, the run"),
        Line2D([], [], color="tab:green", linestyle="--", label="$C_{TC}\\cdot TC$ (tight)"),
        Line2D([], [], color="tab:red", linestyle="-.", label="$C_{DTC}\\cdot DTC$ (tight)"),
        Line2D([], [], color="tab:purple", marker="x", linestyle="none",
               label="Li–Cai bound, the run"),
    ]
    if any(item.run_ccl.size for item in series):
        handles.append(Line2D([], [], color="tab:brown", marker="+", markeredgewidth=1.6,
                              linestyle="none", label="CCL geometric bound, the run"))
    figure.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=4,
                  fontsize="small", frameon=False)
    figure.suptitle(title)
    return figure, omitted


def plot_entropy_profiles(profiles: list[tuple[str, np.ndarray]], unit: str) -> Figure:
    """Draw the entropy profile ``H̄_m`` and its increments ``Δ_m`` of several laws.

    Parameters
    ----------
    profiles : list of (str, numpy.ndarray)
        Legend entry and ``H̄_0 … H̄_L`` of each law, in ``unit``.
    unit : str
        Unit of the profiles, printed on the axes.
    """
    figure = new_figure(12.0, 5.6 + 0.2 * ((len(profiles) + 2) // 3))
    profile_axis, increment_axis = figure.subplots(1, 2)
    for index, (label, profile) in enumerate(profiles):
        style = _style(index)
        profile = np.asarray(profile, dtype=float)
        sizes = np.arange(profile.size)
        profile_axis.plot(sizes, profile, label=label, color=style["color"],
                          marker=style["marker"], linestyle=style["linestyle"], markersize=5)
        increment_axis.plot(sizes[:-1], np.diff(profile), label=label, color=style["color"],
                            marker=style["marker"], linestyle=style["linestyle"], markersize=5)

    profile_axis.set_xlabel("number of revealed tokens m")
    profile_axis.set_ylabel(f"mean subset entropy $\\bar H_m$ ({unit})")
    profile_axis.set_title("entropy profile: mean $H(X_A)$ over the sets $A$ of size m")
    increment_axis.set_xlabel("number of revealed tokens m")
    increment_axis.set_ylabel(f"$\\Delta_m = \\bar H_{{m+1}} - \\bar H_m$ ({unit})")
    increment_axis.set_title("increments: entropy of a fresh token given m revealed ones")
    for axis in (profile_axis, increment_axis):
        axis.grid(True, alpha=0.3)
        axis.xaxis.get_major_locator().set_params(integer=True)
    handles, labels = profile_axis.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncol=3, fontsize="small",
                  frameon=False)
    return figure


def plot_rho_profiles(curves: list[tuple[str, np.ndarray]], L: int, K: int) -> Figure:
    """Draw ``ρ_m`` of several schedules and the two ratios whose maxima are the tight constants.

    Parameters
    ----------
    curves : list of (str, numpy.ndarray)
        Legend entry and ``ρ_0 … ρ_{L−2}`` of each schedule, all at the same ``L`` and ``K``.
    L, K : int
        Length and number of steps, printed in the title.
    """
    figure = new_figure(13.0, 5.4 + 0.2 * ((len(curves) + 2) // 3))
    rho_axis, tc_axis, dtc_axis = figure.subplots(1, 3)
    m = np.arange(L - 1)
    for index, (label, rho) in enumerate(curves):
        style = _style(index)
        rho = np.asarray(rho, dtype=float)
        common = {"color": style["color"], "marker": style["marker"],
                  "linestyle": style["linestyle"], "markersize": 5, "label": label}
        rho_axis.plot(m, rho, **common)
        tc_axis.plot(m, rho / (L - 1 - m), **common)
        dtc_axis.plot(m, rho / (m + 1), **common)

    rho_axis.set_ylabel("$\\rho_m$ (tokens)")
    rho_axis.set_title("$\\rho_m$: expected number of tokens revealed\nwith token m and after it")
    tc_axis.set_ylabel("$\\rho_m / (L-1-m)$ (dimensionless)")
    tc_axis.set_title("TC ratio\nits maximum over m is $C_{TC}$")
    dtc_axis.set_ylabel("$\\rho_m / (m+1)$ (dimensionless)")
    dtc_axis.set_title("DTC ratio\nits maximum over m is $C_{DTC}$")
    for axis in (rho_axis, tc_axis, dtc_axis):
        axis.set_xlabel("reveal order m of the token (0-based)")
        axis.grid(True, alpha=0.3)
        axis.xaxis.get_major_locator().set_params(integer=True)
    handles, labels = rho_axis.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncol=3, fontsize="small",
                  frameon=False)
    figure.suptitle(f"Schedules at L = {L} tokens and K = {K} steps")
    return figure
