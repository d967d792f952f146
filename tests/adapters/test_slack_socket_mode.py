"""The Slack adapter in Socket Mode, as Slack drives it: the real bolt AsyncSocketModeHandler and slack_sdk
SocketModeClient, connected over a real WebSocket to FakeSlackSocketMode, events in as envelopes, answers out
through the fake Web API.

Waiting is on events: the fake's acks and connections, the dispatcher's Inbounds, `adapter.drain()`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app.adapters.slack import COMMAND, SlackAdapter
from bot.app.cli import EXIT_USAGE
from bot.audience import REFUSAL
from bot.runtime import Runtime
from bot.settings import SettingsError
from tests.adapters.recording import RecordingDispatcher
from tests.adapters.test_slack import BOT, CHANNEL, SCHMIDT, STRANGER, TEAM, TOKEN, dm_channel, envelope
from tests.fakes.slack_socket import FakeSlackSocketMode
from tests.test_shutdown_process import launch, logged, seconds_to_stop

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow

APP_TOKEN = "xapp-1-A0PARTNER-1-partnerbot-test"
ACK_WITHIN = 3.0  # seconds: Slack counts an envelope not acknowledged by then as failed, and sends it again


def dm(user: str, text: str, n: int) -> dict[str, Any]:
    """A `message.im` event as Slack sends it for a direct message to the bot."""
    ts = f"1800000000.{n:06d}"
    return {
        "type": "message",
        "client_msg_id": f"m-{n}",
        "text": text,
        "user": user,
        "ts": ts,
        "team": TEAM,
        "channel": dm_channel(user),
        "event_ts": ts,
        "channel_type": "im",
    }


@dataclass
class Socket:
    adapter: SlackAdapter
    slack: FakeSlackSocketMode
    dispatcher: RecordingDispatcher

    async def ask(self, body: dict[str, Any], **retry: Any) -> str:
        """Send an envelope and return its id once it is acknowledged within Slack's three seconds."""
        envelope_id = await self.slack.send_event(body, **retry)
        ack = await self.slack.wait_ack(envelope_id, timeout=ACK_WITHIN)
        assert ack.message == {"envelope_id": envelope_id}  # an events_api ack carries no payload
        assert ack.at - self.slack.envelopes[envelope_id]["sent_at"] < ACK_WITHIN
        return envelope_id

    async def answered(self, inbounds: int) -> None:
        """Wait until the dispatcher has had `inbounds` messages in all and every answer is posted."""
        await self.dispatcher.wait_for(inbounds)
        await self.adapter.drain()


async def serving(runtime: Runtime, slack: FakeSlackSocketMode, app_token: str) -> SlackAdapter:
    runtime.settings = runtime.settings.model_copy(
        update={
            "slack_bot_token": SecretStr(TOKEN),
            "slack_app_token": SecretStr(app_token),
            "slack_api_url": slack.url,
        }
    )
    return SlackAdapter(runtime, RecordingDispatcher(runtime))


@pytest.fixture
async def socket(runtime: Runtime) -> AsyncIterator[Socket]:
    async with FakeSlackSocketMode(app_token=APP_TOKEN, bot_user_id=BOT, team_id=TEAM, expected_token=TOKEN) as slack:
        adapter = await serving(runtime, slack, APP_TOKEN)
        served = asyncio.create_task(adapter.serve_socket_mode())
        try:
            await slack.wait_connected()
            assert isinstance(adapter.dispatcher, RecordingDispatcher)
            yield Socket(adapter, slack, adapter.dispatcher)
        finally:
            served.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await served
        assert slack.stray_acks == []  # nothing acknowledged twice, nothing that was never sent


def shown(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False)


