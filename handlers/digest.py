"""The digest the chairs read before a Dialogue, built as a neutral Reply that each adapter renders.

Order: header with counts → needs attention → every area of the document in
document order (status now and at the previous Dialogue, progress, blockers, next
steps, who reported when, paragraphs with no reported activity, who did not
report and who is away).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Divider, Heading, Note, Reply, bullets, span, text
from bot.planning import digest_key
from bot.runtime import Runtime
from bot.workgroup import Person
from handlers.meetings import meeting_title
from handlers.status import Line, detail_lines, name_of
from handlers.statuses import Status, worst
from handlers.timefmt import day, days_to_go
from storage import repo
from storage.models import MeetingRow, UpdateRow

COUNT_ORDER = [Status.ON_TRACK, Status.AT_RISK, Status.BLOCKED, Status.NOT_STARTED, Status.COMPLETED]


def area_status(rows: list[UpdateRow]) -> Status | None:
    return worst(Status(r.status) for r in rows)


def start_of(day_: date) -> datetime:
    return datetime.combine(day_, time(0), tzinfo=timezone.utc)


@dataclass(frozen=True)
class Period:
    """The reporting period of a meeting: since the previous meeting of a digest kind."""

    meeting: MeetingRow
    previous: MeetingRow | None

    @property
    def since(self) -> datetime | None:
        return start_of(self.previous.date) if self.previous else None


async def period_of(runtime: Runtime, session: AsyncSession, meeting: MeetingRow) -> Period:
    kinds = runtime.workgroup.collection.kinds
    earlier = [m for m in await repo.meetings(session) if m.kind in kinds and m.date < meeting.date and m.id != meeting.id]
    return Period(meeting, earlier[-1] if earlier else None)


@dataclass(frozen=True)
class SentDigest:
    meeting: MeetingRow
    at: datetime


async def digest_sent_with(runtime: Runtime, session: AsyncSession, at: datetime) -> SentDigest | None:
    """The digest that has gone out with what was stored at an instant (an update), if it has gone out.

    An update belongs to the round of the first meeting with a digest on or after its day.
    Once that digest is sent the update is what the chairs read (or, made after it, what
    they got as an addendum): it is no longer rewritten.
    """
    day_ = at.astimezone(runtime.timezone).date()
    kinds = runtime.workgroup.collection.kinds
    meeting = next((m for m in await repo.meetings(session) if m.kind in kinds and m.date >= day_), None)
    if meeting is None:
        return None
    sent = await repo.first_sent(session, digest_key(meeting.id, meeting.date) + ":")
    return SentDigest(meeting, sent) if sent is not None else None


async def next_digest_meeting(runtime: Runtime, session: AsyncSession) -> MeetingRow | None:
    today = runtime.today().date()
    kinds = runtime.workgroup.collection.kinds
    return next((m for m in await repo.meetings(session) if m.kind in kinds and m.date >= today), None)


async def build_digest(runtime: Runtime, session: AsyncSession, meeting: MeetingRow, *, note: str | None = None) -> Reply:
    period = await period_of(runtime, session, meeting)
    library = runtime.knowledge.library
    today = runtime.today().date()
    ids = runtime.area_ids
    since = period.since
    current = [r for r in await repo.latest_updates(session) if since is None or r.created_at >= since]
    before = await repo.latest_updates_before(session, since) if since else []
    mentioned = await repo.paragraphs_since(session, since or start_of(date(1970, 1, 1)))
    away = await repo.absent_on(session, today)
    declined = await repo.declined(session, meeting.id)
    by_area: dict[int, list[UpdateRow]] = {}
    for row in current:
        by_area.setdefault(row.area_id, []).append(row)
    previous_by_area: dict[int, list[UpdateRow]] = {}
    for row in before:
        previous_by_area.setdefault(row.area_id, []).append(row)

    reply = Reply(intent="digest")
    place = f", {meeting.place}" if meeting.place else ""
    reply.blocks.append(Heading(text=f"{runtime.workgroup.partnership.name} — digest for the {meeting_title(runtime, meeting)}"))
    reply.blocks.append(text(f"{day(meeting.date)}{place} · {days_to_go(meeting.date, today)}"))
    if note:
        reply.blocks.append(Note(text=note))
    counts = {status: 0 for status in COUNT_ORDER}
    no_report = 0
    for area in library.areas:
        status = area_status(by_area.get(ids.id(area.title), []))
        if status is None:
            no_report += 1
        else:
            counts[status] += 1
    summary = " · ".join(f"{s.marker} {s.label} {counts[s]}" for s in COUNT_ORDER) + f" · — no report {no_report}"
    reply.blocks.append(text(span(summary, bold=True)))
    period_text = f"since the {meeting_title(runtime, period.previous)} of {day(period.previous.date)}" if period.previous else "all reports so far"
    reply.blocks.append(Note(text=f"Reporting period: {period_text}."))

    reply.blocks.append(Divider())
    reply.blocks.append(Heading(text="Needs attention"))
    attention = []
    for area in library.areas:
        for row in sorted(by_area.get(ids.id(area.title), []), key=lambda r: r.created_at):
            status = Status(row.status)
            who = f"{name_of(runtime, row.person_id)}, {day(row.created_at.date())}"
            if status in (Status.BLOCKED, Status.AT_RISK):
                attention.append((span(f"{status.marker} {area.short_title}", bold=True), f" — {status.label} ({who})"))
            if row.blockers:
                attention.append((span(f"Blocker · {area.short_title}", bold=True), f" — {row.blockers} ({who})"))
    reply.blocks.append(bullets(*attention) if attention else text("Nothing is blocked or at risk."))

    for area in library.areas:
        reply.blocks.append(Divider())
        area_id = ids.id(area.title)
        rows = sorted(by_area.get(area_id, []), key=lambda r: r.created_at, reverse=True)
        now_status, then_status = area_status(rows), area_status(previous_by_area.get(area_id, []))
        now_label = f"{now_status.marker} {now_status.label}" if now_status else "— no report"
        if period.previous is None:
            change = now_label
        else:
            then_label = then_status.label if then_status else "no report"
            change = f"{then_label} → {now_label}" if then_status != now_status else f"{now_label} (unchanged)"
        cites = f"§{area.first}" if area.first == area.last else f"§{area.first}–§{area.last}"
        reply.blocks.append(Heading(text=f"{area.title} ({cites})"))
        reply.blocks.append(text(span("Status: ", bold=True), change))
        for row in rows:
            head: Line = (span("Reported by ", bold=True), f"{name_of(runtime, row.person_id)} on {day(row.created_at.date())}: {Status(row.status).label}")
            reply.blocks.append(bullets(head, *detail_lines(row)))
        silent = []
        for paragraph in library.area_paragraphs(area):
            cite = f"§{paragraph.number}"
            if not any(m == cite or m.startswith(cite + "(") for m in mentioned):
                silent.append(cite)
        if silent:
            reply.blocks.append(Note(text="no reported activity: " + ", ".join(silent)))
        leads = runtime.area_leads(area.title)
        if not leads:
            reply.blocks.append(Note(text="No lead assigned to this area."))
        reported = {r.person_id for r in rows}
        missing = [p for p in leads if p not in reported and p not in away and p not in declined]
        reply.blocks.extend(Note(text=f"{name_of(runtime, p)} declined: {declined[p]}") for p in leads if p not in reported and p in declined)
        away_here = [p for p in leads if p not in reported and p in away]
        if missing:
            reply.blocks.append(Note(text="Did not report: " + ", ".join(name_of(runtime, p) for p in missing)))
        if away_here:
            reply.blocks.append(Note(text="Away: " + ", ".join(f"{name_of(runtime, p)} (until {day(away[p])})" for p in away_here)))
    reply.citations = [f"§{a.first}" for a in library.areas]
    return reply


def addendum(runtime: Runtime, meeting: MeetingRow, updates: list[tuple[str, UpdateRow]]) -> Reply:
    """The updates (area title, row) that came in after the digest went out, in one message to each
    recipient before the meeting."""
    reply = Reply(intent="addendum")
    count = f"{len(updates)} updates" if len(updates) > 1 else "1 update"
    reply.blocks.append(Heading(text=f"Addendum to the digest for the {meeting_title(runtime, meeting)} ({day(meeting.date)}): {count} since it went out"))
    for area_title, row in updates:
        status = Status(row.status)
        head: Line = (span(f"{status.marker} {area_title}", bold=True), f" — {status.label}, {name_of(runtime, row.person_id)}, {day(row.created_at.date())}")
        reply.blocks.append(bullets(head, *detail_lines(row)))
    return reply


async def digest_for(runtime: Runtime, meeting_id: str | None) -> tuple[Reply | None, str | None]:
    """The digest of a meeting (default: the next one that gets a digest), or why there is none."""
    db = await runtime.database()
    async with db.session() as session:
        meeting = await repo.meeting(session, meeting_id.lower()) if meeting_id else await next_digest_meeting(runtime, session)
        if meeting is None or meeting.cancelled:
            return None, (f"No meeting with id “{meeting_id}”." if meeting_id else "No upcoming meeting gets a digest. Say “meetings” for the list.")
        return await build_digest(runtime, session, meeting), None


async def answer_preview(runtime: Runtime, person: Person, meeting_id: str | None) -> Reply:
    """Chairs and admins only: the dispatcher checks the declaration before calling this."""
    reply, problem = await digest_for(runtime, meeting_id)
    return reply if reply is not None else Reply(blocks=[text(problem or "")], intent="digest")
