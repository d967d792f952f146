"""Deliveries case by case, on the example working group and a real database: which items a run claims (once
per key, never a claim someone else holds), how an outcome is recorded (the retry spacing, a platform's
Retry-After, giving up at `useful_until` and telling the admins once), who a digest and its addenda go to,
invitations, the leads' timezones and which meetings are planned. Each boundary is pinned on both sides:
exactly at a retry time or at `useful_until`, and one second before."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app.adapters.email import EmailOutbox
from bot.app.delivery import (
    RETRY_SPACING,
    STALE_CLAIM,
    Deliveries,
    Plans,
    Target,
    _alert_useful_until,
    _batches_to,
    _Run,
    next_attempt,
)
from bot.app.dispatcher import Dispatcher
from bot.app.outbox import RecordingOutbox
from bot.clock import FakeClock
from bot.delivery_keys import Recipient, Via
from bot.model import Platform
from bot.planning import Schedule
from bot.runtime import Runtime
from bot.workgroup import Alerts, Channel, Person
from storage import repo
from storage.models import DeliveryRow
from tests.blockers_support import store_update
from tests.conftest import _example_runtime, chat_as
from tests.fakes.smtp_server import Mailbox, make_certificate, smtp_server
from tests.mail.conftest import email_outbox, mail_settings
from tests.mail.test_invitations import invitations
from tests.scheduling.support import crash_after_send, deliveries_for, texts

T0 = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
SEOUL_OPENS = datetime(2027, 2, 22, 0, 0, tzinfo=UTC)  # 09:00 in Seoul, 21 days before 15 March
BRUSSELS_OPENS = datetime(2027, 2, 22, 8, 0, tzinfo=UTC)  # 09:00 in Brussels
DIGEST_AT = datetime(2027, 3, 8, 8, 0, tzinfo=UTC)  # 7 days before, 09:00 Brussels
MEETING_STARTS = datetime(2027, 3, 15, 8, 0, tzinfo=UTC)  # the prompt hour of the meeting's day
PARK = "digest:sdd-2027:2027-03-15:person:park"
DIGEST_RECIPIENTS = ["channel:slack:C0DIGEST01", "person:mueller", "person:park"]
SECOND = timedelta(seconds=1)


@pytest.fixture(autouse=True)
def host_timezone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The host's clock eleven hours behind UTC, so a time taken in the host's timezone instead of the
    partnership's shows up as another day (09:00 in Brussels is the evening before in Pago Pago)."""
    monkeypatch.setenv("TZ", "Pacific/Pago_Pago")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- pure parts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempts", "retry_after", "wait"),
    [
        (1, None, timedelta(minutes=1)),
        (2, None, timedelta(minutes=5)),
        (3, None, timedelta(minutes=15)),
        (4, None, timedelta(hours=1)),
        (5, None, timedelta(hours=1)),
        (40, None, timedelta(hours=1)),
        (1, 30.0, timedelta(minutes=1)),  # the platform asks less than the spacing: the spacing
        (1, 60.0, timedelta(minutes=1)),
        (1, 61.0, timedelta(seconds=61)),
        (2, 900.0, timedelta(minutes=15)),
        (4, 7200.0, timedelta(hours=2)),
    ],
)
def test_next_attempt_spacing_and_retry_after(attempts: int, retry_after: float | None, wait: timedelta) -> None:
    assert next_attempt(attempts, T0, retry_after) == T0 + wait


def test_next_attempt_without_retry_after_is_the_spacing() -> None:
    assert [next_attempt(n, T0) - T0 for n in range(1, 6)] == [*RETRY_SPACING, RETRY_SPACING[-1]]


def test_targets_carry_their_channel_and_label() -> None:
    park = Person(id="park", name="Park Ji-woo")
    channel = Channel(platform="slack", id="C0DIGEST01")
    cases = [
        (Target.person(park), Via.DIRECT, "person:park", park),
        (Target.email(park), Via.EMAIL, "email:park", park),
        (Target.channel(channel), Via.CHANNEL, "channel:slack:C0DIGEST01", channel),
    ]
    for target, via, label, to in cases:
        assert (target.via, target.label, target.to) == (via, label, to)


def schedule(digest_at: datetime, meeting_starts: datetime) -> Schedule:
    return Schedule(
        round_opens=digest_at - timedelta(days=14), digest_at=digest_at, meeting_starts=meeting_starts, items=()
    )


@pytest.mark.parametrize(
    ("raised", "useful_until"),
    [
        (DIGEST_AT - SECOND, DIGEST_AT),  # before the digest: until the digest, which shows it
        (DIGEST_AT, MEETING_STARTS),  # at the digest's time: it did not show it, so until the meeting
        (DIGEST_AT + SECOND, MEETING_STARTS),
        (MEETING_STARTS - SECOND, MEETING_STARTS),
        (MEETING_STARTS, MEETING_STARTS + timedelta(days=3)),  # no meeting after it: a few days
    ],
)
def test_an_alert_is_of_use_until_the_next_digest_or_meeting(raised: datetime, useful_until: datetime) -> None:
    assert _alert_useful_until(raised, [schedule(DIGEST_AT, MEETING_STARTS)]) == useful_until


def test_an_alert_is_of_use_until_the_earliest_of_several_meetings() -> None:
    later = schedule(DIGEST_AT + timedelta(days=30), MEETING_STARTS + timedelta(days=30))
    raised = DIGEST_AT - timedelta(days=1)
    assert _alert_useful_until(raised, [later, schedule(DIGEST_AT, MEETING_STARTS)]) == DIGEST_AT
    assert _alert_useful_until(MEETING_STARTS, [later, schedule(DIGEST_AT, MEETING_STARTS)]) == later.digest_at
    assert _alert_useful_until(raised, []) == raised + timedelta(days=3)


