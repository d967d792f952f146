"""The blocker register in chat: `blockers` lists the open ones, `resolved` closes a lead's, and the alert the
chairs get when an area becomes blocked.

Blockers are registered when an update is saved (storage.repo.register_blockers);
here they are only read, resolved on a lead's word, and written out.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.model import Heading, Note, Option, Reply, ReplyIntent, Span, bullets, span, text
from bot.runtime import Runtime
from bot.workgroup import Person, Role
from handlers.status import answer_area_status, answer_by_status, name_of, resolve_area, short_title
from handlers.timefmt import day
from storage import repo
from storage.models import BlockerRow


def _sees_all(person: Person) -> bool:
    """Chairs weigh every area's blockers (and admins look after the bot); a lead answers for their own."""
    return bool({Role.CHAIR, Role.ADMIN} & set(person.roles))


def _line(runtime: Runtime, row: BlockerRow, now: datetime) -> tuple[str | Span, ...]:
    area = runtime.area_ids.by_id(row.area_id)
    raised = row.raised_at.astimezone(runtime.timezone).date()
    return (
        span(short_title(runtime, area.title), bold=True),
        f" — {row.text}",
        span(f"  ({name_of(runtime, row.person_id)}, {day(raised)}, {open_for(row.raised_at, now)})", italic=True),
    )


def open_for(raised: datetime, now: datetime) -> str:
    """A blocker's age, in days: what the chairs weigh it by."""
    days = (now - raised).days
    return "raised today" if days <= 0 else f"open {days} day{'s' if days > 1 else ''}"


async def answer_blockers(runtime: Runtime, person: Person, area_query: str | None = None) -> Reply:
    """The open blockers, oldest first, with their age: chairs and admins see every area, a lead their own;
    of one area, when named. Members see which areas are blocked, as `what's blocked` says; of one area, where it
    stands, its leads' blockers with it (was every blocked area, the one asked about or not)."""
    if not {Role.LEAD, Role.CHAIR, Role.ADMIN} & set(person.roles):
        if area_query is not None:
            return await answer_area_status(runtime, area_query)
        return await answer_by_status(runtime, ("blocked",))
    titles = None if _sees_all(person) else runtime.areas_led_by(person.id)
    whose = "" if titles is None else " in the areas you lead"
    if area_query is not None:
        area = resolve_area(runtime, area_query)
        if isinstance(area, Reply):
            return area
        if titles is not None and area.title not in titles:
            return Reply(
                blocks=[text(f"You see the blockers of the areas you lead; {area.short_title} is not one of them.")],
                intent=ReplyIntent.REFUSED,
            )
        titles, whose = [area.title], f" in {area.short_title}"
    db = await runtime.database()
    ids = runtime.area_ids  # known once the database is open (the first question of a process may be this one)
    now = runtime.clock.now()
    async with db.session() as session:
        rows = await repo.open_blockers(session, None if titles is None else [ids.id(title) for title in titles])
    reply = Reply(intent=ReplyIntent.BLOCKERS)
    if not rows:
        reply.blocks.append(text(f"No open blocker{whose}."))
        return reply
    reply.blocks.append(Heading(text=f"Open blockers{whose}, oldest first ({len(rows)})"))
    reply.blocks.append(bullets(*[_line(runtime, row, now) for row in rows]))
    reply.blocks.append(
        Note(text="A blocker closes when a later update of its area names none, or when its lead says “resolved”.")
    )
    return reply


async def resolve(runtime: Runtime, person: Person, area_query: str | None) -> Reply:
    """A lead says their blocker is resolved: the open blockers of one area they lead (an admin: any area).

    Without an area, the only area of theirs with open blockers; with several, the lead is asked which."""
    titles = runtime.areas_led_by(person.id)
    if area_query is not None:
        area = resolve_area(runtime, area_query)
        if isinstance(area, Reply):
            return area
        if area.title not in titles and Role.ADMIN not in person.roles:
            return Reply(
                blocks=[text(f"You do not lead {area.short_title}: its leads resolve its blockers.")],
                intent=ReplyIntent.REFUSED,
            )
        titles = [area.title]
    db = await runtime.database()
    ids = runtime.area_ids  # known once the database is open
    now = runtime.clock.now()
    async with db.session() as session:
        rows = await repo.open_blockers(session, [ids.id(t) for t in titles])
        areas = list(dict.fromkeys(ids.by_id(row.area_id) for row in rows))
        if not rows:
            where = short_title(runtime, titles[0]) if area_query is not None else "the areas you lead"
            return Reply(blocks=[text(f"No open blocker in {where}.")], intent=ReplyIntent.RESOLVED)
        if len(areas) > 1:
            return _which_area(runtime, [a.title for a in areas], [a.key for a in areas])
        resolved = await repo.resolve_blockers(session, [row.id for row in rows], by=person.id, at=now)
    reply = Reply(intent=ReplyIntent.RESOLVED)
    name = short_title(runtime, areas[0].title)
    reply.blocks.append(text(f"Marked resolved in {name}: " + "; ".join(f"“{row.text}”" for row in resolved) + "."))
    reply.blocks.append(Note(text="Your next update of the area will show it without blockers."))
    return reply


def _which_area(runtime: Runtime, titles: list[str], keys: list[str]) -> Reply:
    """Resolving the wrong area's blocker would hide a live one from the chairs: the lead picks."""
    reply = Reply(intent=ReplyIntent.RESOLVED_WHICH)
    reply.blocks.append(text("You have open blockers in several areas. Which one is resolved?"))
    names = [short_title(runtime, title) for title in titles]
    reply.offer(
        [Option(label="resolved", text=name, message=f"resolved {key}") for name, key in zip(names, keys, strict=True)]
    )
    return reply


def blocked_alert(
    runtime: Runtime, area_title: str, person_id: str, reason: str, at: datetime, before: str | None
) -> Reply:
    """To the chairs, at once: which area, who says so, why; short, as it arrives between other messages."""
    when: date = at.astimezone(runtime.timezone).date()
    reply = Reply(intent=ReplyIntent.BLOCKED_ALERT)
    reply.blocks.append(
        text(
            span(f"🔴 Blocked: {short_title(runtime, area_title)}", bold=True),
            f" — {name_of(runtime, person_id)}, {day(when)}",
        )
    )
    reply.blocks.append(text("Blocker: ", reason or "no reason given"))
    was = f"It was {before.replace('_', ' ')} before. " if before else ""
    reply.blocks.append(
        Note(
            text=f"{was}Say “blockers” for every open blocker, "
            f"“status {short_title(runtime, area_title)}” for the area."
        )
    )
    return reply
