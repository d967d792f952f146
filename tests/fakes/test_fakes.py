"""Tests of the platform fakes, driven by the REAL slack_sdk and python-telegram-bot clients.

Why: the fakes are only useful if the real clients accept their answers, so
these tests exercise the exact client code paths partnerbot relies on
(JSON vs. form encoding, GET for users.info, retry handlers, PTB's error
mapping and Update parsing).
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import socket
import time
import types
import warnings
from collections.abc import Sequence
from typing import Any

import aiohttp
import pytest
import telegram
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, RetryAfter
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from tests.fakes.slack_api import FakeSlackApi, RecordedCall
from tests.fakes.telegram_api import (
    FakeTelegramApi,
    callback_query_update,
    group_text_update,
    private_text_update,
)

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow

SLACK_TOKEN = "xoxb-test-token"
TG_TOKEN = "123456:TEST-token_abc"


def _retry_after_seconds(exc: RetryAfter) -> float:
    """RetryAfter.retry_after is an int (deprecated) or a timedelta (PTB_TIMEDELTA)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


# --------------------------------------------------------------------------- Slack


@pytest.mark.asyncio
async def test_slack_url_shape_and_lifecycle() -> None:
    api = FakeSlackApi()
    with pytest.raises(RuntimeError):
        _ = api.url
    await api.start()
    try:
        assert api.url == f"http://127.0.0.1:{api.port}/api/"
        assert api.port > 0
        assert not _port_is_free(api.port)
    finally:
        await api.stop()
    assert not api.running
    assert _port_is_free(api.port)
    await api.stop()  # idempotent


@pytest.mark.asyncio
async def test_slack_auth_test() -> None:
    async with FakeSlackApi(bot_user_id="U0XYZ") as api:
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        resp = await client.auth_test()
        assert resp["user_id"] == "U0XYZ"
        assert resp["team_id"] == "T0PARTNER"
        assert resp["bot_id"] == "B0BOT"
        [call] = api.calls_to("auth.test")
        assert call.token == SLACK_TOKEN
        assert call.failed is False


@pytest.mark.asyncio
async def test_slack_post_message_round_trip_with_blocks() -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}]
    async with FakeSlackApi() as api:
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        first = await client.chat_postMessage(channel="C1", text="hello", blocks=blocks)
        second = await client.chat_postMessage(channel="C1", text="again", thread_ts=first["ts"])
        await client.chat_postMessage(channel="C2", text="elsewhere")

        assert first["channel"] == "C1"
        assert first["message"]["blocks"] == blocks
        assert first["message"]["user"] == api.bot_user_id
        assert second["message"]["thread_ts"] == first["ts"]
        assert float(second["ts"]) > float(first["ts"])
        # slack_sdk sends chat.postMessage as JSON; blocks arrive decoded.
        assert api.messages("C1")[0]["blocks"] == blocks
        assert [m["text"] for m in api.messages("C1")] == ["hello", "again"]
        assert len(api.messages()) == 3
        assert api.calls_to("chat.postMessage")[0].token == SLACK_TOKEN


@pytest.mark.asyncio
async def test_slack_blocks_as_json_string_in_form_body_are_decoded() -> None:
    blocks = [{"type": "divider"}]
    async with FakeSlackApi() as api:
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        await client.api_call(
            "chat.postMessage",
            data={"channel": "C9", "text": "[not json", "blocks": json.dumps(blocks)},
        )
        [params] = api.messages("C9")
        assert params["blocks"] == blocks
        assert params["text"] == "[not json"


@pytest.mark.asyncio
async def test_slack_users_info_with_tz_and_unknown_user() -> None:
    async with FakeSlackApi() as api:
        api.add_user("U1", name="kim", tz="Asia/Seoul")
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        resp = await client.users_info(user="U1")
        assert resp["user"]["tz"] == "Asia/Seoul"
        assert resp["user"]["tz_offset"] == 9 * 3600
        assert resp["user"]["name"] == "kim"
        # slack_sdk sends users.info as GET with query parameters
        assert api.calls_to("users.info")[0].http_method == "GET"

        with pytest.raises(SlackApiError) as excinfo:
            await client.users_info(user="U404")
        assert excinfo.value.response["error"] == "user_not_found"
        assert api.calls_to("users.info")[1].failed is True


