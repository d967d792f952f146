"""Meetings: listing them, and chairs scheduling, moving and cancelling them from chat.

The Security and Defence Dialogue sets the partnership's rhythm; which kinds get
a collection round and a digest is configurable (`collection.kinds`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import intents
from bot.model import Attachment, Heading, Note, Option, Reply, ReplyIntent, bullets, text
from bot.runtime import Runtime
from bot.understanding.dates import nearest_day_of_month
from bot.workgroup import DEFAULT_KIND, Person, slugify
from handlers.calendar import export_calendar, milestones
from handlers.meeting_names import kind_title, known_kinds, meeting_title
from handlers.periods import current_meetings
from handlers.timefmt import day, days_to_go
from storage import repo
from storage.models import MeetingRow

_ABBREVIATIONS = {"security-and-defence-dialogue": "sdd", "strategic-dialogue": "sd"}


def abbreviation(kind: str) -> str:
    """What a kind's meeting ids start with, and what people call it: "sdd", "sd", else its initials ("msd")."""
    return _ABBREVIATIONS.get(kind) or "".join(w[0] for w in kind.split("-"))


def resolve_kind(runtime: Runtime, words: str) -> str | None:
    slug = slugify(words)
    kinds = known_kinds(runtime)
    if slug in kinds:
        return slug
    abbreviated = [k for k in kinds if abbreviation(k) == slug]  # "schedule sdd 2027-03-15 Seoul"
    if len(abbreviated) == 1:
        return abbreviated[0]
    slug = re.sub(r"^(the|an?)-", "", slug)
    slug = re.sub(r"-(eu-rok|rok-eu)|^(eu-rok|rok-eu)-", "", slug)
    matches = [k for k in kinds if slug == k or slug in k or k in slug]
    return matches[0] if len(matches) == 1 else None


def _line(runtime: Runtime, meeting: MeetingRow, today: date) -> tuple[str, ...]:
    place = f", {meeting.place}" if meeting.place else ""
    return (
        f"{meeting_title(runtime, meeting)} — {day(meeting.date)}{place} ({days_to_go(meeting.date, today)})"
        f" · id {meeting.id}",
    )


async def answer_meetings(
    runtime: Runtime, *, next_only: bool, kind: str | None = None, agenda: bool = False, changes: bool = False
) -> Reply:
    """The upcoming meetings, or the next one; `kind` (a meeting kind or id, "strategic dialogue") narrows it to
    that meeting, followed by where the text sets the dialogue up; asked its `agenda`, that the bot keeps none,
    rather than a passage that says "discuss"; asked its `changes`, who changed it and when."""
    today = runtime.today().date()
    # this process's copy while the database's meetings version says it is current (handlers.periods)
    rows = [m for m in await current_meetings(runtime) if m.date >= today]
    reply = Reply(intent=ReplyIntent.MEETINGS)
    wanted = _wanted_kind(runtime, kind)
    if next_only:
        dialogues = _of_kind(rows, wanted)
        if not dialogues and wanted is None:
            dialogues = rows  # no kind named and no Dialogue scheduled: the next meeting of any kind
        if not dialogues:
            named = kind_title(runtime, wanted) if wanted else "meeting"
            example = named.lower() if wanted else "security and defence dialogue"  # the one asked about
            reply.blocks.append(
                text(f"No upcoming {named} is scheduled. Chairs can say “schedule {example} 2027-03-15 Seoul”.")
            )
        else:
            meeting = dialogues[0]
            reply.about["meeting"] = meeting.id
            reply.blocks.append(text(f"The next {_dated(runtime, meeting, today, 'is')}."))
            if steps := milestones(runtime, meeting):  # "when are updates due": what a lead reports by
                reply.blocks.append(Note(text=" · ".join(steps)))
            if changes:
                await _add_changes(runtime, reply, meeting)
            wanted = meeting.kind if wanted else None
        if agenda:
            reply.blocks.append(Note(text=_NO_AGENDA))
        _where_set_up(runtime, reply, wanted)
        return reply
    if not rows:
        reply.blocks.append(text("No upcoming meeting is scheduled."))
        return reply
    reply.blocks.append(Heading(text="Upcoming meetings"))
    reply.blocks.append(bullets(*[_line(runtime, m, today) for m in rows]))
    # every meeting as a calendar file, the same entries (UIDs) as the invitations by e-mail
    reply.attachments.append(
        Attachment(
            filename="meetings.ics", content_type="text/calendar", data=(await export_calendar(runtime)).encode("utf-8")
        )
    )
    return reply


