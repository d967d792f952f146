"""An area becoming blocked alerts the chairs at once (direct message, and the digest channels): one delivery
per update and recipient, sent by the scheduler's tick, exactly once, retried, of use until the next digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.delivery import Deliveries, _alert_useful_until
from bot.app.dispatcher import Dispatcher
from bot.app.outbox import RecordingOutbox
from bot.clock import FakeClock
from bot.planning import Schedule
from bot.render.text import render_text
from bot.runtime import Runtime
from storage import repo
from tests.blockers_support import alerts, report_in_chat, store_update
from tests.conftest import EXAMPLE_CONFIG, chat_as, make_runtime
from tests.scheduling.support import deliveries_for, texts

CHAIRS_AND_CHANNEL = ["channel:slack:C0DIGEST01", "person:mueller", "person:park"]


async def test_a_lead_reporting_blocked_alerts_each_chair_and_the_digest_channel_once(
    deliveries: Deliveries, dispatcher: Dispatcher, outbox: RecordingOutbox
) -> None:
    saved = await report_in_chat(
        chat_as(dispatcher, "kim"), "maritime", "blocked", "Dates slipped", "ROK MOFA has not confirmed the date"
    )
    assert "Saved your update" in saved
    assert alerts(await deliveries.run_due()) == CHAIRS_AND_CHANNEL
    alert = texts(outbox, "mueller")[-1]
    assert "🔴 Blocked: Maritime Security — Kim Min-jun, 1 Feb 2027" in alert
    assert "Blocker: ROK MOFA has not confirmed the date" in alert
    assert texts(outbox, "park")[-1] == alert
    assert [render_text(reply) for channel, reply in outbox.channels if channel == "C0DIGEST01"] == [alert]
    assert (await deliveries.run_due()).sent == []  # exactly once
    assert outbox.to("kim") == []  # the lead is not alerted of their own update


async def test_only_becoming_blocked_alerts_not_an_area_already_blocked(
    runtime: Runtime, deliveries: Deliveries, clock: FakeClock
) -> None:
    await store_update(runtime, "novak", "cyber", "on_track")
    await store_update(runtime, "kim", "maritime", "at_risk", "Calendar unknown")
    assert alerts(await deliveries.run_due()) == []  # at risk is for the digest
    first = await store_update(runtime, "lee", "cyber", "blocked", "No counterpart named")
    clock.set(clock.now() + timedelta(hours=1))
    await store_update(
        runtime, "novak", "cyber", "blocked", "Still no counterpart"
    )  # the co-lead, the area already blocked
    report = await deliveries.run_due()
    assert sorted(report.sent) == [f"blocked:{first}:{recipient}" for recipient in CHAIRS_AND_CHANNEL]
    await store_update(runtime, "lee", "cyber", "on_track")
    again = await store_update(runtime, "lee", "cyber", "blocked", "Counterpart left")
    assert sorted((await deliveries.run_due()).sent) == [
        f"blocked:{again}:{recipient}" for recipient in CHAIRS_AND_CHANNEL
    ]


async def test_a_failed_alert_is_retried_and_arrives_once(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    outbox = RecordingOutbox(fail_for={"park"})
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    update_id = await store_update(runtime, "kim", "maritime", "blocked", "ROK MOFA has not confirmed the date")
    report = await deliveries.run_due()
    assert alerts(report) == ["channel:slack:C0DIGEST01", "person:mueller"] and report.failed == [
        f"blocked:{update_id}:person:park"
    ]
    outbox.fail_for.clear()
    assert (await deliveries.run_due()).sent == []  # not due again yet
    clock.set(clock.now() + timedelta(minutes=2))
    assert alerts(await deliveries.run_due()) == ["person:park"]
    assert len(outbox.to("park")) == 1 and len(outbox.to("mueller")) == 1
    database = await runtime.database()
    async with database.session() as session:
        row = await repo.delivery(session, f"blocked:{update_id}:person:park")
    assert row is not None and (row.kind, row.status, row.attempts) == ("blocked", "sent", 2)


async def test_no_alert_when_the_file_turns_them_off(tmp_path: Path, database_url: str, clock: FakeClock) -> None:
    config = tmp_path / "workgroup.yaml"
    config.write_text(
        EXAMPLE_CONFIG.read_text(encoding="utf-8").replace("alerts:\n  blocked: true", "alerts:\n  blocked: false"),
        encoding="utf-8",
    )
    runtime = make_runtime(database_url, clock, config)
    try:
        assert runtime.workgroup.alerts.blocked is False
        outbox = RecordingOutbox()
        deliveries = await deliveries_for(runtime, Dispatcher(runtime), outbox)
        await store_update(runtime, "kim", "maritime", "blocked", "ROK MOFA has not confirmed the date")
        assert (await deliveries.run_due()).sent == [] and outbox.direct == []
    finally:
        await runtime.close()


async def test_an_alert_not_sent_before_the_digest_that_shows_the_area_is_not_sent_after_it(
    runtime: Runtime, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    await store_update(
        runtime,
        "kim",
        "maritime",
        "blocked",
        "ROK MOFA has not confirmed the date",
        at=datetime(2027, 3, 7, 9, 0, tzinfo=UTC),
    )
    clock.set(datetime(2027, 3, 8, 8, 5, tzinfo=UTC))  # the digest is out: it shows Maritime blocked
    report = await deliveries.run_due()
    assert any(key.startswith("digest:") for key in report.sent) and alerts(report) == []


def test_an_alert_is_of_use_until_the_next_digest_then_until_the_meeting_else_a_few_days() -> None:
    def schedule(digest: datetime, meeting: datetime) -> Schedule:
        return Schedule(round_opens=digest - timedelta(days=14), digest_at=digest, meeting_starts=meeting, items=())

    digest, meeting = datetime(2027, 3, 8, 8, 0, tzinfo=UTC), datetime(2027, 3, 15, 0, 0, tzinfo=UTC)
    later = schedule(datetime(2027, 5, 13, 7, 0, tzinfo=UTC), datetime(2027, 5, 20, 7, 0, tzinfo=UTC))
    assert _alert_useful_until(datetime(2027, 3, 1, tzinfo=UTC), [schedule(digest, meeting), later]) == digest
    assert _alert_useful_until(datetime(2027, 3, 10, tzinfo=UTC), [schedule(digest, meeting), later]) == meeting
    assert _alert_useful_until(datetime(2027, 3, 16, tzinfo=UTC), [schedule(digest, meeting), later]) == later.digest_at
    assert _alert_useful_until(datetime(2027, 6, 1, tzinfo=UTC), [schedule(digest, meeting)]) == datetime(
        2027, 6, 4, tzinfo=UTC
    )
