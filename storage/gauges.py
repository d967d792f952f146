"""What /metrics reads from the database at each scrape: deliveries by state, the leases, open conversations.

Read on a plain connection, not a session: a session migrates a database it finds behind, and a scrape
must see the database as it is. Counting is done by the database, so a scrape costs four small queries
whatever the size of the tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import ConversationRow, DeliveryRow, LeaseRow
from storage.repo import database_now

DELIVERY_STATES = ("claimed", "sent", "failed")


@dataclass(frozen=True)
class Lease:
    name: str
    holder: str
    expires_at: datetime


@dataclass(frozen=True)
class StoredCounts:
    deliveries: dict[str, int]  # every state of DELIVERY_STATES, 0 when none
    leases: tuple[Lease, ...]  # unexpired on the database's clock, as the schedulers judge them
    open_conversations: int


async def read_counts(connection: AsyncConnection) -> StoredCounts:
    by_state = dict.fromkeys(DELIVERY_STATES, 0)
    for state, count in await connection.execute(select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)):
        by_state[state] = count
    now = await database_now(connection)
    held = select(LeaseRow.name, LeaseRow.holder, LeaseRow.expires_at).where(LeaseRow.expires_at > now)
    leases = tuple(Lease(*row) for row in await connection.execute(held))
    conversations = await connection.scalar(
        select(func.count()).select_from(ConversationRow).where(ConversationRow.open.is_(True))
    )
    return StoredCounts(deliveries=by_state, leases=leases, open_conversations=int(conversations or 0))