@pytest.mark.asyncio
async def test_slack_other_methods_and_unknown_method() -> None:
    async with FakeSlackApi() as api:
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        opened = await client.conversations_open(users="U7")
        assert opened["channel"]["id"] == "DU7"
        updated = await client.chat_update(channel="C1", ts="1700000000.000100", text="edited")
        assert updated["text"] == "edited"
        eph = await client.chat_postEphemeral(channel="C1", user="U7", text="psst")
        assert eph["message_ts"]
        view = {"type": "home", "blocks": [{"type": "divider"}]}
        published = await client.views_publish(user_id="U7", view=view)
        assert published["view"]["id"].startswith("V")
        assert api.views["U7"]["blocks"] == view["blocks"]

        with pytest.raises(SlackApiError) as excinfo:
            await client.api_call("reactions.add", json={"channel": "C1", "name": "x"})
        assert excinfo.value.response["error"] == "unknown_method"
        assert api.calls[-1].method == "reactions.add" and api.calls[-1].failed


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    + (640).to_bytes(4, "big")
    + (480).to_bytes(4, "big")
    + b"\x08\x02\x00\x00\x00"
)


@pytest.mark.asyncio
async def test_slack_files_upload_v2_takes_its_three_steps() -> None:
    async with FakeSlackApi() as api:
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        done = await client.files_upload_v2(
            channel="C1", file=PNG, filename="chart.png", title="Status", alt_txt="Status by area"
        )
        assert done["file"]["title"] == "Status" and done["file"]["size"] == len(PNG)
        assert api.methods_called() == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
        [upload] = api.uploads("C1")
        assert upload["data"] == PNG and upload["filename"] == "chart.png" and upload["alt_txt"] == "Status by area"
        history = await client.conversations_history(channel="C1")
        assert history["messages"][0]["files"][0]["id"] == upload["id"]


@pytest.mark.asyncio
async def test_slack_upload_steps_are_checked() -> None:
    async with FakeSlackApi() as api:
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        issued = await client.files_getUploadURLExternal(filename="chart.png", length=len(PNG) + 1)
        async with aiohttp.ClientSession() as session:
            async with session.post(issued["upload_url"], data=PNG) as wrong_length:
                assert wrong_length.status == 400
            async with session.post(f"{api.origin}/upload/v1/F99999999", data=PNG) as unknown:
                assert unknown.status == 404
        with pytest.raises(SlackApiError) as never_uploaded:
            await client.files_completeUploadExternal(files=[{"id": issued["file_id"], "title": "x"}], channel_id="C1")
        assert never_uploaded.value.response["error"] == "file_not_found"
        with pytest.raises(SlackApiError) as no_length:
            await client.api_call("files.getUploadURLExternal", params={"filename": "chart.png"})
        assert no_length.value.response["error"] == "invalid_arguments"
        assert api.uploads() == []


@pytest.mark.asyncio
async def test_slack_429_is_retried_by_rate_limit_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The handler sleeps int(Retry-After) + random.random(); remove the jitter
    # so the test stays well under a second.
    monkeypatch.setattr(builtin_async_handlers, "random", types.SimpleNamespace(random=lambda: 0.0))
    async with FakeSlackApi() as api:
        api.fail_next("chat.postMessage", retry_after=0)
        client = AsyncWebClient(
            token=SLACK_TOKEN,
            base_url=api.url,
            retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)],
        )
        resp = await client.chat_postMessage(channel="C1", text="hi")
        assert resp["ok"] is True
        calls = api.calls_to("chat.postMessage")
        assert [c.failed for c in calls] == [True, False]
        assert api.messages("C1") == [calls[1].params]


@pytest.mark.asyncio
async def test_slack_429_without_retry_handler_surfaces_retry_after() -> None:
    async with FakeSlackApi() as api:
        api.fail_next("chat.postMessage", retry_after=7)
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        with pytest.raises(SlackApiError) as excinfo:
            await client.chat_postMessage(channel="C1", text="hi")
        assert excinfo.value.response.status_code == 429
        assert excinfo.value.response.headers["Retry-After"] == "7"
        assert excinfo.value.response["error"] == "ratelimited"
        # the injected failure is consumed: next call succeeds
        assert (await client.chat_postMessage(channel="C1", text="hi"))["ok"] is True


