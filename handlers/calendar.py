"""Meetings as calendar entries: the same entries (UIDs, SEQUENCE) in the file `partnerbot meetings export`
and the meetings list attach and in the invitations sent by mail."""

from __future__ import annotations

from bot.planning import MeetingSlot, plan
from bot.render.ical import Attendee, CalendarEntry, calendar
from bot.runtime import Runtime
from bot.workgroup import slugify
from handlers.meeting_names import meeting_title
from handlers.timefmt import day
from storage import repo
from storage.models import MeetingRow


def milestones(runtime: Runtime, meeting: MeetingRow) -> list[str]:
    """When the round opens and the digest goes, for meetings that get a round."""
    workgroup = runtime.workgroup
    if meeting.kind not in workgroup.collection.kinds:
        return []
    schedule = plan(
        MeetingSlot(meeting.id, meeting.date, meeting.updated_at),
        {},
        workgroup.collection,
        workgroup.digest,
        workgroup.partnership.timezone,
    )
    tz = runtime.timezone
    return [
        f"Collection round opens: {day(schedule.round_opens.astimezone(tz).date())}",
        f"Digest to the chairs: {day(schedule.digest_at.astimezone(tz).date())}",
    ]


def calendar_entry(
    runtime: Runtime,
    meeting: MeetingRow,
    sequence: int,
    *,
    organizer: Attendee | None = None,
    attendees: tuple[Attendee, ...] = (),
) -> CalendarEntry:
    return CalendarEntry(
        uid=f"{meeting.id}@{slugify(runtime.workgroup.partnership.name)}.partnerbot",
        sequence=sequence,
        title=meeting_title(runtime, meeting),
        day=meeting.date,
        place=meeting.place,
        description="\n".join(milestones(runtime, meeting)),
        cancelled=meeting.cancelled,
        changed_at=meeting.updated_at,
        organizer=organizer,
        attendees=attendees,
    )


async def export_calendar(runtime: Runtime) -> str:
    """Every meeting the bot knows, cancelled ones marked so, as one iCalendar file to import."""
    database = await runtime.database()
    async with database.session() as session:
        rows = await repo.meetings(session, include_cancelled=True)
        sequences = await repo.meeting_sequences(session)
    return calendar([calendar_entry(runtime, m, sequences.get(m.id, 0)) for m in rows])
