"""The HTTP processes as a deployment runs them: `serve slack --http`, `serve telegram --webhook` and
`scheduler --port`, real processes on ephemeral ports, driven over HTTP and judged by their own log.

What a stranger can send them (forged, oversized, unparseable bodies) must cost one log line each, with
no body in it and no line of the sender's making; the probes answer; a start warns of nothing."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.app.adapters.slack import MAX_REQUEST_BYTES as SLACK_MAX
from bot.app.adapters.telegram import MAX_REQUEST_BYTES as TELEGRAM_MAX
from tests.adapters.test_slack import BOT, SCHMIDT, SECRET, TEAM, TOKEN, envelope, sign
from tests.conftest import EXAMPLE_CONFIG
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramApi, private_text_update
from tests.scrape import scrape

pytestmark = pytest.mark.slow  # real processes: `pytest -m "not slow"` leaves them out

FORGED = "\n2026-12-02 10:00:00,000 CRITICAL bot.security: FORGED-LINE\n"
# every line of the log is a record's first line: a time, a level, a logger
RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: ")
TELEGRAM_SECRET = "webhook-secret_for-tests"
KIM = 100012


class Process:
    """A running partnerbot whose standard error (its log) is read as it is written, so it never fills the pipe."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self._grown = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        """In chunks, not lines: a line may be megabytes long (a logged body), past what readline takes."""
        assert self.process.stderr is not None
        pending = b""
        try:
            while chunk := await self.process.stderr.read(1 << 16):
                *complete, pending = (pending + chunk).split(b"\n")
                self.lines.extend(line.decode("utf-8", "replace") for line in complete)
                self._grown.set()
            if pending:
                self.lines.append(pending.decode("utf-8", "replace"))
        finally:
            self._grown.set()  # the end is news too: a waiter sees the process gone

    async def match(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        """The first log line matching `pattern`, waiting for it to be written."""
        async with asyncio.timeout(timeout):
            while True:
                for line in self.lines:
                    if found := re.search(pattern, line):
                        return found
                self._grown.clear()
                if self._reader.done():
                    raise AssertionError("the process ended:\n" + "\n".join(self.lines))
                await self._grown.wait()

    async def stop(self) -> str:
        """SIGTERM, as a service manager stops it: a clean exit; returns the whole log."""
        self.process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(self.process.wait(), timeout=30)
        await self._reader
        log = "\n".join(self.lines)
        assert self.process.returncode == 0, log
        return log


@asynccontextmanager
async def partnerbot(tmp_path: Path, *args: str, env: Mapping[str, str]) -> AsyncIterator[Process]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        "--config",
        str(EXAMPLE_CONFIG),
        "--database-url",
        f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        cwd=tmp_path,
        env=clean | dict(env),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    running = Process(process)
    try:
        yield running
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def assert_one_line_per_record(log: str) -> None:
    for line in log.splitlines():
        assert RECORD.match(line), f"a line that no record starts: {line[:200]!r}"
    assert "FORGED-LINE" not in log and "Traceback" not in log


async def post(http: aiohttp.ClientSession, url: str, body: str | bytes, headers: Mapping[str, str]) -> int:
    async with http.post(url, data=body, headers=dict(headers)) as response:
        return response.status


async def probes_answer(http: aiohttp.ClientSession, base: str) -> None:
    for path, status in (("/healthz", 200), ("/readyz", 200)):
        async with http.get(f"{base}{path}") as response:
            assert response.status == status, await response.text()


async def test_serve_slack_http_refuses_strangers_in_one_line_each_and_answers_members(tmp_path: Path) -> None:
    async with FakeSlackApi(bot_user_id=BOT, team_id=TEAM, expected_token=TOKEN) as api:
        # SLACK_BOT_TOKEN in the environment, as in production: Bolt warned of it on every start
        env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.url}
        async with partnerbot(tmp_path, "serve", "slack", "--http", "--port", "0", env=env) as bot:
            port = (await bot.match(r"Slack: serving HTTP on 0\.0\.0\.0:(\d+)")).group(1)
            base, events = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/slack/events"
            started = len(bot.lines)
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            json_body = {"Content-Type": "application/json"}
            async with aiohttp.ClientSession() as http:
                unsigned = "x" * 1_000_000 + FORGED
                for _ in range(10):
                    assert await post(http, events, unsigned, form | sign(unsigned, secret="not-the-secret")) == 401
                question = json.dumps(
                    envelope(
                        {
                            "type": "message",
                            "channel_type": "im",
                            "user": SCHMIDT,
                            "text": "what is FIMI",
                            "ts": "1.000001",
                            "channel": f"D{SCHMIDT}",
                        },
                        "Ev0PROCESS1",
                    )
                )
                assert (
                    await post(
                        http, events, question, json_body | sign(question) | {"X-Slack-Request-Timestamp": "soon"}
                    )
                    == 401
                )
                not_json = "{not json" + FORGED
                assert await post(http, events, not_json, json_body | sign(not_json)) == 400
                huge = b"x" * (SLACK_MAX + 1)
                assert await post(http, events, huge, json_body | sign(huge)) == 413

                assert await post(http, events, question, json_body | sign(question)) == 200
                await api.wait_for("chat.postMessage")
                await probes_answer(http, base)
                assert (await scrape(http, base)).value("partnerbot_messages_handled_total", intent="glossary") == 1
            log = await bot.stop()
    refusals = [line for line in bot.lines[started:] if "refused POST /slack/events" in line]
    assert [line.split("127.0.0.1: ")[1][:3] for line in refusals] == ["401"] * 11 + ["400", "413"]
    assert_one_line_per_record(log)
    assert "As you gave `client`" not in log and "will be unused" not in log
    assert "what is FIMI" not in log and len(log) < 20_000  # no body of any request, a member's question included


async def test_serve_telegram_webhook_refuses_strangers_in_one_line_each_and_answers_members(tmp_path: Path) -> None:
    async with FakeTelegramApi() as api:
        env = {
            "TELEGRAM_BOT_TOKEN": "123:TEST",
            "TELEGRAM_API_URL": api.base_url,
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        }
        async with partnerbot(
            tmp_path, "serve", "telegram", "--webhook", "https://bot.example.org/telegram", "--port", "0", env=env
        ) as bot:
            port = (await bot.match(r"served on 0\.0\.0\.0:(\d+)/telegram")).group(1)
            base, webhook = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/telegram"
            started = len(bot.lines)
            right = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}
            async with aiohttp.ClientSession() as http:
                assert (
                    await post(http, webhook, "{}" + FORGED, right | {"X-Telegram-Bot-Api-Secret-Token": "wrong"})
                    == 403
                )
                assert await post(http, webhook, "not json" + FORGED, right) == 400
                assert await post(http, webhook, b"x" * (TELEGRAM_MAX + 1), right) == 413
                assert (
                    await post(http, webhook, json.dumps(private_text_update(KIM, "what is FIMI", update_id=1)), right)
                    == 200
                )
                await api.wait_for("sendMessage")
                await probes_answer(http, base)
                assert (await scrape(http, base)).value("partnerbot_messages_handled_total", intent="glossary") == 1
            log = await bot.stop()
    refusals = [line for line in bot.lines[started:] if "refused POST /telegram" in line]
    assert [line.split("127.0.0.1: ")[1][:3] for line in refusals] == ["403", "400", "413"]
    assert_one_line_per_record(log)
    assert "what is FIMI" not in log


async def test_the_scheduler_serves_the_probes_and_says_it_holds_the_lease(tmp_path: Path) -> None:
    async with partnerbot(tmp_path, "scheduler", "--port", "0", env={"PARTNERBOT_LOG_FORMAT": "json"}) as bot:
        port = (await bot.match(r"scheduler: serving GET /healthz, /readyz, /metrics on port (\d+)")).group(1)
        holder = (await bot.match(r"scheduler lease taken by ([^\s\"]+)")).group(1)
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            await probes_answer(http, base)
            samples = await scrape(http, base)
        log = await bot.stop()
    assert samples.value("partnerbot_lease_held_by_this_process", lease="scheduler") == 1
    assert samples.labels_of("partnerbot_lease_holder") == [{"lease": "scheduler", "holder": holder}]
    records = [json.loads(line) for line in log.splitlines()]  # PARTNERBOT_LOG_FORMAT=json: one object a line
    assert {"time", "level", "logger", "message"} <= set(records[0]) and any(
        r["logger"] == "bot.app.lease" for r in records
    )