@pytest.mark.asyncio
async def test_slack_fail_next_with_error_and_times() -> None:
    async with FakeSlackApi() as api:
        api.fail_next("chat.postMessage", error="channel_not_found", times=2)
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        for _ in range(2):
            with pytest.raises(SlackApiError) as excinfo:
                await client.chat_postMessage(channel="C1", text="hi")
            assert excinfo.value.response.status_code == 200
            assert excinfo.value.response["error"] == "channel_not_found"
        assert (await client.chat_postMessage(channel="C1", text="hi"))["ok"] is True
        assert api.pending_failures("chat.postMessage") == 0


@pytest.mark.asyncio
async def test_slack_expected_token() -> None:
    async with FakeSlackApi(expected_token=SLACK_TOKEN) as api:
        with pytest.raises(SlackApiError) as excinfo:
            await AsyncWebClient(token="xoxb-wrong", base_url=api.url).auth_test()
        assert excinfo.value.response["error"] == "invalid_auth"
        assert (await AsyncWebClient(token=SLACK_TOKEN, base_url=api.url).auth_test())["ok"]


@pytest.mark.asyncio
async def test_wait_for_wakes_on_background_call_and_times_out_helpfully() -> None:
    async with FakeSlackApi() as api:
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)

        async def later() -> None:
            await asyncio.sleep(0.05)
            await client.chat_postMessage(channel="C1", text="one")
            await client.chat_postMessage(channel="C1", text="two")

        task = asyncio.create_task(later())
        calls = await api.wait_for("chat.postMessage", count=2, timeout=2.0)
        await task
        assert [c.params["text"] for c in calls] == ["one", "two"]
        assert all(isinstance(c, RecordedCall) for c in calls)

        with pytest.raises(AssertionError) as excinfo:
            await api.wait_for("views.publish", timeout=0.05)
        message = str(excinfo.value)
        assert "views.publish" in message and "chat.postMessage" in message


@pytest.mark.asyncio
async def test_slack_bolt_app_replies_through_fake() -> None:
    """slack_bolt's AsyncApp, given a client aimed at the fake, authorizes and says() via HTTP."""
    secret = "signing-secret"
    async with FakeSlackApi() as api:
        app = AsyncApp(
            client=AsyncWebClient(token=SLACK_TOKEN, base_url=api.url),
            signing_secret=secret,
        )

        @app.event("app_mention")
        async def on_mention(event: dict[str, Any], say: Any) -> None:
            await say(text=f"hi <@{event['user']}>", thread_ts=event["ts"])

        body = json.dumps(
            {
                "type": "event_callback",
                "team_id": "T0PARTNER",
                "api_app_id": "A0PARTNER",
                "event_id": "Ev1",
                "event_time": 1700000000,
                "authorizations": [{"team_id": "T0PARTNER", "user_id": "U0BOT", "is_bot": True}],
                "event": {
                    "type": "app_mention",
                    "user": "U1",
                    "text": "<@U0BOT> hey",
                    "ts": "1700000000.000001",
                    "channel": "C1",
                    "event_ts": "1700000000.000001",
                },
            }
        )
        timestamp = str(int(time.time()))
        signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
        headers: dict[str, str | Sequence[str]] = {
            "content-type": ["application/json"],
            "x-slack-request-timestamp": [timestamp],
            "x-slack-signature": [signature or ""],
        }
        response = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
        assert response.status == 200
        [call] = await api.wait_for("chat.postMessage", timeout=2.0)
        assert call.params["text"] == "hi <@U1>"
        assert call.params["thread_ts"] == "1700000000.000001"
        # bolt's per-request client adds team_id to every call
        assert call.params["team_id"] == "T0PARTNER"
        assert call.token == SLACK_TOKEN
        assert api.methods_called() == ["auth.test", "chat.postMessage"]


# --------------------------------------------------------------------------- Telegram


@pytest.mark.asyncio
async def test_telegram_get_me_and_url_shape() -> None:
    async with FakeTelegramApi() as api:
        assert api.base_url == f"http://127.0.0.1:{api.port}/bot"
        # Bot.initialize() (run by `async with`) already calls getMe once.
        async with Bot(TG_TOKEN, base_url=api.base_url) as bot:
            me = await bot.get_me()
        assert me.id == 999000
        assert me.is_bot and me.username == "partnerbot_bot"
        assert me.can_join_groups is True
        calls = api.calls_to("getMe")
        assert len(calls) == 2
        assert calls[0].token == TG_TOKEN


