"""Copy the working-group file into the database on start, without losing stored updates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.area_identity import AreaIds, DocumentArea, StoredArea, place_areas
from storage import repo
from storage.models import AreaRow

if TYPE_CHECKING:
    from bot.runtime import Runtime


async def sync_workgroup(runtime: Runtime) -> None:
    """People, areas and file meetings into the database; the runtime then knows each area's stored id.

    Areas are matched to the stored ones by key (bot.area_identity), so a revised
    document that rewords a heading keeps the area's history.
    """
    from bot.runtime import OPERATOR

    workgroup = runtime.workgroup
    now = runtime.clock.now()
    people = [
        repo.PersonInput(
            id=p.id, name=p.name, side=p.side, timezone=p.timezone, roles=tuple(r.value for r in p.roles),
            identities=tuple(
                (platform, str(value)) for platform, value in (("slack", p.slack), ("telegram", p.telegram)) if value is not None
            ),
        )
        for p in (*workgroup.people, OPERATOR)
    ]
    document = [DocumentArea(a.title, runtime.file_key(a.title)) for a in runtime.knowledge.library.areas]
    db = runtime._database
    assert db is not None
    async with db.session() as session:
        await repo.sync_people(session, people, now)
        stored = _stored(await repo.stored_areas(session))
        areas = [repo.AreaInput(p.row_id, p.key, p.title, runtime.area_leads(p.title)) for p in place_areas(stored, document)]
        rows = await repo.sync_areas(session, areas, now)
        for meeting in workgroup.meetings:
            await repo.upsert_file_meeting(
                session, id=meeting.id, kind=meeting.kind, day=meeting.date, place=meeting.place, title=meeting.title, at=now
            )
    runtime._area_ids = AreaIds(_stored(rows), (a.key for a in areas))


def _stored(rows: Iterable[AreaRow]) -> list[StoredArea]:
    return [StoredArea(row.id, row.key, row.title, row.position) for row in rows]