def test_a_recipients_batches_with_the_updates_they_cover() -> None:
    park, mueller = Recipient(Via.DIRECT, "park"), Recipient(Via.DIRECT, "mueller")
    rows = [
        DeliveryRow(key="addendum:sdd-2027:person:park:3-7"),
        DeliveryRow(key="addendum:sdd-2027:person:mueller:3-7"),
        DeliveryRow(key="addendum:sdd-2027:email:park:3-9"),
        DeliveryRow(key="digest:sdd-2027:2027-03-15:person:park"),
        DeliveryRow(key="addendum:sdd-2027:person:park:8-8"),
    ]
    assert [(b.key, first, last) for b, first, last in _batches_to(rows, park)] == [
        ("addendum:sdd-2027:person:park:3-7", 3, 7),
        ("addendum:sdd-2027:person:park:8-8", 8, 8),
    ]
    assert [(first, last) for _, first, last in _batches_to(rows, mueller)] == [(3, 7)]


@pytest.mark.parametrize(
    ("person", "meeting", "asked"),
    [("rossi", "sdd-2027", True), ("kim", "sdd-2027", False), ("lee", "sdd-2027", False), ("lee", "sd-2027", True)],
)
def test_a_run_asks_leads_neither_away_nor_declined(person: str, meeting: str, asked: bool) -> None:
    run = _Run(T0, report=None, finished=set(), away={"kim": date(2027, 3, 10)}, declined={"sdd-2027": {"lee"}})  # type: ignore[arg-type]
    assert run.asks(meeting, person) is asked


# --- on a database -------------------------------------------------------------------------------------------


@pytest.fixture
async def outbox() -> RecordingOutbox:
    return RecordingOutbox()


@pytest.fixture
async def deliveries(runtime: Runtime, dispatcher: Dispatcher, outbox: RecordingOutbox) -> Deliveries:
    await runtime.database()  # sync the file's meetings
    return await deliveries_for(runtime, dispatcher, outbox)


async def row_of(runtime: Runtime, key: str) -> DeliveryRow:
    database = await runtime.database()
    async with database.session() as session:
        row = await repo.delivery(session, key)
    assert row is not None, key
    return row


async def rows_name_their_kind_and_meeting(runtime: Runtime) -> int:
    """Every delivery row's kind and meeting are its key's (an alert's meeting is that of what it is about), so
    `partnerbot deliveries` lists and `finished_deliveries` finds each under its meeting; returns how many."""
    database = await runtime.database()
    async with database.session() as session:
        rows = list((await session.scalars(select(DeliveryRow))).all())
    for row in rows:
        kind, _, rest = row.key.partition(":")
        meeting = {"alert": rest.split(":")[1], "blocked": None}.get(kind, rest.partition(":")[0])
        assert (row.kind, row.meeting_id) == (kind, meeting), row.key
    return len(rows)


def every_chat_send_carried_its_key(outbox: RecordingOutbox) -> None:
    """A chat message carries its delivery key (Slack keeps it in the metadata, to find it after a crash)."""
    assert len(outbox.keys) == len(outbox.direct) + len(outbox.channels)


def meetings_of(plans: Plans) -> list[str]:
    return [meeting.id for meeting, _ in plans]


async def test_schedules_are_of_the_collected_kinds_until_the_meetings_day(
    deliveries: Deliveries, clock: FakeClock
) -> None:
    plans = await deliveries.schedules()
    assert meetings_of(plans) == ["sdd-2027"]  # not last year's, not the strategic dialogue (a kind not collected)
    [(_, plan)] = plans
    assert (plan.round_opens, plan.digest_at, plan.meeting_starts) == (SEOUL_OPENS, DIGEST_AT, MEETING_STARTS)
    assert {d.kind for d in plan.items} == {"prompt", "reminder", "digest"}
    assert {d.person_id for d in plan.items if d.kind == "prompt"} == {"rossi", "kim", "novak", "lee", "jansen", "choi"}
    clock.set(datetime(2027, 3, 15, 22, 59, tzinfo=UTC))  # 23:59 in Brussels on the meeting's day
    assert meetings_of(await deliveries.schedules()) == ["sdd-2027"]
    clock.set(datetime(2027, 3, 15, 23, 0, tzinfo=UTC))  # the next day in Brussels
    assert meetings_of(await deliveries.schedules()) == []


async def test_schedules_share_the_loop_and_plan_every_lead(runtime: Runtime, dispatcher: Dispatcher) -> None:
    await runtime.database()
    sliced = await deliveries_for(runtime, dispatcher, RecordingOutbox())
    sliced.slice_seconds = 0.0  # a yield after every lead
    [(_, plan)] = await sliced.schedules()
    [(_, whole)] = await (await deliveries_for(runtime, dispatcher, RecordingOutbox())).schedules()
    assert plan == whole


async def test_lead_timezones_the_files_else_the_profiles_else_the_partnerships(
    runtime: Runtime, deliveries: Deliveries
) -> None:
    expected = {
        "rossi": "Europe/Brussels",
        "kim": "Asia/Seoul",
        "novak": "Europe/Brussels",
        "lee": "Europe/Brussels",  # none in the file nor cached: the partnership's
        "jansen": "Europe/Brussels",
        "choi": "Asia/Seoul",
    }
    assert await deliveries.lead_timezones() == expected  # leads only: not the chairs, the admin or a member
    database = await runtime.database()
    async with database.session() as session:
        await repo.set_profile_timezone(session, "slack", "U0LEADKR2", "Asia/Seoul")
        await repo.set_profile_timezone(session, "slack", "U0LEADKR1", "America/New_York")  # the file's wins
    assert await deliveries.lead_timezones() == expected | {"lee": "Asia/Seoul"}


