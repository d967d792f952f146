"""A process told to stop (SIGTERM, as a service manager stops it) exits within seconds whatever is in flight.

Real `partnerbot serve …` and `partnerbot run` processes against the fake Slack and Telegram APIs, with an
answer held up by the platform when the signal comes: a 429 whose wait is too long to wait out in place
(not waited at all), or one under the minute (waited in place, so the answer is still in flight and has
to be given up).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tests.adapters.test_slack import BOT, SCHMIDT, SECRET, TEAM, TOKEN, envelope, sign
from tests.conftest import EXAMPLE_CONFIG
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramApi, private_text_update

pytestmark = pytest.mark.slow  # real processes: `pytest -m "not slow"` leaves them out

STOP_WITHIN = 10.0  # seconds from SIGTERM to exit
KIM = 100012
TELEGRAM_TOKEN = "123:TEST"
WEBHOOK_SECRET = "s3cret-token_for-tests"


async def launch(tmp_path: Path, *command: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *command,
        "--config",
        str(EXAMPLE_CONFIG),
        "--database-url",
        f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        cwd=tmp_path,
        env=clean | env | {"PARTNERBOT_LOG_LEVEL": "INFO"},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def logged(process: asyncio.subprocess.Process, pattern: str, seen: list[str]) -> re.Match[str]:
    """Read the process's log until a line matches; every line read is kept in `seen`."""
    assert process.stderr is not None
    async with asyncio.timeout(60):
        while True:
            line = (await process.stderr.readline()).decode()
            assert line, "the process ended before logging " + pattern + ":\n" + "".join(seen)
            seen.append(line)
            if match := re.search(pattern, line):
                return match


async def seconds_to_stop(process: asyncio.subprocess.Process, seen: list[str]) -> float:
    """SIGTERM, then the seconds until the process has exited; it must exit cleanly."""
    started = time.monotonic()
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    return await seconds_to_exit(process, seen, started)


async def seconds_to_exit(process: asyncio.subprocess.Process, seen: list[str], started: float) -> float:
    """The seconds from `started` until the process has exited; it must exit cleanly."""
    try:
        _, rest = await asyncio.wait_for(process.communicate(), timeout=120)
    except TimeoutError:
        process.kill()
        raise
    elapsed = time.monotonic() - started
    log = "".join(seen) + rest.decode()
    assert process.returncode == 0, log
    assert "Traceback" not in log, log
    return elapsed


async def post_event(port: int, text: str, event_id: str) -> int:
    """Post one member's direct message as Slack does, on a new connection; the HTTP status."""
    event = {
        "type": "message",
        "text": text,
        "user": SCHMIDT,
        "ts": "1800000000.000002",
        "team": TEAM,
        "channel": f"D{SCHMIDT}",
        "event_ts": "1800000000.000002",
        "channel_type": "im",
    }
    body = json.dumps(envelope(event, event_id))
    headers = {"Content-Type": "application/json", **sign(body)}
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http,
        http.post(f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=headers) as response,
    ):
        return response.status


@pytest.mark.parametrize("retry_after", [100000, 50])
async def test_serve_slack_http_stops_within_seconds_while_an_answer_waits_on_slack(
    tmp_path: Path, retry_after: int
) -> None:
    async with FakeSlackApi(bot_user_id=BOT, team_id=TEAM, expected_token=TOKEN) as api:
        api.fail_next("chat.postMessage", retry_after=retry_after, times=10)
        env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.url}
        process = await launch(tmp_path, "serve", "slack", "--http", "--port", "0", env=env)
        seen: list[str] = []
        try:
            port = int((await logged(process, r"serving HTTP on \S+:(\d+)", seen)).group(1))
            assert await post_event(port, "what is FIMI", "Ev0STOP001") == 200
            await api.wait_for("chat.postMessage", timeout=60)  # the answer has met the 429
        finally:
            elapsed = await seconds_to_stop(process, seen)
    assert elapsed < STOP_WITHIN
    assert api.messages() == []  # nothing got through: the answer was given up, not posted late


