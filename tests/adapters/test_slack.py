"""The Slack adapter as Slack drives it: the real bolt AsyncApp in HTTP mode on an ephemeral port, its
real slack_sdk client pointed at FakeSlackApi, and requests signed with the signing secret exactly as
Slack signs them, sent over real HTTP. Finer cases go through `app.async_dispatch`.

Waiting is on events, never on time: `adapter.drain()` returns when every acknowledged request has
been answered, and `FakeSlackApi.wait_for` when a call has arrived.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import logging
import re
import time
import urllib.parse
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml
from pydantic import SecretStr
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.app.adapters.sending import DRAIN_SECONDS, MAX_RETRY_WAIT
from bot.app.adapters.slack import COMMAND, MAX_REQUEST_BYTES, SlackAdapter
from bot.app.dispatcher import Dispatcher
from bot.app.outbox import DeliveryError
from bot.audience import ASKER_ONLY, REFUSAL
from bot.clock import FakeClock
from bot.model import simple_reply
from bot.render.chart import chart_size
from bot.render.slack import unescape
from bot.runtime import Runtime
from bot.workgroup import Person
from handlers.digest import digest_for
from storage import repo
from storage.models import Base
from tests.adapters.recording import RecordingDispatcher
from tests.blockers_support import store_update
from tests.conftest import ROOT, ServerLog, make_runtime
from tests.digest_support import png_size
from tests.fakes.slack_api import FakeSlackApi
from tests.raw_http import raw_post
from tests.scheduling.support import deliveries_for
from tests.scrape import scrape

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow

TOKEN = "xoxb-partnerbot-test"
SECRET = "e2b6f3c1d4a5968778695a4b3c2d1e0f"
TEAM = "T0PARTNER"
BOT = "U0BOT"
CHANNEL = "C0WORKING"  # the working group's channel in the example file
DIGEST_CHANNEL = "C0DIGEST01"  # listed as a digest channel: answers may be posted there too
ELSEWHERE = "C0RANDOM"  # a channel the bot was invited to that the file does not list
SCHMIDT, ROSSI, STRANGER = "U0MEMBER1", "U0LEADEU1", "U0STRANGER"
INJECTION = "<!channel> <@U0CHAIREU> <https://evil|click>"


def sign(body: str | bytes, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 of "v0:{timestamp}:{body}" with the signing secret."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    raw = body.encode() if isinstance(body, str) else body
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + raw, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def dm_channel(user: str) -> str:
    """The direct-chat id FakeSlackApi's conversations.open gives for a user."""
    return f"D{user}"


def envelope(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    """An Events API callback as Slack posts it."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "context_team_id": TEAM,
        "api_app_id": "A0PARTNER",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {"enterprise_id": None, "team_id": TEAM, "user_id": BOT, "is_bot": True, "is_enterprise_install": False}
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMFBBUlRORVIifQ",
    }


# a mention, a channel, a special mention (<!channel>, <!subteam^S1|@wg>) or a link, as Slack writes them in `text`
_WIRE_TOKEN = re.compile(r"<([@#!]?)([^>|]+)(?:\|([^>]*))?>")


def rich_text(wire: str) -> list[dict[str, Any]]:
    """The `blocks` Slack sends with a message typed in its composer: one rich_text section whose
    elements are the text between tokens (unescaped) and each mention, channel or link."""
    elements: list[dict[str, Any]] = []
    at = 0
    for match in _WIRE_TOKEN.finditer(wire):
        if match.start() > at:
            elements.append({"type": "text", "text": unescape(wire[at : match.start()])})
        sigil, ref, label = match.groups()
        if sigil == "@":
            elements.append({"type": "user", "user_id": ref})
        elif sigil == "#":
            elements.append({"type": "channel", "channel_id": ref})
        elif sigil == "!" and ref.startswith("subteam^"):
            elements.append({"type": "usergroup", "usergroup_id": ref.removeprefix("subteam^")})
        elif sigil == "!":
            elements.append({"type": "broadcast", "range": ref})
        else:
            elements.append({"type": "link", "url": ref, **({"text": label} if label else {})})
        at = match.end()
    if at < len(wire):
        elements.append({"type": "text", "text": unescape(wire[at:])})
    return [
        {"type": "rich_text", "block_id": "Wq8sd", "elements": [{"type": "rich_text_section", "elements": elements}]}
    ]


@dataclass
class Slack:
    """The app under test, the fake Web API, and a client that talks to the app as Slack does."""

    adapter: SlackAdapter
    api: FakeSlackApi
    http: aiohttp.ClientSession
    url: str
    runtime: Runtime
    dispatcher: RecordingDispatcher
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_ts(self) -> str:
        return f"1800000000.{next(self._ids):06d}"

    async def post(
        self, body: str | bytes, content_type: str, headers: dict[str, str] | None = None, **signing: Any
    ) -> tuple[int, str]:
        all_headers = {"Content-Type": content_type, **sign(body, **signing), **(headers or {})}
        data = body.encode() if isinstance(body, str) else body
        async with self.http.post(f"{self.url}/slack/events", data=data, headers=all_headers) as response:
            return response.status, await response.text()

    async def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        headers: dict[str, str] | None = None,
        **signing: Any,
    ) -> tuple[int, str]:
        body = json.dumps(envelope(event, event_id or f"Ev{next(self._ids):08d}"))
        return await self.post(body, "application/json", headers, **signing)

    async def form(self, fields: dict[str, str]) -> tuple[int, str]:
        return await self.post(urllib.parse.urlencode(fields), "application/x-www-form-urlencoded")

    async def answered(self, request: Any) -> list[dict[str, Any]]:
        """Send, wait until the app has finished with it, and return the messages it posted."""
        before = len(self.api.messages())
        status, _ = await request
        assert status == 200
        await self.adapter.drain()
        return self.api.messages()[before:]

    def dm_event(self, user: str, text: str, **extra: Any) -> dict[str, Any]:
        ts = self.next_ts()
        return {
            "type": "message",
            "client_msg_id": f"m-{ts}",
            "text": text,
            "user": user,
            "blocks": rich_text(text),
            "ts": ts,
            "team": TEAM,
            "channel": dm_channel(user),
            "event_ts": ts,
            "channel_type": "im",
            **extra,
        }

    def mention_event(
        self, user: str, text: str, channel: str = CHANNEL, *, leading: bool = True, **extra: Any
    ) -> dict[str, Any]:
        """An app_mention; the bot's mention is put before `text` unless `leading` is False (then `text` has it)."""
        ts = self.next_ts()
        wire = f"<@{BOT}> {text}" if leading else text
        return {
            "type": "app_mention",
            "client_msg_id": f"m-{ts}",
            "text": wire,
            "user": user,
            "blocks": rich_text(wire),
            "ts": ts,
            "team": TEAM,
            "channel": channel,
            "event_ts": ts,
            **extra,
        }

    async def dm(self, user: str, text: str) -> list[dict[str, Any]]:
        return await self.answered(self.event(self.dm_event(user, text)))

    async def mention(self, user: str, text: str, channel: str = CHANNEL) -> list[dict[str, Any]]:
        return await self.answered(self.event(self.mention_event(user, text, channel)))

    async def command(self, user: str, text: str, channel: str = CHANNEL) -> tuple[int, str]:
        status, body = await self.form(
            {
                "token": "legacy",
                "team_id": TEAM,
                "team_domain": "partner",
                "channel_id": channel,
                "channel_name": "working-group",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/partnership",
                "text": text,
                "api_app_id": "A0PARTNER",
                "is_enterprise_install": "false",
                "response_url": f"{self.api.origin}/api/response_url",
                "trigger_id": f"{next(self._ids)}.1.trigger",
            }
        )
        await self.adapter.drain()
        return status, body

    async def press(
        self, user: str, message: dict[str, Any], value: str, *, trigger_id: str | None = None, ephemeral: bool = False
    ) -> tuple[str, list[dict[str, Any]]]:
        """Press the button with `value` on a posted message; returns the message's ts and what was posted.

        Slack sends no `message` for an ephemeral one: only its container says where it was.
        """
        ts = self.next_ts()
        button = next(
            e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"] if e["value"] == value
        )
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
            "api_app_id": "A0PARTNER",
            "token": "legacy",
            "container": {
                "type": "message",
                "message_ts": ts,
                "channel_id": message["channel"],
                "is_ephemeral": ephemeral,
                **({"thread_ts": message["thread_ts"]} if message.get("thread_ts") else {}),
            },
            "trigger_id": trigger_id or f"{next(self._ids)}.1.trigger",
            "team": {"id": TEAM, "domain": "partner"},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": message["channel"], "name": "directmessage"},
            "message": {
                "type": "message",
                "user": BOT,
                "bot_id": "B0BOT",
                "ts": ts,
                "text": message["text"],
                "blocks": message["blocks"],
                "team": TEAM,
            },
            "state": {"values": {}},
            "response_url": f"{self.api.origin}/api/response_url",
            "actions": [{**button, "block_id": "b1", "action_ts": str(time.time())}],
        }
        if ephemeral:
            del payload["message"]
        return ts, await self.answered(self.form({"payload": json.dumps(payload)}))

    async def dispatch(self, body: dict[str, Any]) -> int:
        """Bolt's own entry point with a signed request, below the HTTP server."""
        raw = json.dumps(body)
        response = await self.adapter.app.async_dispatch(
            AsyncBoltRequest(body=raw, headers={**sign(raw), "content-type": "application/json"})
        )
        await self.adapter.drain()
        return response.status


