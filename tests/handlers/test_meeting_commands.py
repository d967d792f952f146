"""Chairs' commands: cancelling asks first (buttons or "yes"), and dates are read in the forms people write
them ("next tuesday", "15/03/2027") without swallowing the place."""

from __future__ import annotations

from datetime import date

import pytest

from bot import intents
from bot.app.dispatcher import Dispatcher
from bot.runtime import Runtime
from bot.understanding.dates import split_date_phrase
from storage import repo
from tests.conftest import chat_as

MONDAY = date(2027, 2, 1)  # the clock fixture's day


async def meetings(runtime: Runtime) -> list:
    database = await runtime.database()
    async with database.session() as session:
        return list(await repo.meetings(session, include_cancelled=True))


async def cancelled(runtime: Runtime, meeting_id: str) -> bool:
    database = await runtime.database()
    async with database.session() as session:
        meeting = await repo.meeting(session, meeting_id)
    assert meeting is not None
    return meeting.cancelled


async def test_cancel_asks_first_and_yes_cancels(runtime: Runtime, dispatcher: Dispatcher) -> None:
    chair = chat_as(dispatcher, "mueller")
    asked = await chair.say("cancel sdd-2027")
    assert "Cancel the Security and Defence Dialogue on 15 Mar 2027 in Seoul (id sdd-2027)?" in asked
    assert "1. Yes, cancel sdd-2027" in asked and "2. No, keep it" in asked
    assert not await cancelled(runtime, "sdd-2027")
    assert "Cancelled sdd-2027" in await chair.say("yes")
    assert await cancelled(runtime, "sdd-2027")


async def test_no_or_the_second_button_keeps_the_meeting_and_a_late_yes_does_nothing(
    runtime: Runtime, dispatcher: Dispatcher
) -> None:
    chair = chat_as(dispatcher, "park")
    await chair.say("cancel sdd-2027")
    assert (
        "Nothing cancelled: the Security and Defence Dialogue stays on 15 Mar 2027 (id sdd-2027)."
        in await chair.say("choose:2")
    )
    assert "Cancelled" not in await chair.say("yes")  # the question is closed
    await chair.say("cancel sd-2027")
    assert "Nothing cancelled" in await chair.say("no")
    assert not await cancelled(runtime, "sdd-2027") and not await cancelled(runtime, "sd-2027")


async def test_the_yes_button_cancels_and_another_question_in_between_closes_the_offer(
    runtime: Runtime, dispatcher: Dispatcher
) -> None:
    chair = chat_as(dispatcher, "mueller")
    await chair.say("cancel sd-2027")
    assert "Cancelled sd-2027" in await chair.say("choose:1")
    await chair.say("cancel sdd-2027")
    assert "Status" in await chair.say("status")
    assert "Cancelled" not in await chair.say("yes")
    assert not await cancelled(runtime, "sdd-2027")


async def test_a_yes_from_someone_else_cancels_nothing_and_members_are_refused_before_any_question(
    runtime: Runtime, dispatcher: Dispatcher
) -> None:
    await chat_as(dispatcher, "mueller").say("cancel sdd-2027")
    assert "Cancelled" not in await chat_as(dispatcher, "kim").say("yes")
    assert await chat_as(dispatcher, "schmidt").say("cancel sdd-2027") == "Only chairs and admins can change meetings."
    assert not await cancelled(runtime, "sdd-2027")


