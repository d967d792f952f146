"""The digest to chat and to mail through the production wiring (Scheduler ticks on a fake clock, the real Slack
client against the fake Slack API, the real SMTP client against a real server), with a chat API outage and an
SMTP deferral at the moment it is due: each chair has it once in Slack and once by mail; nothing lost, nothing
twice."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from bot.app.adapters.slack import SlackAdapter
from bot.app.dispatcher import Dispatcher
from bot.app.outbox import Outboxes
from bot.app.scheduler import Scheduler
from bot.clock import FakeClock
from bot.runtime import Runtime
from storage import repo
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.smtp_server import Mailbox
from tests.mail.conftest import email_outbox

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow

DIGEST_DUE = datetime(2027, 3, 8, 8, 0, tzinfo=UTC)  # 09:00 in Brussels
CHAIRS = {"mueller": ("U0CHAIREU", "anna.mueller@eeas.example"), "park": ("U0CHAIRKR", "jiwoo.park@mofa.example")}


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi(expected_token="xoxb-cycle") as api:
        yield api


def slack_digests(api: FakeSlackApi) -> list[dict[str, object]]:
    return [
        m
        for m in api.messages()
        if "Partnership — digest for the Security and Defence Dialogue" in json.dumps(m, ensure_ascii=False)
    ]


async def test_digest_once_to_chat_and_once_by_mail_per_chair_through_an_outage_and_a_deferral(
    mail_runtime: Runtime, clock: FakeClock, mailbox: Mailbox, slack_api: FakeSlackApi
) -> None:
    await mail_runtime.database()  # the file's meetings are known weeks before their digest
    mail_runtime.settings = mail_runtime.settings.model_copy(
        update={"slack_bot_token": SecretStr("xoxb-cycle"), "slack_api_url": slack_api.url}
    )
    dispatcher = Dispatcher(mail_runtime)
    slack = SlackAdapter(mail_runtime, dispatcher)
    scheduler = Scheduler(mail_runtime, Outboxes([slack], mail=email_outbox(mail_runtime)), dispatcher.engine)
    try:
        clock.set(DIGEST_DUE - timedelta(minutes=5))
        while clock.now() < DIGEST_DUE:  # the round's late prompts and reminders, every invitation; no digest yet
            await scheduler.tick()
            clock.advance(timedelta(seconds=30))
        assert slack_digests(slack_api) == [] and mailbox.received
        slack_api.fail_next("chat.postMessage", error="service_unavailable", times=3)  # both chairs and the channel
        mailbox.defer[CHAIRS["park"][1]] = 1

        for step in [timedelta(seconds=30)] * 20 + [timedelta(hours=1)] * 3:  # ten minutes of ticks, then hourly ones
            await scheduler.tick()
            clock.advance(step)

        assert (
            slack_api.pending_failures("chat.postMessage") == 0 and mailbox.defer[CHAIRS["park"][1]] == 0
        )  # both happened
        posted = slack_digests(slack_api)
        assert len(posted) == 3  # each chair's direct chat and the digest channel, once each
        assert sorted(str(m["channel"]) for m in posted if str(m["channel"]).startswith("C0DIGEST")) == ["C0DIGEST01"]
        for _, address in CHAIRS.values():
            assert len([m for m in mailbox.to(address) if "Digest —" in str(m["Subject"])]) == 1
        database = await mail_runtime.database()
        async with database.session() as session:
            rows = await repo.deliveries_of(session, "digest:sdd-2027:")
        assert len(rows) == 5 and all(row.status == "sent" for row in rows)
        attempts = {row.recipient: row.attempts for row in rows}
        assert attempts == {
            "person:mueller": 2,
            "person:park": 2,
            "channel:slack:C0DIGEST01": 2,
            "email:mueller": 1,
            "email:park": 2,
        }
    finally:
        await scheduler.lease.release()
        await slack.stop()