async def test_serve_slack_http_takes_no_event_once_told_to_stop(tmp_path: Path) -> None:
    """An event acknowledged while the process drains would have its answer cancelled when the grace runs
    out, and Slack, given its 200, would not send it again: refused, it is retried to the next process."""
    async with FakeSlackApi(bot_user_id=BOT, team_id=TEAM, expected_token=TOKEN) as api:
        api.fail_next("chat.postMessage", retry_after=50)  # the first answer waits in place: the drain has work
        env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.url}
        process = await launch(tmp_path, "serve", "slack", "--http", "--port", "0", env=env)
        seen: list[str] = []
        started = time.monotonic()
        try:
            port = int((await logged(process, r"serving HTTP on \S+:(\d+)", seen)).group(1))
            assert await post_event(port, "what is FIMI", "Ev0STOP010") == 200
            await api.wait_for("chat.postMessage", timeout=60)
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            await logged(process, r"stopping: no more messages taken", seen)
            with pytest.raises(aiohttp.ClientConnectorError):  # refused: nothing listens any more
                await post_event(port, "what does §14 commit to", "Ev0STOP011")
        finally:
            elapsed = await seconds_to_exit(process, seen, started)
    assert elapsed < STOP_WITHIN
    assert api.messages() == []


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_serve_telegram_takes_no_update_once_told_to_stop_and_the_next_process_answers_it(
    tmp_path: Path,
) -> None:
    """An update taken while the process drains would have its answer cancelled when the grace runs out,
    and its receipt confirmed to Telegram: left untaken, it waits at Telegram for the next process."""
    async with FakeTelegramApi() as api:
        api.fail_next("sendMessage", retry_after=50)  # the first answer waits in place: the drain has work
        env = {"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_API_URL": api.base_url}
        process = await launch(tmp_path, "serve", "telegram", env=env)
        seen: list[str] = []
        started = time.monotonic()
        try:
            api.queue_update(private_text_update(KIM, "what is FIMI", update_id=1))
            await api.wait_for("sendMessage", timeout=60)
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            await logged(process, r"stopping: no more messages taken", seen)
            api.queue_update(private_text_update(KIM, "what does §14 commit to", update_id=2))
        finally:
            elapsed = await seconds_to_exit(process, seen, started)
        assert elapsed < STOP_WITHIN
        assert [u["update_id"] for u in api.pending_updates] == [2]  # not taken, so not confirmed either
        assert api.sent() == []

        process = await launch(tmp_path, "serve", "telegram", env=env)
        try:
            async with asyncio.timeout(60):
                while not api.sent(KIM):
                    await asyncio.sleep(0.05)
        finally:
            await seconds_to_stop(process, [])
        (answer,) = api.sent(KIM)
        assert "regular maritime security dialogue" in answer["text"]  # §14's words: the question answered
        assert api.pending_updates == []


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize(
    "command",
    [
        ("serve", "telegram"),
        ("serve", "telegram", "--webhook", "https://bot.example.org/telegram", "--port", "0"),
        ("run",),
    ],
)
async def test_telegram_stops_within_seconds_while_an_answer_waits_out_flood_control(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    async with FakeTelegramApi() as api:
        api.fail_next("sendMessage", retry_after=50, times=10)
        env = {
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_API_URL": api.base_url,
            "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        }
        process = await launch(tmp_path, *command, env=env)
        seen: list[str] = []
        try:
            question = private_text_update(KIM, "what is FIMI", update_id=1)
            if "--webhook" in command:
                port = int((await logged(process, r"served on \S+:(\d+)/telegram", seen)).group(1))
                async with aiohttp.ClientSession() as http:
                    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
                    async with http.post(
                        f"http://127.0.0.1:{port}/telegram", json=question, headers=headers
                    ) as response:
                        assert response.status == 200
            else:
                api.queue_update(question)
            await api.wait_for("sendMessage", timeout=60)  # the answer is waiting out the flood control
        finally:
            elapsed = await seconds_to_stop(process, seen)
    assert elapsed < STOP_WITHIN
    assert api.sent() == []