@pytest.mark.parametrize(
    "message, expected",
    [
        (
            "schedule security and defence dialogue next tuesday Brussels",
            "Scheduled Security and Defence Dialogue on 2 Feb 2027 in Brussels",
        ),
        (
            "schedule security and defence dialogue 15/03/2028 Seoul",
            "Scheduled Security and Defence Dialogue on 15 Mar 2028 in Seoul",
        ),
        ("schedule sdd 15/03/2028 Seoul", "Scheduled Security and Defence Dialogue on 15 Mar 2028 in Seoul"),
        ("schedule sdd 2028-03-15 Seoul", "Scheduled Security and Defence Dialogue on 15 Mar 2028 in Seoul"),
        (
            "schedule strategic dialogue on 3 June 2027 in Brussels",
            "Scheduled Strategic Dialogue on 3 Jun 2027 in Brussels",
        ),
        (
            "schedule security and defence dialogue 2028-03-15 Seoul",
            "Scheduled Security and Defence Dialogue on 15 Mar 2028 in Seoul",
        ),
    ],
)
async def test_schedule_reads_the_date_as_people_write_it_and_keeps_the_place(
    dispatcher: Dispatcher, message: str, expected: str
) -> None:
    """(A date within two months of another meeting of its kind is asked about first: "another" schedules it.)"""
    chair = chat_as(dispatcher, "mueller")
    answer = await chair.say(message)
    if "is already scheduled" in answer:
        answer = await chair.say("another")
    assert expected in answer


async def test_a_meeting_near_another_of_its_kind_is_asked_about_before_it_is_scheduled(
    runtime: Runtime, dispatcher: Dispatcher
) -> None:
    """ "schedule the next SDD for 20 March 2027" with sdd-2027 on 15 March scheduled a second Dialogue five days
    after the first, each with its round and digest; the chair now chooses: another, a move, or neither."""
    chair = chat_as(dispatcher, "mueller")
    asked = await chair.say("schedule the next SDD for 20 March 2027 in Brussels")
    assert asked.startswith(
        "The Security and Defence Dialogue on 15 Mar 2027 in Seoul (id sdd-2027) is already scheduled. "
        "Schedule another on 20 Mar 2027 in Brussels, or move sdd-2027 to 20 Mar 2027?"
    )
    assert "1. Schedule another on 20 Mar 2027" in asked and "2. Move sdd-2027 to 20 Mar 2027" in asked
    assert (await chair.say("2")).startswith("Moved sdd-2027 from 15 Mar 2027 to 20 Mar 2027")
    await chair.say("schedule sdd 2027-04-01 Seoul")
    assert await chair.say("neither") == "Nothing scheduled."
    await chair.say("schedule sdd 2027-04-01 Seoul")
    assert "Please pick one of these" in await chair.say("yes")  # which of the three
    assert (await chair.say("another")).startswith("Scheduled Security and Defence Dialogue on 1 Apr 2027 in Seoul")
    assert "Scheduled" not in await chat_as(dispatcher, "kim").say("another")  # the offer was the chair's
    database = await runtime.database()
    async with database.session() as session:
        dialogues = [m for m in await repo.meetings(session) if m.kind == "security-and-defence-dialogue"]
    assert sorted((m.id, m.date) for m in dialogues) == [
        ("sdd-2026", date(2026, 3, 10)),  # held
        ("sdd-2027", date(2027, 3, 20)),
        ("sdd-2027-2", date(2027, 4, 1)),
    ]


async def test_move_reads_a_date_in_words(dispatcher: Dispatcher) -> None:
    assert "Moved sd-2027 from 20 May 2027 to 3 Jun 2027" in await chat_as(dispatcher, "mueller").say(
        "move sd-2027 to 03/06/2027"
    )


async def test_it_is_the_meeting_the_last_answer_was_about(dispatcher: Dispatcher) -> None:
    """ "move it to 19 May" after "when is the strategic dialogue", or right after scheduling one, asked "Which
    meeting, and to when?": the answer's meeting was found after understanding, and not kept in the context."""
    chair = chat_as(dispatcher, "mueller")
    await chair.say("when is the strategic dialogue?")
    assert "Moved sd-2027 from 20 May 2027 to 19 May 2027" in await chair.say("move it to 19 May 2027")
    assert "(id cpc-2027)" in await chair.say("schedule a cyber consultation on 3 May 2027 in Seoul")
    assert "Moved cpc-2027 from 3 May 2027 to 10 May 2027" in await chair.say("move it to 10 May 2027")
    assert "Cancel the EU-ROK Cyber Policy Consultation on 10 May 2027" in await chair.say("cancel it")
    assert "Cancelled cpc-2027" in await chair.say("yes")


