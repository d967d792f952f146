"""What the round has sent the leads so far: "has kim been reminded?", "how many reminders went out?" (were who
has not reported, and a search of the text quoting §4 on “out”). Read from the deliveries the scheduler made,
the prompts (with those a lead's `later` or a chair's nudge put again) and the reminders."""

from __future__ import annotations

from datetime import datetime

from bot.delivery_keys import PromptKey, ReminderKey, decode, prefix
from bot.model import Reply, ReplyIntent, bullets, text
from bot.runtime import Runtime
from handlers.digest import next_digest_meeting
from handlers.meetings import meeting_title
from handlers.round_answers import round_schedule
from handlers.status import name_of
from handlers.timefmt import day
from storage import repo


async def answer_reminders_sent(runtime: Runtime, person_id: str | None = None) -> Reply:
    """The prompts and reminders sent this round, per lead (or to one lead), with the day of the last."""
    db = await runtime.database()
    async with db.read_session() as session:
        meeting = await next_digest_meeting(runtime, session)
        rows = (
            [
                row
                for kind in (PromptKey, ReminderKey)
                for row in await repo.deliveries_of(session, f"{prefix(kind)}{meeting.id}:")
            ]
            if meeting is not None
            else []
        )
    reply = Reply(intent=ReplyIntent.ROUND_NUDGED)
    if meeting is None:
        reply.blocks.append(text("No Dialogue with a round is scheduled: nobody is asked for updates."))
        return reply
    sent: dict[str, list[tuple[str, datetime]]] = {}
    for row in rows:
        key = decode(row.key)
        if row.status == "sent" and row.sent_at is not None and isinstance(key, PromptKey | ReminderKey):
            sent.setdefault(key.person_id, []).append((key.KIND, row.sent_at))
    title = meeting_title(runtime, meeting)
    if not sent:
        opens = round_schedule(runtime, meeting, {}).round_opens
        when = (
            "has opened"
            if opens <= runtime.clock.now()
            else f"opens on {day(opens.astimezone(runtime.timezone).date())}"
        )
        reply.blocks.append(text(f"Nothing has been sent yet for the {title}: its round {when}."))
        return reply
    wanted = [person_id] if person_id is not None else sorted(sent, key=lambda p: name_of(runtime, p))
    lines = []
    for lead in wanted:
        theirs = sent.get(lead, [])
        if not theirs:
            lines.append((f"{name_of(runtime, lead)}: nothing sent yet",))
            continue
        prompts = sum(kind == PromptKey.KIND for kind, _ in theirs)
        reminders = len(theirs) - prompts
        last = max(at for _, at in theirs)
        lines.append(
            (
                f"{name_of(runtime, lead)}: asked {prompts} time{'s' if prompts != 1 else ''}, "
                f"reminded {reminders} time{'s' if reminders != 1 else ''}, last on "
                f"{day(last.astimezone(runtime.timezone).date())}",
            )
        )
    reply.blocks.append(text(f"Sent for the {title} so far:"))
    reply.blocks.append(bullets(*lines))
    return reply
