"""The digest's reads: the paragraphs a period named, read per distinct citation, give what a scan of the
period's updates gives."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from bot.runtime import Runtime
from storage import repo

START = datetime(2027, 1, 1, tzinfo=timezone.utc)
# (hours after START, what the update cites); some citations repeat, some only outside a period
CITED = [
    (0, "§14"),
    (1, "§14, §15(b)"),
    (2, ""),
    (3, "§20"),
    (4, "§14"),
    (5, " §21(a) ,§22 "),
    (6, "§13(c)"),
    (7, "§14, §15(b)"),
    (8, "§30"),
]


def _scanned(since: datetime | None, until: datetime) -> set[str]:
    """What the period names, by reading every update of it."""
    return {
        p.strip()
        for hours, value in CITED
        if (since is None or START + timedelta(hours=hours) >= since) and START + timedelta(hours=hours) < until
        for p in value.split(",")
        if p.strip()
    }


async def test_paragraphs_of_a_period_are_those_its_updates_cite(runtime: Runtime) -> None:
    db = await runtime.database()
    area_id = runtime.area_ids.id(runtime.knowledge.library.areas[0].title)
    lead = runtime.area_leads(runtime.knowledge.library.areas[0].title)[0]
    async with db.session() as session:
        for hours, value in CITED:
            await repo.add_update(
                session,
                area_id=area_id,
                person_id=lead,
                fields={"status": "on_track", "paragraphs": value},
                at=START + timedelta(hours=hours),
            )
    bounds: list[datetime | None] = [None, *(START + timedelta(hours=h) for h in range(10))]
    async with db.read_session() as session:
        for since in bounds:
            for until in (START + timedelta(hours=h) for h in range(10)):
                if since is not None and since >= until:
                    continue
                assert await repo.paragraphs_between(session, since, until) == _scanned(since, until), (since, until)
    async with db.session() as session:  # an edited citation counts as it reads now
        await session.execute(text("UPDATE status_updates SET paragraphs = '§31' WHERE paragraphs = '§30'"))
    async with db.read_session() as session:
        assert await repo.paragraphs_between(session, START + timedelta(hours=8), START + timedelta(hours=9)) == {"§31"}