async def test_after_scheduling_it_is_that_meeting_for_when_moving_and_cancelling(dispatcher: Dispatcher) -> None:
    """ "actually make it the 22nd" right after scheduling searched the text; "when is it?" gave the next Dialogue,
    and "cancel it" then offered to cancel the Security and Defence Dialogue, with its round and digest."""
    chair = chat_as(dispatcher, "mueller")
    assert "(id msd-2027)" in await chair.say("schedule the maritime dialogue on 20 April 2027 in Busan")
    assert "Moved msd-2027 from 20 Apr 2027 to 22 Apr 2027" in await chair.say("actually make it the 22nd")
    assert (await chair.say("when is it?")).startswith("The next Maritime security dialogue is on 22 Apr 2027")
    asked = await chair.say("cancel it")
    assert "(id msd-2027)?" in asked and "sdd-2027" not in asked
    assert (await chair.say("when is the next meeting?")).startswith("The next Security and Defence Dialogue")


async def test_a_day_of_the_month_alone_is_of_the_meetings_own_month(dispatcher: Dispatcher) -> None:
    """ "move the SDD to the 20th" (on 1 February) moved it from 15 March to 20 February: the round would have
    opened at once and the digest gone out in a fortnight."""
    chair = chat_as(dispatcher, "mueller")
    assert "Moved sdd-2027 from 15 Mar 2027 to 20 Mar 2027" in await chair.say("move the SDD to the 20th")
    assert "Moved sdd-2027 from 20 Mar 2027 to 2 Apr 2027" in await chair.say("push it to the 2nd")  # the nearest
    assert "Moved sd-2027 from 20 May 2027 to 18 May 2027" in await chair.say("move sd-2027 to the 18th")
    assert "Moved sdd-2027 from 2 Apr 2027 to 3 Mar 2027" in await chair.say("move sdd-2027 to 3 March")  # a month said


async def test_a_meeting_is_pushed_back_and_brought_forward_from_its_own_date(dispatcher: Dispatcher) -> None:
    """ "push the SDD back a week" asked for a date; "by two weeks" would have read as two weeks from today."""
    chair = chat_as(dispatcher, "mueller")
    assert "Moved sdd-2027 from 15 Mar 2027 to 22 Mar 2027" in await chair.say("push the SDD back a week")
    assert "Moved sdd-2027 from 22 Mar 2027 to 5 Apr 2027" in await chair.say("postpone the dialogue by two weeks")
    assert "Moved sdd-2027 from 5 Apr 2027 to 3 Apr 2027" in await chair.say("bring the dialogue forward two days")
    assert "Moved sd-2027 from 20 May 2027 to 13 May 2027" in await chair.say("move sd-2027 up a week")
    assert "Moved sd-2027 from 13 May 2027 to 16 May 2027" in await chair.say("delay the strategic dialogue 3 days")
    assert "Moved" not in await chair.say("what if we delay the SDD 3 days")  # asked, not told
    assert "Moved sdd-2027 from 3 Apr 2027 to 5 Apr 2027" in await chair.say("delay sdd-2027 2 days")


async def test_a_meeting_without_a_round_is_moved_and_cancelled_without_speaking_of_one(
    runtime: Runtime, dispatcher: Dispatcher
) -> None:
    """The Strategic Dialogue gets no collection round: moving it said "its round and digest move with it" beside
    the note that it gets none, and cancelling it spoke of its round, reminders and digest."""
    chair = chat_as(dispatcher, "mueller")
    moved = await chair.say("push the strategic dialogue back 3 days")
    assert moved.startswith("Moved sd-2027 from 20 May 2027 to 23 May 2027.\n")
    assert "This kind of meeting gets no collection round or digest." in moved and "move with it" not in moved
    asked = await chair.say("cancel sd-2027")
    assert "(id sd-2027)?" in asked and "reminders" not in asked
    assert (await chair.say("yes")).startswith("Cancelled sd-2027.")
    assert await cancelled(runtime, "sd-2027")
    moved = await chair.say("push the SDD back 3 days")  # a Security and Defence Dialogue has its round
    assert moved.startswith("Moved sdd-2027 from 15 Mar 2027 to 18 Mar 2027; its round and digest move with it.")
    assert "Its round, reminders and digest are cancelled too." in await chair.say("cancel sdd-2027")


