"""Statements on the hot path of every message, sent straight to the driver on a connection of their own.

De-duplication claims and chat contexts are read or written for every message a
platform delivers. Through the engine each cost about 1.4 ms of CPU (pool
checkout, BEGIN, cursor, COMMIT, reset), more than answering the question; here a
statement is one round trip on a connection kept in autocommit: on PostgreSQL
psycopg's own async connection (0.16 ms), on SQLite see `_SqliteDirect`.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

# How long a SQLite write waits for another process's write to finish, as the engine's busy timeout.
SQLITE_BUSY_SECONDS = 30.0
# A WAL checkpoint after this many writes (a few pages each), so the WAL stays a few MB.
CHECKPOINT_EVERY = 500


class DirectSql(Protocol):
    async def write(self, statement: str, parameters: list[object]) -> list[Any]:
        """Run a writing statement in its own transaction and return its rows (RETURNING)."""

    async def read(self, statement: str, parameters: list[object]) -> list[Any]:
        """Run a query; the rows as the driver gives them."""

    async def reset(self) -> None:
        """After a failure: the connection may be broken (a restarted server); the next statement opens a new one."""

    async def close(self) -> None: ...


class Database(Protocol):
    """What a direct connection needs of its storage.db.Database, which owns it and hands itself in (so
    this module does not import it back)."""

    is_sqlite: bool
    engine: AsyncEngine

    async def upgrade(self) -> None: ...

    def write_turn(self) -> AbstractAsyncContextManager[object]: ...


def direct_sql(database: Database) -> DirectSql:
    return _SqliteDirect(database) if database.is_sqlite else _DriverDirect(database)


class _DriverDirect:
    """PostgreSQL: psycopg's async connection, under a pooled connection held in autocommit."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: AsyncConnection | None = None
        self._driver: Any = None  # psycopg's connection under it, found once: asking costs a greenlet switch
        self._opening = asyncio.Lock()  # two first statements at once open one connection, not two

    async def write(self, statement: str, parameters: list[object]) -> list[Any]:
        return await self.read(statement, parameters)  # autocommit: each statement is its own transaction

    async def read(self, statement: str, parameters: list[object]) -> list[Any]:
        if self._driver is None:
            async with self._opening:
                if self._driver is None:
                    await self.database.upgrade()
                    connection = await self.database.engine.connect()
                    self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
                    self._driver = (await self._connection.get_raw_connection()).driver_connection
        driver = self._driver
        async with driver.cursor() as cursor:
            await cursor.execute(statement, parameters)
            return list(await cursor.fetchall()) if cursor.description else []

    async def reset(self) -> None:
        self._driver = None
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                await connection.invalidate()
                await connection.close()
            except Exception:
                log.debug("closing a failed direct connection", exc_info=True)

    async def close(self) -> None:
        self._driver = None
        if self._connection is not None:
            await self._connection.close()
            self._connection = None


class _SqliteDirect:
    """SQLite: the standard library's sqlite3, on the event loop's own thread.

    Through aiosqlite each statement waited for its worker thread to take the GIL
    from the busy loop: 0.6-0.8 ms of CPU a question in the Slack benchmark,
    and milliseconds of latency. In WAL mode with synchronous=NORMAL a commit
    appends to the WAL without an fsync, tens of microseconds, and a read of a
    row by its key takes microseconds, so both run in line. What could block
    the loop is kept off it:

    - another writer (this process's write turn; another process): with a busy
      timeout of 0 SQLite answers "busy" at once, and the batch waits here,
      asynchronously, and tries again;
    - checkpoints, which fsync: this connection never runs one
      (wal_autocheckpoint=0); every CHECKPOINT_EVERY writes one runs through
      the engine, on aiosqlite's thread, while writes wait for their turn.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: sqlite3.Connection | None = None
        self._writes = 0
        self._checkpoint: asyncio.Task[None] | None = None

    async def write(self, statement: str, parameters: list[object]) -> list[Any]:
        async with self.database.write_turn():
            rows = await self._run(statement, parameters)
        self._writes += 1
        if self._writes % CHECKPOINT_EVERY == 0 and (self._checkpoint is None or self._checkpoint.done()):
            self._checkpoint = asyncio.create_task(self._run_checkpoint())
        return rows

    async def read(self, statement: str, parameters: list[object]) -> list[Any]:
        """WAL: a reader never waits for a writer, and needs no write turn."""
        return await self._run(statement, parameters)

    async def _run(self, statement: str, parameters: list[object]) -> list[Any]:
        if self._connection is None:
            await self.database.upgrade()  # the engine's first connection also switches the file to WAL
            self._connection = self._open()
        pause, waited = 0.001, 0.0
        while True:
            try:
                return self._connection.execute(statement, parameters).fetchall()
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or waited >= SQLITE_BUSY_SECONDS:
                    raise
            await asyncio.sleep(pause)
            waited += pause
            pause = min(pause * 2, 0.1)

    def _open(self) -> sqlite3.Connection:
        path = self.database.engine.url.database
        connection = sqlite3.connect(path or "", isolation_level=None)  # autocommit: one statement, one transaction
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=0")
        connection.execute("PRAGMA wal_autocheckpoint=0")
        return connection

    async def _run_checkpoint(self) -> None:
        try:
            # in the write turn, as SQLite's own autocheckpoint runs in the writer: with writes made
            # during the checkpoint the WAL would never start over from its beginning, and only grow
            async with self.database.write_turn(), self.database.engine.connect() as connection:
                await connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception:  # the next one tries again; the other connections checkpoint as they write too
            log.warning("WAL checkpoint after direct writes failed", exc_info=True)

    async def reset(self) -> None:
        await self.close()

    async def close(self) -> None:
        if self._checkpoint is not None:
            await asyncio.gather(self._checkpoint, return_exceptions=True)
        if self._connection is not None:
            self._connection.close()
            self._connection = None
