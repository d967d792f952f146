"""How a lead's update is given, who reads it and by when: "what should I write in progress?", "who reads my
update?", "can you give me a template?" (were a search of the text, quoting §41 on "progress", and the whole help).
"""

from __future__ import annotations

from bot.model import Heading, Reply, ReplyIntent, bullets, text
from bot.runtime import Runtime
from bot.workgroup import Person, Role
from handlers.calendar import milestones
from handlers.digest import next_digest_meeting
from handlers.meetings import meeting_title
from handlers.status import short_title
from handlers.timefmt import day


async def answer_reporting(runtime: Runtime, person: Person) -> Reply:
    """The questions of an update and what each wants, the one-message form, one area at a time, who reads it, the
    next round's dates, and how an update is changed or taken back; said to a lead of their own areas."""
    workgroup = runtime.workgroup
    database = await runtime.database()  # the areas' stored keys, and the next Dialogue
    titles = runtime.areas_led_by(person.id)
    led = [short_title(runtime, title) for title in titles]
    example = runtime.area_ids.key(titles[0]).replace("-", " ") if titles else "maritime"  # as a lead types it
    reply = Reply(intent=ReplyIntent.HELP)
    reply.blocks.append(Heading(text="How an update is given"))
    reply.blocks.append(
        bullets(
            (f"“update” (or “update {example}”) in a direct message, then five questions:",),
            ("the status: on track, at risk, blocked, not started or completed;",),
            ("progress: what moved since your last update (it is shown to you), in a sentence or two;",),
            (
                "blockers: what is in the way, or what you need from the other side or the chairs (required when at "
                "risk or blocked: the chairs read the reason);",
            ),  # fmt: skip
            ("next steps before the next Dialogue, and the paragraphs it concerns (§14(b)), both optional;",),
            ("then save, edit one field, or cancel.",),
        )
    )
    reply.blocks.append(
        text(f"In one message: “update {example}: on track — consultation held on 12 Nov, next round in March”.")
    )
    if len(led) > 1:
        reply.blocks.append(
            text(f"One area at a time: you lead {', '.join(led)}; after you save one, I offer the next.")
        )
    elif Role.LEAD not in person.roles:
        reply.blocks.append(text("Each area's leads give its updates (“who leads what”)."))
    reply.blocks.append(
        text(
            f"Who reads it: the chairs, in the digest {workgroup.digest.days_before} days before each Dialogue; "
            "members, when they ask where an area stands (“status of cyber”)."
        )
    )
    async with database.read_session() as session:
        meeting = await next_digest_meeting(runtime, session)
    if meeting is not None:
        dates = " · ".join(milestones(runtime, meeting))
        reply.blocks.append(text(f"Next: the {meeting_title(runtime, meeting)}, {day(meeting.date)}. {dates}."))
    reply.blocks.append(
        bullets(
            ("“edit” changes your latest update; “delete my last update” withdraws it, until the digest has it;",),
            ("“skip this round” (with the reason, which the chairs read) when you cannot report;",),
            ("“away until 2027-01-10”: no prompts or reminders until then;",),
            ("updates are given here, in chat, by an area's leads or an admin.",),
        )
    )
    return reply
