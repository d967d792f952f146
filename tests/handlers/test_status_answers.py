"""Answers from stored status: one area, every area, history, leads, what is missing, absences."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from tests.conftest import EXAMPLE_CONFIG, chat_as, make_runtime


async def test_status_of_an_area_by_alias(dispatcher: Dispatcher, clock: FakeClock) -> None:
    await chat_as(dispatcher, "rossi").say("update space: at risk — first meeting slipped to May")
    clock.advance(timedelta(days=2))
    for question in ("status of space dialogue", "how is space security going?", "any news on space dialogue"):
        reply = await chat_as(dispatcher, "schmidt").say(question)
        assert "Status: Space security and defence" in reply
        assert "at risk — Marco Rossi" in reply and "(2 days ago)" in reply
        assert "Blockers: first meeting slipped to May" in reply  # the text after "at risk" is its reason
        assert "Not reported since the Dialogue of 10 Mar 2026: Choi Hye-jin" in reply
        assert "— §30" in reply and "launching a dedicated Dialogue on Space Security" in reply


async def test_status_of_fimi_and_cyber(dispatcher: Dispatcher) -> None:
    await chat_as(dispatcher, "choi").say("update FIMI: on track — joint threat assessment shared")
    reply = await chat_as(dispatcher, "schmidt").say("status of FIMI")
    assert (
        "on track — Choi Hye-jin" in reply and "Not reported since the Dialogue of 10 Mar 2026: Pieter Jansen" in reply
    )
    reply = await chat_as(dispatcher, "schmidt").say("how is cyber going?")
    assert "No update has been reported for this area yet." in reply


async def test_status_alone_is_one_line_per_area_in_document_order(dispatcher: Dispatcher) -> None:
    await chat_as(dispatcher, "kim").say("update maritime: blocked — waiting for dates")
    await chat_as(dispatcher, "rossi").say("update maritime: on track — fine")
    reply = await chat_as(dispatcher, "schmidt").say("status")
    lines = [line for line in reply.splitlines() if line.startswith("  • ")]
    assert len(lines) == 15
    assert "blocked" in lines[1] and "Maritime Security" in lines[1]  # the worst of the two leads' reports
    assert "no report" in lines[0] and "International peace and crisis management" in lines[0]


async def test_one_sides_reports_are_its_leads_latest_area_by_area(dispatcher: Dispatcher) -> None:
    await chat_as(dispatcher, "kim").say("update maritime: blocked — waiting for dates")
    await chat_as(dispatcher, "rossi").say("update maritime: on track — fine")
    reply = await chat_as(dispatcher, "mueller").say("what did the ROK leads report?")
    assert "Reports from the ROK side" in reply
    lines = [line for line in reply.splitlines() if line.startswith("  • ")]
    assert any("blocked" in line and "Maritime Security · Kim Min-jun" in line for line in lines)
    assert not any("Marco Rossi" in line for line in lines)  # the EU lead's report is not the ROK side's
    assert any("no report" in line and "Cyber issues · Lee Seo-yeon" in line for line in lines)
    assert "No ROK lead: Approaches to resilience of critical infrastructure; Counterterrorism" in reply
    reply = await chat_as(dispatcher, "mueller").say("what did the EU side say about maritime?")
    assert "Status: Maritime Security" in reply and "the EU side" in reply
    assert "on track — Marco Rossi" in reply and "Kim Min-jun" not in reply


async def test_history_newest_first(dispatcher: Dispatcher, clock: FakeClock) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: not started — waiting")
    clock.advance(timedelta(days=5))
    await kim.say("update maritime: on track — started")
    reply = await chat_as(dispatcher, "schmidt").say("history maritime")
    assert reply.index("started") < reply.index("waiting")
    assert "Kim Min-jun" in reply


async def test_who_leads_my_areas_and_missing(dispatcher: Dispatcher) -> None:
    assert "Cyber issues is led by Petra Novák (EU) and Lee Seo-yeon (ROK)." in await chat_as(
        dispatcher, "schmidt"
    ).say("who leads cyber?")
    mine = await chat_as(dispatcher, "rossi").say("my areas")
    assert "Maritime Security" in mine and "Space security and defence" in mine and "Non-Proliferation" in mine
    await chat_as(dispatcher, "kim").say("update maritime: on track — fine")
    missing = await chat_as(dispatcher, "schmidt").say("what's missing")
    assert "(14 of 15 areas)" in missing
    assert "Maritime Security" not in missing
    assert "Approaches to resilience of critical infrastructure — no lead assigned" in missing


async def test_who_is_away_lists_everyone_marked_away_today(dispatcher: Dispatcher) -> None:
    """It asked "About whom?": the chairs' question before a Dialogue names nobody."""
    schmidt = chat_as(dispatcher, "schmidt")
    assert await schmidt.say("who is away") == "Nobody is marked away today."
    await chat_as(dispatcher, "kim").say("away until 2027-03-10")
    await chat_as(dispatcher, "dubois").say("mark lee away until 2027-03-01")
    assert await schmidt.say("is anyone away?") == (
        "Away today:\n  • Kim Min-jun, until 10 Mar 2027\n  • Lee Seo-yeon, until 1 Mar 2027"
    )
    assert "Away until 10 Mar 2027." in await schmidt.say("is kim away?")  # one person: who they are