@pytest.fixture
async def slack(runtime: Runtime) -> AsyncIterator[Slack]:
    async with FakeSlackApi(bot_user_id=BOT, team_id=TEAM, expected_token=TOKEN) as api:
        runtime.settings = runtime.settings.model_copy(
            update={
                "slack_bot_token": SecretStr(TOKEN),
                "slack_signing_secret": SecretStr(SECRET),
                "slack_api_url": api.url,
            }
        )
        dispatcher = RecordingDispatcher(runtime)
        adapter = SlackAdapter(runtime, dispatcher)
        port = await adapter.start_http(0, "127.0.0.1")
        async with aiohttp.ClientSession() as http:
            yield Slack(adapter, api, http, f"http://127.0.0.1:{port}", runtime, dispatcher)
        await adapter.stop()


def shown(message: dict[str, Any]) -> str:
    """Everything a message carries, as one string (blocks and fallback)."""
    return json.dumps(message, ensure_ascii=False)


def person(runtime: Runtime, person_id: str) -> Person:
    found = runtime.person(person_id)
    assert found is not None
    return found


async def maritime_updates(runtime: Runtime) -> list[Any]:
    area = runtime.knowledge.areas.resolve("maritime").area
    assert area is not None
    db = await runtime.database()
    async with db.session() as session:
        return await repo.history(session, runtime.area_ids.id(area.title))


# --- questions -------------------------------------------------------------------


async def test_a_mention_is_answered_in_its_thread_with_the_citations(slack: Slack) -> None:
    event = slack.mention_event(SCHMIDT, "what does §14 commit to")
    [message] = await slack.answered(slack.event(event))
    assert message["channel"] == CHANNEL and message["thread_ts"] == event["ts"]
    body = shown(message)
    assert "will establish a regular maritime security dialogue" in body
    for cite in ("— §14", "— §14(a)", "— §14(d)"):
        assert cite in body
    assert slack.api.calls_to("chat.postMessage")[0].token == TOKEN


async def test_a_mention_inside_a_thread_is_answered_in_that_thread(slack: Slack) -> None:
    [message] = await slack.answered(
        slack.event(slack.mention_event(SCHMIDT, "what is FIMI", thread_ts="1700000000.000001"))
    )
    assert message["thread_ts"] == "1700000000.000001"


async def test_a_direct_message_is_answered_in_the_direct_chat(slack: Slack) -> None:
    [message] = await slack.dm(SCHMIDT, "what is FIMI")
    assert message["channel"] == dm_channel(SCHMIDT) and "thread_ts" not in message
    assert "foreign information manipulation and interference" in shown(message)


async def test_the_slash_command_answers_only_the_caller(slack: Slack) -> None:
    status, body = await slack.command(SCHMIDT, "what is FIMI")
    assert status == 200 and body == ""  # acknowledged at once, answered after
    [call] = slack.api.calls_to("chat.postEphemeral")
    assert call.params["channel"] == CHANNEL and call.params["user"] == SCHMIDT
    assert "foreign information manipulation" in json.dumps(call.params["blocks"])
    assert slack.api.messages() == []


@pytest.mark.parametrize("text", ["what is FIMI share", "share what is FIMI"])
async def test_the_slash_command_with_share_posts_in_the_channel(slack: Slack, text: str) -> None:
    await slack.command(SCHMIDT, text)
    [message] = slack.api.messages(CHANNEL)
    assert "foreign information manipulation" in shown(message)
    assert slack.api.calls_to("chat.postEphemeral") == []


