"""What the blocker tests share, and a whole round's scenario can reuse: a lead's update given in chat or
stored directly, and the open blocker register."""

from __future__ import annotations

from datetime import datetime

from bot.app.adapters.console import ConsoleChat
from bot.app.delivery import Report
from bot.runtime import Runtime
from storage import repo
from storage.models import BlockerRow


async def report_in_chat(chat: ConsoleChat, area: str, status: str, progress: str, blocker: str = "skip") -> str:
    """A lead's update through the update conversation, saved; returns what the bot said at the save."""
    await chat.say(f"update {area}")
    for answer in (status, progress, blocker, "skip", "skip"):
        await chat.say(answer)
    return await chat.say("save")


async def store_update(
    runtime: Runtime, person_id: str, area_key: str, status: str, blockers: str = "", *, at: datetime | None = None
) -> int:
    """An update saved as the bot saves one (its blockers registered with it); returns its id."""
    database = await runtime.database()
    area = runtime.area_ids.by_key(area_key)
    assert area is not None, area_key
    fields = {"status": status, "progress": "", "blockers": blockers, "next_steps": "", "paragraphs": ""}
    async with database.session() as session:
        row = await repo.add_update(
            session, area_id=area.id, person_id=person_id, fields=fields, at=at or runtime.clock.now()
        )
        return row.id


async def open_register(runtime: Runtime) -> list[tuple[str, str, str]]:
    """The open blockers, oldest first, as (area key, lead, text)."""
    database = await runtime.database()
    async with database.session() as session:
        rows: list[BlockerRow] = await repo.open_blockers(session)
    return [(runtime.area_ids.by_id(row.area_id).key, row.person_id, row.text) for row in rows]


def alerts(report: Report) -> list[str]:
    """The recipients of the blocked-area alerts a scheduler run sent, sorted."""
    return sorted(key.split(":", 2)[2] for key in report.sent if key.startswith("blocked:"))