@pytest.mark.parametrize(
    "question",
    ["is anyone on leave", "who is on holiday", "who's out of office", "anyone off this week?", "누가 부재중이야?"],
)
async def test_absences_asked_in_other_words_list_everyone_away(dispatcher: Dispatcher, question: str) -> None:
    """These were searches of the text: "The text does not mention “holiday”", or the text's words on "out" and
    "off" quoted as if they answered."""
    await chat_as(dispatcher, "kim").say("away until 2027-03-10")
    assert "Kim Min-jun, until 10 Mar 2027" in await chat_as(dispatcher, "schmidt").say(question)


async def test_when_did_i_last_report_gives_the_day_of_each_of_the_leads_areas(dispatcher: Dispatcher) -> None:
    """It reopened the lead's last update for editing, whose open question then took the lead's next message."""
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: at risk - exercise dates slipping")
    answer = await kim.say("when did I last report")
    assert answer.startswith("You lead:")
    # each area with who leads it with the lead (added since: "who is my co-lead?" is answered so)
    assert "for third countries (with Marco Rossi (EU)) — your last update " in answer and ", at risk\n" in answer
    assert "missions and operations (with Pieter Jansen (EU)) — no update from you yet" in answer
    assert "Save" not in answer and "Kim Min-jun" in await kim.say("who is kim")  # no update was reopened


async def test_asked_whether_someone_else_may_report_a_lead_is_told_who_may(dispatcher: Dispatcher) -> None:
    """ "can someone else do my update?" reopened the lead's last update for editing."""
    kim = chat_as(dispatcher, "kim")
    answer = await kim.say("can someone else do my update?")
    assert answer.startswith("Each lead gives their own update")
    assert "an admin (Claire Dubois) may also report on any area" in answer
    assert "You lead:" in answer and "(with Marco Rossi (EU))" in answer and "Save" not in answer
    assert (await kim.say("my areas")).startswith("You lead:")  # asked plainly, the areas alone


async def test_asked_who_it_is_the_bot_says_what_it_is_and_whom_to_ask(dispatcher: Dispatcher) -> None:
    """ "can I talk to a human?" quoted §37 on "human trafficking"; "who are you?" searched the text."""
    answer = await chat_as(dispatcher, "schmidt").say("can I talk to a human?")
    assert answer.startswith("I am partnerbot, a bot: I answer questions about the EU – Republic of Korea Security")
    assert (
        "To talk to a person: the chairs, Anna Müller and Park Ji-woo; for access and the bot itself, an admin "
        in answer
    )
    assert "trafficking" not in answer


