"""/healthz, /readyz and /metrics over real HTTP, from the server every HTTP process runs (bot.app.http_server),
on both databases: readiness follows the schema's migration, and the database's gauges follow its rows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
import pytest
from sqlalchemy import text, update

from bot.app.http_server import OPERATIONS_MAX_BODY, HttpServer
from bot.clock import FakeClock
from bot.runtime import Runtime
from storage import repo
from storage.db import head_revision
from storage.models import ConversationRow, DeliveryRow, LeaseRow
from tests.conftest import make_runtime
from tests.scrape import Samples, scrape

HERE = "host-a:4242:abc123"  # the scheduler's holder name in this process


@dataclass
class Server:
    url: str
    http: aiohttp.ClientSession

    async def get(self, path: str) -> tuple[int, str]:
        async with self.http.get(f"{self.url}{path}") as response:
            return response.status, await response.text()

    async def metrics(self) -> Samples:
        return await scrape(self.http, self.url)


async def serve(runtime: Runtime) -> AsyncIterator[Server]:
    server = HttpServer(runtime, max_body=OPERATIONS_MAX_BODY, lease_holder=HERE)
    port = await server.start(0, "127.0.0.1")
    try:
        async with aiohttp.ClientSession() as http:
            yield Server(f"http://127.0.0.1:{port}", http)
    finally:
        await server.stop()


@pytest.fixture
async def server(runtime: Runtime) -> AsyncIterator[Server]:
    async for running in serve(runtime):
        yield running


async def test_healthz_answers_while_the_loop_runs_whatever_the_database(server: Server) -> None:
    assert await server.get("/healthz") == (200, "ok")


async def test_readyz_is_503_until_the_schema_is_at_the_head_migration(
    empty_database_url: str, clock: FakeClock
) -> None:
    runtime = make_runtime(empty_database_url, clock)
    try:
        async for server in serve(runtime):
            await _readiness_follows_the_migration(server, runtime)
    finally:
        await runtime.close()


async def _readiness_follows_the_migration(server: Server, runtime: Runtime) -> None:
    status, reason = await server.get("/readyz")
    assert (
        status == 503
        and reason == f"database has no schema yet (needs migration {head_revision()}: partnerbot db upgrade)"
    )
    database = await runtime.database()  # migrates
    assert await server.get("/readyz") == (200, "ready")

    async with database.engine.begin() as connection:  # as if an older version of the bot had migrated it
        await connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    status, reason = await server.get("/readyz")
    assert status == 503 and reason == f"database schema is at migration 0001, this version needs {head_revision()}"
    assert "\n" not in reason


async def test_readyz_is_503_with_one_line_when_the_database_is_unreachable(clock: FakeClock) -> None:
    runtime = make_runtime("postgresql+psycopg://nobody@127.0.0.1:1/nowhere", clock)
    try:
        async for server in serve(runtime):
            status, reason = await server.get("/readyz")
            assert status == 503 and reason.startswith("database unreachable: ") and "\n" not in reason
            assert await server.get("/healthz") == (200, "ok")
            samples = await server.metrics()  # the process's own metrics still; none of the database's
            assert (
                samples.labels_of("partnerbot_deliveries") == []
                and ("process_cpu_seconds_total", frozenset()) in samples
            )
    finally:
        await runtime.close()


async def test_the_gauges_match_the_rows_of_the_database(server: Server, runtime: Runtime, clock: FakeClock) -> None:
    database = await runtime.database()
    now = clock.now()
    async with database.session() as session:
        for n, status in enumerate(["claimed", "claimed", "sent", "failed", "failed", "failed"]):
            session.add(
                DeliveryRow(
                    key=f"k{n}",
                    kind="prompt",
                    meeting_id="sdd-2027",
                    recipient="kim",
                    status=status,
                    attempts=1,
                    claimed_at=now,
                )
            )
        database_now = await repo.database_now(session)  # leases are timed on the database's clock
        session.add(
            LeaseRow(name="scheduler", holder="host-b:7:def456", expires_at=database_now + timedelta(seconds=90))
        )
        session.add(LeaseRow(name="retired", holder="host-c:9:000000", expires_at=database_now - timedelta(seconds=1)))
        for is_open in (True, True, False):
            session.add(
                ConversationRow(
                    person_id="kim",
                    platform="slack",
                    channel="D1",
                    kind="update",
                    state={},
                    open=is_open,
                    created_at=now,
                    updated_at=now,
                    expires_at=now,
                )
            )

    samples = await server.metrics()
    assert {state: samples.value("partnerbot_deliveries", state=state) for state in ("claimed", "sent", "failed")} == {
        "claimed": 2,
        "sent": 1,
        "failed": 3,
    }
    assert samples.labels_of("partnerbot_lease_holder") == [
        {"lease": "scheduler", "holder": "host-b:7:def456"}
    ]  # the expired one is held by nobody
    assert samples.value("partnerbot_lease_held_by_this_process", lease="scheduler") == 0
    assert samples.value("partnerbot_open_conversations") == 2

    async with database.session() as session:
        await session.execute(update(LeaseRow).values(holder=HERE))
        session.add(
            DeliveryRow(
                key="k9",
                kind="digest",
                meeting_id="sdd-2027",
                recipient="mueller",
                status="sent",
                attempts=1,
                claimed_at=now,
            )
        )
    samples = await server.metrics()
    assert samples.value("partnerbot_lease_held_by_this_process", lease="scheduler") == 1
    assert samples.value("partnerbot_deliveries", state="sent") == 2
