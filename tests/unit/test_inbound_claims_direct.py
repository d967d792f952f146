"""InboundClaims on a real database, case by case: batches larger than one statement, the same event twice,
and a failed write that every waiter hears of while the claims after it still land."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select, text

from storage import inbound, repo
from storage.db import Database
from storage.direct import DirectSql
from storage.inbound import InboundClaims
from storage.models import InboundEventRow

NOW = datetime(2027, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    await db.upgrade()
    try:
        yield db
    finally:
        await db.close()


async def stored(database: Database) -> set[tuple[str, str]]:
    async with database.session() as session:
        rows = (await session.execute(text("SELECT platform, dedupe_key FROM inbound_events"))).all()
    return {(str(platform), str(key)) for platform, key in rows}


class FailingOnce:
    """The real writer, failing its first write after a pause (so other claims queue meanwhile)."""

    def __init__(self, writer: DirectSql) -> None:
        self.writer = writer
        self.writes = 0
        self.resets = 0

    async def write(self, statement: str, parameters: list[object]) -> list[Any]:
        self.writes += 1
        if self.writes == 1:
            await asyncio.sleep(0.05)
            raise RuntimeError("the database went away")
        return await self.writer.write(statement, parameters)

    async def read(self, statement: str, parameters: list[object]) -> list[Any]:
        return await self.writer.read(statement, parameters)

    async def reset(self) -> None:
        self.resets += 1
        await self.writer.reset()

    async def close(self) -> None:
        await self.writer.close()


@pytest.mark.parametrize("batch", [1, 3, 7, 8])
async def test_claims_over_several_statements_are_each_new_once(
    database: Database, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(inbound, "MAX_BATCH", batch)
    keys = [f"Ev{i}" for i in range(7)]
    claims = InboundClaims(database)
    first = await asyncio.gather(*[claims.claim("slack", k, NOW) for k in keys])
    assert first == [True] * 7
    assert await stored(database) == {("slack", k) for k in keys}
    again = await asyncio.gather(*[claims.claim("slack", k, NOW) for k in keys], claims.claim("slack", "Ev7", NOW))
    assert again == [False] * 7 + [True]
    await claims.close()


async def test_the_same_event_twice_in_one_batch_is_new_once(database: Database) -> None:
    claims = InboundClaims(database)
    results = await asyncio.gather(
        claims.claim("slack", "Ev1", NOW),
        claims.claim("slack", "Ev1", NOW),
        claims.claim("telegram", "Ev1", NOW),
        claims.claim("slack", "Ev1", NOW),
    )
    assert results == [True, False, True, False]
    assert await stored(database) == {("slack", "Ev1"), ("telegram", "Ev1")}
    await claims.close()


async def test_a_failed_write_reaches_every_waiter_and_the_next_batch_lands(database: Database) -> None:
    claims = InboundClaims(database)
    writer = FailingOnce(database.direct)
    claims._writer = writer
    failing = [asyncio.ensure_future(claims.claim("slack", k, NOW)) for k in ("Ev1", "Ev2", "Ev1")]
    await asyncio.sleep(0.01)  # the first batch is being written: these wait for the next one
    later = [asyncio.ensure_future(claims.claim("slack", k, NOW)) for k in ("Ev3", "Ev1")]
    outcomes = await asyncio.gather(*failing, return_exceptions=True)
    assert [str(o) for o in outcomes] == ["the database went away"] * 3
    assert all(isinstance(o, RuntimeError) for o in outcomes)
    assert writer.resets == 1
    assert await asyncio.gather(*later) == [True, True]  # the failed batch stored nothing
    assert writer.writes == 2
    assert await stored(database) == {("slack", "Ev3"), ("slack", "Ev1")}
    await claims.close()


async def test_claims_write_one_batch_at_a_time_and_close_waits_for_it(database: Database) -> None:
    claims = InboundClaims(database)
    pending = [asyncio.ensure_future(claims.claim("slack", f"Ev{i}", NOW)) for i in range(5)]
    await asyncio.sleep(0)  # all five are waiting before the writer runs: one batch
    batcher = claims._batcher
    assert batcher is not None and not batcher.done()
    await claims.close()
    assert batcher.done()
    assert [p.result() for p in pending] == [True] * 5
    assert claims._batcher is batcher  # nothing new was started


async def test_an_idle_claims_closes_at_once(database: Database) -> None:
    claims = InboundClaims(database)
    await claims.close()
    assert claims._batcher is None
    assert await claims.claim("slack", "Ev1", NOW) is True
    first = claims._batcher
    assert await claims.claim("slack", "Ev2", NOW) is True  # a finished batcher is replaced
    assert claims._batcher is not first
    await claims.close()


async def test_a_cancelled_batch_does_not_fail_close(database: Database) -> None:
    """Shutting down cancels what is under way: closing afterwards must still succeed."""
    claims = InboundClaims(database)
    pending = asyncio.ensure_future(claims.claim("slack", "Ev1", NOW))
    await asyncio.sleep(0)
    assert claims._batcher is not None
    claims._batcher.cancel()
    pending.cancel()
    await claims.close()
    assert claims._batcher.cancelled()


async def test_the_claim_time_is_stored_as_the_column_stores_it(database: Database) -> None:
    claims = InboundClaims(database)
    assert await claims.claim("slack", "Ev1", NOW) is True
    await claims.close()
    async with database.session() as session:
        stored_at = await session.scalar(select(InboundEventRow.received_at))
    assert stored_at is not None
    assert stored_at.replace(tzinfo=stored_at.tzinfo or timezone.utc) == NOW
    async with database.session() as session:
        raw = await session.scalar(text("SELECT CAST(received_at AS VARCHAR) FROM inbound_events"))
    assert str(raw).startswith("2027-01-01 00:00:00")


async def test_a_claim_is_pruned_once_older_than_the_cut(database: Database) -> None:
    """Claims are written by the driver directly and pruned through the engine: the times must compare."""
    claims = InboundClaims(database)
    assert await claims.claim("slack", "Ev1", NOW) is True
    await claims.close()
    async with database.session() as session:
        assert await repo.prune_inbound(session, NOW - timedelta(seconds=1)) == 0
    async with database.session() as session:
        assert await repo.prune_inbound(session, NOW + timedelta(seconds=1)) == 1
    assert await stored(database) == set()
