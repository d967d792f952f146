"""The Telegram adapter, driven through the REAL python-telegram-bot Application against FakeTelegramApi.

Three ways in, as in production and finer: long polling end to end (updates
queued on the fake, fetched by PTB's getUpdates), the webhook over real HTTP,
and Update objects handed to ``Application.process_update``, which returns once
the update is answered, for cases where the order of events matters.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from telegram import Update

from bot.app.adapters.sending import DRAIN_SECONDS, MAX_RETRY_WAIT
from bot.app.adapters.telegram import COMMANDS, MAX_REQUEST_BYTES, TelegramAdapter, command_text, strip_mention
from bot.app.dispatcher import NEEDS_DIRECT
from bot.app.outbox import DeliveryError, Outbox
from bot.audience import ASKER_ONLY, OPEN_A_CHAT, REFUSAL
from bot.model import Actor, simple_reply
from bot.render.chart import chart_size
from bot.render.telegram import MESSAGE_LIMIT, render_telegram
from bot.runtime import Runtime
from bot.settings import SettingsError
from handlers.digest import digest_for
from tests.adapters.recording import RecordingDispatcher
from tests.blockers_support import store_update
from tests.conftest import ServerLog
from tests.digest_support import png_size
from tests.fakes.telegram_api import (
    FakeTelegramApi,
    anonymous_admin_update,
    as_caption,
    callback_query_update,
    from_bot,
    group_text_update,
    private_text_update,
    with_text_mention,
)
from tests.raw_http import raw_post
from tests.scheduling.support import deliveries_for
from tests.scrape import scrape

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow

TOKEN = "123456:TEST-TOKEN"
SECRET = "s3cret-token_for-tests"
WEBHOOK_URL = "https://bot.example.org/telegram"
MUELLER, PARK, ROSSI, KIM, LEE, JANSEN, CHOI = 100001, 100002, 100011, 100012, 100014, 100015, 100016
STRANGER = 999
GROUP = -1001234567890  # the working group's group in the example file
OTHER_GROUP = -1009876543210  # a group the bot was added to that the file does not list


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi() as fake:
        yield fake


@pytest.fixture
def dispatcher(runtime: Runtime) -> RecordingDispatcher:
    return RecordingDispatcher(runtime)


@pytest.fixture
async def adapter(
    runtime: Runtime, api: FakeTelegramApi, dispatcher: RecordingDispatcher
) -> AsyncIterator[TelegramAdapter]:
    runtime.settings = runtime.settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(TOKEN),
            "telegram_api_url": api.base_url,
            "telegram_webhook_secret": SecretStr(SECRET),
        }
    )
    telegram = TelegramAdapter(runtime, dispatcher)
    yield telegram
    await telegram.stop()


@pytest.fixture
async def ready(adapter: TelegramAdapter) -> TelegramAdapter:
    """Initialised (getMe done), for updates handed to process_update."""
    await adapter.application.initialize()
    return adapter


@pytest.fixture
async def polling(adapter: TelegramAdapter, api: FakeTelegramApi) -> AsyncIterator[TelegramAdapter]:
    task = asyncio.create_task(adapter.serve_polling())
    await api.wait_for("getUpdates")
    yield adapter
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


@pytest.fixture
def update_ids() -> Iterator[int]:
    return itertools.count(1)


async def process(adapter: TelegramAdapter, data: dict[str, Any]) -> None:
    """Hand one update to PTB as Telegram would deliver it; returns once it is answered."""
    await adapter.application.process_update(Update.de_json(data, adapter.application.bot))


async def exchange(
    api: FakeTelegramApi, update: dict[str, Any], chat_id: int, messages: int = 1
) -> list[dict[str, Any]]:
    """Queue one update for getUpdates and wait for the bot's next `messages` sendMessage calls to the chat."""
    before = len(api.sent(chat_id))
    total = len(api.calls_to("sendMessage"))
    api.queue_update(update)
    await api.wait_for("sendMessage", count=total + messages)
    return api.sent(chat_id)[before:]


def keyboard_message(api: FakeTelegramApi, chat_id: int) -> dict[str, Any]:
    """The bot's message in the chat that still carries a keyboard (there must be exactly one)."""
    found = []
    for message_id in itertools.count(1):
        message = api.message(chat_id, message_id)
        if message is None:
            break
        if message.get("reply_markup"):
            found.append(message)
    assert len(found) == 1, found
    return found[0]


def latest(api: FakeTelegramApi, chat_id: int) -> dict[str, Any]:
    """The bot's newest message in the chat, as stored (with its id, for pressing its buttons)."""
    messages: list[dict[str, Any]] = []
    while (message := api.message(chat_id, len(messages) + 1)) is not None:
        messages.append(message)
    assert messages
    return messages[-1]


def current(api: FakeTelegramApi, chat_id: int, message_id: int) -> dict[str, Any]:
    """The bot's message as it is now, after any edits."""
    message = api.message(chat_id, message_id)
    assert message is not None
    return message


