"""When the chairs' digest goes, to whom, and whether it has gone: "has the digest gone out?", "who gets the
digest?" (both were the digest itself, previewed)."""

from __future__ import annotations

from datetime import date

from bot.delivery_keys import DigestKey
from bot.model import Note, Reply, ReplyIntent, text
from bot.runtime import Runtime
from handlers.help import admin_names
from handlers.meetings import meeting_title
from handlers.periods import digest_meetings
from handlers.round_answers import round_schedule
from handlers.timefmt import day
from storage import repo
from storage.models import MeetingRow


async def answer_delivery(runtime: Runtime, *, change: bool = False) -> Reply:
    """The next Dialogue's digest: when it goes (or went) and to whom; then whether the last one went. Asked to
    change either ("postpone the digest", "add my deputy"), or to send it again, what does that: the chat does
    not, so that what the chairs get stays what the working-group file says."""
    today = runtime.today().date()
    db = await runtime.database()
    async with db.read_session() as session:
        meetings = await digest_meetings(runtime, session)
        coming = next((m for m in meetings if m.date >= today), None)
        held = [m for m in meetings if m.date < today]
        sent = {
            m.id: await repo.first_sent(session, DigestKey(m.id, m.date).recipients_prefix())
            for m in filter(None, (coming, held[-1] if held else None))
        }
    reply = Reply(intent=ReplyIntent.DIGEST)
    if coming is None:
        reply.blocks.append(text("No Dialogue with a digest is scheduled."))
    else:
        went = sent[coming.id]
        when = (
            f"went to the chairs on {day(went.astimezone(runtime.timezone).date())}"
            if went is not None
            else f"goes to the chairs on {day(_digest_day(runtime, coming))}: not sent yet"
        )
        reply.blocks.append(text(f"The digest for the {meeting_title(runtime, coming)} ({day(coming.date)}) {when}."))
        reply.blocks.append(text(_recipients(runtime)))
        if change:
            reply.blocks.append(Note(text=_how_it_changes(runtime, coming.id)))
    if held and (went := sent[held[-1].id]) is not None:
        last = held[-1]
        reply.blocks.append(
            Note(
                text=f"The last, for the {meeting_title(runtime, last)} of {day(last.date)}, went on "
                f"{day(went.astimezone(runtime.timezone).date())}."
            )
        )
    return reply


def _how_it_changes(runtime: Runtime, meeting_id: str) -> str:
    admins = ", ".join(admin_names(runtime.workgroup))
    admin = f"an admin ({admins})" if admins else "an admin"
    return (
        f"It goes {runtime.workgroup.digest.days_before} days before the meeting, to the chairs, as the working-group "
        f"file says, which {admin} keeps: moving the meeting (“move the SDD to …”) moves the digest with it, and an "
        f"admin can e-mail one copy to someone of the file now (“partnerbot digest send --meeting {meeting_id} --to "
        "PERSON_ID”). “digest” shows it here."
    )


def _digest_day(runtime: Runtime, meeting: MeetingRow) -> date:
    return round_schedule(runtime, meeting, {}).digest_at.astimezone(runtime.timezone).date()


def _recipients(runtime: Runtime) -> str:
    """Who the digest goes to, as the working-group file and the settings say."""
    chairs = runtime.chairs()
    settings = runtime.workgroup.digest
    names = " and ".join(p.name for p in chairs) or "nobody: the working-group file names no chairs"
    ways = ["by direct message"]
    if settings.email and runtime.settings.smtp_url and any(p.email for p in chairs):
        ways.append("by e-mail to those with an address")
    channels = [c.platform.capitalize() for c in settings.channels]
    where = f", and to {len(channels)} channel{'s' if len(channels) > 1 else ''} ({', '.join(channels)})"
    return f"It goes to {names} {' and '.join(ways)}{where if channels else ''}."
