"""The lead's update conversation, driven through the console adapter on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot import intents
from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from bot.conversation import Flow, Turn
from bot.render.text import render_text
from bot.runtime import Runtime
from bot.workgroup import Person
from handlers.timefmt import day
from handlers.update import KIND
from storage import repo
from tests.conftest import EXAMPLE_CONFIG, chat_as, make_runtime


async def stored(runtime: Runtime, area_key: str = "maritime") -> list:
    """The updates stored for an area, by its key (the working-group file's)."""
    db = await runtime.database()
    async with db.session() as session:
        ids = await repo.area_ids(session)
        return await repo.history(session, ids[area_key], limit=50)


async def test_full_update_with_every_step(dispatcher: Dispatcher, runtime: Runtime) -> None:
    kim = chat_as(dispatcher, "kim")
    first = await kim.say("update maritime")
    assert "Update: Maritime Security" in first and "Overall status?" in first
    assert "1. on track" in first and "5. completed" in first
    assert "What progressed" in await kim.say("2")  # status by number: at risk
    assert "What makes it at risk?" in await kim.say("Port call in Busan agreed; exercise dates slipping")
    assert "Next steps" in await kim.say("Need the EU navy calendar from the chairs")
    assert "paragraphs" in await kim.say("Fix the exercise dates in March")
    summary = await kim.say("§14(b), 14.c")
    assert "Your update for Maritime Security" in summary
    assert "Status: at risk" in summary and "Paragraphs: §14(b), §14(c)" in summary
    assert "1. Save" in summary
    saved = await kim.say("save")
    assert "Saved your update" in saved
    rows = await stored(runtime)
    assert len(rows) == 1
    row = rows[0]
    assert (row.person_id, row.status, row.blockers, row.paragraphs) == (
        "kim",
        "at_risk",
        "Need the EU navy calendar from the chairs",
        "§14(b), §14(c)",
    )
    # the conversation is closed: the next message is a question again
    assert "§14" in await kim.say("what does §14 commit to")


async def test_status_by_label_skip_back_and_edit_one_field(dispatcher: Dispatcher, runtime: Runtime) -> None:
    rossi = chat_as(dispatcher, "rossi")
    assert "You lead several areas" in await rossi.say("update")
    assert "Overall status?" in await rossi.say("maritime")
    await rossi.say("on track")
    await rossi.say("First draft of the exercise plan")
    back = await rossi.say("back")
    assert "What progressed" in back  # back to the progress question
    await rossi.say("Exercise plan agreed with the ROK Navy")
    await rossi.say("skip")
    await rossi.say("skip")
    summary = await rossi.say("skip")
    assert "Progress: Exercise plan agreed with the ROK Navy" in summary and "Blockers: —" in summary
    assert "Which field" in await rossi.say("edit")
    assert "Overall status?" in await rossi.say("status")
    assert "What makes it blocked?" in await rossi.say("blocked")  # a blocked update's reason first
    again = await rossi.say("Waiting for the ROK Navy's calendar")
    assert "Your update for" in again and "Status: blocked" in again  # then straight back to the summary
    await rossi.say("save")
    rows = await stored(runtime)
    assert rows[0].status == "blocked" and rows[0].progress == "Exercise plan agreed with the ROK Navy"


@pytest.mark.parametrize(
    "answer, saved",
    [
        ("14b, 14(d)", "§14(b), §14(d)"),  # "14b" was saved as §14, its sub-item dropped
        ("para 14 and 16", "§14, §16"),
        ("§§14-16", "§14, §15, §16"),  # was §14 and §16
        ("14, 15", "§14, §15"),
        ("§16, since the 2026 Dialogue", "§16"),  # a year is no paragraph
        ("14(b) and 14 c", "§14(b), §14(c)"),  # was §14(b), §14
        ("14 and 16", "§14, §16"),
    ],
)
async def test_the_paragraphs_of_an_update_are_read_in_the_forms_questions_use(
    dispatcher: Dispatcher, answer: str, saved: str
) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    await kim.say("on track")
    await kim.say("Port call in Busan held")
    await kim.say("skip")  # blockers
    assert "Which paragraphs" in await kim.say("skip")  # next steps
    assert f"Paragraphs: {saved}\n" in await kim.say(answer)


async def test_the_paragraphs_question_passes_on_what_names_no_paragraph(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    """At the last question, "what did I just report?", "I'm off next week" and "save" were each answered
    "Give paragraphs as §14 or §14(b), separated by commas, or “skip”."."""
    kim = chat_as(dispatcher, "kim")
    for answer in ("update maritime", "on track", "Port call in Busan held", "skip", "skip"):
        asked = await kim.say(answer)
    assert "Which paragraphs" in asked
    away = await kim.say("I'm off next week")
    assert "You are marked away from" in away and away.rstrip().endswith(
        "(“back” to go back, “cancel” to stop, “skip”)"
    )
    assert "Which paragraphs" in away  # asked again after the answer
    assert "Give paragraphs as" not in await kim.say("what is FIMI?")
    summary = await kim.say("save")
    assert "Paragraphs: —" in summary and "Save it, edit one field, or cancel." in summary
    assert "Saved" in await kim.say("save")
    assert (await stored(runtime))[0].paragraphs == ""


async def test_required_question_cannot_be_skipped_and_bad_status_is_explained(dispatcher: Dispatcher) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    assert "cannot be skipped" in await kim.say("skip")
    assert "Please answer with one of" in await kim.say("fantastic")


async def test_cancel_saves_nothing(dispatcher: Dispatcher, runtime: Runtime) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    await kim.say("on track")
    assert "Cancelled: nothing was saved." in await kim.say("cancel")
    assert await stored(runtime) == []


async def test_previous_update_is_shown_and_edit_reopens_the_latest(
    dispatcher: Dispatcher, runtime: Runtime, clock: FakeClock
) -> None:
    kim = chat_as(dispatcher, "kim")
    assert "Saved" in await kim.say("update maritime: on track — dialogue terms of reference agreed")
    clock.advance(timedelta(days=3))
    await kim.say("update maritime")
    progress_question = await kim.say("at risk")
    assert "Your previous update" in progress_question and "dialogue terms of reference agreed" in progress_question
    await kim.say("cancel")
    reopened = await kim.say("edit")
    assert "Your update for Maritime Security" in reopened and "dialogue terms of reference agreed" in reopened
    await kim.say("edit")
    await kim.say("2")  # progress
    await kim.say("terms of reference signed")
    assert "Edited" in await kim.say("save")
    rows = await stored(runtime)
    assert len(rows) == 1 and rows[0].progress == "terms of reference signed" and rows[0].edited_at is not None


async def test_asking_to_see_the_last_update_shows_it_and_opens_nothing(
    dispatcher: Dispatcher, runtime: Runtime, clock: FakeClock
) -> None:
    """ "show my last update" reopened it for editing (Save / Edit / Cancel, and "Cancelled: nothing was
    saved." after); "edit my last update" looked for an area called “my last update”."""
    kim = chat_as(dispatcher, "kim")
    assert await kim.say("show my last update") == "You have no saved update to show. Say “update” to give one."
    await kim.say("update maritime: on track — dialogue terms of reference agreed")
    for asked in ("show my last update", "what was my last update?", "did the chairs read my update?"):
        shown = await kim.say(asked)
        assert shown.startswith(f"Your last update for Maritime Security, {day(clock.now().date())}"), asked
        assert "dialogue terms of reference agreed" in shown and "Save" not in shown, asked
        # not in a digest yet: when it will be (was the chairs' names, to "did the chairs read my update?")
        assert "The chairs get it in the digest on 8 Mar 2027, before the Security and Defence Dialogue." in shown
    assert (await kim.say("3")).startswith("§3 —")  # no conversation was opened to take the number
    reopened = await kim.say("edit my last update")
    assert "Your update for Maritime Security" in reopened and "1. Save" in reopened
    assert "Cancelled" in await kim.say("cancel")
    assert "1. Save" in await kim.say("edit my update on maritime")
    assert "Cancelled" in await kim.say("cancel")
    assert len(await stored(runtime)) == 1
    assert "Only" in await chat_as(dispatcher, "schmidt").say("show my last update")  # as "edit" is refused


async def test_one_message_update(dispatcher: Dispatcher, runtime: Runtime) -> None:
    rossi = chat_as(dispatcher, "rossi")
    reply = await rossi.say("update space: on track — first meeting held in May")
    assert "Saved your update for Space security and defence" in reply
    rows = await stored(runtime, "space security")
    assert (rows[0].status, rows[0].progress, rows[0].blockers) == ("on_track", "first meeting held in May", "")
    assert "Start with a status" in await rossi.say("update space: wonderful news")


async def test_one_message_blocked_or_at_risk_carries_its_reason_as_blockers(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    novak = chat_as(dispatcher, "novak")
    assert "Saved your update for Cyber issues" in await novak.say(
        "update cyber: blocked — ROK MOFA has not confirmed the date"
    )
    row = (await stored(runtime, "cyber"))[0]
    assert (row.status, row.progress, row.blockers) == ("blocked", "", "ROK MOFA has not confirmed the date")
    # without a reason nothing is saved, and the lead is told how to give one
    assert (
        await novak.say("update hybrid: at risk")
        == "An at-risk update needs its reason: “update Countering Hybrid threats: at risk — what is in the way”."
    )
    assert await stored(runtime, "hybrid") == []


async def test_blocked_in_the_conversation_asks_for_its_reason_and_refuses_none(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    novak = chat_as(dispatcher, "novak")
    await novak.say("update cyber")
    await novak.say("blocked")
    question = await novak.say("Consultations prepared")
    assert "What makes it blocked? The chairs need the reason" in question and "“skip”" not in question
    assert "This question cannot be skipped." in await novak.say("skip")
    assert "needs its reason" in await novak.say("none")
    assert "Next steps" in await novak.say("ROK MOFA has not confirmed the date")
    await novak.say("skip")
    await novak.say("skip")
    assert "Saved" in await novak.say("save")
    assert (await stored(runtime, "cyber"))[0].blockers == "ROK MOFA has not confirmed the date"


async def test_a_status_changed_at_the_summary_is_changed_with_its_reason(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    """ "actually make that amber, the March date is slipping" at the summary was answered "Answer save, edit or
    cancel."; a status needing a reason that comes without one asks for it before the summary."""
    kim = chat_as(dispatcher, "kim")
    for answer in ("update maritime", "on track", "Port call in Busan went ahead", "none", "skip", "skip"):
        await kim.say(answer)
    asked = await kim.say("it's blocked now")
    assert asked.startswith("Status changed to blocked.") and "What makes it blocked?" in asked  # no reason: asked
    assert "Status: blocked" in await kim.say("the navy withdrew its ship")
    summary = await kim.say("actually make that amber, the March date is slipping")
    assert summary.startswith("Status changed to at risk.")
    assert (
        "Status: at risk" in summary and "Blockers: the navy withdrew its ship; the March date is slipping" in summary
    )
    assert "Saved" in await kim.say("save")
    row = (await stored(runtime))[0]
    assert (row.status, row.blockers) == ("at_risk", "the navy withdrew its ship; the March date is slipping")


async def test_an_update_said_in_free_words_starts_with_what_it_said(dispatcher: Dispatcher, runtime: Runtime) -> None:
    """ "cyber is on track, consultation held 12 Nov" opened the update and asked "Overall status?" again."""
    novak = chat_as(dispatcher, "novak")
    first = await novak.say("cyber is on track, consultation held 12 Nov")
    assert first.startswith("Update: Cyber issues\n(From your message: Status: on track · Progress: consultation held")
    assert "Any blockers" in first
    for answer in ("skip", "skip", "skip"):
        summary = await novak.say(answer)
    assert "Status: on track" in summary and "Progress: consultation held 12 Nov" in summary
    assert "Saved" in await novak.say("save")
    row = (await stored(runtime, "cyber"))[0]
    assert (row.status, row.progress) == ("on_track", "consultation held 12 Nov")
    at_risk = await novak.say("hybrid is at risk because the workshop slipped to June")
    assert "Status: at risk · Blockers: the workshop slipped to June" in at_risk  # after at risk: its reason
    assert "What progressed" in at_risk
    assert "Overall status?" in await novak.say("back")  # what the message said can be changed


async def test_an_update_that_says_what_happened_before_its_status(dispatcher: Dispatcher, runtime: Runtime) -> None:
    """ "cyber: consultation held in Seoul on 12 Nov, all good" was a search of the text (“cyber: consultation”
    read as the Cyber Policy Consultation, "all good" as no status), quoting §15 and §16 to the lead."""
    novak = chat_as(dispatcher, "novak")
    first = await novak.say("cyber: consultation held in Seoul on 12 Nov, all good")
    assert first.startswith(
        "Update: Cyber issues\n(From your message: Status: on track · Progress: consultation held in Seoul on 12 Nov;"
    )
    for answer in ("skip", "skip", "skip"):
        summary = await novak.say(answer)
    assert "Progress: consultation held in Seoul on 12 Nov" in summary
    assert "Saved" in await novak.say("save")
    row = (await stored(runtime, "cyber"))[0]
    assert (row.status, row.progress) == ("on_track", "consultation held in Seoul on 12 Nov")
    # a clause before the status, and words after it: both are the progress, in the order said
    both = await novak.say("hybrid: workshop held in Seoul, on track, next one in March")
    assert "Status: on track · Progress: workshop held in Seoul; next one in March" in both
    assert "Progress" not in (await novak.say("cancel"))
    # "WPS" is a term and an area: beside a status it is the area ("The text does not mention “track”")
    assert "does not mention" not in await novak.say("WPS is on track")


async def test_a_reason_said_in_the_opening_message_is_not_asked_for_again(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    """ "hybrid: workshop slipped to June - at risk, waiting for Seoul" filled the blockers with "to June - at risk,
    waiting for Seoul" ("slipped" taken for the status); and a reason said in the opening message was asked for
    again after the progress, where "skip" was refused ("This question cannot be skipped")."""
    novak = chat_as(dispatcher, "novak")
    first = await novak.say("hybrid: workshop slipped to June - at risk, waiting for Seoul")
    assert "(From your message: Status: at risk · Blockers: workshop slipped to June; waiting for Seoul;" in first
    assert "Next steps before the next Dialogue?" in await novak.say("venue agreed")
    assert "What makes it at risk?" in await novak.say("back")  # shown again on the way back, to keep or change
    assert "Next steps" in await novak.say("keep")
    for answer in ("skip", "skip"):
        summary = await novak.say(answer)
    assert "Blockers: workshop slipped to June; waiting for Seoul" in summary
    assert "Saved" in await novak.say("save")
    row = (await stored(runtime, "hybrid"))[0]
    assert (row.status, row.progress, row.blockers) == (
        "at_risk",
        "venue agreed",
        "workshop slipped to June; waiting for Seoul",
    )


async def test_what_was_just_reported_asked_mid_update_shows_it_and_is_not_stored(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    """ "what did I just report?" at the blockers question was stored as the blockers; a question asked there
    that starts as one ("what did the other lead say about maritime?") was stored too."""
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    await kim.say("on track")
    await kim.say("port call in Busan agreed")
    shown = await kim.say("what did I just report?")
    assert shown.startswith(
        "Your update for Maritime Security, not saved yet\n"
        "  • Status: on track\n  • Progress: port call in Busan agreed"
    )
    assert "Blockers" not in shown.split("(Back to your update")[0]
    assert "Any blockers" in shown  # its question asked again
    assert "Any blockers" in await kim.say("what did the other lead say about maritime?")
    await kim.say("none")
    for answer in ("skip", "skip"):
        await kim.say(answer)
    assert "Saved" in await kim.say("save")
    row = (await stored(runtime))[0]
    assert (row.progress, row.blockers) == ("port call in Busan agreed", "")
    assert "not saved yet" not in await kim.say("show my last update")


async def test_whether_the_update_went_through_shows_it_and_a_question_at_the_summary_is_answered(
    dispatcher: Dispatcher,
) -> None:
    """ "did my update go through?" reopened the saved update at its summary, where "who will see it?" and every
    other question after it was told "Answer save, edit or cancel." and nothing else."""
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: on track — port call agreed")
    shown = await kim.say("did my update go through?")
    assert shown.startswith("Your last update for Maritime Security, 1 Feb 2027") and "Save it" not in shown
    await kim.say("update maritime")
    await kim.say("no change")
    asked = await kim.say("who will see it?")  # at the summary: answered, then the summary's question again
    assert asked.startswith("Only the 10 people the working-group file names get answers")
    assert "Answer save, edit or cancel." not in asked and "(Save it, edit one field, or cancel.)" in asked
    assert "Saved" in await kim.say("save")


async def test_a_field_of_the_last_update_is_changed_or_added_to_in_one_message(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    """ "change the progress to port call moved to May" was refused as moving a meeting ("Only chairs and admins can
    change meetings."), "add a blocker: MOFA approval pending" a search of the text quoting §6(b) on “MOFA”, and
    "save" with nothing open a search for “save”."""
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: at risk — port call delayed")
    changed = await kim.say("change the progress to port call moved to May")
    assert (
        "• Progress: port call moved to May" in changed
        and "(Save it, edit one field, cancel (it stays as it was), or withdraw it.)" in changed
    )
    assert "Edited" in await kim.say("save")
    added = await kim.say("add a blocker: MOFA approval pending")
    assert "• Blockers: port call delayed; MOFA approval pending" in added
    assert "Edited" in await kim.say("save")
    row = (await stored(runtime))[0]
    assert (row.progress, row.blockers) == ("port call moved to May", "port call delayed; MOFA approval pending")
    assert (await kim.say("save")).startswith("Nothing is waiting for your answer now.")
    assert "Only" in await chat_as(dispatcher, "schmidt").say("add a blocker: no budget")  # no update to edit


async def test_a_field_changed_while_the_update_is_written_changes_the_draft(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    """ "actually change the next steps to: …" at the paragraphs question searched the text; without "actually" it
    reopened the update saved in June for editing, and the answers given so far were gone."""
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: on track — workshop held")
    await kim.say("save")
    await kim.say("update maritime")
    for answer in ("2", "expert meeting held", "waiting on MOFA sign-off", "agree dates for the port call"):
        await kim.say(answer)
    changed = await kim.say("actually change the next steps to: agree port call dates by january")
    assert changed.startswith("Next steps now reads “agree port call dates by january”.")
    assert "Which paragraphs does this concern" in changed  # the open question, asked again
    at_summary = await kim.say("§14")
    assert "• Status: at risk" in at_summary and "• Progress: expert meeting held" in at_summary
    added = await kim.say("add a blocker: budget line unclear")
    assert "• Blockers: waiting on MOFA sign-off; budget line unclear" in added
    assert "Saved" in await kim.say("save")
    row = (await stored(runtime))[0]
    assert (row.status, row.next_steps) == ("at_risk", "agree port call dates by january")
    assert row.blockers == "waiting on MOFA sign-off; budget line unclear"
    await kim.say("update maritime")
    await kim.say("1")
    asked_now = await kim.say("change the progress to: dates agreed")  # the field asked now: its answer
    assert asked_now.startswith("Any blockers") and "now reads" not in asked_now
    await kim.say("skip")
    await kim.say("skip")
    assert "• Progress: dates agreed" in await kim.say("skip")


async def test_an_rok_lead_may_give_an_update_in_korean(dispatcher: Dispatcher, runtime: Runtime) -> None:
    """ "사이버 업데이트: 정상, 협의 완료" asked "Overall status?" again, and 정상 there was answered "Please answer
    with one of: 1. on track, …", as were 없음, 건너뛰기 and 저장, until the lead typed English."""
    lee = chat_as(dispatcher, "lee")
    first = await lee.say("사이버 업데이트: 정상, 협의 완료")
    assert "(From your message: Status: on track · Progress: 협의 완료;" in first
    assert "Cancelled" in await lee.say("취소")
    assert "Overall status?" in await lee.say("사이버 업데이트")
    assert "What progressed" in await lee.say("정상")
    await lee.say("협의 완료")  # the lead's own words, kept as written
    for answer in ("없음", "건너뛰기", "없어요"):
        summary = await lee.say(answer)
    assert "Save it, edit one field, or cancel." in summary
    assert "Saved" in await lee.say("저장")
    row = (await stored(runtime, "cyber"))[0]
    assert (row.status, row.progress, row.blockers, row.next_steps) == ("on_track", "협의 완료", "", "")


async def test_all_good_alone_is_said_to_the_bot(dispatcher: Dispatcher) -> None:
    """ "all good" is a status word in an update; alone, outside one, it asks for no areas on track."""
    for said in ("all good", "ok, all good!"):
        assert "on track" not in await chat_as(dispatcher, "schmidt").say(said), said


async def test_non_lead_is_refused_with_the_leads_named(dispatcher: Dispatcher, runtime: Runtime) -> None:
    reply = await chat_as(dispatcher, "kim").say("update cyber")
    assert "Only the leads of Cyber issues can update it: Petra Novák and Lee Seo-yeon." in reply
    reply = await chat_as(dispatcher, "schmidt").say("update")
    assert "You lead no area" in reply
    assert await stored(runtime, "cyber") == []


async def test_admin_may_update_any_area(dispatcher: Dispatcher, runtime: Runtime) -> None:
    reply = await chat_as(dispatcher, "dubois").say("update cyber: completed — consultation held")
    assert "Saved" in reply
    assert (await stored(runtime, "cyber"))[0].person_id == "dubois"


async def test_stranger_gets_a_short_refusal_and_nothing_else(dispatcher: Dispatcher) -> None:
    reply = await chat_as(dispatcher, "mallory").say("what does §14 commit to")
    assert reply == "Sorry, I only answer members of the partnership's working group."


@pytest.mark.parametrize(
    ("message", "told"),
    [
        ("my areas", "You lead no area. To see who leads what, ask “who leads what”."),
        ("update maritime", "You lead no area. Admins can say “update AREA”."),
        ("schedule sdd 2027-03-15 Seoul", "Only chairs and admins can change meetings."),
    ],
)
async def test_a_member_asking_for_what_a_role_may_do_is_told_who_may_not_refused_as_a_stranger(
    dispatcher: Dispatcher, message: str, told: str
) -> None:
    assert await chat_as(dispatcher, "schmidt").say(message) == told


def test_every_intent_kept_to_some_roles_says_why_to_the_others() -> None:
    for declaration in intents.DECLARATIONS.values():
        assert declaration.roles == intents.EVERYONE or declaration.refusal, declaration.label
    with pytest.raises(ValueError, match="says nothing to the others"):
        intents.Declaration("x", "x", "x", (), intents.LEADS)


async def test_conversation_expires_and_the_lead_is_told(
    dispatcher: Dispatcher, runtime: Runtime, clock: FakeClock
) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    clock.advance(timedelta(hours=49))
    notices = await dispatcher.engine.expire()
    assert [(who, "expired after 48 hours" in render_text(r)) for who, r in notices] == [("kim", True)]
    # the next message is a question again, not an answer to the old conversation
    assert "§14" in await kim.say("§14")


async def test_expired_conversation_tells_the_lead_on_the_next_message(
    dispatcher: Dispatcher, clock: FakeClock
) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    clock.advance(timedelta(hours=49))
    reply = await kim.say("what does §14 commit to")
    assert "expired after 48 hours" in reply and "nothing of it was saved" in reply
    assert "will establish a regular maritime security dialogue" in reply  # and the message is answered


class BarrierFlow:
    """The update flow, held at a barrier on its first step of each message until the other racer has read the
    conversation too: both read the same version before either saves, as two processes can."""

    def __init__(self, flow: Flow, barrier: asyncio.Barrier) -> None:
        self.flow = flow
        self.kind = flow.kind
        self.barrier = barrier
        self.calls = 0

    async def advance(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: dict[str, Any], message: str
    ) -> Turn:
        self.calls += 1
        if self.calls == 1:
            await self.barrier.wait()
        return await self.flow.advance(runtime, session, person, state, message)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.flow, name)


async def test_two_concurrent_messages_do_not_corrupt_the_conversation(
    dispatcher: Dispatcher, runtime: Runtime, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    await kim.say("on track")
    # a second process on the same database: its own engine, connections and (on SQLite) write turn
    other_runtime = make_runtime(runtime.settings.database_url, clock)
    other = Dispatcher(other_runtime)
    barrier = asyncio.Barrier(2)
    racers = [BarrierFlow(d.engine.flows[KIND], barrier) for d in (dispatcher, other)]
    for d, racer in zip((dispatcher, other), racers, strict=True):
        d.engine.flows[KIND] = racer
    caplog.set_level(logging.INFO, logger="bot.conversation")
    try:
        # two answers race for the same step: one is the progress, the other the blockers
        replies = await asyncio.gather(kim.say("progress A"), chat_as(other, "kim").say("blocker B"))
    finally:
        await other_runtime.close()
    assert sorted(r.calls for r in racers) == [1, 2]  # the loser applied its message again, on the winner's state
    # the winner saved first: its answer is the progress (counted now: this dispatcher's flow answers what follows)
    winner = "progress A" if racers[0].calls == 1 else "blocker B"
    assert [r.getMessage() for r in caplog.records if "changed under us" in r.getMessage()] != []
    steps = "\n(“back” to go back, “cancel” to stop, “skip”)"
    assert sorted(replies) == [
        "Any blockers, or anything needed from the other side or the chairs? (“skip” if none)" + steps,
        "Next steps before the next Dialogue? (“skip” to leave empty)" + steps,
    ]
    assert (
        await kim.say("skip") == "Which paragraphs does this concern, e.g. §14(b), §15? (“skip” to leave empty)" + steps
    )
    final = await kim.say("skip")
    assert "Your update for Maritime Security" in final
    loser = "blocker B" if winner == "progress A" else "progress A"
    assert f"Progress: {winner}" in final and f"Blockers: {loser}" in final
    db = await runtime.database()
    async with db.session() as session:
        row = await repo.open_conversation(session, "kim")
    assert row is not None and row.version == 6  # start + five answers, each saved once


async def test_a_button_from_an_earlier_question_cannot_answer_a_later_one(
    dispatcher: Dispatcher, runtime: Runtime
) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    await kim.say("status:on_track")  # the status button, as Slack and Telegram send it
    stale = await kim.say("status:blocked")  # a second press on the same message, now at the progress question
    assert "That button belongs to an earlier question." in stale and "What progressed" in stale
    await kim.say("Dates agreed")
    await kim.say("skip")
    await kim.say("skip")
    summary = await kim.say("skip")
    assert "Status: on track" in summary and "Progress: Dates agreed" in summary
    assert "Saved" in await kim.say("confirm:save")


async def test_a_lead_removed_from_the_area_while_answering_saves_nothing(
    tmp_path: Path, database_url: str, clock: FakeClock
) -> None:
    first = make_runtime(database_url, clock)
    try:
        kim = chat_as(Dispatcher(first), "kim")
        assert "Saved" in await kim.say("update maritime: on track — exercise dates agreed")
        await kim.say("update maritime")
        await kim.say("on track")
        assert "blockers" in (await kim.say("Port call agreed")).lower()
    finally:
        await first.close()
    # the file changes while the conversation is open: Kim no longer leads maritime (he still leads crisis management)
    config = tmp_path / "workgroup.yaml"
    config.write_text(
        EXAMPLE_CONFIG.read_text(encoding="utf-8").replace("leads: [rossi, kim]", "leads: [rossi]"), encoding="utf-8"
    )
    restarted = make_runtime(database_url, clock, config=config)
    try:
        kim = chat_as(Dispatcher(restarted), "kim")
        for answer in ("skip", "skip", "skip"):
            await kim.say(answer)
        reply = await kim.say("save")
        assert (
            reply == "Not saved: you no longer lead Maritime Security, including operations, exercises "
            "and capacity-building for third countries in the working-group file."
        )
        assert [row.progress for row in await stored(restarted)] == ["exercise dates agreed"]
        assert "§14" in await kim.say("what does §14 commit to")  # the conversation is over
        # nor can the update saved while leading be edited
        assert "Only the leads of Maritime Security" in await kim.say("edit maritime")
        assert "Only the leads of Maritime Security" in await kim.say("edit")
    finally:
        await restarted.close()


async def test_a_conversation_saved_before_areas_had_keys_resumes(
    dispatcher: Dispatcher, runtime: Runtime, clock: FakeClock
) -> None:
    """Version 1 of the state named areas by heading: a heading of this document is read as its area,
    one it no longer has is not saved anywhere."""
    db = await runtime.database()
    now = clock.now()
    async with db.session() as session:
        for person, heading in (
            ("kim", "Maritime Security, including operations, exercises and capacity-building for third countries"),
            ("dubois", "Relations with the moon"),
        ):
            state = {
                "version": 1,
                "areas": [heading],
                "step": "confirm",
                "fields": {"status": "on_track", "progress": "talks held"},
            }
            await repo.start_conversation(
                session,
                person_id=person,
                platform="console",
                channel="direct",
                kind="update",
                state=state,
                at=now,
                expires_at=now + timedelta(hours=48),
            )
    assert "Saved your update for Maritime Security" in await chat_as(dispatcher, "kim").say("save")
    assert [(row.person_id, row.progress) for row in await stored(runtime)] == [("kim", "talks held")]
    assert (
        await chat_as(dispatcher, "dubois").say("save")
        == "Not saved: Relations with the moon is no longer an area of the document."
    )