async def test_where_the_bot_cannot_post_ephemerally_the_command_answers_through_its_response_url(slack: Slack) -> None:
    slack.api.fail_next("chat.postEphemeral", error="channel_not_found")
    await slack.command(SCHMIDT, "what is FIMI", channel="C0PRIVATE")
    [call] = slack.api.calls_to("response_url")
    assert call.params["response_type"] == "ephemeral" and "foreign information manipulation" in json.dumps(
        call.params["blocks"]
    )


async def test_where_the_bot_is_not_in_a_working_group_channel_a_shared_answer_goes_through_the_response_url(
    slack: Slack,
) -> None:
    slack.api.fail_next("chat.postMessage", error="not_in_channel")
    await slack.command(SCHMIDT, "share what is FIMI", channel=DIGEST_CHANNEL)
    [call] = slack.api.calls_to("response_url")
    assert call.params["response_type"] == "in_channel" and "foreign information manipulation" in json.dumps(
        call.params["blocks"]
    )
    assert ASKER_ONLY not in json.dumps(call.params["blocks"])


# --- answers only in the working group's channels ----------------------------------------------


async def test_a_mention_in_a_channel_not_the_working_groups_is_answered_to_the_asker_alone(slack: Slack) -> None:
    event = slack.mention_event(SCHMIDT, "what does §14 commit to", channel=ELSEWHERE)
    assert await slack.answered(slack.event(event)) == []  # nothing posted for the channel to read
    [call] = slack.api.calls_to("chat.postEphemeral")
    assert (call.params["channel"], call.params["user"], call.params["thread_ts"]) == (ELSEWHERE, SCHMIDT, event["ts"])
    blocks = json.dumps(call.params["blocks"], ensure_ascii=False)
    assert blocks.index(ASKER_ONLY) < blocks.index("will establish a regular maritime security dialogue")


async def test_a_mention_in_a_working_group_channel_is_posted_for_all(slack: Slack) -> None:
    for channel in (CHANNEL, DIGEST_CHANNEL):
        [message] = await slack.mention(SCHMIDT, "what is FIMI", channel=channel)
        assert message["channel"] == channel and ASKER_ONLY not in shown(message)
    assert slack.api.calls_to("chat.postEphemeral") == []


async def test_a_shared_command_in_a_channel_not_the_working_groups_is_not_shared(slack: Slack) -> None:
    await slack.command(SCHMIDT, "share what is FIMI", channel=ELSEWHERE)
    assert slack.api.messages() == []
    [call] = slack.api.calls_to("chat.postEphemeral")
    assert call.params["user"] == SCHMIDT
    assert ASKER_ONLY in json.dumps(call.params["blocks"]) and "foreign information manipulation" in json.dumps(
        call.params["blocks"]
    )


async def test_a_shared_command_where_the_bot_is_not_and_the_working_group_is_not_falls_back_to_the_asker_alone(
    slack: Slack,
) -> None:
    """The issue's case: `share` in a channel the bot is not in fell back to response_url with in_channel."""
    slack.api.fail_next("chat.postEphemeral", error="channel_not_found")
    await slack.command(SCHMIDT, "share what is FIMI", channel=ELSEWHERE)
    assert slack.api.calls_to("chat.postMessage") == []
    [call] = slack.api.calls_to("response_url")
    assert call.params["response_type"] == "ephemeral"
    assert ASKER_ONLY in json.dumps(call.params["blocks"]) and "foreign information manipulation" in json.dumps(
        call.params["blocks"]
    )


async def test_a_button_pressed_in_a_channel_not_the_working_groups_is_answered_to_the_asker_alone(
    slack: Slack,
) -> None:
    await slack.answered(slack.event(slack.mention_event(SCHMIDT, "status history cyber", channel=ELSEWHERE)))
    [asked] = slack.api.calls_to("chat.postEphemeral")
    question = {**asked.params, "channel": ELSEWHERE}  # with its thread_ts: asked in the mention's thread
    _, posted = await slack.press(SCHMIDT, question, "choose:1", ephemeral=True)
    assert posted == []
    [_, answer] = slack.api.calls_to("chat.postEphemeral")
    assert answer.params["user"] == SCHMIDT and "Cyber" in json.dumps(answer.params["blocks"])


async def test_the_slash_command_in_a_direct_chat_can_start_an_update_and_its_ephemeral_buttons_work(
    slack: Slack,
) -> None:
    await slack.command(ROSSI, "update maritime", channel=dm_channel(ROSSI))
    [call] = slack.api.calls_to("chat.postEphemeral")
    assert "Overall status?" in json.dumps(call.params["blocks"])
    prompt = {**call.params, "channel": dm_channel(ROSSI)}
    _, [question] = await slack.press(ROSSI, prompt, "status:at_risk", ephemeral=True)
    [replaced] = slack.api.calls_to("response_url")  # an ephemeral message cannot take chat.update
    assert replaced.params["replace_original"] is True
    assert replaced.params["blocks"][-1]["elements"][0]["text"] == "✓ at risk"
    assert slack.api.calls_to("chat.update") == []
    assert question["channel"] == dm_channel(ROSSI) and "What progressed" in shown(question)


async def test_the_slash_command_in_a_channel_does_not_start_an_update(slack: Slack) -> None:
    await slack.command(ROSSI, "update maritime")
    [call] = slack.api.calls_to("chat.postEphemeral")
    assert "direct message" in json.dumps(call.params["blocks"]) and "Overall status?" not in json.dumps(
        call.params["blocks"]
    )


# --- mentions in the text ---------------------------------------------------------------


@pytest.mark.parametrize(
    "wire, question",
    [
        (f"status of maritime <@{BOT}>", "status of maritime"),
        (f"what is FIMI <@{BOT}>?", "what is FIMI?"),
        (f"<@{BOT}> what is FIMI", "what is FIMI"),
        (f"<@{BOT}>, what is FIMI", "what is FIMI"),
        (f"so <@{BOT}> what is FIMI", "so what is FIMI"),
        (f"<@{BOT}|partnerbot> who leads cyber <@{BOT}|partnerbot>", "who leads cyber"),
    ],
)
async def test_the_bots_mention_is_not_part_of_the_question_wherever_it_is(
    slack: Slack, wire: str, question: str
) -> None:
    await slack.answered(slack.event(slack.mention_event(SCHMIDT, wire, leading=False)))
    await slack.answered(slack.event(slack.dm_event(SCHMIDT, wire)))
    assert [inbound.text for inbound in slack.dispatcher.inbounds] == [question, question]