async def test_mark_me_away_and_back_is_the_writer(dispatcher: Dispatcher) -> None:
    """ "mark me away" was read as marking a person with the id "me"; back said the writer's name, not "You"."""
    kim = chat_as(dispatcher, "kim")
    assert "You are marked away until 10 Mar 2027" in await kim.say("mark me away until 2027-03-10")
    assert await kim.say("mark me back") == "You are marked back."
    assert "Nobody is marked away today." in await chat_as(dispatcher, "schmidt").say("who is away")


async def test_away_and_admin_marking_someone_away(dispatcher: Dispatcher) -> None:
    assert "You are marked away until 10 Mar 2027" in await chat_as(dispatcher, "kim").say("away until 2027-03-10")
    assert "Kim Min-jun (away)" in await chat_as(dispatcher, "schmidt").say("what's missing")
    assert "Only admins" in await chat_as(dispatcher, "rossi").say("mark kim away until 2027-03-10")
    assert "Lee Seo-yeon is marked away until 1 Mar 2027" in await chat_as(dispatcher, "dubois").say(
        "mark lee away until 2027-03-01"
    )
    assert "in the past" in await chat_as(dispatcher, "kim").say("away until 2020-01-01")
    assert "Give the day" in await chat_as(dispatcher, "kim").say("away until someday")
    assert "marked back" in await chat_as(dispatcher, "kim").say("back")
    assert (
        "(away)" not in (await chat_as(dispatcher, "schmidt").say("what's missing")).split("Maritime")[1].split("\n")[0]
    )


async def test_unknown_and_ambiguous_areas_are_explained(dispatcher: Dispatcher) -> None:
    assert "I know no area called “underwater basket weaving”" in await chat_as(dispatcher, "schmidt").say(
        "status of underwater basket weaving"
    )
    assert "could be several areas" in await chat_as(dispatcher, "schmidt").say("status of security")


async def test_a_dialogue_named_in_full_is_not_taken_for_an_area(dispatcher: Dispatcher) -> None:
    # every word of "security and defence dialogue" is among the space area's aliases
    schmidt = chat_as(dispatcher, "schmidt")
    for question in ("status of the security and defence dialogue", "who leads the Security and Defence Dialogue"):
        reply = await schmidt.say(question)
        assert "The ROK-EU Security and Defence Dialogue (§6(b)) is a dialogue, not an area of cooperation" in reply
        assert "Space" not in reply
    # a dialogue set up in an area's paragraphs stands for that area
    assert "Status: Maritime Security" in await schmidt.say("status of the maritime security dialogue")


async def test_the_dialogue_is_the_security_and_defence_dialogue_not_the_areas_whose_dialogues_share_the_word(
    dispatcher: Dispatcher,
) -> None:
    """ "who leads the dialogue" was asked back between Maritime Security and Space, whose own dialogues are
    called dialogues too; the working group's dialogue is the one its meetings default to."""
    schmidt = chat_as(dispatcher, "schmidt")
    for question in ("who leads the dialogue", "status of the Dialogue?", "history of our dialogue"):
        reply = await schmidt.say(question)
        assert reply.startswith("The ROK-EU Security and Defence Dialogue (§6(b)) is a dialogue, not an area")
        assert "could be several areas" not in reply
    assert "Status: Space security and defence" in await schmidt.say("status of the space dialogue")


async def test_who_leads_what_and_who_chairs(dispatcher: Dispatcher) -> None:
    schmidt = chat_as(dispatcher, "schmidt")
    every = await schmidt.say("who leads what")
    lines = [line for line in every.splitlines() if line.startswith("  • ")]
    assert len(lines) == 15  # one per area, in document order
    assert lines[2] == "  • Cyber issues: Petra Novák (EU) and Lee Seo-yeon (ROK)"
    assert lines[6].endswith("Counterterrorism: no lead assigned")
    assert await schmidt.say("who are the chairs?") == "The chairs are Anna Müller (EU) and Park Ji-woo (ROK)."


