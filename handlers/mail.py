"""What the bot writes by e-mail beside the digest's own text: subjects, and meetings as calendar entries
and invitations.

A meeting's calendar entry has a UID made of its id and the partnership, so the file
exported by `partnerbot meetings export --format ics` and the invitations sent by mail
name the same entry; its SEQUENCE counts the changes the audit log holds (moves,
cancellation, edits in the file), so every change supersedes the entry a calendar has.
"""

from __future__ import annotations

from typing import Literal

from bot.model import Heading, Letter, Note, Reply, ReplyIntent, bullets, text
from bot.render.ical import Attendee, calendar
from bot.runtime import Runtime
from bot.workgroup import Person
from handlers.calendar import calendar_entry, milestones
from handlers.meeting_names import meeting_title
from handlers.timefmt import day
from storage.models import MeetingRow


def meeting_line(runtime: Runtime, meeting: MeetingRow) -> str:
    """`Security and Defence Dialogue, 15 Mar 2027, Seoul`: what a subject names a meeting by."""
    place = f", {meeting.place}" if meeting.place else ""
    return f"{meeting_title(runtime, meeting)}, {day(meeting.date)}{place}"


def digest_subject(runtime: Runtime, meeting: MeetingRow, *, answer: bool = False) -> str:
    """The digest's subject; an addendum answers it (`Re: `), so clients thread it under the digest."""
    return ("Re: " if answer else "") + f"Digest — {meeting_line(runtime, meeting)}"


def invitation(
    runtime: Runtime, meeting: MeetingRow, sequence: int, *, key: str, organizer: Attendee, to: Person
) -> Letter:
    """The invitation to a meeting (or its change, or its cancellation) for one person's calendar."""
    assert to.email is not None
    entry = calendar_entry(runtime, meeting, sequence, organizer=organizer, attendees=(Attendee(to.name, to.email),))
    method: Literal["REQUEST", "CANCEL"] = "CANCEL" if meeting.cancelled else "REQUEST"
    what = "Cancelled" if meeting.cancelled else ("Changed" if sequence else "Invitation")
    reply = Reply(intent=ReplyIntent.INVITATION)
    reply.blocks.append(Heading(text=f"{what}: {meeting_line(runtime, meeting)}"))
    if meeting.cancelled:
        reply.blocks.append(text("This meeting is cancelled; its collection round and digest are cancelled too."))
    else:
        reply.blocks.append(
            text(
                f"The {meeting_title(runtime, meeting)} is on {day(meeting.date)}"
                + (f" in {meeting.place}." if meeting.place else ".")
            )
        )
        steps = milestones(runtime, meeting)
        if steps:
            reply.blocks.append(bullets(*steps))
    reply.blocks.append(
        Note(text="The calendar entry is attached; accepting it keeps it up to date when the meeting moves.")
    )
    return Letter(
        key=key,
        subject=f"{what} — {meeting_line(runtime, meeting)}",
        reply=reply,
        calendar=calendar([entry], method),
        calendar_method=method,
    )
