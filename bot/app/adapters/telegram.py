"""The Telegram adapter: python-telegram-bot v22 in, the Dispatcher in the middle, Telegram HTML out.

It translates and decides nothing. Every message addressed to the bot (a
command, any text or caption in a private chat, a group message or caption that
mentions the bot, a button press) becomes one Inbound for the Dispatcher, which
identifies the sender and refuses strangers; the adapter never answers on its
own. Group chatter that does not address the bot is not read at all.

Conversations live in our database, not in PTB's ConversationHandler (they must
resume after a restart, read the same on every platform and survive several
processes), so the handlers registered here are stateless translators. Updates
are handled concurrently (PTB's ``concurrent_updates``), but one person's
messages in one chat are answered in order, so a lead who types quickly gets
each answer after the one before.

Two ways in, one path: long polling (``serve_polling``) and a webhook behind our
own small aiohttp server (``serve_webhook``) both put the Update on the
Application's queue, which runs ``Application.process_update``. The webhook acks
at once and works after (Telegram redelivers what is not acknowledged in time),
and refuses any request without the secret token Telegram was given in ``setWebhook``.
Its server (bot.app.http_server) also serves /healthz, /readyz and /metrics.

Every Bot API call, answer or Outbox send (round prompts, reminders, digests),
goes through python-telegram-bot's rate limiter, bounded
(`bot.app.adapters.telegram_limiter`): throttled under Telegram's limits, flood
waits up to a minute waited out, server errors retried.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from telegram import (
    BotCommand,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.app.adapters.sending import DRAIN_SECONDS, drain, track
from bot.app.adapters.telegram_limiter import BoundedRateLimiter
from bot.app.dispatcher import Dispatcher
from bot.app.http_server import HttpServer, Refused, read_body
from bot.app.outbox import DeliveryError
from bot.audience import open_a_chat
from bot.model import Actor, Attachment, Conversation, Inbound, Platform, Reply, StatusChart
from bot.render.chart import FILENAME as CHART_FILENAME
from bot.render.chart import render_chart
from bot.render.telegram import TelegramMessage, render_telegram, resolve_callback
from bot.runtime import Runtime
from bot.settings import SettingsError
from bot.workgroup import Person

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram"
# An update is one message (4,096 characters at most, a caption 1,024) with the message it replies to: tens of KB.
MAX_REQUEST_BYTES = 256 * 1024
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]  # edits are not answered again


@dataclass(frozen=True)
class Command:
    """A slash command and the message it stands for; its words after the command follow when it takes them."""

    name: str
    description: str
    means: str
    takes_words: bool = False
    listed: bool = True  # shown in Telegram's command menu


COMMANDS: tuple[Command, ...] = (
    Command("start", "Start", "help", listed=False),
    Command("help", "What I can do, with examples", "help"),
    Command("ask", "Ask about the partnership, e.g. /ask what does §14 commit to", "", takes_words=True),
    Command("status", "Where the areas stand, or one area: /status maritime", "status", takes_words=True),
    Command("update", "Give a status update for an area you lead (in a direct message)", "update", takes_words=True),
    Command("digest", "Preview the chairs' digest (chairs only)", "digest preview", takes_words=True),
    Command("areas", "The areas of cooperation", "areas"),
)
_BY_NAME = {command.name: command for command in COMMANDS}


_COMMAND = re.compile(r"/([A-Za-z0-9_]+)(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?", re.DOTALL)


def command_text(text: str) -> str:
    """What a command means to the dispatcher: "/status@partnerbot_bot maritime" → "status maritime".

    A command without the words it needs ("/ask" alone) asks for help.
    """
    match = _COMMAND.fullmatch(text.strip())
    command = _BY_NAME.get(match.group(1).lower()) if match else None
    if match is None or command is None:
        return text.strip()
    words = (match.group(2) or "").strip()
    meaning = f"{command.means} {words}".strip() if command.takes_words else command.means
    return meaning or "help"


def strip_mention(text: str, username: str) -> str:
    """The message without the bot's @mention wherever it is: "@partnerbot_bot, status cyber" →
    "status cyber", "what is FIMI @partnerbot_bot?" → "what is FIMI?".

    The mention only addresses the bot. It goes with the spaces before it (one stays where two words
    would be glued together) and, leading, with the comma or colon after it, as on Slack. Text
    without the mention is left as typed (a lead's update keeps its spacing).
    """
    mention = rf"(?<![\w@])@{re.escape(username)}(?![A-Za-z0-9_])"
    text, leading = re.subn(rf"^\s*{mention}[\s,:]*", "", text, flags=re.IGNORECASE)

    def cut(match: re.Match[str]) -> str:
        glued = match.start() > 0 and text[match.end() : match.end() + 1].isalnum()
        return " " if glued else ""

    stripped, inside = re.subn(rf"[ \t]*{mention}", cut, text, flags=re.IGNORECASE)
    return stripped.strip() if leading or inside else stripped


def with_user_mentions(text: str, entities: Sequence[MessageEntity]) -> str:
    """The text with each `text_mention` written `<@USERID>`: "ask Lee" → "ask <@100014>".

    A person without a username can be mentioned only this way: the text shows whatever name the
    client displayed, the entity carries their id. The id, in the form Slack's mentions take too, is
    what the understanding layer can resolve to a person of the working-group file. An ordinary
    "@username" is plain text already and stays as typed. Offsets count UTF-16 code units.
    """
    mentions = sorted(
        (e.offset, e.length, e.user.id) for e in entities if e.type == MessageEntity.TEXT_MENTION and e.user is not None
    )
    if not mentions:
        return text
    units = text.encode("utf-16-le")  # two bytes a code unit
    parts: list[str] = []
    at = 0
    for offset, length, user_id in mentions:
        parts += [units[at : offset * 2].decode("utf-16-le"), f"<@{user_id}>"]
        at = (offset + length) * 2
    parts.append(units[at:].decode("utf-16-le"))
    return "".join(parts)


def _written(message: Message) -> tuple[str, Sequence[MessageEntity]]:
    """The message's text and its entities, or its caption's: a photo or document sent with words is a message too."""
    if message.text is not None:
        return message.text, message.entities
    return message.caption or "", message.caption_entities


def message_text(message: Message, username: str) -> str:
    """What a message says to the bot: text or caption, a command as the words it stands for,
    others' text_mentions as `<@USERID>`, without the bot's own @mention wherever it is."""
    text, entities = _written(message)
    return strip_mention(command_text(with_user_mentions(text, entities)), username)


def mentions_bot(message: Message, username: str) -> bool:
    """Whether the text or caption mentions this bot, by a `mention` entity ("@partnerbot_botter" does not)."""
    if message.text is not None:
        found = message.parse_entities([MessageEntity.MENTION])
    else:
        found = message.parse_caption_entities([MessageEntity.MENTION])
    return any(mention.lower() == f"@{username}".lower() for mention in found.values())


def actor_of(update: Update) -> Actor | None:
    """Who sent an update, as the dispatcher must see them; None when nobody did.

    An anonymous group admin's message comes `from` GroupAnonymousBot (id 1087968824, a bot),
    one sent on behalf of a channel from Channel_Bot: placeholders Telegram keeps for old clients,
    while the real sender is `sender_chat` (PTB's `effective_sender`). Taken literally, such a
    message is a bot's, which the dispatcher ignores before identifying anyone, so an admin who
    mentions the bot would meet silence. It is a person writing under a chat's name whom nobody
    can identify, so the actor is the chat: not a bot, with the id "chat:<chat id>", which can never
    equal a member's Telegram id (a plain number), and the dispatcher gives its one refusal as to
    any stranger.
    """
    sender = update.effective_sender
    if isinstance(sender, Chat):
        return Actor(user_id=f"chat:{sender.id}", is_bot=False)
    if isinstance(sender, User):
        return Actor(user_id=str(sender.id), is_bot=sender.is_bot)
    return None


def file_url_for(base_url: str) -> str:
    """Telegram serves files beside the bot API: ".../bot" → ".../file/bot" (also for a local Bot API server)."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}"


def keyboard_markup(message: TelegramMessage) -> InlineKeyboardMarkup | None:
    if message.keyboard is None:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in message.keyboard]
    )


