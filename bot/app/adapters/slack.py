"""The Slack adapter: Events API, the /partnership command, buttons and App Home in; Block Kit out.

It translates and nothing more: a Slack payload becomes an Inbound for the
dispatcher, and the Replies come back rendered by `bot.render.slack`. It is
also the Outbox for Slack (round prompts, reminders, digests).

Built on slack_bolt's AsyncApp with `process_before_response=False`: Slack
wants an answer within 3 seconds or it retries, so every request is
acknowledged first and the work runs after, in the background. Retries and
the second delivery of a mention are harmless: the dispatcher de-duplicates by
the Events API `event_id` (bolt-python #868, #1027), and a message in a direct
chat is answered from `message.im` only, a mention in a channel from
`app_mention` only (#941).

The same app serves Socket Mode (no public URL: the default) and HTTP mode
(POST /slack/events for events, commands and buttons; GET /healthz, /readyz,
/metrics from bot.app.health), which is what runs behind a load balancer with
several processes. In HTTP mode the request is checked before Bolt sees it
(size, timestamp, signature, then parsing), and a refusal is one log line
without the body.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import aiohttp
import orjson
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.app.adapters.sending import DRAIN_SECONDS, MAX_RETRY_WAIT, MAX_SEND_ATTEMPTS, drain, retry_after_header, track
from bot.app.dispatcher import Dispatcher
from bot.app.http_server import HttpServer, Refused, read_body
from bot.app.outbox import DeliveryError
from bot.model import Actor, Attachment, Conversation, Inbound, Platform, Reply, StatusChart
from bot.render.chart import FILENAME as CHART_FILENAME
from bot.render.chart import render_chart
from bot.render.slack import SlackMessage, mark_chosen, render_home, render_messages, unescape
from bot.runtime import Runtime
from bot.settings import SettingsError
from bot.workgroup import Person
from handlers.home import home

if TYPE_CHECKING:  # imported when Socket Mode starts: an HTTP-mode process never loads it
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

log = logging.getLogger(__name__)

COMMAND = "/partnership"
SHARE = "share"
API_TIMEOUT_SECONDS = 30
# Slack's largest request to this app is a message event: up to 40,000 characters, carried twice (text and
# blocks), perhaps as \uXXXX escapes; every other payload is far smaller.
MAX_REQUEST_BYTES = 1024 * 1024
# The two headers as Slack sends them (seconds since the epoch; "v0=" and a SHA-256 in hex): anything else
# cannot come from Slack, and would make SignatureVerifier raise (int() of the timestamp, compare_digest of non-ASCII).
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
# Message subtypes that are a person writing; edits, joins and bot posts are not questions.
_PERSON_SUBTYPES = {None, "thread_broadcast", "file_share"}
# What a Web API call can fail with: Slack's answer ({"ok": false}, or 429 after the retries), or the network.
_SEND_ERRORS = (SlackApiError, aiohttp.ClientError, TimeoutError)
_UPLOAD_ERRORS = (*_SEND_ERRORS, SlackRequestError)  # files.upload v2 also refuses a file it cannot send
_LEADING_MENTION = re.compile(r"^\s*<@([A-Z0-9]+)(?:\|[^>]*)?>[\s,:]*")
# A user mention on the wire, `<@U123>` or `<@U123|label>`, with the spaces before it
_USER_MENTION = re.compile(r"(\s*)<@([A-Z0-9]+)(?:\|[^>]*)?>")


# deliveries carry their key as message metadata of this type; looked for among this many recent messages
DELIVERY_EVENT = "partnerbot_delivery"
HISTORY_LOOKBACK = 200


def _library_logger(library: str) -> logging.Logger:
    """A logger for bolt (and the slack_sdk client it builds) under this module's, set to the level it would inherit.

    Both libraries test `logger.level <= DEBUG`, the logger's own level (0 until
    set), not the effective one, and so format every request and response body
    for a debug line that logging then drops: 0.16 ms of CPU per Block Kit answer.
    """
    logger = log.getChild(library)
    logger.setLevel(logging.NOTSET)  # inherit again, in case logging was configured since the last adapter
    logger.setLevel(logger.getEffectiveLevel())
    return logger


def web_api_session() -> aiohttp.ClientSession:
    """The HTTP session for Web API calls: request bodies encoded by orjson.

    slack_sdk sends chat.postMessage as JSON, and a Block Kit answer is 3-5 KB with
    quotes full of “”§—: the standard library's encoder took 60 µs for it, a tenth
    of what the bot spends on a question; orjson takes a few.
    """
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=API_TIMEOUT_SECONDS), json_serialize_bytes=orjson.dumps
    )


def _is_direct_channel(channel_id: str) -> bool:
    """Slack's direct-message channel ids start with D."""
    return channel_id.startswith("D")