def button_data(message: dict[str, Any]) -> list[str]:
    return [button["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for button in row]


# --- pure translation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("/start", "help"),
        ("/help", "help"),
        ("/ask what does §14 commit to", "what does §14 commit to"),
        ("/ask@partnerbot_bot what is FIMI", "what is FIMI"),
        ("/ask", "help"),
        ("/status", "status"),
        ("/status@partnerbot_bot maritime", "status maritime"),
        ("/update", "update"),
        ("/update maritime: at risk — slipped", "update maritime: at risk — slipped"),
        ("/digest", "digest preview"),
        ("/digest sdd-2027", "digest preview sdd-2027"),
        ("/areas", "areas"),
        ("/ask\nwhat is FIMI", "what is FIMI"),
        ("/areas please", "areas"),
        ("/unknown thing", "/unknown thing"),
    ],
)
def test_commands_mean_the_text_forms(typed: str, meant: str) -> None:
    assert command_text(typed) == meant


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("@partnerbot_bot what does §14 commit to", "what does §14 commit to"),
        ("@partnerbot_bot, what is FIMI", "what is FIMI"),
        ("so @PartnerBot_Bot, status cyber", "so, status cyber"),
        ("status of maritime @partnerbot_bot", "status of maritime"),
        ("what is FIMI @partnerbot_bot?", "what is FIMI?"),
        ("ask @partnerbot_bot about FIMI", "ask about FIMI"),
        ("@partnerbot_botter hi", "@partnerbot_botter hi"),
        ("no mention,  spacing  kept ", "no mention,  spacing  kept "),
    ],
)
def test_the_mention_is_not_part_of_the_question(typed: str, meant: str) -> None:
    assert strip_mention(typed, "partnerbot_bot") == meant


# --- polling end to end ---------------------------------------------------------------------------------


async def test_polling_registers_the_six_commands(polling: TelegramAdapter, api: FakeTelegramApi) -> None:
    assert [c["command"] for c in api.commands] == ["help", "ask", "status", "update", "digest", "areas"]
    assert all(c["description"] for c in api.commands)
    assert {c.name for c in COMMANDS} - {c["command"] for c in api.commands} == {"start"}


async def test_a_question_in_a_private_chat_is_answered_with_quotes_and_citations(
    polling: TelegramAdapter, api: FakeTelegramApi
) -> None:
    sent = await exchange(api, private_text_update(KIM, "what does §14 commit to"), KIM)
    assert len(sent) == 1
    message = sent[0]
    assert message["parse_mode"] == "HTML"
    assert "<blockquote>The EU and the ROK will establish a regular maritime security dialogue" in message["text"]
    for cite in ("§14", "§14(a)", "§14(b)", "§14(c)", "§14(d)"):
        assert f"<i>— {cite}</i>" in message["text"]


async def test_ask_in_a_group_is_answered_in_the_group(polling: TelegramAdapter, api: FakeTelegramApi) -> None:
    sent = await exchange(api, group_text_update(GROUP, KIM, "/ask@partnerbot_bot what does §14 commit to"), GROUP)
    assert len(sent) == 1
    assert "<blockquote>" in sent[0]["text"] and "§14(a)" in sent[0]["text"]
    assert api.sent(KIM) == []


async def test_a_redelivered_update_is_answered_once(polling: TelegramAdapter, api: FakeTelegramApi) -> None:
    question = private_text_update(KIM, "what is FIMI", update_id=500)
    api.queue_update(question)
    api.queue_update(question)  # Telegram delivering it again
    # a later message in the same chat is answered after both copies were handled
    sent = await exchange(api, private_text_update(KIM, "areas", update_id=501), KIM, messages=2)
    assert len(sent) == 2
    assert "FIMI" in sent[0]["text"]
    assert "Maritime Security" in sent[1]["text"]
    assert len(api.sent(KIM)) == 2


async def test_a_lead_gives_a_full_update_with_buttons_in_the_private_chat(
    polling: TelegramAdapter, api: FakeTelegramApi
) -> None:
    (status_prompt,) = await exchange(api, private_text_update(ROSSI, "/update maritime", first_name="Marco"), ROSSI)
    assert "Overall status?" in status_prompt["text"]
    asking = keyboard_message(api, ROSSI)
    assert button_data(asking) == [
        "status:on_track",
        "status:at_risk",
        "status:blocked",
        "status:not_started",
        "status:completed",
    ]

    press = callback_query_update(
        ROSSI, "status:on_track", message_id=asking["message_id"], chat_id=ROSSI, reply_markup=asking["reply_markup"]
    )
    (progress_prompt,) = await exchange(api, press, ROSSI)
    assert "What progressed" in progress_prompt["text"]
    assert len(api.calls_to("answerCallbackQuery")) == 1
    assert "text" not in api.calls_to("answerCallbackQuery")[0].params
    removed = api.calls_to("editMessageReplyMarkup")
    assert [(c.params["chat_id"], c.params["message_id"]) for c in removed] == [(ROSSI, asking["message_id"])]
    assert "reply_markup" not in current(api, ROSSI, asking["message_id"])  # cannot be pressed twice

    await exchange(api, private_text_update(ROSSI, "Patrol plan agreed with the ROK Navy"), ROSSI)
    await exchange(api, private_text_update(ROSSI, "skip"), ROSSI)
    await exchange(api, private_text_update(ROSSI, "skip"), ROSSI)
    (summary,) = await exchange(api, private_text_update(ROSSI, "skip"), ROSSI)
    assert "Patrol plan agreed with the ROK Navy" in summary["text"]
    confirming = keyboard_message(api, ROSSI)
    assert button_data(confirming) == ["confirm:save", "confirm:edit", "confirm:cancel"]

    save = callback_query_update(
        ROSSI,
        "confirm:save",
        message_id=confirming["message_id"],
        chat_id=ROSSI,
        reply_markup=confirming["reply_markup"],
    )
    (saved,) = await exchange(api, save, ROSSI)
    assert "Saved" in saved["text"] and "your update for Maritime Security" in saved["text"]
    assert len(api.calls_to("editMessageReplyMarkup")) == 2
    assert "reply_markup" not in current(api, ROSSI, confirming["message_id"])

    (status,) = await exchange(api, private_text_update(KIM, "/status maritime"), KIM)
    assert "on track" in status["text"] and "Patrol plan agreed with the ROK Navy" in status["text"]


