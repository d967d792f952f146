"""`meetings` in chat comes with the calendar file: a Slack upload (files.upload v2) and a Telegram document,
through the real clients against the fake APIs, parsed back with icalendar."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from bot.app.adapters.telegram import TelegramAdapter
from tests.adapters.test_slack import SCHMIDT, Slack, slack  # noqa: F401  (the fixture)
from tests.adapters.test_telegram import KIM, adapter, api, dispatcher, exchange, polling, update_ids  # noqa: F401  (fixtures)
from tests.fakes.telegram_api import FakeTelegramApi, private_text_update

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow


def meeting_ids(data: bytes) -> list[str]:
    calendar = Calendar.from_ical(data.decode("utf-8"))
    return sorted(str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT"))


async def test_meetings_in_slack_posts_the_list_then_uploads_the_calendar_file(slack: Slack) -> None:  # noqa: F811
    [message] = await slack.dm(SCHMIDT, "meetings")
    assert "Upcoming meetings" in message["text"]
    [shared] = slack.api.uploads(message["channel"])
    assert shared["filename"] == "meetings.ics" and meeting_ids(shared["data"]) == ["sd-2027", "sdd-2026", "sdd-2027"]
    assert [c.method for c in slack.api.calls if c.method.startswith(("files.", "upload"))] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]


async def test_meetings_in_telegram_sends_the_calendar_file_as_a_document(
    polling: TelegramAdapter,  # noqa: F811  (the imported fixtures)
    api: FakeTelegramApi,  # noqa: F811
) -> None:
    [message] = await exchange(api, private_text_update(KIM, "meetings"), KIM)
    assert "Upcoming meetings" in message["text"]
    await api.wait_for("sendDocument")
    [document] = api.documents(KIM)
    assert document["filename"] == "meetings.ics" and meeting_ids(document["data"]) == [
        "sd-2027",
        "sdd-2026",
        "sdd-2027",
    ]