def _slack_error(error: Exception) -> str:
    """Slack's own error string ("channel_not_found", "ratelimited"), or the transport's failure."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or error.response.status_code)
    return f"{type(error).__name__}: {error}".rstrip(": ")


def _delivery_error(error: Exception) -> DeliveryError:
    """The failed call as a DeliveryError; a 429 left to the caller carries Slack's Retry-After."""
    retry_after = None
    if isinstance(error, SlackApiError) and error.response.status_code == 429:
        retry_after = retry_after_header(error.response.headers)
    return DeliveryError(f"slack: {_slack_error(error)}", retry_after=retry_after)


class _BoundedRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, which sleeps whatever Retry-After says (100000 s parks a listener for a
    day and holds up shutdown), taking only waits up to MAX_RETRY_WAIT: a longer one is not retried
    here, the call fails with the 429 and the send raises a DeliveryError carrying the wait."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not await super()._can_retry_async(state=state, request=request, response=response, error=error):
            return False
        wait = retry_after_header(response.headers) if response is not None else None
        return wait is None or wait <= MAX_RETRY_WAIT


def retry_handlers() -> list[AsyncRetryHandler]:
    """Every Web API call (answers and deliveries alike) is tried MAX_SEND_ATTEMPTS times in all: after a
    dropped connection, a 429 with a wait up to MAX_RETRY_WAIT, or a server error (500, 503; backing off
    from half a second)."""
    retries = MAX_SEND_ATTEMPTS - 1
    return [
        AsyncConnectionErrorRetryHandler(),
        _BoundedRateLimitRetry(max_retry_count=retries),
        AsyncServerErrorRetryHandler(max_retry_count=retries),
    ]


def question_text(wire: str, bot_user_id: str | None) -> str:
    """The text as the user typed it, without the bot's mention wherever it is, others' in the neutral form.

    "status of maritime <@UBOT>" and "<@UBOT>, status of maritime" are the same question: the
    mention only addresses the bot. Another person's mention stays, as `<@U123>` without the
    `|label` some payloads carry, so that the understanding layer can resolve it to a person
    of the working-group file. Channel and special mentions (`<!channel>`, `<#C1|name>`) stay
    as typed: renderers escape whatever is echoed. Mentions are read on the wire form, before
    unescaping, where a typed "<@U123>" is still `&lt;@U123&gt;` and cannot pose as one.
    Without the bot's id (never, once bolt has run auth.test), a leading mention is taken as the bot's.
    """
    leading = _LEADING_MENTION.match(wire)
    bot = bot_user_id or (leading.group(1) if leading else None)
    if leading and leading.group(1) == bot:
        wire = wire[leading.end() :]

    def neutral(match: re.Match[str]) -> str:
        space, user = match.group(1), match.group(2)
        if user != bot:
            return f"{space}<@{user}>"
        # the bot's mention goes with the space before it: "what is FIMI <@UBOT>?" → "what is FIMI?";
        # a space stays only where two words would otherwise be glued together
        glued = match.start() > 0 and wire[match.end() : match.end() + 1].isalnum()
        return " " if glued else ""

    return unescape(_USER_MENTION.sub(neutral, wire)).strip()


