"""Copy the working-group file into the database on start, without losing stored updates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.workgroup import area_title_of
from storage import repo

if TYPE_CHECKING:
    from bot.runtime import Runtime


async def sync_workgroup(runtime: Runtime) -> None:
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
    keys = {area_title_of(k, runtime.knowledge.areas): k for k in workgroup.areas}
    areas = [(a.title, keys.get(a.title), runtime.area_leads(a.title)) for a in runtime.knowledge.library.areas]
    db = runtime._database
    assert db is not None
    async with db.session() as session:
        await repo.sync_people(session, people, now)
        await repo.sync_areas(session, areas, now)
        for meeting in workgroup.meetings:
            await repo.upsert_file_meeting(
                session, id=meeting.id, kind=meeting.kind, day=meeting.date, place=meeting.place, title=meeting.title, at=now
            )