async def _add_changes(runtime: Runtime, reply: Reply, meeting: MeetingRow) -> None:
    """The meeting's record, from the audit log: added (from the file or by a chair), moved, its place changed."""
    async with (await runtime.database()).read_session() as session:
        rows = await repo.meeting_changes(session, meeting.id)
    lines = [_change(runtime, row.actor, row.action, row.detail, row.at.date()) for row in rows]
    moved = any(row.action in {"meeting.move", "meeting.change"} for row in rows)
    reply.blocks.append(Heading(text="Its changes" if moved else "It has not been changed since it was added"))
    reply.blocks.append(bullets(*[(line,) for line in lines]))
    if moved:
        reply.blocks.append(Note(text="No reason is kept for a change: the one who made it knows it."))


def _change(runtime: Runtime, actor: str, action: str, detail: dict[str, object], on: date) -> str:
    """One line of a meeting's record: who did what, on which day."""
    who = "the working-group file" if actor == "config" else (p.name if (p := runtime.person(actor)) else actor)
    before, after = detail.get("before"), detail.get("after")
    if action == "meeting.add":
        return f"{day(on)}: added, from {who}" if actor == "config" else f"{day(on)}: scheduled by {who}"
    if action == "meeting.move" and isinstance(before, str) and isinstance(after, str):
        return f"{day(on)}: moved by {who} from {day(date.fromisoformat(before))} to {day(date.fromisoformat(after))}"
    if action == "meeting.change" and isinstance(after, str) and actor != "config":
        return f"{day(on)}: moved by {who} from {before or 'no place'} to {after}"
    if action == "meeting.cancel":
        return f"{day(on)}: cancelled by {who}"
    return f"{day(on)}: changed in {who}"


def _wanted_kind(runtime: Runtime, kind: str | None) -> str | None:
    if kind is None:
        return None
    return kind if any(m.id == kind for m in runtime.workgroup.meetings) else resolve_kind(runtime, kind) or kind


_KNOWN = "I know the partnership's text and the leads' updates (say “status” for the latest)."
_NO_RECORD = f"I keep no record of what is said or decided at meetings: {_KNOWN}"
_NO_AGENDA = f"I keep no agenda of meetings, nor who attends them: {_KNOWN}"


async def answer_last_held(runtime: Runtime, *, kind: str | None = None, outcome: bool = False) -> Reply:
    """The meeting held most recently (of `kind`, else a Dialogue), followed by where the text sets it up; asked
    what it decided (`outcome`), that the bot keeps no record of it, rather than a passage that says "decided"."""
    today = runtime.today().date()
    wanted = _wanted_kind(runtime, kind)
    meetings = await current_meetings(runtime)
    held = _of_kind([m for m in meetings if m.date < today], wanted)
    reply = Reply(intent=ReplyIntent.MEETINGS)
    coming = _of_kind([m for m in meetings if m.date >= today], wanted)
    if not held and coming and any(m.id == wanted for m in coming):  # "has sdd-2027 happened"
        reply.about["meeting"] = coming[0].id
        reply.blocks.append(text(f"Not held yet: {_dated(runtime, coming[0], today, 'is')}."))
    elif not held:
        # "did the strategic dialogue happen yet": and when it will, if scheduled
        then = f" The next {_dated(runtime, coming[0], today, 'is')}." if coming else ""
        reply.blocks.append(text(f"No {kind_title(runtime, wanted or DEFAULT_KIND)} held so far is recorded.{then}"))
    else:
        reply.about["meeting"] = held[-1].id
        reply.blocks.append(text(f"The last {_dated(runtime, held[-1], today, 'was')}."))
    if outcome:
        reply.blocks.append(Note(text=_NO_RECORD))
    _where_set_up(runtime, reply, wanted)
    return reply


