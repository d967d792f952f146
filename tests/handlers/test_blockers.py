"""The blocker register: what opens a blocker and what resolves it, `blockers` (oldest first, with their age;
chairs all, leads their areas) and `resolved`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from bot.runtime import Runtime
from storage import repo
from tests.blockers_support import open_register, report_in_chat, store_update
from tests.conftest import chat_as, make_runtime


async def test_an_update_naming_a_blocker_opens_it_and_a_later_update_of_the_area_naming_none_resolves_it(
    runtime: Runtime, clock: FakeClock
) -> None:
    await store_update(runtime, "kim", "maritime", "blocked", "ROK MOFA has not confirmed the date")
    await store_update(runtime, "novak", "cyber", "at_risk", "No budget line yet")
    await store_update(runtime, "lee", "cyber", "on_track", "—")  # a co-lead's update that names none clears the area's
    assert await open_register(runtime) == [("maritime", "kim", "ROK MOFA has not confirmed the date")]
    clock.set(clock.now() + timedelta(days=2))
    await store_update(runtime, "rossi", "maritime", "on_track", "")
    assert await open_register(runtime) == []
    database = await runtime.database()
    async with database.session() as session:
        resolved = [row for row in await repo.open_blockers(session)]
    assert resolved == []


async def test_a_blocker_repeated_keeps_its_first_date_and_one_the_same_lead_replaces_is_resolved(
    runtime: Runtime, clock: FakeClock
) -> None:
    first = clock.now()
    await store_update(runtime, "kim", "maritime", "at_risk", "ROK MOFA has not confirmed the date")
    clock.set(first + timedelta(days=3))
    await store_update(runtime, "kim", "maritime", "blocked", "rok mofa has not  confirmed the date")
    await store_update(
        runtime, "rossi", "maritime", "at_risk", "EU navy calendar unknown"
    )  # a co-lead's own blocker: both open
    database = await runtime.database()
    async with database.session() as session:
        rows = await repo.open_blockers(session)
    assert [(row.person_id, row.raised_at) for row in rows] == [("kim", first), ("rossi", first + timedelta(days=3))]
    await store_update(runtime, "kim", "maritime", "blocked", "Port call permit refused")
    assert await open_register(runtime) == [
        ("maritime", "rossi", "EU navy calendar unknown"),
        ("maritime", "kim", "Port call permit refused"),
    ]


async def test_an_edit_that_clears_the_blocker_resolves_it(runtime: Runtime, dispatcher: Dispatcher) -> None:
    kim = chat_as(dispatcher, "kim")
    assert "Saved your update" in await report_in_chat(
        kim, "maritime", "blocked", "Dates slipped", "ROK MOFA has not confirmed the date"
    )
    assert await open_register(runtime) == [("maritime", "kim", "ROK MOFA has not confirmed the date")]
    update_id = await store_update(runtime, "novak", "cyber", "at_risk", "No budget line")
    database = await runtime.database()
    async with database.session() as session:
        await repo.edit_update(session, update_id, {"blockers": ""}, "novak", runtime.clock.now())
    assert await open_register(runtime) == [("maritime", "kim", "ROK MOFA has not confirmed the date")]
    older = await store_update(runtime, "lee", "hybrid", "on_track")
    await store_update(runtime, "novak", "hybrid", "on_track")
    async with database.session() as session:  # an older update edited after a co-lead's newer one: the newer stands
        await repo.edit_update(session, older, {"blockers": "Exercise postponed"}, "lee", runtime.clock.now())
    assert await open_register(runtime) == [("maritime", "kim", "ROK MOFA has not confirmed the date")]
    async with database.session() as session:  # the newest update of the area edited: its blocker is registered
        await repo.edit_update(session, update_id, {"blockers": "Budget line cut"}, "novak", runtime.clock.now())
    assert await open_register(runtime) == [
        ("maritime", "kim", "ROK MOFA has not confirmed the date"),
        ("cyber", "novak", "Budget line cut"),
    ]


async def test_blockers_lists_the_open_ones_oldest_first_with_their_age_chairs_all_leads_their_own(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    start = clock.now()
    await store_update(runtime, "lee", "cyber", "blocked", "No counterpart named", at=start - timedelta(days=12))
    await store_update(
        runtime, "kim", "maritime", "blocked", "ROK MOFA has not confirmed the date", at=start - timedelta(days=3)
    )
    await store_update(runtime, "choi", "space security", "at_risk", "Launch slipped", at=start - timedelta(days=1))
    chair = await chat_as(dispatcher, "mueller").say("blockers")
    assert "Open blockers, oldest first (3)" in chair
    lines = [line for line in chair.splitlines() if line.startswith("  • ")]
    assert [line.split(" — ")[0] for line in lines] == [
        "  • Cyber issues",
        "  • Maritime Security",
        "  • Space security and defence",
    ]
    assert "No counterpart named  (Lee Seo-yeon, 20 Jan 2027, open 12 days)" in lines[0]
    assert "open 3 days" in lines[1] and "open 1 day)" in lines[2]
    kim = await chat_as(dispatcher, "kim").say("blockers")  # maritime and crisis management
    assert (
        "Open blockers in the areas you lead, oldest first (1)" in kim
        and "Maritime Security" in kim
        and "Cyber" not in kim
    )
    member = await chat_as(dispatcher, "schmidt").say("blockers")
    assert "Areas blocked (2)" in member  # a member sees which areas are blocked, not the register
    assert "Space" not in member


async def test_the_one_area_blocked_is_what_the_follow_ups_ask_of(runtime: Runtime, dispatcher: Dispatcher) -> None:
    """After "what's blocked?" named one area, "why?" and "what does the text say on that?" gave the document's
    overview and "who can unblock it?" asked which area: the area was in the answer, not in the chat's context."""
    await store_update(runtime, "kim", "maritime", "blocked", "ROK navy ship unavailable until June")
    chair = chat_as(dispatcher, "mueller")
    assert (await chair.say("what's blocked?")).startswith("Areas blocked (1)")
    why = await chair.say("why?")
    assert why.startswith("Open blockers in Maritime Security") and "ROK navy ship unavailable until June" in why
    assert (
        await chair.say("who can unblock it?") == "Maritime Security is led by Marco Rossi (EU) and Kim Min-jun (ROK)."
    )
    assert (await chair.say("what does the text say on that?")).startswith("Maritime Security, including operations")


