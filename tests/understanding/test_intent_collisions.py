"""Words that name a command also occur in questions: each command's word next to the questions that only
share it, and the intent each must get (the command's, or the question's)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot import intents
from bot.clock import FakeClock
from bot.understanding.understand import Understander
from tests.conftest import MARITIME, make_runtime


@pytest.fixture(scope="module")
def understander(tmp_path_factory: pytest.TempPathFactory) -> Understander:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'partnerbot.db'}"
    return make_runtime(url, FakeClock(datetime(2027, 2, 1, tzinfo=UTC))).understander


@pytest.mark.parametrize(
    "message, expected",
    [
        # status: the command, an area's status, and a question that merely says "status"
        ("status", intents.Status()),
        ("status of cyber", intents.Status("Cyber issues")),
        ("what's the latest update on space", intents.Status("Space security and defence")),
        # blockers: the command, an area's, and a question about what blocks something in a paragraph
        ("blockers", intents.Blockers()),
        ("blockers maritime", intents.Blockers(MARITIME)),
        ("what blocks cooperation in §14", intents.ParagraphRef(14)),
        # update: the command starts the lead's conversation; "latest update on" asks for a status (above)
        ("update", intents.Update()),
        ("update maritime", intents.Update(MARITIME)),
        # meetings: the command, the next one, and what the text says about meetings
        ("meetings", intents.Meetings()),
        ("when is the next dialogue", intents.Meetings(next_only=True)),
        ("when was the last dialogue", intents.Meetings(last=True)),
        ("when did we last meet", intents.Meetings(last=True)),
        ("what does the text say about meetings", intents.Topic("meetings")),
        # history: an area's reports, not the partnership's past
        ("history maritime", intents.History(MARITIME)),
        ("who leads cyber", intents.WhoLeads("Cyber issues")),
        # help: the command, and a request for help with a subject, which asks about the subject
        ("help", intents.Help()),
        ("what can you do", intents.Help()),
        ("can you help with cyber", intents.Area("Cyber issues")),
        ("help me with the maritime dialogue", intents.Topic("help me with the maritime dialogue")),
    ],
)
def test_a_command_word_inside_a_question_gets_the_question_s_intent(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message).intent == expected


def test_the_status_quo_is_not_a_status_request(understander: Understander) -> None:
    understood = understander.understand("what is the status quo of the text")
    assert not isinstance(understood.intent, intents.Status)
    assert isinstance(understood.intent, intents.Topic)