async def test_a_schedule_without_a_date_says_which_forms_are_read(dispatcher: Dispatcher) -> None:
    answer = await chat_as(dispatcher, "mueller").say("schedule security and defence dialogue 31/02/2028 Seoul")
    assert answer == "Give a date from today on: “2027-03-15”, “15/03/2027” or “next tuesday”, then the place."


@pytest.mark.parametrize(
    "words, expected",
    [
        (
            "security and defence dialogue next tuesday Brussels",
            ("security and defence dialogue", date(2027, 2, 2), "Brussels"),
        ),
        ("sdd 15/03/2027 Seoul", ("sdd", date(2027, 3, 15), "Seoul")),
        ("sdd on 15 March 2027 in Seoul", ("sdd", date(2027, 3, 15), "Seoul")),
        ("sdd tomorrow at Brussels", ("sdd", date(2027, 2, 2), "Brussels")),
        ("sdd in two weeks", ("sdd", date(2027, 2, 15), "")),
        ("SDD 2028, 2028-03-09, Seoul", ("SDD 2028", date(2028, 3, 9), "Seoul")),
        ("of the dialogues", None),
    ],
)
def test_a_date_phrase_is_split_from_the_words_around_it(words: str, expected: tuple[str, date, str] | None) -> None:
    assert split_date_phrase(words, MONDAY) == expected


def test_the_forms_leave_a_date_in_words_to_the_builder() -> None:
    from bot.understanding.forms import classify

    assert classify("schedule sdd next tuesday Brussels") == intents.ScheduleMeeting(
        "sdd next tuesday Brussels", None, None
    )
    assert classify("schedule of the dialogues?") != intents.ScheduleMeeting("of the dialogues?", None, None)


@pytest.mark.parametrize(
    "said, scheduled",
    [
        # "I know no meeting kind “the maritime dialogue”": the dialogue by words that stand for it
        (
            "schedule the maritime dialogue for 12 April in Busan",
            "Scheduled Maritime security dialogue on 12 Apr 2027 in Busan",
        ),
        ("add a cyber consultation on 3 May", "Scheduled EU-ROK Cyber Policy Consultation on 3 May 2027"),
    ],
)
async def test_a_dialogue_is_scheduled_by_the_words_that_name_it(
    runtime: Runtime, dispatcher: Dispatcher, said: str, scheduled: str
) -> None:
    assert (await chat_as(dispatcher, "mueller").say(said)).startswith(scheduled)


@pytest.mark.parametrize(
    "said",
    [
        "set up a cyber consultation for next month",  # was scheduled on the same day of next month
        "schedule the maritime dialogue in April",  # was 1 April
        "move the SDD to next week",  # was moved to a week from today
    ],
)
async def test_a_meeting_put_in_a_period_is_asked_its_day(runtime: Runtime, dispatcher: Dispatcher, said: str) -> None:
    """Invitations go out for a meeting's day: a period names none, so the chair is asked for one."""
    before = [(m.id, m.date) for m in await meetings(runtime)]
    answer = await chat_as(dispatcher, "mueller").say(said)
    assert answer.startswith(("Give a date from today on", "Give the new date from today on")), answer
    assert [(m.id, m.date) for m in await meetings(runtime)] == before


@pytest.mark.parametrize(
    "phrase, names_one",
    [
        ("next month", False),
        ("in April", False),
        ("late march 2027", False),
        ("다음 달", False),
        ("next week", False),
        ("12 April", True),
        ("next tuesday", True),
        ("in two weeks", True),
        ("the 3rd", True),
    ],
)
def test_which_phrases_name_a_day(phrase: str, names_one: bool) -> None:
    from bot.understanding.dates import names_a_day

    assert names_a_day(phrase) is names_one
