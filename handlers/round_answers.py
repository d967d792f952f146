"""What a lead may answer a collection round instead of an update: snooze its prompt, or decline the round.

Words of the update conversation, not chat intents: `later` or `remind me tomorrow`
(the round's prompt comes again at the lead's next prompt hour, as a delivery the
scheduler plans like any other), `skip this round` (then a one-line reason, which
the chairs read in the digest in place of "did not report"). The round is the one of
the next meeting that gets a digest.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Note, Reply, ReplyIntent, text
from bot.planning import MeetingSlot, Schedule, lead_timezone, next_prompt_hour, plan
from bot.runtime import Runtime
from bot.workgroup import Person
from handlers.digest import next_digest_meeting
from handlers.meetings import meeting_title
from handlers.timefmt import day
from storage import repo
from storage.models import MeetingRow

RoundWord = Literal["snooze", "snooze_tomorrow", "decline", "no_change"]
MAX_REASON_CHARS = 300
_WORDS: list[tuple[re.Pattern[str], RoundWord]] = [
    (
        re.compile(r"^(?:remind me )?tomorrow$|^remind me tomorrow$|^ask (?:me )?(?:again )?tomorrow$"),
        "snooze_tomorrow",
    ),
    (re.compile(r"^(?:later|not now|remind me later|ask (?:me )?(?:again )?later|snooze)$"), "snooze"),
    (
        re.compile(r"^(?:skip (?:this |the )?round|decline(?: (?:this|the) round)?|skip this time|not this round)$"),
        "decline",
    ),
    (
        re.compile(r"^(?:no change|no changes|nothing (?:new|changed)|unchanged|same as (?:before|last time))$"),
        "no_change",
    ),
]


def round_word(answer: str) -> RoundWord | None:
    """The round word a whole answer is ("Later!", "skip this round"), if any."""
    cleaned = " ".join(answer.lower().strip(" .!").split())
    return next((word for pattern, word in _WORDS if pattern.match(cleaned)), None)


def no_round() -> Reply:
    return Reply(
        blocks=[text("No collection round is open now: say “update” whenever you want to give one.")],
        intent=ReplyIntent.ROUND_NONE,
    )


async def snooze_asked(runtime: Runtime, person: Person, *, tomorrow: bool, on: date | None = None) -> Reply:
    """ "remind me tomorrow" said with no update open (a round's prompt opens one): put off as "later" is in it."""
    async with (await runtime.database()).session() as session:
        return await snooze(runtime, session, person, tomorrow=tomorrow, on=on)


async def snooze(
    runtime: Runtime, session: AsyncSession, person: Person, *, tomorrow: bool, on: date | None = None
) -> Reply:
    """Store the snooze; the scheduler plans the round's prompt again for that instant (bot.planning.plan).

    Only while the lead's round is open and its digest has not gone: before, the round's own prompt
    will come; after, nothing more is collected for it.
    """
    meeting = await next_digest_meeting(runtime, session)
    if meeting is None:
        return no_round()
    workgroup = runtime.workgroup
    tz = lead_timezone(person, await repo.profile_timezones(session), workgroup.partnership.timezone)
    schedule = round_schedule(runtime, meeting, {person.id: tz})
    now = runtime.clock.now()
    hour = workgroup.collection.prompt_hour
    title = meeting_title(runtime, meeting)
    prompted = min(item.at for item in schedule.items if item.kind == "prompt")
    if now < prompted:
        return Reply(
            blocks=[
                text(
                    f"Fine. The round for the {title} opens on {day(prompted.astimezone(ZoneInfo(tz)).date())}: "
                    "I will ask you then. Nothing was saved."
                )
            ],
            intent=ReplyIntent.ROUND_SNOOZED,
        )
    local_today = now.astimezone(ZoneInfo(tz)).date()
    earliest = on if on is not None else (local_today + timedelta(days=1) if tomorrow else None)
    until = next_prompt_hour(now + timedelta(minutes=1), hour, tz, earliest_day=earliest)
    digest_day = day(schedule.digest_at.astimezone(runtime.timezone).date())
    if until >= schedule.digest_at:
        return Reply(
            blocks=[
                text(
                    f"The digest for the {title} goes to the chairs on {digest_day}, before then: "
                    "say “update” to give your update now, or “skip this round”. Nothing was saved."
                )
            ],
            intent=ReplyIntent.ROUND_SNOOZED,
        )
    await repo.add_round_response(
        session, meeting_id=meeting.id, person_id=person.id, kind="snoozed", at=now, until=until
    )
    local_day = until.astimezone(ZoneInfo(tz)).date()
    when = (
        "tomorrow"
        if local_day == local_today + timedelta(days=1)
        else ("today" if local_day == local_today else f"on {day(local_day)}")
    )
    reply = Reply(intent=ReplyIntent.ROUND_SNOOZED)
    reply.blocks.append(text(f"Fine: I will ask you again {when} at {hour:02d}:00 your time, for the {title}."))
    reply.blocks.append(Note(text=f"Nothing was saved. The chairs get the digest on {digest_day}."))
    return reply


def round_schedule(runtime: Runtime, meeting: MeetingRow, timezones: dict[str, str]) -> Schedule:
    """A meeting's round as the scheduler plans it, for the leads given their timezones."""
    workgroup = runtime.workgroup
    return plan(
        MeetingSlot(meeting.id, meeting.date, meeting.updated_at),
        timezones,
        workgroup.collection,
        workgroup.digest,
        workgroup.partnership.timezone,
    )


def reason_question() -> Reply:
    return Reply(
        blocks=[
            text("In one line, why do you skip this round? The chairs read it in the digest instead of “no report”.")
        ],
        intent=ReplyIntent.UPDATE,
    )


def reason_problem(reason: str) -> str | None:
    """Why an answer is no reason the digest can show in one line, if it is not."""
    if not reason.strip() or reason.strip().lower() in {"skip", "none", "-", "no"}:
        return (
            "A reason is needed to skip the round: one line, "
            "e.g. “on mission until the 20th, Rossi reports for both of us”."
        )
    if "\n" in reason.strip() or len(reason) > MAX_REASON_CHARS:
        return f"Please give the reason in one line of at most {MAX_REASON_CHARS} characters."
    return None


async def decline(runtime: Runtime, session: AsyncSession, person: Person, reason: str) -> Reply:
    """Store the lead's declining of the round; the digest shows it for the areas they lead, and no reminder follows."""
    meeting = await next_digest_meeting(runtime, session)
    if meeting is None:
        return no_round()
    await repo.add_round_response(
        session,
        meeting_id=meeting.id,
        person_id=person.id,
        kind="declined",
        at=runtime.clock.now(),
        reason=reason.strip(),
    )
    reply = Reply(intent=ReplyIntent.ROUND_DECLINED)
    reply.blocks.append(
        text(
            f"Noted: you skip the round for the {meeting_title(runtime, meeting)} ({day(meeting.date)}). "
            f"The chairs will read “declined: {reason.strip()}” for the areas you lead, "
            "and you get no more reminders for it."
        )
    )
    return reply