@pytest.mark.asyncio
async def test_telegram_send_message_round_trip() -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    async with FakeTelegramApi() as api:
        async with Bot(TG_TOKEN, base_url=api.base_url) as bot:
            first = await bot.send_message(chat_id=42, text="hello", reply_markup=markup)
            second = await bot.send_message(chat_id=42, text="again")
            group = await bot.send_message(chat_id=-1001234, text="to group")

        assert isinstance(first, telegram.Message)
        assert first.text == "hello"
        assert first.chat.id == 42 and first.chat.type == "private"
        assert first.from_user is not None and first.from_user.id == api.bot_id
        assert first.reply_markup == markup
        assert second.message_id == first.message_id + 1
        assert group.chat.type == "supergroup"
        assert isinstance(first.date, dtm.datetime)
        # PTB sends form-encoded strings; the fake coerces chat_id and decodes reply_markup.
        sent = api.sent(42)
        assert [p["text"] for p in sent] == ["hello", "again"]
        assert sent[0]["chat_id"] == 42
        assert sent[0]["reply_markup"] == {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}


@pytest.mark.asyncio
async def test_telegram_refuses_a_private_chat_the_user_never_started() -> None:
    async with FakeTelegramApi() as api:
        api.not_started.add(42)
        async with Bot(TG_TOKEN, base_url=api.base_url) as bot:
            with pytest.raises(telegram.error.Forbidden, match="can't initiate conversation"):
                await bot.send_message(chat_id=42, text="hello")
            await bot.send_message(chat_id=43, text="hello")
        assert api.sent(42) == [] and [p["text"] for p in api.sent(43)] == ["hello"]


async def test_telegram_send_photo_uploads_and_is_checked() -> None:
    async with FakeTelegramApi() as api:
        async with Bot(TG_TOKEN, base_url=api.base_url) as bot:
            sent = await bot.send_photo(chat_id=42, photo=PNG, filename="chart.png", caption="Status")
            assert sent.photo[-1].width == 640 and sent.photo[-1].height == 480 and sent.caption == "Status"
            with pytest.raises(BadRequest, match="Image_process_failed"):
                await bot.send_photo(chat_id=42, photo=b"not an image", filename="x.png")
            with pytest.raises(BadRequest, match="caption is too long"):
                await bot.send_photo(chat_id=42, photo=PNG, filename="chart.png", caption="x" * 1025)
        [photo] = api.photos(42)
        assert photo["photo"]["data"] == PNG and photo["photo"]["filename"] == "chart.png"


@pytest.mark.asyncio
async def test_telegram_edits_and_callback_answer() -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    async with FakeTelegramApi() as api:
        async with Bot(TG_TOKEN, base_url=api.base_url) as bot:
            msg = await bot.send_message(chat_id=7, text="v1", reply_markup=markup)
            edited = await bot.edit_message_text(chat_id=7, message_id=msg.message_id, text="v2")
            assert isinstance(edited, telegram.Message) and edited.text == "v2"
            # editing text without reply_markup drops the keyboard, as on Telegram
            assert edited.reply_markup is None
            again = await bot.edit_message_reply_markup(chat_id=7, message_id=msg.message_id, reply_markup=markup)
            assert isinstance(again, telegram.Message) and again.reply_markup == markup
            assert await bot.edit_message_text(inline_message_id="abc", text="x") is True
            assert await bot.answer_callback_query("cbq-1", text="ok") is True
            await bot.set_my_commands([("ask", "Ask the bot")])
            assert await bot.set_webhook("https://example.test/hook", secret_token="s3cret")
            info = await bot.get_webhook_info()
            assert info.url == "https://example.test/hook"
            assert await bot.delete_webhook()
        current = api.message(7, msg.message_id)
        assert current is not None and current["text"] == "v2"
        assert api.commands == [{"command": "ask", "description": "Ask the bot"}]
        assert api.webhook is None
        assert api.calls_to("setWebhook")[0].params["secret_token"] == "s3cret"
        assert api.calls_to("answerCallbackQuery")[0].params["callback_query_id"] == "cbq-1"