# --- webhook over real HTTP -----------------------------------------------------------------------------


async def test_webhook_answers_only_requests_with_the_secret_token(
    adapter: TelegramAdapter, api: FakeTelegramApi
) -> None:
    port = await adapter.start_webhook(WEBHOOK_URL)
    assert api.webhook is not None
    assert api.webhook["url"] == WEBHOOK_URL and api.webhook["secret_token"] == SECRET
    assert [c["command"] for c in api.commands] == ["help", "ask", "status", "update", "digest", "areas"]
    endpoint = f"http://127.0.0.1:{port}/telegram"
    question = private_text_update(KIM, "what does §14 commit to", update_id=7)
    async with aiohttp.ClientSession() as http:
        async with http.post(endpoint, json=question) as response:
            assert response.status == 403
        async with http.post(endpoint, json=question, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as response:
            assert response.status == 403
        assert api.sent() == []

        async with http.post(endpoint, json=question, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
            assert response.status == 200
        (reply,) = [c.params for c in await api.wait_for("sendMessage")]
        assert reply["chat_id"] == KIM and "<blockquote>" in reply["text"]

        async with http.post(
            endpoint, data=b"not json", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        ) as response:
            assert response.status == 400
        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
            assert response.status == 200
    assert len(api.sent()) == 1  # the refused requests never reached the bot


FORGED = b"\n2026-12-02 10:00:00,000 CRITICAL bot.security: FORGED-LINE\n"


async def test_webhook_refusals_cost_one_log_line_each_without_the_body(
    server_log: ServerLog, adapter: TelegramAdapter, api: FakeTelegramApi
) -> None:
    """Before, the non-JSON body was refused silently, the oversized one too, and the access log added
    a line to each."""
    port = await adapter.start_webhook(WEBHOOK_URL)
    started = len(server_log.lines())
    endpoint = f"http://127.0.0.1:{port}/telegram"
    refused = [
        (403, "wrong", b"{}" + FORGED),
        (400, SECRET, b"not json" + FORGED),
        (400, SECRET, b'{"message": "no update_id"}'),
        (400, SECRET, b"\xff\xfe" + FORGED),
        (413, SECRET, b"x" * MAX_REQUEST_BYTES + FORGED),
    ]
    async with aiohttp.ClientSession() as http:
        for status, secret, body in refused:
            async with http.post(
                endpoint,
                data=body,
                headers={"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"},
            ) as response:
                assert response.status == status
    # a secret that is not UTF-8 went to .encode() and gave a 500 with a traceback
    assert (
        await raw_post(
            endpoint, {"X-Telegram-Bot-Api-Secret-Token": b"\xff\xfe", "Content-Type": "application/json"}, b"{}"
        )
        == 403
    )
    refused.append((403, "", b""))
    lines = server_log.lines()[started:]
    assert [line.split("from 127.0.0.1: ")[1][:3] for line in lines] == [str(status) for status, _, _ in refused], lines
    assert all("refused POST /telegram from 127.0.0.1" in line for line in lines)
    assert "FORGED-LINE" not in server_log.text() and "no update_id" not in server_log.text()
    assert api.sent() == []


async def test_the_webhook_server_answers_the_probes(adapter: TelegramAdapter, api: FakeTelegramApi) -> None:
    port = await adapter.start_webhook(WEBHOOK_URL)
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/healthz") as response:
            assert response.status == 200
        async with http.get(f"{base}/readyz") as response:  # the schema is at the head (tests/test_health.py: before)
            assert (response.status, await response.text()) == (200, "ready")
        samples = await scrape(http, base)
    assert (
        samples.value("partnerbot_deliveries", state="sent") == 0
        and samples.value("partnerbot_open_conversations") == 0
    )


async def test_a_strangers_redelivered_update_is_refused_once(ready: TelegramAdapter, api: FakeTelegramApi) -> None:
    """Telegram delivers an update again when it got no answer in time; the stranger got the refusal each time."""
    update = private_text_update(STRANGER, "what does §14 commit to", update_id=4242)
    await process(ready, update)
    await process(ready, update)
    assert [m["text"] for m in api.sent(STRANGER)] == [REFUSAL]


async def test_webhook_mode_needs_the_secret(adapter: TelegramAdapter, api: FakeTelegramApi) -> None:
    adapter.runtime.settings = adapter.runtime.settings.model_copy(update={"telegram_webhook_secret": None})
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        await adapter.start_webhook(WEBHOOK_URL)
    assert api.webhook is None and api.calls == []


# --- finer cases through process_update -----------------------------------------------------------------


async def test_a_stranger_gets_one_short_refusal_and_nothing_else(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await process(ready, private_text_update(STRANGER, "what does §14 commit to", update_id=next(update_ids)))
    await process(ready, private_text_update(STRANGER, "/status maritime", update_id=next(update_ids)))
    await process(
        ready,
        callback_query_update(STRANGER, "status:on_track", message_id=1, chat_id=STRANGER, update_id=next(update_ids)),
    )
    await process(
        ready, group_text_update(GROUP, STRANGER, "@partnerbot_bot status maritime", update_id=next(update_ids))
    )

    assert [m["text"] for m in api.sent(STRANGER)] == [REFUSAL] * 3
    assert [m["text"] for m in api.sent(GROUP)] == [REFUSAL]
    for call in api.calls:  # everything the bot sent or asked of Telegram
        assert "§" not in str(call.params) and "maritime" not in str(call.params).lower()
    assert all("text" not in c.params for c in api.calls_to("answerCallbackQuery"))


async def test_group_chatter_and_other_bots_commands_are_ignored(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await process(ready, group_text_update(GROUP, KIM, "what does §14 commit to", update_id=next(update_ids)))
    await process(ready, group_text_update(GROUP, KIM, "/status@otherbot maritime", update_id=next(update_ids)))
    await process(ready, group_text_update(GROUP, KIM, "ask @someone_else about FIMI", update_id=next(update_ids)))
    assert api.sent() == []

    await process(
        ready, group_text_update(GROUP, KIM, "@partnerbot_bot what does §14 commit to", update_id=next(update_ids))
    )
    (answer,) = api.sent(GROUP)
    assert "<blockquote>" in answer["text"] and "§14(d)" in answer["text"]


async def test_the_bots_mention_is_taken_out_of_private_text_too(
    ready: TelegramAdapter, dispatcher: RecordingDispatcher, update_ids: Iterator[int]
) -> None:
    await process(ready, private_text_update(KIM, "what is FIMI @partnerbot_bot", update_id=next(update_ids)))
    assert [inbound.text for inbound in dispatcher.inbounds] == ["what is FIMI"]


async def test_a_text_mention_reaches_the_dispatcher_as_the_users_id_and_a_username_as_typed(
    ready: TelegramAdapter, dispatcher: RecordingDispatcher, update_ids: Iterator[int]
) -> None:
    """Lee has no username: the client shows a name and the entity carries the id. Offsets are in
    UTF-16 code units, so the emoji before the name (two units) must not shift it."""
    in_group = group_text_update(
        GROUP, KIM, "@partnerbot_bot 📎 does 이영희 or @someone_else lead cyber?", update_id=next(update_ids)
    )
    in_private = private_text_update(KIM, "🙂 what does Lee lead? @partnerbot_bot", update_id=next(update_ids))
    command = private_text_update(KIM, "/ask who is Lee", update_id=next(update_ids))
    await process(ready, with_text_mention(in_group, "이영희", LEE, "영희"))
    await process(ready, with_text_mention(in_private, "Lee", LEE, "Lee"))
    await process(ready, with_text_mention(command, "Lee", LEE, "Lee"))
    assert [inbound.text for inbound in dispatcher.inbounds] == [
        f"📎 does <@{LEE}> or @someone_else lead cyber?",
        f"🙂 what does <@{LEE}> lead?",
        f"who is <@{LEE}>",
    ]


@pytest.mark.parametrize("media", ["photo", "document"])
async def test_a_caption_in_a_private_chat_is_read_like_a_text(
    ready: TelegramAdapter, api: FakeTelegramApi, dispatcher: RecordingDispatcher, update_ids: Iterator[int], media: str
) -> None:
    await process(ready, as_caption(private_text_update(KIM, "what is FIMI", update_id=next(update_ids)), media))
    await process(
        ready,
        as_caption(private_text_update(KIM, "/status@partnerbot_bot maritime", update_id=next(update_ids)), media),
    )
    assert [inbound.text for inbound in dispatcher.inbounds] == ["what is FIMI", "status maritime"]
    fimi, status = api.sent(KIM)
    assert "foreign information manipulation" in fimi["text"].lower() and "Maritime" in status["text"]


async def test_a_caption_in_a_group_is_read_only_when_it_mentions_the_bot(
    ready: TelegramAdapter, api: FakeTelegramApi, dispatcher: RecordingDispatcher, update_ids: Iterator[int]
) -> None:
    await process(
        ready, as_caption(group_text_update(GROUP, KIM, "minutes of the Seoul meeting", update_id=next(update_ids)))
    )
    await process(
        ready, as_caption(group_text_update(GROUP, KIM, "@someone_else what is FIMI", update_id=next(update_ids)))
    )
    assert dispatcher.inbounds == [] and api.sent() == []

    await process(
        ready,
        as_caption(
            group_text_update(GROUP, KIM, "what is FIMI @partnerbot_bot?", update_id=next(update_ids)), "document"
        ),
    )
    assert [inbound.text for inbound in dispatcher.inbounds] == ["what is FIMI?"]
    (answer,) = api.sent(GROUP)
    assert "foreign information manipulation" in answer["text"].lower()


async def test_an_anonymous_admin_who_mentions_the_bot_gets_the_strangers_refusal(
    ready: TelegramAdapter, api: FakeTelegramApi, dispatcher: RecordingDispatcher, update_ids: Iterator[int]
) -> None:
    await process(
        ready,
        anonymous_admin_update(
            GROUP, "@partnerbot_bot status maritime", author_signature="Chair", update_id=next(update_ids)
        ),
    )
    assert [m["text"] for m in api.sent(GROUP)] == [REFUSAL]
    [inbound] = dispatcher.inbounds
    assert inbound.actor == Actor(user_id=f"chat:{GROUP}", is_bot=False)
    assert inbound.text == "status maritime"
    for call in api.calls:
        assert "maritime" not in str(call.params).lower()

    # a bot that mentions it is still not answered
    await process(
        ready, from_bot(group_text_update(GROUP, KIM, "@partnerbot_bot status maritime", update_id=next(update_ids)))
    )
    assert len(api.sent(GROUP)) == 1


async def test_updates_in_a_group_are_sent_to_the_private_chat(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await process(ready, group_text_update(GROUP, ROSSI, "/update@partnerbot_bot maritime", update_id=next(update_ids)))
    assert [m["text"] for m in api.sent(GROUP)] == [NEEDS_DIRECT]
    assert api.sent(ROSSI) == [] and api.calls_to("sendMessage")[0].params.get("reply_markup") is None


def gaps(api: FakeTelegramApi, method: str) -> list[float]:
    """Seconds between one call of `method` and the next, as the fake received them."""
    times = [call.at for call in api.calls_to(method)]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


# --- answers only in the working group's groups ------------------------------------------------------------


async def test_a_command_in_a_group_not_the_working_groups_is_answered_in_the_private_chat(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await process(
        ready,
        group_text_update(OTHER_GROUP, KIM, "/ask@partnerbot_bot what does §14 commit to", update_id=next(update_ids)),
    )
    await process(
        ready, group_text_update(OTHER_GROUP, KIM, "@partnerbot_bot what is FIMI", update_id=next(update_ids))
    )
    assert api.sent(OTHER_GROUP) == []  # nothing for the group to read
    paragraph, term = api.sent(KIM)
    assert (
        paragraph["text"].startswith(f"<i>{ASKER_ONLY}</i>")
        and "<blockquote>" in paragraph["text"]
        and "§14(a)" in paragraph["text"]
    )
    assert (
        term["text"].startswith(f"<i>{ASKER_ONLY}</i>") and "foreign information manipulation" in term["text"].lower()
    )


async def test_where_the_bot_cannot_write_to_the_asker_the_group_gets_one_line_and_no_content(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    api.not_started.add(KIM)
    await process(
        ready,
        group_text_update(
            OTHER_GROUP, KIM, "@partnerbot_bot what does §14 commit to", update_id=next(update_ids), message_thread_id=7
        ),
    )
    [line] = api.sent(OTHER_GROUP)
    assert line["text"] == OPEN_A_CHAT and line["message_thread_id"] == 7
    assert api.sent(KIM) == []
    assert all("§14" not in str(call.params) for call in api.calls if not call.failed)


async def test_the_working_groups_own_group_sees_the_answers(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await process(ready, group_text_update(GROUP, KIM, "@partnerbot_bot what is FIMI", update_id=next(update_ids)))
    [answer] = api.sent(GROUP)
    assert ASKER_ONLY not in answer["text"] and "foreign information manipulation" in answer["text"].lower()
    assert api.sent(KIM) == []


# PTB warns about the int form of retry_after when it builds the error, before our code can filter it
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_rate_limited_reply_waits_and_is_sent_once(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    api.fail_next("sendMessage", retry_after=1)
    await process(ready, private_text_update(KIM, "what is FIMI", update_id=next(update_ids)))
    attempts = api.calls_to("sendMessage")
    assert [c.failed for c in attempts] == [True, False]
    assert gaps(api, "sendMessage")[0] >= 1.0  # retry_after was honoured
    assert len(api.sent(KIM)) == 1 and "FIMI" in api.sent(KIM)[0]["text"]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_lasting_flood_wait_gives_up_after_bounded_attempts(
    ready: TelegramAdapter, api: FakeTelegramApi
) -> None:
    api.fail_next("sendMessage", retry_after=1, times=5)
    person = ready.runtime.person("kim")
    assert person is not None
    with pytest.raises(DeliveryError, match="telegram: Flood control") as raised:
        await ready.send_direct(person, simple_reply("hello"))
    assert len(api.calls_to("sendMessage")) == 3
    assert all(gap >= 1.0 for gap in gaps(api, "sendMessage"))
    assert raised.value.retry_after is None  # waited out in place, not handed to the delivery schedule


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_flood_wait_longer_than_a_minute_is_not_waited_but_handed_back_with_the_send(
    ready: TelegramAdapter, api: FakeTelegramApi
) -> None:
    api.fail_next("sendMessage", retry_after=100000)
    person = ready.runtime.person("kim")
    assert person is not None
    async with asyncio.timeout(MAX_RETRY_WAIT / 4):
        with pytest.raises(DeliveryError, match="telegram: Flood control") as raised:
            await ready.send_direct(person, simple_reply("hello"))
    assert raised.value.retry_after == 100000
    assert len(api.calls_to("sendMessage")) == 1
    # the limiter holds no request back afterwards: the next send goes at once
    await ready.send_direct(person, simple_reply("hello again"))
    assert [m["text"] for m in api.sent(KIM)] == ["hello again"]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_long_flood_wait_on_a_reply_is_logged_and_the_next_question_answered(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int], caplog: pytest.LogCaptureFixture
) -> None:
    api.fail_next("sendMessage", retry_after=100000)
    await process(ready, private_text_update(KIM, "what is FIMI", update_id=next(update_ids)))
    assert api.sent(KIM) == [] and "Retry in 100000 seconds" in caplog.text
    await process(ready, private_text_update(KIM, "what is FIMI", update_id=next(update_ids)))
    assert "FIMI" in api.sent(KIM)[0]["text"]


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_a_server_error_does_not_drop_the_answer(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int], status: int
) -> None:
    api.fail_next("sendMessage", status=status)
    await process(ready, private_text_update(KIM, "what is FIMI", update_id=next(update_ids)))
    assert [c.failed for c in api.calls_to("sendMessage")] == [True, False]
    [answer] = api.sent(KIM)
    assert "foreign information manipulation" in answer["text"].lower()


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_stop_gives_an_answer_waiting_out_flood_control_its_grace_then_cancels_it(
    polling: TelegramAdapter, api: FakeTelegramApi
) -> None:
    api.fail_next("sendMessage", retry_after=50)  # under the minute: waited out in place
    api.queue_update(private_text_update(KIM, "what is FIMI"))
    await api.wait_for("sendMessage")
    async with asyncio.timeout(DRAIN_SECONDS + 2):
        await polling.stop()
    assert api.sent() == [] and not polling.application.running


async def test_server_errors_are_tried_three_times_with_backoff_then_fail_the_send(
    ready: TelegramAdapter, api: FakeTelegramApi
) -> None:
    api.fail_next("sendMessage", status=500, times=3)
    person = ready.runtime.person("kim")
    assert person is not None
    with pytest.raises(DeliveryError, match="telegram: Internal Server Error"):
        await ready.send_direct(person, simple_reply("hello"))
    assert len(api.calls_to("sendMessage")) == 3
    first, second = gaps(api, "sendMessage")
    assert first >= 0.5 and second >= 1.0


async def test_a_bad_request_is_not_sent_again(ready: TelegramAdapter, api: FakeTelegramApi) -> None:
    api.fail_next("sendMessage", error="Bad Request: chat not found")
    person = ready.runtime.person("kim")
    assert person is not None
    with pytest.raises(DeliveryError, match="telegram: Chat not found"):
        await ready.send_direct(person, simple_reply("hello"))
    assert len(api.calls_to("sendMessage")) == 1


async def test_text_a_lead_typed_is_shown_escaped(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await process(
        ready, private_text_update(ROSSI, "update maritime: at risk — <b>x</b> & y > z", update_id=next(update_ids))
    )
    await process(ready, private_text_update(ROSSI, "status maritime", update_id=next(update_ids)))
    saved, status = api.sent(ROSSI)
    for message in (saved, status):
        assert "&lt;b&gt;x&lt;/b&gt; &amp; y &gt; z" in message["text"]
        assert "<b>x</b>" not in message["text"]
    assert "at risk" in status["text"]


async def test_a_second_press_on_the_same_keyboard_is_not_answered(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await process(ready, private_text_update(ROSSI, "update maritime", update_id=next(update_ids)))
    asking = keyboard_message(api, ROSSI)
    await process(
        ready,
        callback_query_update(
            ROSSI, "status:on_track", message_id=asking["message_id"], chat_id=ROSSI, update_id=next(update_ids)
        ),
    )
    assert len(api.sent(ROSSI)) == 2
    # the race Telegram allows: a second press arrives before the keyboard is gone
    api.fail_next(
        "editMessageReplyMarkup",
        error="Bad Request: message is not modified: "
        "specified new message content and reply markup are exactly the same",
    )
    await process(
        ready,
        callback_query_update(
            ROSSI, "status:at_risk", message_id=asking["message_id"], chat_id=ROSSI, update_id=next(update_ids)
        ),
    )
    assert len(api.sent(ROSSI)) == 2
    assert len(api.calls_to("answerCallbackQuery")) == 2  # still acknowledged, so the spinner stops


async def test_a_button_sent_by_position_is_read_as_its_label(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await process(ready, private_text_update(ROSSI, "update maritime", update_id=next(update_ids)))
    asking = keyboard_message(api, ROSSI)
    # "c:1" is how a value too long for callback_data travels: the second button, "at risk"
    await process(
        ready,
        callback_query_update(
            ROSSI,
            "c:1",
            message_id=asking["message_id"],
            chat_id=ROSSI,
            reply_markup=asking["reply_markup"],
            update_id=next(update_ids),
        ),
    )
    for answer in ("Talks resumed", "Exercise dates not fixed", "skip", "skip", "save"):
        await process(ready, private_text_update(ROSSI, answer, update_id=next(update_ids)))
    await process(ready, private_text_update(KIM, "status maritime", update_id=next(update_ids)))
    (status,) = api.sent(KIM)
    assert "at risk" in status["text"] and "Talks resumed" in status["text"]


async def test_no_change_is_confirmed_with_buttons_and_the_next_area_offered(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await process(
        ready,
        private_text_update(
            ROSSI, "update maritime: blocked — ROK MOFA has not confirmed the date", update_id=next(update_ids)
        ),
    )
    assert "<b>Blockers: </b>ROK MOFA has not confirmed the date" in api.sent(ROSSI)[-1]["text"]
    await process(ready, private_text_update(ROSSI, "update", update_id=next(update_ids)))
    which = keyboard_message(api, ROSSI)
    maritime = next(
        b["callback_data"]
        for row in which["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"].startswith("Maritime")
    )
    await process(
        ready,
        callback_query_update(
            ROSSI,
            maritime,
            message_id=which["message_id"],
            chat_id=ROSSI,
            reply_markup=which["reply_markup"],
            update_id=next(update_ids),
        ),
    )
    await process(ready, private_text_update(ROSSI, "no change", update_id=next(update_ids)))
    summary = latest(api, ROSSI)
    assert button_data(summary) == ["confirm:save", "confirm:edit", "confirm:cancel"]
    assert "The same as your update of" in summary["text"] and "ROK MOFA has not confirmed the date" in summary["text"]
    await process(
        ready,
        callback_query_update(
            ROSSI,
            "confirm:save",
            message_id=summary["message_id"],
            chat_id=ROSSI,
            reply_markup=summary["reply_markup"],
            update_id=next(update_ids),
        ),
    )
    saved, another = api.sent(ROSSI)[-2]["text"], latest(api, ROSSI)
    assert "Saved" in saved and "update it now? yes / later" in another["text"]
    assert button_data(another) == ["another:yes", "another:later"]
    await process(
        ready,
        callback_query_update(
            ROSSI,
            "another:yes",
            message_id=another["message_id"],
            chat_id=ROSSI,
            reply_markup=another["reply_markup"],
            update_id=next(update_ids),
        ),
    )
    assert "Overall status?" in api.sent(ROSSI)[-1]["text"]


# --- a digest longer than one message ---------------------------------------------------------------------


LONG_UPDATES = [
    (ROSSI, "maritime"),
    (ROSSI, "space security"),
    (ROSSI, "non-proliferation"),
    (KIM, "crisis management"),
    (LEE, "cyber"),
    (LEE, "hybrid"),
    (JANSEN, "FIMI"),
    (CHOI, "WPS"),
]


def long_progress(area: str) -> str:
    return " ".join(f"Step {n} on {area} & partners <agreed> with the other side." for n in range(25))


async def give_long_updates(adapter: TelegramAdapter, update_ids: Iterator[int]) -> None:
    for user_id, area in LONG_UPDATES:
        await process(
            adapter,
            private_text_update(
                user_id, f"update {area}: on track — {long_progress(area)}", update_id=next(update_ids)
            ),
        )


async def test_a_long_digest_is_sent_as_several_messages_cut_between_paragraphs(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await give_long_updates(ready, update_ids)
    await process(ready, private_text_update(MUELLER, "/digest", update_id=next(update_ids)))

    sent = [m["text"] for m in api.sent(MUELLER)]
    assert len(sent) >= 3
    assert all(len(text) <= MESSAGE_LIMIT for text in sent)
    digest, _ = await digest_for(ready.runtime, None)
    assert digest is not None
    whole = render_telegram(digest, limit=10**7)[0].text
    assert len(whole) > MESSAGE_LIMIT
    assert "\n\n".join(sent) == whole  # every cut fell between two paragraphs
    assert "Step 24 on FIMI &amp; partners &lt;agreed&gt;" in whole


async def test_the_digest_carries_its_chart_as_a_photo_after_the_text(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    await give_long_updates(ready, update_ids)
    api.reset_calls()
    await process(ready, private_text_update(MUELLER, "/digest", update_id=next(update_ids)))
    digest, _ = await digest_for(ready.runtime, None)
    assert digest is not None and digest.chart is not None
    [photo] = api.photos(MUELLER)
    assert png_size(photo["photo"]["data"]) == chart_size(digest.chart) and photo["caption"] == digest.chart.title
    assert api.methods_called()[-1] == "sendPhoto"  # under the text

    await ready.send_direct(ready.runtime.chairs()[1], digest)
    assert len(api.photos(PARK)) == 1


async def test_a_lead_cannot_preview_the_digest(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    """Told so, then given where every area stands, which a lead may see: not the chairs' digest."""
    await process(ready, private_text_update(KIM, "/digest", update_id=next(update_ids)))
    [sent] = [m["text"] for m in api.sent(KIM)]
    assert sent.startswith("The digest is for the chairs. Where every area stands:\n\n<b>Status by area</b>")
    assert "Needs attention" not in sent and "digest for the" not in sent


# --- the Outbox -----------------------------------------------------------------------------------------


async def test_digest_fan_out_reaches_every_chair_in_order(
    ready: TelegramAdapter, api: FakeTelegramApi, update_ids: Iterator[int]
) -> None:
    outbox: Outbox = ready
    await give_long_updates(ready, update_ids)
    api.reset_calls()
    digest, _ = await digest_for(ready.runtime, None)
    assert digest is not None
    chairs = ready.runtime.chairs()
    assert all(outbox.reaches(p) for p in chairs)

    await asyncio.gather(*(outbox.send_direct(chair, digest) for chair in chairs))

    parts = [m.text for m in render_telegram(digest)]
    assert len(parts) >= 3
    assert [m["text"] for m in api.sent(MUELLER)] == [m["text"] for m in api.sent(PARK)] == parts


async def test_outbox_reports_people_it_cannot_reach(ready: TelegramAdapter, api: FakeTelegramApi) -> None:
    schmidt, kim = ready.runtime.person("schmidt"), ready.runtime.person("kim")
    assert schmidt is not None and kim is not None
    assert not ready.reaches(schmidt) and ready.reaches(kim)
    assert await ready.profile_timezone(kim) is None
    with pytest.raises(DeliveryError, match="schmidt has no Telegram id"):
        await ready.send_direct(schmidt, simple_reply("hello"))
    api.fail_next("sendMessage", status=403, error="Forbidden: bot was blocked by the user")
    with pytest.raises(DeliveryError, match="telegram: Forbidden: bot was blocked by the user"):
        await ready.send_direct(kim, simple_reply("hello"))


async def test_outbox_posts_to_a_group_by_its_id(ready: TelegramAdapter, api: FakeTelegramApi) -> None:
    await ready.send_channel(str(GROUP), simple_reply("Digest is out & <ready>"))
    (message,) = api.sent(GROUP)
    assert message["text"] == "Digest is out &amp; &lt;ready&gt;" and message["parse_mode"] == "HTML"


async def test_the_outbox_sends_without_serving_updates(adapter: TelegramAdapter, api: FakeTelegramApi) -> None:
    """`partnerbot scheduler` uses the adapter only to send."""
    chair = adapter.runtime.person("park")
    assert chair is not None
    await adapter.send_direct(chair, simple_reply("Round opened"))
    assert [m["text"] for m in api.sent(PARK)] == ["Round opened"]
    assert api.calls_to("getUpdates") == [] and api.webhook is None


# --- blockers and the chairs' commands ------------------------------------------------------------------


async def test_an_area_becoming_blocked_alerts_each_chair_once_in_telegram(
    ready: TelegramAdapter, api: FakeTelegramApi, dispatcher: RecordingDispatcher
) -> None:
    update_id = await store_update(ready.runtime, "kim", "maritime", "blocked", "ROK MOFA has not confirmed the date")
    deliveries = await deliveries_for(ready.runtime, dispatcher, ready)
    report = await deliveries.run_due()
    assert sorted(report.sent) == [f"blocked:{update_id}:person:mueller", f"blocked:{update_id}:person:park"]
    # the example's digest channel is on Slack, which is not running here: it waits for its retry
    assert report.failed == [f"blocked:{update_id}:channel:slack:C0DIGEST01"]
    for chair in (MUELLER, PARK):
        [alert] = api.sent(chair)
        assert "Blocked: Maritime Security" in alert["text"] and "ROK MOFA has not confirmed the date" in alert["text"]
    assert (await deliveries.run_due()).sent == []
    assert len(api.sent(MUELLER)) == 1


async def test_a_chair_cancels_a_meeting_only_after_pressing_yes_in_telegram(
    polling: TelegramAdapter, api: FakeTelegramApi
) -> None:
    (asked,) = await exchange(api, private_text_update(MUELLER, "cancel sdd-2027"), MUELLER)
    assert "Cancel the Security and Defence Dialogue on 15 Mar 2027 in Seoul (id sdd-2027)?" in asked["text"]
    asking = keyboard_message(api, MUELLER)
    assert button_data(asking) == ["choose:1", "choose:2"]
    assert [b["text"] for row in asking["reply_markup"]["inline_keyboard"] for b in row] == [
        "Yes, cancel sdd-2027",
        "No, keep it",
    ]
    press = callback_query_update(
        MUELLER, "choose:2", message_id=asking["message_id"], chat_id=MUELLER, reply_markup=asking["reply_markup"]
    )
    (kept,) = await exchange(api, press, MUELLER)
    assert "Nothing cancelled" in kept["text"]
    await exchange(api, private_text_update(MUELLER, "cancel sdd-2027"), MUELLER)
    (done,) = await exchange(api, private_text_update(MUELLER, "yes"), MUELLER)
    assert "Cancelled sdd-2027" in done["text"]
