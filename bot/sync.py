"""Copy the working-group file into the database on start, without losing stored updates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from bot.area_identity import AreaIds, DocumentArea, StoredArea, place_areas
from bot.workgroup import OPERATOR, WorkGroup
from storage import repo
from storage.db import Database
from storage.models import AreaRow


async def sync_workgroup(
    database: Database,
    workgroup: WorkGroup,
    document: Sequence[DocumentArea],
    leads_of: Callable[[str], tuple[str, ...]],
    now: datetime,
) -> AreaIds:
    """People, areas and file meetings into the database; returns each area's stored id and key.

    Areas are matched to the stored ones by key (bot.area_identity), so a revised
    document that rewords a heading keeps the area's history. Takes what it needs
    rather than the runtime, which calls it: no import cycle.
    """
    people = [
        repo.PersonInput(
            id=p.id,
            name=p.name,
            side=p.side,
            timezone=p.timezone,
            roles=tuple(r.value for r in p.roles),
            identities=tuple(p.identities().items()),
        )
        for p in (*workgroup.people, OPERATOR)
    ]
    async with database.session() as session:
        await repo.hold_sync_lock(session)
        await repo.sync_people(session, people, now)
        stored = _stored(await repo.stored_areas(session))
        areas = [repo.AreaInput(p.row_id, p.key, p.title, leads_of(p.title)) for p in place_areas(stored, document)]
        rows = await repo.sync_areas(session, areas, now)
        for meeting in workgroup.meetings:
            await repo.upsert_file_meeting(
                session,
                id=meeting.id,
                kind=meeting.kind,
                day=meeting.date,
                place=meeting.place,
                title=meeting.title,
                at=now,
            )
    return AreaIds(_stored(rows), (a.key for a in areas))


def _stored(rows: Iterable[AreaRow]) -> list[StoredArea]:
    return [StoredArea(row.id, row.key, row.title, row.position) for row in rows]
