"""`partnerbot run` as a real process: Telegram polling and the scheduler side by side, against the fake Bot API."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.runtime import Runtime
from bot.settings import Settings
from tests.conftest import EXAMPLE_CONFIG
from tests.fakes.telegram_api import FakeTelegramApi, private_text_update

pytestmark = pytest.mark.slow  # real processes: `pytest -m "not slow"` leaves them out

KIM, ROSSI = 100012, 100011


def config_with_meeting_soon(tmp_path: Path) -> Path:
    """The example group with its Dialogue ten days from today: inside the round's window."""
    soon = date.today() + timedelta(days=10)
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8").replace("date: 2027-03-15", f"date: {soon.isoformat()}")
    text = text.replace("date: 2026-03-10", f"date: {(soon - timedelta(days=365)).isoformat()}")
    path = tmp_path / "workgroup.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def known_for_a_month(config: Path, database_url: str) -> None:
    """The bot has known the file's meetings for a month, so the Dialogue's round opened on time and its prompts
    are due at once (a meeting first seen inside its round's window opens it at each lead's next prompt hour)."""
    month_ago = FakeClock(datetime.now(UTC) - timedelta(days=30))
    runtime = Runtime.load(Settings(config=config, database_url=database_url, document=["bundled"]), month_ago)
    try:
        await runtime.database()
    finally:
        await runtime.close()


async def start(
    command: str, api: FakeTelegramApi, tmp_path: Path, *, token: str = "123:TEST", level: str = "INFO"
) -> asyncio.subprocess.Process:
    config, database_url = config_with_meeting_soon(tmp_path), f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await known_for_a_month(config, database_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
    env |= {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_URL": api.base_url, "PARTNERBOT_LOG_LEVEL": level}
    # the log goes to a file: a pipe nobody reads until the end fills up at DEBUG and stops the bot mid-write
    with (tmp_path / "bot.log").open("wb") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-X",
            "dev",
            "-m",
            "bot",
            command,
            "--config",
            str(config),
            "--database-url",
            database_url,
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )


async def stop(process: asyncio.subprocess.Process, tmp_path: Path) -> str:
    """SIGTERM, as a service manager stops it: a clean exit, nothing left open, no traceback."""
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), timeout=30)
    text = (tmp_path / "bot.log").read_text(encoding="utf-8", errors="replace")
    assert process.returncode == 0, text
    assert "Traceback" not in text and "Unclosed" not in text, text
    return text


async def test_scheduler_alone_sends_through_telegram_and_closes_cleanly(tmp_path: Path) -> None:
    async with FakeTelegramApi() as api:
        process = await start("scheduler", api, tmp_path)
        try:
            await api.wait_for("sendMessage", count=5, timeout=60)
            assert api.calls_to("getUpdates") == []  # only sending: no polling
        finally:
            await stop(process, tmp_path)


async def test_run_answers_on_telegram_and_opens_the_round(tmp_path: Path) -> None:
    async with FakeTelegramApi() as api:
        process = await start("run", api, tmp_path)
        try:
            # the scheduler's first tick opens the round: one prompt per lead with a Telegram id
            await api.wait_for("sendMessage", count=5, timeout=60)
            prompted = {int(m["chat_id"]) for m in api.sent()}
            assert {KIM, ROSSI} <= prompted
            assert "The collection round for the Security and Defence Dialogue" in api.sent(ROSSI)[0]["text"]
            # and questions are answered over polling
            api.queue_update(private_text_update(KIM, "what is FIMI"))
            sent_before = len(api.sent(KIM))
            for _ in range(600):
                if len(api.sent(KIM)) > sent_before:
                    break
                await api.wait_for("sendMessage", count=len(api.calls_to("sendMessage")) + 1, timeout=30)
            assert "FIMI" in api.sent(KIM)[-1]["text"]
        finally:
            await stop(process, tmp_path)


async def test_no_token_or_secret_reaches_the_log_whatever_library_writes_it(tmp_path: Path) -> None:
    """httpx logs every Bot API URL, which holds the token; at DEBUG libraries log more. Grep a real run's log."""
    token = "7501234567:AAH3kT9-secret-looking-token_0123456789abc"
    async with FakeTelegramApi() as api:
        process = await start("run", api, tmp_path, token=token, level="DEBUG")
        try:
            api.queue_update(private_text_update(KIM, "what is FIMI"))
            await api.wait_for("sendMessage", count=1, timeout=60)
        finally:
            log = await stop(process, tmp_path)
    assert api.calls_to("getUpdates"), "the bot did poll, with the token in every URL"
    assert token not in log and token.split(":")[1] not in log
    assert "/bot[redacted]/getUpdates" in log  # the line is kept, the token taken out