async def test_what_changed_since_a_day_lists_the_updates_given_since_newest_first(
    dispatcher: Dispatcher, clock: FakeClock
) -> None:
    """ "what changed since last week" said the text does not mention “changed since week”."""
    await chat_as(dispatcher, "rossi").say("update space: at risk — first meeting slipped to May")
    clock.advance(timedelta(days=10))
    await chat_as(dispatcher, "kim").say("update maritime: on track — port call held")
    clock.advance(timedelta(days=1))
    await chat_as(dispatcher, "lee").say("update cyber: blocked — no date for the consultation")
    reply = await chat_as(dispatcher, "mueller").say("what changed since last week")
    assert "Updates since " in reply and "(2)" in reply.splitlines()[0]
    assert reply.index("Cyber issues · 🔴 blocked — Lee Seo-yeon") < reply.index(
        "Maritime Security · 🟢 on track — Kim"
    )
    assert "Space security" not in reply  # given eleven days ago
    maritime = await chat_as(dispatcher, "mueller").say("updates since monday in maritime")
    assert "Maritime Security" in maritime and "Cyber issues" not in maritime
    clock.advance(timedelta(days=3))
    quiet = await chat_as(dispatcher, "mueller").say("anything new today?")
    assert "No update since 15 Feb 2027." in quiet and "The latest update: Cyber issues, 12 Feb 2027." in quiet


async def test_who_someone_is_gives_how_to_reach_them(dispatcher: Dispatcher) -> None:
    """ "how do I contact rossi", "what's rossi's email" gave his areas and nothing to reach him by."""
    for question in ("how do I contact rossi", "what's rossi's email"):
        answer = await chat_as(dispatcher, "schmidt").say(question)
        assert answer.startswith("Marco Rossi (EU) — lead") and answer.endswith("E-mail: marco.rossi@eeas.example")
    assert "E-mail" not in await chat_as(dispatcher, "schmidt").say("who is novak")  # the file gives her none


async def test_leave_to_come_starts_on_its_day_and_a_return_day_moves_its_end(
    dispatcher: Dispatcher, clock: FakeClock
) -> None:
    """ "on leave from 20 dec to 5 jan" marked Rossi away from the day he said it; "back on the 3rd" then
    deleted the leave to come."""
    rossi, schmidt = chat_as(dispatcher, "rossi"), chat_as(dispatcher, "schmidt")
    said = await rossi.say("on leave from 2027-02-20 to 2027-03-05")
    assert said == "You are marked away from 20 Feb 2027 until 5 Mar 2027: no prompts or reminders then."
    assert await schmidt.say("who is away") == (
        "Nobody is marked away today.\nAway later:\n  • Marco Rossi, 20 Feb 2027 until 5 Mar 2027"
    )
    assert await rossi.say("back on 2027-03-03") == "You are marked away from 20 Feb 2027 until 3 Mar 2027."
    asked = await rossi.say("back on 2027-02-10")  # before the leave begins: nothing is changed
    assert asked.startswith("You are marked away from 20 Feb 2027, after 10 Feb 2027: say the day you are back")
    clock.advance(timedelta(days=20))
    assert "Away until 3 Mar 2027." in await schmidt.say("is rossi away?")
    assert await chat_as(dispatcher, "kim").say("back on 2027-03-01") == (
        "You are not marked away: “away until 2027-03-01” marks you away until then."
    )


async def test_back_from_one_absence_keeps_the_leave_to_come(dispatcher: Dispatcher) -> None:
    """ "back" ended every absence not yet over, deleting leave still to come."""
    rossi = chat_as(dispatcher, "rossi")
    await rossi.say("away until 2027-02-05")
    await rossi.say("on leave from 2027-02-20 to 2027-03-05")
    assert await rossi.say("back") == "You are marked back."
    assert "Marco Rossi, 20 Feb 2027 until 5 Mar 2027" in await chat_as(dispatcher, "schmidt").say("who is away")
    assert await rossi.say("back") == (
        "You are not away now; the leave from 20 Feb 2027 until 5 Mar 2027 stays (“back on 2027-02-20” drops it)."
    )
    assert await rossi.say("back on 2027-02-20") == "You are no longer marked away from 20 Feb 2027."
    assert await chat_as(dispatcher, "schmidt").say("who is away") == "Nobody is marked away today."


