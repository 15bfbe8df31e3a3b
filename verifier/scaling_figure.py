"""The figure of the scaling study: ``K·C/ln L`` against ``L``, one line per schedule."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from verifier.random_grid import RECONSTRUCTION_NOTE  # noqa: E402
from verifier.scaling import ScalingRecord  # noqa: E402

__all__ = ["plot_scaling", "steps_to_plot"]

MAX_PANEL_ROWS = 4
"""Rows of panels at most; a longer step grid is thinned to this many ``K`` values."""

MARKERS = ("o", "s", "^", "v", "D", "P", "X", "*", "<", ">")
LINE_STYLES = ("-", "--", "-.", ":")


def steps_to_plot(steps: Sequence[int], limit: int = MAX_PANEL_ROWS) -> list[int]:
    """Return at most ``limit`` values of ``steps``, evenly spread and including both ends."""
    steps = sorted(set(steps))
    if len(steps) <= limit:
        return steps
    positions = [round(i * (len(steps) - 1) / (limit - 1)) for i in range(limit)]
    return [steps[position] for position in positions]


def plot_scaling(records: Sequence[ScalingRecord], path: str | Path) -> Path:
    """Write a PNG of ``K·C_TC/ln L`` and ``K·C_DTC/ln L`` against ``L`` to ``path``.

    One row of panels per plotted ``K`` (see :func:`steps_to_plot`), the TC constant on the
    left and the DTC constant on the right, both axes logarithmic, one line per schedule. A
    dotted line marks 1, the value of a schedule with ``C = ln L / K`` exactly.

    Raises
    ------
    ValueError
        If there are no records.
    """
    if not records:
        raise ValueError("no scaling records to plot")
    path = Path(path)
    schedules = list(dict.fromkeys(record.schedule for record in records))
    rows = steps_to_plot([record.steps for record in records])
    colours = plt.get_cmap("tab10")

    figure, axes = plt.subplots(len(rows), 2, figsize=(11, 2.9 * len(rows) + 0.9),
                                squeeze=False, sharex=True)
    for row, K in enumerate(rows):
        for column, kind in enumerate(("tc", "dtc")):
            panel = axes[row][column]
            for index, schedule in enumerate(schedules):
                points = sorted((record.length, record.normalized(kind)) for record in records
                                if record.schedule == schedule and record.steps == K)
                if not points:
                    continue
                lengths, values = zip(*points)
                # Distinct markers and dashes keep coinciding curves (balanced and binomial at
                # large L) visible.
                panel.plot(lengths, values, marker=MARKERS[index % len(MARKERS)], markersize=4,
                           linestyle=LINE_STYLES[index % len(LINE_STYLES)],
                           color=colours(index % 10), label=schedule)
            panel.axhline(1.0, color="grey", linestyle=":", linewidth=1)
            panel.set_xscale("log", base=2)
            panel.set_yscale("log")
            constant = "C_TC" if kind == "tc" else "C_DTC"
            panel.set_ylabel(f"K·{constant} / ln L")
            panel.set_title(f"{constant}, K = {K}", fontsize=10)
            panel.grid(True, which="major", alpha=0.3)
            if row == len(rows) - 1:
                panel.set_xlabel("length L (tokens)")

    by_label = {}
    for panel in axes.ravel():
        for handle, label in zip(*panel.get_legend_handles_labels()):
            by_label.setdefault(label, handle)
    labels = [schedule for schedule in schedules if schedule in by_label]
    figure.legend([by_label[label] for label in labels], labels, loc="upper center",
                  ncol=min(len(labels), 7), frameon=False, bbox_to_anchor=(0.5, 1.0))
    figure.text(
        0.5, 0.005,
        "A value bounded in L and K means E KL ≤ c·TC·ln L/K (or c·DTC·ln L/K) for every law.\n"
        f"{RECONSTRUCTION_NOTE}.",
        ha="center", va="bottom", fontsize=8,
    )
    figure.tight_layout(rect=(0, 0.035, 1, 1 - 0.35 / figure.get_figheight()))
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path