class ProfileOutbox(RecordingOutbox):
    """The console outbox standing in for a platform with profiles: it reaches those with an id there, as an
    adapter does, and gives each the profile's timezone it was made with."""

    def __init__(self, platform: Platform, timezone: str | None) -> None:
        super().__init__()
        self.platform = platform
        self.timezone = timezone
        self.asked: list[str] = []

    def reaches(self, person: Person) -> bool:
        return self.platform is Platform.CONSOLE or person.identity(self.platform) is not None

    async def profile_timezone(self, person: Person) -> str | None:
        self.asked.append(person.id)
        return self.timezone


@pytest.mark.parametrize(
    ("platform", "timezone", "cached"),
    [
        (Platform.SLACK, "Asia/Tokyo", {"lee": "Asia/Tokyo"}),
        (Platform.SLACK, None, {}),  # the profile has none
        (Platform.CONSOLE, "Asia/Tokyo", {}),  # reaching Lee with no id of Lee's: nothing to cache it under
        (None, None, {}),  # no platform running
    ],
)
async def test_profile_timezones_are_asked_for_leads_without_one_and_cached(
    runtime: Runtime, dispatcher: Dispatcher, platform: Platform | None, timezone: str | None, cached: dict[str, str]
) -> None:
    await runtime.database()
    outbox = ProfileOutbox(platform or Platform.TELEGRAM, timezone)
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    if platform is None:
        deliveries.outboxes.outboxes.clear()
    await deliveries.refresh_profile_timezones()
    assert outbox.asked == ([] if platform is None else ["lee"])  # the only lead the file gives no timezone
    assert (await deliveries.lead_timezones())["lee"] == cached.get("lee", "Europe/Brussels")
    database = await runtime.database()
    async with database.session() as session:
        assert await repo.profile_timezones(session) == cached


