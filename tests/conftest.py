"""Shared fixtures: a runtime on SQLite and, where PARTNERBOT_TEST_POSTGRES_URL is set, on PostgreSQL.

In CI (CI=true) the PostgreSQL URL must be set: those tests run there, never skip.
"""

from __future__ import annotations

import asyncio
import gc
import io
import logging
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import pytest

from bot.app.adapters.console import ConsoleChat
from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from bot.knowledge import Knowledge
from bot.log_redaction import RedactingFormatter
from bot.runtime import Runtime
from bot.settings import Settings
from storage.db import Database
from tests.postgres import throwaway_database

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = ROOT / "examples" / "workgroup.yaml"
# the example's area most tests report on, by its full title
MARITIME = "Maritime Security, including operations, exercises and capacity-building for third countries"
POSTGRES_URL = os.environ.get("PARTNERBOT_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return Knowledge.load(["bundled"])


@pytest.fixture(scope="session")
def postgres_admin_url() -> str | None:
    if POSTGRES_URL is None and os.environ.get("CI"):
        raise RuntimeError("CI must set PARTNERBOT_TEST_POSTGRES_URL: the PostgreSQL tests may not be skipped there")
    return POSTGRES_URL


def _postgres_database(admin_url: str | None, template: str | None = None) -> Iterator[str]:
    if admin_url is None:
        pytest.skip("PostgreSQL not configured here (set PARTNERBOT_TEST_POSTGRES_URL); CI runs these")
    with throwaway_database(admin_url, template=template) as url:
        yield url


async def _migrate(url: str) -> None:
    database = Database(url)
    try:
        await database.upgrade()
    finally:
        await database.close()


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file at the newest migration, made once per test process: copying it costs a millisecond,
    migrating each test's database from nothing a tenth of a second."""
    path = tmp_path_factory.mktemp("template") / "partnerbot.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def migrated_postgres_template(postgres_admin_url: str | None) -> Iterator[str | None]:
    """The same on PostgreSQL: a database at the newest migration that each test's database is created from."""
    if postgres_admin_url is None:
        yield None
        return
    with throwaway_database(postgres_admin_url, prefix="pb_template") as url:
        asyncio.run(_migrate(url))
        yield url.rpartition("/")[2]


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    postgres_admin_url: str | None,
    migrated_sqlite_file: Path,
    migrated_postgres_template: str | None,
) -> Iterator[str]:
    """A new database for one test, on each backend: at the newest migration (as the bot leaves it on its first
    start) and with no rows."""
    yield from _new_database(
        request.param, tmp_path, postgres_admin_url, migrated_sqlite_file, migrated_postgres_template
    )


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path, postgres_admin_url: str | None) -> Iterator[str]:
    """A new, empty database, with no schema at all: for the tests of the migrations themselves."""
    yield from _new_database(request.param, tmp_path, postgres_admin_url, None, None)


def _new_database(
    backend: str, tmp_path: Path, admin_url: str | None, sqlite_file: Path | None, postgres_template: str | None
) -> Iterator[str]:
    """An SQLite file in the test's folder (a copy of `sqlite_file`, if given) or a PostgreSQL database (created
    from `postgres_template`, if given)."""
    if backend == "sqlite":
        path = tmp_path / "partnerbot.db"
        if sqlite_file is not None:
            shutil.copyfile(sqlite_file, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    yield from _postgres_database(admin_url, template=postgres_template)


@pytest.fixture
def postgresql_url(postgres_admin_url: str | None) -> Iterator[str]:
    """A new, empty PostgreSQL database, for what only a database server can do (lose a connection)."""
    yield from _postgres_database(postgres_admin_url)


class ServerLog:
    """What the root logger writes at INFO through the formatter a server process installs, line by line."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    def lines(self) -> list[str]:
        # splitlines also breaks at \x85, \u2028 and the like: every way a viewer could see a new line
        return self.stream.getvalue().splitlines()

    def text(self) -> str:
        return self.stream.getvalue()


@pytest.fixture
def server_log() -> Iterator[ServerLog]:
    """Put it before the adapter's fixture: the adapter sets its libraries' loggers to the level it finds."""
    log = ServerLog()
    handler = logging.StreamHandler(log.stream)
    handler.setLevel(logging.INFO)  # some libraries set DEBUG on their own loggers
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", []))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield log
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@pytest.fixture
def clock() -> FakeClock:
    # a Monday morning in Brussels, well before the example's Dialogue
    return FakeClock(datetime(2027, 2, 1, 8, 0, tzinfo=timezone.utc))


@lru_cache(maxsize=1)
def _example_runtime() -> Runtime:
    """The example working group on the bundled document, loaded once per test process: building the document's
    index is most of a runtime's set-up, and tests only read it."""
    return Runtime.load(Settings(config=EXAMPLE_CONFIG, document=["bundled"]))


def make_runtime(
    database_url: str, clock: FakeClock, config: Path = EXAMPLE_CONFIG, documents: list[str] | None = None
) -> Runtime:
    """A runtime of its own (database, clock, working group) for a test; the example's shares its knowledge."""
    settings = Settings(config=config, database_url=database_url, document=documents or ["bundled"])
    if config != EXAMPLE_CONFIG or settings.document != ["bundled"]:
        return Runtime.load(settings, clock)
    example = _example_runtime()
    return Runtime(
        settings=settings, knowledge=example.knowledge, workgroup=example.workgroup.model_copy(deep=True), clock=clock
    )


@pytest.fixture
async def runtime(database_url: str, clock: FakeClock) -> AsyncIterator[Runtime]:
    runtime = make_runtime(database_url, clock)
    yield runtime
    await runtime.close()


@pytest.fixture
def dispatcher(runtime: Runtime) -> Dispatcher:
    return Dispatcher(runtime)


def chat_as(dispatcher: Dispatcher, person_id: str) -> ConsoleChat:
    return ConsoleChat(dispatcher, person_id)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection built (the test modules, the bot's modules and their data) lives as long as the session:
    frozen, the garbage collector stops walking it at every full collection, a sixth of the quick loop's time."""
    gc.freeze()
