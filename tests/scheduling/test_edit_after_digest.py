"""`edit` rewrites a saved update until the digest of its round has gone out; after that it makes a new update,
which reaches the chairs as an addendum."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.app.dispatcher import Dispatcher
from bot.app.outbox import RecordingOutbox
from bot.clock import FakeClock
from bot.runtime import Runtime
from storage import repo
from tests.conftest import chat_as
from tests.scheduling.support import deliveries_for, texts

UTC = timezone.utc


async def maritime_updates(runtime: Runtime) -> list[tuple[str, bool]]:
    """(progress, edited) of the maritime updates, oldest first."""
    db = await runtime.database()
    async with db.session() as session:
        rows = await repo.history(session, (await repo.area_ids(session))["maritime"], limit=10)
    return [(row.progress, row.edited_at is not None) for row in reversed(rows)]


async def edit_progress(dispatcher: Dispatcher, person: str, progress: str) -> tuple[str, str]:
    """`edit`, change the progress, save: (the reopened summary, the answer to save)."""
    chat = chat_as(dispatcher, person)
    reopened = await chat.say("edit")
    await chat.say("edit")
    await chat.say("2")
    await chat.say(progress)
    return reopened, await chat.say("save")


async def test_an_edit_after_the_digest_is_a_new_update_sent_as_an_addendum(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    outbox = RecordingOutbox()
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    await runtime.database()
    assert "Saved" in await chat_as(dispatcher, "kim").say("update maritime: on track — staff talks held")
    clock.advance(timedelta(days=1))
    # before the digest: the update itself is edited
    reopened, saved = await edit_progress(dispatcher, "kim", "staff talks held in Busan")
    assert "went out" not in reopened
    assert "Edited your update for Maritime Security" in saved
    assert await maritime_updates(runtime) == [("staff talks held in Busan", True)]

    clock.set(datetime(2027, 3, 8, 8, 5, tzinfo=UTC))  # the digest of sdd-2027 goes to the chairs
    assert any(key.startswith("digest:sdd-2027") for key in (await deliveries.run_due()).sent)
    assert "staff talks held in Busan" in texts(outbox, "park")[-1]

    clock.advance(timedelta(hours=2))
    reopened, saved = await edit_progress(dispatcher, "kim", "staff talks concluded; exercise dates fixed")
    said = (
        "The digest for the Security and Defence Dialogue went out on 8 Mar 2027 with the update you are editing, "
        "so that one stays as the chairs read it; they get the new one as an addendum."
    )
    assert said in reopened
    assert "Saved your edit as a new update for Maritime Security" in saved and said in saved
    # what the chairs read is kept as they read it; the edit is an update of its own
    assert await maritime_updates(runtime) == [
        ("staff talks held in Busan", True),
        ("staff talks concluded; exercise dates fixed", False),
    ]
    report = await deliveries.run_due()
    assert sorted(key.split(":", 2)[2].rpartition(":")[0] for key in report.sent) == [
        "channel:slack:C0DIGEST01",
        "person:mueller",
        "person:park",
    ]
    addendum = texts(outbox, "park")[-1]
    assert "Addendum to the digest for the Security and Defence Dialogue (15 Mar 2027)" in addendum
    assert "staff talks concluded; exercise dates fixed" in addendum


async def test_whether_the_digest_has_gone_out_is_said_with_when_and_to_whom(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    """ "has the digest gone out?" and "who gets the digest?" showed the digest itself, previewed."""
    deliveries = await deliveries_for(runtime, dispatcher, RecordingOutbox())
    chair = chat_as(dispatcher, "mueller")
    before = await chair.say("has the digest gone out?")
    assert before.startswith(
        "The digest for the Security and Defence Dialogue (15 Mar 2027) goes to the chairs on 8 Mar 2027: "
        "not sent yet.\nIt goes to Anna Müller and Park Ji-woo by direct message"
    )
    assert "on track" not in before  # not the digest itself
    clock.set(datetime(2027, 3, 8, 8, 5, tzinfo=UTC))
    await deliveries.run_due()
    assert (await chat_as(dispatcher, "park").say("who gets the digest?")).startswith(
        "The digest for the Security and Defence Dialogue (15 Mar 2027) went to the chairs on 8 Mar 2027."
    )


@pytest.mark.parametrize(
    "asked", ["postpone the digest", "send the digest to my deputy too", "I didn't get the digest"]
)
async def test_asked_to_change_or_resend_the_digest_a_chair_is_told_what_does(
    dispatcher: Dispatcher, asked: str
) -> None:
    """Each showed the digest, previewed, as if nothing had been asked: the chat changes neither when it goes nor
    to whom (the working-group file does), and says so, with what sends a copy now."""
    answer = await chat_as(dispatcher, "mueller").say(asked)
    assert answer.startswith("The digest for the Security and Defence Dialogue (15 Mar 2027) goes to the chairs on ")
    assert "It goes 7 days before the meeting, to the chairs, as the working-group file says" in answer
    assert "an admin (Claire Dubois) keeps" in answer
    assert "“partnerbot digest send --meeting sdd-2027 --to PERSON_ID”" in answer
    assert "on track" not in answer  # not the digest itself