@pytest.mark.asyncio
async def test_telegram_get_updates_parses_queued_update_and_confirms_offset() -> None:
    async with FakeTelegramApi() as api:
        first_id = api.queue_update(private_text_update(555, "/ask what is up?", first_name="Min"))
        async with Bot(TG_TOKEN, base_url=api.base_url) as bot:
            updates = await bot.get_updates(timeout=0)
            assert len(updates) == 1
            update = updates[0]
            assert isinstance(update, Update)
            assert update.update_id == first_id
            assert update.effective_user is not None and update.effective_user.first_name == "Min"
            assert update.effective_chat is not None and update.effective_chat.type == "private"
            assert update.message is not None and update.message.text == "/ask what is up?"
            assert update.message.parse_entities(["bot_command"]) == {update.message.entities[0]: "/ask"}

            # Confirming with offset drops the update; re-delivery of the same id is allowed.
            assert await bot.get_updates(offset=first_id + 1, timeout=0) == ()
            api.queue_update(private_text_update(555, "dup", update_id=first_id + 1))
            api.queue_update(private_text_update(555, "dup", update_id=first_id + 1))
            redelivered = await bot.get_updates(offset=first_id + 1, timeout=0)
            assert [u.update_id for u in redelivered] == [first_id + 1, first_id + 1]
        assert api.calls_to("getUpdates")[1].params["offset"] == first_id + 1


@pytest.mark.asyncio
async def test_telegram_long_poll_wakes_on_queue_and_caps_wait() -> None:
    async with (
        FakeTelegramApi(max_poll_wait=0.3) as api,
        Bot(TG_TOKEN, base_url=api.base_url) as bot,
    ):
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await bot.get_updates(timeout=30) == ()  # capped at max_poll_wait
        assert 0.25 <= loop.time() - started < 1.0

        loop.call_later(0.05, api.queue_update, group_text_update(-100777, 5, "hi @partnerbot_bot"))
        started = loop.time()
        updates = await bot.get_updates(timeout=30)
        assert loop.time() - started < 0.25  # woken by queue_update, not by the cap
        assert updates[0].message is not None
        assert updates[0].message.chat.type == "supergroup"
        [entity] = updates[0].message.entities
        assert entity.type == "mention" and entity.offset == 3


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_telegram_429_raises_retry_after() -> None:
    async with FakeTelegramApi() as api:
        async with Bot(TG_TOKEN, base_url=api.base_url) as bot:
            api.fail_next("sendMessage", retry_after=3)
            with pytest.raises(RetryAfter) as excinfo:
                await bot.send_message(chat_id=1, text="x")
            assert _retry_after_seconds(excinfo.value) == 3
            assert (await bot.send_message(chat_id=1, text="x")).text == "x"
        assert [c.failed for c in api.calls_to("sendMessage")] == [True, False]
        assert api.sent(1) == [api.calls_to("sendMessage")[1].params]


@pytest.mark.asyncio
async def test_telegram_error_injection_and_unknown_method() -> None:
    async with FakeTelegramApi() as api:
        async with Bot(TG_TOKEN, base_url=api.base_url) as bot:
            api.fail_next("sendMessage", error="Bad Request: chat not found")
            with pytest.raises(BadRequest) as excinfo:
                await bot.send_message(chat_id=1, text="x")
            assert "chat not found" in excinfo.value.message.lower()
        with pytest.raises(ValueError):
            api.fail_next("sendMessage", retry_after=0)
        url = f"{api.base_url}{TG_TOKEN}/sendSticker"
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, data={"chat_id": "1"}) as resp,
        ):
            assert resp.status == 404
            body = await resp.json()
        assert body == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
        assert api.calls[-1].method == "sendSticker" and api.calls[-1].failed


@pytest.mark.asyncio
async def test_telegram_get_updates_conflicts_with_webhook() -> None:
    async with (
        FakeTelegramApi() as api,
        Bot(TG_TOKEN, base_url=api.base_url) as bot,
    ):
        await bot.set_webhook("https://example.test/hook")
        with pytest.raises(telegram.error.Conflict):
            await bot.get_updates(timeout=0)


@pytest.mark.asyncio
async def test_telegram_application_polling_end_to_end() -> None:
    """PTB's Application + Updater poll the fake, dispatch a command, reply, and stop fast."""
    async with FakeTelegramApi() as api:
        app: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder().token(TG_TOKEN).base_url(api.base_url).build()
        )

        async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            assert update.effective_message is not None
            await update.effective_message.reply_text("answer: " + " ".join(context.args or []))

        app.add_handler(CommandHandler("ask", ask))
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=10, poll_interval=0)
        try:
            update_id = api.queue_update(private_text_update(5, "/ask hi there"))
            [call] = await api.wait_for("sendMessage", timeout=2.0)
            assert call.params == {"chat_id": 5, "text": "answer: hi there"}
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
        # Updater.stop() confirms the processed update with a final offset.
        assert api.calls_to("getUpdates")[-1].params["offset"] == update_id + 1
        assert api.pending_updates == []
        assert api.methods_called()[:2] == ["getMe", "deleteWebhook"]


