"""What digest tests share (and a whole-round scenario can reuse): updates saved at a given instant, prompts
sent for a round, a digest built, and its sections read back by heading."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app.lease import Lease
from bot.clock import FakeClock
from bot.model import Block, Bullets, Heading, Reply, Table
from bot.render.text import render_text
from bot.runtime import Runtime
from handlers.digest import digest_for
from handlers.status import resolve_area
from storage import repo
from storage.models import UpdateRow


async def save_update(
    runtime: Runtime,
    clock: FakeClock,
    person: str,
    area: str,
    status: str,
    at: datetime,
    *,
    progress: str = "",
    blockers: str = "",
) -> UpdateRow:
    """A lead's update of an area (named as people write it), stored at an instant."""
    found = resolve_area(runtime, area)
    assert not isinstance(found, Reply), render_text(found)
    clock.set(at)
    db = await runtime.database()
    async with db.session() as session:
        fields = {"status": status, "progress": progress, "blockers": blockers}
        return await repo.add_update(
            session, area_id=runtime.area_ids.id(found.title), person_id=person, fields=fields, at=at
        )


async def record_prompts(runtime: Runtime, meeting_id: str, people: list[str]) -> None:
    """The round's prompts as the deliveries machinery records them once sent."""
    lease = Lease(runtime, "digest-tests")
    assert await lease.hold()
    fence = lease.fence
    assert fence is not None
    db = await runtime.database()
    async with db.session() as session:
        for person in people:
            key = f"prompt:{meeting_id}:{person}"
            assert await repo.claim_delivery(
                session, key=key, kind="prompt", meeting_id=meeting_id, recipient=f"person:{person}", fence=fence
            )
            assert await repo.finish_delivery(
                session, key, fence=fence, at=runtime.clock.now(), error=None, next_attempt_at=None, doubt=None
            )


async def digest(runtime: Runtime, meeting_id: str | None = None) -> Reply:
    reply, problem = await digest_for(runtime, meeting_id)
    assert reply is not None, problem
    return reply


def section(reply: Reply, heading: str) -> list[Block]:
    """The blocks under a heading that starts with `heading`, up to the next heading."""
    start = next(i for i, b in enumerate(reply.blocks) if isinstance(b, Heading) and b.text.startswith(heading))
    end = next((i for i, b in enumerate(reply.blocks) if i > start and isinstance(b, Heading)), len(reply.blocks))
    return [b for b in reply.blocks[start + 1 : end] if b.kind != "divider"]


def lines(blocks: list[Block]) -> list[str]:
    """Every bullet or table row of some blocks as plain text, in order."""
    out: list[str] = []
    for block in blocks:
        items = (
            block.items if isinstance(block, Bullets) else block.as_bullets().items if isinstance(block, Table) else ()
        )
        out.extend("".join(s.text for s in item) for item in items)
    return out


def table(reply: Reply, first_header: str) -> Table:
    return next(b for b in reply.blocks if isinstance(b, Table) and b.header[0] == first_header)


def row(found: Table, first_cell: str) -> list[str]:
    """A table row's cells as text, found by its first cell."""
    return next([c.text for c in r] for r in found.rows if r[0].text == first_cell)


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)


async def a_round_with_trouble(runtime: Runtime, clock: FakeClock) -> None:
    """Maritime's co-leads disagree (Kim's older at risk with a blocker, Rossi's newer on track says it is
    resolved); Cyber is blocked; FIMI at risk; the rest nobody reported."""
    await save_update(
        runtime, clock, "kim", "maritime", "at_risk", at("2027-02-10"), blockers="Exercise calendar not shared"
    )
    await save_update(
        runtime, clock, "novak", "cyber", "blocked", at("2027-02-15"), blockers="ROK MOFA has not confirmed the date"
    )
    await save_update(
        runtime, clock, "jansen", "fimi", "at_risk", at("2027-02-18"), progress="Joint statement slipping"
    )
    await save_update(
        runtime,
        clock,
        "rossi",
        "maritime",
        "on_track",
        at("2027-02-20"),
        progress="Calendar shared: the blocker is resolved",
    )
    clock.set(at("2027-03-01"))


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk), checking that it is a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