def _without_share(text: str) -> tuple[str, bool]:
    """`/partnership share what is FIMI` or `... what is FIMI share`: the question, and whether to share it."""
    words = text.split()
    if words and words[0].lower() == SHARE:
        return text.strip()[len(words[0]) :].strip(), True
    if words and words[-1].lower() == SHARE:
        return text.strip()[: -len(words[-1])].strip(), True
    return text.strip(), False


class SlackAdapter:
    """One Slack workspace, one bot token. Use `serve_socket_mode()` or `serve_http()`; both run until cancelled."""

    platform = Platform.SLACK

    def __init__(self, runtime: Runtime, dispatcher: Dispatcher) -> None:
        settings = runtime.settings
        if not settings.slack_bot_token:
            raise SettingsError(
                "SLACK_BOT_TOKEN: not set (the bot token, xoxb-…, from the app's OAuth & Permissions page)"
            )
        self.runtime = runtime
        self.dispatcher = dispatcher
        # Bolt builds its client from the token: handed a client of ours as well, it warns on every start that
        # the token goes unused, since it also reads SLACK_BOT_TOKEN from the environment. The transport is ours.
        self.app = AsyncApp(
            token=settings.slack_bot_token.get_secret_value(),
            process_before_response=False,
            name="partnerbot",
            logger=_library_logger("slack_bolt"),
            # signatures are checked at the edge, before the body is parsed (`_verified`): Bolt's own check
            # logs the whole body of every request that fails it, at INFO. Socket Mode needs none.
            request_verification_enabled=False,
            # middleware for AI-assistant threads and workflow custom steps, which this app does not use
            attaching_conversation_kwargs_enabled=False,
            attaching_function_token_enabled=False,
        )
        self.client: AsyncWebClient = self.app.client
        self.client.base_url = settings.slack_api_url
        self.client.timeout = API_TIMEOUT_SECONDS
        self.client.retry_handlers = retry_handlers()
        self._signatures = (
            SignatureVerifier(settings.slack_signing_secret.get_secret_value())
            if settings.slack_signing_secret
            else None
        )
        # Bolt tries listeners in order, building each one's arguments to test it: direct messages,
        # most of the traffic, first
        self.app.event("message")(self._on_message)
        self.app.event("app_mention")(self._on_app_mention)
        self.app.event("app_home_opened")(self._on_home_opened)
        self.app.command(COMMAND)(self._on_command)
        self.app.action(re.compile(r"^choice:\d+$"))(self._on_choice)
        self._http: HttpServer | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._inflight: set[asyncio.Task[Any]] = set()

    # --- serving -----------------------------------------------------------------

    def _open_session(self) -> None:
        """One HTTP connection pool for every Web API call (bolt's per-request clients share it too)."""
        if self.client.session is None or self.client.session.closed:
            self.client.session = web_api_session()

    async def serve_socket_mode(self) -> None:
        """Connect to Slack over a WebSocket (SLACK_APP_TOKEN, xapp-…) and serve until cancelled."""
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        app_token = self.runtime.settings.slack_app_token
        if not app_token:
            raise SettingsError(
                "SLACK_APP_TOKEN: not set (an app-level token with connections:write, for Socket Mode; or use --http)"
            )
        self._open_session()
        handler = self._socket = AsyncSocketModeHandler(self.app, app_token.get_secret_value())
        try:
            handler.client.wss_uri = await self._socket_url(app_token.get_secret_value())
            await handler.connect_async()
            log.info("Slack: connected in Socket Mode")
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def _socket_url(self, app_token: str) -> str | None:
        """The first WebSocket URL, asked for here: slack_sdk's connect() takes Slack's refusal of the app
        token (invalid_auth, not_allowed_token_type, …) for a passing failure and tries again every ten
        seconds, forever, with a traceback each time. A refusal is a setting to fix, said in one line; a
        network failure or a server error is left to slack_sdk's retries (None: it asks again itself)."""
        try:
            response = await self.client.apps_connections_open(app_token=app_token)
        except SlackApiError as error:
            if error.response.status_code != 200:
                return None
            raise SettingsError(
                f"SLACK_APP_TOKEN: Slack refused it ({_slack_error(error)}); it must be the app-level token "
                "(xapp-…) with connections:write, from the app's Basic Information page"
            ) from None
        except (aiohttp.ClientError, TimeoutError):
            return None
        return str(response["url"])

    async def serve_http(self, port: int, host: str = "0.0.0.0") -> None:
        """Serve POST /slack/events, GET /healthz, /readyz and /metrics until cancelled."""
        bound = await self.start_http(port, host)
        log.info("Slack: serving HTTP on %s:%d (POST /slack/events; GET /healthz, /readyz, /metrics)", host, bound)
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def start_http(self, port: int = 0, host: str = "0.0.0.0") -> int:
        """Start the HTTP server and return its port (port 0 picks a free one)."""
        if not self.runtime.settings.slack_signing_secret:
            raise SettingsError(
                "SLACK_SIGNING_SECRET: not set (needed in HTTP mode to check that requests come from Slack)"
            )
        self._open_session()
        self._http = HttpServer(self.runtime, max_body=MAX_REQUEST_BYTES)
        self._http.app.router.add_post("/slack/events", self._http_events)
        return await self._http.start(port, host)

    async def stop_taking(self) -> None:
        """Take no more events: the HTTP server stops listening, the Socket Mode connection closes.

        The first step of stopping, before the answers under way are given their grace: an event
        acknowledged while the process drains would have its answer cancelled when the grace runs out,
        and Slack, told it was received, would not send it again. Refused instead, it is retried by
        Slack (HTTP) or sent on another connection (Socket Mode), to this process's successor."""
        if self._http is not None:
            http, self._http = self._http, None
            await http.stop()
        if self._socket is not None:
            socket, self._socket = self._socket, None
            await socket.close_async()

    async def stop(self) -> None:
        """Take no more events, give the work already acknowledged DRAIN_SECONDS to finish (what is
        still running then is cancelled: a send waiting on Slack must not keep the process up), then
        close the connection pool."""
        await self.stop_taking()
        await self.drain(DRAIN_SECONDS)
        if self.client.session is not None:
            await self.client.session.close()
            self.client.session = None

    async def drain(self, grace: float | None = None) -> None:
        """Wait until every request acknowledged so far has been answered; after `grace` seconds, cancel the rest."""
        await drain(self._inflight, grace)

    async def _http_events(self, request: web.Request) -> web.Response:
        return await to_aiohttp_response(await self.app.async_dispatch(await self._verified(request)))

    async def _verified(self, request: web.Request) -> AsyncBoltRequest:
        """The request as Bolt reads it, once it is known to come from Slack; else Refused (401, 400, 413).

        Everything a stranger controls is checked before anything is parsed, and in an order that
        cannot raise: the headers' form, the body's encoding, then the signature (HMAC of
        "v0:timestamp:body", five minutes at most old).
        """
        assert self._signatures is not None  # start_http requires the signing secret
        body = await read_body(request)
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            raise Refused(401, "no valid X-Slack-Request-Timestamp and X-Slack-Signature")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "body is not UTF-8") from None
        if not self._signatures.is_valid(text, timestamp, signature):
            raise Refused(401, "bad or stale signature")
        try:
            verified = AsyncBoltRequest(body=text, query=request.query_string, headers=dict(request.headers))
        except (ValueError, AttributeError, TypeError):  # JSON that does not parse, or is not an object
            raise Refused(400, "body is neither a JSON object nor a form") from None
        if not isinstance(verified.body, dict):
            raise Refused(400, "body is neither a JSON object nor a form")
        return verified

    def _track(self) -> None:
        """Count the listener's task (bolt starts it after the ack) as in flight, so stop() and drain() wait for it."""
        track(self._inflight)

    # --- listeners: Slack payload → Inbound -----------------------------------------

    def _inbound(
        self, *, key: str | None, user: str, conversation: Conversation, text: str = "", action: str | None = None
    ) -> Inbound:
        return Inbound(
            platform=Platform.SLACK,
            dedupe_key=key,
            actor=Actor(user_id=user),
            conversation=conversation,
            text=text,
            action=action,
            received_at=self.runtime.clock.now(),
        )

    async def _on_app_mention(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        """A mention in a channel, answered in its thread. A mention in a direct chat is left to message.im."""
        self._track()
        event = body["event"]
        if _is_direct_channel(str(event.get("channel", ""))) or event.get("bot_id"):
            return
        conversation = Conversation(
            id=event["channel"], is_direct=False, thread_id=event.get("thread_ts") or event["ts"]
        )
        await self._answer_event(body, event, conversation, context)

    async def _on_message(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        """A message in a direct chat with the bot; everything else (edits, bots, channels) is ignored."""
        self._track()
        event = body["event"]
        if event.get("channel_type") != "im" or event.get("subtype") not in _PERSON_SUBTYPES or event.get("bot_id"):
            return
        if not event.get("user") or event["user"] == context.bot_user_id:
            return
        conversation = Conversation(id=event["channel"], is_direct=True, thread_id=event.get("thread_ts"))
        await self._answer_event(body, event, conversation, context)

    async def _answer_event(
        self, body: Mapping[str, Any], event: Mapping[str, Any], conversation: Conversation, context: AsyncBoltContext
    ) -> None:
        text = question_text(str(event.get("text") or ""), context.bot_user_id)
        inbound = self._inbound(key=body.get("event_id"), user=event["user"], conversation=conversation, text=text)
        replies = await self.dispatcher.handle(inbound)
        await self._post_replies(conversation, event["user"], replies)

    async def _on_command(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """`/partnership …`: answered privately to the caller, or in the channel with `share` (where the
        channel may see answers at all: a reply for the asker alone is never shared)."""
        self._track()
        await ack()
        channel, user = body["channel_id"], body["user_id"]
        text, share = _without_share(unescape(str(body.get("text") or "")))
        conversation = Conversation(id=channel, is_direct=_is_direct_channel(channel))
        replies = await self.dispatcher.handle(
            self._inbound(key=f"trigger:{body['trigger_id']}", user=user, conversation=conversation, text=text)
        )
        for reply in replies:
            for message in render_messages(reply):
                await self._answer_command(
                    channel, user, message, body.get("response_url"), share=share and not reply.to_asker_only
                )

    async def _on_choice(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """A button: taken off its message (so it cannot be pressed twice), then answered like a typed reply."""
        self._track()
        await ack()
        action = body["actions"][0]
        user = body["user"]["id"]
        container = body.get("container") or {}
        if container.get("type") == "view":
            # a button on the App Home: the conversation it starts belongs in the direct chat
            try:
                channel = await self._open_direct(user)
            except DeliveryError:
                return
            conversation = Conversation(id=channel, is_direct=True)
        else:
            channel = body["channel"]["id"]
            message = body.get("message") or {}
            await self._remove_buttons(body, message, str(action.get("text", {}).get("text", "")))
            # an ephemeral message comes without `message`: its container says which thread it was in
            thread_id = message.get("thread_ts") or container.get("thread_ts")
            conversation = Conversation(id=channel, is_direct=_is_direct_channel(channel), thread_id=thread_id)
        inbound = self._inbound(
            key=f"trigger:{body['trigger_id']}",
            user=user,
            conversation=conversation,
            action=str(action.get("value", "")),
        )
        await self._post_replies(conversation, user, await self.dispatcher.handle(inbound))

    async def _on_home_opened(self, event: dict[str, Any]) -> None:
        """Publish the Home tab each time it is opened, so it shows the status of that moment."""
        self._track()
        if event.get("tab") != "home":
            return
        user = event["user"]
        view = render_home(await home(self.runtime, self.runtime.identify(self.platform, user)))
        try:
            await self.client.views_publish(user_id=user, view=view)
        except _SEND_ERRORS as error:
            log.warning("slack: could not publish the App Home of %s: %s", user, _slack_error(error))

    # --- sending ------------------------------------------------------------------

    async def _post(
        self, channel: str, message: SlackMessage, thread_id: str | None = None, key: str | None = None
    ) -> None:
        """One message; a failure raises DeliveryError("slack: <Slack's error>"). A delivery's key rides along
        as message metadata, so after a crash `already_delivered` can find it in the channel's history."""
        metadata = None if key is None else {"event_type": DELIVERY_EVENT, "event_payload": {"key": key}}
        try:
            await self.client.chat_postMessage(
                channel=channel,
                text=message["text"],
                blocks=message["blocks"],
                thread_ts=thread_id,
                unfurl_links=False,
                unfurl_media=False,
                metadata=metadata,
            )
        except _SEND_ERRORS as error:
            log.warning("slack: could not post to %s: %s", channel, _slack_error(error))
            raise _delivery_error(error) from error

    async def _post_ephemeral(
        self, channel: str, user: str, message: SlackMessage, thread_id: str | None = None
    ) -> None:
        """One message only `user` sees, in the channel (and thread); a failure raises
        DeliveryError("slack: <Slack's error>")."""
        try:
            await self.client.chat_postEphemeral(
                channel=channel, user=user, text=message["text"], blocks=message["blocks"], thread_ts=thread_id
            )
        except _SEND_ERRORS as error:
            log.warning("slack: could not post to %s for %s alone: %s", channel, user, _slack_error(error))
            raise _delivery_error(error) from error

    async def _send(self, channel: str, reply: Reply, thread_id: str | None = None, key: str | None = None) -> None:
        for message in render_messages(reply):
            await self._post(channel, message, thread_id, key)
        for attachment in reply.attachments:
            await self._upload(channel, attachment, thread_id)
        if reply.chart is not None:
            await self._attach_chart(channel, reply.chart, thread_id)

    async def _attach_chart(self, channel: str, chart: StatusChart, thread_id: str | None) -> None:
        """The chart as an image file under the text. The text is what the chairs need: a picture that fails
        is logged, and the message is not sent again for it."""
        png = await asyncio.to_thread(render_chart, chart)
        try:
            await self._upload_file(channel, png, CHART_FILENAME, chart.title, thread_id, alt_text=chart.title)
        except _UPLOAD_ERRORS as error:
            log.warning("slack: could not attach the chart in %s: %s", channel, _slack_error(error))

    async def _upload(self, channel: str, attachment: Attachment, thread_id: str | None = None) -> None:
        """A file after the message it belongs to; a failure raises DeliveryError("slack: <Slack's error>")."""
        try:
            await self._upload_file(channel, attachment.data, attachment.filename, attachment.filename, thread_id)
        except _UPLOAD_ERRORS as error:
            reason = _slack_error(error)
            log.warning("slack: could not upload %s to %s: %s", attachment.filename, channel, reason)
            raise DeliveryError(f"slack: {reason}") from error

    async def _upload_file(
        self,
        channel: str,
        data: bytes,
        filename: str,
        title: str,
        thread_id: str | None,
        *,
        alt_text: str | None = None,
    ) -> None:
        """files.upload v2 (get an upload URL, send the bytes, complete the share in the channel); a failure
        raises one of _UPLOAD_ERRORS, for the caller to say what it means for its message."""
        await self.client.files_upload_v2(
            channel=channel, file=data, filename=filename, title=title, alt_txt=alt_text, thread_ts=thread_id
        )

    async def _post_replies(self, conversation: Conversation, user: str, replies: list[Reply]) -> None:
        """Answers to a user, in the conversation or, where the dispatcher says so, to the user alone;
        a failure is logged (by _post, _post_ephemeral) and the listener carries on."""
        try:
            for reply in replies:
                if not reply.to_asker_only:
                    await self._send(conversation.id, reply, conversation.thread_id)
                    continue
                for message in render_messages(reply):
                    await self._post_ephemeral(conversation.id, user, message, conversation.thread_id)
        except DeliveryError:
            return

    async def _answer_command(
        self, channel: str, user: str, message: SlackMessage, response_url: str | None, *, share: bool
    ) -> None:
        """In the channel (`share`) or to the caller only. Where the bot is not a member of the channel Slack
        refuses both; the command's response_url still answers there, so it is the fallback."""
        try:
            if share:
                await self._post(channel, message)
            else:
                await self._post_ephemeral(channel, user, message)
            return
        except DeliveryError:
            pass  # logged by _post, _post_ephemeral
        if response_url:
            kind = "in_channel" if share else "ephemeral"
            await self._respond(
                response_url, {"response_type": kind, "text": message["text"], "blocks": message["blocks"]}
            )

    async def _respond(self, response_url: str, body: dict[str, Any]) -> None:
        try:
            response = await AsyncWebhookClient(response_url, session=self.client.session).send_dict(body)
            if response.status_code != 200:
                log.warning("slack: response_url answered %s: %s", response.status_code, response.body)
        except _SEND_ERRORS as error:
            log.warning("slack: response_url failed: %s", _slack_error(error))

    async def _remove_buttons(self, body: Mapping[str, Any], message: Mapping[str, Any], label: str) -> None:
        blocks = mark_chosen(message.get("blocks") or [], label)
        text = str(message.get("text") or label or " ")
        container = body.get("container") or {}
        if container.get("is_ephemeral") or not message.get("ts"):
            # an ephemeral message cannot be edited with chat.update, only replaced through response_url
            if body.get("response_url"):
                await self._respond(body["response_url"], {"replace_original": True, "text": text, "blocks": blocks})
            return
        try:
            await self.client.chat_update(channel=body["channel"]["id"], ts=message["ts"], text=text, blocks=blocks)
        except _SEND_ERRORS as error:
            log.warning("slack: could not remove the buttons of %s: %s", message["ts"], _slack_error(error))

    async def _open_direct(self, user_id: str) -> str:
        try:
            response = await self.client.conversations_open(users=user_id)
        except _SEND_ERRORS as error:
            log.warning("slack: could not open a direct chat with %s: %s", user_id, _slack_error(error))
            raise _delivery_error(error) from error
        return str(response["channel"]["id"])

    # --- Outbox -------------------------------------------------------------------

    def reaches(self, person: Person) -> bool:
        return person.slack is not None

    async def send_direct(self, person: Person, reply: Reply, *, key: str | None = None) -> None:
        if person.slack is None:
            raise DeliveryError(f"slack: {person.id} has no Slack id in the working-group file")
        self._open_session()
        await self._send(await self._open_direct(person.slack), reply, key=key)

    async def send_channel(self, channel_id: str, reply: Reply, *, key: str | None = None) -> None:
        self._open_session()
        await self._send(channel_id, reply, key=key)

    async def already_delivered(self, to: Person | str, key: str) -> bool | None:
        """Whether a message carrying the delivery's key is among the chat's recent messages (the last
        HISTORY_LOOKBACK); None when the history cannot be read (no scope, Slack down)."""
        self._open_session()
        try:
            if isinstance(to, Person):
                if to.slack is None:
                    return None
                to = await self._open_direct(to.slack)
            response = await self.client.conversations_history(
                channel=to, include_all_metadata=True, limit=HISTORY_LOOKBACK
            )
        except (*_SEND_ERRORS, DeliveryError) as error:
            log.warning("slack: cannot read the history of %s to look for delivery %s: %s", to, key, error)
            return None
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == DELIVERY_EVENT and (metadata.get("event_payload") or {}).get("key") == key:
                return True
        return False

    async def profile_timezone(self, person: Person) -> str | None:
        """The `tz` of the person's Slack profile; None when it cannot be read.

        The working-group file's timezone comes first; the scheduler asks this only
        for people without one, and stores what it gets.
        """
        if person.slack is None:
            return None
        self._open_session()
        try:
            response = await self.client.users_info(user=person.slack)
        except _SEND_ERRORS as error:
            log.warning("slack: could not read the profile of %s: %s", person.id, _slack_error(error))
            return None
        user = response.get("user") or {}
        tz = user.get("tz")
        return str(tz) if tz else None
