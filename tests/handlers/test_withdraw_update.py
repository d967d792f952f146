"""Withdraw at a reopened update's summary: an update given by mistake ("that was for the wrong area") removed as if
never given, unless the chairs have had it or a later update of its area followed it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.app.dispatcher import Dispatcher
from bot.app.outbox import RecordingOutbox
from bot.clock import FakeClock
from bot.runtime import Runtime
from storage import repo
from storage.models import AuditRow
from tests.blockers_support import open_register, store_update
from tests.conftest import chat_as
from tests.scheduling.support import deliveries_for


async def _latest_of(runtime: Runtime, person: str, area_key: str) -> str | None:
    """The progress of the person's latest update of the area, if any."""
    database = await runtime.database()
    area = runtime.area_ids.by_key(area_key)
    assert area is not None
    async with database.session() as session:
        row = await repo.latest_by(session, person, area.id)
    return None if row is None else row.progress


async def test_an_update_given_by_mistake_is_withdrawn_as_if_never_given(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    """ "delete my last update" reopened it to save, edit or cancel: a lead who wanted it gone had no way."""
    await store_update(runtime, "rossi", "maritime", "at_risk", "EU navy calendar unknown")
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: on track — port call held")  # names no blocker: clears Rossi's
    assert await open_register(runtime) == []
    clock.advance(timedelta(hours=1))

    reopened = await kim.say("delete my last update")
    assert "Withdraw" in reopened and "nothing is removed before" in reopened
    assert await _latest_of(runtime, "kim", "maritime") == "port call held"  # nothing gone yet

    withdrawn = await kim.say("withdraw")
    assert withdrawn.startswith("Withdrawn your update for Maritime Security")
    assert await _latest_of(runtime, "kim", "maritime") is None
    # the blocker it cleared is open again; the status is Rossi's again
    assert await open_register(runtime) == [("maritime", "rossi", "EU navy calendar unknown")]
    assert "port call held" not in await kim.say("status of maritime")
    database = await runtime.database()
    async with database.session() as session:
        logged = (await session.scalars(select(AuditRow).where(AuditRow.action == "update.withdraw"))).all()
    assert [(row.actor, row.detail["progress"]) for row in logged] == [("kim", "port call held")]


async def test_a_blocker_an_update_raised_goes_with_it_and_cancel_keeps_it(
    runtime: Runtime, dispatcher: Dispatcher
) -> None:
    novak = chat_as(dispatcher, "novak")
    await novak.say("update cyber: blocked — no budget line")
    assert await open_register(runtime) == [("cyber", "novak", "no budget line")]
    await novak.say("remove my cyber update")
    assert await novak.say("cancel") == "Cancelled: nothing was saved."
    assert await open_register(runtime) == [("cyber", "novak", "no budget line")]
    await novak.say("edit cyber")
    assert (await novak.say("4")).startswith("Withdrawn your update for Cyber issues")
    assert await open_register(runtime) == []
    assert await _latest_of(runtime, "novak", "cyber") is None


async def test_an_update_a_later_one_followed_is_not_withdrawn(runtime: Runtime, dispatcher: Dispatcher) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: on track — port call held")
    await kim.say("delete my last update")
    await store_update(runtime, "rossi", "maritime", "blocked", "EU navy calendar unknown")  # while it is open
    answer = await kim.say("withdraw")
    assert answer.startswith("Not withdrawn: Marco Rossi's update of Maritime") and "Choose Edit" in answer
    assert await _latest_of(runtime, "kim", "maritime") == "port call held"
    assert await open_register(runtime) == [("maritime", "rossi", "EU navy calendar unknown")]


async def test_an_update_the_chairs_have_had_is_not_withdrawn(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    deliveries = await deliveries_for(runtime, dispatcher, RecordingOutbox())
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: on track — staff talks held")
    clock.set(datetime(2027, 3, 8, 8, 5, tzinfo=timezone.utc))  # the digest of sdd-2027 goes to the chairs
    assert any(key.startswith("digest:sdd-2027") for key in (await deliveries.run_due()).sent)
    await kim.say("delete my last update")
    answer = await kim.say("withdraw")
    assert answer.startswith(
        "Not withdrawn: the digest for the Security and Defence Dialogue went out on 8 Mar 2027 with it"
    )
    assert await _latest_of(runtime, "kim", "maritime") == "staff talks held"


async def test_withdraw_is_offered_only_for_a_saved_update(dispatcher: Dispatcher) -> None:
    """An update being written is cancelled, not withdrawn: there is nothing saved to take back."""
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    for answer in ("on track", "port call held", "skip", "skip"):
        await kim.say(answer)
    summary = await kim.say("skip")
    assert "Withdraw" not in summary and "withdraw it" not in summary
    assert (await kim.say("withdraw")).startswith("Answer save, edit or cancel.")
