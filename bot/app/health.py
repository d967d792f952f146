"""/healthz, /readyz and /metrics: how a deployment probes a process and reads what it is doing.

Every HTTP process serves the same three routes (`serve slack --http`, `serve telegram --webhook`,
`scheduler --port`), written once here:

- /healthz: 200 while the event loop runs; a process that fails it is stuck and should be restarted.
- /readyz: 200 only when the database answers and its schema is at the migration this code expects
  (Alembic's head); otherwise 503 with a one-line reason. A process that is not ready should get no
  traffic: its queries would fail, or write to a schema it does not know.
- /metrics: Prometheus's text format (bot.metrics).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from bot.runtime import Runtime
    from storage.gauges import StoredCounts

log = logging.getLogger(__name__)

# A probe that waits longer than this on the database learns that it is not ready.
DATABASE_TIMEOUT_SECONDS = 5.0
_DATABASE_ERRORS = (SQLAlchemyError, OSError, TimeoutError)


def add_health_routes(app: web.Application, runtime: Runtime, *, lease_holder: str | None = None) -> None:
    """`lease_holder`: the scheduler's holder name when this process runs one, so /metrics can say whether it leads."""
    probes = _Probes(runtime, lease_holder)
    app.router.add_get("/healthz", probes.healthz)
    app.router.add_get("/readyz", probes.readyz)
    app.router.add_get("/metrics", probes.metrics)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


async def not_ready_because(runtime: Runtime) -> str | None:
    """Why the process should not get traffic, in one line; None when it is ready."""
    from storage.db import head_revision

    try:
        current = await asyncio.wait_for(runtime.open_database().revision(), DATABASE_TIMEOUT_SECONDS)
    except TimeoutError:
        return f"database did not answer within {DATABASE_TIMEOUT_SECONDS:g} s"
    except _DATABASE_ERRORS as error:
        return f"database unreachable: {_first_line(error)}"
    head = head_revision()
    if current is None:
        return f"database has no schema yet (needs migration {head}: partnerbot db upgrade)"
    if current != head:
        return f"database schema is at migration {current}, this version needs {head}"
    return None


class _Probes:
    def __init__(self, runtime: Runtime, lease_holder: str | None) -> None:
        self.runtime = runtime
        self.lease_holder = lease_holder

    async def healthz(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def readyz(self, request: web.Request) -> web.Response:
        reason = await not_ready_because(self.runtime)
        if reason is None:
            return web.Response(text="ready")
        return web.Response(status=503, text=reason)

    async def metrics(self, request: web.Request) -> web.Response:
        from bot.metrics import CONTENT_TYPE

        counts = await self._stored_counts()
        body = self.runtime.metrics.exposition(counts, lease_holder=self.lease_holder)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    async def _stored_counts(self) -> StoredCounts | None:
        """The database's gauges, or None (and one warning line) when it cannot be read."""
        from storage.gauges import read_counts

        reason = await not_ready_because(self.runtime)
        if reason is not None:
            log.warning("metrics without the database's gauges: %s", reason)
            return None

        async def read() -> StoredCounts:
            async with self.runtime.open_database().engine.connect() as connection:
                return await read_counts(connection)

        try:
            return await asyncio.wait_for(read(), DATABASE_TIMEOUT_SECONDS)
        except _DATABASE_ERRORS as error:
            log.warning("metrics without the database's gauges: %s", _first_line(error))
            return None