def _of_kind(meetings: list[MeetingRow], wanted: str | None) -> list[MeetingRow]:
    """The meetings of a kind (or the one with that id); with none named, the Dialogues."""
    return (
        [m for m in meetings if wanted in {m.kind, m.id}] if wanted else [m for m in meetings if m.kind == DEFAULT_KIND]
    )


def _dated(runtime: Runtime, meeting: MeetingRow, today: date, verb: str) -> str:
    """ "Security and Defence Dialogue is on 15 Mar 2027 in Seoul, in 102 days": a meeting, when and where."""
    place = f" in {meeting.place}" if meeting.place else ""
    return f"{meeting_title(runtime, meeting)} {verb} on {day(meeting.date)}{place}, {days_to_go(meeting.date, today)}"


def _where_set_up(runtime: Runtime, reply: Reply, kind: str | None) -> None:
    """Where the text sets up the dialogue a meeting is of, so the date comes with its mandate."""
    if kind is None:
        return
    library = runtime.knowledge.library
    found = next(
        ((d, m) for d, m in library.mechanisms() if slugify(m.key) == kind or resolve_kind(runtime, m.name) == kind),
        None,
    )
    if found is None:
        return
    document, mechanism = found
    cite = library.cite(document, mechanism.paragraph, mechanism.subitem)
    facts = ", ".join(x for x in (mechanism.frequency, mechanism.level) if x)
    reply.blocks.append(
        Note(text=f"The text sets up the {mechanism.name} in {cite}" + (f" ({facts})" if facts else "") + ".")
    )
    reply.citations.append(cite)


def _new_id(kind: str, when: date, taken: set[str]) -> str:
    base = f"{abbreviation(kind)}-{when.year}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# What a change did, told to the chair: the message and a note on its round; or a Reply when nothing changed.
Done = tuple[str, str | None, str] | Reply  # what was done, a note, the meeting's id; else what to say instead


async def change_meeting(
    runtime: Runtime, person: Person, intent: intents.ScheduleMeeting | intents.MoveMeeting | intents.CancelMeeting
) -> Reply:
    """Chairs and admins only: the dispatcher checks the declarations before calling this."""
    db = await runtime.database()
    async with db.session() as session:
        if isinstance(intent, intents.ScheduleMeeting):
            done = await _schedule(runtime, session, person, intent)
        else:
            done = await _move_or_cancel(runtime, session, person, intent)
    if isinstance(done, Reply):
        return done
    await runtime.meetings_changed()
    message, note, meeting_id = done
    reply = Reply(blocks=[text(message)], intent=ReplyIntent.MEETING_CHANGED, about={"meeting": meeting_id})
    if note:
        reply.blocks.append(Note(text=note))
    return reply


async def _schedule(runtime: Runtime, session: AsyncSession, person: Person, intent: intents.ScheduleMeeting) -> Done:
    today, now = runtime.today().date(), runtime.clock.now()
    kind = resolve_kind(runtime, intent.kind)
    if kind is None:
        names = ", ".join(known_kinds(runtime))
        return Reply(
            blocks=[text(f"I know no meeting kind “{intent.kind}”. Kinds: {names}.")], intent=ReplyIntent.MEETING
        )
    if intent.when is None or intent.when < today:
        return Reply(
            blocks=[text("Give a date from today on: “2027-03-15”, “15/03/2027” or “next tuesday”, then the place.")],
            intent=ReplyIntent.MEETING,
        )
    if intent.confirmed is False:
        return Reply(blocks=[text("Nothing scheduled.")], intent=ReplyIntent.MEETING_KEPT)
    known = await repo.meetings(session, include_cancelled=True)
    near = _of_its_kind_near(known, kind, intent.when, today)
    if near is not None and intent.confirmed is None:
        return _confirm_schedule(runtime, intent, kind, near)
    meeting = MeetingRow(
        id=_new_id(kind, intent.when, {m.id for m in known}),
        kind=kind,
        date=intent.when,
        place=intent.place,
        title=None,
        source="chat",
        cancelled=False,
        updated_at=now,
    )
    await repo.add_meeting(session, meeting, person.id)
    where = f" in {intent.place}" if intent.place else ""
    message = f"Scheduled {kind_title(runtime, kind)} on {day(intent.when)}{where} (id {meeting.id})."
    return message, _round_note(runtime, kind, intent.when, today), meeting.id


