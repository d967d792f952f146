"""De-duplication of inbound events: each event is new exactly once, across batches and processes."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import psycopg
import pytest
from sqlalchemy import text

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
            await session.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        with pytest.raises(psycopg.OperationalError):
            await database.inbound.claim("slack", "Ev2", NOW)
        assert await database.inbound.claim("slack", "Ev1", NOW) is False
        assert await database.inbound.claim("slack", "Ev2", NOW) is True
    finally:
        await database.close()