class TelegramAdapter:
    """The bot on Telegram, and the Outbox for people with a Telegram id.

    The Outbox works with or without the adapter serving updates (``partnerbot scheduler``
    only sends); either way ``stop`` closes its connections.
    """

    platform = Platform.TELEGRAM

    def __init__(self, runtime: Runtime, dispatcher: Dispatcher) -> None:
        settings = runtime.settings
        if not settings.telegram_bot_token:
            raise SettingsError("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and set its token")
        self.runtime = runtime
        self.dispatcher = dispatcher
        self._turns: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = weakref.WeakValueDictionary()
        self._http: HttpServer | None = None
        self._inflight: set[asyncio.Task[Any]] = set()
        self.application = (
            ApplicationBuilder()
            .token(settings.telegram_bot_token.get_secret_value())
            .base_url(settings.telegram_api_url)
            .base_file_url(file_url_for(settings.telegram_api_url))
            .concurrent_updates(True)
            .rate_limiter(BoundedRateLimiter())
            .job_queue(None)  # our scheduler sends prompts and digests, not PTB's
            .build()
        )
        app = self.application
        app.add_handler(
            CommandHandler([c.name for c in COMMANDS], self._on_addressed, filters=filters.UpdateType.MESSAGE)
        )
        # words in a caption (a photo, a document) are read like a text message's
        written = filters.TEXT | filters.CAPTION
        mentioned = (filters.TEXT & filters.Entity(MessageEntity.MENTION)) | (
            filters.CAPTION & filters.CaptionEntity(MessageEntity.MENTION)
        )
        app.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & written, self._on_addressed)
        )
        app.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.GROUPS & mentioned, self._on_group_mention)
        )
        app.add_handler(CallbackQueryHandler(self._on_button))
        app.add_error_handler(self._on_error)

    # --- Outbox ---------------------------------------------------------------------------

    def reaches(self, person: Person) -> bool:
        return person.telegram is not None

    async def send_direct(self, person: Person, reply: Reply, *, key: str | None = None) -> None:
        """To the person's private chat, whose id is their user id. Telegram lets a bot write only
        to people who have started it, so a person who never did gets a DeliveryError saying so."""
        if person.telegram is None:
            raise DeliveryError(f"telegram: {person.id} has no Telegram id")
        await self._deliver(person.telegram, reply)

    async def send_channel(self, channel_id: str, reply: Reply, *, key: str | None = None) -> None:
        """To a group or channel: a numeric chat id ("-1001234567890") or a public "@channelname"."""
        await self._deliver(int(channel_id) if re.fullmatch(r"-?\d+", channel_id) else channel_id, reply)

    async def already_delivered(self, to: Person | str, key: str) -> bool | None:
        """Telegram cannot tell: a bot can read neither a chat's history nor what it sent before."""
        return None

    async def profile_timezone(self, person: Person) -> str | None:
        return None  # Telegram profiles have no timezone

    async def _deliver(self, chat_id: int | str, reply: Reply) -> None:
        try:
            await self.application.bot.initialize()  # at once when serving; `partnerbot scheduler` only sends
            await self._send_reply(chat_id, reply)
        except TelegramError as error:
            raise DeliveryError(f"telegram: {error.message}") from error

    # --- sending ----------------------------------------------------------------------------

    async def _send(self, chat_id: int | str, message: TelegramMessage, *, thread_id: int | None = None) -> Message:
        return await self.application.bot.send_message(
            chat_id=chat_id,
            text=message.text,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard_markup(message),
            message_thread_id=thread_id,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )

    async def _send_reply(self, chat_id: int | str, reply: Reply, *, thread_id: int | None = None) -> None:
        for message in render_telegram(reply):
            await self._send(chat_id, message, thread_id=thread_id)
        if reply.chart is not None:
            await self._send_chart(chat_id, reply.chart, thread_id=thread_id)
        for attachment in reply.attachments:
            await self._send_document(chat_id, attachment, thread_id=thread_id)

    async def _send_document(
        self, chat_id: int | str, attachment: Attachment, *, thread_id: int | None = None
    ) -> Message:
        """A file after the messages it belongs to, as a document the person can open or save."""
        return await self.application.bot.send_document(
            chat_id=chat_id,
            document=InputFile(attachment.data, filename=attachment.filename),
            message_thread_id=thread_id,
        )

    async def _send_chart(self, chat_id: int | str, chart: StatusChart, *, thread_id: int | None = None) -> None:
        """The chart as a photo under the text. The text is what the chairs need: a picture that fails is
        logged, and the message is not sent again for it."""
        png = await asyncio.to_thread(render_chart, chart)
        try:
            await self.application.bot.send_photo(
                chat_id=chat_id, photo=png, filename=CHART_FILENAME, caption=chart.title, message_thread_id=thread_id
            )
        except (TelegramError, DeliveryError) as error:
            log.warning("telegram: could not send the chart to %s: %s", chat_id, error)

    async def _reply(self, inbound: Inbound, replies: list[Reply]) -> None:
        """Answers to a user, in the chat they wrote in or, where the dispatcher says so, in their private
        chat; a send that failed after its retries is logged, and the handler carries on."""
        chat_id = int(inbound.conversation.id)
        thread_id = int(inbound.conversation.thread_id) if inbound.conversation.thread_id else None
        # a private chat's id is its user's; someone writing under a chat's name ("chat:<id>") has none
        private_chat = int(inbound.actor.user_id) if inbound.actor.user_id.isdigit() else None
        try:
            for reply in replies:
                if not reply.to_asker_only:
                    await self._send_reply(chat_id, reply, thread_id=thread_id)
                elif private_chat is not None and not await self._reply_privately(private_chat, reply):
                    private_chat = None  # said once in the group; the rest is not tried again
                    await self._send_reply(chat_id, open_a_chat(), thread_id=thread_id)
        except (TelegramError, DeliveryError) as error:
            log.warning("telegram: could not answer in chat %s: %s", chat_id, error)

    async def _reply_privately(self, user_id: int, reply: Reply) -> bool:
        """To the asker's private chat; False when Telegram refuses it. A bot can write only to people
        who have started it (and not blocked it since)."""
        try:
            await self._send_reply(user_id, reply)
        except (Forbidden, BadRequest) as error:
            log.info("telegram: cannot write to %s privately: %s", user_id, error.message)
            return False
        return True

    # --- updates in ----------------------------------------------------------------------------

    def _inbound(self, update: Update, *, text: str = "", action: str | None = None) -> Inbound | None:
        """The Inbound of an update; None when nobody sent it."""
        actor, chat, message = actor_of(update), update.effective_chat, update.effective_message
        if actor is None:
            return None
        thread = message.message_thread_id if message is not None and message.is_topic_message else None
        return Inbound(
            platform=Platform.TELEGRAM,
            dedupe_key=str(update.update_id),
            actor=actor,
            # a button press that comes without its message is answered in the private chat (whose id is the user's)
            conversation=Conversation(
                id=str(chat.id) if chat is not None else actor.user_id,
                is_direct=chat is None or chat.type == ChatType.PRIVATE,
                thread_id=str(thread) if thread is not None else None,
            ),
            text=text,
            action=action,
            received_at=self.runtime.clock.now(),
        )

    async def _dispatch(self, update: Update, *, text: str = "", action: str | None = None) -> None:
        inbound = self._inbound(update, text=text, action=action)
        if inbound is None:
            return
        # one person's messages in one chat are answered in order; everyone else's alongside
        turn = self._turns.setdefault((inbound.conversation.id, inbound.actor.user_id), asyncio.Lock())
        async with turn:
            await self._reply(inbound, await self.dispatcher.handle(inbound))

    async def _on_addressed(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command anywhere, or anything written in a private chat: all of it is meant for the bot."""
        track(self._inflight)
        message = update.effective_message
        if message is not None and (message.text or message.caption):
            await self._dispatch(update, text=message_text(message, context.bot.username))

    async def _on_group_mention(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group message is read only when it mentions this bot; the mention is not part of the question."""
        track(self._inflight)
        message = update.effective_message
        username = context.bot.username
        if message is not None and mentions_bot(message, username):
            await self._dispatch(update, text=message_text(message, username))

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Acknowledge at once (Telegram shows a spinner until then), take the keyboard off so the
        choice cannot be made twice, then dispatch the choice like a typed answer. The answer to the
        query carries no text: whatever the press means, the dispatcher says it, to members only."""
        track(self._inflight)
        query = update.callback_query
        if query is None or query.data is None:
            return
        try:
            await query.answer()
        except TelegramError as error:
            log.warning("could not answer callback query %s: %s", query.id, error.message)
        message = query.message
        labels: list[str] = []
        if message is not None:
            if isinstance(message, Message) and message.reply_markup is not None:
                labels = [button.text for row in message.reply_markup.inline_keyboard for button in row]
            try:
                await context.bot.edit_message_reply_markup(chat_id=message.chat.id, message_id=message.message_id)
            except BadRequest as error:
                if "not modified" in error.message.lower():
                    log.info("button on message %s pressed again; the first press is answered", message.message_id)
                    return
                log.warning("could not remove the keyboard of message %s: %s", message.message_id, error.message)
        await self._dispatch(update, action=resolve_callback(query.data, labels))

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("telegram update %s: %s", update_id, context.error, exc_info=context.error)

    # --- running ---------------------------------------------------------------------------------

    async def _start(self) -> None:
        await self.application.initialize()
        await self.application.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS if c.listed])
        await self.application.start()

    async def serve_polling(self) -> None:
        """Long polling until cancelled; then the pending updates are answered and everything closed."""
        try:
            await self._start()
            updater = self.application.updater
            assert updater is not None  # the builder makes one unless told not to
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def serve_webhook(self, url: str, port: int, host: str = "0.0.0.0") -> None:
        """Webhook mode until cancelled: Telegram posts updates to ``url``, which the proxy in front
        forwards to POST /telegram on ``port``. Several processes may serve one webhook."""
        try:
            await self.start_webhook(url, port, host)
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def start_webhook(self, url: str, port: int = 0, host: str = "127.0.0.1") -> int:
        """Start the application and our HTTP server, register the webhook; returns the bound port."""
        secret = self.runtime.settings.telegram_webhook_secret
        if not secret:
            raise SettingsError(
                "TELEGRAM_WEBHOOK_SECRET is not set: webhook mode needs it to tell Telegram's requests from anyone's"
            )
        await self._start()
        self._http = HttpServer(self.runtime, max_body=MAX_REQUEST_BYTES)
        self._http.app.router.add_post(WEBHOOK_PATH, self._on_webhook_request)
        bound = await self._http.start(port, host)
        await self.application.bot.set_webhook(
            url=url, secret_token=secret.get_secret_value(), allowed_updates=ALLOWED_UPDATES
        )
        log.info("telegram webhook %s served on %s:%d%s", url, host, bound, WEBHOOK_PATH)
        return bound

    async def _on_webhook_request(self, request: web.Request) -> web.Response:
        """Only requests carrying the secret are read (within the size limit); the update is queued and
        acknowledged at once. A refusal (403, 413, 400) is one log line, without the body."""
        configured = self.runtime.settings.telegram_webhook_secret
        secret = configured.get_secret_value() if configured else ""
        # the header's bytes as sent: aiohttp keeps bytes that are not UTF-8 as surrogates, which .encode() refuses
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not secret or not hmac.compare_digest(given, secret.encode()):
            raise Refused(403, "without the right secret token")
        body = await read_body(request)
        try:
            update = Update.de_json(json.loads(body), self.application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):  # not JSON (nor UTF-8), or not an update
            raise Refused(400, "body is not a Telegram update") from None
        await self.application.update_queue.put(update)
        return web.Response(status=200)

    async def drain(self, grace: float | None = None) -> None:
        """Wait until the updates taken so far have been answered; after `grace` seconds, cancel the rest."""
        await drain(self._inflight, grace)

    async def stop_taking(self) -> None:
        """Take no more updates: the webhook's HTTP server stops listening, polling stops.

        The first step of stopping, before the updates already taken are given their grace: an update
        taken while the process drains would have its answer cancelled when the grace runs out, and
        Telegram, its receipt confirmed, would not send it again. Left untaken, it waits at Telegram for
        the next process (polling) or is posted again (a webhook refused)."""
        if self._http is not None:
            http, self._http = self._http, None
            await http.stop()
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()

    async def stop(self) -> None:
        """Stop taking updates, then stop the application once the updates it already took are answered,
        or DRAIN_SECONDS have passed (what still runs then is cancelled: a send waiting out flood control
        must not keep the process up). The webhook stays registered: another process may serve it."""
        await self.stop_taking()
        if self.application.running:
            await self.drain(DRAIN_SECONDS)
            await self.application.stop()
        await self.application.shutdown()
        await self.application.bot.shutdown()  # when only the Outbox ran; a no-op otherwise
