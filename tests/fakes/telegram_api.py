"""A local fake of the Telegram Bot API for tests, plus builders for inbound updates.

Why a fake server instead of mocks: partnerbot uses the real
``python-telegram-bot`` (PTB) ``Bot`` / ``Application``; what matters is the
HTTP conversation (method names, form-encoded parameters, long polling,
offsets, HTTP 429 / 400 handling).  This module serves the Bot API wire format
from ``aiohttp.web`` on ``127.0.0.1`` (ephemeral port) so PTB does real HTTP.

PTB builds request URLs as ``base_url + token + "/" + method`` (default
``base_url`` is ``https://api.telegram.org/bot``), so pass
:attr:`FakeTelegramApi.base_url` (``http://127.0.0.1:PORT/bot``)::

    async with FakeTelegramApi() as api:
        async with Bot("123:TEST", base_url=api.base_url) as bot:
            await bot.send_message(chat_id=42, text="hi")
        assert api.sent(42)[0]["text"] == "hi"

The builder functions at the bottom (:func:`private_text_update`,
:func:`group_text_update`, :func:`callback_query_update`) are pure and return
``Update`` dicts with the Bot API's real field names, ready for
:meth:`FakeTelegramApi.queue_update` or ``telegram.Update.de_json``.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, Self

from aiohttp import web

from .slack_api import FakeHttpApi, InjectedFailure, RecordedCall, decode_request_params

__all__ = [
    "DEFAULT_BOT_ID",
    "DEFAULT_BOT_USERNAME",
    "BotApiError",
    "FakeTelegramApi",
    "RecordedCall",
    "ANONYMOUS_ADMIN_ID",
    "anonymous_admin_update",
    "as_caption",
    "callback_query_update",
    "from_bot",
    "group_text_update",
    "private_text_update",
    "text_entities",
    "with_text_mention",
]

DEFAULT_BOT_ID = 999000
DEFAULT_BOT_USERNAME = "partnerbot_bot"
# GroupAnonymousBot: the `from` of every message an anonymous group admin sends
ANONYMOUS_ADMIN_ID = 1087968824

# PTB JSON-encodes every non-string parameter and sends it form-encoded, so
# integers arrive as strings ("42").  Coerce the well-known integer fields back
# so tests can compare with ints.
_INT_KEYS = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "message_thread_id",
        "reply_to_message_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "max_connections",
    }
)
_BOOL_KEYS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "disable_web_page_preview",
        "is_personal",
    }
)
_INT_RE = re.compile(r"-?\d+")


def _coerce(params: dict[str, Any]) -> dict[str, Any]:
    """Turn PTB's stringly-typed form values back into ints/bools where known."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str):
            if key in _INT_KEYS and _INT_RE.fullmatch(value):
                value = int(value)
            elif key in _BOOL_KEYS and value in ("true", "false"):
                value = value == "true"
        out[key] = value
    return out


class BotApiError(Exception):
    """Raised by a method implementation to answer ``{"ok": false, ...}``."""

    def __init__(self, error_code: int, description: str) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description


def _error_response(error_code: int, description: str, **extra: Any) -> web.Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": error_code,
        "description": description,
    }
    body.update(extra)
    return web.json_response(body, status=error_code)


def _chat_type(chat_id: int | str) -> str:
    """Telegram's chat type implied by an id: users > 0, "-100…" supergroups/channels."""
    if isinstance(chat_id, str):
        return "channel"
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


# --------------------------------------------------------------------------
# Telegram's limits and its HTML parse_mode, checked as the Bot API checks them
# --------------------------------------------------------------------------

MAX_MESSAGE_CHARS = 4096  # text after entities parsing (https://core.telegram.org/bots/api#sendmessage)
MAX_CAPTION_CHARS = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
# the tags of https://core.telegram.org/bots/api#html-style, as Telegram's parser names them
_HTML_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji",
        "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot);|#(\d{1,7});|#[xX]([0-9a-fA-F]{1,6});)")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _tag_end(text: str, start: int) -> int:
    """Where a tag's name ends: at white space or ``>`` (or the end of the text)."""
    end = start
    while end < len(text) and not text[end].isspace() and text[end] != ">":
        end += 1
    return end


