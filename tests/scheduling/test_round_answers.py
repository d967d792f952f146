"""A lead's answers to a round on a fake clock: a snoozed prompt comes again at the next prompt hour in the
lead's timezone, a declined round brings no reminder and shows in the digest, and a reminder names what is
still missing, down to the questions of an update left half-way."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.app.delivery import Deliveries
from bot.app.dispatcher import Dispatcher
from bot.app.outbox import Outboxes, RecordingOutbox
from bot.app.scheduler import Scheduler
from bot.clock import FakeClock
from bot.planning import MeetingSlot, plan
from bot.runtime import Runtime
from bot.workgroup import load_workgroup
from storage.models import AuditRow
from tests.conftest import EXAMPLE_CONFIG, chat_as
from tests.scheduling.support import texts

ROUND_OPENS_SEOUL = datetime(2027, 2, 22, 0, 30, tzinfo=UTC)  # 09:30 in Seoul on the round's first day
ROUND_OPENS_BRUSSELS = datetime(2027, 2, 22, 8, 30, tzinfo=UTC)
FIRST_REMINDERS = datetime(2027, 2, 26, 8, 30, tzinfo=UTC)  # four days later, after 09:00 in both cities


async def sent_to(deliveries: Deliveries, person_id: str) -> list[str]:
    """The keys of what one run sends to one person."""
    return [key for key in (await deliveries.run_due()).sent if key.split(":")[2] == person_id]


async def test_a_snoozed_prompt_comes_again_at_the_next_prompt_hour_of_the_lead(
    dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    clock.set(ROUND_OPENS_SEOUL)
    assert await sent_to(deliveries, "kim") == ["prompt:sdd-2027:kim"]
    assert "I will ask you again tomorrow at 09:00 your time" in await chat_as(dispatcher, "kim").say(
        "remind me tomorrow"
    )
    clock.set(datetime(2027, 2, 22, 23, 59, tzinfo=UTC))  # 08:59 in Seoul
    assert await sent_to(deliveries, "kim") == []
    clock.set(datetime(2027, 2, 23, 0, 0, tzinfo=UTC))  # 09:00 in Seoul
    assert await sent_to(deliveries, "kim") == ["prompt:sdd-2027:kim:2027-02-23T00:00"]
    again = texts(outbox, "kim")[-1]
    assert "The collection round for the Security and Defence Dialogue" in again and "Overall status?" in again
    assert await sent_to(deliveries, "kim") == []  # once


async def test_remind_me_said_with_no_update_open_puts_the_prompt_off_as_later_does(
    dispatcher: Dispatcher, deliveries: Deliveries, clock: FakeClock
) -> None:
    """With the round's update cancelled, "can you remind me tomorrow?" was Kim's refusal to remind anyone
    ("Only chairs and admins send reminders"), and "remind me tomorrow" the help."""
    before = await chat_as(dispatcher, "kim").say("remind me on monday")
    assert before.startswith("Fine. The round for the Security and Defence Dialogue opens on 22 Feb 2027")
    clock.set(ROUND_OPENS_SEOUL)
    assert await sent_to(deliveries, "kim") == ["prompt:sdd-2027:kim"]
    kim = chat_as(dispatcher, "kim")
    assert "Cancelled" in await kim.say("cancel")
    assert "I will ask you again tomorrow at 09:00 your time" in await kim.say("can you remind me tomorrow?")
    clock.set(datetime(2027, 2, 23, 0, 0, tzinfo=UTC))  # 09:00 in Seoul
    assert await sent_to(deliveries, "kim") == ["prompt:sdd-2027:kim:2027-02-23T00:00"]
    assert "Only leads are asked for updates" in await chat_as(dispatcher, "schmidt").say("remind me tomorrow")


async def test_an_update_put_off_to_a_day_is_asked_for_that_day(
    dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    """ "I'll send my update on friday" began the update at once; "remind me on friday" asked again the next
    morning."""
    clock.set(ROUND_OPENS_SEOUL)  # Monday
    assert await sent_to(deliveries, "kim") == ["prompt:sdd-2027:kim"]
    kim = chat_as(dispatcher, "kim")
    assert "Cancelled" in await kim.say("cancel")
    answer = await kim.say("I'll send my update on friday")
    assert "I will ask you again on 26 Feb 2027 at 09:00 your time" in answer, answer
    clock.set(datetime(2027, 2, 25, 0, 0, tzinfo=UTC))  # Thursday, 09:00 in Seoul
    assert await sent_to(deliveries, "kim") == []
    clock.set(datetime(2027, 2, 26, 0, 0, tzinfo=UTC))  # Friday, 09:00 in Seoul
    assert await sent_to(deliveries, "kim") == ["prompt:sdd-2027:kim:2027-02-26T00:00"]
    assert "Overall status?" in texts(outbox, "kim")[-1]


async def test_a_snoozed_prompt_asks_only_about_the_areas_still_missing(
    dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    clock.set(ROUND_OPENS_SEOUL)
    await deliveries.run_due()
    kim = chat_as(dispatcher, "kim")
    await kim.say("later")
    await kim.say("update crisis management: on track — staff talks held")
    clock.set(datetime(2027, 2, 23, 0, 0, tzinfo=UTC))
    await deliveries.run_due()
    again = texts(outbox, "kim")[-1]
    assert "Update: Maritime Security" in again and "crisis management" not in again


async def test_a_declined_round_brings_no_reminder_and_the_digest_shows_why(
    dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    clock.set(ROUND_OPENS_BRUSSELS)
    await deliveries.run_due()
    novak = chat_as(dispatcher, "novak")
    await novak.say("skip this round")
    assert "Noted" in await novak.say("parental leave; Lee reports for cyber and hybrid")
    clock.set(FIRST_REMINDERS)
    reminded = sorted(key.split(":")[2] for key in (await deliveries.run_due()).sent if key.startswith("reminder"))
    assert "novak" not in reminded and "lee" in reminded
    clock.set(datetime(2027, 3, 8, 8, 5, tzinfo=UTC))
    await deliveries.run_due()
    digest = texts(outbox, "mueller")[-1]
    assert (
        digest.count("Petra Novák declined: parental leave; Lee reports for cyber and hybrid") == 3
    )  # cyber, hybrid, WPS


async def test_a_reminder_names_what_is_still_missing(
    dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    clock.set(ROUND_OPENS_BRUSSELS)
    await deliveries.run_due()
    clock.set(datetime(2027, 2, 25, 14, 0, tzinfo=UTC))
    rossi = chat_as(dispatcher, "rossi")  # leads maritime, space and non-proliferation; stops half-way through maritime
    await rossi.say("update maritime")
    await rossi.say("on track")
    await rossi.say("Exercise plan agreed")
    clock.set(FIRST_REMINDERS)
    await deliveries.run_due()
    reminder = texts(outbox, "rossi")[-1]
    assert "Your update is still missing for: Maritime Security" in reminder
    assert (
        "You began your update of Maritime Security; still to answer: blockers, next steps, paragraphs. "
        "Your next answer continues it."
    ) in reminder


def test_plan_prompts_again_at_a_snoozed_instant_only_while_the_round_is_open() -> None:
    workgroup = load_workgroup(EXAMPLE_CONFIG)
    meeting = MeetingSlot("sdd-2027", date(2027, 3, 15), datetime(2027, 1, 1, tzinfo=UTC))
    before_round, in_round = datetime(2027, 2, 2, 0, 0, tzinfo=UTC), datetime(2027, 2, 23, 0, 0, tzinfo=UTC)
    schedule = plan(
        meeting,
        {"kim": "Asia/Seoul"},
        workgroup.collection,
        workgroup.digest,
        "Europe/Brussels",
        {"kim": [before_round, in_round]},
    )
    prompts = [(item.key, item.at) for item in schedule.items if item.kind == "prompt"]
    assert prompts == [
        ("prompt:sdd-2027:kim", datetime(2027, 2, 22, 0, 0, tzinfo=UTC)),
        ("prompt:sdd-2027:kim:2027-02-23T00:00", in_round),
    ]


async def test_the_scheduler_wakes_for_a_snoozed_prompt(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, clock: FakeClock
) -> None:
    clock.set(ROUND_OPENS_SEOUL)
    await deliveries.run_due()
    await chat_as(dispatcher, "kim").say("later")  # 09:30 in Seoul: the next prompt hour is tomorrow's
    scheduler = Scheduler(runtime, Outboxes([RecordingOutbox()]), dispatcher.engine)
    scheduler.apscheduler.start(paused=True)
    try:
        await scheduler.replan()
        jobs = {job.id: job.trigger.run_date for job in scheduler.apscheduler.get_jobs()}
        assert jobs["sdd-2027:prompt:kim:20270223T0000"] == datetime(2027, 2, 23, 0, 0, tzinfo=UTC)
        assert "sdd-2027:prompt:rossi" in jobs  # the round's own prompts keep their names
    finally:
        scheduler.apscheduler.shutdown(wait=False)


async def test_a_chairs_reminder_sends_the_prompt_again_to_whoever_has_not_reported(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, outbox: RecordingOutbox, clock: FakeClock
) -> None:
    """ "remind rossi", "chase the leads who haven't reported" were a search of the text and Rossi's profile: the
    round's prompt goes again, through the scheduler, to the leads with areas missing; who reported, skipped the
    round or is away is said, not asked."""
    chair = chat_as(dispatcher, "mueller")
    assert (await chair.say("remind rossi")).startswith(
        "The round for the Security and Defence Dialogue opens on 22 Feb 2027: every lead is asked then."
    )
    clock.set(ROUND_OPENS_BRUSSELS)
    await deliveries.run_due()
    kim = chat_as(dispatcher, "kim")
    await kim.say("cancel")  # the round's prompt opened an update: the one-line ones are given instead
    assert "Saved" in await kim.say("update maritime: on track — port call held")
    assert "Saved" in await kim.say("update crisis management: on track — staff talks held")
    novak = chat_as(dispatcher, "novak")
    await novak.say("skip this round")
    await novak.say("parental leave")
    await chat_as(dispatcher, "jansen").say("away until 2027-03-01")
    assert await chair.say("remind kim") == "Kim Min-jun has reported on all their areas this round."
    assert (await chat_as(dispatcher, "schmidt").say("remind rossi")).startswith(
        "Only chairs and admins send reminders"
    )
    everyone = await chair.say("chase the leads who haven't reported")
    assert everyone.startswith("Reminders for the Security and Defence Dialogue")
    assert "Marco Rossi — asked again now: Maritime Security" in everyone
    assert "Petra Novák — skipped this round (parental leave), so is not asked again" in everyone
    assert "Pieter Jansen — is away, so is not asked until back" in everyone
    assert "Choi Hye-jin — asked again now" in everyone  # 17:30 in Seoul
    assert "Kim Min-jun" not in everyone
    cyber = await chair.say("nudge the cyber leads")
    assert "Lee Seo-yeon — asked again now" in cyber and "Petra Novák — skipped" in cyber
    assert "Marco Rossi" not in cyber and "Choi Hye-jin" not in cyber
    sent = sorted(key for key in (await deliveries.run_due()).sent if key.startswith("prompt"))
    assert sent == [f"prompt:sdd-2027:{lead}:2027-02-22T08:30" for lead in ("choi", "lee", "rossi")]
    assert "Update: Maritime Security" in texts(outbox, "rossi")[-1]
    assert (await deliveries.run_due()).sent == []  # once
    clock.set(datetime(2027, 2, 22, 14, 0, tzinfo=UTC))  # 23:00 in Seoul
    assert await chair.say("remind choi") == (
        "Choi Hye-jin: asked again at 09:00 their time, 23 Feb 2027: Strategic Communications and countering Foreign "
        "Information Manipulation and Interference; "
        "Space security and defence; Women, Peace and Security."
    )
    db = await runtime.database()
    async with db.session() as session:
        actors = set(await session.scalars(select(AuditRow.actor).where(AuditRow.action == "round.nudged")))
    assert actors == {"mueller"}
    assert (await chair.say("remind schmidt")).endswith("leads no area: there is nothing to remind them of.")
    clock.set(datetime(2027, 3, 8, 9, 0, tzinfo=UTC))  # the digest has gone
    assert (await chair.say("remind rossi")).endswith("has gone to the chairs: this round collects no more.")
    clock.set(datetime(2027, 3, 20, 9, 0, tzinfo=UTC))  # after the Dialogue: no round until one is scheduled
    assert await chair.say("remind rossi") == "No collection round is open now: there is nothing to remind anyone of."


async def test_a_reminder_before_a_leads_own_first_prompt_says_when_that_comes(
    dispatcher: Dispatcher, deliveries: Deliveries, clock: FakeClock
) -> None:
    """At 09:30 in Seoul the round is open for Kim and not yet for Rossi (01:30 in Brussels): a reminder to Rossi
    would come before his first prompt, which the scheduler would never send; the chair is told when he is asked."""
    clock.set(ROUND_OPENS_SEOUL)
    await deliveries.run_due()
    chair = chat_as(dispatcher, "mueller")
    assert (await chair.say("remind rossi")).startswith(
        "Marco Rossi: is first asked at 09:00 their time, 22 Feb 2027, as the round opens: Maritime Security"
    )
    assert (await chair.say("remind kim")).startswith("Kim Min-jun: asked again now:")
    assert sorted(key for key in (await deliveries.run_due()).sent if key.startswith("prompt")) == [
        "prompt:sdd-2027:kim:2027-02-22T00:30"
    ]


async def test_what_the_round_has_sent_the_leads_is_told_to_the_chairs(
    runtime: Runtime, dispatcher: Dispatcher, deliveries: Deliveries, clock: FakeClock
) -> None:
    """ "has kim been reminded?" listed who has not reported; "how many reminders went out?" quoted §4 on “out”."""
    chair = chat_as(dispatcher, "mueller")
    assert await chair.say("has kim been reminded?") == (
        "Nothing has been sent yet for the Security and Defence Dialogue: its round opens on 22 Feb 2027."
    )
    clock.set(ROUND_OPENS_BRUSSELS)
    await deliveries.run_due()
    clock.set(FIRST_REMINDERS)
    await deliveries.run_due()
    kim = await chair.say("has kim been reminded?")
    assert kim == (
        "Sent for the Security and Defence Dialogue so far:\n  • Kim Min-jun: asked 1 time, reminded 1 time, "
        "last on 26 Feb 2027"
    )
    everyone = await chair.say("how many reminders went out?")
    assert "Marco Rossi: asked 1 time, reminded 1 time, last on 26 Feb 2027" in everyone
    assert "Only chairs and admins see what the round has sent the leads" in await chat_as(dispatcher, "kim").say(
        "how many reminders went out?"
    )
