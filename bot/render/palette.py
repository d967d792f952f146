"""The colour of each status, the same in the chart and on the HTML page; always shown beside the status's
words, never instead of them (colour-blind readers and black-and-white printers lose it)."""

from __future__ import annotations

COLOURS = {
    "on_track": "#2e7d32",
    "at_risk": "#ef6c00",
    "blocked": "#c62828",
    "not_started": "#9e9e9e",
    "completed": "#1565c0",
}
NO_REPORT = "#f0f0f0"
LABELS = {value: value.replace("_", " ") for value in COLOURS}
