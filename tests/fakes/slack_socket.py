"""The fake Slack Web API plus Socket Mode: `apps.connections.open` and the WebSocket it hands out.

Why: `partnerbot serve slack` without `--http` receives everything over Slack's Socket Mode,
through slack_sdk's aiohttp SocketModeClient driven by slack_bolt's AsyncSocketModeHandler. A
test of that path needs a server that speaks the protocol the way Slack does
(https://docs.slack.dev/apis/events-api/using-socket-mode/):

- `apps.connections.open`, called with the app-level token (`xapp-…`), answers a one-time
  `ws://…/link/?ticket=…&app_id=…` URL. A wrong app token is `invalid_auth`, none is
  `not_authed`, and a bot token there (or the app token anywhere else) is
  `not_allowed_token_type`, as Slack answers.
- On connecting, the server says `{"type": "hello", …}`; `debug_reconnects=true` in the URL
  shortens the announced connection time to 360 s, as Slack does. WebSocket pings are answered.
- Events go out as envelopes (`{"envelope_id", "type": "events_api", "payload", …}`), and the
  client acknowledges each with `{"envelope_id": …}`. Acks are recorded with their time; an ack
  for an envelope never sent, or a second ack of one, is kept apart (`stray_acks`), so a test can
  insist there is none.
- `{"type": "disconnect", "reason": "refresh_requested"}` asks the client to open a new
  connection (through a new `apps.connections.open`); no envelope is sent on a connection that
  was told to go.

Typical use::

    async with FakeSlackSocketMode(app_token="xapp-1-test", expected_token="xoxb-test") as slack:
        ... start the app with slack.url and the app token ...
        await slack.wait_connected()
        envelope_id = await slack.send_event(event_callback_body)
        ack = await slack.wait_ack(envelope_id)
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.slack_api import FakeSlackApi

__all__ = ["Ack", "FakeSlackSocketMode", "SocketConnection"]

APPS_CONNECTIONS_OPEN = "apps.connections.open"
APP_ID = "A0PARTNER"
HOST = "applink-fake-1"
# what Slack's hello announces as the connection's lifetime, in seconds: some hours, or 360 with debug_reconnects
CONNECTION_SECONDS = 18060
DEBUG_RECONNECT_SECONDS = 360


@dataclass(frozen=True)
class Ack:
    """One acknowledgement the client sent back: what it said and when (time.time())."""

    envelope_id: str | None
    message: dict[str, Any]
    at: float


@dataclass
class SocketConnection:
    """One WebSocket a client opened with a ticket, and what went over it."""

    ticket: str
    debug_reconnects: bool
    socket: web.WebSocketResponse
    sent: list[dict[str, Any]] = field(default_factory=list)
    told_to_go: bool = False

    @property
    def open(self) -> bool:
        return not self.socket.closed and not self.told_to_go


class FakeSlackSocketMode(FakeSlackApi):
    """FakeSlackApi serving Socket Mode as well; `app_token` is the only app-level token it takes."""

    def __init__(self, *, app_token: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.app_token = app_token
        self.connections: list[SocketConnection] = []
        """Every WebSocket opened, oldest first."""
        self.acks: dict[str, Ack] = {}
        """The first ack of each envelope sent, by envelope id."""
        self.stray_acks: list[Ack] = []
        """Acks of envelopes never sent, second acks, and messages that are no ack at all."""
        self.envelopes: dict[str, dict[str, Any]] = {}
        """Every envelope sent, by envelope id, with the time it went out under "sent_at"."""
        self._tickets: set[str] = set()
        self._ids = itertools.count(1)
        self._socket_pulse = asyncio.Event()

    # -- the test's side --------------------------------------------------------

    async def wait_connected(self, count: int = 1, timeout: float = 10.0) -> SocketConnection:
        """Wait until `count` connections have been opened in all; returns the newest one still open."""
        await self.wait_until(lambda: len(self.connections) >= count and self._current() is not None, timeout)
        current = self._current()
        assert current is not None
        return current

    async def send_event(self, body: dict[str, Any], *, retry_attempt: int = 0, retry_reason: str = "") -> str:
        """An Events API callback body (`"type": "event_callback"`) sent as in Socket Mode; its envelope id."""
        return await self.send_envelope("events_api", body, retry_attempt=retry_attempt, retry_reason=retry_reason)

    async def send_envelope(self, kind: str, payload: dict[str, Any], **extra: Any) -> str:
        """Any envelope (`events_api`, `slash_commands`, `interactive`) on the newest open connection."""
        connection = self._current()
        if connection is None:
            raise AssertionError("FakeSlackSocketMode: no open connection to send on")
        envelope_id = f"{next(self._ids):08d}-fake-envelope"
        message = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": kind != "events_api",
            **extra,
        }
        self.envelopes[envelope_id] = {**message, "sent_at": time.time()}
        await self._send(connection, message)
        return envelope_id

    async def wait_ack(self, envelope_id: str, timeout: float = 3.0) -> Ack:
        """The ack of an envelope; Slack counts one not acknowledged within 3 seconds as failed."""
        if envelope_id not in self.envelopes:
            raise AssertionError(f"FakeSlackSocketMode: no envelope {envelope_id} was sent")
        await self.wait_until(lambda: envelope_id in self.acks, timeout)
        return self.acks[envelope_id]

    async def disconnect(self, reason: str = "refresh_requested") -> SocketConnection:
        """Tell the client on the newest open connection to go; it is sent nothing more."""
        connection = self._current()
        if connection is None:
            raise AssertionError("FakeSlackSocketMode: no open connection to disconnect")
        await self._send(connection, {"type": "disconnect", "reason": reason, "debug_info": {"host": HOST}})
        connection.told_to_go = True
        return connection

    # -- serving ------------------------------------------------------------------

    def _build_app(self) -> web.Application:
        app = super()._build_app()
        app.router.add_get("/link/", self._link)
        return app

    async def _handle(self, request: web.Request) -> web.Response:
        """apps.connections.open takes only the app token, and the app token opens nothing else."""
        method = request.match_info["method"]
        auth = request.headers.get("Authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        if method != APPS_CONNECTIONS_OPEN:
            if token is not None and token.startswith("xapp-"):
                return self._refused(method, token, "not_allowed_token_type", request.method)
            return await super()._handle(request)
        if token is None:
            return self._refused(method, token, "not_authed", request.method)
        if not token.startswith("xapp-"):
            return self._refused(method, token, "not_allowed_token_type", request.method)
        if token != self.app_token:
            return self._refused(method, token, "invalid_auth", request.method)
        ticket = f"{next(self._ids):08x}-fake-ticket"
        self._tickets.add(ticket)
        self._record(method, {}, token=token, failed=False, http_method=request.method)
        host = f"{self.origin.removeprefix('http://')}"
        return web.json_response({"ok": True, "url": f"ws://{host}/link/?ticket={ticket}&app_id={APP_ID}"})

    def _refused(self, method: str, token: str | None, error: str, http_method: str) -> web.Response:
        self._record(method, {}, token=token, failed=True, http_method=http_method)
        return web.json_response({"ok": False, "error": error})

    async def _link(self, request: web.Request) -> web.StreamResponse:
        """One WebSocket per ticket, each ticket once: a client must ask apps.connections.open for every connection."""
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            return web.Response(status=401, text="invalid ticket")
        self._tickets.discard(ticket)
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        debug = request.query.get("debug_reconnects") == "true"
        connection = SocketConnection(ticket=ticket, debug_reconnects=debug, socket=socket)
        self.connections.append(connection)
        self._pulse()
        await self._send(
            connection,
            {
                "type": "hello",
                "num_connections": sum(1 for c in self.connections if not c.socket.closed),
                "debug_info": {
                    "host": HOST,
                    "build_number": 1,
                    "approximate_connection_time": DEBUG_RECONNECT_SECONDS if debug else CONNECTION_SECONDS,
                },
                "connection_info": {"app_id": APP_ID},
            },
        )
        try:
            async for frame in socket:
                if frame.type == WSMsgType.TEXT:
                    self._take_ack(frame.data)
        finally:
            self._pulse()
        return socket

    def _take_ack(self, data: str) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            message = {"unparsed": data}
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        ack = Ack(envelope_id=envelope_id, message=message if isinstance(message, dict) else {}, at=time.time())
        if isinstance(envelope_id, str) and envelope_id in self.envelopes and envelope_id not in self.acks:
            self.acks[envelope_id] = ack
        else:
            self.stray_acks.append(ack)
        self._pulse()

    async def _send(self, connection: SocketConnection, message: dict[str, Any]) -> None:
        connection.sent.append(message)
        await connection.socket.send_str(json.dumps(message))

    def _current(self) -> SocketConnection | None:
        return next((c for c in reversed(self.connections) if c.open), None)

    def _pulse(self) -> None:
        pulse, self._socket_pulse = self._socket_pulse, asyncio.Event()
        pulse.set()

    async def wait_until(self, ready: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until `ready()` holds, looked at again after each connection and each message from a client."""
        try:
            async with asyncio.timeout(timeout):
                while not ready():
                    await self._socket_pulse.wait()
        except TimeoutError:
            raise AssertionError(
                f"FakeSlackSocketMode: not within {timeout}s; connections: {len(self.connections)}, "
                f"acks: {list(self.acks)}, stray acks: {self.stray_acks}"
            ) from None

    def _on_stopping(self) -> None:
        for connection in self.connections:
            connection.told_to_go = True