async def test_other_peoples_mentions_reach_the_dispatcher_as_user_ids_and_channel_mentions_as_typed(
    slack: Slack,
) -> None:
    wire = (
        f"<@{BOT}> who is <@U0LEADKR2|lee>, and does <@U0CHAIREU> know? "
        "cc <!channel> in <#C0WORKING|working-group> &amp; <!subteam^S0WG|@wg>"
    )
    await slack.answered(slack.event(slack.mention_event(SCHMIDT, wire, leading=False)))
    [inbound] = slack.dispatcher.inbounds
    assert (
        inbound.text == "who is <@U0LEADKR2>, and does <@U0CHAIREU> know? "
        "cc <!channel> in <#C0WORKING|working-group> & <!subteam^S0WG|@wg>"
    )


async def test_a_question_with_a_trailing_mention_is_answered(slack: Slack) -> None:
    [message] = await slack.answered(
        slack.event(slack.mention_event(SCHMIDT, f"what is FIMI <@{BOT}>?", leading=False))
    )
    assert "foreign information manipulation and interference" in shown(message)


# --- the lead's update -------------------------------------------------------------


async def test_a_lead_gives_an_update_with_buttons_and_it_is_stored(slack: Slack) -> None:
    [prompt] = await slack.dm(ROSSI, "update maritime")
    assert "Overall status?" in shown(prompt)

    ts, [question] = await slack.press(ROSSI, prompt, "status:on_track")
    [update] = slack.api.calls_to("chat.update")
    assert update.params["channel"] == dm_channel(ROSSI) and update.params["ts"] == ts
    assert all(b["type"] != "actions" for b in update.params["blocks"])
    assert update.params["blocks"][-1]["elements"][0]["text"] == "✓ on track"
    assert "What progressed" in shown(question)

    [blockers] = await slack.dm(ROSSI, "First staff talks held in Seoul &amp; Brussels")  # as Slack sends "&"
    assert "blockers" in shown(blockers)
    [next_steps] = await slack.dm(ROSSI, "skip")
    assert "Next steps" in shown(next_steps)
    [paragraphs] = await slack.dm(ROSSI, "skip")
    assert "paragraphs" in shown(paragraphs)
    [summary] = await slack.dm(ROSSI, "§14(b)")
    assert "First staff talks held in Seoul &amp; Brussels" in shown(summary)
    assert [e["value"] for e in summary["blocks"][-1]["elements"]] == ["confirm:save", "confirm:edit", "confirm:cancel"]

    _, [saved] = await slack.press(ROSSI, summary, "confirm:save")
    assert len(slack.api.calls_to("chat.update")) == 2
    assert slack.api.calls_to("chat.update")[1].params["blocks"][-1]["elements"][0]["text"] == "✓ Save"
    assert "Saved" in shown(saved)

    [row] = await maritime_updates(slack.runtime)
    assert (row.person_id, row.status, row.progress, row.paragraphs) == (
        "rossi",
        "on_track",
        "First staff talks held in Seoul & Brussels",
        "§14(b)",
    )
    [status] = await slack.mention(SCHMIDT, "status of maritime")
    assert "First staff talks held in Seoul &amp; Brussels" in shown(status) and "on track" in shown(status)


async def test_a_lead_of_several_areas_answers_a_side_question_gives_a_blocker_and_is_asked_before_the_next_area(
    slack: Slack,
) -> None:
    [which] = await slack.dm(ROSSI, "update")
    _, [status_question] = await slack.press(ROSSI, which, "area:1")
    assert "Overall status?" in shown(status_question)
    answer, asked_again = await slack.dm(
        ROSSI, "what is FIMI"
    )  # answered, then the open question again, with its buttons
    assert "foreign information manipulation and interference" in shown(answer)
    assert "Back to your update for Maritime Security:" in shown(asked_again) and "Overall status?" in shown(
        asked_again
    )
    _, [progress] = await slack.press(ROSSI, asked_again, "status:blocked")
    assert "What progressed" in shown(progress)
    [reason] = await slack.dm(ROSSI, "Exercise plan drafted")
    assert "What makes it blocked?" in shown(reason)
    assert "cannot be skipped" in shown((await slack.dm(ROSSI, "skip"))[0])
    await slack.dm(ROSSI, "ROK MOFA has not confirmed the date")
    await slack.dm(ROSSI, "skip")
    [summary] = await slack.dm(ROSSI, "skip")
    saved, another = (await slack.press(ROSSI, summary, "confirm:save"))[1]
    assert "Saved" in shown(saved)
    assert "update it now? yes / later" in shown(another)
    assert [e["value"] for e in another["blocks"][-1]["elements"]] == ["another:yes", "another:later"]
    _, [later] = await slack.press(ROSSI, another, "another:later")
    assert "Say “update” when you want to give" in shown(later)
    [row] = await maritime_updates(slack.runtime)
    assert (row.status, row.progress, row.blockers) == (
        "blocked",
        "Exercise plan drafted",
        "ROK MOFA has not confirmed the date",
    )


async def test_a_button_press_delivered_twice_is_answered_once(slack: Slack) -> None:
    [prompt] = await slack.dm(ROSSI, "update maritime")
    _, first = await slack.press(ROSSI, prompt, "status:on_track", trigger_id="42.1.same-trigger")
    _, second = await slack.press(ROSSI, prompt, "status:on_track", trigger_id="42.1.same-trigger")
    assert len(first) == 1 and "What progressed" in shown(first[0])
    assert second == []


# --- delivery semantics ---------------------------------------------------------------


