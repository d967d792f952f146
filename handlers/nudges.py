"""A chair's "remind rossi", "chase everyone who hasn't reported": the round's prompt once more, now.

Stored as a round response of kind `nudged`, with the instant it is due, which the scheduler plans as
one more prompt of the round (`bot.planning`), as it does a lead's own `later`: delivered once, retried,
recorded, and only about the areas the lead has still not reported when it goes. A lead away or who
skipped the round is not asked, and the chair is told why; in a lead's night it waits for their next
prompt hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Block, Heading, Note, Reply, ReplyIntent, bullets, span, text
from bot.planning import Schedule, lead_timezone, next_prompt_hour
from bot.runtime import Runtime
from bot.workgroup import Person
from handlers.digest import next_digest_meeting
from handlers.meetings import meeting_title
from handlers.round_answers import round_schedule
from handlers.status import resolve_area, short_title
from handlers.timefmt import day
from storage import direct_reads, repo
from storage.models import MeetingRow

# The hours of a lead's day a reminder may reach them at once; outside them it waits for their prompt hour
WAKING_HOURS = range(8, 21)


@dataclass(frozen=True)
class _Round:
    """What every lead's reminder reads of the round, read once."""

    meeting: MeetingRow
    now: datetime
    schedule: Schedule  # as the scheduler plans it, for every lead
    timezones: dict[str, str]  # each lead's
    declined: dict[str, str]  # who skipped the round, with their reason
    away: dict[str, date]  # who is away today


@dataclass(frozen=True)
class _Outcome:
    person: Person
    said: str  # what happens, after the name: "asked again now: Cyber issues"


async def answer_nudge(runtime: Runtime, chair: Person, person_id: str | None, area_query: str | None = None) -> Reply:
    """The round's prompt again to one lead, or to every lead (of an area, if one is named) with areas not yet
    reported this round."""
    area = resolve_area(runtime, area_query) if area_query else None
    if isinstance(area, Reply):
        return area
    if person_id is not None and not runtime.areas_led_by(person_id):
        named = runtime.person(person_id)
        return _reply(text(f"{named.name if named else person_id} leads no area: there is nothing to remind them of."))
    db = await runtime.database()
    async with db.session() as session:
        meeting = await next_digest_meeting(runtime, session)
        if meeting is None:
            return _reply(text("No collection round is open now: there is nothing to remind anyone of."))
        title = meeting_title(runtime, meeting)
        profiles, partnership = await repo.profile_timezones(session), runtime.workgroup.partnership.timezone
        every = {lead for a in runtime.knowledge.library.areas for lead in runtime.area_leads(a.title)}
        timezones = {i: lead_timezone(p, profiles, partnership) for i in every if (p := runtime.person(i)) is not None}
        schedule = round_schedule(runtime, meeting, timezones)  # as the scheduler plans it
        now = runtime.clock.now()
        if now < schedule.round_opens:
            opens = day(schedule.round_opens.astimezone(runtime.timezone).date())
            return _reply(text(f"The round for the {title} opens on {opens}: every lead is asked then."))
        if now >= schedule.digest_at:
            return _reply(text(f"The digest for the {title} has gone to the chairs: this round collects no more."))
        round_ = _Round(
            meeting,
            now,
            schedule,
            timezones,
            await repo.declined(session, meeting.id),
            await direct_reads.absent_on(db, runtime.today().date()),
        )
        areas = [area] if area is not None else runtime.knowledge.library.areas
        leads = [person_id] if person_id else sorted({lead for a in areas for lead in runtime.area_leads(a.title)})
        outcomes: list[_Outcome] = []
        for lead_id in leads:
            lead = runtime.person(lead_id)
            if lead is None:
                continue
            said = await _nudge(runtime, session, chair, lead, round_)
            if said is not None:
                outcomes.append(_Outcome(lead, said))
    if person_id is not None:
        named = runtime.person(person_id)
        if not outcomes:
            return _reply(text(f"{named.name if named else person_id} has reported on all their areas this round."))
        return _reply(text(f"{outcomes[0].person.name}: {outcomes[0].said}."))
    if not outcomes:
        return _reply(text(f"Every lead has reported on all their areas for the {title}."))
    reply = _reply(Heading(text=f"Reminders for the {title}"))
    reply.blocks.append(bullets(*[(span(o.person.name, bold=True), f" — {o.said}") for o in outcomes]))
    reply.blocks.append(Note(text="Each is asked once more, about the areas still missing when the reminder goes."))
    return reply


async def _nudge(
    runtime: Runtime,
    session: AsyncSession,
    chair: Person,
    lead: Person,
    round_: _Round,
) -> str | None:
    """What happens to one lead: asked now or at their next prompt hour, or why not; None when they have
    reported on every area of theirs this round."""
    meeting, now, declined, schedule = round_.meeting, round_.now, round_.declined, round_.schedule
    tz = round_.timezones[lead.id]
    reported = await repo.areas_reported_by(session, lead.id, schedule.round_opens)
    missing = [t for t in runtime.areas_led_by(lead.id) if runtime.area_ids.id(t) not in reported]
    if not missing:
        return None
    areas = "; ".join(short_title(runtime, title) for title in missing)
    if lead.id in declined:
        return f"skipped this round ({declined[lead.id]}), so is not asked again: {areas}"
    if lead.id in round_.away:
        return f"is away, so is not asked until back: {areas}"
    local = now.astimezone(ZoneInfo(tz))
    hour = runtime.workgroup.collection.prompt_hour
    until = now if local.hour in WAKING_HOURS else next_prompt_hour(now, hour, tz)
    if until >= schedule.digest_at:
        return f"cannot be asked again before the digest goes: {areas}"
    first_prompt = min(i.at for i in schedule.items if i.kind == "prompt" and i.person_id == lead.id)
    if until <= first_prompt:  # the round opens in their timezone later than in the chair's: not yet asked at all
        opening = first_prompt.astimezone(ZoneInfo(tz))
        return f"is first asked at {opening:%H:%M} their time, {day(opening.date())}, as the round opens: {areas}"
    await repo.add_round_response(
        session, meeting_id=meeting.id, person_id=lead.id, kind="nudged", at=now, until=until, actor=chair.id
    )
    when = "now" if until == now else f"at {hour:02d}:00 their time, {day(until.astimezone(ZoneInfo(tz)).date())}"
    return f"asked again {when}: {areas}"


def _reply(first: Block) -> Reply:
    return Reply(blocks=[first], intent=ReplyIntent.ROUND_NUDGED)
