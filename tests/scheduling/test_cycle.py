"""A whole collection cycle with a fake clock: round opens per timezone → reminders → digest → late update
→ addendum."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.app.delivery import Deliveries
from bot.app.dispatcher import Dispatcher
from bot.app.outbox import Outboxes, RecordingOutbox
from bot.app.scheduler import Scheduler
from bot.clock import FakeClock
from bot.model import Platform
from bot.runtime import Runtime
from bot.workgroup import Person
from storage import repo
from tests.conftest import chat_as, make_runtime
from tests.scheduling.support import deliveries_for, expire_lease, texts


async def test_whole_cycle(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    clock.set(datetime(2027, 2, 21, 23, 0, tzinfo=UTC))
    assert (await deliveries.run_due()).sent == []

    # 09:30 in Seoul on the opening day (2027-02-22, 21 days before 15 March): only the leads in Seoul
    clock.set(datetime(2027, 2, 22, 0, 30, tzinfo=UTC))
    report = await deliveries.run_due()
    assert sorted(report.sent) == ["prompt:sdd-2027:choi", "prompt:sdd-2027:kim"]
    prompt = texts(outbox, "kim")[0]
    assert "The collection round for the Security and Defence Dialogue on 15 Mar 2027 in Seoul is open" in prompt
    assert "The chairs get the digest on 8 Mar 2027" in prompt
    assert "Update: International peace and crisis management" in prompt and "Overall status?" in prompt

    # 09:30 in Brussels: the European leads, and Lee, who has no timezone in the file or profile
    clock.set(datetime(2027, 2, 22, 8, 30, tzinfo=UTC))
    report = await deliveries.run_due()
    assert sorted(report.sent) == [
        "prompt:sdd-2027:jansen",
        "prompt:sdd-2027:lee",
        "prompt:sdd-2027:novak",
        "prompt:sdd-2027:rossi",
    ]

    # Kim answers the prompt's conversation for both his areas
    kim = chat_as(dispatcher, "kim")
    for answer in ("on track", "Staff talks held", "skip", "skip", "skip"):
        await kim.say(answer)
    assert "You also lead Maritime Security: update it now? yes / later" in await kim.say("save")
    assert "Update: Maritime Security" in await kim.say("yes")
    for answer in ("blocked", "Exercise dates unknown", "Need the EU navy calendar", "skip", "§14(b)"):
        await kim.say(answer)
    assert "Saved your update for Maritime Security" in await kim.say("save")
    assert "marked away" in await chat_as(dispatcher, "novak").say("away until 2027-03-10")

    # four days later: reminders to those still missing, not to Kim (answered) nor Novák (away)
    clock.set(datetime(2027, 2, 26, 8, 30, tzinfo=UTC))
    report = await deliveries.run_due()
    reminded = sorted(k.split(":")[2] for k in report.sent)
    assert reminded == ["choi", "jansen", "lee", "rossi"]
    reminder = texts(outbox, "rossi")[-1]
    assert "goes to the chairs in 10 days (8 Mar 2027)" in reminder
    assert "Maritime Security" in reminder and "Space security and defence" in reminder

    # nothing twice
    assert (await deliveries.run_due()).sent == []

    await chat_as(dispatcher, "rossi").say("cancel")
    await chat_as(dispatcher, "rossi").say("update space: at risk — first meeting slipped to May")

    # the digest, 7 days before, at 09:00 Brussels, to both chairs and the digest channel
    clock.set(datetime(2027, 3, 8, 8, 5, tzinfo=UTC))
    report = await deliveries.run_due()
    assert sorted(k for k in report.sent if k.startswith("digest")) == [
        "digest:sdd-2027:2027-03-15:channel:slack:C0DIGEST01",
        "digest:sdd-2027:2027-03-15:person:mueller",
        "digest:sdd-2027:2027-03-15:person:park",
    ]
    digest = texts(outbox, "mueller")[-1]
    assert "digest for the Security and Defence Dialogue" in digest and "15 Mar 2027, Seoul · in 7 days" in digest
    assert "🟢 on track 1 · 🟠 at risk 1 · 🔴 blocked 1 · ⚪ not started 0 · ✅ completed 0 · — no report 12" in digest
    attention = digest[digest.index("Needs attention") :]
    assert attention.index("Maritime Security") < attention.index("Space security")  # blocked before at risk
    assert (
        "🔴 blocked Maritime Security — Need the EU navy calendar (Kim Min-jun, 22 Feb 2027, 13 days ago)" in attention
    )
    assert "Sent late" not in digest
    assert "Cyber issues (§15–§16) — did not report: Petra Novák (away until 10 Mar 2027), Lee Seo-yeon" in digest
    assert "Did not report: Choi Hye-jin" in digest  # a reported area's co-lead who did not
    assert "Did not report: Petra Novák" not in digest
    assert outbox.channels and outbox.channels[0][0] == "C0DIGEST01"

    # an update after the digest: an addendum to the chairs before the meeting
    clock.advance(timedelta(hours=3))
    assert "Saved" in await chat_as(dispatcher, "choi").say("update FIMI: completed — joint statement issued")
    report = await deliveries.run_due()
    assert len([k for k in report.sent if k.startswith("addendum")]) == 3
    addendum = texts(outbox, "park")[-1]
    assert "Addendum to the digest for the Security and Defence Dialogue (15 Mar 2027)" in addendum
    assert "joint statement issued" in addendum
    assert (await deliveries.run_due()).sent == []

    # after the meeting nothing more is sent for it
    clock.set(datetime(2027, 3, 16, 9, 0, tzinfo=UTC))
    await chat_as(dispatcher, "jansen").say("update FIMI: on track — follow-up")
    assert (await deliveries.run_due()).sent == []


async def test_a_lead_of_three_areas_gets_one_prompt_and_is_asked_about_each(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    clock.set(datetime(2027, 2, 22, 8, 30, tzinfo=UTC))
    await deliveries.run_due()
    assert len(outbox.to("rossi")) == 1
    rossi = chat_as(dispatcher, "rossi")
    asked = []
    for _ in range(3):
        for answer in ("on track", "fine", "skip", "skip", "skip"):
            await rossi.say(answer)
        saved = await rossi.say("save")
        asked.append(await rossi.say("yes") if "update it now?" in saved else saved)
    assert "Update: Non-Proliferation" in asked[0]  # the areas come in document order
    assert "Update: Space security and defence" in asked[1]
    assert "Saved your update for Space security and defence" in asked[2]
    assert (await rossi.say("my areas")).startswith("You lead:\n  • Maritime Security")  # over: a question again


async def test_restart_while_the_digest_is_due_sends_it_late_with_a_note(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    # the bot was down from before the digest until two days after it was due
    clock.set(datetime(2027, 3, 10, 10, 0, tzinfo=UTC))
    restarted = await deliveries_for(make_runtime(runtime.settings.database_url, clock), dispatcher, outbox)
    report = await restarted.run_due()
    assert any(k.startswith("digest:sdd-2027") for k in report.sent)
    assert not any(k.startswith(("prompt", "reminder")) for k in report.sent)  # too late to collect
    assert "Sent late: this digest was due on 8 Mar 2027" in texts(outbox, "mueller")[-1]
    await restarted.runtime.close()


async def test_two_schedulers_on_one_database_send_one_digest(
    runtime: Runtime, dispatcher: Dispatcher, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    await runtime.database()
    clock.set(datetime(2027, 3, 8, 8, 30, tzinfo=UTC))
    other = make_runtime(runtime.settings.database_url, clock)
    first = await deliveries_for(runtime, dispatcher, outbox)
    second = await deliveries_for(other, Dispatcher(other), outbox)
    await asyncio.gather(first.run_due(), second.run_due(), first.run_due(), second.run_due())
    assert sorted(who for who, r in outbox.direct if r.intent == "digest") == ["mueller", "park"]
    assert len([c for c, r in outbox.channels if r.intent == "digest"]) == 1
    await other.close()


async def test_a_failed_send_is_retried(runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock) -> None:
    await runtime.database()
    failing = RecordingOutbox(fail_for={"park"})
    deliveries = await deliveries_for(runtime, dispatcher, failing)
    clock.set(datetime(2027, 3, 8, 8, 30, tzinfo=UTC))
    report = await deliveries.run_due()
    assert report.failed == ["digest:sdd-2027:2027-03-15:person:park"]
    failing.fail_for.clear()
    clock.advance(timedelta(minutes=1))
    report = await deliveries.run_due()
    assert report.sent == ["digest:sdd-2027:2027-03-15:person:park"]
    db = await runtime.database()
    async with db.session() as session:
        row = await repo.delivery(session, "digest:sdd-2027:2027-03-15:person:park")
    assert row is not None and (row.status, row.attempts) == ("sent", 2)


async def test_moved_meeting_moves_its_round_and_cancelled_meeting_cancels_it(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    chair = chat_as(dispatcher, "mueller")
    assert "Moved sdd-2027 from 15 Mar 2027 to 29 Mar 2027" in await chair.say("move sdd-2027 to 2027-03-29")
    clock.set(datetime(2027, 2, 22, 8, 30, tzinfo=UTC))
    assert (await deliveries.run_due()).sent == []  # the round now opens on 8 March
    clock.set(datetime(2027, 3, 8, 8, 30, tzinfo=UTC))
    report = await deliveries.run_due()
    assert "prompt:sdd-2027:rossi" in report.sent and not any(k.startswith("digest") for k in report.sent)
    assert "Cancel the Security and Defence Dialogue on 29 Mar 2027 in Seoul (id sdd-2027)?" in await chair.say(
        "cancel sdd-2027"
    )
    assert "Cancelled sdd-2027" in await chair.say("yes")
    clock.set(datetime(2027, 3, 22, 8, 30, tzinfo=UTC))
    assert (await deliveries.run_due()).sent == []
    assert "No upcoming meeting gets a digest" in await chair.say("digest preview")


async def test_meeting_added_late_opens_its_round_at_the_next_prompt_hour_of_each_lead(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    clock.set(datetime(2027, 3, 20, 3, 33, tzinfo=UTC))  # 04:33 in Brussels, 12:33 in Seoul
    reply = await chat_as(dispatcher, "park").say("schedule security and defence dialogue 2027-04-01 Brussels")
    assert "Scheduled Security and Defence Dialogue on 1 Apr 2027 in Brussels (id sdd-2027-2)." in reply
    assert "the round opens now" in reply
    assert not any(
        k.startswith("prompt:sdd-2027-2") for k in (await deliveries.run_due()).sent
    )  # nobody woken at 04:33
    clock.set(
        datetime(2027, 3, 20, 8, 0, tzinfo=UTC)
    )  # 09:00 in Brussels: the European leads (and Lee, on Brussels time)
    report = await deliveries.run_due()
    assert sorted(k for k in report.sent if k.startswith("prompt:sdd-2027-2")) == [
        "prompt:sdd-2027-2:jansen",
        "prompt:sdd-2027-2:lee",
        "prompt:sdd-2027-2:novak",
        "prompt:sdd-2027-2:rossi",
    ]
    clock.set(datetime(2027, 3, 21, 0, 0, tzinfo=UTC))  # 09:00 the next day in Seoul (it was past noon there)
    report = await deliveries.run_due()
    assert sorted(k for k in report.sent if k.startswith("prompt:sdd-2027-2")) == [
        "prompt:sdd-2027-2:choi",
        "prompt:sdd-2027-2:kim",
    ]
    assert not any(k.startswith("digest") for k in report.sent)
    clock.set(datetime(2027, 3, 26, 10, 0, tzinfo=UTC))  # half the 12 days left
    report = await deliveries.run_due()
    assert any(k.startswith("digest:sdd-2027-2") for k in report.sent)


async def test_only_chairs_and_admins_change_meetings_and_meetings_are_listed(dispatcher: Dispatcher) -> None:
    assert "Only chairs and admins" in await chat_as(dispatcher, "kim").say("cancel sdd-2027")
    listing = await chat_as(dispatcher, "kim").say("meetings")
    assert "Security and Defence Dialogue — 15 Mar 2027, Seoul (in 42 days) · id sdd-2027" in listing
    assert "Strategic Dialogue — 20 May 2027, Brussels" in listing
    assert "sdd-2026" not in listing
    assert (
        "The next Security and Defence Dialogue is on 15 Mar 2027 in Seoul, in 42 days.\n"
        "(Collection round opens: 22 Feb 2027 · Digest to the chairs: 8 Mar 2027)"
    ) == await chat_as(dispatcher, "kim").say("when is the next dialogue?")
    unknown = await chat_as(dispatcher, "mueller").say("schedule tea party 2027-06-01")
    assert "I know no meeting kind “tea party”" in unknown and "maritime-security-dialogue" in unknown


async def test_digest_preview_for_chairs_only(dispatcher: Dispatcher) -> None:
    refused = await chat_as(dispatcher, "kim").say("digest preview")
    assert refused.startswith("The digest is for the chairs. Where every area stands:\nStatus by area")
    assert "Needs attention" not in refused
    preview = await chat_as(dispatcher, "mueller").say("digest preview")
    assert "Needs attention" in preview
    assert "no reported activity" not in preview and "No report this period (15)" in preview
    assert "Approaches to resilience of critical infrastructure (§23) — no lead assigned" in preview


async def test_the_scheduler_holds_a_lease_and_plans_named_jobs(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    other = make_runtime(runtime.settings.database_url, clock)
    first = Scheduler(runtime, Outboxes([RecordingOutbox()]), dispatcher.engine)
    second = Scheduler(other, Outboxes([RecordingOutbox()]), Dispatcher(other).engine)
    assert await first.hold_lease() is True
    assert await second.hold_lease() is False
    await expire_lease(runtime)  # the first instance died: its lease runs out (on the database's clock)
    assert await second.hold_lease() is True
    assert await first.hold_lease() is False
    second.apscheduler.start(paused=True)
    await second.replan()
    jobs = {job.id: job.trigger.run_date for job in second.apscheduler.get_jobs()}
    assert jobs["sdd-2027:digest"] == datetime(2027, 3, 8, 8, 0, tzinfo=UTC)
    assert jobs["sdd-2027:prompt:kim"] == datetime(2027, 2, 22, 0, 0, tzinfo=UTC)  # 09:00 Seoul
    assert jobs["sdd-2027:prompt:rossi"] == datetime(2027, 2, 22, 8, 0, tzinfo=UTC)  # 09:00 Brussels
    await chat_as(dispatcher, "mueller").say("cancel sdd-2027")
    await chat_as(dispatcher, "mueller").say("yes")
    await second.replan()
    assert not any(job.id.startswith("sdd-2027:") for job in second.apscheduler.get_jobs())
    second.apscheduler.shutdown(wait=False)
    await other.close()


async def test_a_moved_meeting_moves_every_planned_prompt_reminder_and_digest(
    runtime: Runtime, dispatcher: Dispatcher
) -> None:
    scheduler = Scheduler(runtime, Outboxes([RecordingOutbox()]), dispatcher.engine)
    scheduler.apscheduler.start(paused=True)

    async def planned() -> tuple[dict[str, datetime], dict[str, datetime]]:
        """(every delivery of the round by key, the jobs set for them by name)."""
        schedules = await scheduler.deliveries.schedules()
        await scheduler.replan(schedules)
        items = {d.key: d.at for m, s in schedules if m.id == "sdd-2027" for d in s.items}
        jobs = {j.id: j.trigger.run_date for j in scheduler.apscheduler.get_jobs() if j.id.startswith("sdd-2027:")}
        return items, jobs

    try:
        assert await scheduler.hold_lease() is True
        before, jobs_before = await planned()
        moved = await chat_as(dispatcher, "mueller").say("move sdd-2027 to 2027-03-29")
        assert "Moved sdd-2027 from 15 Mar 2027 to 29 Mar 2027" in moved
        after, jobs_after = await planned()
    finally:
        scheduler.apscheduler.shutdown(wait=False)
    assert {key.split(":")[0] for key in before} == {"prompt", "reminder", "digest"}
    # the same people prompted and reminded, the same digest, each two weeks later (all of them before Brussels
    # changes its clocks on 28 March); reminder and digest keys name their day, so the key moves with it
    assert sorted((_undated(key), at + timedelta(days=14)) for key, at in before.items()) == sorted(
        (_undated(key), at) for key, at in after.items()
    )
    # the jobs follow: the digest's, and each lead's next delivery (their prompt), two weeks later
    assert sorted((_undated(name), at + timedelta(days=14)) for name, at in jobs_before.items()) == sorted(
        (_undated(name), at) for name, at in jobs_after.items()
    )
    assert jobs_after["sdd-2027:digest"] == datetime(2027, 3, 22, 8, 0, tzinfo=UTC)
    assert jobs_after["sdd-2027:prompt:kim"] == datetime(2027, 3, 8, 0, 0, tzinfo=UTC)  # 09:00 in Seoul


def _undated(job_id: str) -> str:
    """A job's name or a key without the day a reminder's or a digest's carries (`sdd-2027:reminder:kim:20270312`,
    `reminder:sdd-2027:kim:2027-03-12`, `digest:sdd-2027:2027-03-15`)."""
    head, _, last = job_id.rpartition(":")
    return head if last.replace("-", "").isdigit() else job_id


class ProfileOutbox(RecordingOutbox):
    """A platform whose profiles say where people are, as Slack's users.info does."""

    platform = Platform.SLACK

    async def profile_timezone(self, person: Person) -> str | None:
        return "Asia/Seoul" if person.id == "lee" else None


