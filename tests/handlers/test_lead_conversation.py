"""The lead's conversation as leads expect it: asked before the next area, side questions answered and the
question asked again, where they were after a restart, `back` that shows the answer, `no change`,
`later`, `skip this round`, the co-lead's latest update. Driven through the console on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from bot.runtime import Runtime
from tests.conftest import MARITIME, chat_as, make_runtime
from tests.handlers.support import give_update, round_conversation, round_responses
from tests.handlers.test_update_conversation import stored

CRISIS = (
    "International peace and crisis management, including peacekeeping operations and CSDP "
    "(Common Security and Defence Policy) missions and operations"
)


async def test_after_saving_one_area_the_lead_is_asked_before_the_next(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    kim = chat_as(dispatcher, "kim")
    assert f"Update: {CRISIS}" in await round_conversation(runtime, dispatcher, "kim")
    saved = await give_update(kim, "on track", "Staff talks held")
    assert "Saved your update for International peace" in saved
    assert "You also lead Maritime Security: update it now? yes / later" in saved
    assert "Overall status?" not in saved  # not taken into the next area unasked
    assert "Say “update” when you want to give Maritime Security." in await kim.say("later")
    assert "§14" in await kim.say("what does §14 commit to")  # the conversation is over
    assert [row.person_id for row in await stored(runtime)] == []  # nothing saved for maritime

    await round_conversation(runtime, dispatcher, "kim")
    await give_update(kim, "on track", "Staff talks held again")
    assert f"Update: {MARITIME}" in await kim.say("yes")


async def test_update_of_one_area_updates_that_area_only(dispatcher: Dispatcher, runtime: Runtime) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    saved = await give_update(kim, "on track", "Port call agreed")
    assert "Saved your update for Maritime Security" in saved and "You also lead" not in saved
    assert "§14" in await kim.say("what does §14 commit to")


async def test_what_the_co_lead_reported_is_their_updates_in_the_middle_of_ones_own(dispatcher: Dispatcher) -> None:
    """ "what did rossi report?" said the text does not mention “rossi”, then quoted §6(c) and §40 on "report"."""
    await chat_as(dispatcher, "rossi").say("update maritime: blocked — security clearance pending")
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    answer = await kim.say("what did rossi report?")
    assert answer.startswith("Marco Rossi (EU) — lead") and "does not mention" not in answer and "§40" not in answer
    # what he wrote, before the update's question is asked again (which quotes his report too)
    assert (
        answer.index("Maritime Security\n  • 🔴 blocked — Marco Rossi, 1 Feb 2027")
        < answer.index("Blockers: security clearance pending")
        < answer.index("Back to your update for Maritime Security:")
    )


async def test_a_side_question_is_answered_and_the_pending_question_asked_again(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    answer = await kim.say("what is FIMI")
    assert "FIMI stands for foreign information manipulation and interference" in answer
    assert (
        answer.index("FIMI stands for")
        < answer.index("Back to your update for Maritime Security:")
        < answer.index("Overall status?")
    )
    await kim.say("on track")
    # at a question that takes free text, the question is not taken for the answer either
    answer = await kim.say("what is FIMI")
    assert (
        "FIMI stands for foreign information manipulation and interference" in answer
        and "What progressed since your last update?" in answer
    )
    assert "Any blockers" in await kim.say("Port call agreed")
    await kim.say("skip")
    await kim.say("skip")
    summary = await kim.say("skip")
    assert "Progress: Port call agreed" in summary


async def test_after_a_restart_the_first_reply_says_where_the_lead_is(database_url: str, clock: FakeClock) -> None:
    first = make_runtime(database_url, clock)
    try:
        kim = chat_as(Dispatcher(first), "kim")
        await kim.say("update maritime")
        await kim.say("on track")
        await kim.say("Port call agreed")
    finally:
        await first.close()
    clock.advance(timedelta(minutes=5))
    restarted = make_runtime(database_url, clock)
    try:
        kim = chat_as(Dispatcher(restarted), "kim")
        resumed = await kim.say("none")
        assert resumed.startswith("(You were updating Maritime Security; next: blockers.)")
        assert "Next steps before the next Dialogue?" in resumed
        assert "You were updating" not in await kim.say("skip")  # said once
    finally:
        await restarted.close()


async def test_back_shows_the_earlier_answer_and_keeps_it_unless_replaced(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    await kim.say("on track")
    await kim.say("Port call in Busan agreed")
    back = await kim.say("back")
    assert (
        "What progressed" in back
        and "Your answer: Port call in Busan agreed — send a new one to replace it, or “keep”." in back
    )
    assert "Any blockers" in await kim.say("keep")
    assert "Your answer: on track" in await kim.say("back") + await kim.say("back")
    await kim.say("keep")
    await kim.say("keep")
    await kim.say("skip")
    await kim.say("skip")
    summary = await kim.say("skip")
    assert "Status: on track" in summary and "Progress: Port call in Busan agreed" in summary


async def test_an_edit_that_changes_nothing_says_so(dispatcher: Dispatcher, runtime: Runtime) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: on track — port call agreed")
    await kim.say("edit")
    reply = await kim.say("save")
    assert reply == f"Nothing changed: your update for {MARITIME} stays as it was."
    (row,) = await stored(runtime)
    assert row.edited_at is None


async def test_a_lead_changes_the_status_of_the_last_update_in_words(dispatcher: Dispatcher, runtime: Runtime) -> None:
    """ "actually the port call is back on for december, change status to on track" was a search of the text, and
    "what did I just report?" quoted §6(c) and §40 on reporting."""
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: at risk — port call in Busan slipped")
    shown = await kim.say("what did I just report?")
    assert shown.startswith("Your last update for Maritime Security") and "Status: at risk" in shown
    summary = await kim.say("actually the port call is back on for december, change status to on track")
    assert (
        "Status: on track" in summary
        and "(Save it, edit one field, cancel (it stays as it was), or withdraw it.)" in summary
    )
    assert "Its blockers still read “port call in Busan slipped”: choose Edit if that no longer holds." in summary
    (row,) = await stored(runtime)
    assert row.status == "at_risk"  # nothing is saved before the lead says so
    assert "Edited your update" in await kim.say("save")
    (row,) = await stored(runtime)
    assert row.status == "on_track"


async def test_a_status_that_needs_a_reason_asks_for_it_before_saving(dispatcher: Dispatcher, runtime: Runtime) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: on track")
    asked = await kim.say("wait, edit it — it's blocked not on track")
    assert asked.startswith("What makes it blocked? The chairs need the reason")
    assert "“keep”" not in asked  # no earlier reason to keep
    summary = await kim.say("waiting for the ministry's sign-off")
    assert "Status: blocked" in summary and "Blockers: waiting for the ministry's sign-off" in summary
    await kim.say("save")
    (row,) = await stored(runtime)
    assert (row.status, row.blockers) == ("blocked", "waiting for the ministry's sign-off")


async def test_no_change_repeats_the_previous_update_dated_today_once_confirmed(
    dispatcher: Dispatcher, runtime: Runtime, clock: FakeClock
) -> None:
    kim = chat_as(dispatcher, "kim")
    assert (
        "You have no earlier update of Maritime Security to repeat"
        in (await kim.say("update maritime"), await kim.say("no change"))[1]
    )
    await kim.say("cancel")
    await kim.say("update maritime: at risk — exercise dates slipping")
    clock.advance(timedelta(days=3))
    await kim.say("update maritime")
    summary = await kim.say("no change")
    assert "Status: at risk" in summary and "Blockers: exercise dates slipping" in summary
    assert "The same as your update of 1 Feb 2027: saving stores it again, dated today." in summary
    assert "Saved your update" in await kim.say("save")
    newest, older = await stored(runtime)
    assert (newest.status, newest.blockers, newest.created_at) == ("at_risk", "exercise dates slipping", clock.now())
    assert older.created_at == clock.now() - timedelta(days=3)


async def test_no_change_said_of_an_area_in_one_message_repeats_its_update(
    dispatcher: Dispatcher, runtime: Runtime, clock: FakeClock
) -> None:
    """ "maritime: no change" searched the text, "nothing new on maritime" gave its status, "update maritime: no
    change" said to start with a status: each opens the update at its summary, the previous one repeated."""
    kim = chat_as(dispatcher, "kim")
    first = await kim.say("maritime: no change")
    assert first.startswith("You have no earlier update of Maritime Security to repeat") and "Overall status?" in first
    await kim.say("cancel")
    await kim.say("update maritime: at risk — exercise dates slipping")
    for said in ("maritime: no change", "nothing new on maritime", "update maritime: no change"):
        clock.advance(timedelta(days=1))
        summary = await kim.say(said)
        assert "Status: at risk" in summary and "saving stores it again, dated today." in summary
        assert "Saved your update" in await kim.say("save")
    assert [row.status for row in await stored(runtime)] == ["at_risk"] * 4
    told = await kim.say("maritime is blocked, no change in the dates")  # a status told: not the last one repeated
    assert "From your message: Status: blocked · Blockers: no change in the dates" in told