async def test_a_lead_says_resolved_and_the_blocker_closes(runtime: Runtime, dispatcher: Dispatcher) -> None:
    await store_update(runtime, "kim", "maritime", "blocked", "ROK MOFA has not confirmed the date")
    await store_update(runtime, "lee", "cyber", "blocked", "No counterpart named")
    rossi = chat_as(dispatcher, "rossi")  # maritime's co-lead
    assert "Marked resolved in Maritime Security: “ROK MOFA has not confirmed the date”." in await rossi.say("resolved")
    assert await open_register(runtime) == [("cyber", "lee", "No counterpart named")]
    assert "No open blocker in the areas you lead." in await rossi.say("resolved")
    assert "You do not lead Cyber issues" in await chat_as(dispatcher, "kim").say("resolved cyber")
    assert "Only leads (and admins) resolve blockers." in await chat_as(dispatcher, "mueller").say("resolved")
    assert await open_register(runtime) == [("cyber", "lee", "No counterpart named")]
    database = await runtime.database()
    async with database.session() as session:
        audit = await session.execute(repo.select(repo.AuditRow).where(repo.AuditRow.action == "blocker.resolve"))
        assert [row.actor for row in audit.scalars()] == ["rossi"]


async def test_a_lead_with_blockers_in_several_areas_is_asked_which_and_picks_by_button_or_name(
    runtime: Runtime, dispatcher: Dispatcher
) -> None:
    await store_update(runtime, "novak", "cyber", "blocked", "No counterpart named")
    await store_update(runtime, "novak", "hybrid", "at_risk", "Exercise postponed")
    novak = chat_as(dispatcher, "novak")
    asked = await novak.say("resolved")
    assert "You have open blockers in several areas. Which one is resolved?" in asked
    assert "1. Cyber issues" in asked and "2. Countering Hybrid threats" in asked
    assert "Marked resolved in Countering Hybrid threats: “Exercise postponed”." in await novak.say("choose:2")
    assert await open_register(runtime) == [("cyber", "novak", "No counterpart named")]
    assert "Marked resolved in Cyber issues" in await novak.say("the cyber blocker is resolved")
    assert await open_register(runtime) == []


@pytest.mark.parametrize(
    ("who", "message"), [("mueller", "blockers"), ("mueller", "blockers cyber"), ("dubois", "resolved maritime")]
)
async def test_blockers_as_a_process_s_first_question_are_answered(
    database_url: str, clock: FakeClock, who: str, message: str
) -> None:
    """`partnerbot ask blockers` failed: the stored areas were read before the database was first opened (a
    chair's message, or any on the command line, opens no conversation first, which would have opened it)."""
    runtime = make_runtime(database_url, clock)
    try:
        reply = await chat_as(Dispatcher(runtime, conversations=False), who).say(message)
    finally:
        await runtime.close()
    assert reply.startswith("No open blocker"), reply