async def _move_or_cancel(
    runtime: Runtime, session: AsyncSession, person: Person, intent: intents.MoveMeeting | intents.CancelMeeting
) -> Done:
    today, now = runtime.today().date(), runtime.clock.now()
    existing = await repo.meeting(session, intent.meeting.lower())
    if existing is None or existing.cancelled:
        return Reply(
            blocks=[text(f"No meeting with id “{intent.meeting}”. Say “meetings” for the list.")],
            intent=ReplyIntent.MEETING,
        )
    if isinstance(intent, intents.CancelMeeting):
        if not intent.confirmed:
            return _confirm_cancel(runtime, existing) if intent.confirmed is None else _kept(runtime, existing)
        existing.cancelled, existing.source, existing.updated_at = True, "chat", now
        await repo.audit(session, at=now, actor=person.id, action="meeting.cancel", subject=existing.id)
        dropped = "; its round, reminders and digest are cancelled too." if _has_round(runtime, existing.kind) else "."
        return f"Cancelled {existing.id}{dropped}", None, existing.id
    when = intent.when
    if when is None and intent.by_days:
        when = existing.date + timedelta(days=intent.by_days)  # "back a week": from its date
    if when is None and intent.day is not None:
        when = nearest_day_of_month(existing.date, intent.day)  # "to the 20th": of its own month
    if when is None and intent.place is not None:
        return await _change_place(runtime, session, person, existing, intent.place)
    if when is None or when < today:
        return Reply(
            blocks=[text("Give the new date from today on: “2027-03-20”, “20/03/2027” or “next tuesday”.")],
            intent=ReplyIntent.MEETING,
        )
    before = existing.date
    existing.date, existing.source, existing.updated_at = when, "chat", now
    await repo.audit(
        session,
        at=now,
        actor=person.id,
        action="meeting.move",
        subject=existing.id,
        before=before.isoformat(),
        after=when.isoformat(),
    )
    moved = "; its round and digest move with it." if _has_round(runtime, existing.kind) else "."
    note = _round_note(runtime, existing.kind, when, today)
    if intent.place is not None and intent.place != existing.place:
        await _change_place(runtime, session, person, existing, intent.place)
        moved = f", in {existing.place}{moved}"
    return f"Moved {existing.id} from {day(before)} to {day(when)}{moved}", note, existing.id


async def _change_place(
    runtime: Runtime, session: AsyncSession, person: Person, meeting: MeetingRow, place: str
) -> Done:
    """ "the SDD is moved to Seoul": where it is held; its date, round and digest stay. Audited as a change, which
    gives its calendar entry a new SEQUENCE, so the invitations sent go out again with the new place."""
    place = place.strip(" .,")
    place = place[:1].upper() + place[1:]  # "busan" typed: the place as a calendar shows it
    before = meeting.place
    if before == place:
        return Reply(
            blocks=[text(f"{meeting.id} is already in {place}, on {day(meeting.date)}.")],
            intent=ReplyIntent.MEETING,
            about={"meeting": meeting.id},
        )
    meeting.place, meeting.source, meeting.updated_at = place, "chat", runtime.clock.now()
    await repo.audit(
        session,
        at=meeting.updated_at,
        actor=person.id,
        action="meeting.change",
        subject=meeting.id,
        before=before or "",
        after=place,
    )
    was = f" from {before}" if before else ""
    return f"Moved {meeting.id}{was} to {place}, on {day(meeting.date)} as before.", None, meeting.id