async def test_a_lead_without_a_timezone_in_the_file_is_prompted_in_their_profile_timezone(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    await runtime.database()
    outbox = ProfileOutbox()
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    await deliveries.refresh_profile_timezones()
    clock.set(datetime(2027, 2, 22, 0, 30, tzinfo=UTC))  # 09:30 in Seoul, 01:30 in Brussels
    report = await deliveries.run_due()
    assert sorted(report.sent) == ["prompt:sdd-2027:choi", "prompt:sdd-2027:kim", "prompt:sdd-2027:lee"]


async def test_old_de_duplication_claims_are_pruned_hourly_and_recent_ones_kept(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    database = await runtime.database()
    old, recent = clock.now() - timedelta(days=2), clock.now() - timedelta(hours=2)
    assert await database.inbound.claim("slack", "Ev-old", old)
    assert await database.inbound.claim("slack", "Ev-recent", recent)
    scheduler = Scheduler(runtime, Outboxes([RecordingOutbox()]), dispatcher.engine)
    await scheduler.prune_inbound()
    assert not await database.inbound.claim("slack", "Ev-recent", clock.now())  # still a duplicate: kept
    assert await database.inbound.claim("slack", "Ev-old", clock.now())  # forgotten: the table does not grow for ever
    clock.advance(timedelta(days=2))
    await scheduler.prune_inbound()  # an hour has passed since the last pruning: everything a day old goes
    async with database.session() as session:
        assert await repo.prune_inbound(session, clock.now() - timedelta(days=1)) == 0
