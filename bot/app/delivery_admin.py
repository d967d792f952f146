"""`partnerbot deliveries`: what an admin needs when a message did not get through — the list, and a
way to send again.

Sending again does not send from the command line: it makes the failed rows due
now, and the scheduler holding the lease sends them on its next tick (within 30 s),
through the same claims as everything else, so a resend is never a second copy.
The command waits for the outcome and says it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from bot.app.lease import SCHEDULER
from bot.runtime import Runtime
from storage import repo
from storage.models import DeliveryRow

POLL_SECONDS = 1.0


def table(rows: Sequence[DeliveryRow]) -> str:
    """One line per delivery, newest first: what, to whom, its state, and the platform's last answer."""
    if not rows:
        return "No deliveries."
    lines = []
    for row in rows:
        state = row.status
        if row.status == "failed":
            state = (
                f"failed, next attempt {row.next_attempt_at:%Y-%m-%d %H:%M} UTC"
                if row.next_attempt_at
                else "failed, given up"
            )
        lines.append(f"{row.id:>6}  {row.key}  {state}  attempts {row.attempts}")
        if row.last_error and row.status != "sent":
            lines.append(f"        last error: {row.last_error}")
        if row.doubt:
            lines.append(f"        note: {row.doubt}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Retry:
    """What `deliveries retry` did: the rows it made due, and whether a scheduler is there to send them."""

    rows: list[DeliveryRow]
    scheduler_running: bool


async def rearm(runtime: Runtime, ids: Sequence[int] | None) -> Retry:
    """Make the failed deliveries (these ids, or all) due now; ids that are not failed deliveries are an error."""
    database = await runtime.database()
    async with database.session() as session:
        rows = await repo.rearm_deliveries(session, ids=ids, at=runtime.clock.now())
        if ids is not None and (unknown := sorted(set(ids) - {row.id for row in rows})):
            raise LookupError(
                f"no failed delivery with id {', '.join(map(str, unknown))} "
                "(`partnerbot deliveries --failed` lists them)"
            )
        lease = await repo.lease(session, SCHEDULER)
        running = lease is not None and lease.expires_at > await repo.database_now(session)
    return Retry(rows, running)


async def outcome(runtime: Runtime, retry: Retry, wait: float) -> list[DeliveryRow]:
    """The rows again once each has been tried (or after `wait` seconds): an attempt counts them up."""
    attempts = {row.key: row.attempts for row in retry.rows}
    database = await runtime.database()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        async with database.session() as session:
            rows = [row for key in attempts if (row := await repo.delivery(session, key)) is not None]
        if all(row.attempts > attempts[row.key] and row.status != "claimed" for row in rows) or loop.time() >= deadline:
            return rows
        await asyncio.sleep(POLL_SECONDS)


def said(before: Retry, after: Sequence[DeliveryRow]) -> str:
    """What became of each re-armed delivery, for the admin who asked."""
    attempts = {row.key: row.attempts for row in before.rows}
    lines = []
    for row in after:
        if row.status == "sent" and row.attempts > attempts[row.key]:
            lines.append(f"{row.id}: sent ({row.key})")
        elif row.attempts > attempts[row.key] and row.status == "failed":
            lines.append(f"{row.id}: failed again: {row.last_error} ({row.key})")
        else:
            lines.append(
                f"{row.id}: not sent yet ({row.key}): the scheduler sends what is still of use on its next tick"
            )
    return "\n".join(lines)
