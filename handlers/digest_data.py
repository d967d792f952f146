"""What a digest reports, read once from storage: every area as it stands in the meeting's period, how it
stood at the Dialogues before, and who was prompted and who answered in the last two rounds.

The digest's sections (handlers.digest) are then pure functions of this.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from sqlalchemy.ext.asyncio import AsyncSession

from bot.document.model import Area
from bot.runtime import Runtime
from handlers.periods import Period, digest_meetings, periods_up_to
from handlers.statuses import Status, by_area, status_of
from storage import repo
from storage.models import MeetingRow, UpdateRow

CHARTED_DIALOGUES = 4  # the status-over-time picture: this meeting and the three before
TURNOUT_ROUNDS = 2  # participation: this round and the one before


@dataclass(frozen=True)
class AreaView:
    """One area as the digest shows it."""

    area: Area
    leads: tuple[str, ...]
    rows: tuple[UpdateRow, ...]  # each lead's latest report in the period, newest first
    history: tuple[Status | None, ...]  # the status at each charted Dialogue, oldest first, this one last
    last_report: UpdateRow | None  # the newest report before the period's end, however old
    silent: tuple[str, ...]  # the area's paragraphs no update of the period named

    @property
    def status(self) -> Status | None:
        return self.history[-1]

    @property
    def previous(self) -> Status | None:
        """The status at the previous Dialogue (None: no report then, or no Dialogue before)."""
        return self.history[-2] if len(self.history) > 1 else None

    @property
    def disagree(self) -> bool:
        """Co-leads whose latest reports give different statuses."""
        return len({r.status for r in self.rows}) > 1


@dataclass(frozen=True)
class Turnout:
    """One round: the leads its prompt reached, and the leads who reported in its period."""

    period: Period
    prompted: frozenset[str]
    answered: frozenset[str]
    declined: frozenset[str]  # prompted, and said they skip this round (with a reason)


@dataclass(frozen=True)
class DigestData:
    meeting: MeetingRow
    period: Period
    charted: tuple[Period, ...]  # the periods of the charted Dialogues, oldest first, this one last
    at: datetime  # ages are counted to here: now, or the meeting's start for a past meeting
    generated_at: datetime  # now, in the partnership's timezone
    today: date
    areas: tuple[AreaView, ...]  # in document order
    away: dict[str, date]
    rounds: tuple[Turnout, ...]  # this round first, then the one before
    declined: dict[str, str]  # leads who declined this round, with their reason


@dataclass(frozen=True)
class _Standing:
    """Each lead's latest report per area before a period's end (`rows`), and those inside the period."""

    period: Period
    rows: list[UpdateRow]

    @cached_property
    def reported(self) -> list[UpdateRow]:
        """Read three times a digest (statuses, the current rows, the turnout): filtered once."""
        return [r for r in self.rows if self.period.holds(r.created_at)]

    def statuses(self) -> dict[int, Status | None]:
        return {area_id: status_of(group) for area_id, group in by_area(self.reported).items()}


async def _turnouts(session: AsyncSession, standings: list[_Standing]) -> tuple[list[Turnout], dict[str, str]]:
    """The rounds of the standings given, and who declined the first of them, with their reasons.

    A lead answered a round when their latest report of some area lies in its period: any report in the
    period is, or is followed by, such a latest one."""
    meeting_ids = [s.period.meeting.id for s in standings]
    prompted = await repo.prompted_for(session, meeting_ids)
    declined = await repo.declined_in(session, meeting_ids)
    rounds = [
        Turnout(
            s.period,
            frozenset(prompted[s.period.meeting.id]),
            frozenset(r.person_id for r in s.reported),
            frozenset(declined[s.period.meeting.id]),
        )
        for s in standings
    ]
    return rounds, declined[meeting_ids[0]]


async def _paragraphs_named(runtime: Runtime, period: Period) -> set[str]:
    """The paragraphs the period's updates cite, `§14(b)` read as §14 (each paragraph is then one look-up).

    On a session of its own, so that the digest's other reads run while the database answers this
    one: it reads an index seek per distinct citation string, the longest of the digest's reads
    (95 ms of a 160 ms digest at 150 areas and 200,000 updates on PostgreSQL)."""
    db = await runtime.database()
    async with db.read_session() as session:
        return {m.split("(", 1)[0] for m in await repo.paragraphs_between(session, period.since, period.until)}


async def load_digest(runtime: Runtime, session: AsyncSession, meeting: MeetingRow) -> DigestData:
    library = runtime.knowledge.library
    ids = runtime.area_ids
    charted = periods_up_to(await digest_meetings(runtime, session), meeting, CHARTED_DIALOGUES)
    period = charted[-1]
    today = runtime.today().date()
    named = asyncio.create_task(_paragraphs_named(runtime, period))
    try:  # the other reads meanwhile, on the digest's session
        latest = await repo.latest_updates_before(session, [p.until for p in charted])
        standings = [_Standing(p, rows) for p, rows in zip(charted, latest, strict=True)]
        rounds, declined = await _turnouts(session, list(reversed(standings[-TURNOUT_ROUNDS:])))
        away = await repo.absent_on(session, today)
        mentioned = await named
    finally:  # not a TaskGroup: a failed read reaches the caller as itself, not in an ExceptionGroup
        if not named.done():  # a read above failed: this one is stopped, and ends before the error goes on
            named.cancel()
            await asyncio.wait([named])
        elif not named.cancelled():
            named.exception()  # retrieved, so that a failure of both is not also logged as never retrieved
    current = by_area(standings[-1].reported)
    newest = by_area(standings[-1].rows)
    history = [s.statuses() for s in standings]
    areas = []
    for area in library.areas:
        area_id = ids.id(area.title)
        silent = tuple(
            cite for cite in (f"§{p.number}" for p in library.area_paragraphs(area)) if cite not in mentioned
        )
        statuses = tuple(h.get(area_id) for h in history)
        areas.append(
            AreaView(
                area,
                tuple(runtime.area_leads(area.title)),
                tuple(current.get(area_id, [])),
                statuses,
                next(iter(newest.get(area_id, [])), None),
                silent,
            )
        )
    now = runtime.clock.now()
    return DigestData(
        meeting,
        period,
        tuple(charted),
        min(now, period.until),
        now.astimezone(runtime.timezone),
        today,
        tuple(areas),
        away,
        tuple(rounds),
        declined,
    )
