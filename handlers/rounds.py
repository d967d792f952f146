"""What the bot says when a collection round opens and when it reminds a lead."""

from __future__ import annotations

from datetime import date

from bot.model import Note, Reply, ReplyIntent, text
from handlers.timefmt import day


def round_opening(
    meeting_title: str, meeting_day: date, place: str | None, digest_day: date, first_question: Reply
) -> Reply:
    """The round's prompt: why the lead is asked, then the first question of their update conversation."""
    where = f" in {place}" if place else ""
    reply = Reply(intent=ReplyIntent.ROUND_PROMPT, choices=first_question.choices)
    reply.blocks.append(
        text(
            f"The collection round for the {meeting_title} on {day(meeting_day)}{where} is open. "
            f"The chairs get the digest on {day(digest_day)}."
        )
    )
    reply.blocks.extend(first_question.blocks)
    return reply


def reminder(
    meeting_title: str, areas: list[str], days_left: int, digest_day: date, started: str | None = None
) -> Reply:
    """What is still missing: the areas not reported in the round, and where an update begun was left (`started`)."""
    when = "today" if days_left <= 0 else ("tomorrow" if days_left == 1 else f"in {days_left} days")
    reply = Reply(intent=ReplyIntent.ROUND_REMINDER)
    reply.blocks.append(
        text(
            f"Reminder: the digest for the {meeting_title} goes to the chairs {when} ({day(digest_day)}). "
            f"Your update is still missing for: {'; '.join(areas)}."
        )
    )
    if started:
        reply.blocks.append(text(started))
    reply.blocks.append(
        Note(
            text="Say “update” to give it (“no change” repeats your last one), "
            "or “away until YYYY-MM-DD” if you are away."
        )
    )
    return reply


def late_digest_note(due_day: date) -> str:
    return f"Sent late: this digest was due on {day(due_day)}, when the bot was not running."


def delivery_given_up(kind: str, recipient: str, attempts: int, error: str, delivery_id: int | None) -> Reply:
    """To the admins: a delivery that will not be tried again by itself, and how to send it by hand."""
    via, _, who = recipient.partition(":")
    who = f"{who} by e-mail" if via == "email" else (who or via)
    reply = Reply(intent=ReplyIntent.DELIVERY_ALERT)
    reply.blocks.append(
        text(
            f"Could not deliver the {kind} to {who} after {attempts} attempts ({error}); "
            "it will not be tried again by itself."
        )
    )
    retry = (
        f"partnerbot deliveries retry {delivery_id}"
        if delivery_id is not None
        else "partnerbot deliveries retry --all-failed"
    )
    reply.blocks.append(
        Note(text=f"`partnerbot deliveries --failed` lists the failed deliveries; `{retry}` sends it again.")
    )
    return reply
