"""The production shape as real processes, as the README's Deployment section runs it: two `serve slack --http`
and two `serve telegram --webhook` instances with no balancer in front (the test alternates between them), two
`scheduler` processes, one PostgreSQL, the fake Slack and Telegram APIs.

A lead's conversation moves between instances mid-update without loss; an event delivered to both
instances is answered once; each digest goes out once; killing the scheduler that holds the lease hands
it to the other within 90 s.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
import pytest

from tests.adapters.test_slack import dm_channel, envelope, rich_text, sign
from tests.conftest import EXAMPLE_CONFIG
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramApi, private_text_update

pytestmark = pytest.mark.slow  # real processes: `pytest -m "not slow"` leaves them out

SLACK_TOKEN, SIGNING_SECRET = "xoxb-production-shape", "9c1f0e5d2b7a4e3f8a6d5c4b3a291807"
TELEGRAM_TOKEN, WEBHOOK_SECRET = "4242:production-shape", "shape_secret_0123456789"
ROSSI_SLACK, KIM_TELEGRAM = "U0LEADEU1", 100012
CHAIRS = ("U0CHAIREU", "U0CHAIRKR")
HANDOVER_LIMIT = 90.0


def config_with_digest_due(tmp_path: Path) -> Path:
    """The example group with its Dialogue in two days: the digest (seven days before) is overdue and still of use."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8").replace(
        "date: 2027-03-15", f"date: {(date.today() + timedelta(days=2)).isoformat()}"
    )
    path = tmp_path / "workgroup.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def libpq(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


# what each kind of process logs once it listens (`serve slack --http`, `serve telegram --webhook`, `scheduler`)
LISTENING = re.compile(r"(?:serving HTTP on [\d.]+:|served on [\d.]+:|/metrics on port )(\d+)")