def _skip_attributes(text: str, i: int, tag: str, begin: int) -> int:
    """The index of the ``>`` closing a start tag, past its attributes; refused as Telegram refuses them."""
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            raise BotApiError(400, f"Bad Request: can't parse entities: Unclosed start tag at byte offset {begin}")
        if text[i] == ">":
            return i
        name_start = i
        while i < len(text) and not text[i].isspace() and text[i] not in "=>":
            i += 1
        if i == name_start:
            raise BotApiError(
                400,
                f'Bad Request: can\'t parse entities: Empty attribute name in the tag "{tag}" at byte offset {begin}',
            )
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text) or text[i] != "=":
            raise BotApiError(
                400,
                "Bad Request: can't parse entities: Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {begin}',
            )
        i += 1
        while i < len(text) and text[i].isspace():
            i += 1
        i = _skip_value(text, i, begin)


def _skip_value(text: str, i: int, begin: int) -> int:
    """Past an attribute's value, quoted or bare."""
    if i < len(text) and text[i] in "\"'":
        close = text.find(text[i], i + 1)
        if close < 0:
            raise BotApiError(400, f"Bad Request: can't parse entities: Unclosed start tag at byte offset {begin}")
        return close + 1
    while i < len(text) and not text[i].isspace() and text[i] != ">":
        i += 1
    return i


def parse_html(text: str) -> str:
    """The text Telegram shows for ``text`` sent with ``parse_mode=HTML``, or Telegram's refusal.

    As Telegram's parser: only the documented tags, each closed in order; ``<`` always opens a tag; ``&`` followed
    by a known entity is decoded, any other ``&`` is kept as it is (Telegram accepts it, though its docs ask for
    ``&amp;``). Errors read as the real ones: ``Bad Request: can't parse entities: ...`` with UTF-8 byte offsets.
    """
    shown: list[str] = []
    open_tags: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "&" and (entity := _ENTITY.match(text, i)):
            named, decimal, hexadecimal = entity.groups()
            shown.append(_NAMED[named] if named else chr(int(decimal or hexadecimal, 16 if hexadecimal else 10)))
            i = entity.end()
            continue
        if c != "<":
            shown.append(c)
            i += 1
            continue
        begin = _byte_offset(text, i)
        if i + 1 < len(text) and text[i + 1] == "/":
            end = _tag_end(text, i + 2)
            name = text[i + 2 : end].lower()
            if not open_tags:
                raise BotApiError(400, f"Bad Request: can't parse entities: Unexpected end tag at byte offset {begin}")
            if name and name != open_tags[-1]:
                raise BotApiError(
                    400,
                    f"Bad Request: can't parse entities: Unmatched end tag at byte offset {begin}, "
                    f'expected "</{open_tags[-1]}>", found "</{name}>"',
                )
            while end < len(text) and text[end].isspace():
                end += 1
            if end >= len(text) or text[end] != ">":
                raise BotApiError(400, f"Bad Request: can't parse entities: Can't find end tag at byte offset {begin}")
            open_tags.pop()
            i = end + 1
            continue
        end = _tag_end(text, i + 1)
        name = text[i + 1 : end].lower()
        if name not in _HTML_TAGS:
            raise BotApiError(
                400, f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" at byte offset {begin}'
            )
        open_tags.append(name)
        i = _skip_attributes(text, end, name, begin) + 1
    if open_tags:
        raise BotApiError(
            400, f"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{open_tags[-1]}\""
        )
    return "".join(shown)


def shown_text(params: dict[str, Any], field: str = "text") -> str:
    """The text or caption as Telegram will show it: parsed when the parse mode is HTML."""
    text = params.get(field) or ""
    return parse_html(text) if str(params.get("parse_mode", "")).lower() == "html" else text