async def test_a_members_direct_message_is_acknowledged_then_answered_with_the_paragraph_cited(socket: Socket) -> None:
    [hello] = socket.slack.connections[0].sent[:1]
    assert hello["type"] == "hello"
    await socket.ask(envelope(dm(SCHMIDT, "what does §14 commit to", 1), "Ev0SOCKET01"))
    await socket.answered(1)
    [message] = socket.slack.messages()
    assert message["channel"] == dm_channel(SCHMIDT)
    assert "will establish a regular maritime security dialogue" in shown(message) and "— §14" in shown(message)
    [post] = socket.slack.calls_to("chat.postMessage")
    assert post.token == TOKEN  # answers go with the bot token, the app token only opens the connection
    [opened] = socket.slack.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN and not opened.failed


async def test_a_stranger_gets_the_one_refusal(socket: Socket) -> None:
    await socket.ask(envelope(dm(STRANGER, "what does §14 commit to", 2), "Ev0SOCKET02"))
    await socket.answered(1)
    [message] = socket.slack.messages()
    assert message["text"] == REFUSAL and "§14" not in shown(message)


async def test_after_a_disconnect_the_client_reconnects_and_the_next_question_is_answered_once(socket: Socket) -> None:
    old = await socket.slack.disconnect()
    await socket.slack.wait_connected(count=2)
    assert len(socket.slack.calls_to("apps.connections.open")) == 2  # a new URL for the new connection
    assert old.ticket != socket.slack.connections[1].ticket
    await socket.ask(envelope(dm(SCHMIDT, "what is FIMI", 3), "Ev0SOCKET03"))
    await socket.answered(1)
    [message] = socket.slack.messages()
    assert "foreign information manipulation and interference" in shown(message)
    assert old.sent[-1] == {
        "type": "disconnect",
        "reason": "refresh_requested",
        "debug_info": {"host": "applink-fake-1"},
    }
    assert len(socket.slack.connections[1].sent) == 2  # its hello, then the question


async def test_told_to_stop_taking_it_closes_its_connection_and_opens_no_other(socket: Socket) -> None:
    """The first step of stopping: an envelope acknowledged while the process drains could have its answer cut
    short by the grace, and Slack would not send it again; with the connection closed, it goes to another."""
    await socket.adapter.stop_taking()
    await socket.slack.wait_until(lambda: all(c.socket.closed for c in socket.slack.connections))
    await asyncio.sleep(0.5)  # a client whose connection drops by accident opens another at once
    assert len(socket.slack.connections) == 1
    assert len(socket.slack.calls_to("apps.connections.open")) == 1


async def test_a_redelivered_envelope_is_acknowledged_again_and_answered_once(socket: Socket) -> None:
    body = envelope(dm(SCHMIDT, "what is FIMI", 4), "Ev0SOCKET04")
    first = await socket.ask(body)
    again = await socket.ask(body, retry_attempt=1, retry_reason="timeout")
    assert first != again
    await socket.answered(2)
    assert [inbound.dedupe_key for inbound in socket.dispatcher.inbounds] == ["Ev0SOCKET04", "Ev0SOCKET04"]
    [message] = socket.slack.messages()
    assert "foreign information manipulation and interference" in shown(message)


async def test_the_slash_command_is_acknowledged_without_a_payload_and_answered_to_the_caller_alone(
    socket: Socket,
) -> None:
    command = {
        "token": "legacy",
        "team_id": TEAM,
        "team_domain": "partner",
        "channel_id": CHANNEL,
        "channel_name": "working-group",
        "user_id": SCHMIDT,
        "user_name": "schmidt",
        "command": COMMAND,
        "text": "what is FIMI",
        "api_app_id": "A0PARTNER",
        "is_enterprise_install": "false",
        "response_url": f"{socket.slack.origin}/api/response_url",
        "trigger_id": "1.1.socket-trigger",
    }
    envelope_id = await socket.slack.send_envelope("slash_commands", command)
    ack = await socket.slack.wait_ack(envelope_id, timeout=ACK_WITHIN)
    assert ack.message == {"envelope_id": envelope_id}  # nothing said in the channel by the ack itself
    await socket.answered(1)
    [call] = socket.slack.calls_to("chat.postEphemeral")
    assert (call.params["channel"], call.params["user"]) == (CHANNEL, SCHMIDT)
    assert "foreign information manipulation" in json.dumps(call.params["blocks"])
    assert socket.slack.messages() == []


