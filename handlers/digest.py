"""The digest the chairs read before a Dialogue, built as a neutral Reply that each adapter renders.

Order: header with counts and the reporting period → one table of every area
(status now, change since the last Dialogue, leads, last report) → what needs
attention, most severe first → who was prompted and who answered, per side →
each reported area in document order (status, each lead's report newest first,
disagreements flagged, paragraphs with no reported activity, who did not report
and who is away) → the areas nobody reported, one line each. The status-over-time
chart rides along as data (Reply.chart) for the adapters to attach.

Loading is handlers.digest_data; every section here is a function of what it read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery_keys import DigestKey
from bot.model import (
    Block,
    ChartRow,
    Divider,
    Heading,
    Note,
    Reply,
    ReplyIntent,
    Span,
    StatusChart,
    Table,
    bullets,
    span,
    text,
)
from bot.runtime import Runtime
from bot.workgroup import Person
from handlers.digest_data import AreaView, DigestData, load_digest
from handlers.meetings import meeting_title
from handlers.periods import first_from
from handlers.status import Line, detail_lines, name_of
from handlers.statuses import ORDER, Status
from handlers.timefmt import age, day, days_to_go
from storage import repo
from storage.models import MeetingRow, UpdateRow


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
    meeting = await first_from(runtime, session, at.astimezone(runtime.timezone).date())
    if meeting is None:
        return None
    sent = await repo.first_sent(session, DigestKey(meeting.id, meeting.date).recipients_prefix())
    return SentDigest(meeting, sent) if sent is not None else None


async def next_digest_meeting(runtime: Runtime, session: AsyncSession) -> MeetingRow | None:
    return await first_from(runtime, session, runtime.today().date())


# --- small pieces every section uses ------------------------------------------------------------


def status_span(status: Status | None, *, bold: bool = False) -> Span:
    """A status in words with its marker, toned so that pages can colour it too."""
    if status is None:
        return span("— no report", bold=bold)
    return span(f"{status.marker} {status.label}", bold=bold, tone=status.value)


def _change(view: AreaView, has_previous: bool) -> str:
    if not has_previous:
        return "first Dialogue on record"
    if view.previous == view.status:
        return "unchanged"
    then = view.previous.label if view.previous else "no report"
    now = view.status.label if view.status else "no report"
    return f"{then} → {now}"


def _cites(view: AreaView) -> str:
    area = view.area
    return f"§{area.first}" if area.first == area.last else f"§{area.first}–§{area.last}"


def _reported(runtime: Runtime, row: UpdateRow, at: datetime) -> str:
    """ "Kim Min-jun, 3 Mar 2027, 5 days ago": who reported and how old the report is."""
    return f"{name_of(runtime, row.person_id)}, {day(row.created_at.date())}, {age(row.created_at, at)}"


# --- sections ---------------------------------------------------------------------------------


def header(runtime: Runtime, data: DigestData, note: str | None) -> list[Block]:
    meeting, period = data.meeting, data.period
    place = f", {meeting.place}" if meeting.place else ""
    counts = {status: sum(1 for v in data.areas if v.status is status) for status in ORDER}
    no_report = sum(1 for v in data.areas if v.status is None)
    summary = " · ".join(f"{s.marker} {s.label} {counts[s]}" for s in ORDER) + f" · — no report {no_report}"
    previous = period.previous
    period_text = (
        f"since the {meeting_title(runtime, previous)} of {day(previous.date)}" if previous else "all reports so far"
    )
    blocks: list[Block] = [
        Heading(text=f"{runtime.workgroup.partnership.name} — digest for the {meeting_title(runtime, meeting)}"),
        text(f"{day(meeting.date)}{place} · {days_to_go(meeting.date, data.today)}"),
    ]
    if note:
        blocks.append(Note(text=note))
    blocks.append(text(span(summary, bold=True)))
    blocks.append(
        Note(
            text=f"Reporting period: {period_text}, until {day(meeting.date)}. "
            f"Generated on {day(data.generated_at.date())} at {data.generated_at:%H:%M} {data.generated_at.tzname()}."
        )
    )
    return blocks


def overview_table(runtime: Runtime, data: DigestData) -> list[Block]:
    """Every area in one table: what a chair reads first."""
    has_previous = data.period.previous is not None
    rows = []
    for view in data.areas:
        leads = ", ".join(name_of(runtime, p) for p in view.leads) or "no lead"
        last = day(view.last_report.created_at.date()) if view.last_report else "never"
        rows.append(
            (
                span(view.area.short_title),
                status_span(view.status),
                span(_change(view, has_previous)),
                span(leads),
                span(last),
            )
        )
    return [Table(header=("Area", "Status now", "Since the last Dialogue", "Leads", "Last report"), rows=tuple(rows))]


Attention = tuple[int, datetime | None, Line]  # severity (0 most severe), since when, the line


def _blocked_or_at_risk(runtime: Runtime, data: DigestData, view: AreaView) -> list[Attention]:
    found: list[Attention] = []
    for row in view.rows:
        status = Status(row.status)
        if status in (Status.BLOCKED, Status.AT_RISK):
            reason = row.blockers or row.progress or "no reason given"
            line: Line = (
                status_span(status, bold=True),
                span(f" {view.area.short_title}", bold=True),
                f" — {reason} ({_reported(runtime, row, data.at)})",
            )
            found.append((0 if status is Status.BLOCKED else 1, row.created_at, line))
    return found


def _disagreement(runtime: Runtime, data: DigestData, view: AreaView) -> list[Attention]:
    if not view.disagree:
        return []
    said = "; ".join(f"{Status(r.status).label} ({_reported(runtime, r, data.at)})" for r in view.rows)
    line: Line = (span(f"Leads disagree · {view.area.short_title}", bold=True), f" — {said}")
    return [(2, view.rows[-1].created_at, line)]


def _unled_or_unreported(runtime: Runtime, data: DigestData, view: AreaView) -> list[Attention]:
    if not view.leads:
        return [
            (
                3,
                None,
                (span(f"No lead · {view.area.short_title}", bold=True), " — nobody in the working-group file leads it"),
            )
        ]
    if view.status is None:
        last = view.last_report
        since = (
            f"last report {day(last.created_at.date())}, {age(last.created_at, data.at)}" if last else "never reported"
        )
        return [
            (
                4,
                last.created_at if last else None,
                (span(f"No report · {view.area.short_title}", bold=True), f" — {since}"),
            )
        ]
    return []


_ATTENTION: tuple[Callable[[Runtime, DigestData, AreaView], list[Attention]], ...] = (
    _blocked_or_at_risk,
    _disagreement,
    _unled_or_unreported,
)


def needs_attention(runtime: Runtime, data: DigestData) -> list[Block]:
    """Blocked, then at risk, then co-leads who disagree, then areas with no lead, then areas nobody
    reported; within each, the oldest first (never reported before any report)."""
    found = [item for view in data.areas for check in _ATTENTION for item in check(runtime, data, view)]
    found.sort(key=lambda item: (item[0], item[1] is not None, item[1] or data.at))
    blocks: list[Block] = [Divider(), Heading(text="Needs attention")]
    blocks.append(
        bullets(*(line for _, _, line in found))
        if found
        else text("Nothing is blocked or at risk, and every area has reported.")
    )
    return blocks


def _names(runtime: Runtime, ids: set[str] | frozenset[str]) -> str:
    return ", ".join(sorted(name_of(runtime, p) for p in ids)) or "—"


def participation(runtime: Runtime, data: DigestData) -> list[Block]:
    """Per side, who the round's prompt reached and who answered, this round and the one before."""
    sides = sorted({p.side for p in runtime.workgroup.people if p.side})
    side_of = {p.id: p.side for p in runtime.workgroup.people}
    rows = []
    for turnout in data.rounds:
        label = f"{meeting_title(runtime, turnout.period.meeting)}, {day(turnout.period.meeting.date)}"
        for side in sides:
            prompted = {p for p in turnout.prompted if side_of.get(p) == side}
            answered = {p for p in turnout.answered if side_of.get(p) == side}
            silent = sorted(
                (name_of(runtime, p) + (" (declined)" if p in turnout.declined else "")) for p in prompted - answered
            )
            rows.append(
                (
                    span(label),
                    span(side),
                    span(f"{len(prompted)}: {_names(runtime, prompted)}"),
                    span(f"{len(answered)}: {_names(runtime, answered)}"),
                    span(", ".join(silent) or "—"),
                )
            )
    return [
        Divider(),
        Heading(text="Participation"),
        Table(header=("Round", "Side", "Prompted", "Answered", "Prompted, no answer"), rows=tuple(rows)),
    ]