@dataclass
class Fleet:
    """The processes of one deployment, and how to reach them."""

    env: dict[str, str]
    tmp_path: Path
    processes: dict[str, asyncio.subprocess.Process] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)

    async def start(self, name: str, *args: str) -> None:
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115  (closed with the process)
        self.processes[name] = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=self.tmp_path,
            env=self.env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    async def listening(self, name: str, timeout: float = 60) -> None:
        """Learn the port a process bound from its own log line. Each binds port 0: a port picked
        free beforehand may be taken, by the time the process binds it, by a process of another
        test running alongside, whose /healthz would then answer for this one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := LISTENING.search(self.log(name)):
                self.ports[name] = int(found.group(1))
                return
            assert self.processes[name].returncode is None, f"{name} exited:\n{self.log(name)}"
            await asyncio.sleep(0.1)
        pytest.fail(f"{name} did not say where it listens:\n{self.log(name)}")

    async def answers(self, http: aiohttp.ClientSession, name: str, probe: str, timeout: float = 60) -> None:
        """Poll a probe (/healthz, /readyz) as a load balancer does, until it answers 200."""
        deadline = time.monotonic() + timeout
        said = "no answer"
        while time.monotonic() < deadline:
            assert self.processes[name].returncode is None, f"{name} exited:\n{self.log(name)}"
            try:
                async with http.get(f"http://127.0.0.1:{self.ports[name]}{probe}") as response:
                    if response.status == 200:
                        return
                    said = f"{response.status} {await response.text()}"
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
        pytest.fail(f"{name}: {probe} said {said}:\n{self.log(name)}")

    async def stop_all(self) -> None:
        for process in self.processes.values():
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                await asyncio.wait_for(process.wait(), timeout=15)
            except TimeoutError:
                process.kill()
                await process.wait()
                pytest.fail(f"{name} did not stop within 15 s of SIGTERM:\n{self.log(name)}")


@pytest.fixture
async def fleet(tmp_path: Path, postgresql_url: str) -> AsyncIterator[tuple[Fleet, FakeSlackApi, FakeTelegramApi]]:
    async with FakeSlackApi() as slack_api, FakeTelegramApi() as telegram_api:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
        env |= {
            "PARTNERBOT_DATABASE_URL": postgresql_url,
            "PARTNERBOT_CONFIG": str(config_with_digest_due(tmp_path)),
            "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack_api.url,
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "TELEGRAM_API_URL": telegram_api.base_url,
        }
        fleet = Fleet(env, tmp_path)
        # the schema and the file's meetings first, as a deployment runs `partnerbot db upgrade` before the processes;
        # the meeting is then dated as if it had been in the file for a month (so its round is not a late one)
        await fleet.start("setup", "digest", "preview")
        assert await fleet.processes.pop("setup").wait() == 0, fleet.log("setup")
        with psycopg.connect(libpq(postgresql_url), autocommit=True) as connection:
            connection.execute("UPDATE meetings SET updated_at = updated_at - interval '30 days'")
        try:
            yield fleet, slack_api, telegram_api
        finally:
            await fleet.stop_all()


async def test_two_of_each_process_on_one_database(
    fleet: tuple[Fleet, FakeSlackApi, FakeTelegramApi], postgresql_url: str
) -> None:
    deployment, slack_api, telegram_api = fleet
    for name in ("slack-1", "slack-2"):
        await deployment.start(name, "serve", "slack", "--http", "--port", "0")
    for name in ("telegram-1", "telegram-2"):
        await deployment.start(
            name, "serve", "telegram", "--webhook", "https://bot.example.org/telegram", "--port", "0"
        )
    for name in ("scheduler-1", "scheduler-2"):
        await deployment.start(name, "scheduler", "--port", "0")
    async with aiohttp.ClientSession() as http:
        for name in list(deployment.processes):
            await deployment.listening(name)
            await deployment.answers(http, name, "/healthz")
            await deployment.answers(http, name, "/readyz")  # database reachable, migrations current
        wire = Wire(http, deployment, slack_api, telegram_api)

        # a lead's update on Slack, each answer to the other instance
        answers = ["update maritime", "on track", "port visits agreed", "skip", "exercise in May", "§14", "save"]
        for number, answer in enumerate(answers):
            reply = await wire.slack_dm(f"slack-{number % 2 + 1}", ROSSI_SLACK, answer)
            assert reply, f"no answer to {answer!r}"
        assert "Saved your update for Maritime Security" in wire.slack_text(reply)
        # ...and on Telegram
        answers = [
            "/update crisis management",
            "at risk",
            "the working group met once",
            "ROK MOFA has not confirmed the date",
            "skip",
            "skip",
            "save",
        ]
        for number, answer in enumerate(answers):
            reply_text = await wire.telegram_dm(f"telegram-{number % 2 + 1}", KIM_TELEGRAM, answer)
            assert reply_text, f"no answer to {answer!r}"
        assert "<b>Saved</b> your update for International peace and crisis management" in reply_text
        with psycopg.connect(libpq(postgresql_url)) as connection:
            saved = connection.execute(
                "SELECT person_id, status, progress, blockers, next_steps, paragraphs FROM status_updates ORDER BY id"
            ).fetchall()
        assert saved == [
            ("rossi", "on_track", "port visits agreed", "", "exercise in May", "§14"),
            ("kim", "at_risk", "the working group met once", "ROK MOFA has not confirmed the date", "", ""),
        ]

        # one event delivered to both instances (Slack retries; Telegram redelivers) is answered once
        before = len(slack_api.messages(dm_channel(ROSSI_SLACK)))
        event = json.dumps(envelope(wire.dm_event(ROSSI_SLACK, "what is FIMI"), "EvTwice0001"))
        for name in ("slack-1", "slack-2"):
            assert await wire.slack_post(name, event) == 200
        await wire.settle(lambda: len(slack_api.messages(dm_channel(ROSSI_SLACK))) > before)
        await asyncio.sleep(2)  # time for a second answer, were there one
        assert len(slack_api.messages(dm_channel(ROSSI_SLACK))) == before + 1
        before = len(telegram_api.sent(KIM_TELEGRAM))
        update = private_text_update(KIM_TELEGRAM, "what is FIMI", update_id=777001)
        for name in ("telegram-1", "telegram-2"):
            assert await wire.telegram_post(name, update) == 200
        await wire.settle(lambda: len(telegram_api.sent(KIM_TELEGRAM)) > before)
        await asyncio.sleep(2)
        assert len(telegram_api.sent(KIM_TELEGRAM)) == before + 1

        # the overdue digest: once to each chair and once to the digest channel, whichever scheduler sends
        await wire.settle(
            lambda: all(slack_api.messages(dm_channel(chair)) for chair in CHAIRS) and slack_api.messages("C0DIGEST01"),
            timeout=60,
        )
        await asyncio.sleep(3)
        for where in [dm_channel(chair) for chair in CHAIRS] + ["C0DIGEST01"]:
            keys = [m["metadata"]["event_payload"]["key"] for m in slack_api.messages(where) if m.get("metadata")]
            digest_keys = {key for key in keys if key.startswith("digest:")}
            assert len(digest_keys) == 1, (where, keys)
            parts = [
                m["text"]
                for m in slack_api.messages(where)
                if m.get("metadata", {}).get("event_payload", {}).get("key") in digest_keys
            ]
            assert parts and len(parts) == len(set(parts)), where  # each part of the digest once: no second copy

        # the lease holder dies: the other scheduler holds the lease within 90 s
        with psycopg.connect(libpq(postgresql_url)) as connection:
            holder = connection.execute("SELECT holder, generation FROM leases WHERE name = 'scheduler'").fetchone()
        assert holder is not None
        pid = int(holder[0].split(":")[1])
        dead = next(name for name, process in deployment.processes.items() if process.pid == pid)
        survivor = "scheduler-2" if dead == "scheduler-1" else "scheduler-1"
        deployment.processes[dead].send_signal(signal.SIGKILL)
        await deployment.processes[dead].wait()
        killed_at = time.monotonic()
        survivor_pid = deployment.processes[survivor].pid
        while time.monotonic() - killed_at < HANDOVER_LIMIT + 5:
            with psycopg.connect(libpq(postgresql_url)) as connection:
                now_held = connection.execute(
                    "SELECT holder, generation FROM leases "
                    "WHERE name = 'scheduler' AND expires_at > now() AT TIME ZONE 'UTC'"
                ).fetchone()
            if now_held is not None and int(now_held[0].split(":")[1]) == survivor_pid:
                break
            await asyncio.sleep(1)
        took = time.monotonic() - killed_at
        assert took <= HANDOVER_LIMIT, f"handover took {took:.0f} s"
        assert now_held is not None and now_held[1] == holder[1] + 1  # a new generation fences out the old holder
        async with http.get(f"http://127.0.0.1:{deployment.ports[survivor]}/metrics") as response:
            assert 'partnerbot_lease_held_by_this_process{lease="scheduler"} 1.0' in await response.text()


@dataclass
class Wire:
    """Talks to the instances as Slack and Telegram do, and reads what they answered from the fakes."""

    http: aiohttp.ClientSession
    deployment: Fleet
    slack_api: FakeSlackApi
    telegram_api: FakeTelegramApi
    _ids: Any = field(default_factory=lambda: iter(range(1, 10_000)))

    def dm_event(self, user: str, text: str) -> dict[str, Any]:
        ts = f"1800000000.{next(self._ids):06d}"
        return {
            "type": "message",
            "client_msg_id": f"m-{ts}",
            "text": text,
            "user": user,
            "blocks": rich_text(text),
            "ts": ts,
            "team": "T0PARTNER",
            "channel": dm_channel(user),
            "event_ts": ts,
            "channel_type": "im",
        }

    async def slack_post(self, instance: str, body: str) -> int:
        headers = {"Content-Type": "application/json", **sign(body, secret=SIGNING_SECRET)}
        async with self.http.post(
            f"http://127.0.0.1:{self.deployment.ports[instance]}/slack/events", data=body.encode(), headers=headers
        ) as response:
            return response.status

    async def slack_dm(self, instance: str, user: str, text: str) -> list[dict[str, Any]]:
        before = len(self.slack_api.messages(dm_channel(user)))
        body = json.dumps(envelope(self.dm_event(user, text), f"Ev{next(self._ids):08d}"))
        assert await self.slack_post(instance, body) == 200
        await self.settle(lambda: len(self.slack_api.messages(dm_channel(user))) > before)
        return self.slack_api.messages(dm_channel(user))[before:]

    @staticmethod
    def slack_text(messages: list[dict[str, Any]]) -> str:
        return "\n".join(str(m.get("text", "")) for m in messages)

    async def telegram_post(self, instance: str, update: dict[str, Any]) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        async with self.http.post(
            f"http://127.0.0.1:{self.deployment.ports[instance]}/telegram", json=update, headers=headers
        ) as response:
            return response.status

    async def telegram_dm(self, instance: str, user: int, text: str) -> str:
        before = len(self.telegram_api.sent(user))
        update_id = 500_000 + next(self._ids)
        assert await self.telegram_post(instance, private_text_update(user, text, update_id=update_id)) == 200
        await self.settle(lambda: len(self.telegram_api.sent(user)) > before)
        await asyncio.sleep(0.3)  # a reply may come in several messages
        return "\n".join(m["text"] for m in self.telegram_api.sent(user)[before:])

    @staticmethod
    async def settle(done: Any, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                pytest.fail("no answer in time")
            await asyncio.sleep(0.1)