async def test_a_retried_event_gives_one_reply_and_one_stored_update(slack: Slack) -> None:
    event = slack.dm_event(ROSSI, "update maritime: at risk — first meeting slipped to May")
    first = slack.event(event, event_id="Ev0RETRY01")
    retry = slack.event(
        event, event_id="Ev0RETRY01", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    statuses = await asyncio.gather(first, retry)
    assert [s for s, _ in statuses] == [200, 200]
    await slack.adapter.drain()
    [message] = slack.api.messages()
    assert "Saved" in shown(message)
    assert len(await maritime_updates(slack.runtime)) == 1


async def test_a_mention_in_a_direct_chat_delivered_twice_is_answered_once(slack: Slack) -> None:
    ts = slack.next_ts()
    common = {
        "client_msg_id": "m-dup",
        "text": f"<@{BOT}> what is FIMI",
        "user": SCHMIDT,
        "ts": ts,
        "team": TEAM,
        "channel": dm_channel(SCHMIDT),
        "event_ts": ts,
    }
    mention = slack.event({"type": "app_mention", **common}, event_id="Ev0DUP0001")
    message = slack.event({"type": "message", "channel_type": "im", **common}, event_id="Ev0DUP0002")
    before = len(slack.api.messages())
    await asyncio.gather(mention, message)
    await slack.adapter.drain()
    [reply] = slack.api.messages()[before:]
    assert reply["channel"] == dm_channel(SCHMIDT) and "thread_ts" not in reply
    assert "foreign information manipulation" in shown(reply)


async def test_a_rate_limited_post_is_retried_and_arrives(slack: Slack) -> None:
    slack.api.fail_next("chat.postMessage", retry_after=1)
    [message] = await slack.dm(SCHMIDT, "what is FIMI")
    calls = slack.api.calls_to("chat.postMessage")
    assert [c.failed for c in calls] == [True, False]
    assert calls[1].at - calls[0].at >= 1.0  # Retry-After was honoured
    assert "foreign information manipulation" in shown(message)


@pytest.mark.parametrize("status", [500, 503])
async def test_a_server_error_does_not_drop_the_answer(slack: Slack, status: int) -> None:
    slack.api.fail_next("chat.postMessage", status=status)
    [message] = await slack.dm(SCHMIDT, "what is FIMI")
    assert [c.failed for c in slack.api.calls_to("chat.postMessage")] == [True, False]
    assert "foreign information manipulation" in shown(message)


async def test_server_errors_are_tried_three_times_in_all_then_fail_the_send(slack: Slack) -> None:
    slack.api.fail_next("chat.postMessage", status=500, times=3)
    with pytest.raises(DeliveryError, match="slack: fatal_error") as raised:
        await slack.adapter.send_channel("C0DIGEST01", simple_reply("The digest is out"))
    assert len(slack.api.calls_to("chat.postMessage")) == 3
    assert raised.value.retry_after is None


async def test_a_retry_after_longer_than_a_minute_is_not_waited_but_handed_back_with_the_send(slack: Slack) -> None:
    slack.api.fail_next("chat.postMessage", retry_after=100000)
    async with asyncio.timeout(MAX_RETRY_WAIT / 4):
        with pytest.raises(DeliveryError, match="slack: ratelimited") as raised:
            await slack.adapter.send_channel("C0DIGEST01", simple_reply("The digest is out"))
    assert raised.value.retry_after == 100000
    assert len(slack.api.calls_to("chat.postMessage")) == 1
    # and an answer to a member meeting it is dropped at once, logged, not parked for a day
    slack.api.fail_next("chat.postMessage", retry_after=100000)
    async with asyncio.timeout(MAX_RETRY_WAIT / 4):
        assert await slack.dm(SCHMIDT, "what is FIMI") == []


async def test_stop_gives_an_answer_waiting_on_slack_its_grace_then_cancels_it(slack: Slack) -> None:
    """What every way of serving (HTTP, Socket Mode) does on the way out."""
    slack.api.fail_next("chat.postMessage", retry_after=50)  # under the minute: waited out in place
    status, _ = await slack.event(slack.dm_event(SCHMIDT, "what is FIMI"))
    assert status == 200
    await slack.api.wait_for("chat.postMessage")
    async with asyncio.timeout(DRAIN_SECONDS + 2):
        await slack.adapter.stop()
    assert slack.api.messages() == [] and slack.adapter.client.session is None


async def test_a_failed_reply_is_logged_and_the_next_question_is_answered(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    slack.api.fail_next("chat.postMessage", error="not_in_channel")
    assert await slack.mention(SCHMIDT, "what is FIMI") == []
    assert "not_in_channel" in caplog.text
    [message] = await slack.mention(SCHMIDT, "what is FIMI")
    assert "foreign information manipulation" in shown(message)


@pytest.mark.parametrize("configured", [logging.DEBUG, logging.WARNING])
def test_the_libraries_log_at_the_configured_level_and_not_below(
    tmp_path: Path, clock: FakeClock, configured: int
) -> None:
    """slack_sdk and bolt format whole payloads when their logger's own level is DEBUG or unset."""
    root = logging.getLogger()
    before = root.level
    root.setLevel(configured)
    try:
        runtime = make_runtime(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}", clock)
        runtime.settings = runtime.settings.model_copy(update={"slack_bot_token": SecretStr(TOKEN)})
        adapter = SlackAdapter(runtime, Dispatcher(runtime))
        assert adapter.client.logger.level == configured
        assert adapter.app.logger.level == configured
    finally:
        root.setLevel(before)


# --- security ------------------------------------------------------------------------


async def test_a_bad_signature_is_refused_and_nothing_is_posted(slack: Slack) -> None:
    status, _ = await slack.event(slack.dm_event(SCHMIDT, "what is FIMI"), secret="not-the-secret")
    await slack.adapter.drain()
    assert status == 401
    assert slack.api.calls_to("chat.postMessage") == []


async def test_a_request_older_than_five_minutes_is_refused(slack: Slack) -> None:
    status, _ = await slack.event(slack.dm_event(SCHMIDT, "what is FIMI"), timestamp=int(time.time()) - 6 * 60)
    await slack.adapter.drain()
    assert status == 401
    assert slack.api.calls_to("chat.postMessage") == []


async def test_the_url_verification_challenge_is_answered(slack: Slack) -> None:
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    status, body = await slack.post(
        json.dumps({"token": "legacy", "challenge": challenge, "type": "url_verification"}), "application/json"
    )
    assert status == 200 and json.loads(body) == {"challenge": challenge}


async def test_health_check(slack: Slack) -> None:
    async with slack.http.get(f"{slack.url}/healthz") as response:
        assert response.status == 200 and await response.text() == "ok"


# --- the edge: what anyone on the internet can make the HTTP server do ----------------------------

FORGED = "\n2026-12-02 10:00:00,000 CRITICAL bot.security: FORGED-LINE\n"


def refusals(log: ServerLog, status: int) -> list[str]:
    """The log's lines, each of which must be a refusal with that status."""
    lines = log.lines()
    assert all(f"refused POST /slack/events from 127.0.0.1: {status} " in line for line in lines), lines
    return lines


async def test_unsigned_megabyte_posts_cost_one_short_log_line_each_and_forge_none(
    server_log: ServerLog, slack: Slack
) -> None:
    """Bolt logged the whole body of a request with a bad signature, at INFO: ten posts made 10 MB of log, and
    a newline in the body wrote a line of the sender's choosing."""
    body = "x" * 1_000_000 + FORGED
    for _ in range(10):
        status, _ = await slack.post(body, "application/x-www-form-urlencoded", secret="not-the-secret")
        assert status == 401
    assert len(refusals(server_log, 401)) == 10
    assert "FORGED-LINE" not in server_log.text() and len(server_log.text()) < 2_000
    assert slack.api.calls_to("chat.postMessage") == []


@pytest.mark.parametrize(
    "header, value",
    [
        ("X-Slack-Request-Timestamp", b"soon"),
        ("X-Slack-Request-Timestamp", b"1.7e9"),
        ("X-Slack-Request-Timestamp", b""),
        ("X-Slack-Request-Timestamp", "١٧٠٠٠٠٠٠٠٠".encode()),
        ("X-Slack-Signature", "v0=é".encode()),
        ("X-Slack-Signature", b"v0=\xff\xfe"),
    ],
)
async def test_signing_headers_of_any_other_form_are_refused_with_401_and_one_line(
    server_log: ServerLog, slack: Slack, header: str, value: bytes
) -> None:
    """They went to int() and hmac.compare_digest before the signature was checked: a 500 and a traceback."""
    body = json.dumps(envelope(slack.dm_event(SCHMIDT, "what is FIMI"), "Ev0BADSTAMP")).encode()
    headers: dict[str, str | bytes] = {"Content-Type": "application/json", **sign(body), header: value}
    assert await raw_post(f"{slack.url}/slack/events", headers, body) == 401
    assert len(refusals(server_log, 401)) == 1
    assert slack.api.calls_to("chat.postMessage") == []


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"{not json" + FORGED.encode(), "application/json"),
        (b"[1, 2]", "application/json"),
        (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
        (b"\xff\xfe{}", "application/json"),
    ],
)
async def test_a_signed_body_that_does_not_parse_is_refused_with_400_and_one_line(
    server_log: ServerLog, slack: Slack, body: bytes, content_type: str
) -> None:
    """Bolt parsed it into a 500 and a traceback; signed or not, it cannot be an event."""
    status, _ = await slack.post(body, content_type)
    assert status == 400
    assert len(refusals(server_log, 400)) == 1
    assert "FORGED-LINE" not in server_log.text()


