"""A local fake of the Slack Web API for tests.

Why a fake server instead of mocks: partnerbot talks to Slack through the real
``slack_sdk`` / ``slack_bolt`` clients, and most bugs live in how we *use* those
clients (which method, which parameters, JSON vs. form encoding, retries on
HTTP 429).  Mocking the client would hide exactly those bugs.  This module
starts a tiny ``aiohttp.web`` server on ``127.0.0.1`` (ephemeral port) that
speaks the Slack Web API wire format, so the real client does real HTTP and the
test inspects what actually went over the wire.

The module also holds the platform-neutral machinery shared with
:mod:`tests.fakes.telegram_api` (:class:`RecordedCall`, :class:`FakeHttpApi`,
request decoding), because the brief for this package only allows the two
fake modules; the Telegram fake imports it from here.

Typical use::

    async with FakeSlackApi() as api:
        client = AsyncWebClient(token="xoxb-test", base_url=api.url)
        await client.chat_postMessage(channel="C1", text="hi")
        assert api.messages("C1")[0]["text"] == "hi"
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.parse
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web

__all__ = [
    "FakeHttpApi",
    "FakeSlackApi",
    "InjectedFailure",
    "RecordedCall",
    "block_kit_errors",
    "decode_request_params",
]


# --------------------------------------------------------------------------
# Shared machinery (also used by tests.fakes.telegram_api)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedCall:
    """One API call as the fake server saw it on the wire.

    Frozen so that tests cannot accidentally rewrite history while asserting.

    Attributes:
        method: API method name, e.g. ``"chat.postMessage"`` or ``"sendMessage"``.
        params: Decoded parameters (query + body, nested JSON strings decoded).
        at: Wall-clock time (``time.time()``) when the request was received;
            differences between calls measure client back-off.
        token: Auth token seen (Slack: ``Authorization: Bearer`` header or
            ``token`` param; Telegram: the token in the URL path).
        failed: True when the call was answered by an injected failure
            (:meth:`FakeHttpApi.fail_next`) or by a validation error.
        http_method: ``"GET"`` or ``"POST"``; slack_sdk uses GET for a few
            methods such as ``users.info``.
    """

    method: str
    params: dict[str, Any]
    at: float
    token: str | None = None
    failed: bool = False
    http_method: str = "POST"


@dataclass
class InjectedFailure:
    """A failure queued by :meth:`FakeHttpApi.fail_next` for one call.

    ``status=None`` means "the platform's usual status for this kind of
    failure" (429 for rate limits, 200 for Slack errors, 400 for Telegram).
    """

    status: int | None
    retry_after: int
    error: str | None


# Parameters that carry free text: never JSON-decode them, even when a user
# literally types "[1, 2]" or "{}" as a message.
_FREE_TEXT_KEYS = frozenset(
    {
        "text",
        "caption",
        "markdown_text",
        "alt_text",
        "title",
        "description",
        "short_description",
        "question",
        "explanation",
        "name",
        "query",
        "fallback",
    }
)


def _maybe_json(key: str, value: Any) -> Any:
    """Decode ``value`` if it is a JSON object/array sent as a string.

    Why: Slack ``blocks``/``attachments``/``view`` and Telegram
    ``reply_markup``/``commands`` often travel as JSON *strings* inside a form
    body; tests want to assert on the structure, not on the serialisation.
    """
    if not isinstance(value, str) or key in _FREE_TEXT_KEYS:
        return value
    stripped = value.strip()
    if not stripped or stripped[0] not in "[{":
        return value
    try:
        return json.loads(stripped)
    except ValueError:
        return value


async def decode_request_params(request: web.Request) -> dict[str, Any]:
    """Merge query string and body parameters of ``request`` into one dict.

    Handles JSON bodies, ``application/x-www-form-urlencoded`` bodies (also
    when a client mislabels a JSON body), multipart bodies (file parts become
    ``{"filename", "content_type", "data"}`` dicts) and query strings, then
    JSON-decodes nested JSON strings.  Body values win over query values.
    """
    params: dict[str, Any] = dict(request.query)
    ctype = request.content_type
    if ctype.startswith("multipart/"):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = {
                    "filename": value.filename,
                    "content_type": value.content_type,
                    "data": value.file.read(),
                }
            else:
                params[key] = value
    else:
        raw = await request.read()
        if raw:
            text = raw.decode("utf-8", "replace")
            body: Any = None
            if ctype == "application/json" or text.lstrip()[:1] == "{":
                try:
                    body = json.loads(text)
                except ValueError:
                    body = None
            if isinstance(body, dict):
                params.update(body)
            else:
                params.update(urllib.parse.parse_qsl(text, keep_blank_values=True))
    return {key: _maybe_json(key, value) for key, value in params.items()}


class FakeHttpApi:
    """Base class: lifecycle, call recording, waiting and failure injection.

    Subclasses implement :meth:`_build_app` (routes) and the platform-specific
    failure body (:meth:`_failure_response`).  The server binds to
    ``127.0.0.1`` port 0 so parallel test runs never collide.
    """

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        """Prepare (but do not start) the server; call :meth:`start` or use ``async with``."""
        self._host = host
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self.calls: list[RecordedCall] = []
        """Every call received, in arrival order, including failed ones."""
        self._failures: dict[str, deque[InjectedFailure]] = {}
        # "Pulse" event: replaced by a fresh Event every time a call is recorded,
        # so waiters never miss a wake-up and nobody has to clear() it.
        self._call_pulse = asyncio.Event()

    # -- lifecycle ---------------------------------------------------------

    def _build_app(self) -> web.Application:
        """Return the aiohttp application with the platform's routes."""
        raise NotImplementedError

    def _failure_response(self, failure: InjectedFailure) -> web.Response:
        """Render an injected failure in the platform's error shape."""
        raise NotImplementedError

    async def start(self) -> Self:
        """Bind to an ephemeral port and start serving. Returns ``self``."""
        if self._runner is not None:
            raise RuntimeError(f"{type(self).__name__} is already started")
        # Short shutdown timeout: a hung long-poll must never stall test teardown.
        runner = web.AppRunner(self._build_app(), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._requested_port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        # runner.addresses reads the bound address back from the site's server sockets.
        self._port = int(runner.addresses[0][1])
        self._runner = runner
        return self

    async def stop(self) -> None:
        """Stop serving and release the port. Safe to call twice."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self._on_stopping()
        await runner.cleanup()

    def _on_stopping(self) -> None:
        """Hook to wake long-running handlers (e.g. long polls) before cleanup."""

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._runner is not None

    @property
    def port(self) -> int:
        """The TCP port actually bound (only valid once started)."""
        if self._port is None:
            raise RuntimeError(f"{type(self).__name__} is not started; use `async with` or start()")
        return self._port

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://{self._host}:{self.port}"

    # -- recording ---------------------------------------------------------

    def _record(
        self,
        method: str,
        params: dict[str, Any],
        *,
        token: str | None,
        failed: bool,
        http_method: str,
        at: float | None = None,
    ) -> RecordedCall:
        """Append a call to :attr:`calls` and wake every :meth:`wait_for` waiter."""
        call = RecordedCall(
            method=method,
            params=params,
            at=time.time() if at is None else at,
            token=token,
            failed=failed,
            http_method=http_method,
        )
        self.calls.append(call)
        pulse, self._call_pulse = self._call_pulse, asyncio.Event()
        pulse.set()
        return call

    def calls_to(self, method: str) -> list[RecordedCall]:
        """All recorded calls of ``method`` (failed ones included), oldest first."""
        return [call for call in self.calls if call.method == method]

    def methods_called(self) -> list[str]:
        """Method names of all recorded calls, in order; handy in assertion messages."""
        return [call.method for call in self.calls]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[RecordedCall]:
        """Wait until at least ``count`` calls of ``method`` were recorded.

        Why: bot code often answers in a background task, so the test cannot
        assert right after feeding an event.  Waits on an event, no sleep loop.

        Returns:
            All recorded calls of ``method`` (at least ``count``).

        Raises:
            AssertionError: on timeout, listing what *was* called.
        """
        try:
            async with asyncio.timeout(timeout):
                while len(self.calls_to(method)) < count:
                    await self._call_pulse.wait()
        except TimeoutError:
            seen = len(self.calls_to(method))
            raise AssertionError(
                f"{type(self).__name__}: expected >= {count} call(s) to {method!r} within "
                f"{timeout}s, got {seen}. Recorded methods: {self.methods_called()}"
            ) from None
        return self.calls_to(method)

    def reset_calls(self) -> None:
        """Forget recorded calls (state such as users or messages is kept)."""
        self.calls.clear()

    # -- failure injection -------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        retry_after: int = 1,
        error: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail.

        Without ``error``: the platform's rate-limit answer (HTTP 429 with
        ``retry_after`` seconds).  With ``error``: the platform's error answer
        carrying that error string.  ``status`` overrides the HTTP status (e.g.
        ``status=500`` for a server error, ``status=403`` for Telegram
        "Forbidden"); ``None`` means the platform default.  Failures queue up
        in order across repeated calls.
        """
        if times < 1:
            raise ValueError("times must be >= 1")
        queue = self._failures.setdefault(method, deque())
        for _ in range(times):
            queue.append(InjectedFailure(status=status, retry_after=retry_after, error=error))

    def _take_failure(self, method: str) -> InjectedFailure | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        return queue.popleft()

    def pending_failures(self, method: str) -> int:
        """How many injected failures for ``method`` have not fired yet."""
        return len(self._failures.get(method, ()))


# --------------------------------------------------------------------------
# Slack
# --------------------------------------------------------------------------


def _tz_offset_seconds(tz: str) -> int:
    """Current UTC offset of IANA zone ``tz`` in seconds (0 if unknown)."""
    try:
        offset = datetime.now(UTC).astimezone(ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds()) if offset is not None else 0


def _slack_json(payload: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(payload, status=status, headers=headers)


# --------------------------------------------------------------------------
# Slack's limits, checked as Slack checks them (https://api.slack.com/reference/block-kit)
# --------------------------------------------------------------------------

MAX_TEXT_CHARS = 40_000  # chat.postMessage `text`: longer answers msg_too_long
MAX_MESSAGE_BLOCKS = 50  # a message; a view (App Home, modal) takes 100
MAX_VIEW_BLOCKS = 100
# (block type, field) -> most characters Slack takes in that text object
_TEXT_LIMITS = {"section": 3000, "header": 150, "context": 3000}
_MAX_FIELDS, _MAX_FIELD_CHARS = 10, 2000
_MAX_ACTIONS, _MAX_CONTEXT_ELEMENTS = 25, 10
_MAX_BUTTON_TEXT, _MAX_BUTTON_VALUE, _MAX_ID_CHARS, _MAX_URL_CHARS = 75, 2000, 255, 3000


def _length_error(value: Any, most: int, pointer: str, *, least: int = 1) -> list[str]:
    """Slack's wording for a string out of bounds: "must be less than N+1 characters [json-pointer:...]"."""
    if not isinstance(value, str):
        return [f"must provide a string [json-pointer:{pointer}]"]
    if len(value) > most:
        return [f"must be less than {most + 1} characters [json-pointer:{pointer}]"]
    if len(value) < least:
        return [f"must be more than {least - 1} characters [json-pointer:{pointer}]"]
    return []


def _items_error(items: Any, most: int, pointer: str) -> list[str]:
    if not isinstance(items, list):
        return [f"must provide an array [json-pointer:{pointer}]"]
    return [f"no more than {most} items allowed [json-pointer:{pointer}]"] if len(items) > most else []


def _text_object_errors(obj: Any, most: int, pointer: str) -> list[str]:
    if not isinstance(obj, dict):
        return [f"must provide an object [json-pointer:{pointer}]"]
    return _length_error(obj.get("text"), most, f"{pointer}/text")


def _element_errors(element: Any, pointer: str) -> list[str]:
    """A button's label, value, action_id and url, as Slack bounds them; other elements pass."""
    if not isinstance(element, dict) or element.get("type") != "button":
        return []
    errors = _text_object_errors(element.get("text"), _MAX_BUTTON_TEXT, f"{pointer}/text")
    for key, most in (("value", _MAX_BUTTON_VALUE), ("action_id", _MAX_ID_CHARS), ("url", _MAX_URL_CHARS)):
        if key in element:
            errors += _length_error(element[key], most, f"{pointer}/{key}")
    return errors


def _block_errors(block: Any, pointer: str) -> list[str]:
    if not isinstance(block, dict) or not isinstance(block.get("type"), str):
        return [f"missing required field: type [json-pointer:{pointer}]"]
    kind = block["type"]
    errors = _length_error(block["block_id"], _MAX_ID_CHARS, f"{pointer}/block_id") if "block_id" in block else []
    if kind in ("section", "header") and ("text" in block or kind == "header"):
        errors += _text_object_errors(block.get("text"), _TEXT_LIMITS[kind], f"{pointer}/text")
    if kind == "section" and "fields" in block:
        errors += _items_error(block["fields"], _MAX_FIELDS, f"{pointer}/fields")
        for i, field_ in enumerate(block["fields"] if isinstance(block["fields"], list) else []):
            errors += _text_object_errors(field_, _MAX_FIELD_CHARS, f"{pointer}/fields/{i}")
    if kind == "section" and "text" not in block and "fields" not in block:
        errors.append(f"must provide either text or fields [json-pointer:{pointer}]")
    if kind == "section" and "accessory" in block:
        errors += _element_errors(block["accessory"], f"{pointer}/accessory")
    if kind in ("actions", "context"):
        most = _MAX_ACTIONS if kind == "actions" else _MAX_CONTEXT_ELEMENTS
        elements = block.get("elements")
        errors += _items_error(elements, most, f"{pointer}/elements")
        for i, element in enumerate(elements if isinstance(elements, list) else []):
            errors += _element_errors(element, f"{pointer}/elements/{i}")
            if kind == "context" and isinstance(element, dict) and element.get("type") in ("mrkdwn", "plain_text"):
                errors += _length_error(element.get("text"), _TEXT_LIMITS["context"], f"{pointer}/elements/{i}/text")
    return errors


def block_kit_errors(blocks: Any, most: int = MAX_MESSAGE_BLOCKS) -> list[str]:
    """What Slack lists in ``errors`` when it refuses these blocks with ``invalid_blocks`` (empty: accepted)."""
    if not isinstance(blocks, list):
        return ["must provide an array [json-pointer:/blocks]"]
    errors = _items_error(blocks, most, "/blocks")
    for i, block in enumerate(blocks):
        errors += _block_errors(block, f"/blocks/{i}")
    return errors


def message_refusal(params: dict[str, Any], most_blocks: int = MAX_MESSAGE_BLOCKS) -> dict[str, Any] | None:
    """Slack's answer to a message it refuses (``msg_too_long``, ``invalid_blocks``), or None when it takes it."""
    text = params.get("text")
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        return {"ok": False, "error": "msg_too_long"}
    return blocks_refusal(params.get("blocks"), most_blocks) if params.get("blocks") is not None else None


def blocks_refusal(blocks: Any, most_blocks: int) -> dict[str, Any] | None:
    """Slack's `invalid_blocks` answer listing every error, or None when the blocks are accepted."""
    errors = block_kit_errors(blocks, most_blocks)
    if not errors:
        return None
    return {
        "ok": False,
        "error": "invalid_blocks",
        "errors": errors,
        "response_metadata": {"messages": [f"[ERROR] {e}" for e in errors]},
    }


@dataclass
class _SlackState:
    """Mutable server-side state that handlers read and write."""

    ts_seq: int = 0
    view_seq: int = 0
    file_seq: int = 0
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel -> messages, oldest first
    files: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # file id -> the upload, as files_upload_v2 builds it


class FakeSlackApi(FakeHttpApi):
    """Fake Slack Web API (https://api.slack.com/methods) for the real slack_sdk.

    Give :attr:`url` to ``AsyncWebClient(base_url=...)`` (or to the client you
    pass to ``slack_bolt.AsyncApp(client=...)``).  Serves ``GET|POST
    /api/<method>``; every call is recorded in :attr:`calls`.

    Args:
        bot_user_id: ``user_id`` returned by ``auth.test`` and used as the
            author of posted messages.
        bot_id: ``bot_id`` returned by ``auth.test`` and on posted messages.
        team_id: Workspace id returned by ``auth.test`` and on user objects.
        expected_token: If set, calls without a token answer ``not_authed``
            and calls with another token answer ``invalid_auth`` (as Slack).
        host, port: Bind address; defaults to 127.0.0.1 and an ephemeral port.
    """

    def __init__(
        self,
        *,
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        team_id: str = "T0PARTNER",
        team: str = "Partner Workspace",
        expected_token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(host=host, port=port)
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.team_id = team_id
        self.team = team
        self.expected_token = expected_token
        self.users: dict[str, dict[str, Any]] = {}
        """User objects served by ``users.info``, keyed by user id; see :meth:`add_user`."""
        self.views: dict[str, dict[str, Any]] = {}
        """Last view published per user id via ``views.publish`` (the App Home)."""
        self._state = _SlackState()

    @property
    def url(self) -> str:
        """Base URL for slack_sdk: ``http://127.0.0.1:PORT/api/``.

        The trailing slash matters: slack_sdk joins with ``urljoin(base_url,
        method)``, exactly as with the default ``https://slack.com/api/``.
        """
        return f"{self.origin}/api/"

    # -- test-side helpers ---------------------------------------------------

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        tz: str = "America/Los_Angeles",
        tz_offset: int | None = None,
        is_bot: bool = False,
        **extra: Any,
    ) -> dict[str, Any]:
        """Register a user for ``users.info`` and return the user object.

        ``tz_offset`` defaults to the zone's *current* offset in seconds, as
        Slack reports it.  ``extra`` keys are merged into the user object.
        """
        name = name if name is not None else user_id.lower()
        real_name = real_name if real_name is not None else name.title()
        user: dict[str, Any] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": False,
            "real_name": real_name,
            "tz": tz,
            "tz_label": tz,
            "tz_offset": tz_offset if tz_offset is not None else _tz_offset_seconds(tz),
            "is_bot": is_bot,
            "is_app_user": False,
            "profile": {"real_name": real_name, "display_name": name},
        }
        user.update(extra)
        self.users[user_id] = user
        return user

    def uploads(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Files shared by ``files.completeUploadExternal``, oldest first, optionally in one channel: each
        ``{"id", "filename", "title", "alt_txt", "length", "data", "channel"}``."""
        return [
            f
            for f in self._state.files.values()
            if f.get("channel") is not None and (channel is None or f["channel"] == channel)
        ]

    def messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Params of successful ``chat.postMessage`` calls, optionally for one channel."""
        return [
            call.params
            for call in self.calls_to("chat.postMessage")
            if not call.failed and (channel is None or call.params.get("channel") == channel)
        ]

    def _build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle)
        app.router.add_post("/upload/v1/{file_id}", self._upload)
        return app

    async def _upload(self, request: web.Request) -> web.Response:
        """Step 2 of files_upload_v2: the file's bytes POSTed to the URL files.getUploadURLExternal gave.
        Slack answers 200 "OK - <length>"; an unknown URL is a 404, bytes of another length than declared a 400."""
        file_id = request.match_info["file_id"]
        data = await request.read()
        upload = self._state.files.get(file_id)
        ok = upload is not None and upload["data"] is None and len(data) == upload["length"]
        self._record("upload", {"file_id": file_id, "length": len(data)}, token=None, failed=not ok, http_method="POST")
        if upload is None:
            return web.Response(status=404, text="Not Found")
        if not ok:
            return web.Response(status=400, text=f"length mismatch: declared {upload['length']}, received {len(data)}")
        upload["data"] = data
        return web.Response(text=f"OK - {len(data)}")

    def _next_ts(self) -> str:
        """Unique, increasing Slack timestamps like ``1700000000.000100``."""
        self._state.ts_seq += 1
        micros = self._state.ts_seq * 100
        return f"{1_700_000_000 + micros // 1_000_000}.{micros % 1_000_000:06d}"

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await decode_request_params(request)
        token: str | None = None
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip() or None
        body_token = params.pop("token", None)
        if token is None and isinstance(body_token, str):
            token = body_token

        failure = self._take_failure(method)
        if failure is not None:
            self._record(method, params, token=token, failed=True, http_method=request.method)
            return self._failure_response(failure)

        if self.expected_token is not None and token != self.expected_token:
            self._record(method, params, token=token, failed=True, http_method=request.method)
            return _slack_json(
                {
                    "ok": False,
                    "error": "not_authed" if token is None else "invalid_auth",
                }
            )

        handler = _SLACK_HANDLERS.get(method)
        payload = handler(self, params) if handler is not None else {"ok": False, "error": "unknown_method"}
        self._record(
            method,
            params,
            token=token,
            failed=not payload.get("ok", False),
            http_method=request.method,
        )
        return _slack_json(payload)

    def _failure_response(self, failure: InjectedFailure) -> web.Response:
        if failure.error is not None:
            return _slack_json({"ok": False, "error": failure.error}, status=failure.status or 200)
        status = failure.status or 429
        if status == 429:
            return _slack_json(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(failure.retry_after)},
            )
        return _slack_json({"ok": False, "error": "fatal_error"}, status=status)

    # -- method implementations (pure w.r.t. HTTP; return the JSON body) ------

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": f"https://{self.team_id.lower()}.slack.com/",
            "team": self.team,
            "user": "partnerbot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _chat_post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not (params.get("text") or params.get("blocks") or params.get("attachments")):
            return {"ok": False, "error": "no_text"}
        if (refusal := message_refusal(params)) is not None:
            return refusal
        ts = self._next_ts()
        message: dict[str, Any] = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "team": self.team_id,
            "text": params.get("text", ""),
            "ts": ts,
        }
        if params.get("blocks") is not None:
            message["blocks"] = params["blocks"]
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        metadata = params.get("metadata")
        if metadata is not None:
            if not (
                isinstance(metadata, dict)
                and isinstance(metadata.get("event_type"), str)
                and isinstance(metadata.get("event_payload"), dict)
            ):
                return {"ok": False, "error": "invalid_metadata_format"}
            message["metadata"] = {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}
        self._state.history.setdefault(str(channel), []).append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": _without_metadata(message)}

    def _conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        """Newest first, `limit` (default 100) at most, after `oldest`; metadata only with include_all_metadata."""
        channel = str(params.get("channel") or "")
        if channel not in self._state.history and not channel.startswith(("C", "D", "G")):
            return {"ok": False, "error": "channel_not_found"}
        limit = int(params.get("limit") or 100)
        oldest = float(params.get("oldest") or 0)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        messages = [m for m in reversed(self._state.history.get(channel, [])) if float(m["ts"]) > oldest]
        shown = [m if with_metadata else _without_metadata(m) for m in messages[:limit]]
        return {"ok": True, "messages": shown, "has_more": len(messages) > limit}

    def _chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = params.get("channel"), params.get("ts")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not ts:
            return {"ok": False, "error": "message_not_found"}
        if (refusal := message_refusal(params)) is not None:
            return refusal
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": params.get("text", ""),
        }

    def _chat_post_ephemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not params.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        if (refusal := message_refusal(params)) is not None:
            return refusal
        return {"ok": True, "message_ts": self._next_ts()}

    def _conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("channel"):
            return {"ok": True, "channel": {"id": params["channel"]}}
        users = [u.strip() for u in str(params.get("users", "")).split(",") if u.strip()]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        return {"ok": True, "channel": {"id": "D" + users[0]}}

    def _users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(params.get("user", "")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": user}

    def _views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id, view = params.get("user_id"), params.get("view")
        if not user_id:
            return {"ok": False, "error": "invalid_arguments"}
        if not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        if (refusal := blocks_refusal(view.get("blocks", []), MAX_VIEW_BLOCKS)) is not None:
            return refusal
        self._state.view_seq += 1
        published = {
            "id": f"V{self._state.view_seq:08d}",
            "team_id": self.team_id,
            "app_id": "A0PARTNER",
            "bot_id": self.bot_id,
            "hash": f"{self._state.view_seq}.hash",
            **view,
        }
        self.views[str(user_id)] = published
        return {"ok": True, "view": published}

    def _files_get_upload_url_external(self, params: dict[str, Any]) -> dict[str, Any]:
        """Step 1 of files_upload_v2: a file id and the URL to POST its bytes to."""
        filename, length = params.get("filename"), str(params.get("length", ""))
        if not filename or not length.isdigit() or int(length) <= 0:
            return {"ok": False, "error": "invalid_arguments"}
        self._state.file_seq += 1
        file_id = f"F{self._state.file_seq:08d}"
        self._state.files[file_id] = {
            "id": file_id,
            "filename": filename,
            "title": None,
            "alt_txt": params.get("alt_txt"),
            "length": int(length),
            "data": None,
            "channel": None,
        }
        return {"ok": True, "upload_url": f"{self.origin}/upload/v1/{file_id}", "file_id": file_id}

    def _files_complete_upload_external(self, params: dict[str, Any]) -> dict[str, Any]:
        """Step 3 of files_upload_v2: the uploaded files shared in a channel (or kept private without one)."""
        files = params.get("files")
        if not isinstance(files, list) or not files or not all(isinstance(f, dict) and f.get("id") for f in files):
            return {"ok": False, "error": "invalid_arguments"}
        uploads = [self._state.files.get(str(f["id"])) for f in files]
        if any(u is None or u["data"] is None or u["channel"] is not None for u in uploads):
            return {"ok": False, "error": "file_not_found"}
        channel = params.get("channel_id") or None
        shared = []
        for entry, upload in zip(files, uploads, strict=True):
            assert upload is not None
            upload["title"] = entry.get("title") or upload["filename"]
            upload["channel"] = channel or ""
            shared.append(
                {"id": upload["id"], "name": upload["filename"], "title": upload["title"], "size": upload["length"]}
            )
        if channel:
            message = {
                "type": "message",
                "user": self.bot_user_id,
                "bot_id": self.bot_id,
                "text": params.get("initial_comment") or "",
                "ts": self._next_ts(),
                "files": shared,
            }
            self._state.history.setdefault(str(channel), []).append(message)
        return {"ok": True, "files": shared}


def _without_metadata(message: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in message.items() if k != "metadata"}


_SlackHandler = Callable[[FakeSlackApi, dict[str, Any]], dict[str, Any]]

_SLACK_HANDLERS: dict[str, _SlackHandler] = {
    "auth.test": FakeSlackApi._auth_test,
    "chat.postMessage": FakeSlackApi._chat_post_message,
    "chat.update": FakeSlackApi._chat_update,
    "chat.postEphemeral": FakeSlackApi._chat_post_ephemeral,
    "conversations.open": FakeSlackApi._conversations_open,
    "conversations.history": FakeSlackApi._conversations_history,
    "users.info": FakeSlackApi._users_info,
    "views.publish": FakeSlackApi._views_publish,
    "files.getUploadURLExternal": FakeSlackApi._files_get_upload_url_external,
    "files.completeUploadExternal": FakeSlackApi._files_complete_upload_external,
}
