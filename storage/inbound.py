"""De-duplication of inbound events, group-committed on a connection of its own.

Every Slack event and Telegram update is claimed by a unique row before it is
answered (Slack retries after 3 s; a mention in a DM arrives twice), so the
claim is on the path of every answer and its cost is the bot's floor:

- claims that arrive while a write is under way are inserted together, in one
  `INSERT ... ON CONFLICT DO NOTHING RETURNING`, and each waiting event learns
  whether its own row was new;
- the statement skips the engine and goes straight to the driver, one statement
  per batch (`storage.direct`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from storage import repo
from storage.direct import DirectSql

log = logging.getLogger(__name__)

_Key = tuple[str, str]  # (platform, dedupe key)
# Rows per statement: far below SQLite's 32,766 parameters, and more than ever wait at once.
MAX_BATCH = 500


class Database(Protocol):
    """What the claims need of their storage.db.Database, which owns them and hands itself in."""

    engine: AsyncEngine

    @property
    def direct(self) -> DirectSql: ...


class InboundClaims:
    """Owned by the Database, which closes it; `claim` is safe from any number of tasks at once."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._waiting: dict[_Key, list[asyncio.Future[bool]]] = {}
        self._batcher: asyncio.Task[None] | None = None
        self._writer = database.direct

    async def claim(self, platform: str, key: str, at: datetime) -> bool:
        """True for the first delivery of an event, False for a retry or a duplicate (in any process)."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault((platform, key), []).append(future)
        if self._batcher is None or self._batcher.done():
            self._batcher = asyncio.create_task(self._write(at))
        return await future

    async def close(self) -> None:
        """Let the batch under way finish (the database then closes the connection)."""
        if self._batcher is not None:
            await asyncio.gather(self._batcher, return_exceptions=True)

    async def _write(self, at: datetime) -> None:
        # No waiting for company: claims made before this task runs, or while a batch is being
        # written, join a batch by themselves, so a busy bot writes few batches and an idle one
        # answers at once (about 3.7 claims a batch in the Slack benchmark).
        while self._waiting:
            batch, self._waiting = self._waiting, {}
            keys = list(batch)
            try:
                new: set[_Key] = set()
                for start in range(0, len(keys), MAX_BATCH):
                    new |= await self._insert(keys[start : start + MAX_BATCH], at)
            except Exception as error:  # every waiter hears of it, none hangs
                await self._writer.reset()
                for futures in batch.values():
                    for future in futures:
                        future.set_exception(error)
                continue
            for claim_key, futures in batch.items():
                first, *later = futures
                first.set_result(claim_key in new)
                for future in later:  # the same event twice in one batch: only the first is new
                    future.set_result(False)

    async def _insert(self, keys: Sequence[_Key], at: datetime) -> set[_Key]:
        dialect = self.database.engine.dialect
        statement = repo.claim_inbound_statement(dialect, len(keys))
        rows = await self._writer.write(statement, repo.claim_inbound_parameters(dialect, keys, at))
        return {(str(platform), str(key)) for platform, key in rows}