def area_body(runtime: Runtime, data: DigestData, view: AreaView) -> list[Block]:
    """A reported area: its status and change, each lead's report newest first, and who is missing."""
    blocks: list[Block] = [Divider(), Heading(text=f"{view.area.title} ({_cites(view)})")]
    blocks.append(
        text(
            span("Status:", bold=True),
            " ",
            status_span(view.status),
            f" ({_change(view, data.period.previous is not None)})",
        )
    )
    if view.disagree:
        blocks.append(Note(text="Leads disagree: both reports are shown, newest first."))
    for row in view.rows:
        head: Line = (
            span("Reported by", bold=True),
            " ",
            f"{name_of(runtime, row.person_id)} on {day(row.created_at.date())}: ",
            status_span(Status(row.status)),
        )
        blocks.append(bullets(head, *detail_lines(row)))
    if view.silent:
        blocks.append(Note(text="no reported activity: " + ", ".join(view.silent)))
    blocks.extend(_missing(runtime, data, view))
    return blocks


def _missing(runtime: Runtime, data: DigestData, view: AreaView) -> list[Block]:
    """Leads who did not report: away, declined the round (with their reason), or simply missing."""
    reported = {r.person_id for r in view.rows}
    missing = [p for p in view.leads if p not in reported and p not in data.away and p not in data.declined]
    away = [p for p in view.leads if p not in reported and p in data.away]
    blocks: list[Block] = [
        Note(text=f"{name_of(runtime, p)} declined: {data.declined[p]}")
        for p in view.leads
        if p not in reported and p in data.declined
    ]
    if missing:
        blocks.append(Note(text="Did not report: " + ", ".join(name_of(runtime, p) for p in missing)))
    if away:
        blocks.append(
            Note(text="Away: " + ", ".join(f"{name_of(runtime, p)} (until {day(data.away[p])})" for p in away))
        )
    return blocks