async def test_the_co_leads_latest_update_is_shown_at_the_start(dispatcher: Dispatcher, clock: FakeClock) -> None:
    await chat_as(dispatcher, "rossi").say("update maritime: on track — exercise plan agreed with the ROK Navy")
    clock.advance(timedelta(days=1))
    first = await chat_as(dispatcher, "kim").say("update maritime")
    assert "Marco Rossi reported on track on 1 Feb 2027: exercise plan agreed with the ROK Navy" in first
    assert first.index("Marco Rossi reported") < first.index("Overall status?")


async def test_later_snoozes_the_round_to_the_next_prompt_hour(
    dispatcher: Dispatcher, runtime: Runtime, clock: FakeClock
) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    # before the round opens there is nothing to snooze: its own prompt will come
    assert (
        "The round for the Security and Defence Dialogue opens on 22 Feb 2027: I will ask you then."
        in await kim.say("later")
    )
    clock.set(datetime(2027, 2, 22, 8, 0, tzinfo=UTC))  # the round is open; 17:00 in Seoul
    await kim.say("update maritime")
    reply = await kim.say("later")
    assert "I will ask you again tomorrow at 09:00 your time, for the Security and Defence Dialogue." in reply
    assert "The chairs get the digest on 8 Mar 2027." in reply
    assert "§14" in await kim.say("what does §14 commit to")  # the conversation is over, nothing saved
    await kim.say("update maritime")
    for answer in ("on track", "Port call agreed", "skip", "skip", "skip"):
        await kim.say(answer)
    assert "Answer save, edit or cancel." in await kim.say(
        "later"
    )  # at the summary: not a snooze that drops the answers
    await kim.say("cancel")
    clock.set(
        datetime(2027, 3, 8, 1, 0, tzinfo=UTC)
    )  # 10:00 in Seoul: tomorrow 09:00 is after the digest (09:00 in Brussels)
    await kim.say("update maritime")
    assert (
        "The digest for the Security and Defence Dialogue goes to the chairs on 8 Mar 2027, before then"
        in await kim.say("remind me tomorrow")
    )
    assert await round_responses(runtime) == [("kim", "snoozed", "")]
    assert await stored(runtime) == []