@pytest.mark.parametrize("chunked", [False, True])
async def test_a_body_over_the_limit_is_refused_with_413_and_one_line(
    server_log: ServerLog, slack: Slack, chunked: bool
) -> None:
    body = b"x" * (MAX_REQUEST_BYTES + 1)

    async def in_chunks() -> AsyncIterator[bytes]:  # no Content-Length: the limit is found while reading
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    headers = {"Content-Type": "application/json", **sign(body)}
    async with slack.http.post(
        f"{slack.url}/slack/events", data=in_chunks() if chunked else body, headers=headers
    ) as response:
        assert response.status == 413
    assert len(refusals(server_log, 413)) == 1


async def test_a_strangers_retried_event_is_refused_once_and_their_text_is_kept_nowhere(
    server_log: ServerLog, slack: Slack
) -> None:
    """Slack retries an event it thinks went unanswered; the stranger got the refusal again each time."""
    event = slack.dm_event(STRANGER, "the stranger's own words 7f3a9c")
    [refusal] = await slack.answered(slack.event(event, event_id="Ev0STRANGE1"))
    assert REFUSAL in refusal["text"]
    for retry in ("1", "2", "3"):
        assert (
            await slack.answered(
                slack.event(
                    event,
                    event_id="Ev0STRANGE1",
                    headers={"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"},
                )
            )
            == []
        )
    assert [m["text"] for m in slack.api.messages(dm_channel(STRANGER))] == [REFUSAL]
    assert "7f3a9c" not in await everything_stored(slack.runtime) and "7f3a9c" not in server_log.text()


async def everything_stored(runtime: Runtime) -> str:
    """Every row of every table, as text."""
    database = await runtime.database()
    async with database.engine.connect() as connection:
        return repr([list(await connection.execute(table.select())) for table in Base.metadata.sorted_tables])


def test_building_the_app_warns_of_nothing_with_the_token_in_the_environment(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Given our client and SLACK_BOT_TOKEN in the environment, Bolt warned on every start that the token goes
    unused."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    runtime = make_runtime(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}", clock)
    runtime.settings = runtime.settings.model_copy(
        update={"slack_bot_token": SecretStr(TOKEN), "slack_signing_secret": SecretStr(SECRET)}
    )
    with caplog.at_level(logging.INFO):
        SlackAdapter(runtime, Dispatcher(runtime))
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []


async def test_the_http_server_serves_the_probes_and_counts_answers_by_intent(slack: Slack) -> None:
    before = await scrape(slack.http, slack.url)
    await slack.dm(SCHMIDT, "what is FIMI")
    await slack.dm(STRANGER, "what is FIMI")
    after = await scrape(slack.http, slack.url)
    handled = "partnerbot_messages_handled_total"
    assert after.value(handled, intent="glossary") == before.value(handled, intent="glossary") + 1
    assert after.value(handled, intent="refused") == before.value(handled, intent="refused") + 1
    assert (
        after.value("partnerbot_answer_latency_seconds_count")
        == before.value("partnerbot_answer_latency_seconds_count") + 2
    )
    async with slack.http.get(f"{slack.url}/readyz") as response:
        assert response.status == 200  # the questions migrated the database


async def test_mentions_and_links_typed_by_a_user_are_posted_escaped_everywhere(slack: Slack) -> None:
    [saved] = await slack.dm(ROSSI, f"update maritime: on track — {INJECTION}")
    assert "Saved" in shown(saved)
    [row] = await maritime_updates(slack.runtime)
    assert row.progress == INJECTION  # stored as typed
    [status] = await slack.mention(SCHMIDT, "status of maritime")
    assert "&lt;!channel&gt; &lt;@U0CHAIREU&gt; &lt;https://evil|click&gt;" in shown(status)
    posted = [json.dumps(c.params, ensure_ascii=False) for c in slack.api.calls if c.method != "auth.test"]
    assert len(posted) == 2
    for params in posted:
        for raw in ("<!channel>", "<@U0CHAIREU>", "<https://evil"):
            assert raw not in params


async def test_a_stranger_gets_one_short_refusal_and_nothing_of_the_document(slack: Slack) -> None:
    [message] = await slack.dm(STRANGER, "what does §14 commit to")
    assert REFUSAL in message["text"]
    assert "§14" not in shown(message) and "maritime" not in shown(message).lower()
    [refusal] = await slack.mention(STRANGER, "what is FIMI")
    assert "manipulation" not in shown(refusal)


