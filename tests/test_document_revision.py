"""A revised document (headings reworded, paragraphs renumbered, an area added) keeps every area's history.

The bot is restarted on the same database with
`tests/fixtures/documents/eu-rok-security-defence-partnership-2026-revised.txt`, a copy of the bundled
text with five headings reworded (three the working-group file names by key, two it does not),
a paragraph and an area inserted, and every later paragraph moved.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from storage.models import AreaRow, UpdateRow
from tests.conftest import chat_as, make_runtime

REVISED = Path(__file__).parent / "fixtures" / "documents" / "eu-rok-security-defence-partnership-2026-revised.txt"
MARITIME = (
    "Maritime Security and freedom of navigation, including naval exercises and capacity-building for third countries"
)


async def stored(
    database_url: str, clock: FakeClock, documents: list[str] | None = None
) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Area ids by heading, and (area id, progress) of every update, as the database holds them."""
    runtime = make_runtime(database_url, clock, documents=documents)
    try:
        db = await runtime.database()
        async with db.session() as session:
            areas = {row.title: row.id for row in (await session.scalars(select(AreaRow))).all()}
            updates = sorted((row.area_id, row.progress) for row in (await session.scalars(select(UpdateRow))).all())
    finally:
        await runtime.close()
    return areas, updates


async def test_updates_stored_under_the_first_document_stay_with_their_areas_in_the_revised_one(
    database_url: str, clock: FakeClock
) -> None:
    first = make_runtime(database_url, clock)
    try:
        dispatcher = Dispatcher(first)
        assert "Saved" in await chat_as(dispatcher, "kim").say("update maritime: at risk — port call in Busan agreed")
        # areas the working-group file does not name, updated by an admin
        assert "Saved" in await chat_as(dispatcher, "dubois").say(
            "update counterterrorism: on track — CT workshop held in Seoul"
        )
        assert "Saved" in await chat_as(dispatcher, "dubois").say(
            "update resilience: blocked — no counterpart named yet"
        )
        # a conversation left open across the revision
        lee = chat_as(dispatcher, "lee")
        assert "Update: Cyber issues" in await lee.say("update cyber")
        assert "What progressed" in await lee.say("on track")
    finally:
        await first.close()
    before, _ = await stored(database_url, clock)

    revised = make_runtime(database_url, clock, documents=[str(REVISED)])
    try:
        dispatcher = Dispatcher(revised)
        lee = chat_as(dispatcher, "lee")
        await lee.say("Consultation dates fixed")
        for answer in ("skip", "skip", "skip"):
            await lee.say(answer)
        assert "Saved your update for Cyber security and cyber defence" in await lee.say("save")

        schmidt = chat_as(dispatcher, "schmidt")
        status = await schmidt.say("status of maritime")
        assert f"Status: {MARITIME}" in status and "Blockers: port call in Busan agreed" in status
        assert (
            "at risk — Kim Min-jun" in status and "— §14" in status
        )  # the paragraphs as the revised text numbers them
        history = await schmidt.say("history of counter-terrorism")
        assert "History: Counter-terrorism (CT) and preventing/countering violent extremism (P/CVE)" in history
        assert "CT workshop held in Seoul" in history
        overview = [line for line in (await schmidt.say("overall status")).splitlines() if line.startswith("  • ")]
        assert len(overview) == 16
        assert "at risk" in overview[1] and "Maritime Security and freedom of navigation" in overview[1]
        assert "on track" in overview[2] and "Cyber security and cyber defence" in overview[2]
        assert "blocked" in overview[5] and "Resilience of critical infrastructure" in overview[5]
        assert "on track" in overview[6] and "Counter-terrorism" in overview[6]
        assert "no report" in overview[10] and "Emerging and disruptive technologies" in overview[10]
        missing = await schmidt.say("which areas have not reported?")
        assert "(12 of 16 areas)" in missing and "Emerging and disruptive technologies — no lead assigned" in missing

        digest = await chat_as(dispatcher, "park").say("digest preview")
        assert (
            "🟠 at risk Maritime Security and freedom of navigation — port call in Busan agreed (Kim Min-jun" in digest
        )
        assert "🔴 blocked Resilience of critical infrastructure — no counterpart named yet" in digest
        assert f"{MARITIME} (§14–§15)" in digest and "Blockers: port call in Busan agreed" in digest
        assert "Counter-terrorism (CT) and preventing/countering violent extremism (P/CVE) (§25–§26)" in digest
        assert "Progress: CT workshop held in Seoul" in digest and "Progress: Consultation dates fixed" in digest
    finally:
        await revised.close()

    after, updates = await stored(database_url, clock, documents=[str(REVISED)])
    # the same stored areas under their new headings, and one new area
    assert (
        after[MARITIME]
        == before["Maritime Security, including operations, exercises and capacity-building for third countries"]
    )
    assert after["Cyber security and cyber defence"] == before["Cyber issues"]
    assert (
        after["Counter-terrorism (CT) and preventing/countering violent extremism (P/CVE)"]
        == before["Counterterrorism (CT), preventing/countering violent extremism (P/CVE)"]
    )
    assert (
        after["Resilience of critical infrastructure"] == before["Approaches to resilience of critical infrastructure"]
    )
    assert len(before) == 15 and len(after) == 16
    assert [area_id for area_id, _ in updates] == sorted(
        [
            after[MARITIME],
            after["Cyber security and cyber defence"],
            after["Resilience of critical infrastructure"],
            after["Counter-terrorism (CT) and preventing/countering violent extremism (P/CVE)"],
        ]
    )