async def test_skip_this_round_needs_a_one_line_reason_which_the_digest_shows(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    kim = chat_as(dispatcher, "kim")
    await round_conversation(runtime, dispatcher, "kim")
    assert "In one line, why do you skip this round?" in await kim.say("skip this round")
    assert "A reason is needed" in await kim.say("skip")
    reply = await kim.say("on mission in Djibouti; Rossi reports for maritime")
    assert "Noted: you skip the round for the Security and Defence Dialogue (15 Mar 2027)." in reply
    assert await round_responses(runtime) == [("kim", "declined", "on mission in Djibouti; Rossi reports for maritime")]
    digest = await chat_as(dispatcher, "mueller").say("digest preview")
    assert (
        digest.count("Kim Min-jun declined: on mission in Djibouti; Rossi reports for maritime") == 2
    )  # his two areas
    assert "Did not report: Kim Min-jun" not in digest and "Did not report: Marco Rossi, Kim Min-jun" not in digest


async def test_skipping_the_round_with_no_update_open_asks_the_reason_or_takes_the_one_said(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    """ "skip this round" and "I can't report this round, I'm travelling" were searches of the text (§6(c) on
    “report”): with no update open they decline the round as inside one."""
    kim, rossi = chat_as(dispatcher, "kim"), chat_as(dispatcher, "rossi")
    assert "In one line, why do you skip this round?" in await kim.say("skip this round")
    assert "Noted: you skip the round for the Security and Defence Dialogue (15 Mar 2027)." in await kim.say(
        "on mission in Djibouti"
    )
    reply = await rossi.say("I can't report this round, I'm travelling")
    assert "The chairs will read “declined: I'm travelling” for the areas you lead" in reply
    assert await round_responses(runtime) == [
        ("kim", "declined", "on mission in Djibouti"),
        ("rossi", "declined", "I'm travelling"),
    ]
    digest = await chat_as(dispatcher, "mueller").say("digest preview")
    assert "Marco Rossi declined: I'm travelling" in digest
    assert "Only leads are asked for updates: there is no round for you to skip." in await chat_as(
        dispatcher, "schmidt"
    ).say("skip this round")
    assert len(await round_responses(runtime)) == 2


async def test_my_areas_name_who_leads_each_with_me(dispatcher: Dispatcher) -> None:
    """ "who is my co-lead?" listed every area's leads."""
    answer = await chat_as(dispatcher, "kim").say("who is my co-lead?")
    assert answer.startswith("You lead:")
    assert (
        "Maritime Security, including operations, exercises and capacity-building for third countries (with "
        "Marco Rossi (EU)) — no update from you yet" in answer
    )


async def test_stop_reminding_me_says_what_is_sent_and_how_it_stops(dispatcher: Dispatcher) -> None:
    """ "stop reminding me" and "unsubscribe" said the text does not mention them."""
    lead = await chat_as(dispatcher, "kim").say("stop reminding me")
    assert "reminded every 4 days until each of your areas has one" in lead and "“skip this round”" in lead
    assert "you get the digest 7 days before each Dialogue" in await chat_as(dispatcher, "mueller").say("unsubscribe")
    assert await chat_as(dispatcher, "schmidt").say("unsubscribe") == (
        "I send you nothing unasked: I only answer your questions."
    )
    assert "As an admin you are told when something I send fails for good" in await chat_as(dispatcher, "dubois").say(
        "stop reminding me"
    )


async def test_how_an_update_is_given_and_where_it_goes_is_said_to_a_lead(dispatcher: Dispatcher) -> None:
    """ "who do I send the update to?" said the text does not mention “update”; "what happens after I submit?"
    “submit”; then both gave the whole help, and "what should I write in progress?" quoted §41 on "progress"."""
    kim = chat_as(dispatcher, "kim")
    for question in (
        "who do I send the update to?",
        "what happens after I submit?",
        "what happens if I skip this round?",
        "what should I write in progress?",
        "can you give me a template?",
    ):
        answer = await kim.say(question)
        assert answer.startswith("How an update is given")
        assert "Who reads it: the chairs, in the digest 7 days before each Dialogue" in answer
        assert "“update crisis management: on track — " in answer  # one of her own areas, as she would type it
        assert "Collection round opens: 22 Feb 2027 · Digest to the chairs: 8 Mar 2027" in answer
        assert "“skip this round” (with the reason, which the chairs read)" in answer
    member = await chat_as(dispatcher, "schmidt").say("how do updates work?")
    assert "Each area's leads give its updates" in member and "One area at a time" not in member


async def test_none_passes_the_optional_questions_as_skip_does(dispatcher: Dispatcher, runtime: Runtime) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    await kim.say("amber")
    await kim.say("the port call in Busan is agreed")
    await kim.say("the date slipped to March")
    await kim.say("none")  # next steps
    assert "Save it, edit one field, or cancel." in await kim.say("n/a")  # paragraphs: none
    await kim.say("yes")
    (row,) = await stored(runtime)
    assert (row.status, row.blockers, row.next_steps, row.paragraphs) == (
        "at_risk",
        "the date slipped to March",
        "",
        "",
    )


async def test_what_a_status_means_is_the_statuses_as_the_bot_uses_them(dispatcher: Dispatcher) -> None:
    """ "what does at risk mean?" quoted §36 on economic security (“risk”) as what the text says; "what's the
    difference between at risk and blocked?" said a lead had no open blocker."""
    kim, schmidt = chat_as(dispatcher, "kim"), chat_as(dispatcher, "schmidt")
    for chat, question in (
        (kim, "what does at risk mean?"),
        (kim, "what's the difference between at risk and blocked?"),
        (kim, "what statuses can I use?"),
        (kim, "when should I mark something as blocked?"),
        (schmidt, "what do the colours mean?"),
    ):
        answer = await chat.say(question)
        assert answer.startswith("The statuses a lead reports for an area"), question
        assert "🟠 at risk — may slip unless something changes" in answer and "§" not in answer
        assert "the lead says what blocks it, which stays in the blocker register" in answer
        assert "The chairs are alerted when an area becomes blocked." in answer  # the example file alerts them
    assert not (await schmidt.say("what is blocked?")).startswith("The statuses")


async def test_exports_say_which_command_writes_each_file_and_who_runs_it(dispatcher: Dispatcher) -> None:
    answer = await chat_as(dispatcher, "mueller").say("can I get the digest as a pdf?")
    assert answer.startswith("Files are written where the bot runs, by an admin (Claire Dubois)")
    assert "“partnerbot digest export --format html” (a page that prints to PDF, marked LIMITE)" in answer
    assert (
        "“partnerbot export updates --format csv”" in answer and "“partnerbot meetings export --format ics”" in answer
    )


async def test_a_lead_says_there_is_nothing_and_saves_in_their_own_words(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    """ "nothing really" at the blockers was stored as the blocker (the register opened it, for the chairs to see),
    and "looks good, send it" at the summary was "Answer save, edit or cancel."."""
    kim = chat_as(dispatcher, "kim")
    await kim.say("I want to give my maritime update")
    await kim.say("it's going well")  # on track, in a lead's words as in a member's question
    await kim.say("we agreed the port call in Busan for April")
    await kim.say("no, nothing at the moment")
    await kim.say("plan the exercise in June")
    await kim.say("14b")
    assert (await kim.say("looks good, send it")).startswith("Saved your update for Maritime Security")
    (row,) = await stored(runtime)
    assert (row.status, row.blockers, row.next_steps) == ("on_track", "", "plan the exercise in June")
    assert await kim.say("blockers") == "No open blocker in the areas you lead."


async def test_telling_the_chairs_about_an_area_is_its_update(dispatcher: Dispatcher, runtime: Runtime) -> None:
    """ "tell the chairs maritime is delayed" said who the chairs are: what reaches them is the area's update."""
    kim = chat_as(dispatcher, "kim")
    opened = await kim.say("tell the chairs maritime is delayed")
    assert opened.startswith("Update: Maritime Security") and "(From your message: Status: at risk" in opened
    await kim.say("the port call slipped to May")
    await kim.say("waiting for MOFA")
    await kim.say("skip")
    await kim.say("skip")
    await kim.say("save")
    (row,) = await stored(runtime)
    assert (row.status, row.progress, row.blockers) == ("at_risk", "the port call slipped to May", "waiting for MOFA")


async def test_an_absence_to_come_is_said_with_who_one_is(dispatcher: Dispatcher) -> None:
    """After "away next week", "who am I" and "who is kim" said "Not marked away.", and "am I marked away?" gave
    the lead's areas, which say nothing of it."""
    kim = chat_as(dispatcher, "kim")
    assert (await kim.say("away next week")).startswith("You are marked away from 8 Feb 2027 until 14 Feb 2027")
    for chat, question in (
        (kim, "am I marked away?"),
        (kim, "who am I"),
        (chat_as(dispatcher, "mueller"), "who is kim"),
    ):
        answer = await chat.say(question)
        assert answer.startswith("Kim Min-jun (ROK) — lead"), question
        assert "Not away today; away from 8 Feb 2027 until 14 Feb 2027." in answer and "Not marked away" not in answer
