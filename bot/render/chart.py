"""StatusChart → PNG: areas down, Dialogues across, each cell coloured by status and carrying its word.

Pure (the same chart gives the same picture) and drawn with matplotlib's Agg backend,
imported only here and only when a chart is drawn: answering questions never pays
for loading it. The size follows from the chart alone (`chart_size`), so a test can
check the picture it gets.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.model import StatusChart
from bot.render.palette import COLOURS, LABELS, NO_REPORT

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FILENAME = "status-by-area.png"
DPI = 100
WIDTH_INCHES = 10.0
ROW_INCHES = 0.32
FRAME_INCHES = 1.4  # title, column labels and legend


def chart_size(chart: StatusChart) -> tuple[int, int]:
    """The picture's width and height in pixels."""
    return int(WIDTH_INCHES * DPI), round((FRAME_INCHES + ROW_INCHES * max(len(chart.rows), 1)) * DPI)


def _figure(chart: StatusChart) -> Figure:
    from matplotlib.figure import Figure  # Agg canvas: no display, no global pyplot state
    from matplotlib.patches import Patch, Rectangle

    width, height = chart_size(chart)
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    rows, columns = len(chart.rows), max(len(chart.columns), 1)
    top = 1 - 0.5 / (height / DPI)  # room for the title and the column labels, in figure fractions
    bottom = 0.5 / (height / DPI)  # room for the legend
    axes = figure.add_axes((0.34, bottom, 0.64, top - bottom))
    axes.set_xlim(0, columns)
    axes.set_ylim(rows, 0)
    for y, row in enumerate(chart.rows):
        for x, status in enumerate(row.statuses):
            colour = COLOURS.get(status or "", NO_REPORT)
            axes.add_patch(Rectangle((x + 0.03, y + 0.08), 0.94, 0.84, color=colour))
            word = LABELS.get(status or "", "no report")
            axes.text(
                x + 0.5, y + 0.5, word, ha="center", va="center", fontsize=8, color="white" if status else "#555555"
            )
    axes.set_xticks([x + 0.5 for x in range(len(chart.columns))], chart.columns, fontsize=8)
    axes.xaxis.tick_top()
    axes.set_yticks([y + 0.5 for y in range(rows)], [_short(r.label) for r in chart.rows], fontsize=8)
    axes.tick_params(length=0)
    for side in axes.spines.values():
        side.set_visible(False)
    figure.suptitle(chart.title, fontsize=10, x=0.02, ha="left", y=0.995, va="top")
    handles = [Patch(color=COLOURS[s], label=LABELS[s]) for s in COLOURS] + [Patch(color=NO_REPORT, label="no report")]
    figure.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=8, frameon=False)
    return figure


def _short(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def render_chart(chart: StatusChart) -> bytes:
    """The chart as a PNG of `chart_size(chart)` pixels. A fraction of a second of CPU: adapters draw it
    in a worker thread (`asyncio.to_thread`), off the event loop."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = _figure(chart)
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
