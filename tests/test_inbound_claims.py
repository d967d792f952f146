"""De-duplication of inbound events: each event is new exactly once, across batches and processes."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timezone
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from bot.app.dispatcher import Dispatcher
from bot.model import Actor, Conversation, Inbound, Platform
from bot.runtime import Runtime
from storage import direct
from storage.db import Database

NOW = datetime(2027, 1, 1, tzinfo=timezone.utc)


async def test_each_event_is_new_exactly_once(database_url: str) -> None:
    first, second = Database(database_url), Database(database_url)  # two processes' worth of engines
    try:
        await first.upgrade()
        one, other = first.inbound, second.inbound
        keys = [f"Ev{i}" for i in range(40)]
        results = await asyncio.gather(
            *[one.claim("slack", k, NOW) for k in keys],
            *[other.claim("slack", k, NOW) for k in keys],
            one.claim("slack", "Ev3", NOW),  # the same event twice in one batch
        )
        wins = {k: 0 for k in keys}
        for key, new in zip(keys + keys + ["Ev3"], results, strict=True):
            wins[key] += new
        assert set(wins.values()) == {1}
        assert await one.claim("telegram", "Ev3", NOW) is True  # keys are per platform
        assert await other.claim("slack", "Ev3", NOW) is False
    finally:
        await first.close()
        await second.close()


async def test_a_claim_after_a_lost_connection_takes_a_fresh_one(postgresql_url: str) -> None:
    """A restarted PostgreSQL drops the claims connection: that batch fails (its event is answered with an
    apology by the dispatcher), and the next claims on a new connection, remembering what came before."""
    database = Database(postgresql_url)
    try:
        assert await database.inbound.claim("slack", "Ev1", NOW) is True
        async with database.session() as session:
            await session.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        with pytest.raises(psycopg.OperationalError):
            await database.inbound.claim("slack", "Ev2", NOW)
        assert await database.inbound.claim("slack", "Ev1", NOW) is False
        assert await database.inbound.claim("slack", "Ev2", NOW) is True
    finally:
        await database.close()


@pytest.mark.slow
async def test_a_sqlite_claim_waits_for_another_process_without_blocking_the_loop(tmp_path: Path) -> None:
    """The claim runs on the loop's thread, so while another process holds the write lock it must wait
    asynchronously (SQLite says "busy" at once), not in SQLite's busy handler, and then land. The other process
    holds the lock until told to let go: the claim cannot finish before, however fast or slow the machine."""
    path = tmp_path / "partnerbot.db"
    database = Database(f"sqlite+aiosqlite:///{path}")
    try:
        await database.upgrade()
        holder = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            HOLD_WRITE_LOCK,
            str(path),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert holder.stdin is not None and holder.stdout is not None
        assert await holder.stdout.readline() == b"holding\n"
        claim = asyncio.create_task(database.inbound.claim("slack", "Ev1", NOW))
        turns = 0
        while turns < 100:  # the loop keeps turning while the claim waits: had it blocked, none of these would run
            await asyncio.sleep(0.001)
            turns += 1
            assert not claim.done()  # it waits for the other process
        holder.stdin.write(b"let go\n")
        await holder.stdin.drain()
        assert await holder.stdout.readline() == b"committed\n"
        assert await claim is True  # and lands once the lock is free
        assert await holder.wait() == 0
        assert await database.inbound.claim("slack", "Ev1", NOW) is False
    finally:
        await database.close()


HOLD_WRITE_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()
connection.execute("COMMIT")
print("committed", flush=True)
"""


@pytest.mark.parametrize("every", [10, 10_000])
async def test_sqlite_claims_checkpoint_the_wal_so_it_stays_small(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every: int
) -> None:
    """The claims connection never checkpoints on its own; without the periodic checkpoint its WAL would only grow."""
    monkeypatch.setattr(direct, "CHECKPOINT_EVERY", every)
    path = tmp_path / "partnerbot.db"
    database = Database(f"sqlite+aiosqlite:///{path}")
    try:
        await database.inbound.claim("slack", "Ev-first", NOW)  # the schema is made: its writes are the WAL's start
        after_schema = Path(f"{path}-wal").stat().st_size // 4096
        for n in range(400):
            await database.inbound.claim("slack", f"Ev{n:04d}-" + "x" * 100, NOW)
        wal_pages = Path(f"{path}-wal").stat().st_size // 4096
    finally:
        await database.close()
    if every == 10:
        assert wal_pages < max(after_schema, 50) + 50  # checkpoints let the WAL be reused from its start
    else:
        assert wal_pages > 300  # what the checkpoints keep it from


async def test_when_the_claim_fails_the_user_gets_an_apology_and_the_bot_goes_on(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    """A database that cannot take the claim must not leave the question unanswered in silence."""
    dispatcher = Dispatcher(runtime)
    database = await runtime.database()
    async with database.session() as session:
        await session.execute(text("DROP TABLE inbound_events"))

    def question(key: str | None) -> Inbound:
        return Inbound(
            platform=Platform.SLACK,
            dedupe_key=key,
            actor=Actor(user_id="U0MEMBER1"),
            conversation=Conversation(id="D1", is_direct=True),
            text="what is FIMI",
            received_at=NOW,
        )

    [apology] = await dispatcher.handle(question("Ev1"))
    assert apology.intent == "error"
    assert "inbound_events" in caplog.text  # the cause is logged
    [answer] = await dispatcher.handle(question(None))  # an event that needs no claim is still answered
    assert answer.intent == "glossary"
