"""FakeSlackSocketMode refuses what Slack refuses, driven by the real slack_sdk Web API client and a real WebSocket.

Why: a fake that takes any token, any ticket or any ack would let the adapter's Socket Mode tests pass
whatever the adapter sends.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_socket import DEBUG_RECONNECT_SECONDS, FakeSlackSocketMode

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow

APP_TOKEN = "xapp-1-A0PARTNER-1-fake"
BOT_TOKEN = "xoxb-fake"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackSocketMode]:
    async with FakeSlackSocketMode(app_token=APP_TOKEN, expected_token=BOT_TOKEN) as fake:
        yield fake


async def open_url(slack: FakeSlackSocketMode, token: str | None) -> str:
    client = AsyncWebClient(base_url=slack.url)
    response = (
        await client.apps_connections_open(app_token=token) if token else await client.api_call("apps.connections.open")
    )
    return str(response["url"])


@pytest.mark.parametrize(
    ("token", "error"),
    [
        (None, "not_authed"),
        ("xapp-1-A0PARTNER-1-other", "invalid_auth"),
        (BOT_TOKEN, "not_allowed_token_type"),
    ],
)
async def test_only_the_app_token_opens_a_connection(slack: FakeSlackSocketMode, token: str | None, error: str) -> None:
    with pytest.raises(SlackApiError) as refused:
        await open_url(slack, token)
    assert refused.value.response["error"] == error
    assert [call.failed for call in slack.calls_to("apps.connections.open")] == [True]


async def test_the_app_token_opens_nothing_else(slack: FakeSlackSocketMode) -> None:
    with pytest.raises(SlackApiError) as refused:
        await AsyncWebClient(token=APP_TOKEN, base_url=slack.url).chat_postMessage(channel="C1", text="hi")
    assert refused.value.response["error"] == "not_allowed_token_type"
    assert slack.messages() == []


async def test_a_url_says_hello_once_and_its_ticket_cannot_be_used_again(slack: FakeSlackSocketMode) -> None:
    url = await open_url(slack, APP_TOKEN)
    assert url.startswith(f"ws://127.0.0.1:{slack.port}/link/?ticket=")
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(url + "&debug_reconnects=true") as socket:
            hello = json.loads((await socket.receive()).data)
            assert hello["type"] == "hello" and hello["connection_info"] == {"app_id": "A0PARTNER"}
            assert hello["debug_info"]["approximate_connection_time"] == DEBUG_RECONNECT_SECONDS
            with pytest.raises(aiohttp.WSServerHandshakeError) as again:
                await http.ws_connect(url)
            assert again.value.status == 401
    assert len(slack.connections) == 1


async def test_acks_are_kept_by_envelope_and_any_other_is_stray(slack: FakeSlackSocketMode) -> None:
    url = await open_url(slack, APP_TOKEN)
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as socket:
        await socket.receive()  # hello
        await slack.wait_connected()
        envelope_id = await slack.send_event({"type": "event_callback", "event_id": "Ev1", "event": {}})
        sent = json.loads((await socket.receive()).data)
        assert sent["envelope_id"] == envelope_id and sent["type"] == "events_api"
        assert sent["accepts_response_payload"] is False and sent["retry_attempt"] == 0
        with pytest.raises(AssertionError, match="not within"):
            await slack.wait_ack(envelope_id, timeout=0.2)
        await socket.send_str(json.dumps({"envelope_id": "never-sent"}))
        await socket.send_str(json.dumps({"envelope_id": envelope_id}))
        await socket.send_str(json.dumps({"envelope_id": envelope_id}))
        ack = await slack.wait_ack(envelope_id)
        assert ack.message == {"envelope_id": envelope_id}
        await slack.wait_until(lambda: len(slack.stray_acks) == 2)
        disconnected = await slack.disconnect()
        assert json.loads((await socket.receive()).data)["type"] == "disconnect"
        with pytest.raises(AssertionError, match="no open connection"):
            await slack.send_event({"type": "event_callback", "event_id": "Ev2", "event": {}})
    assert disconnected.told_to_go
    assert [stray.envelope_id for stray in slack.stray_acks] == ["never-sent", envelope_id]
