"""Reporting periods: the updates a Dialogue's digest reports are those between the previous Dialogue and it.

One definition for the digest, the status answers and the rounds: a period runs
from the day of the previous meeting that gets a digest up to the day of its own
meeting (half-open, so an update belongs to exactly one period, and a past
meeting's period never takes in what was reported after it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy.ext.asyncio import AsyncSession

from bot.runtime import Runtime
from storage import direct_reads, repo
from storage.models import MeetingRow


def start_of(day_: date) -> datetime:
    return datetime.combine(day_, time(0), tzinfo=timezone.utc)


@dataclass(frozen=True)
class Period:
    """The reporting period of a meeting: since the previous meeting of a digest kind, until the meeting."""

    meeting: MeetingRow
    previous: MeetingRow | None

    @property
    def since(self) -> datetime | None:
        return start_of(self.previous.date) if self.previous else None

    @property
    def until(self) -> datetime:
        return start_of(self.meeting.date)

    def holds(self, at: datetime) -> bool:
        return (self.since is None or at >= self.since) and at < self.until


async def current_meetings(runtime: Runtime, session: AsyncSession | None = None) -> list[MeetingRow]:
    """The meetings not cancelled, in date order, from this process's copy while it is current.

    Every status answer asks for the last Dialogue held, and meetings change only when the file or a
    chair changes them: the database counts those writes (`data_versions`, by trigger), so one small
    read tells whether the copy is still right, in every process. The version is read first: a copy
    read after it is at least that new.
    """
    db = await runtime.database()
    version = await direct_reads.meetings_version(db)
    cached = runtime.cached_meetings
    if cached is None or cached[0] != version:
        if session is None:
            async with db.read_session() as reading:
                cached = (version, tuple(await repo.meetings(reading)))
        else:
            cached = (version, tuple(await repo.meetings(session)))
        runtime.cached_meetings = cached
    return list(cached[1])


async def digest_meetings(runtime: Runtime, session: AsyncSession | None = None) -> list[MeetingRow]:
    """The meetings that get a round and a digest, not cancelled, in date order."""
    kinds = runtime.workgroup.collection.kinds
    return [m for m in await current_meetings(runtime, session) if m.kind in kinds]


def periods_up_to(meetings: list[MeetingRow], meeting: MeetingRow, count: int) -> list[Period]:
    """The periods of the last `count` digest meetings up to this one (it last), oldest first."""
    earlier = [m for m in meetings if m.date < meeting.date and m.id != meeting.id]
    chain = [*earlier, meeting]
    return [Period(m, chain[i - 1] if i else None) for i, m in enumerate(chain)][-count:]


async def period_of(runtime: Runtime, session: AsyncSession, meeting: MeetingRow) -> Period:
    return periods_up_to(await digest_meetings(runtime, session), meeting, 1)[0]


async def last_held(runtime: Runtime, session: AsyncSession | None = None) -> date | None:
    """The day of the last Dialogue already held: updates since then are the current period's."""
    today = runtime.today().date()
    held = [m for m in await digest_meetings(runtime, session) if m.date < today]
    return held[-1].date if held else None


async def first_from(runtime: Runtime, session: AsyncSession, day_: date) -> MeetingRow | None:
    """The first digest meeting on or after a day: the one whose round an update of that day belongs to."""
    return next((m for m in await digest_meetings(runtime, session) if m.date >= day_), None)