async def test_leave_is_cancelled_in_words_and_asked_which_when_there_are_two(
    dispatcher: Dispatcher, clock: FakeClock
) -> None:
    """ "cancel my leave" said "Only chairs and admins can change meetings."; "I'm not going away after all"
    asked for the day one is back: the leave stayed, and with it no prompts or reminders."""
    rossi, schmidt = chat_as(dispatcher, "rossi"), chat_as(dispatcher, "schmidt")
    assert await rossi.say("cancel my leave") == "You are not marked away."
    await rossi.say("on leave from 2027-02-20 to 2027-03-05")
    assert await rossi.say("cancel my leave") == (
        "You are no longer marked away: from 20 Feb 2027 until 5 Mar 2027. Prompts and reminders come as usual."
    )
    assert await schmidt.say("who is away") == "Nobody is marked away today."
    await rossi.say("on leave from 2027-02-20 to 2027-03-05")
    await rossi.say("on leave from 2027-04-01 to 2027-04-10")
    assert await rossi.say("I'm not going away after all") == (
        "You are marked away from 20 Feb 2027 until 5 Mar 2027 and from 1 Apr 2027 until 10 Apr 2027: which leave? "
        "Say “cancel my leave from 2027-02-20” for that one."
    )
    assert (await rossi.say("cancel my leave on 2027-03-10")).startswith("You are not marked away on 10 Mar 2027")
    assert (await rossi.say("cancel my leave from 2027-04-01")).startswith(
        "You are no longer marked away: from 1 Apr 2027 until 10 Apr 2027."
    )
    assert "Marco Rossi, 20 Feb 2027 until 5 Mar 2027" in await schmidt.say("who is away")
    clock.advance(timedelta(days=20))  # on leave now: cancelled, it ends today
    assert (await rossi.say("cancel my leave")).startswith(
        "You are no longer marked away: the leave from 20 Feb 2027 ends today."
    )
    clock.advance(timedelta(days=1))
    assert await schmidt.say("who is away") == "Nobody is marked away today."
    assert await chat_as(dispatcher, "kim").say("cancel rossi's leave") == "Only admins can mark someone else away."


async def test_asked_for_one_sides_lead_that_sides_lead_comes_first(
    dispatcher: Dispatcher, tmp_path: Path, clock: FakeClock
) -> None:
    """ "who's the ROK lead for cyber" named both leads, the EU's first."""
    schmidt = chat_as(dispatcher, "schmidt")
    assert await schmidt.say("who's the ROK lead for cyber") == (
        "The ROK lead for Cyber issues is Lee Seo-yeon; the other lead is Petra Novák (EU)."
    )
    assert (await schmidt.say("who leads maritime for the Korean side")).startswith(
        "The ROK lead for Maritime Security is Kim Min-jun;"
    )
    assert await schmidt.say("who leads cyber") == "Cyber issues is led by Petra Novák (EU) and Lee Seo-yeon (ROK)."
    config = tmp_path / "workgroup.yaml"  # cyber led by two of the EU
    example = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    config.write_text(example.replace("    leads: [novak, lee]\n", "    leads: [novak, rossi]\n", 1), encoding="utf-8")
    runtime = make_runtime(f"sqlite+aiosqlite:///{tmp_path / 'sides.db'}", clock, config=config)
    try:
        assert await chat_as(Dispatcher(runtime), "schmidt").say("who's the ROK lead for cyber") == (
            "Cyber issues has no ROK lead in the working-group file; "
            "it is led by Petra Novák (EU) and Marco Rossi (EU)."
        )
    finally:
        await runtime.close()