async def test_bot_posts_edits_and_own_messages_are_not_answered(slack: Slack) -> None:
    ignored = [
        slack.dm_event(SCHMIDT, "what is FIMI", bot_id="B0OTHER", subtype="bot_message"),
        slack.dm_event(SCHMIDT, "what is FIMI", subtype="message_changed"),
        slack.dm_event(BOT, "what is FIMI"),
        slack.mention_event(SCHMIDT, "what is FIMI", channel="D0SOMEDM"),  # answered from message.im only
        {**slack.dm_event(SCHMIDT, "what is FIMI"), "channel_type": "channel", "channel": CHANNEL},
    ]
    for n, event in enumerate(ignored):
        assert await slack.dispatch(envelope(event, f"Ev0IGNORE{n}")) == 200
    assert slack.api.messages() == []
    assert await slack.dispatch(envelope(slack.dm_event(SCHMIDT, "what is FIMI"), "Ev0ANSWER")) == 200
    assert len(slack.api.messages()) == 1


# --- App Home ----------------------------------------------------------------------------


async def test_the_home_tab_shows_the_next_meeting_the_areas_and_the_leads_update_buttons(slack: Slack) -> None:
    status, _ = await slack.event(
        {
            "type": "app_home_opened",
            "user": ROSSI,
            "channel": dm_channel(ROSSI),
            "tab": "home",
            "event_ts": slack.next_ts(),
        }
    )
    assert status == 200
    await slack.api.wait_for("views.publish")
    view = slack.api.views[ROSSI]
    body = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home"
    assert "15 Mar 2027" in body and "Seoul" in body and "in 42 days" in body
    assert "Maritime Security" in body and "no report" in body
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [e["value"] for e in buttons] == [
        "update Maritime Security",
        "update Non-Proliferation, Disarmament, conventional arms",
        "update Space security and defence",
    ]


async def test_the_home_tab_of_a_member_has_no_buttons_and_of_a_stranger_only_the_refusal(slack: Slack) -> None:
    await slack.event(
        {
            "type": "app_home_opened",
            "user": SCHMIDT,
            "channel": dm_channel(SCHMIDT),
            "tab": "home",
            "event_ts": slack.next_ts(),
        }
    )
    await slack.event(
        {
            "type": "app_home_opened",
            "user": STRANGER,
            "channel": dm_channel(STRANGER),
            "tab": "home",
            "event_ts": slack.next_ts(),
        }
    )
    await slack.api.wait_for("views.publish", 2)
    assert "in 42 days" in json.dumps(slack.api.views[SCHMIDT]) and "actions" not in json.dumps(
        slack.api.views[SCHMIDT]
    )
    stranger = json.dumps(slack.api.views[STRANGER], ensure_ascii=False)
    assert REFUSAL in stranger and "Seoul" not in stranger and "Maritime" not in stranger


async def test_the_messages_tab_publishes_nothing(slack: Slack) -> None:
    await slack.event(
        {
            "type": "app_home_opened",
            "user": ROSSI,
            "channel": dm_channel(ROSSI),
            "tab": "messages",
            "event_ts": slack.next_ts(),
        }
    )
    await slack.adapter.drain()
    assert slack.api.calls_to("views.publish") == []


async def test_an_update_button_on_the_home_tab_starts_the_update_in_the_direct_chat(slack: Slack) -> None:
    payload = {
        "type": "block_actions",
        "user": {"id": ROSSI, "username": "rossi", "name": "rossi", "team_id": TEAM},
        "api_app_id": "A0PARTNER",
        "token": "legacy",
        "container": {"type": "view", "view_id": "V00000001"},
        "trigger_id": "7.1.home-trigger",
        "team": {"id": TEAM, "domain": "partner"},
        "is_enterprise_install": False,
        "view": {"id": "V00000001", "type": "home", "blocks": [], "callback_id": "", "hash": "1.hash"},
        "actions": [
            {
                "action_id": "choice:0",
                "block_id": "b1",
                "text": {"type": "plain_text", "text": "Update Maritime Security"},
                "value": "update Maritime Security",
                "type": "button",
                "action_ts": str(time.time()),
            }
        ],
    }
    [prompt] = await slack.answered(slack.form({"payload": json.dumps(payload)}))
    [opened] = slack.api.calls_to("conversations.open")
    assert opened.params["users"] == ROSSI
    assert prompt["channel"] == dm_channel(ROSSI) and "Overall status?" in shown(prompt)
    assert slack.api.calls_to("chat.update") == []


# --- Outbox ------------------------------------------------------------------------------


async def test_the_digest_goes_to_a_channel_and_to_each_chair(slack: Slack) -> None:
    await slack.dm(ROSSI, "update maritime: blocked — waiting for the other side")
    leads = {
        "U0LEADEU1": ("space security", "non-proliferation"),
        "U0LEADKR1": ("crisis management",),
        "U0LEADEU2": ("cyber", "hybrid", "WPS"),
    }
    for user, areas in leads.items():  # enough for the digest to take several messages
        for area in areas:
            await slack.dm(
                user, f"update {area}: on track — " + " ".join(f"Step {n} on {area} agreed." for n in range(20))
            )
    digest, problem = await digest_for(slack.runtime, None)
    assert digest is not None, problem
    adapter = slack.adapter
    await adapter.send_channel("C0DIGEST01", digest)
    for chair in slack.runtime.chairs():
        assert adapter.reaches(chair)
        await adapter.send_direct(chair, digest)
    in_channel = slack.api.messages("C0DIGEST01")
    assert len(in_channel) >= 2  # the digest is longer than one message holds
    assert all(len(m["blocks"]) <= 50 for m in in_channel)
    body = "".join(shown(m) for m in in_channel)
    assert "Needs attention" in body and "waiting for the other side" in body
    assert [c.params["users"] for c in slack.api.calls_to("conversations.open")] == ["U0CHAIREU", "U0CHAIRKR"]
    for chair_id in ("U0CHAIREU", "U0CHAIRKR"):
        assert [m["blocks"] for m in slack.api.messages(dm_channel(chair_id))] == [m["blocks"] for m in in_channel]


