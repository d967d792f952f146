"""Deliveries under faults: a long chat outage, a crash between sending and recording, clocks that disagree,
a lease lost mid-round, a platform that asks to wait, twenty late updates at once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.app.delivery import RETRY_SPACING
from bot.app.dispatcher import Dispatcher
from bot.app.lease import Lease
from bot.app.outbox import Outboxes, RecordingOutbox
from bot.app.scheduler import Scheduler
from bot.clock import FakeClock
from bot.render.text import render_text
from bot.runtime import Runtime
from storage import repo
from storage.models import DeliveryRow
from tests.conftest import chat_as, make_runtime
from tests.scheduling.support import crash_after_send, deliveries_for, expire_lease, texts

DIGEST_DUE = datetime(2027, 3, 8, 8, 30, tzinfo=UTC)  # the example's digest for 15 March goes out at 09:00 Brussels
PARK = "digest:sdd-2027:2027-03-15:person:park"


async def row_of(runtime: Runtime, key: str) -> DeliveryRow:
    database = await runtime.database()
    async with database.session() as session:
        row = await repo.delivery(session, key)
    assert row is not None
    return row


@pytest.mark.slow
async def test_a_failed_digest_is_retried_with_growing_spacing_until_the_meeting_then_the_admins_are_told(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await runtime.database()
    outbox = RecordingOutbox(fail_for={"park"})  # Park's chat is down for the whole week
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(DIGEST_DUE)
    assert (await deliveries.run_due()).failed == [PARK]
    waits = []
    for _ in range(len(RETRY_SPACING) + 1):
        row = await row_of(runtime, PARK)
        assert row.status == "failed" and row.next_attempt_at is not None
        waits.append(row.next_attempt_at - clock.now())
        clock.set(row.next_attempt_at - timedelta(seconds=1))
        assert (await deliveries.run_due()).failed == []  # not yet due: nothing is tried
        clock.set(row.next_attempt_at)
        assert (await deliveries.run_due()).failed == [PARK]
    assert waits == [*RETRY_SPACING, RETRY_SPACING[-1]]  # 1, 5, 15, 60 minutes, then hourly

    caplog.set_level(logging.WARNING, logger="bot.app.delivery")
    given_up: list[str] = []
    while not given_up:  # hourly until the meeting starts, never "five attempts and then silence"
        clock.advance(timedelta(hours=1))
        given_up = (await deliveries.run_due()).given_up
    assert given_up == [PARK]
    assert clock.now() > datetime(2027, 3, 15, 7, 0, tzinfo=UTC)  # the last attempt was the last useful one
    row = await row_of(runtime, PARK)
    assert (row.status, row.next_attempt_at) == ("failed", None) and row.attempts > 7 * 24 - 10  # hourly for the week
    assert row.last_error == "console: park unreachable"
    assert any(
        r.levelno == logging.ERROR and PARK in r.getMessage() and "given up" in r.getMessage() for r in caplog.records
    )
    alert = texts(outbox, "dubois")  # the admin, by direct message
    assert (
        len(alert) == 1
        and f"Could not deliver the digest to park after {row.attempts} attempts (console: park unreachable)"
        in alert[0]
    )
    assert f"partnerbot deliveries retry {row.id}" in alert[0]
    clock.advance(timedelta(hours=1))
    await deliveries.run_due()
    assert len(texts(outbox, "dubois")) == 1  # told once
    assert len(texts(outbox, "mueller")) == 1  # the other chair had it the first time


async def test_a_platform_that_asks_to_wait_long_is_not_tried_again_sooner(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    await runtime.database()
    outbox = RecordingOutbox(fail_for={"park"}, retry_after=900)  # a 429 with Retry-After: 900
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(DIGEST_DUE)
    await deliveries.run_due()
    row = await row_of(runtime, PARK)
    assert row.next_attempt_at == DIGEST_DUE + timedelta(seconds=900)
    other = make_runtime(runtime.settings.database_url, clock)  # another process, restarted, same lease holder
    second = await deliveries_for(other, Dispatcher(other), outbox)
    clock.advance(timedelta(minutes=5))
    outbox.fail_for.clear()
    assert (await second.run_due()).sent == []  # no one resends inside the platform's wait
    clock.advance(timedelta(minutes=10))
    assert (await second.run_due()).sent == [PARK]
    assert len(outbox.to("park")) == 1
    await other.close()


async def test_a_claim_whose_sender_died_after_sending_is_found_and_not_sent_twice(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    """The database went away right after the platform took the message: the row still says claimed."""
    await runtime.database()
    outbox = RecordingOutbox(remembers=True)  # like Slack: the message carries its delivery key
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(DIGEST_DUE)
    await deliveries.run_due()
    await crash_after_send(runtime, PARK)
    report = await deliveries.run_due()
    assert report.sent == [PARK]  # recorded as sent...
    assert len(outbox.to("park")) == 1  # ...without a second copy
    row = await row_of(runtime, PARK)
    assert row.status == "sent" and row.doubt is not None and "not sent again" in row.doubt


async def test_where_the_platform_cannot_tell_the_resend_is_recorded_as_a_possible_second_copy(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await runtime.database()
    outbox = RecordingOutbox()  # like Telegram: no way to read what was sent
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(DIGEST_DUE)
    await deliveries.run_due()
    await crash_after_send(runtime, PARK, claimed_ago=timedelta(minutes=2))
    assert (await deliveries.run_due()).sent == []  # not stale yet: the sender may still be at it
    await crash_after_send(runtime, PARK)
    caplog.set_level(logging.WARNING, logger="bot.app.delivery")
    assert (await deliveries.run_due()).sent == [PARK]
    assert len(outbox.to("park")) == 2
    row = await row_of(runtime, PARK)
    assert row.doubt is not None and "may be a second copy" in row.doubt
    assert any(PARK in r.getMessage() and "second copy" in r.getMessage() for r in caplog.records)


@pytest.mark.slow
async def test_schedulers_whose_clocks_disagree_by_fifteen_minutes_send_each_digest_once(
    runtime: Runtime, dispatcher: Dispatcher
) -> None:
    await runtime.database()
    slow, fast = FakeClock(DIGEST_DUE), FakeClock(DIGEST_DUE + timedelta(minutes=15))
    first_runtime = make_runtime(runtime.settings.database_url, slow)
    second_runtime = make_runtime(runtime.settings.database_url, fast)
    outbox = RecordingOutbox()
    first = Scheduler(first_runtime, Outboxes([outbox]), Dispatcher(first_runtime).engine)
    second = Scheduler(second_runtime, Outboxes([outbox]), Dispatcher(second_runtime).engine)
    for _ in range(3):
        await first.tick()
        await second.tick()
        slow.advance(timedelta(seconds=30))
        fast.advance(timedelta(seconds=30))
    assert first.leader and not second.leader  # the lease's time is the database's, not either process's
    assert sorted(who for who, reply in outbox.direct if reply.intent == "digest") == ["mueller", "park"]
    await first_runtime.close()
    await second_runtime.close()


async def test_a_scheduler_that_lost_the_lease_can_neither_claim_nor_record_as_its_holder(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await runtime.database()
    outbox = RecordingOutbox()
    old = await deliveries_for(runtime, dispatcher, outbox, holder="old")
    assert old.lease.generation == 1
    await expire_lease(runtime)  # the old holder stalled past its lease...
    new_lease = Lease(runtime, "new")
    assert await new_lease.hold() and new_lease.generation == 2  # ...and another process took it over
    clock.set(DIGEST_DUE)
    assert (await old.run_due()).sent == []  # its generation is stale: every claim is refused
    assert outbox.direct == []

    new = await deliveries_for(runtime, dispatcher, outbox, holder="new")
    assert (await new.run_due()).sent != []
    # a claim the old holder made before it lost the lease, recorded after: refused and said
    database = await runtime.database()
    async with database.session() as session:
        assert not await repo.finish_delivery(session, PARK, fence=repo.Fence("scheduler", "old", 1), at=clock.now())
        assert not await repo.claim_delivery(
            session,
            key="prompt:x",
            kind="prompt",
            meeting_id="sdd-2027",
            recipient="person:kim",
            fence=repo.Fence("scheduler", "old", 1),
        )
    row = await row_of(runtime, PARK)
    assert row.generation == 2 and row.status == "sent"


async def test_a_released_lease_keeps_its_generation(runtime: Runtime) -> None:
    first = Lease(runtime, "first")
    assert await first.hold() and first.generation == 1
    await first.release()
    second = Lease(runtime, "second")
    assert await second.hold() and second.generation == 2  # never back to 1: the old holder stays fenced out
    assert not await first.hold()


@pytest.mark.slow
async def test_twenty_late_updates_make_one_addendum_per_recipient(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    await runtime.database()
    outbox = RecordingOutbox()
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(DIGEST_DUE)
    await deliveries.run_due()
    kim = chat_as(dispatcher, "kim")
    for number in range(20):
        clock.advance(timedelta(minutes=1))
        await kim.say(f"update maritime: on track — step {number}")
    report = await deliveries.run_due()
    assert len(report.sent) == 3  # two chairs and the digest channel, one message each
    addenda = [render_text(reply) for who, reply in outbox.direct if reply.intent == "addendum"]
    assert len(addenda) == 2 and "20 updates since it went out" in addenda[0]
    assert all(f"step {number}" in addenda[0] for number in range(20))
    assert len([reply for _, reply in outbox.channels if reply.intent == "addendum"]) == 1
    clock.advance(timedelta(minutes=1))
    await kim.say("update maritime: at risk — the port visit slipped")
    report = await deliveries.run_due()
    latest = [render_text(reply) for who, reply in outbox.direct if who == "park" and reply.intent == "addendum"][-1]
    assert (
        len(report.sent) == 3
        and "1 update since" in latest
        and "port visit slipped" in latest
        and "step 19" not in latest
    )


async def test_a_permanent_refusal_is_given_up_at_once_and_the_admins_are_told(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    """A mail server's 5xx for an address will not change in an hour: no retry, one alert."""
    await runtime.database()
    outbox = RecordingOutbox(refuse={"park"})
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(DIGEST_DUE)
    report = await deliveries.run_due()
    assert report.given_up == [PARK] and report.failed == []
    row = await row_of(runtime, PARK)
    assert (row.status, row.next_attempt_at, row.attempts, row.last_error) == (
        "failed",
        None,
        1,
        "console: park refused",
    )
    alert = texts(outbox, "dubois")
    assert (
        len(alert) == 1 and "Could not deliver the digest to park after 1 attempts (console: park refused)" in alert[0]
    )
    clock.advance(timedelta(hours=2))
    assert (await deliveries.run_due()).sent == [] and len(outbox.to("park")) == 0
