"""The HTTP server of a long-running process: a platform's routes, a body size limit, one log line per refusal,
and the operational routes of `bot.app.health` (/healthz, /readyz, /metrics).

Slack's and Telegram's endpoints face the internet, so what a stranger can make the server do is bounded
here, once for both: a body past the limit is refused with 413 before it is read whole, and a refused
request costs one warning line naming the method, the path, who sent it and why; never its body, which
may be a megabyte of forged log lines or a member's message. No access log: a line per request would
hold the request line and, at the bot's rate, crowd out what matters.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.app.health import add_health_routes

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

# A process that serves only the operational routes takes no bodies worth the name.
OPERATIONS_MAX_BODY = 64 * 1024


class Refused(Exception):
    """Raised by a route for a request it will not serve: answered with `status` and logged as one line."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def read_body(request: web.Request) -> bytes:
    """The request's body; Refused(413) past the server's limit, before reading it when its length says so."""
    limit = request.client_max_size
    if request.content_length is not None and request.content_length > limit:
        raise Refused(413, f"body of {request.content_length} bytes, over the limit of {limit}")
    try:
        return await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise Refused(413, f"body over the limit of {limit} bytes") from None


@web.middleware
async def _refusals(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except Refused as refused:
        log.warning(
            "refused %s %s from %s: %d %s", request.method, request.path, request.remote, refused.status, refused.reason
        )
        return web.Response(status=refused.status, text=refused.reason)


class HttpServer:
    """One aiohttp server: add the platform's routes to `app`, then `start`; `stop` closes it."""

    def __init__(self, runtime: Runtime, *, max_body: int, lease_holder: str | None = None) -> None:
        self.app = web.Application(client_max_size=max_body, middlewares=[_refusals])
        add_health_routes(self.app, runtime, lease_holder=lease_holder)
        self._runner: web.AppRunner | None = None

    async def start(self, port: int, host: str) -> int:
        """Listen on host:port and return the port bound (port 0 picks a free one)."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        return int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