async def test_the_digest_carries_its_chart_as_an_uploaded_file_after_the_text(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    await slack.dm(ROSSI, "update maritime: blocked — waiting for the other side")
    digest, problem = await digest_for(slack.runtime, None)
    assert digest is not None and digest.chart is not None, problem
    slack.api.reset_calls()
    await slack.adapter.send_channel("C0DIGEST01", digest)
    await slack.adapter.send_direct(slack.runtime.chairs()[0], digest)
    for channel in ("C0DIGEST01", dm_channel("U0CHAIREU")):
        [upload] = slack.api.uploads(channel)
        assert upload["filename"] == "status-by-area.png" and upload["title"] == digest.chart.title
        assert png_size(upload["data"]) == chart_size(digest.chart)
    methods = slack.api.methods_called()
    assert methods.index("files.getUploadURLExternal") > max(
        i for i, m in enumerate(methods[: methods.index("upload")]) if m == "chat.postMessage"
    )

    slack.api.fail_next("files.completeUploadExternal", error="not_in_channel")
    await slack.adapter.send_channel("C0DIGEST02", digest)  # the text is delivered; the picture's failure is logged
    assert slack.api.messages("C0DIGEST02") and slack.api.uploads("C0DIGEST02") == []
    assert "could not attach the chart in C0DIGEST02: not_in_channel" in caplog.text


async def test_an_error_from_slack_is_a_delivery_error_with_its_reason(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    digest, _ = await digest_for(slack.runtime, None)
    assert digest is not None
    slack.api.fail_next("chat.postMessage", error="channel_not_found")
    with pytest.raises(DeliveryError, match="slack: channel_not_found"):
        await slack.adapter.send_channel("C0GONE", digest)
    assert "channel_not_found" in caplog.text
    slack.api.fail_next("conversations.open", error="user_not_found")
    with pytest.raises(DeliveryError, match="user_not_found"):
        await slack.adapter.send_direct(person(slack.runtime, "mueller"), digest)


async def test_someone_without_a_slack_id_is_not_reached(slack: Slack) -> None:
    jansen = person(slack.runtime, "jansen")
    assert not slack.adapter.reaches(jansen)
    with pytest.raises(DeliveryError):
        await slack.adapter.send_direct(jansen, (await digest_for(slack.runtime, None))[0] or pytest.fail("no digest"))


async def test_the_profile_timezone_comes_from_slack_and_is_none_when_it_cannot_be_read(slack: Slack) -> None:
    slack.api.add_user("U0LEADKR2", tz="Asia/Seoul")
    lee = person(slack.runtime, "lee")
    assert lee.timezone is None
    assert await slack.adapter.profile_timezone(lee) == "Asia/Seoul"
    assert (
        await slack.adapter.profile_timezone(person(slack.runtime, "novak")) is None
    )  # not in the fake: user_not_found
    assert await slack.adapter.profile_timezone(person(slack.runtime, "jansen")) is None  # no Slack id
    assert [c.params["user"] for c in slack.api.calls_to("users.info")] == ["U0LEADKR2", "U0LEADEU2"]


def test_the_manifest_subscribes_to_what_the_adapter_answers_with_only_the_scopes_it_uses() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yaml").read_text(encoding="utf-8"))
    assert manifest["_metadata"]["major_version"] == 1
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_mention", "message.im", "app_home_opened"]
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert (
        manifest["features"]["app_home"]["home_tab_enabled"]
        and manifest["features"]["app_home"]["messages_tab_enabled"]
    )
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == [
        "app_mentions:read",
        "channels:history",
        "chat:write",
        "commands",
        "groups:history",
        "im:history",
        "im:write",
        "users:read",
    ]


async def test_a_digest_sent_before_a_crash_is_found_in_slack_and_not_sent_twice(
    slack: Slack, clock: FakeClock
) -> None:
    """The database failed between chat.postMessage and "marked sent": the takeover reads the chat's history,
    where the message carries its delivery key as metadata, and records it sent without a second copy."""
    from datetime import UTC, datetime

    from tests.scheduling.support import deliveries_for
    from tests.scheduling.test_delivery_faults import crash_after_send

    deliveries = await deliveries_for(slack.runtime, slack.dispatcher, slack.adapter)
    clock.set(datetime(2027, 3, 8, 8, 30, tzinfo=UTC))
    key = "digest:sdd-2027:2027-03-15:person:park"
    assert key in (await deliveries.run_due()).sent
    sent = slack.api.messages(dm_channel("U0CHAIRKR"))
    assert sent and sent[0]["metadata"] == {"event_type": "partnerbot_delivery", "event_payload": {"key": key}}
    await crash_after_send(slack.runtime, key)
    assert key in (await deliveries.run_due()).sent
    assert slack.api.messages(dm_channel("U0CHAIRKR")) == sent  # no second copy
    history = slack.api.calls_to("conversations.history")[-1].params
    assert history["channel"] == dm_channel("U0CHAIRKR") and str(history["include_all_metadata"]).lower() in (
        "1",
        "true",
    )
    async with (await slack.runtime.database()).session() as session:
        row = await repo.delivery(session, key)
    assert row is not None and row.status == "sent" and "not sent again" in (row.doubt or "")
    assert await slack.adapter.already_delivered("C0DIGEST01", "digest:another") is False


# --- blockers and the chairs' commands ------------------------------------------------------------------


async def test_an_area_becoming_blocked_alerts_each_chair_and_the_digest_channel_once_in_slack(slack: Slack) -> None:
    await store_update(slack.runtime, "kim", "maritime", "blocked", "ROK MOFA has not confirmed the date")
    deliveries = await deliveries_for(slack.runtime, slack.dispatcher, slack.adapter)
    report = await deliveries.run_due()
    assert len(report.sent) == 3 and report.failed == []
    for where in (dm_channel("U0CHAIREU"), dm_channel("U0CHAIRKR"), "C0DIGEST01"):
        [alert] = slack.api.messages(where)
        assert "Blocked: Maritime Security" in shown(alert) and "ROK MOFA has not confirmed the date" in shown(alert)
        assert alert["metadata"]["event_payload"]["key"].startswith(
            "blocked:"
        )  # found again after a crash, not sent twice
    assert (await deliveries.run_due()).sent == []
    assert len(slack.api.messages()) == 3


async def test_a_chair_cancels_a_meeting_only_after_pressing_yes(slack: Slack) -> None:
    [asked] = await slack.dm("U0CHAIREU", "cancel sdd-2027")
    assert "Cancel the Security and Defence Dialogue on 15 Mar 2027 in Seoul (id sdd-2027)?" in shown(asked)
    buttons = [e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(e["text"]["text"], e["value"], e.get("style")) for e in buttons] == [
        ("Yes, cancel sdd-2027", "choose:1", "danger"),
        ("No, keep it", "choose:2", None),
    ]
    database = await slack.runtime.database()
    async with database.session() as session:
        assert (await repo.meeting(session, "sdd-2027")).cancelled is False  # type: ignore[union-attr]
    _, [done] = await slack.press("U0CHAIREU", asked, "choose:1")
    assert "Cancelled sdd-2027" in shown(done)
    async with database.session() as session:
        assert (await repo.meeting(session, "sdd-2027")).cancelled is True  # type: ignore[union-attr]
