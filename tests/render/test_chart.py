"""The status-over-time chart: a PNG of the size its rows give, drawn without loading pyplot."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.model import ChartRow, StatusChart
from bot.render.chart import chart_size, render_chart
from tests.digest_support import png_size


def chart(rows: int) -> StatusChart:
    statuses = ("on_track", "at_risk", "blocked", "not_started", "completed", None)
    return StatusChart(
        title="Status by area",
        columns=("10 Mar 2026", "15 Mar 2027"),
        rows=tuple(ChartRow(label=f"Area {n}", statuses=(statuses[n % 6], statuses[(n + 1) % 6])) for n in range(rows)),
    )


def test_the_picture_has_the_size_of_its_rows() -> None:
    assert chart_size(chart(15)) == (1000, 620)
    assert png_size(render_chart(chart(15))) == (1000, 620)
    assert png_size(render_chart(chart(3))) == chart_size(chart(3)) == (1000, 236)


def test_the_same_chart_gives_the_same_picture() -> None:
    assert render_chart(chart(4)) == render_chart(chart(4))


@pytest.mark.slow
def test_matplotlib_is_loaded_only_to_draw() -> None:
    code = (
        "import sys, bot.render.html, bot.render.slack, bot.render.telegram, handlers.digest;"
        "assert 'matplotlib' not in sys.modules;"
        "from bot.render.chart import render_chart; from tests.render.test_chart import chart; render_chart(chart(2));"
        "assert 'matplotlib' in sys.modules and 'matplotlib.pyplot' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