@pytest.mark.parametrize(
    "question, opening",
    [
        ("has the space dialogue been launched", "Status: Space security and defence"),
        ("is the maritime dialogue up and running?", "Status: Maritime Security"),  # quoted §38 on “maritime up”
        ("is the cyber consultation operational", "Status: Cyber issues"),
        ("has the SDD met this year?", "The last Security and Defence Dialogue was on 10 Mar 2026 in Brussels"),
        (
            "did the strategic dialogue happen yet",
            "No Strategic Dialogue held so far is recorded. The next Strategic Dialogue is on 20 May 2027 in Brussels",
        ),
        ("has sdd-2027 happened", "Not held yet: Security and Defence Dialogue is on 15 Mar 2027 in Seoul"),
        (
            "우주안보대화 출범했어?",
            "(이행 현황: 문서 인용은 원문(영어) 그대로입니다.)\nStatus: Space security and defence",
        ),
        (
            "안보국방대화 열렸어?",
            "(회의 일정: 문서 인용은 원문(영어) 그대로입니다.)\nThe last Security and Defence Dialogue",
        ),
    ],
)
async def test_whether_a_dialogue_has_started_is_its_areas_status_or_its_meetings(
    dispatcher: Dispatcher, question: str, opening: str
) -> None:
    """The text says a dialogue will be set up; whether it has been is in the leads' updates (a dialogue of an
    area) or the calendar (one outside the areas). These were searches of the text for "launched" or "running"."""
    assert (await chat_as(dispatcher, "schmidt").say(question)).startswith(opening)


async def test_whether_it_has_started_asks_of_the_area_in_context(dispatcher: Dispatcher) -> None:
    """ "is it set up yet?" after "space" quoted §38 on “set up”."""
    kim = chat_as(dispatcher, "kim")
    await kim.say("space")
    assert (await kim.say("is it set up yet?")).startswith("Status: Space security and defence")


async def test_when_a_dialogue_meets_is_the_calendar_and_a_chair_is_told_how_to_schedule_it(
    dispatcher: Dispatcher,
) -> None:
    """ "when will the maritime dialogue start" quoted §14, which sets it up with no date."""
    chair = chat_as(dispatcher, "mueller")
    unscheduled = await chair.say("when will the maritime dialogue start")
    assert unscheduled.startswith("No upcoming Maritime security dialogue is scheduled.")
    assert "“schedule maritime security dialogue 2027-03-15 Seoul”" in unscheduled and "§14" in unscheduled
    assert (await chair.say("schedule eu-rok cyber policy consultation 2027-03-15 Seoul")).startswith("Scheduled")
    assert (await chair.say("when does the cyber consultation meet")).startswith(
        "The next EU-ROK Cyber Policy Consultation is on 15 Mar 2027 in Seoul"
    )


async def test_the_working_group_is_listed_with_roles_and_areas_and_by_side(dispatcher: Dispatcher) -> None:
    """ "who's in the working group?" gave the chairs; "who's on the ROK side?" searched the text."""
    member = chat_as(dispatcher, "schmidt")
    everyone = await member.say("who's in the working group?")
    assert everyone.startswith("The working group: 10 people (2 chairs, 6 leads, 2 members, 1 admin)")
    assert "• Kim Min-jun (ROK) — lead of International peace and crisis management; Maritime Security" in everyone
    rok = await member.say("who's on the ROK side?")
    assert rok.startswith("The working group on the ROK side: 4 people (1 chair, 3 leads)")
    assert "(EU)" not in rok


async def test_the_status_of_a_subject_outside_the_areas_says_where_the_text_speaks_of_it(
    dispatcher: Dispatcher,
) -> None:
    """ "progress on the security of information agreement?" said "I know no area called …" of §7's subject."""
    answer = await chat_as(dispatcher, "mueller").say("progress on the security of information agreement?")
    assert answer == (
        "“the security of information agreement” is not one of the areas of cooperation, so no lead reports on "
        "it. The text speaks of it in §7: ask “what does §7 say”."
    )
    assert "I know no area called “blah”" in await chat_as(dispatcher, "mueller").say("status of blah")
