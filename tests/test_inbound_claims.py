"""De-duplication of inbound events: each event is new exactly once, across batches and processes."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from storage.db import Database
from storage.inbound import InboundClaims

NOW = datetime(2027, 1, 1, tzinfo=timezone.utc)


async def test_each_event_is_new_exactly_once(database_url: str) -> None:
    first, second = Database(database_url), Database(database_url)  # two processes' worth of engines
    try:
        await first.upgrade()
        one, other = InboundClaims(first), InboundClaims(second)
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
