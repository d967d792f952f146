"""How the bot runs, asked in chat by an admin: "did any delivery fail?", "is the bot healthy?" (were searches of the
text), answered from the deliveries, the claims of the last day and the audit log; refused to everyone else."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from bot.runtime import Runtime
from storage.models import DeliveryRow
from tests.conftest import chat_as


async def _deliveries(runtime: Runtime, clock: FakeClock) -> None:
    """One sent, one failed and waiting to retry, one given up (newest)."""
    database = await runtime.database()
    now = clock.now()
    async with database.session() as session:
        for n, (status, error, retry) in enumerate(
            [
                ("sent", None, None),
                ("failed", "channel_not_found", now + timedelta(minutes=5)),
                ("failed", "not_in_channel", None),
            ]
        ):
            session.add(
                DeliveryRow(
                    key=f"digest:sdd-2027:person:park:{n}",
                    kind="digest",
                    meeting_id="sdd-2027",
                    recipient="person:park",
                    status=status,
                    attempts=3,
                    last_error=error,
                    claimed_at=now,
                    next_attempt_at=retry,
                )
            )


@pytest.mark.parametrize("asked", ["did any delivery fail?", "is the bot healthy?", "show me the audit log"])
async def test_an_admin_is_told_how_the_bot_runs(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock, asked: str
) -> None:
    await _deliveries(runtime, clock)
    await chat_as(dispatcher, "kim").say("update maritime: on track — port call held")
    database = await runtime.database()
    for key, at in (
        ("Ev1", clock.now()),
        ("Ev2", clock.now() - timedelta(hours=3)),
        ("Ev0", clock.now() - timedelta(days=2)),
    ):
        assert await database.inbound.claim("slack", key, at)  # the messages platforms delivered; one two days ago
    answer = await chat_as(dispatcher, "dubois").say(asked)
    lines = answer.splitlines()
    assert lines[0] == "How the bot is running"
    assert lines[1].startswith("partnerbot ") and lines[1].endswith(", answering; 2 messages in the last day.")
    assert lines[2:5] == [
        "Failed deliveries, newest first:",
        "  • digest to person:park, 3 attempts (not_in_channel): given up",
        "  • digest to person:park, 3 attempts (channel_not_found): tried again at 1 Feb 2027 09:05",
    ]
    assert "Kim Min-jun · update.add · Maritime Security" in lines[6]  # the newest change first
    assert "the working-group file · " in answer  # what the file's sync changed
    assert "“partnerbot deliveries retry” sends them again" in answer


async def test_none_failed_is_said_and_no_one_else_sees_how_the_bot_runs(dispatcher: Dispatcher) -> None:
    assert "No delivery has failed." in await chat_as(dispatcher, "dubois").say("any failed deliveries?")
    for person in ("mueller", "kim", "schmidt"):
        answer = await chat_as(dispatcher, person).say("did any delivery fail?")
        assert answer.startswith("Only admins see how the bot itself runs"), person
        assert "Failed deliveries" not in answer and "audit" not in answer