def _absent(runtime: Runtime, data: DigestData, person_id: str) -> str:
    """A lead with no report, and why where known: away, or declined the round with a reason."""
    if person_id in data.away:
        return f"{name_of(runtime, person_id)} (away until {day(data.away[person_id])})"
    if person_id in data.declined:
        return f"{name_of(runtime, person_id)} declined: {data.declined[person_id]}"
    return name_of(runtime, person_id)


def unreported(runtime: Runtime, data: DigestData) -> list[Block]:
    """The areas nobody reported, one line each with who leads them."""
    lines: list[Line] = []
    for view in (v for v in data.areas if v.status is None):
        leads = ", ".join(_absent(runtime, data, p) for p in view.leads)
        lines.append(
            (
                span(view.area.short_title, bold=True),
                f" ({_cites(view)}) — " + (f"did not report: {leads}" if leads else "no lead assigned"),
            )
        )
    if not lines:
        return []
    return [Divider(), Heading(text=f"No report this period ({len(lines)})"), bullets(*lines)]


def status_chart(runtime: Runtime, data: DigestData) -> StatusChart:
    columns = tuple(day(p.meeting.date) for p in data.charted)
    rows = tuple(
        ChartRow(label=v.area.short_title, statuses=tuple(s.value if s else None for s in v.history))
        for v in data.areas
    )
    return StatusChart(
        title=f"Status by area at each {meeting_title(runtime, data.meeting)}", columns=columns, rows=rows
    )


async def build_digest(
    runtime: Runtime, session: AsyncSession, meeting: MeetingRow, *, note: str | None = None
) -> Reply:
    data = await load_digest(runtime, session, meeting)
    reply = Reply(intent=ReplyIntent.DIGEST, chart=status_chart(runtime, data))
    reply.blocks.extend(header(runtime, data, note))
    reply.blocks.extend(overview_table(runtime, data))
    reply.blocks.extend(needs_attention(runtime, data))
    reply.blocks.extend(participation(runtime, data))
    for view in data.areas:
        if view.status is not None:
            reply.blocks.extend(area_body(runtime, data, view))
    reply.blocks.extend(unreported(runtime, data))
    reply.citations = [f"§{v.area.first}" for v in data.areas]
    return reply


def addendum(runtime: Runtime, meeting: MeetingRow, updates: list[tuple[str, UpdateRow]]) -> Reply:
    """The updates (area title, row) that came in after the digest went out, in one message to each
    recipient before the meeting."""
    reply = Reply(intent=ReplyIntent.ADDENDUM)
    count = f"{len(updates)} updates" if len(updates) > 1 else "1 update"
    reply.blocks.append(
        Heading(
            text=f"Addendum to the digest for the {meeting_title(runtime, meeting)} ({day(meeting.date)}): "
            f"{count} since it went out"
        )
    )
    for area_title, row in updates:
        status = Status(row.status)
        head: Line = (
            span(f"{status.marker} {area_title}", bold=True),
            f" — {status.label}, {name_of(runtime, row.person_id)}, {day(row.created_at.date())}",
        )
        reply.blocks.append(bullets(head, *detail_lines(row)))
    return reply


async def digest_for(runtime: Runtime, meeting_id: str | None) -> tuple[Reply | None, str | None]:
    """The digest of a meeting (default: the next one that gets a digest), or why there is none."""
    db = await runtime.database()
    async with db.read_session() as session:
        meeting = (
            await repo.meeting(session, meeting_id.lower())
            if meeting_id
            else await next_digest_meeting(runtime, session)
        )
        if meeting is None or meeting.cancelled:
            return None, (
                f"No meeting with id “{meeting_id}”."
                if meeting_id
                else "No upcoming meeting gets a digest. Say “meetings” for the list."
            )
        return await build_digest(runtime, session, meeting), None


async def answer_preview(runtime: Runtime, person: Person, meeting_id: str | None) -> Reply:
    """Chairs and admins only: the dispatcher checks the declaration before calling this."""
    reply, problem = await digest_for(runtime, meeting_id)
    return reply if reply is not None else Reply(blocks=[text(problem or "")], intent=ReplyIntent.DIGEST)
