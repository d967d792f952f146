"""What the scheduling tests share: deliveries under a held lease, a lease run out, what a person was sent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.app.delivery import STALE_CLAIM, Deliveries
from bot.app.dispatcher import Dispatcher
from bot.app.lease import Lease
from bot.app.outbox import MailOutbox, Outbox, Outboxes, RecordingOutbox
from bot.render.text import render_text
from bot.runtime import Runtime
from handlers.update import open_update
from storage import repo
from storage.models import DeliveryRow, LeaseRow


async def expire_lease(runtime: Runtime) -> None:
    """What the passing of the lease's time does, without waiting for it."""
    database = await runtime.database()
    async with database.session() as session:
        await session.execute(
            update(LeaseRow).values(expires_at=await repo.database_now(session) - timedelta(seconds=1))
        )


async def deliveries_for(
    runtime: Runtime,
    dispatcher: Dispatcher,
    outbox: Outbox,
    holder: str = "scheduler-under-test",
    mail: MailOutbox | None = None,
) -> Deliveries:
    """Deliveries under a held scheduler lease (the same holder everywhere, as one process restarted);
    `mail` adds e-mail."""
    lease = Lease(runtime, holder)
    assert await lease.hold()
    return Deliveries(
        runtime,
        Outboxes([outbox], mail=mail),
        lambda person, areas: open_update(
            runtime, dispatcher.engine, person, areas, platform="console", channel="direct", ask_area=False
        ),
        lease,
    )


def texts(outbox: RecordingOutbox, person: str) -> list[str]:
    return [render_text(r) for r in outbox.to(person)]


async def crash_after_send(
    runtime: Runtime, key: str, claimed_ago: timedelta = STALE_CLAIM + timedelta(seconds=1)
) -> None:
    """The row as a sender leaves it when it stops between the platform's answer and `finish_delivery`,
    claimed some time ago on the database's clock (which the test cannot move)."""
    database = await runtime.database()
    async with database.session() as session:
        claimed = await repo.database_now(session) - claimed_ago
        await session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.key == key)
            .values(status="claimed", sent_at=None, attempts=0, claimed_at=claimed)
        )