def _confirm_cancel(runtime: Runtime, meeting: MeetingRow) -> Reply:
    """Cancelling drops a round, its reminders and its digest: asked once more, with yes and no."""
    place = f" in {meeting.place}" if meeting.place else ""
    reply = Reply(intent=ReplyIntent.MEETING_CANCEL_CONFIRM, about={"meeting": meeting.id})
    reply.blocks.append(
        text(
            f"Cancel the {meeting_title(runtime, meeting)} on {day(meeting.date)}{place} (id {meeting.id})?"
            + (" Its round, reminders and digest are cancelled too." if _has_round(runtime, meeting.kind) else "")
        )
    )
    reply.blocks.append(Note(text="Say “yes” to cancel it, “no” to keep it."))
    command = f"cancel {meeting.id}"
    reply.offer(
        [
            Option(label=intents.CONFIRM_CANCEL, text="yes", message=command),
            Option(label=intents.KEEP_MEETING, text="no", message=command),
        ],
        labels=[f"Yes, cancel {meeting.id}", "No, keep it"],
        styles=["danger", None],
    )
    return reply


# Two meetings of a kind this close are one meeting moved more often than two: the second is asked about first.
NEAR_DAYS = 60


def _of_its_kind_near(meetings: list[MeetingRow], kind: str, when: date, today: date) -> MeetingRow | None:
    """An upcoming meeting of the kind within NEAR_DAYS of `when`, the closest."""
    near = [
        m
        for m in meetings
        if m.kind == kind and not m.cancelled and m.date >= today and abs((m.date - when).days) <= NEAR_DAYS
    ]
    return min(near, key=lambda m: abs((m.date - when).days), default=None)


def _confirm_schedule(runtime: Runtime, intent: intents.ScheduleMeeting, kind: str, near: MeetingRow) -> Reply:
    """ "schedule the next SDD for 20 March" with one on 15 March: two rounds and two digests, or a move?"""
    assert intent.when is not None  # checked before
    place = f" in {near.place}" if near.place else ""
    wanted = day(intent.when) + (f" in {intent.place}" if intent.place else "")
    reply = Reply(intent=ReplyIntent.MEETING_SCHEDULE_CONFIRM, about={"meeting": near.id})
    reply.blocks.append(
        text(
            f"The {meeting_title(runtime, near)} on {day(near.date)}{place} (id {near.id}) is already scheduled. "
            f"Schedule another on {wanted}, or move {near.id} to {day(intent.when)}?"
        )
    )
    reply.blocks.append(Note(text="Say “another”, “move” or “neither”."))
    command = " ".join(p for p in ("schedule", kind, intent.when.isoformat(), intent.place) if p)
    reply.offer(
        [
            Option(label=intents.CONFIRM_SCHEDULE, text="another", message=command),
            Option(label="move_meeting", text="move", message=f"move {near.id} to {intent.when.isoformat()}"),
            Option(label=intents.SKIP_SCHEDULE, text="neither", message=command),
        ],
        labels=[f"Schedule another on {day(intent.when)}", f"Move {near.id} to {day(intent.when)}", "Neither"],
    )
    return reply


def _kept(runtime: Runtime, meeting: MeetingRow) -> Reply:
    return Reply(
        blocks=[
            text(
                f"Nothing cancelled: the {meeting_title(runtime, meeting)} stays on {day(meeting.date)} "
                f"(id {meeting.id})."
            )
        ],
        intent=ReplyIntent.MEETING_KEPT,
    )


def _has_round(runtime: Runtime, kind: str) -> bool:
    """Only the kinds of meeting the working-group file names get a collection round, reminders and a digest:
    moving or cancelling another says nothing of them."""
    return kind in runtime.workgroup.collection.kinds


def _round_note(runtime: Runtime, kind: str, when: date, today: date) -> str | None:
    collection = runtime.workgroup.collection
    if not _has_round(runtime, kind):
        return "This kind of meeting gets no collection round or digest."
    if (when - today).days <= collection.opens_days_before:
        return "Less time is left than a round needs: the round opens now."
    return (
        f"The collection round opens {collection.opens_days_before} days before, "
        f"the digest goes {runtime.workgroup.digest.days_before} days before."
    )