@pytest.mark.asyncio
async def test_stop_ends_pending_long_poll_quickly() -> None:
    api = FakeTelegramApi(max_poll_wait=5.0)
    await api.start()
    port = api.port
    async with aiohttp.ClientSession() as session:
        poll = asyncio.create_task(session.post(f"{api.base_url}{TG_TOKEN}/getUpdates", data={"timeout": "30"}))
        await api.wait_for("getUpdates")  # recorded on arrival, while the poll is held
        loop = asyncio.get_running_loop()
        started = loop.time()
        await api.stop()
        assert loop.time() - started < 1.0
        resp = await poll
        assert (await resp.json())["result"] == []
        resp.release()
    assert _port_is_free(port)


# --------------------------------------------------------------------------- builders


def test_builders_parse_as_ptb_updates() -> None:
    bot = Bot(TG_TOKEN)
    group = group_text_update(
        -100555,
        77,
        "/ask@partnerbot_bot hi @partnerbot_bot",
        update_id=10,
        message_id=4,
    )
    parsed = Update.de_json(group, bot)
    assert parsed.update_id == 10
    assert parsed.message is not None and parsed.message.message_id == 4
    assert parsed.message.chat.title == "Partners"
    assert [(e.type, e.offset, e.length) for e in parsed.message.entities] == [
        ("bot_command", 0, 19),
        ("mention", 23, 15),
    ]
    assert group_text_update(-5, 77, "no entities here")["message"].get("entities") is None
    assert group_text_update(-5, 77, "x")["message"]["chat"]["type"] == "group"
    assert "update_id" not in private_text_update(1, "hi")

    # UTF-16 offsets: an emoji counts as two code units.
    emoji = group_text_update(-5, 1, "😀 @partnerbot_bot")
    assert emoji["message"]["entities"] == [{"type": "mention", "offset": 3, "length": 15}]

    cbq = Update.de_json(
        callback_query_update(77, "approve:1", message_id=9, chat_id=77, update_id=11),
        bot,
    )
    assert cbq.callback_query is not None
    assert cbq.callback_query.data == "approve:1"
    assert cbq.callback_query.from_user.id == 77
    assert isinstance(cbq.callback_query.message, telegram.Message)
    assert cbq.callback_query.message.message_id == 9
    assert cbq.callback_query.message.chat.type == "private"


# --------------------------------------------------------------------------- the platforms' limits


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _button(text: str = "Yes", value: str = "yes") -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": text}, "value": value, "action_id": "a"}