@pytest.mark.parametrize(
    ("app_token", "error"),
    [("xapp-1-A0PARTNER-1-revoked", "invalid_auth"), (TOKEN, "not_allowed_token_type")],
)
async def test_an_app_token_slack_refuses_stops_serving_with_one_clear_message(
    runtime: Runtime, app_token: str, error: str
) -> None:
    async with FakeSlackSocketMode(app_token=APP_TOKEN, bot_user_id=BOT, team_id=TEAM, expected_token=TOKEN) as slack:
        adapter = await serving(runtime, slack, app_token)
        with pytest.raises(SettingsError) as refused:
            async with asyncio.timeout(10):
                await adapter.serve_socket_mode()
        assert str(refused.value).startswith("SLACK_APP_TOKEN: ") and error in str(refused.value)
        assert app_token not in str(refused.value)
        assert [call.failed for call in slack.calls_to("apps.connections.open")] == [True]
        assert slack.connections == []


# --- the real process ------------------------------------------------------------------------------


async def test_serve_slack_in_socket_mode_answers_reconnects_and_stops_cleanly(tmp_path: Path) -> None:
    """`partnerbot serve slack` without --http, as deployed without a public URL."""
    async with FakeSlackSocketMode(app_token=APP_TOKEN, bot_user_id=BOT, team_id=TEAM, expected_token=TOKEN) as slack:
        env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": slack.url}
        process = await launch(tmp_path, "serve", "slack", env=env)
        seen: list[str] = []
        try:
            await logged(process, r"Slack: connected in Socket Mode", seen)
            first = await slack.send_event(envelope(dm(SCHMIDT, "what does §14 commit to", 11), "Ev0PROCESS1"))
            await slack.wait_ack(first, timeout=ACK_WITHIN)
            [answer] = await slack.wait_for("chat.postMessage", timeout=30)
            assert "— §14" in json.dumps(answer.params, ensure_ascii=False)
            await slack.disconnect()
            await slack.wait_connected(count=2)
            second = await slack.send_event(envelope(dm(SCHMIDT, "what is FIMI", 12), "Ev0PROCESS2"))
            await slack.wait_ack(second, timeout=ACK_WITHIN)
            answers = await slack.wait_for("chat.postMessage", count=2, timeout=30)
            assert "foreign information manipulation" in json.dumps(answers[1].params, ensure_ascii=False)
        finally:
            await seconds_to_stop(process, seen)  # exits 0 without a traceback
    assert len(slack.messages()) == 2 and slack.stray_acks == []
    assert [call.token for call in slack.calls_to("apps.connections.open")] == [APP_TOKEN, APP_TOKEN]


async def test_serve_slack_with_an_app_token_slack_refuses_exits_with_one_line(tmp_path: Path) -> None:
    async with FakeSlackSocketMode(app_token=APP_TOKEN, bot_user_id=BOT, team_id=TEAM, expected_token=TOKEN) as slack:
        env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": "xapp-1-A0PARTNER-1-revoked", "SLACK_API_URL": slack.url}
        process = await launch(tmp_path, "serve", "slack", env=env)
        try:
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
        except TimeoutError:
            process.kill()  # still retrying: the refusal was not taken for one
            await process.wait()
            raise
    errors = [line for line in stderr.decode().splitlines() if "error" in line.lower()]
    assert process.returncode == EXIT_USAGE
    assert errors == [
        "partnerbot: error: SLACK_APP_TOKEN: Slack refused it (invalid_auth); it must be the app-level token "
        "(xapp-…) with connections:write, from the app's Basic Information page"
    ]
    assert "Traceback" not in stderr.decode() and "revoked" not in stderr.decode()
