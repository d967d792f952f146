"""No input makes understanding raise, whatever the text and whatever the conversation before it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.intents import DECLARATIONS
from bot.runtime import Runtime
from bot.settings import Settings
from bot.understanding.context import ChatContext
from bot.understanding.understand import Understander
from tests.conftest import EXAMPLE_CONFIG

WORDS = [
    "status",
    "of",
    "cyber",
    "who",
    "leads",
    "it",
    "§14",
    "(b)",
    "and",
    "what",
    "about",
    "사이버",
    "현황",
    "kim",
    "away",
    "until",
    "2027-01-10",
    "next",
    "one",
    "update",
    "maritime:",
    "at risk",
    "<@U0LEADKR2>",
    "15",
    "1-2",
    "?",
    "—",
    "schedule",
    "sdd-2027",
]


@pytest.fixture(scope="module")
def understander() -> Understander:
    return Runtime.load(Settings(config=EXAMPLE_CONFIG)).understander


contexts = st.builds(
    ChatContext,
    area=st.sampled_from([None, "Cyber issues"]),
    paragraph=st.sampled_from([None, 14, 0, 999]),
    label=st.sampled_from([None, *DECLARATIONS]),
    person=st.sampled_from([None, "kim", "nobody"]),
    meeting=st.sampled_from([None, "sdd-2027"]),
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    message=st.one_of(st.text(max_size=120), st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)),
    context=contexts,
)
def test_understanding_never_raises(understander: Understander, message: str, context: ChatContext) -> None:
    understanding = understander.understand(message, context)
    assert 0.0 <= understanding.confidence <= 1.0
    assert understanding.label in DECLARATIONS or understanding.label in {"invalid", "again"}