@pytest.mark.parametrize(
    "blocks, errors",
    [
        ([_section("x")] * 51, ["no more than 50 items allowed [json-pointer:/blocks]"]),
        ([_section("x" * 3001)], ["must be less than 3001 characters [json-pointer:/blocks/0/text/text]"]),
        ([_section("")], ["must be more than 0 characters [json-pointer:/blocks/0/text/text]"]),
        (
            [_section("x"), {"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
            ["must be less than 151 characters [json-pointer:/blocks/1/text/text]"],
        ),
        (
            [{"type": "actions", "elements": [_button(text="b" * 76)]}],
            ["must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"],
        ),
        (
            [{"type": "actions", "elements": [_button(value="v" * 2001)]}],
            ["must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]"],
        ),
        (
            [{"type": "actions", "elements": [_button()] * 26}],
            ["no more than 25 items allowed [json-pointer:/blocks/0/elements]"],
        ),
    ],
)
async def test_slack_refuses_blocks_over_block_kit_limits(blocks: list[dict[str, Any]], errors: list[str]) -> None:
    async with FakeSlackApi() as api:
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        with pytest.raises(SlackApiError) as refused:
            await client.chat_postMessage(channel="C1", text="fallback", blocks=blocks)
        assert refused.value.response.status_code == 200
        assert refused.value.response.data == {
            "ok": False,
            "error": "invalid_blocks",
            "errors": errors,
            "response_metadata": {"messages": [f"[ERROR] {e}" for e in errors]},
        }
        # exactly at the limits, Slack takes them
        await client.chat_postMessage(
            channel="C1",
            text="t" * 40_000,
            blocks=[_section("x" * 3000), {"type": "actions", "elements": [_button("b" * 75, "v" * 2000)] * 25}]
            + [_section("x")] * 48,
        )
        assert len(api.messages("C1")) == 1


async def test_slack_refuses_a_text_over_40000_characters_and_checks_updates_and_views_too() -> None:
    async with FakeSlackApi() as api:
        client = AsyncWebClient(token=SLACK_TOKEN, base_url=api.url)
        with pytest.raises(SlackApiError) as refused:
            await client.chat_postMessage(channel="C1", text="t" * 40_001)
        assert refused.value.response.data == {"ok": False, "error": "msg_too_long"}
        with pytest.raises(SlackApiError, match="invalid_blocks"):
            await client.chat_update(channel="C1", ts="1.0", text="x", blocks=[_section("x" * 3001)])
        with pytest.raises(SlackApiError, match="invalid_blocks"):
            await client.chat_postEphemeral(channel="C1", user="U1", text="x", blocks=[_section("x")] * 51)
        # a view takes 100 blocks, not 101
        await client.views_publish(user_id="U1", view={"type": "home", "blocks": [_section("x")] * 100})
        with pytest.raises(SlackApiError) as refused:
            await client.views_publish(user_id="U1", view={"type": "home", "blocks": [_section("x")] * 101})
        assert refused.value.response.data["errors"] == ["no more than 100 items allowed [json-pointer:/blocks]"]
        assert api.messages() == [] and len(api.views["U1"]["blocks"]) == 100


async def _telegram_raw(api: FakeTelegramApi, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """A Bot API call over the wire, as Telegram's answer: status and body."""
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{api.base_url}{TG_TOKEN}/{method}", json=params) as response:
            return response.status, await response.json()


@pytest.mark.parametrize(
    "params, description",
    [
        ({"text": "x" * 4097}, "Bad Request: message is too long"),
        ({"text": "<b>" + "x" * 4097 + "</b>", "parse_mode": "HTML"}, "Bad Request: message is too long"),
        ({"text": "<b> </b>", "parse_mode": "HTML"}, "Bad Request: message text is empty"),
        (
            {"text": "a <div>b</div>", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 2',
        ),
        (
            {"text": "§14 < §15", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 5',
        ),
        (
            {"text": "<b>bold", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
        ),
        (
            {"text": "<b><i>x</b></i>", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
        ),
        (
            {"text": "x</b>", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Unexpected end tag at byte offset 1",
        ),
        (
            {"text": '<a href="https://x.eu>x</a>', "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Unclosed start tag at byte offset 0",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "y", "callback_data": "d" * 65}]]}},
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "y", "callback_data": "é" * 33}]]}},
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "y", "callback_data": "d"}]] * 101}},
            "Bad Request: reply markup is too long",
        ),
    ],
)
async def test_telegram_refuses_what_the_bot_api_refuses(params: dict[str, Any], description: str) -> None:
    async with FakeTelegramApi() as api:
        status, body = await _telegram_raw(api, "sendMessage", {"chat_id": 42, **params})
        assert (status, body) == (400, {"ok": False, "error_code": 400, "description": description})
        status, body = await _telegram_raw(
            api, "editMessageText", {"chat_id": 42, "message_id": 1, "text": "ok", **params}
        )
        assert (status, body["description"]) == (400, description)
        assert api.sent() == []


async def test_telegram_takes_what_fits_and_real_clients_see_the_refusal() -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("y", callback_data="d" * 64)]] * 100)
    async with FakeTelegramApi() as api:
        async with Bot(TG_TOKEN, base_url=api.base_url) as bot:
            shown = "<b>" + "x" * 4086 + "</b> &amp; &lt;&#169; AT&T"  # 4096 characters once parsed: "x… & <© AT&T"
            await bot.send_message(chat_id=42, text=shown, parse_mode="HTML", reply_markup=keyboard)
            await bot.send_message(
                chat_id=42, text='<a href="https://x.eu/?a=1&amp;b=2">link</a> <code>x</code>', parse_mode="HTML"
            )
            with pytest.raises(BadRequest, match="(?i)message is too long"):
                await bot.send_message(chat_id=42, text="x" * 4097)
            with pytest.raises(BadRequest, match="(?i)can't parse entities"):
                await bot.send_message(chat_id=42, text="<p>x</p>", parse_mode="HTML")
        assert [p["text"] for p in api.sent(42)][0] == shown and len(api.sent(42)) == 2