async def test_prompts_go_out_at_each_leads_hour_once(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    clock.set(SEOUL_OPENS - SECOND)
    assert (await deliveries.run_due()).sent == []
    clock.set(SEOUL_OPENS)
    assert sorted((await deliveries.run_due()).sent) == ["prompt:sdd-2027:choi", "prompt:sdd-2027:kim"]
    opening = texts(outbox, "kim")[0]
    assert "15 Mar 2027 in Seoul is open" in opening and "The chairs get the digest on 8 Mar 2027" in opening
    assert "International peace and crisis management" in opening
    clock.set(BRUSSELS_OPENS - SECOND)
    assert (await deliveries.run_due()).sent == []  # each claim is taken once
    other = Runtime(
        settings=runtime.settings, knowledge=runtime.knowledge, workgroup=runtime.workgroup, clock=clock
    )  # another process on the same database
    second = await deliveries_for(other, Dispatcher(other), outbox)
    clock.set(BRUSSELS_OPENS)
    first_report = await deliveries.run_due()
    assert sorted(first_report.sent) == [f"prompt:sdd-2027:{p}" for p in ("jansen", "lee", "novak", "rossi")]
    assert (await second.run_due()).sent == []  # claimed and sent by the first: not twice
    assert [who for who, _ in outbox.direct].count("rossi") == 1
    assert await rows_name_their_kind_and_meeting(runtime) == 6
    every_chat_send_carried_its_key(outbox)
    await other.close()


async def test_a_lead_away_declined_or_done_is_not_prompted(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, clock: FakeClock
) -> None:
    assert "marked away" in await chat_as(dispatcher, "kim").say("away until 2027-03-10")
    await runtime.database()
    clock.set(SEOUL_OPENS)
    for title in runtime.areas_led_by("choi"):  # Choi has reported every area of hers in the round
        await store_update(runtime, "choi", runtime.area_ids.key(title), "on_track")
    assert (await deliveries.run_due()).sent == []


async def test_a_lead_who_declined_the_round_is_not_prompted_for_it(
    runtime: Runtime, deliveries: Deliveries, clock: FakeClock
) -> None:
    database = await runtime.database()
    async with database.session() as session:
        await repo.add_round_response(
            session, meeting_id="sdd-2027", person_id="kim", kind="declined", at=clock.now(), reason="on leave"
        )
    clock.set(SEOUL_OPENS)
    assert (await deliveries.run_due()).sent == ["prompt:sdd-2027:choi"]


async def test_a_digest_claim_held_elsewhere_does_not_hold_up_the_next_recipient(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    await runtime.database()
    outbox = RecordingOutbox(fail_for={"park"})
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(DIGEST_AT)
    await deliveries.run_due()
    await crash_after_send(
        runtime, "digest:sdd-2027:2027-03-15:person:mueller", claimed_ago=timedelta(0)
    )  # being sent again
    clock.set(DIGEST_AT + timedelta(minutes=1))
    assert (await deliveries.run_due()).failed == [PARK]  # Park's retry, after Müller's held claim


async def test_a_claim_held_by_a_running_sender_is_not_sent_and_a_stale_one_is_checked_first(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    await runtime.database()
    outbox = RecordingOutbox(remembers=True)
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(SEOUL_OPENS)
    await deliveries.run_due()
    key = "prompt:sdd-2027:kim"
    await crash_after_send(runtime, key, claimed_ago=STALE_CLAIM - timedelta(seconds=30))
    assert (await deliveries.run_due()).sent == []  # its sender may still be at it
    await crash_after_send(runtime, key, claimed_ago=STALE_CLAIM + SECOND)
    assert (await deliveries.run_due()).sent == [key]  # taken over; the platform has it already
    assert len(outbox.to("kim")) == 1
    row = await row_of(runtime, key)
    assert (
        row.status == "sent" and row.doubt == "found already delivered after its sender stopped midway; not sent again"
    )


async def test_a_stale_claim_the_platform_cannot_check_is_sent_again_with_the_doubt_recorded(
    runtime: Runtime,
    deliveries: Deliveries,
    outbox: RecordingOutbox,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock.set(SEOUL_OPENS)
    await deliveries.run_due()
    key = "prompt:sdd-2027:kim"
    await crash_after_send(runtime, key, claimed_ago=STALE_CLAIM + SECOND)
    caplog.set_level(logging.WARNING, logger="bot.app.delivery")
    assert (await deliveries.run_due()).sent == [key]
    assert len(outbox.to("kim")) == 2
    row = await row_of(runtime, key)
    assert row.doubt == (
        "its sender stopped between claiming and recording it, and the platform cannot tell whether it went out: "
        "this may be a second copy"
    )
    assert any(key in r.getMessage() and "may be a second copy" in r.getMessage() for r in caplog.records)


async def test_nothing_is_claimed_without_the_lease(
    runtime: Runtime, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    deliveries.lease.generation = None
    clock.set(SEOUL_OPENS)
    assert (await deliveries.run_due()).sent == []
    assert outbox.direct == []


async def test_reminders_skip_leads_away_or_declined_and_say_where_an_update_was_left(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    clock.set(BRUSSELS_OPENS)
    await deliveries.run_due()  # every lead's prompt, each opening the lead's update
    assert "marked away" in await chat_as(dispatcher, "rossi").say("away until 2027-03-10")
    novak = chat_as(dispatcher, "novak")
    await novak.say("skip this round")  # answering the round's prompt
    assert "Noted" in await novak.say("parental leave")
    clock.set(datetime(2027, 2, 25, 12, 0, tzinfo=UTC))
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    await kim.say("on track")  # begun, not finished
    clock.set(datetime(2027, 2, 26, 23, 30, tzinfo=UTC))  # 00:30 on the 27th in Brussels, a run late
    report = await deliveries.run_due()
    reminded = sorted(k.split(":")[2] for k in report.sent if k.startswith("reminder:"))
    assert reminded == ["choi", "jansen", "kim", "lee"]
    reminder = texts(outbox, "kim")[-1]
    assert reminder.startswith(
        "Reminder: the digest for the Security and Defence Dialogue goes to the chairs in 9 days (8 Mar 2027)."
    )
    assert "You began your update of Maritime" in reminder
    key = next(k for k in report.sent if k.startswith("reminder:") and ":kim:" in k)
    assert ("kim", key) in outbox.keys
    row = await row_of(runtime, key)
    assert (row.kind, row.meeting_id, row.recipient) == ("reminder", "sdd-2027", "person:kim")


async def test_a_reminder_failing_a_minute_before_the_digest_is_given_up(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    await runtime.database()
    outbox = RecordingOutbox(fail_for={"rossi"})
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(BRUSSELS_OPENS)
    await deliveries.run_due()
    clock.set(DIGEST_AT - timedelta(minutes=1))
    report = await deliveries.run_due()
    reminder = next(k for k in report.given_up if k.startswith("reminder:"))
    assert ":rossi:" in reminder and report.failed == []
    row = await row_of(runtime, reminder)
    assert (row.status, row.next_attempt_at) == ("failed", None)


@pytest.mark.slow
async def test_reminders_only_the_newest_per_lead_and_none_from_the_digest_on(
    deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    clock.set(datetime(2027, 3, 2, 8, 0, tzinfo=UTC))  # 8 days after the opening: two reminders are due
    sent = (await deliveries.run_due()).sent
    reminders = sorted(k for k in sent if k.startswith("reminder:") and ":rossi:" in k)
    assert len(reminders) == 1 and "2027-03-02" in reminders[0]
    reminder = texts(outbox, "rossi")[-1]
    assert "goes to the chairs in 6 days (8 Mar 2027)" in reminder
    clock.set(DIGEST_AT - SECOND)
    assert any(k.startswith("reminder:") for k in (await deliveries.run_due()).sent)
    before = len(outbox.direct)
    clock.set(DIGEST_AT)
    report = await deliveries.run_due()
    assert sorted(report.sent) == [
        f"digest:sdd-2027:2027-03-15:{r}" for r in DIGEST_RECIPIENTS
    ]  # no prompt, no reminder
    assert len(outbox.direct) == before + 2  # the chairs, by direct message


@pytest.mark.parametrize(
    ("after", "late"), [(timedelta(0), False), (timedelta(hours=1), False), (timedelta(hours=1) + SECOND, True)]
)
async def test_the_digest_to_each_chair_and_channel_late_with_a_note_after_an_hour(
    deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock, after: timedelta, late: bool
) -> None:
    clock.set(DIGEST_AT + after)
    report = await deliveries.run_due()
    # no prompt nor reminder from the digest's time on, though none went out before
    assert sorted(report.sent) == [f"digest:sdd-2027:2027-03-15:{r}" for r in DIGEST_RECIPIENTS]
    every_chat_send_carried_its_key(outbox)
    assert [c for c, _ in outbox.channels] == ["C0DIGEST01"]
    digest = texts(outbox, "mueller")[-1]
    assert digest == texts(outbox, "park")[-1]
    note = "Sent late: this digest was due on 8 Mar 2027, when the bot was not running."
    assert (note in digest) is late


async def test_a_failed_send_is_retried_exactly_at_its_time(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await runtime.database()
    outbox = RecordingOutbox(fail_for={"park"})
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    caplog.set_level(logging.WARNING, logger="bot.app.delivery")
    clock.set(DIGEST_AT)
    report = await deliveries.run_due()
    assert report.failed == [PARK] and PARK not in report.sent and report.given_up == []
    row = await row_of(runtime, PARK)
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 1, DIGEST_AT + timedelta(minutes=1))
    assert row.last_error == "console: park unreachable"
    assert any(
        r.levelno == logging.WARNING
        and r.getMessage()
        == f"delivery {PARK} failed (attempt 1): console: park unreachable; next attempt at 2027-03-08 08:01 UTC"
        for r in caplog.records
    )
    clock.set(DIGEST_AT + timedelta(minutes=1) - SECOND)
    assert (await deliveries.run_due()).failed == []
    clock.set(DIGEST_AT + timedelta(minutes=1))
    assert (await deliveries.run_due()).failed == [PARK]
    row = await row_of(runtime, PARK)
    assert (row.attempts, row.next_attempt_at) == (2, DIGEST_AT + timedelta(minutes=6))
    outbox.fail_for.clear()
    clock.set(DIGEST_AT + timedelta(minutes=6))
    assert (await deliveries.run_due()).sent == [PARK]
    row = await row_of(runtime, PARK)
    assert (row.status, row.attempts, row.next_attempt_at) == ("sent", 3, None)
    assert len(outbox.to("park")) == 1 and outbox.to("dubois") == []


@pytest.mark.parametrize(("retry_after", "wait"), [(900.0, timedelta(minutes=15)), (20.0, timedelta(minutes=1))])
async def test_a_platforms_retry_after_is_honoured_when_longer(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock, retry_after: float, wait: timedelta
) -> None:
    await runtime.database()
    deliveries = await deliveries_for(runtime, dispatcher, RecordingOutbox(fail_for={"park"}, retry_after=retry_after))
    clock.set(DIGEST_AT)
    await deliveries.run_due()
    assert (await row_of(runtime, PARK)).next_attempt_at == DIGEST_AT + wait


async def give_up_at(runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock, at: datetime) -> RecordingOutbox:
    """The digest first tried at `at`, Park's chat down."""
    await runtime.database()
    outbox = RecordingOutbox(fail_for={"park"})
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(at)
    await deliveries.run_due()
    return outbox


async def test_no_retry_is_planned_at_useful_until_and_the_admins_are_told_once(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.app.delivery")
    outbox = await give_up_at(runtime, dispatcher, clock, MEETING_STARTS - timedelta(minutes=1))
    row = await row_of(runtime, PARK)
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 1, None)
    assert any(
        r.levelno == logging.ERROR
        and r.getMessage()
        == f"delivery {PARK} failed (attempt 1): console: park unreachable; "
        "no attempt left before 2027-03-15 08:00 UTC: given up"
        for r in caplog.records
    )
    [alert] = texts(outbox, "dubois")
    assert "Could not deliver the digest to park after 1 attempts (console: park unreachable)" in alert
    assert f"partnerbot deliveries retry {row.id}" in alert
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    await deliveries.run_due()
    assert len(texts(outbox, "dubois")) == 1
    alert_row = await row_of(runtime, f"alert:{PARK}:person:dubois")
    assert alert_row.status == "sent"
    assert await rows_name_their_kind_and_meeting(runtime) == 4  # the digest to three, the alert
    every_chat_send_carried_its_key(outbox)


async def test_one_attempt_before_useful_until_a_retry_is_planned_then_given_up(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    outbox = await give_up_at(runtime, dispatcher, clock, MEETING_STARTS - timedelta(minutes=1) - SECOND)
    row = await row_of(runtime, PARK)
    assert (row.status, row.next_attempt_at) == ("failed", MEETING_STARTS - SECOND)
    assert outbox.to("dubois") == []
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(MEETING_STARTS - SECOND)
    report = await deliveries.run_due()
    assert (report.failed, report.given_up) == ([], [PARK])
    assert (await row_of(runtime, PARK)).attempts == 2 and len(outbox.to("dubois")) == 1


@pytest.mark.slow
async def test_a_refusal_is_given_up_at_once_and_an_alert_that_fails_is_not_alerted(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await runtime.database()
    outbox = RecordingOutbox(refuse={"park"}, fail_for={"dubois"})
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    caplog.set_level(logging.WARNING, logger="bot.app.delivery")
    clock.set(DIGEST_AT)
    report = await deliveries.run_due()
    assert report.given_up == [PARK] and report.failed == []  # the alert's own failure is not in the run's report
    row = await row_of(runtime, PARK)
    assert (row.status, row.next_attempt_at, row.last_error) == ("failed", None, "console: park refused")
    assert any("refused for good: given up" in r.getMessage() for r in caplog.records)
    alert = await row_of(runtime, f"alert:{PARK}:person:dubois")
    assert (alert.status, alert.next_attempt_at) == ("failed", None)  # an alert is of use now or never
    assert not any(r.getMessage().startswith("delivery alert:alert:") for r in caplog.records)


@pytest.mark.slow
async def test_addenda_batch_each_recipients_new_updates_named_by_the_first_and_last(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    await runtime.database()
    outbox = RecordingOutbox(fail_for={"park"})
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(DIGEST_AT - timedelta(hours=2))
    early = await store_update(runtime, "kim", "maritime", "on_track")  # before the digest: in it
    assert [k for k in (await deliveries.run_due()).sent if k.startswith("addendum:")] == []  # no digest yet
    clock.set(DIGEST_AT)
    await deliveries.run_due()
    assert [k for k in (await deliveries.run_due()).sent if k.startswith("addendum:")] == []  # nothing after it
    clock.set(DIGEST_AT + timedelta(hours=1))
    first = await store_update(runtime, "rossi", "maritime", "at_risk", "Calendar unknown")
    second = await store_update(runtime, "novak", "cyber", "on_track")
    assert early < first
    report = await deliveries.run_due()
    batch = f"{first}-{second}"
    assert sorted(k for k in report.sent if k.startswith("addendum:")) == [
        f"addendum:sdd-2027:channel:slack:C0DIGEST01:{batch}",
        f"addendum:sdd-2027:person:mueller:{batch}",
    ]
    assert f"addendum:sdd-2027:person:park:{batch}" in report.failed  # Park's chat is down
    addendum = texts(outbox, "mueller")[-1]
    assert "Maritime Security" in addendum and "Cyber" in addendum

    third = await store_update(runtime, "lee", "cyber", "on_track")
    clock.set(DIGEST_AT + timedelta(hours=1, minutes=1))  # Park's batch due again
    outbox.fail_for.clear()
    report = await deliveries.run_due()
    assert sorted(k for k in report.sent if k.startswith("addendum:")) == [
        f"addendum:sdd-2027:channel:slack:C0DIGEST01:{third}-{third}",
        f"addendum:sdd-2027:person:mueller:{third}-{third}",
        f"addendum:sdd-2027:person:park:{batch}",  # the same updates again; the new one waits for it
    ]
    again = texts(outbox, "park")[-1]
    assert "Maritime Security" in again and "Cyber" in again  # the first and the last of the batch
    report = await deliveries.run_due()
    assert [k for k in report.sent if k.startswith("addendum:")] == [f"addendum:sdd-2027:person:park:{third}-{third}"]
    assert (await deliveries.run_due()).sent == []

    outbox.fail_for.add("park")  # after batches sent, one fails, and another update comes before its retry
    fourth = await store_update(runtime, "kim", "maritime", "on_track")
    assert f"addendum:sdd-2027:person:park:{fourth}-{fourth}" in (await deliveries.run_due()).failed
    fifth = await store_update(runtime, "choi", runtime.area_ids.key(runtime.areas_led_by("choi")[0]), "on_track")
    outbox.fail_for.clear()
    clock.set(DIGEST_AT + timedelta(hours=1, minutes=2))
    sent = [k for k in (await deliveries.run_due()).sent if ":park:" in k]
    assert sent == [f"addendum:sdd-2027:person:park:{fourth}-{fourth}"]
    sent = [k for k in (await deliveries.run_due()).sent if ":park:" in k]
    assert sent == [f"addendum:sdd-2027:person:park:{fifth}-{fifth}"]
    assert await rows_name_their_kind_and_meeting(runtime) > 10
    every_chat_send_carried_its_key(outbox)


async def test_an_addendum_batch_given_up_lets_the_next_start_after_it(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    await runtime.database()
    outbox = RecordingOutbox(refuse={"park"})
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(DIGEST_AT)
    await deliveries.run_due()
    outbox.refuse.clear()
    clock.set(DIGEST_AT + timedelta(hours=1))  # Park's digest was refused: there is no digest sent to follow
    first = await store_update(runtime, "rossi", "maritime", "on_track")
    outbox.refuse.add("park")
    await deliveries.run_due()
    outbox.refuse.clear()
    second = await store_update(runtime, "rossi", "maritime", "at_risk", "Slipped")
    report = await deliveries.run_due()
    assert f"addendum:sdd-2027:person:park:{second}-{second}" in report.sent
    assert f"addendum:sdd-2027:person:park:{first}-{first}" not in report.sent


async def test_a_blocked_area_alerts_the_digests_recipients_while_of_use(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    await runtime.database()
    outbox = RecordingOutbox()
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(DIGEST_AT - timedelta(days=4))
    await store_update(runtime, "kim", "maritime", "blocked", "No dates")  # of use until the digest, which shows it
    clock.set(DIGEST_AT)
    assert [k for k in (await deliveries.run_due()).sent if k.startswith("blocked:")] == []
    await store_update(runtime, "lee", "cyber", "on_track")
    update_id = await store_update(runtime, "lee", "cyber", "blocked", "No counterpart")
    outbox.fail_for.add("park")
    report = await deliveries.run_due()  # past the stale one, to the new one
    assert sorted(k for k in report.sent if k.startswith("blocked:")) == [
        f"blocked:{update_id}:{r}" for r in DIGEST_RECIPIENTS if r != "person:park"
    ]
    assert [k for k in report.failed if k.startswith("blocked:")] == [f"blocked:{update_id}:person:park"]
    outbox.fail_for.clear()
    clock.advance(timedelta(minutes=1))
    report = await deliveries.run_due()
    assert [k for k in report.sent if k.startswith("blocked:")] == [
        f"blocked:{update_id}:person:park"
    ]  # after Müller's
    alert = texts(outbox, "park")[-1]
    assert alert.startswith("🔴 Blocked: Cyber") and "— Lee Seo-yeon, 8 Mar 2027" in alert
    assert "Blocker: No counterpart" in alert and "It was on track before." in alert
    assert (await deliveries.run_due()).sent == []
    await store_update(runtime, "novak", "cyber", "blocked", "Still none")  # the co-lead: already blocked
    assert [k for k in (await deliveries.run_due()).sent if k.startswith("blocked:")] == []
    runtime.workgroup = runtime.workgroup.model_copy(update={"alerts": Alerts(blocked=False)})
    await store_update(runtime, "lee", "hybrid", "blocked", "No counterpart")
    assert [k for k in (await deliveries.run_due()).sent if k.startswith("blocked:")] == []
    assert await rows_name_their_kind_and_meeting(runtime) > 4
    every_chat_send_carried_its_key(outbox)


# --- e-mail --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("smtp-tls"))


@pytest.fixture
async def mail(
    database_url: str, clock: FakeClock, certificate: tuple[Path, Path]
) -> AsyncIterator[tuple[Runtime, Mailbox, EmailOutbox]]:
    """The example's runtime with e-mail to a real SMTP server on this loop."""
    async with smtp_server(certificate) as (port, mailbox):
        example = _example_runtime()
        runtime = Runtime(
            settings=mail_settings(database_url, port, certificate),
            knowledge=example.knowledge,
            workgroup=example.workgroup.model_copy(deep=True),
            clock=clock,
        )
        await runtime.database()
        yield runtime, mailbox, email_outbox(runtime)
        await runtime.close()


@pytest.mark.slow
async def test_by_mail_the_digest_goes_to_chairs_with_an_address_unless_turned_off(
    mail: tuple[Runtime, Mailbox, EmailOutbox], clock: FakeClock
) -> None:
    runtime, mailbox, letters = mail
    deliveries = await deliveries_for(runtime, Dispatcher(runtime), RecordingOutbox(), mail=letters)
    assert [t.label for t in deliveries._digest_targets()] == [
        "person:mueller",
        "person:park",
        "channel:slack:C0DIGEST01",
        "email:mueller",
        "email:park",
    ]
    clock.set(DIGEST_AT)
    report = await deliveries.run_due()
    assert sorted(k for k in report.sent if k.startswith("digest:")) == [
        f"digest:sdd-2027:2027-03-15:{r}"
        for r in ["channel:slack:C0DIGEST01", "email:mueller", "email:park", "person:mueller", "person:park"]
    ]
    subjects = [str(m["Subject"]) for m in mailbox.to("jiwoo.park@mofa.example")]
    assert "[LIMITE] Digest — Security and Defence Dialogue, 15 Mar 2027, Seoul" in subjects
    digest = runtime.workgroup.digest.model_copy(update={"email": False})
    runtime.workgroup = runtime.workgroup.model_copy(update={"digest": digest})
    assert "email:park" not in [t.label for t in deliveries._digest_targets()]


@pytest.mark.slow
async def test_invitations_to_chairs_and_leads_with_an_address_once_per_sequence(
    mail: tuple[Runtime, Mailbox, EmailOutbox], clock: FakeClock
) -> None:
    runtime, mailbox, letters = mail
    deliveries = await deliveries_for(runtime, Dispatcher(runtime), RecordingOutbox(), mail=letters)
    report = await deliveries.run_due()
    invited = sorted(k for k in report.sent if k.startswith("invite:"))
    assert invited == [
        f"invite:{m}:0:email:{p}" for m in ("sd-2027", "sdd-2027") for p in ("kim", "mueller", "park", "rossi")
    ]
    assert (await deliveries.run_due()).sent == []
    row = await row_of(runtime, "invite:sdd-2027:0:email:kim")
    assert (row.status, row.kind, row.meeting_id) == ("sent", "invite", "sdd-2027")
    assert len(mailbox.to("minjun.kim@mnd.example")) == 2
    park = chat_as(Dispatcher(runtime), "park")
    await park.say("cancel sd-2027")
    assert "sd-2027" in await park.say("yes")
    report = await deliveries.run_due()  # the cancellation, to those who had the invitation
    assert sorted(report.sent) == [f"invite:sd-2027:1:email:{p}" for p in ("kim", "mueller", "park", "rossi")]
    assert str(mailbox.to("minjun.kim@mnd.example")[-1]["Subject"]).startswith("[LIMITE] Cancelled — ")


@pytest.mark.slow
async def test_invitations_to_each_new_invitee_from_the_organizer_and_retried(
    mail: tuple[Runtime, Mailbox, EmailOutbox], clock: FakeClock
) -> None:
    runtime, mailbox, letters = mail
    deliveries = await deliveries_for(runtime, Dispatcher(runtime), RecordingOutbox(), mail=letters)
    mailbox.defer["minjun.kim@mnd.example"] = 1
    report = await deliveries.run_due()
    assert "invite:sdd-2027:0:email:kim" in report.failed
    row = await row_of(runtime, "invite:sdd-2027:0:email:kim")
    assert row.next_attempt_at == clock.now() + timedelta(minutes=1)
    [(_, calendar)] = invitations(mailbox, "anna.mueller@eeas.example")
    organizer = calendar.walk("VEVENT")[0]["ORGANIZER"]
    assert (str(organizer), organizer.params["CN"]) == ("mailto:bot@partnership.example", "EU–ROK partnership bot")
    people = [
        p.model_copy(update={"email": f"{p.id}@example.org"}) if p.id in ("novak", "schmidt") else p
        for p in runtime.workgroup.people
    ]
    runtime.workgroup = runtime.workgroup.model_copy(update={"people": tuple(people)})
    clock.advance(timedelta(minutes=1))
    report = await deliveries.run_due()  # Novák, a lead, now has an address; Schmidt is a member
    assert sorted(report.sent) == [
        "invite:sd-2027:0:email:novak",
        "invite:sdd-2027:0:email:kim",
        "invite:sdd-2027:0:email:novak",
    ]
    assert await rows_name_their_kind_and_meeting(runtime) == 10


@pytest.mark.slow
async def test_invitations_on_the_meetings_day_and_not_after(
    mail: tuple[Runtime, Mailbox, EmailOutbox], clock: FakeClock
) -> None:
    runtime, _, letters = mail
    deliveries = await deliveries_for(runtime, Dispatcher(runtime), RecordingOutbox(), mail=letters)
    clock.set(datetime(2027, 3, 15, 22, 59, tzinfo=UTC))  # the meeting's day in Brussels
    assert "invite:sdd-2027:0:email:kim" in (await deliveries.run_due()).sent
    clock.set(datetime(2027, 5, 20, 22, 0, tzinfo=UTC))  # the next day in Brussels
    assert "invite:sd-2027:0:email:kim" not in (await deliveries.run_due()).sent


@pytest.mark.slow
async def test_by_mail_an_addendum_answers_the_digest_and_a_stale_claim_is_resent_with_a_trace(
    mail: tuple[Runtime, Mailbox, EmailOutbox], clock: FakeClock
) -> None:
    runtime, mailbox, letters = mail
    chat = RecordingOutbox()
    deliveries = await deliveries_for(runtime, Dispatcher(runtime), chat, mail=letters)
    clock.set(DIGEST_AT)
    await deliveries.run_due()
    digest = "digest:sdd-2027:2027-03-15:email:park"
    await crash_after_send(runtime, digest, claimed_ago=STALE_CLAIM + SECOND)
    assert digest in (await deliveries.run_due()).sent
    assert (await row_of(runtime, digest)).doubt == (
        "its sender stopped between claiming and recording it, and the platform cannot tell whether it went out: "
        "this may be a second copy (with the same Message-ID, so mail clients can tell)"
    )
    clock.set(DIGEST_AT + timedelta(hours=1))
    update_id = await store_update(runtime, "rossi", "maritime", "on_track")
    report = await deliveries.run_due()
    key = f"addendum:sdd-2027:email:park:{update_id}-{update_id}"
    assert key in report.sent
    message = mailbox.to("jiwoo.park@mofa.example")[-1]
    assert str(message["Subject"]) == "Re: [LIMITE] Digest — Security and Defence Dialogue, 15 Mar 2027, Seoul"
    assert message["In-Reply-To"] == "<digest/sdd-2027/2027-03-15/email/park@partnership.example>"
    assert "Maritime Security" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    row = await row_of(runtime, key)
    assert (row.kind, row.meeting_id, row.recipient) == ("addendum", "sdd-2027", "email:park")
    assert ("mueller", f"addendum:sdd-2027:person:mueller:{update_id}-{update_id}") in chat.keys


@pytest.mark.slow
async def test_a_copy_of_the_digest_by_mail_is_its_own_delivery_tried_once(
    mail: tuple[Runtime, Mailbox, EmailOutbox], clock: FakeClock
) -> None:
    runtime, mailbox, letters = mail
    deliveries = await deliveries_for(runtime, Dispatcher(runtime), RecordingOutbox(), mail=letters)
    meeting = next(m for m, _ in await deliveries.schedules())
    kim = runtime.person("kim")
    assert kim is not None
    clock.set(datetime(2027, 3, 10, 8, 5, 7, tzinfo=UTC))
    row = await deliveries.send_copy(meeting, kim)
    assert (row.key, row.status, row.kind) == ("resend:sdd-2027:2027-03-15:email:kim:20270310T080507", "sent", "resend")
    assert "Security and Defence Dialogue" in str(mailbox.to("minjun.kim@mnd.example")[-1]["Subject"])
    with pytest.raises(LookupError, match="is already being sent"):
        await deliveries.send_copy(meeting, kim)
    mailbox.defer["minjun.kim@mnd.example"] = 1
    clock.advance(SECOND)
    row = await deliveries.send_copy(meeting, kim)  # tried once: the admin hears the outcome
    assert (row.status, row.next_attempt_at, row.meeting_id) == ("failed", None, "sdd-2027")


@pytest.mark.slow
async def test_by_mail_a_blocked_alert_answers_the_digest_gone_out_for_the_meeting_ahead(
    mail: tuple[Runtime, Mailbox, EmailOutbox], clock: FakeClock
) -> None:
    runtime, mailbox, letters = mail
    deliveries = await deliveries_for(runtime, Dispatcher(runtime), RecordingOutbox(), mail=letters)
    threads = []
    for at in (DIGEST_AT - timedelta(days=1), DIGEST_AT, MEETING_STARTS):  # before the digest, at it, at the meeting
        clock.set(at)
        await store_update(runtime, "lee", "cyber", "on_track")
        await store_update(runtime, "lee", "cyber", "blocked", "No counterpart")
        await deliveries.run_due()
        message = mailbox.to("jiwoo.park@mofa.example")[-1]
        assert str(message["Subject"]) == "[LIMITE] Blocked: Cyber issues"
        assert "Blocker: No counterpart" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        threads.append(message["In-Reply-To"])
    assert threads == [None, "<digest/sdd-2027/2027-03-15/email/park@partnership.example>", None]
    assert await rows_name_their_kind_and_meeting(runtime) > 10
