"""De-duplication of inbound events, group-committed on a connection of its own.

Every Slack event and Telegram update is claimed by a unique row before it is
answered (Slack retries after 3 s; a mention in a DM arrives twice), so the
claim is on the path of every answer and its cost is the bot's floor:

- claims that arrive while a write is under way are inserted together, in one
  `INSERT ... ON CONFLICT DO NOTHING RETURNING`, and each waiting event learns
  whether its own row was new;
- the statement skips the engine (pool checkout, BEGIN, cursor, COMMIT, reset:
  1.4 ms of CPU a claim on either database) and goes to a connection kept in
  autocommit, one statement per batch: on PostgreSQL psycopg's own async
  connection (0.16 ms), on SQLite see `_SqliteWriter`.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from storage import repo

if TYPE_CHECKING:
    from storage.db import Database

log = logging.getLogger(__name__)

_Key = tuple[str, str]  # (platform, dedupe key)
# Rows per statement: far below SQLite's 32,766 parameters, and more than ever wait at once.
MAX_BATCH = 500
# How long a SQLite claim waits for another process's write to finish, as the engine's busy timeout.
SQLITE_BUSY_SECONDS = 30.0
# A WAL checkpoint after this many claim batches (a few pages each), so the WAL stays a few MB.
CHECKPOINT_EVERY = 500


class _Writer(Protocol):
    async def insert(self, statement: str, parameters: list[object]) -> list[Any]: ...

    async def reset(self) -> None:
        """After a failure: the connection may be broken (a restarted server); the next batch opens a new one."""

    async def close(self) -> None: ...


class InboundClaims:
    """Owned by the Database, which closes it; `claim` is safe from any number of tasks at once."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._waiting: dict[_Key, list[asyncio.Future[bool]]] = {}
        self._batcher: asyncio.Task[None] | None = None
        self._writer: _Writer = _SqliteWriter(database) if database.is_sqlite else _DriverWriter(database)

    async def claim(self, platform: str, key: str, at: datetime) -> bool:
        """True for the first delivery of an event, False for a retry or a duplicate (in any process)."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault((platform, key), []).append(future)
        if self._batcher is None or self._batcher.done():
            self._batcher = asyncio.create_task(self._write(at))
        return await future

    async def close(self) -> None:
        """Let the batch under way finish, then close the connection."""
        if self._batcher is not None:
            await asyncio.gather(self._batcher, return_exceptions=True)
        await self._writer.close()

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
        rows = await self._writer.insert(statement, repo.claim_inbound_parameters(dialect, keys, at))
        return {(str(platform), str(key)) for platform, key in rows}


class _DriverWriter:
    """PostgreSQL: psycopg's async connection, under a pooled connection held for claims in autocommit."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: AsyncConnection | None = None

    async def insert(self, statement: str, parameters: list[object]) -> list[Any]:
        if self._connection is None:
            await self.database.upgrade()
            connection = await self.database.engine.connect()
            self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        driver: Any = (await self._connection.get_raw_connection()).driver_connection
        async with driver.cursor() as cursor:
            await cursor.execute(statement, parameters)
            return list(await cursor.fetchall())

    async def reset(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                await connection.invalidate()
                await connection.close()
            except Exception:
                log.debug("closing a failed claims connection", exc_info=True)

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None


class _SqliteWriter:
    """SQLite: the standard library's sqlite3, on the event loop's own thread.

    Through aiosqlite each batch waited for its worker thread to take the GIL
    from the busy loop: 0.6-0.8 ms of CPU a question in the Slack benchmark,
    and milliseconds of latency. In WAL mode with synchronous=NORMAL a commit
    appends to the WAL without an fsync, tens of microseconds, so the claim
    runs in line. What could block the loop is kept off it:

    - another writer (this process's write turn; another process): with a busy
      timeout of 0 SQLite answers "busy" at once, and the batch waits here,
      asynchronously, and tries again;
    - checkpoints, which fsync: this connection never runs one
      (wal_autocheckpoint=0); every CHECKPOINT_EVERY batches one runs through
      the engine, on aiosqlite's thread, while claims wait for their turn.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: sqlite3.Connection | None = None
        self._batches = 0
        self._checkpoint: asyncio.Task[None] | None = None

    async def insert(self, statement: str, parameters: list[object]) -> list[Any]:
        if self._connection is None:
            await self.database.upgrade()  # the engine's first connection also switches the file to WAL
            self._connection = self._open()
        pause, waited = 0.001, 0.0
        async with self.database.write_turn():
            while True:
                try:
                    rows = self._connection.execute(statement, parameters).fetchall()
                    break
                except sqlite3.OperationalError as error:
                    if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or waited >= SQLITE_BUSY_SECONDS:
                        raise
                await asyncio.sleep(pause)
                waited += pause
                pause = min(pause * 2, 0.1)
        self._batches += 1
        if self._batches % CHECKPOINT_EVERY == 0 and (self._checkpoint is None or self._checkpoint.done()):
            self._checkpoint = asyncio.create_task(self._run_checkpoint())
        return rows

    def _open(self) -> sqlite3.Connection:
        path = self.database.engine.url.database
        connection = sqlite3.connect(path or "", isolation_level=None)  # autocommit: one statement, one transaction
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=0")
        connection.execute("PRAGMA wal_autocheckpoint=0")
        return connection

    async def _run_checkpoint(self) -> None:
        try:
            # in the write turn, as SQLite's own autocheckpoint runs in the writer: with claims written
            # during the checkpoint the WAL would never start over from its beginning, and only grow
            async with self.database.write_turn(), self.database.engine.connect() as connection:
                await connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception:  # the next one tries again; the other connections checkpoint as they write too
            log.warning("WAL checkpoint after de-duplication claims failed", exc_info=True)

    async def reset(self) -> None:
        await self.close()

    async def close(self) -> None:
        if self._checkpoint is not None:
            await asyncio.gather(self._checkpoint, return_exceptions=True)
        if self._connection is not None:
            self._connection.close()
            self._connection = None