def check_reply_markup(markup: Any) -> None:
    """An inline keyboard's buttons, as Telegram bounds them: at most 100, callback_data 1-64 bytes."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return
    buttons = [button for row in markup["inline_keyboard"] for button in row]
    if len(buttons) > MAX_INLINE_BUTTONS:
        raise BotApiError(400, "Bad Request: reply markup is too long")
    for button in buttons:
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def check_message(params: dict[str, Any]) -> str:
    """The text of a sendMessage or editMessageText as Telegram takes it, or its refusal."""
    text = shown_text(params)
    if not text.strip():
        raise BotApiError(400, "Bad Request: message text is empty")
    if len(text) > MAX_MESSAGE_CHARS:
        raise BotApiError(400, "Bad Request: message is too long")
    check_reply_markup(params.get("reply_markup"))
    return text


class FakeTelegramApi(FakeHttpApi):
    """Fake Telegram Bot API (https://core.telegram.org/bots/api) for the real PTB.

    Serves ``GET|POST /bot{token}/{method}``; every call is recorded in
    :attr:`calls` with the URL token in ``RecordedCall.token``.  Method names
    are matched case-insensitively, as Telegram does.

    Args:
        bot_id: ``id`` of the bot user returned by ``getMe`` and used as the
            sender of messages the bot sends.
        bot_username: ``username`` of the bot (no ``@``).
        bot_first_name: ``first_name`` of the bot.
        max_poll_wait: Upper bound (seconds) for how long an empty
            ``getUpdates`` long poll is held, whatever ``timeout`` PTB asks for;
            keeps tests and shutdown fast.
        expected_token: If set, other URL tokens get HTTP 401 "Unauthorized"
            (PTB raises ``telegram.error.InvalidToken``).
        host, port: Bind address; defaults to 127.0.0.1 and an ephemeral port.
    """

    def __init__(
        self,
        *,
        bot_id: int = DEFAULT_BOT_ID,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = "partnerbot",
        max_poll_wait: float = 0.5,
        expected_token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(host=host, port=port)
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.max_poll_wait = max_poll_wait
        self.expected_token = expected_token
        self.commands: list[dict[str, Any]] = []
        """Commands from the last ``setMyCommands`` call."""
        self.webhook: dict[str, Any] | None = None
        """Params of the last ``setWebhook`` (``url``, ``secret_token``, ...); None when deleted."""
        self.chats: dict[int | str, dict[str, Any]] = {}
        """Optional Chat objects by id used in sent messages (e.g. to give a group a title)."""
        self.not_started: set[int] = set()
        """Users who never opened a private chat with the bot: Telegram refuses to let a bot write
        to them first, so ``sendMessage`` to their private chat answers 403."""
        self._updates: list[dict[str, Any]] = []
        self._last_update_id = 0
        self._message_seq: dict[int | str, int] = {}
        self._messages: dict[tuple[int | str, int], dict[str, Any]] = {}
        self._update_pulse = asyncio.Event()
        self._stopping = False

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/bot``: pass to ``Bot(token, base_url=...)``.

        PTB appends the token and ``/method`` itself, so no trailing slash.
        """
        return f"{self.origin}/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot as a ``User`` object, as it appears in ``message.from``."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # -- test-side helpers ---------------------------------------------------

    def queue_update(self, update: dict[str, Any]) -> int:
        """Queue an inbound ``Update`` for ``getUpdates`` and return its ``update_id``.

        Assigns the next increasing ``update_id`` when missing.  Queuing an
        update with an id that was already queued is allowed and simulates
        Telegram re-delivering it (e.g. after a crash before the offset was
        confirmed).  Wakes a waiting long poll immediately.
        """
        queued = dict(update)
        update_id = queued.get("update_id")
        if not isinstance(update_id, int):
            update_id = self._last_update_id + 1
            queued["update_id"] = update_id
        self._last_update_id = max(self._last_update_id, update_id)
        self._updates.append(queued)
        self._pulse_updates()
        return update_id

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Queued updates not yet confirmed by a ``getUpdates`` offset."""
        return list(self._updates)

    def sent(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Params of successful ``sendMessage`` calls, optionally for one chat."""
        return [
            call.params
            for call in self.calls_to("sendMessage")
            if not call.failed and (chat_id is None or call.params.get("chat_id") == chat_id)
        ]

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        """Current state of a message the bot sent (after any edits), or None."""
        return self._messages.get((chat_id, message_id))

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        retry_after: int = 1,
        error: str | None = None,
        times: int = 1,
    ) -> None:
        """See :meth:`FakeHttpApi.fail_next`.

        Telegram shapes: rate limit -> HTTP 429 ``{"ok": false, "error_code":
        429, "description": "Too Many Requests: retry after N", "parameters":
        {"retry_after": N}}`` (PTB raises ``RetryAfter``); ``error`` -> HTTP
        400 (or ``status``) ``{"ok": false, "error_code": 400, "description":
        error}`` (PTB raises ``BadRequest``; 403 -> ``Forbidden``).

        ``retry_after`` must be >= 1 for rate limits: PTB only raises
        ``RetryAfter`` for a truthy ``retry_after`` (0 would become a plain
        ``NetworkError``), and Telegram never sends 0.
        """
        if error is None and status in (None, 429) and retry_after < 1:
            raise ValueError("Telegram rate limits need retry_after >= 1 (PTB ignores 0)")
        super().fail_next(method, status=status, retry_after=retry_after, error=error, times=times)

    # -- server --------------------------------------------------------------

    def _build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        return app

    async def start(self) -> Self:
        """Start serving (see :meth:`FakeHttpApi.start`)."""
        self._stopping = False
        return await super().start()

    def _on_stopping(self) -> None:
        # End held long polls now instead of letting them run into the timeout.
        self._stopping = True
        self._pulse_updates()

    def _pulse_updates(self) -> None:
        pulse, self._update_pulse = self._update_pulse, asyncio.Event()
        pulse.set()

    async def _handle(self, request: web.Request) -> web.Response:
        arrived = time.time()
        token = request.match_info["token"]
        method = request.match_info["method"]
        params = _coerce(await decode_request_params(request))

        def record(failed: bool) -> None:
            self._record(
                method,
                params,
                token=token,
                failed=failed,
                http_method=request.method,
                at=arrived,
            )

        failure = self._take_failure(method)
        if failure is not None:
            record(True)
            return self._failure_response(failure)

        if self.expected_token is not None and token != self.expected_token:
            record(True)
            return _error_response(401, "Unauthorized")

        key = method.lower()
        if key == "getupdates":
            # Recorded on arrival, before the long poll is held, so ``calls``
            # stays in arrival order and tests can wait_for() a pending poll.
            try:
                self._start_get_updates(params)
            except BotApiError as exc:
                record(True)
                return _error_response(exc.error_code, exc.description)
            record(False)
            return web.json_response({"ok": True, "result": await self._poll_updates(params)})

        handler = _TELEGRAM_HANDLERS.get(key)
        if handler is None:
            record(True)
            return _error_response(404, "Not Found: method not found")
        try:
            result = handler(self, params)
        except BotApiError as exc:
            record(True)
            return _error_response(exc.error_code, exc.description)
        record(False)
        return web.json_response({"ok": True, "result": result})

    def _failure_response(self, failure: InjectedFailure) -> web.Response:
        if failure.error is not None:
            return _error_response(failure.status or 400, failure.error)
        status = failure.status or 429
        if status == 429:
            n = failure.retry_after
            return _error_response(
                429,
                f"Too Many Requests: retry after {n}",
                parameters={"retry_after": n},
            )
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        return _error_response(status, phrase)

    # -- method implementations ----------------------------------------------

    def _chat(self, chat_id: int | str) -> dict[str, Any]:
        if chat_id in self.chats:
            return dict(self.chats[chat_id])
        chat: dict[str, Any] = {"id": chat_id, "type": _chat_type(chat_id)}
        if isinstance(chat_id, str):
            chat["username"] = chat_id.lstrip("@")
        return chat

    def _require_chat_id(self, params: dict[str, Any]) -> int | str:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise BotApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int | str):
            raise BotApiError(400, "Bad Request: chat not found")
        return chat_id

    def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _confirm(self, offset: int) -> None:
        """Forget updates confirmed by ``offset`` (Bot API getUpdates semantics)."""
        if offset < 0:
            self._updates = self._updates[offset:]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _start_get_updates(self, params: dict[str, Any]) -> None:
        """Synchronous part of getUpdates: webhook conflict check and offset confirmation."""
        if self.webhook is not None:
            raise BotApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        if isinstance(offset, int):
            self._confirm(offset)

    async def _poll_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Return pending updates, holding an empty poll up to min(timeout, max_poll_wait)."""
        limit = params.get("limit")
        limit = limit if isinstance(limit, int) and 1 <= limit <= 100 else 100
        timeout = params.get("timeout")
        wait = min(float(timeout), self.max_poll_wait) if isinstance(timeout, int | float) else 0.0
        if not self._updates and wait > 0 and not self._stopping:
            try:
                async with asyncio.timeout(wait):
                    while not self._updates and not self._stopping:
                        await self._update_pulse.wait()
            except TimeoutError:
                pass
        return [dict(u) for u in self._updates[:limit]]

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._require_chat_id(params)
        if chat_id in self.not_started:
            raise BotApiError(403, "Forbidden: bot can't initiate conversation with a user")
        text = params.get("text")
        if not text:
            raise BotApiError(400, "Bad Request: message text is empty")
        check_message(params)
        message_id = self._message_seq.get(chat_id, 0) + 1
        self._message_seq[chat_id] = message_id
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            "text": text,
        }
        if params.get("message_thread_id") is not None:
            message["message_thread_id"] = params["message_thread_id"]
        if params.get("reply_markup") is not None:
            message["reply_markup"] = params["reply_markup"]
        self._messages[(chat_id, message_id)] = message
        return message

    def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        """A photo uploaded in the multipart body (a PNG or JPEG), with an optional caption of at most
        1024 characters, as the Bot API checks them."""
        chat_id = self._require_chat_id(params)
        photo = params.get("photo")
        if not isinstance(photo, dict) or not photo.get("data"):
            raise BotApiError(400, "Bad Request: there is no photo in the request")
        size = _image_size(photo["data"])
        if size is None:
            raise BotApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        caption = params.get("caption") or ""
        if len(shown_text(params, "caption")) > MAX_CAPTION_CHARS:
            raise BotApiError(400, "Bad Request: message caption is too long")
        message_id = self._message_seq.get(chat_id, 0) + 1
        self._message_seq[chat_id] = message_id
        width, height = size
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            "photo": [
                {
                    "file_id": f"photo-{chat_id}-{message_id}",
                    "file_unique_id": f"u{chat_id}{message_id}",
                    "width": width,
                    "height": height,
                    "file_size": len(photo["data"]),
                }
            ],
        }
        if caption:
            message["caption"] = caption
        self._messages[(chat_id, message_id)] = message
        return message

    def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        """A new file arrives as a multipart part ({filename, content_type, data}); a string is a file_id or URL,
        which this fake does not serve."""
        chat_id = self._require_chat_id(params)
        document = params.get("document")
        if not isinstance(document, dict) or not isinstance(document.get("data"), bytes):
            raise BotApiError(400, "Bad Request: there is no document in the request")
        if not document["data"]:
            raise BotApiError(400, "Bad Request: file must be non-empty")
        if len(shown_text(params, "caption")) > MAX_CAPTION_CHARS:
            raise BotApiError(400, "Bad Request: message caption is too long")
        message_id = self._message_seq.get(chat_id, 0) + 1
        self._message_seq[chat_id] = message_id
        file_id = f"BQACAgIAAxkB{chat_id}x{message_id}"
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            "document": {
                "file_id": file_id,
                "file_unique_id": file_id[-12:],
                "file_name": document.get("filename"),
                "mime_type": document.get("content_type"),
                "file_size": len(document["data"]),
            },
        }
        if params.get("caption"):
            message["caption"] = params["caption"]
        if params.get("message_thread_id") is not None:
            message["message_thread_id"] = params["message_thread_id"]
        self._messages[(chat_id, message_id)] = message
        return message

    def photos(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Params of successful ``sendPhoto`` calls, optionally for one chat; an uploaded ``photo`` is
        ``{"filename", "content_type", "data"}``."""
        return [
            call.params
            for call in self.calls_to("sendPhoto")
            if not call.failed and (chat_id is None or call.params.get("chat_id") == chat_id)
        ]

    def documents(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """The files of successful ``sendDocument`` calls ({filename, content_type, data}), optionally for one chat."""
        return [
            call.params["document"]
            for call in self.calls_to("sendDocument")
            if not call.failed and (chat_id is None or call.params.get("chat_id") == chat_id)
        ]

    def _message_to_edit(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """The stored message addressed by the params, or None for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat_id = self._require_chat_id(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise BotApiError(400, "Bad Request: message identifier is not specified")
        existing = self._messages.get((chat_id, message_id))
        if existing is None:
            # Lenient: the message may predate this fake (e.g. sent in an
            # earlier test step); synthesise it rather than failing.
            existing = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": self.bot_user,
                "text": "",
            }
            self._messages[(chat_id, message_id)] = existing
        return existing

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        text = params.get("text")
        if not text:
            raise BotApiError(400, "Bad Request: text must be non-empty")
        check_message(params)
        message = self._message_to_edit(params)
        if message is None:
            return True
        message["text"] = text
        message["edit_date"] = int(time.time())
        # Like Telegram: editing text without reply_markup removes the keyboard.
        if params.get("reply_markup") is not None:
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return dict(message)

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        check_reply_markup(params.get("reply_markup"))
        message = self._message_to_edit(params)
        if message is None:
            return True
        message["edit_date"] = int(time.time())
        if params.get("reply_markup") is not None:
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return dict(message)

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        if not params.get("callback_query_id"):
            raise BotApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        return True

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise BotApiError(400, "Bad Request: can't parse commands JSON object")
        self.commands = commands
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return list(self.commands)

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        if not params.get("url"):
            # Telegram treats an empty url as "remove webhook".
            return self._delete_webhook(params)
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self.webhook = dict(params)
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self.webhook = None
        return True

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.get("url", "") if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook:
            for key in ("max_connections", "allowed_updates", "ip_address"):
                if key in self.webhook:
                    info[key] = self.webhook[key]
        return info


_TelegramHandler = Callable[[FakeTelegramApi, dict[str, Any]], Any]

_TELEGRAM_HANDLERS: dict[str, _TelegramHandler] = {
    name.lower(): handler
    for name, handler in {
        "getMe": FakeTelegramApi._get_me,
        "sendMessage": FakeTelegramApi._send_message,
        "sendDocument": FakeTelegramApi._send_document,
        "sendPhoto": FakeTelegramApi._send_photo,
        "editMessageText": FakeTelegramApi._edit_message_text,
        "editMessageReplyMarkup": FakeTelegramApi._edit_message_reply_markup,
        "answerCallbackQuery": FakeTelegramApi._answer_callback_query,
        "setMyCommands": FakeTelegramApi._set_my_commands,
        "getMyCommands": FakeTelegramApi._get_my_commands,
        "setWebhook": FakeTelegramApi._set_webhook,
        "deleteWebhook": FakeTelegramApi._delete_webhook,
        "getWebhookInfo": FakeTelegramApi._get_webhook_info,
    }.items()
}


# --------------------------------------------------------------------------
# Builders for inbound updates (pure functions)
# --------------------------------------------------------------------------

_DEFAULT_DATE = 1_700_000_000


def _utf16_len(text: str) -> int:
    """Length in UTF-16 code units: Telegram entity offsets/lengths use these."""
    return len(text.encode("utf-16-le")) // 2


# an @username standing alone: usernames are 5-32 letters, digits and underscores
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}(?![A-Za-z0-9_])")


def text_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram would attach to ``text``.

    A ``bot_command`` entity for a leading ``/command`` (including an
    ``@botname`` suffix, as Telegram does) and a ``mention`` entity for each
    standalone ``@username``, the bot's or anyone's.  Offsets are in UTF-16
    code units.
    """
    entities: list[dict[str, Any]] = []
    command_end = 0
    if text.startswith("/"):
        match = re.match(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?", text)
        if match:
            command_end = match.end()
            entities.append(
                {
                    "type": "bot_command",
                    "offset": 0,
                    "length": _utf16_len(match.group()),
                }
            )
    for match in _MENTION.finditer(text):
        if match.start() < command_end:
            continue
        entities.append(
            {
                "type": "mention",
                "offset": _utf16_len(text[: match.start()]),
                "length": _utf16_len(match.group()),
            }
        )
    return entities


def _user(user_id: int, first_name: str, username: str | None, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username is not None:
        user["username"] = username
    if language_code is not None:
        user["language_code"] = language_code
    return user


def _text_message(
    *,
    message_id: int,
    date: int,
    chat: dict[str, Any],
    sender: dict[str, Any],
    text: str,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": date,
        "chat": chat,
        "from": sender,
        "text": text,
    }
    entities = text_entities(text)
    if entities:
        message["entities"] = entities
    return message


def _with_update_id(body: dict[str, Any], update_id: int | None) -> dict[str, Any]:
    # Without update_id the fake's queue_update() assigns the next one.
    return body if update_id is None else {"update_id": update_id, **body}


def private_text_update(
    user_id: int,
    text: str,
    *,
    first_name: str = "Kim",
    username: str | None = None,
    language_code: str | None = "en",
    update_id: int | None = None,
    message_id: int | None = None,
    date: int = _DEFAULT_DATE,
) -> dict[str, Any]:
    """An ``Update`` with a text ``message`` from ``user_id`` in their private chat with the bot.

    ``update_id`` is omitted when None (queue_update assigns one);
    ``message_id`` defaults to ``update_id`` or 1.
    """
    sender = _user(user_id, first_name, username, language_code)
    chat: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
    if username is not None:
        chat["username"] = username
    message = _text_message(
        message_id=message_id if message_id is not None else (update_id or 1),
        date=date,
        chat=chat,
        sender=sender,
        text=text,
    )
    return _with_update_id({"message": message}, update_id)


def group_text_update(
    chat_id: int,
    user_id: int,
    text: str,
    *,
    first_name: str = "Kim",
    username: str | None = None,
    language_code: str | None = "en",
    chat_title: str = "Partners",
    chat_type: str | None = None,
    update_id: int | None = None,
    message_id: int | None = None,
    message_thread_id: int | None = None,
    date: int = _DEFAULT_DATE,
) -> dict[str, Any]:
    """An ``Update`` with a text ``message`` from ``user_id`` in group ``chat_id`` (negative).

    ``chat_type`` defaults to "supergroup" for ``-100…`` ids, else "group".
    Entities mark a leading ``/command`` and ``@username`` mentions.
    """
    chat: dict[str, Any] = {
        "id": chat_id,
        "type": chat_type or ("supergroup" if str(chat_id).startswith("-100") else "group"),
        "title": chat_title,
    }
    message = _text_message(
        message_id=message_id if message_id is not None else (update_id or 1),
        date=date,
        chat=chat,
        sender=_user(user_id, first_name, username, language_code),
        text=text,
    )
    if message_thread_id is not None:
        message["message_thread_id"] = message_thread_id
        message["is_topic_message"] = True
    return _with_update_id({"message": message}, update_id)


def callback_query_update(
    user_id: int,
    data: str,
    *,
    message_id: int,
    chat_id: int,
    first_name: str = "Kim",
    username: str | None = None,
    language_code: str | None = "en",
    callback_query_id: str | None = None,
    chat_instance: str | None = None,
    message_text: str = "…",
    reply_markup: dict[str, Any] | None = None,
    update_id: int | None = None,
    date: int = _DEFAULT_DATE,
    bot_id: int = DEFAULT_BOT_ID,
    bot_username: str = DEFAULT_BOT_USERNAME,
    bot_first_name: str = "partnerbot",
) -> dict[str, Any]:
    """An ``Update`` with a ``callback_query``: ``user_id`` pressed an inline button.

    ``message`` is the bot's message (``message_id`` in ``chat_id``) that
    carried the keyboard; ``data`` is the button's ``callback_data``.
    """
    chat: dict[str, Any] = {"id": chat_id, "type": _chat_type(chat_id)}
    if chat["type"] == "private":
        chat["first_name"] = first_name
    else:
        chat["title"] = "Partners"
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": date,
        "chat": chat,
        "from": {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        },
        "text": message_text,
    }
    if reply_markup is not None:
        message["reply_markup"] = reply_markup
    query: dict[str, Any] = {
        "id": callback_query_id or f"{user_id}{message_id}",
        "from": _user(user_id, first_name, username, language_code),
        "chat_instance": chat_instance or str(abs(chat_id) * 7919),
        "data": data,
        "message": message,
    }
    return _with_update_id({"callback_query": query}, update_id)


def with_text_mention(update: dict[str, Any], shown: str, user_id: int, first_name: str) -> dict[str, Any]:
    """The update with ``shown`` in its text or caption marked a ``text_mention`` of ``user_id``.

    That is how Telegram marks a mention of someone without a username: the
    client shows their name, the entity carries the user.
    """
    message = dict(update["message"])
    if "text" in message:
        field, entities_field = "text", "entities"
    else:
        field, entities_field = "caption", "caption_entities"
    written: str = message[field]
    start = written.index(shown)
    entity = {
        "type": "text_mention",
        "offset": _utf16_len(written[:start]),
        "length": _utf16_len(shown),
        "user": {"id": user_id, "is_bot": False, "first_name": first_name},
    }
    entities = [*message.get(entities_field, []), entity]
    message[entities_field] = sorted(entities, key=lambda e: int(e["offset"]))
    return {**update, "message": message}


# the sizes Telegram offers of one photo, smallest first
_PHOTO = [
    {
        "file_id": "AgACAgQAAxkBAAIBQ2ZpaG90b3NtYWxs",
        "file_unique_id": "AQADsmall",
        "file_size": 1403,
        "width": 90,
        "height": 51,
    },
    {
        "file_id": "AgACAgQAAxkBAAIBQ2ZpaG90b2xhcmdl",
        "file_unique_id": "AQADlarge",
        "file_size": 21871,
        "width": 800,
        "height": 450,
    },
]
_DOCUMENT = {
    "file_name": "minutes.pdf",
    "mime_type": "application/pdf",
    "file_id": "BQACAgQAAxkBAAIBRGZkb2N1bWVudA",
    "file_unique_id": "AgADdocument",
    "file_size": 48213,
}


def as_caption(update: dict[str, Any], media: str = "photo") -> dict[str, Any]:
    """The update's text message sent as a ``photo`` or ``document`` captioned with its text.

    Telegram puts a media message's words in ``caption`` and their entities in
    ``caption_entities``; the message has no ``text``.
    """
    message = dict(update["message"])
    message["caption"] = message.pop("text")
    if "entities" in message:
        message["caption_entities"] = message.pop("entities")
    message[media] = {"photo": _PHOTO, "document": _DOCUMENT}[media]
    return {**update, "message": message}


def from_bot(update: dict[str, Any], bot_id: int = 5000001, username: str = "otherbot") -> dict[str, Any]:
    """The update's message sent by another bot."""
    sender = {"id": bot_id, "is_bot": True, "first_name": username, "username": username}
    return {**update, "message": {**update["message"], "from": sender}}


def anonymous_admin_update(
    chat_id: int,
    text: str,
    *,
    chat_title: str = "Partners",
    update_id: int | None = None,
    author_signature: str | None = None,
) -> dict[str, Any]:
    """An ``Update`` with a text ``message`` an anonymous admin sent in group ``chat_id``.

    Telegram sends it ``from`` GroupAnonymousBot (a bot) for old clients, with
    the group itself as ``sender_chat``; ``author_signature`` is the admin's
    custom title, when they have one.
    """
    update = group_text_update(
        chat_id,
        ANONYMOUS_ADMIN_ID,
        text,
        chat_title=chat_title,
        update_id=update_id,
    )
    message = dict(update["message"])
    message["from"] = {
        "id": ANONYMOUS_ADMIN_ID,
        "is_bot": True,
        "first_name": "Group",
        "username": "GroupAnonymousBot",
    }
    message["sender_chat"] = dict(message["chat"])
    if author_signature is not None:
        message["author_signature"] = author_signature
    return {**update, "message": message}


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG (from its IHDR) or None when it is not one; JPEG is taken as 1×1."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:3] == b"\xff\xd8\xff":
        return 1, 1
    return None
