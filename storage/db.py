"""The engine, sessions and schema migrations.

One async engine per process (aiosqlite for the embedded SQLite file, psycopg for
PostgreSQL). Migrations are Alembic's, run on start so an empty database is
ready without a separate step.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

if TYPE_CHECKING:
    from alembic.config import Config

    from storage.direct import DirectSql
    from storage.inbound import InboundClaims


def normalise_url(url: str) -> str:
    """Accept the plain forms people copy (sqlite:///x.db, postgresql://...) and pick the async drivers."""
    if url.startswith("sqlite:"):
        return "sqlite+aiosqlite:" + url.removeprefix("sqlite:")
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for our migrations, run on the given connection (also how tests step through them)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("storage").joinpath("migrations")))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")


@cache
def head_revision() -> str:
    """The newest migration this version of the code knows: what a database must be at for it to run."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations in storage/migrations"
    return head


def _current_revision(connection: Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


class Database:
    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            self._ensure_sqlite_folder()
            self.engine: AsyncEngine = create_async_engine(self.url, connect_args={"timeout": 30})
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_async_engine(self.url, pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time; waiting here is cheap, while SQLite's own busy
        # handler sleeps in steps of up to 100 ms under contention.
        self._write_turn: AbstractAsyncContextManager[object] = asyncio.Lock() if self.is_sqlite else nullcontext()
        self._upgraded = asyncio.Lock()
        self._ready = False

    def _ensure_sqlite_folder(self) -> None:
        path = self.url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)

    async def upgrade(self) -> None:
        """Bring the schema to the newest migration (idempotent; safe from several processes on PostgreSQL)."""
        async with self._upgraded:
            if self._ready:
                return
            if await self.revision() == head_revision():
                # the common start: nothing to migrate, and Alembic's environment costs more than the bot's first answer
                self._ready = True
                return
            async with self.engine.connect() as connection:
                if self.is_sqlite:
                    await _sqlite_foreign_keys(connection, on=False)
                try:
                    async with connection.begin():
                        if not self.is_sqlite:
                            await connection.exec_driver_sql("SELECT pg_advisory_xact_lock(4242001)")
                        await connection.run_sync(_upgrade)
                        if self.is_sqlite and (
                            broken := (await connection.exec_driver_sql("PRAGMA foreign_key_check")).first()
                        ):
                            raise RuntimeError(
                                f"migrating left a row that points at no row (table, row, parent, key): {tuple(broken)}"
                            )
                finally:
                    if self.is_sqlite:
                        await _sqlite_foreign_keys(connection, on=True)
            self._ready = True

    async def revision(self) -> str | None:
        """The migration the database is at (its alembic_version), None before any; read, never migrated."""
        async with self.engine.connect() as connection:
            return await connection.run_sync(_current_revision)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session in a transaction: committed on success, rolled back on error."""
        if not self._ready:
            await self.upgrade()
        async with self.write_turn(), self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """A session for what only reads: it never waits for this process's write turn.

        In WAL mode an SQLite reader never waits for a writer, so questions need not queue behind
        a write (or behind each other) for the turn `session()` takes. Nothing is committed: the
        transaction, if the driver opened one, is rolled back when the session closes.
        """
        if not self._ready:
            await self.upgrade()
        async with self.sessions() as session:
            yield session

    def write_turn(self) -> AbstractAsyncContextManager[object]:
        """Held by every writer of this process: SQLite has one writer at a time (PostgreSQL: no-op)."""
        return self._write_turn

    @cached_property
    def direct(self) -> DirectSql:
        """The connection of the statements run for every message (claims, chat contexts), past the engine."""
        from storage.direct import direct_sql

        return direct_sql(self)

    @cached_property
    def inbound(self) -> InboundClaims:
        """De-duplication of inbound events, on a connection of its own (closed with the database)."""
        from storage.inbound import InboundClaims

        return InboundClaims(self)

    async def close(self) -> None:
        if "inbound" in self.__dict__:
            await self.inbound.close()
        if "direct" in self.__dict__:
            await self.direct.close()
        await self.engine.dispose()


async def _sqlite_foreign_keys(connection: AsyncConnection, *, on: bool) -> None:
    """Foreign keys off while migrating, on again after (the pool keeps the connection).

    A batch migration alters a SQLite table by copying it, dropping it and renaming the
    copy (SQLite's own procedure for ALTER TABLE); the drop fails while other tables'
    foreign keys point at it. SQLite ignores this pragma inside a transaction, so it is
    set on its own, and the rows are checked before the migration's transaction commits.
    """
    await connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    await connection.commit()


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL lets a reader and a writer work at once; foreign keys are off by default in SQLite."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable against a crashed process; WAL keeps the file consistent
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
