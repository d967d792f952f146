"""How the bot itself runs, for its admins in chat: "did any delivery fail?", "is the bot healthy?", "what version
are you?", "show me the audit log" (were searches of the text, quoting nothing or its export controls)."""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib import metadata

from bot.model import Heading, Note, Reply, ReplyIntent, bullets, text
from bot.runtime import Runtime
from handlers.status import name_of, short_title
from handlers.timefmt import day
from storage import repo
from storage.models import AuditRow, DeliveryRow

SHOWN = 5  # failed deliveries and audit entries: the newest few; the command line lists the rest


async def answer_operations(runtime: Runtime) -> Reply:
    """The version, the messages of the last day, the failed deliveries and the latest changes in the audit log,
    newest first, with the commands that show and retry the rest."""
    database = await runtime.database()
    async with database.read_session() as session:
        failed = await repo.list_deliveries(session, failed_only=True, limit=SHOWN)
        received = await repo.inbound_since(session, runtime.clock.now() - timedelta(days=1))
        changes = await repo.latest_audit(session, limit=SHOWN)
    reply = Reply(intent=ReplyIntent.HELP)
    reply.blocks.append(Heading(text="How the bot is running"))
    reply.blocks.append(
        text(f"partnerbot {metadata.version('partnerbot')}, answering; {received:,} messages in the last day.")
    )
    if failed:
        reply.blocks.append(text("Failed deliveries, newest first:"))
        reply.blocks.append(bullets(*[(_failure(runtime, row),) for row in failed]))
    else:
        reply.blocks.append(text("No delivery has failed."))
    if changes:
        reply.blocks.append(text("Latest changes (audit log):"))
        reply.blocks.append(bullets(*[(_change(runtime, row),) for row in changes]))
    reply.blocks.append(
        Note(
            text="From the command line: “partnerbot deliveries --failed” lists every failure, “partnerbot "
            "deliveries retry” sends them again; the operations port serves GET /healthz, /readyz and /metrics."
        )
    )
    return reply


def _when(runtime: Runtime, at: datetime) -> str:
    local = at.astimezone(runtime.timezone)
    return f"{day(local.date())} {local:%H:%M}"


def _failure(runtime: Runtime, row: DeliveryRow) -> str:
    """ "digest to person:park, 3 attempts (channel_not_found): tried again at 8 Mar 2027 09:00", or given up."""
    why = f" ({row.last_error})" if row.last_error else ""
    then = f"tried again at {_when(runtime, row.next_attempt_at)}" if row.next_attempt_at else "given up"
    return f"{row.kind} to {row.recipient}, {row.attempts} attempts{why}: {then}"


def _change(runtime: Runtime, row: AuditRow) -> str:
    """ "5 Dec 2026 10:12 · Kim Min-jun · update.add · Maritime Security"."""
    subject = row.subject
    kind, _, key = subject.partition(":")
    if kind == "area" and key.isdigit():
        subject = short_title(runtime, runtime.area_ids.by_id(int(key)).title)
    actor = "the working-group file" if row.actor == repo.CONFIG_ACTOR else name_of(runtime, row.actor)
    return f"{_when(runtime, row.at)} · {actor} · {row.action} · {subject}"
