"""The evaluation set's bars: understanding must not fall under them (figures: `python bench/nlu_eval.py`)."""

from __future__ import annotations

import pytest

from tests.understanding.evaluation import evaluate, load_items


@pytest.mark.slow
def test_the_evaluation_set_is_what_it_says() -> None:
    items = load_items()
    assert len(items) >= 400
    assert sum(1 for i in items if i.get("after")) >= len(items) // 3  # a third are follow-ups
    assert sum(1 for i in items if any("\uac00" <= c <= "\ud7a3" for c in i["text"])) >= 60
    assert sum(1 for i in items if i.get("covered") is False) >= 40


@pytest.mark.slow
async def test_understanding_meets_its_bars_on_the_evaluation_set() -> None:
    report = await evaluate()
    assert report.accuracy >= 0.95, report.misses
    assert report.top1_rate >= 0.9
    assert report.top3_rate >= 0.93
    assert report.entity_f1 >= 0.85
    assert report.honest_rate >= 0.88  # a subject the text does not cover is said to be not covered
