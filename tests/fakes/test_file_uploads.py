"""The fakes' file methods are as strict as the platforms: Slack's three steps in order and the length as announced,
Telegram's document as a multipart file."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from telegram import Bot, InputFile
from telegram.error import BadRequest

from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramApi

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow


async def test_slack_completes_only_a_file_whose_bytes_arrived_as_announced() -> None:
    async with FakeSlackApi() as api, aiohttp.ClientSession() as http:
        client = AsyncWebClient(token="xoxb-x", base_url=api.url, session=http)
        done = await client.files_upload_v2(channel="C0FILES", file=b"BEGIN:VCALENDAR", filename="a.ics", title="a.ics")
        assert done["file"]["name"] == "a.ics" and api.uploads("C0FILES")[0]["data"] == b"BEGIN:VCALENDAR"

        announced = await client.files_getUploadURLExternal(filename="b.ics", length=10)
        with pytest.raises(SlackApiError, match="file_not_found"):  # completed before its bytes were uploaded
            await client.files_completeUploadExternal(
                files=[{"id": announced["file_id"], "title": "b"}], channel_id="C0FILES"
            )
        async with http.post(str(announced["upload_url"]), data=b"short") as response:
            assert response.status == 400  # not the announced length
        assert len(api.uploads()) == 1


async def test_telegram_takes_a_document_only_as_a_file() -> None:
    async with FakeTelegramApi() as api:
        bot = Bot("123:TOKEN", base_url=api.base_url)
        async with bot:
            sent = await bot.send_document(chat_id=42, document=InputFile(b"BEGIN:VCALENDAR", filename="m.ics"))
            assert sent.document is not None and sent.document.file_name == "m.ics" and sent.document.file_size == 15
            with pytest.raises(BadRequest, match="no document"):
                await bot.send_document(chat_id=42, document="not-a-known-file-id")
        assert [d["data"] for d in api.documents(42)] == [b"BEGIN:VCALENDAR"]
