"""What the builders take from a message: dates said in words, the aspect of a document question."""

from __future__ import annotations

from datetime import date

import pytest

from bot import intents
from bot.runtime import Runtime
from bot.settings import Settings
from bot.understanding.context import ChatContext
from bot.understanding.dates import day_of_month_alone, nearest_day_of_month
from bot.understanding.references import ParagraphRef
from bot.understanding.understand import Understander
from tests.conftest import EXAMPLE_CONFIG, MARITIME

WEDNESDAY = date(2026, 12, 2)
SDD = "rok-eu-security-and-defence-dialogue"
SDD_NAME = "ROK-EU Security and Defence Dialogue"


@pytest.fixture(scope="module")
def understander() -> Understander:
    return Runtime.load(Settings(config=EXAMPLE_CONFIG)).understander


@pytest.mark.parametrize(
    "message, until",
    [
        ("away until 2027-01-10", date(2027, 1, 10)),
        ("away until next tuesday", date(2026, 12, 8)),
        ("out of office for two weeks", date(2026, 12, 16)),
        ("away for two weeks from today", date(2026, 12, 16)),
        ("on leave until 12/18, pls don't chase me", date(2026, 12, 18)),
        ("휴가 1월 8일까지", date(2027, 1, 8)),
        ("away until friday", date(2026, 12, 4)),  # the form asked for YYYY-MM-DD
    ],
)
def test_absences_read_their_date_in_words(understander: Understander, message: str, until: date) -> None:
    understood = understander.understand(message, today=WEDNESDAY)
    assert understood.intent == intents.Away(until)


def test_a_question_about_an_absence_asks_and_marks_no_one(understander: Understander) -> None:
    assert understander.understand("is kim away?", today=WEDNESDAY).intent == intents.PersonInfo("kim")
    assert understander.understand("when's choi back?", today=WEDNESDAY).intent == intents.PersonInfo("choi")


@pytest.mark.parametrize(
    "message, aspect, detail",
    [
        ("is it legally binding?", "nature", None),
        # how long it runs: was the next Dialogue's date, or a search of the text
        ("when does the partnership expire?", "duration", None),
        ("is there an end date?", "duration", None),
        # whether a paragraph binds: was the paragraph, which does not say the whole text is non-binding
        ("is §7 binding?", "nature", "§7"),
        ("are the commitments in §14 binding?", "nature", "§14"),  # was every class of commitment counted
        ("does §14(b) create legal obligations?", "nature", "§14(b)"),
        ("when was it adopted", "adoption", None),
        ("what does the way forward section say", "sections", "way forward"),
        ("summarise the partnership", "summary", None),
        ("which commitments are exploratory", "commitments", "exploratory"),
        ("what is new vs continuing", "commitments", None),
        ("what's in the general framework", "sections", "general framework"),
        ("framework participation agreement parts", "sections", None),  # the section's word is the name's
        # partnerbot's own class, shown beside each quote: was "“exploratory” is not defined in the text"
        ("what does exploratory mean", "commitments", "exploratory"),
        ("what does 'exploratory' mean here", "commitments", "exploratory"),
        ("what do you mean by continuing", "commitments", "continuing"),  # was a search for "continuing"
        ("what is a firm commitment", "commitments", "firm"),
    ],
)
def test_questions_about_the_document(
    understander: Understander, message: str, aspect: str, detail: str | None
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intents.DocumentInfo(aspect, detail)


@pytest.mark.parametrize(
    "message", ["what is the framework participation agreement", "what is the EU-ROK framework participation agreement"]
)
def test_a_name_with_a_sections_word_is_asked_about_not_the_section(understander: Understander, message: str) -> None:
    """Both were answered with the section "General Framework" (§6–§9), the second before that with the
    EU-ROK Summit (§3): the text speaks of the Framework Participation Agreement in §5, §11 and §14(a)."""
    understood = understander.understand(message, today=WEDNESDAY)
    assert isinstance(understood.intent, intents.Glossary)
    assert understood.intent.term.lower().endswith("framework participation agreement")


@pytest.mark.parametrize(
    "message, expected",
    [
        # an area's next steps are in its leads' updates, not in the text (nor the glossary's entry for WPS)
        ("what are the next steps for wps", intents.Status("Women, Peace and Security")),
        ("next steps for maritime", intents.Status(MARITIME)),
        ("what's next for cyber", intents.Status("Cyber issues")),
        # what changed since a Dialogue is every area's status: the dialogue named after "since" says from when
        ("what's new since the last dialogue", intents.Status()),
        ("what happened since the last sdd", intents.Status()),
        ("status of cyber since the last dialogue", intents.Status("Cyber issues")),
        # what a lead said is in their update: the area's status, where each lead's latest is shown
        ("what did kim say about maritime", intents.Status(MARITIME)),
        ("what did choi say on space?", intents.Status("Space security and defence")),
        # the leads together are every area, not an area called "leads"
        ("what's the latest from the leads", intents.Status()),
        ("status of cyber from the leads", intents.Status("Cyber issues")),
    ],
)
def test_what_is_next_or_new_asks_for_the_status(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


def test_what_the_text_said_is_still_a_question_about_the_text(understander: Understander) -> None:
    assert not isinstance(
        understander.understand("what did the text say about maritime", today=WEDNESDAY).intent, intents.Status
    )


def test_the_dialogue_a_chair_moves_is_the_next_security_and_defence_dialogue(understander: Understander) -> None:
    """It was asked "Which meeting, and to when?", where "when is the dialogue" names the same meeting."""
    understood = understander.understand("move the dialogue to 20 march", today=WEDNESDAY)
    assert understood.intent == intents.MoveMeeting("sdd-2027", date(2027, 3, 20))


@pytest.mark.parametrize(
    "message, by_days",
    [
        ("push the SDD back a week", 7),
        ("postpone the dialogue by two weeks", 14),
        ("bring the dialogue forward 3 days", -3),
        ("move the dialogue up a week", -7),
    ],
)
def test_a_move_by_a_span_is_a_shift_from_the_meetings_date(
    understander: Understander, message: str, by_days: int
) -> None:
    understood = understander.understand(message, today=WEDNESDAY)
    assert understood.intent == intents.MoveMeeting("sdd-2027", None, by_days)


def test_a_span_from_today_is_still_a_date(understander: Understander) -> None:
    understood = understander.understand("move the sdd to two weeks from today", today=WEDNESDAY)
    assert understood.intent == intents.MoveMeeting("sdd-2027", date(2026, 12, 16))


@pytest.mark.parametrize(
    "message",
    ["who is away", "is anyone away?", "who's away this week", "can I see who is away?"],  # a search
)
def test_who_is_away_names_nobody_and_asks_for_everyone_away(understander: Understander, message: str) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intents.Absent()


def test_anyone_away_is_everyone_even_with_a_person_in_context(understander: Understander) -> None:
    """ "this" in "anyone off this week?" is a pronoun, which would have named the person asked about before."""
    context = ChatContext(person="kim", label="person")
    assert understander.understand("anyone off this week?", context, today=WEDNESDAY).intent == intents.Absent()


def test_only_a_timezone_asked_of_oneself_is_who_one_is(understander: Understander) -> None:
    """ "my timezone" is who I am, with my prompt hour; "who should I contact?" (an "I" too) is not."""
    assert understander.understand("my timezone", today=WEDNESDAY).intent == intents.Myself()
    assert understander.understand("who should I contact?", today=WEDNESDAY).intent != intents.Myself()


@pytest.mark.parametrize("message", ["요즘 출장 중이야?", "휴가 갔어?", "on leave now?"])
def test_an_absence_asked_after_a_person_is_theirs(understander: Understander, message: str) -> None:
    """Korean leaves out the "she" of "is she on leave now?": after who Lee is, 휴가 갔어? listed everyone away."""
    context = ChatContext(person="lee", label="person")
    assert understander.understand(message, context, today=WEDNESDAY).intent == intents.PersonInfo("lee")


@pytest.mark.parametrize(
    "message, expected",
    [
        # "Give the day you are back from as YYYY-MM-DD": 다음주 was read "next 주"
        ("나 다음주 휴가야", intents.Away(date(2026, 12, 13), starts=date(2026, 12, 7))),
        (
            "이번 라운드 마감이 언제야?",
            intents.Meetings(next_only=True),
        ),  # "The text does not mention “이번 라운드 마감”"
        ("차단된 분야 있어?", intents.StatusFilter(("blocked",))),  # every area's status, 차단 unread
    ],
)
def test_korean_words_of_the_round(understander: Understander, message: str, expected: intents.Intent) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize("message", ["who signed off on the partnership", "what is in and out of scope"])
def test_off_and_out_inside_a_phrase_are_no_absence(understander: Understander, message: str) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent != intents.Absent()


@pytest.mark.parametrize(
    "message",
    ["who do I talk to about port calls", "who should I contact about CRIMARIO", "who works on atalanta"],
)
def test_who_leads_a_subject_is_who_leads_the_area_the_text_treats_it_in(
    understander: Understander, message: str
) -> None:
    """ "who do I talk to about port calls" asked back whether the text was meant; the subject is §14's."""
    assert understander.understand(message, today=WEDNESDAY).intent == intents.WhoLeads(MARITIME)


def test_a_subject_named_is_not_the_area_in_context(understander: Understander) -> None:
    """ "who covers north korea" after a question on FIMI named FIMI's leads: the DPRK is in the preface (§3)
    and in Cyber issues (§16, its illicit cyber activities), not in FIMI, so every area's leads are the
    answer; after a question on cyber, cyber's leads are."""
    fimi = "Strategic Communications and countering Foreign Information Manipulation and Interference (FIMI)"
    context = ChatContext(area=fimi, label="who_leads")
    understood = understander.understand("who covers north korea", context, today=WEDNESDAY)
    assert understood.intent == intents.WhoLeads()
    context = ChatContext(area="Cyber issues", label="who_leads")
    understood = understander.understand("who covers north korea", context, today=WEDNESDAY)
    assert understood.intent == intents.WhoLeads("Cyber issues")
    assert understander.understand("who handles disinformation", context, today=WEDNESDAY).intent == (
        intents.WhoLeads(fimi)
    )


def test_a_subject_the_text_treats_in_the_area_in_context_stays_there(understander: Understander) -> None:
    """The United Nations is in several areas' paragraphs: after one of them, the status asked is that area's;
    "port calls", only Maritime Security's, is that area's after any other."""
    for area in ("Space security and defence", "Women, Peace and Security"):
        context = ChatContext(area=area, label="status")
        understood = understander.understand("status on the united nations", context, today=WEDNESDAY)
        assert understood.intent == intents.Status(area)
    context = ChatContext(area="Cyber issues", label="status")
    assert understander.understand("status of port calls", context, today=WEDNESDAY).intent == intents.Status(MARITIME)


@pytest.mark.parametrize(
    "message, intent",
    [
        # was "EU stands for European Union", the first name read as the one to define
        ("what's the EU's position on the DPRK", intents.Topic("the DPRK")),
        ("what is the EU position on north korea", intents.Topic("north korea")),
        ("what's korea's stance on russia", intents.Topic("russia")),
        ("what's the ROK's view on space", intents.Area("Space security and defence")),  # was its status
        ("what's our line on cyber", intents.Area("Cyber issues")),  # was a search for §13's "sea lines"
    ],
)
def test_a_sides_position_on_a_subject_asks_what_the_text_says_on_it(
    understander: Understander, message: str, intent: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


@pytest.mark.parametrize(
    "message, detail",
    [
        ("what are the firm commitments on maritime", "firm"),
        ("which maritime commitments are exploratory", "exploratory"),
    ],
)
def test_a_class_of_commitments_in_an_area_is_asked_of_that_area(
    understander: Understander, message: str, detail: str
) -> None:
    """ "what are the firm commitments on maritime" said "The text does not mention “firm”" over maritime's
    exploratory sub-items."""
    intent = understander.understand(message, today=WEDNESDAY).intent
    assert intent == intents.DocumentInfo("commitments", detail, area=MARITIME)


@pytest.mark.parametrize(
    "message, intent",
    [
        ("change status to on track", intents.EditUpdate(status="on_track")),
        ("mark it blocked", intents.EditUpdate(status="blocked")),
        ("wait, edit it — it's at risk not on track", intents.EditUpdate(status="at_risk")),  # not the one it is not
        ("what did I just report?", intents.ShowUpdate()),
        ("so what did I report last week", intents.ShowUpdate()),
        ("what did I report", intents.MyAreas()),  # every area of theirs, each with its last update
        ("how do I change the status of cyber", intents.Update("Cyber issues")),  # no status named: how to update
    ],
)
def test_a_lead_changes_or_sees_the_last_update_in_words(
    understander: Understander, message: str, intent: intents.Intent
) -> None:
    context = ChatContext(area=MARITIME, label="update")
    assert understander.understand(message, context, today=WEDNESDAY).intent == intent


@pytest.mark.parametrize(
    "message, intent",
    [
        ("what changed since last week", intents.Recent(date(2026, 11, 25))),
        ("anything new today?", intents.Recent(WEDNESDAY)),
        ("what's new this week", intents.Recent(date(2026, 11, 30))),  # its Monday
        ("updates since monday in maritime", intents.Recent(date(2026, 11, 30), MARITIME)),
        ("who reported in the last three days", intents.Recent(date(2026, 11, 29))),
        ("what's new since the last dialogue", intents.Status()),  # a meeting, not a day: where the areas stand
        ("update maritime: on track — held today", intents.Update(MARITIME, "on track — held today")),
        ("how many updates this round", intents.Missing()),  # was "The history of which area?"
    ],
)
def test_what_is_new_since_a_day_asks_for_the_updates_given_since(
    understander: Understander, message: str, intent: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


def test_a_dialogue_asked_of_an_area_is_asked_of_its_paragraphs(understander: Understander) -> None:
    context = ChatContext(area="Countering Hybrid threats", label="text")
    understood = understander.understand("is there a dialogue for it?", context, today=WEDNESDAY)
    assert understood.intent == intents.Mechanisms(area="Countering Hybrid threats")  # was the area's text again
    understood = understander.understand("same question for cyber", context, today=WEDNESDAY)
    assert understood.intent == intents.Area("Cyber issues")  # was "The text does not mention “question”"


@pytest.mark.parametrize(
    "message, intent",
    [
        ("이번 주 새로운 업데이트 있어?", intents.Recent(date(2026, 11, 30))),  # was an update, refused to a member
        ("지난주 이후 바뀐 거 있어?", intents.Recent(date(2026, 11, 25))),  # was "does not mention 지난주 이후"
        ("오늘 보고된 거 있어?", intents.Recent(WEDNESDAY)),
        ("분야 뭐뭐 있어?", intents.ListAreas()),
    ],
)
def test_korean_asks_what_is_new_and_which_areas_in_its_own_word_order(
    understander: Understander, message: str, intent: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


def test_who_funds_something_is_asked_of_the_text_not_its_leads(understander: Understander) -> None:
    """ "who funds CRIMARIO" named Maritime Security's leads; §8 says it is EU-funded."""
    intent = understander.understand("who funds CRIMARIO", today=WEDNESDAY).intent
    assert isinstance(intent, intents.Topic) and "CRIMARIO" in intent.query


def test_a_day_of_the_month_alone_is_read_from_the_date_it_moves() -> None:
    """ "the 2nd" of a meeting on 30 January is 2 February; the 31st is in a month that has one."""
    assert nearest_day_of_month(date(2027, 1, 30), 2) == date(2027, 2, 2)
    assert nearest_day_of_month(date(2027, 3, 15), 20) == date(2027, 3, 20)
    assert nearest_day_of_month(date(2027, 3, 15), 1) == date(2027, 3, 1)
    assert nearest_day_of_month(date(2027, 4, 10), 31) == date(2027, 3, 31)
    assert nearest_day_of_month(date(2026, 12, 30), 3) == date(2027, 1, 3)
    assert day_of_month_alone("move the sdd to the 20th") == 20
    assert day_of_month_alone("move the sdd to the 20th of march") is None
    assert day_of_month_alone("may we move it to the 20th") == 20


@pytest.mark.parametrize(
    "message, intent",
    [
        # was "Only chairs and admins can change meetings.", or the day one is back asked for
        ("cancel my leave", intents.Away(None, cancel=True)),
        ("I'm not going away after all", intents.Away(None, cancel=True)),
        ("please scrap my planned leave", intents.Away(None, cancel=True)),
        ("cancel my leave from 2027-01-05", intents.Away(None, cancel=True, starts=date(2027, 1, 5))),
        ("cancel kim's absence", intents.Away(None, "kim", cancel=True)),  # an admin's; the handler checks
        ("휴가 취소해줘", intents.Away(None, cancel=True)),
        ("actually cancel that leave", intents.Away(None, cancel=True)),  # was a meeting to cancel
    ],
)
def test_an_absence_is_cancelled_in_words(understander: Understander, message: str, intent: intents.Intent) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


def test_that_leave_is_the_senders_and_her_leave_the_person_talked_of(understander: Understander) -> None:
    """ "cancel that leave" after who Rossi is: "that" is no person, the leave is the sender's."""
    context = ChatContext(label="person", person="rossi")
    assert understander.understand("cancel that leave", context, today=WEDNESDAY).intent == intents.Away(
        None, cancel=True
    )
    cancelled = understander.understand("cancel his leave", context, today=WEDNESDAY).intent
    assert cancelled == intents.Away(None, "rossi", cancel=True)


@pytest.mark.parametrize(
    "message, intent",
    [
        # was away from today until 5 Jan: no prompts for the three weeks before the leave
        ("I'm on leave from 20 dec to 5 jan", intents.Away(date(2027, 1, 5), starts=date(2026, 12, 20))),
        ("out 20/12 - 5/1", intents.Away(date(2027, 1, 5), starts=date(2026, 12, 20))),
        # was "back" at once, which deleted the leave to come
        ("actually I'm back on the 5th", intents.Away(date(2026, 12, 5), back=True)),
        ("back on 2027-01-03", intents.Away(date(2027, 1, 3), back=True)),
        ("12월 20일부터 1월 5일까지 휴가", intents.Away(date(2027, 1, 5), starts=date(2026, 12, 20))),
        ("3일에 복귀해", intents.Away(date(2026, 12, 3), back=True)),  # was back at once, "3" read as no day
        # a period said: its first day (was back at once, the leave marked until then ended today)
        ("I'm back in March", intents.Away(date(2027, 3, 1), back=True)),
        ("I won't be back until mid-january", intents.Away(date(2027, 1, 15), back=True)),
        ("back next week", intents.Away(date(2026, 12, 7), back=True)),
        ("3월에 복귀해요", intents.Away(date(2027, 3, 1), back=True)),
        # "Give the day you are back from as YYYY-MM-DD": a week said is its Monday to its Sunday
        ("I'm off next week", intents.Away(date(2026, 12, 13), starts=date(2026, 12, 7))),
        ("away this week", intents.Away(date(2026, 12, 6), starts=WEDNESDAY)),
        ("away until next week", intents.Away(date(2026, 12, 9))),  # a day to be back by: a week from today
        # the first day's month is the last day's: was from 5 December (a month away), and 10 March in January
        ("away from 5 to 8 January", intents.Away(date(2027, 1, 8), starts=date(2027, 1, 5))),
        ("on leave from the 10th to the 14th of march", intents.Away(date(2027, 3, 14), starts=date(2027, 3, 10))),
        ("away from 28 to 3 January", intents.Away(date(2027, 1, 3), starts=date(2026, 12, 28))),  # across the year
        ("I will be on leave 20-24 december", intents.Away(date(2026, 12, 24), starts=date(2026, 12, 20))),  # was asked
        ("im off 20-24 dec", intents.Away(date(2026, 12, 24), starts=date(2026, 12, 20))),  # was §14(a) quoted on "off"
        ("on mission 3-7 march", intents.Away(date(2027, 3, 7), starts=date(2027, 3, 3))),
    ],
)
def test_an_absence_is_read_with_its_first_day_and_a_return_with_its_day(
    understander: Understander, message: str, intent: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


@pytest.mark.parametrize(
    "message, intent",
    [
        ("what do I still need to report?", intents.MyAreas()),  # was every area's missing list
        ("what's the status of my areas", intents.MyAreas()),  # was "I know no area called “my areas”"
        # outside an update, as "later" in one (was the help, which says how a round is put off)
        ("remind me tomorrow", intents.Snooze(tomorrow=True)),
        ("can you remind me later?", intents.Snooze()),  # was "Only chairs and admins send reminders"
        ("remind me what FIMI means", intents.Glossary("FIMI")),
    ],
)
def test_a_lead_asks_of_their_own_areas(understander: Understander, message: str, intent: intents.Intent) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


CRISIS = (
    "International peace and crisis management, including peacekeeping operations and CSDP (Common Security and "
    "Defence Policy) missions and operations"
)


@pytest.mark.parametrize(
    "message, intent",
    [
        # each was a search of the text (or "The text does not mention …")
        ("skip this round", intents.DeclineRound()),
        ("can I skip this round?", intents.DeclineRound()),
        ("I can't report this round, I'm travelling", intents.DeclineRound("I'm travelling")),
        (
            "sorry I won't be able to update this time - on mission in Kenya until the 20th",
            intents.DeclineRound("on mission in Kenya until the 20th"),
        ),
        ("I have nothing to report", intents.Update()),  # its first question offers "no change"
        ("maritime: no change", intents.Update(MARITIME, no_change=True)),  # was a search of the text
        ("same as last time for maritime", intents.Update(MARITIME, no_change=True)),  # was its history
        ("I can't make this round, travelling", intents.DeclineRound("travelling")),  # was a search of the text
        # no area named: the update, which asks which of the lead's areas (were a search, and an area's history)
        ("nothing new this week", intents.Update(None, no_change=True)),
        ("same as last time", intents.Update(None, no_change=True)),
        ("skip this week's update", intents.DeclineRound()),  # was the updates since Monday
        ("skip my update this time", intents.DeclineRound()),  # "this time" is when, not why
        # how updates are given (were a search quoting §41 on "progress", the whole help, and the next Dialogue)
        ("what should I write in progress?", intents.Reporting()),
        ("can you give me a template?", intents.Reporting()),
        ("can I report for both areas at once?", intents.Reporting()),
        ("how long does an update take?", intents.Reporting()),
        ("did the chairs read my update?", intents.ShowUpdate()),  # was the chairs' names
        ("when was cyber last reported on?", intents.History("Cyber issues")),
        # how the bot runs (were searches of the text, "export" quoting §28's export controls)
        ("is the bot healthy?", intents.Operations()),
        ("what version are you?", intents.Operations()),
        ("did any delivery fail?", intents.Operations()),
        ("export everything", intents.Exports()),
        ("last update on cyber?", intents.Status("Cyber issues")),  # was an update of cyber begun
        # who leads is the file's, which an admin changes (were cyber's leads, and a search of the text)
        ("I'm the new lead for cyber", intents.Access()),
        ("I'm no longer on maritime", intents.Access()),
        # an update taken back: reopened to withdraw (were an update begun, a search, a greeting, "update 삭제")
        ("can I delete an update?", intents.EditUpdate(withdraw=True)),
        ("oops that was for space not cyber", intents.EditUpdate(withdraw=True)),  # the update just given
        ("wrong area, sorry", intents.EditUpdate(withdraw=True)),
        ("업데이트 삭제해줘", intents.EditUpdate(withdraw=True)),
        ("delete my cyber update", intents.EditUpdate("Cyber issues", withdraw=True)),
        # an area's status told: were a search of the text, and cyber's open blockers
        ("maritime is blocked, dates not agreed", intents.Update(MARITIME, said="blocked, dates not agreed")),
        ("cyber is blocked, waiting for MOFA", intents.Update("Cyber issues", said="blocked, waiting for MOFA")),
        ("is maritime blocked?", intents.Status(MARITIME)),  # asked: already so
        ("maritime is blocked?", intents.Status(MARITIME)),
        ("I can't report this round, sorry", intents.DeclineRound()),  # an apology is no reason: it is asked
        ("what's the deadline?", intents.Meetings(next_only=True)),  # the round's dates
        ("is the crisis management update overdue?", intents.Status(CRISIS)),  # who has not reported there
        ("is rossi's update overdue?", intents.PersonInfo("rossi")),  # already so: kept by the area's reading
        ("are any updates late?", intents.Missing()),  # already so
        ("who hasn't reported on maritime?", intents.Status(MARITIME)),  # was every area's missing list
        # as people write them, opening word and all (each was a search of the text, the first quoting §11 on
        # "mission")
        (
            "hey, cant do the update this round - im on mission till end of feb",
            intents.DeclineRound("im on mission till end of feb"),
        ),
        ("ok whats the deadline", intents.Meetings(next_only=True)),
        ("who else is on maritime w/ me?", intents.WhoLeads(MARITIME)),
        ("hey can u tell me about space", intents.Area("Space security and defence")),  # "does not mention “u”"
        # was the refusal to move a meeting
        (
            "change the progress to port call moved to May",
            intents.EditUpdate(field="progress", words="port call moved to May"),
        ),
        (
            "add a blocker: MOFA approval pending",  # was a search of the text quoting §6(b) on “MOFA”
            intents.EditUpdate(field="blockers", words="MOFA approval pending", added=True),
        ),
        (
            "change the next steps on maritime to agree the date",
            intents.EditUpdate(area=MARITIME, field="next_steps", words="agree the date"),
        ),
        (  # a colon after "to": was a search of the text
            "actually change the next steps to: agree the date",
            intents.EditUpdate(field="next_steps", words="agree the date"),
        ),
        ("can I see what Lee said about hybrid?", intents.Status("Countering Hybrid threats")),
        # what a chair should look at first: were "The text does not mention “attention”" and the like
        ("was my report received?", intents.ShowUpdate()),  # was the update reopened to edit
        ("who will read the digest?", intents.DigestDelivery()),  # was the digest itself
        ("who will see my update?", intents.Access()),  # was the update reopened to edit
        # a brief on one area: its status, which quotes its commitments (was "The text does not mention “points”")
        ("give me talking points on maritime", intents.Status(MARITIME)),
        ("what should the minister know about cyber?", intents.Status("Cyber issues")),
        ("talking points for the minister", intents.DigestPreview()),  # already so: the whole digest
        ("what needs my attention?", intents.StatusFilter(("blocked", "at_risk"))),
        ("did anyone flag anything urgent?", intents.StatusFilter(("blocked", "at_risk"))),
        ("what should I worry about?", intents.StatusFilter(("blocked", "at_risk"))),
        ("what is urgent in the text?", intents.Topic("what is urgent in the text")),  # the text's, searched
        # a number asked: Maritime Security was quoted whole, as if it answered
        ("how many ships are involved?", intents.Topic("how many ships are involved", figure=True)),
        (
            "how much funding is there for maritime?",
            intents.Topic("how much funding is there for maritime", figure=True),
        ),
        ("how many areas are there?", intents.ListAreas()),  # already so: counted by the answer
        # one side's leads' reports: were the history of no area, and §18 quoted on "both sides" as the answer
        # readiness: was "The text does not mention “ready”" with the area's text quoted
        ("is maritime ready for the sdd?", intents.Status(MARITIME)),
        ("are we ready for the SDD?", intents.Status()),
        ("is everything ready for the sdd", intents.Status()),
        ("is the digest ready?", intents.DigestPreview()),  # already so
        ("what did the ROK leads report?", intents.Status(side="ROK")),
        ("anything from the EU side?", intents.Status(side="EU")),
        ("how are the EU leads doing?", intents.Status(side="EU")),
        ("any updates from the Korean side?", intents.Status(side="ROK")),
        ("what did the korean side say about maritime?", intents.Status(MARITIME, side="ROK")),
        ("remind me what I said last time about crisis management", intents.ShowUpdate(CRISIS)),
        ("how many updates came in this week?", intents.Recent(date(2026, 11, 30))),
        ("who do I send the update to?", intents.Reporting()),
        ("what's the agenda?", intents.Meetings(next_only=True, outcome=True)),  # was the WPS agenda, §38
        ("who is my co-lead?", intents.MyAreas()),  # was every area's leads; each of one's areas names them
        ("who's my counterpart on the EU side?", intents.MyAreas()),  # was a search of the text for "counterpart"
        ("who is my co-lead on maritime?", intents.WhoLeads(MARITIME)),  # already so: that area's leads
        ("stop reminding me", intents.Reminders()),  # was "The text does not mention “stop reminding”."
        ("unsubscribe", intents.Reminders()),
        ("stop sending me reminders", intents.Reminders()),  # was who has not reported
        # when reminders come, and where that is set (were searches of the text)
        ("change my reminder time to 8am", intents.Myself()),
        ("can I get my reminders at 8?", intents.Myself()),
        # the term the other qualifies: was "EU stands for European Union"
        ("what is EU CRIMARIO", intents.Glossary("CRIMARIO")),
        ("what's the EU's ESIWA project", intents.Glossary("ESIWA")),
        ("what is CSDP in the EU", intents.Glossary("CSDP")),  # already so: terms apart, the first
    ],
)
def test_leads_and_chairs_everyday_words(understander: Understander, message: str, intent: intents.Intent) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


@pytest.mark.parametrize(
    "message, intent",
    [
        # an acronym the text lacks: was every area's status ("what's" opens most status questions)
        ("what's PESCO?", intents.Glossary("PESCO")),
        ("what's NATO?", intents.Glossary("NATO")),  # was a search, which said the same less plainly
        ("what's CSDP?", intents.Glossary("CSDP")),  # already so: the text's own
        ("what's new?", intents.Status()),  # was a search of the text quoting §24 on "new"
        ("anything new?", intents.Status()),
        ("what changed?", intents.Status()),
        ("anything new on maritime?", intents.Status(MARITIME)),  # already so
        ("what changed since last week?", intents.Recent(date(2026, 11, 25))),  # already so: a day is said
        ("what's up?", intents.Status()),  # was a search of the text quoting §38 on "follow-up"
        ("what's up with cyber?", intents.Status("Cyber issues")),  # already so
        ("what's up with the digest?", intents.DigestPreview()),  # already so: the digest's, not every area's
        ("which missions are named?", intents.Topic("which missions are named")),  # was who has not reported
        ("which areas are named?", intents.ListAreas()),  # already so
        ("send me the full text", intents.DocumentInfo("overview")),  # was §38 quoted on "full implementation"
        ("what is the EU's role in maritime?", intents.Area(MARITIME)),  # was "EU stands for European Union"
        ("whats the EU role in space", intents.Area("Space security and defence")),
        ("the EU's position on the DPRK", intents.Topic("the DPRK")),  # already so
        (  # was a search of the text for "difference"
            "what's the difference between maritime and cyber?",
            intents.Areas((MARITIME, "Cyber issues")),
        ),
        # what a chair looks at first: were "The text does not mention “top”", and every area's status
        ("what are the top 3 issues?", intents.StatusFilter(("blocked", "at_risk"))),
        ("what are the main problems?", intents.StatusFilter(("blocked", "at_risk"))),
        ("key issues in the text?", intents.Topic("key issues in the text")),  # the text's: searched
        # a lead's own reports: were the history of no area, and a search of the text
        ("show me my updates", intents.ShowUpdate()),
        ("list my updates", intents.ShowUpdate()),
        # a lead putting the update off to a day: was the update begun at once, or a search of the text
        ("I'll send the update on friday", intents.Snooze(on=date(2026, 12, 4))),
        ("will send my update next week", intents.Snooze(on=date(2026, 12, 7))),
        ("I'll do my update tomorrow", intents.Snooze(tomorrow=True)),
        ("I'll do it later", intents.Snooze()),
        ("i'll get the update to you monday", intents.Snooze(on=date(2026, 12, 7))),
        ("remind me on monday", intents.Snooze(on=date(2026, 12, 7))),  # was "later": the next prompt hour
        ("I'll send the update", intents.Update()),  # already so: no time said, the update now
        # whether someone else may report: was the update reopened to edit, or who has not reported
        ("can someone else do my update?", intents.MyAreas(on_behalf=True)),
        ("can my deputy do the update?", intents.MyAreas(on_behalf=True)),
        ("can I have someone cover my update while I'm away?", intents.MyAreas(on_behalf=True)),
        ("can a colleague update for me?", intents.MyAreas(on_behalf=True)),  # was the general help
        ("who else can report for me?", intents.MyAreas(on_behalf=True)),
        ("can I update by email?", intents.Reporting()),  # how updating works
        ("who is my co-lead?", intents.MyAreas()),  # already so
        # people and meetings: were the next Dialogue's date ("back"), the document's overview, §38 quoted on the
        # WPS agenda, "The text does not mention “days left”", and cyber's text, or an update begun
        ("when is kim back?", intents.PersonInfo("kim")),
        ("when will rossi return?", intents.PersonInfo("rossi")),  # already so
        ("when is she back?", intents.Absent()),  # nobody in context: everyone away
        ("who's going?", intents.Meetings(next_only=True, outcome=True)),
        ("who attends the dialogue?", intents.Meetings(next_only=True, outcome=True)),
        ("what's on the agenda?", intents.Meetings(next_only=True, outcome=True)),
        ("how many days left?", intents.Meetings(next_only=True)),
        ("who else is on cyber?", intents.WhoLeads("Cyber issues")),
        ("who's going to update maritime?", intents.WhoLeads(MARITIME)),
        # the bot itself: were searches of the text ("can I talk to a human?" quoted §37 on human trafficking)
        ("who are you?", intents.SmallTalk("bot")),
        ("are you a real person?", intents.SmallTalk("bot")),
        ("can I talk to a human?", intents.SmallTalk("bot")),
        ("너 누구야?", intents.SmallTalk("bot")),  # was the chairs
        ("hello", intents.SmallTalk()),  # already so
        # the document's age and version: were a search, and every area's status
        ("how old is the text?", intents.DocumentInfo("overview")),
        ("what's the latest version?", intents.DocumentInfo("overview")),
        ("what's the latest?", intents.Status()),  # already so: the latest updates
        # where a meeting is held: the first two asked for a new date, the others were searches of the text
        ("the SDD is moved to Seoul", intents.MoveMeeting("sdd-2027", None, place="Seoul")),
        ("move the SDD to 20 March in Busan", intents.MoveMeeting("sdd-2027", date(2027, 3, 20), place="Busan")),
        ("change the venue of the SDD to busan", intents.MoveMeeting("sdd-2027", None, place="busan")),
        ("the dialogue will be in Busan instead", intents.MoveMeeting("sdd-2027", None, place="Busan")),
        ("can we hold the SDD in Busan instead?", intents.MoveMeeting("sdd-2027", None, place="Busan")),
        ("move the SDD to March", intents.MoveMeeting("sdd-2027", None)),  # no place, nor a day: asked for one
        ("move the SDD to the 20th", intents.MoveMeeting("sdd-2027", None, day=20)),  # already so
        # what a person reported: were searches of the text ("The text does not mention “rossi”")
        ("what did rossi report?", intents.PersonInfo("rossi", reports=True)),
        ("what has lee reported?", intents.PersonInfo("lee", reports=True)),
        ("what did rossi report last?", intents.PersonInfo("rossi", reports=True)),  # with what he wrote
        ("who is rossi", intents.PersonInfo("rossi")),  # already so: who he is
        # a side's people: were every area's leads, and a search of the text
        ("who is the point of contact in Seoul?", intents.People("ROK")),
        ("who do I call at MOFA?", intents.People("ROK")),
        ("who's our contact at the EEAS?", intents.People("EU")),
        ("who represents the EU?", intents.People("EU")),
        ("who do I talk to about space", intents.WhoLeads("Space security and defence")),  # already so
        # an admin's changes to the working group: were cyber's leads, the chairs, and a search of the text
        ("add choi as lead for cyber", intents.Access()),
        ("make rossi a chair", intents.Access()),
        ("remove lee from the working group", intents.Access()),
        ("add a new lead", intents.Access()),  # already so
        ("name of the lead for WPS", intents.WhoLeads("Women, Peace and Security")),  # kept: no one named a lead
        ("who represents the EU at the security and defence dialogue", intents.Mechanisms(SDD_NAME)),  # kept
        # who changed a meeting: were the last Dialogue held, and a search of the text for "changed date"
        ("who moved the SDD?", intents.Meetings(next_only=True, kind=SDD, changes=True)),
        ("who changed the SDD date?", intents.Meetings(next_only=True, kind=SDD, changes=True)),
        ("has the dialogue been moved?", intents.Meetings(next_only=True, changes=True)),
        ("when was the SDD?", intents.Meetings(kind=SDD, last=True)),  # already so: the one held
        # the meetings' calendar file: were a new SDD to schedule (asked its date), and searches of the text
        ("add the SDD to my calendar", intents.Meetings()),
        ("send me a calendar invite", intents.Meetings()),
        ("can I get an ics?", intents.Meetings()),
        # a chair asking to change the digest, or to have it again: was the digest itself, previewed
        ("postpone the digest", intents.DigestDelivery(change=True)),
        ("can the digest go out earlier?", intents.DigestDelivery(change=True)),
        ("don't send the digest yet", intents.DigestDelivery(change=True)),
        ("send the digest to my deputy too", intents.DigestDelivery(change=True)),
        ("I didn't get the digest", intents.DigestDelivery(change=True)),
        ("send me the digest", intents.DigestPreview()),  # already so: the digest itself
        ("has the digest gone out?", intents.DigestDelivery()),  # already so
        # what one side commits to (was every commitment by class), and what a commitment not kept means
        ("what are the EU's commitments?", intents.DocumentInfo("sides", "EU")),
        ("what are korea's commitments", intents.DocumentInfo("sides", "ROK")),
        ("what happens if one side doesn't deliver?", intents.DocumentInfo("nature")),  # was a search for "side"
        ("are there penalties for non-compliance?", intents.DocumentInfo("nature")),
        # a count of the text's paragraphs (were "no number or amount", and a dialogue's frequency)
        ("how many paragraphs mention cyber?", intents.Topic("cyber", mentions=True)),
        ("how often is space mentioned?", intents.Topic("space", mentions=True)),
        ("how often does the space dialogue meet?", intents.Mechanisms("Dialogue on Space Security")),  # still
        # as a chair asks before the Dialogue: were a search of the text, "You lead no area", and a search again
        ("give me a one-pager on cyber", intents.Status("Cyber issues")),
        ("what should I raise with my counterpart?", intents.StatusFilter(("blocked", "at_risk"))),
        ("which areas haven't moved since the last SDD?", intents.Missing()),
        ("which areas have gone quiet?", intents.Missing()),
        ("ping rossi about space", intents.Nudge("rossi")),  # was a search of the text for "ping rossi"
        ("tell kim to hurry up", intents.Nudge("kim")),  # was who Kim is
        ("summarise cyber in one line", intents.Area("Cyber issues")),  # was a search for "one line"
        # the answer missed, said (was a search quoting §1 on "not"), and how Korean is answered (the overview)
        ("that's not what I asked", intents.SmallTalk("misread")),
        ("wrong answer", intents.SmallTalk("misread")),
        ("in Korean please", intents.SmallTalk("language")),
        ("한국어로 답해줘", intents.SmallTalk("language")),
        ("what is FIMI in Korean?", intents.Glossary("FIMI")),  # already so
        ("what's pending on maritime?", intents.Status(MARITIME)),  # was a search of the text for "pending"
        ("who is the EU's counterpart at MND?", intents.People("ROK")),  # at MND: was a search for "counterpart"
        ("what did the last SDD decide?", intents.Meetings(kind=SDD, last=True, outcome=True)),  # was its "history"
        # a meeting's day said as chairs say it (were searches of the text), and where it is hosted
        ("let's do the SDD on 22 March instead", intents.MoveMeeting("sdd-2027", date(2027, 3, 22))),
        ("the SDD is confirmed for 15 March", intents.MoveMeeting("sdd-2027", date(2027, 3, 15))),
        ("move the SDD to 22 March instead", intents.MoveMeeting("sdd-2027", date(2027, 3, 22))),  # asked the day
        ("the SDD is on 22 March?", intents.Topic("the SDD is on 22 March")),  # asked: nothing is moved
        ("add a prep meeting on 1 March", intents.ScheduleMeeting("prep meeting", date(2027, 3, 1), None)),
        ("who's hosting this year?", intents.Meetings(next_only=True)),
        # one question of several areas: each one's (was "I know no area called “space and cyber”")
        (
            "who leads space and cyber?",
            intents.Each((intents.WhoLeads("Space security and defence"), intents.WhoLeads("Cyber issues"))),
        ),
        (
            "blockers on cyber and hybrid",
            intents.Each((intents.Blockers("Cyber issues"), intents.Blockers("Countering Hybrid threats"))),
        ),
        (
            "status of peace mediation and conflict prevention",
            intents.Status("Peace mediation and conflict prevention"),
        ),
    ],
)
def test_what_members_write_freely(understander: Understander, message: str, intent: intents.Intent) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


@pytest.mark.parametrize(
    "message, intent",
    [
        # the same in Korean, whose gloss drops the endings that carry them: each was a search of the text, the
        # digest itself ("digest ?"), every area's leads, or the refusal to send reminders
        ("다이제스트 보냈어?", intents.DigestDelivery()),
        ("작업반 구성원 누구야?", intents.People()),
        ("한국측 사람들 누구야?", intents.People("ROK")),
        ("이번 라운드 건너뛸게", intents.DeclineRound()),
        ("보고할 게 없어", intents.Update()),
        ("내 공동 담당자 누구야?", intents.MyAreas()),
        ("알림 그만 보내줘", intents.Reminders()),
        ("의제가 뭐야?", intents.Meetings(next_only=True, outcome=True)),
        ("더 자세히 알려줘", intents.NeedsSubject("text")),
        ("한국 측 보고는?", intents.Status(side="ROK")),  # was an update opened for a chair
        ("EU 측에서 업데이트 있어?", intents.Status(side="EU")),
        # a lead's line: were searches of the text, and an absence without its day
        ("사이버 변경 없음", intents.Update("Cyber issues", no_change=True)),
        ("사이버는 지연, MOFA 승인 대기 중", intents.Update("Cyber issues", said="at risk, MOFA 승인 대기 중")),
        ("이번 라운드 못 해, 출장 중", intents.DeclineRound("출장 중")),  # its reason as written
        # where an area stands: were its text quoted, and an update begun (refused to a member)
        (
            "대테러 협력은 어떻게 돼가?",
            intents.Status("Counterterrorism (CT), preventing/countering violent extremism (P/CVE)"),
        ),
        ("사이버 최근 업데이트", intents.Status("Cyber issues")),
        ("해양 안보 최근 보고 보여줘", intents.Status(MARITIME)),
        ("사이버 업데이트", intents.Update("Cyber issues")),  # already so: a lead's update
        # a Korean lead: the update reopened to edit, begun at once, away from 5 January until 10 December (read as
        # until 5 January), and an update begun
        ("내 업데이트 보여줘", intents.ShowUpdate()),
        ("내 업데이트 수정", intents.EditUpdate()),  # already so
        ("금요일에 업데이트 보낼게", intents.Snooze(on=date(2026, 12, 4))),
        ("1월 5일부터 10일까지 휴가", intents.Away(date(2027, 1, 10), starts=date(2027, 1, 5))),
        ("사이버 차단 해결됐어", intents.Resolved("Cyber issues")),
        ("잘 되고 있는 분야는?", intents.StatusFilter(("on_track",))),  # "which areas are going well?": was the list
        ("사이버 잘 되고 있어?", intents.Status("Cyber issues")),  # already so
        # a Korean chair scheduling: the words after the date were all the place ("Seoul when 등록"), and a month
        # alone was a day of this one (내년 3월 was scheduled on 3 December)
        (
            "우주안보대화 12월 2일 서울 일정 등록해줘",
            intents.ScheduleMeeting("Dialogue on Space Security", date(2026, 12, 2), "Seoul"),
        ),
        ("내년 3월에 안보국방대화 잡아줘", intents.ScheduleMeeting("ROK-EU Security and Defence Dialogue", None, None)),
        # kept as they were while the readings above were added
        ("위기관리 진행상황 보고합니다", intents.Update(CRISIS)),  # a lead reporting, not asking where it stands
        ("sdd-2027 날짜 2027-03-18로 수정", intents.MoveMeeting("sdd-2027", date(2027, 3, 18))),
        ("우주안보대화는 언제 시작해?", intents.Mechanisms("Dialogue on Space Security")),
        # a Korean chair: were asked back (moving or scheduling?), a new SDD to schedule, "does not mention 시급
        # 문제", and the text that sets the Dialogue up
        ("안보국방대화를 3월 20일로 옮겨줘", intents.MoveMeeting("sdd-2027", date(2027, 3, 20))),
        ("안보국방대화 일정 변경해줘", intents.MoveMeeting("sdd-2027", None)),
        ("가장 시급한 문제는?", intents.StatusFilter(("blocked", "at_risk"))),
        ("안보국방대화 언제야?", intents.Meetings(next_only=True, kind=SDD)),
        ("우주안보대화 언제 출범했어?", intents.Status("Space security and defence")),  # already so
        # who has not reported: was asked back between giving an update and who has not
        ("업데이트 안 한 사람 누구야?", intents.Missing()),
        ("보고 안 한 분야", intents.Missing()),  # was the list of areas
        ("아직 보고 안 한 사람들한테 알림 보내줘", intents.Nudge()),  # already so: a nudge
        ("사이버 관련 문단 몇 개야?", intents.Topic("cyber", mentions=True)),  # was cyber's paragraphs, uncounted
        ("기후변화 관련 내용 있어?", intents.Topic("climate change about text")),  # glossed: was searched as written
        # a lead's everyday Korean: were an update begun, an edit reopened, and "I know no area called “?”"
        ("다음 주에 보고할게", intents.Snooze(on=date(2026, 12, 7))),
        ("내 업데이트 의장들이 봤어?", intents.ShowUpdate()),
        ("업데이트 어떻게 해?", intents.Reporting()),
        ("진행 상황에 뭐 써야 해?", intents.Reporting()),
        ("해양안보 업데이트 할게", intents.Update(MARITIME)),  # already so: now, not put off
    ],
)
def test_the_same_asked_in_korean(understander: Understander, message: str, intent: intents.Intent) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


def test_a_korean_move_says_which_and_is_not_asked_back(understander: Understander) -> None:
    """안보국방대화를 3월 20일로 옮겨줘 ("move the SDD to 20 March") asked whether to move a meeting or schedule one."""
    understanding = understander.understand("안보국방대화를 3월 20일로 옮겨줘", today=WEDNESDAY)
    assert understanding.intent == intents.MoveMeeting("sdd-2027", date(2027, 3, 20))
    assert understanding.options == ()


def test_blockers_asked_with_a_please_is_not_asked_back(understander: Understander) -> None:
    """ "blockers pls" was every blocked area (the form without the "pls"), then asked back between the two."""
    understanding = understander.understand("blockers pls", today=WEDNESDAY)
    assert understanding.intent == intents.Blockers() and understanding.options == ()


@pytest.mark.parametrize(
    "message, intent",
    [
        ("what's the last paragraph?", ParagraphRef(41)),  # was the document's overview
        ("first paragraph", ParagraphRef(1)),  # was "Which paragraph?"
        ("what does the final paragraph say?", ParagraphRef(41)),
        ("who wrote this?", intents.DocumentInfo("overview")),  # was who has not reported
        ("how long is the text?", intents.DocumentInfo("overview")),  # was "The text does not mention “long”."
        ("can I share this with my minister?", intents.DocumentInfo("classification")),  # was a lead's refusal
        ("is it public?", intents.DocumentInfo("classification")),  # was a search of the text
        ("who's in the working group?", intents.People()),  # was the chairs
        ("who's on the ROK side?", intents.People("ROK")),  # was a search of the text for “ROK side”
        ("who are the korean members?", intents.People("ROK")),  # was "The text does not mention “members”."
        ("how many leads are there?", intents.People()),  # was "The text does not mention “leads”."
        ("has the digest gone out?", intents.DigestDelivery()),  # was the digest, previewed
        ("has kim been reminded?", intents.RemindersSent("kim")),  # was who has not reported
        ("how many reminders went out?", intents.RemindersSent()),  # was §4 quoted on “out”
        ("who gets the digest?", intents.DigestDelivery()),
        ("what does the ROK commit to alone?", intents.DocumentInfo("sides", "ROK")),  # "does not mention “alone”"
        ("what does the EU commit to?", intents.DocumentInfo("sides", "EU")),  # was asked back
        ("compare what the EU and ROK commit to", intents.DocumentInfo("sides")),  # was the document's overview
        ("what did the EU commit on cyber", intents.Area("Cyber issues")),  # already so: an area's, its text
    ],
)
def test_members_and_chairs_ask_of_the_document_the_group_and_the_digest(
    understander: Understander, message: str, intent: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


@pytest.mark.parametrize(
    "message, intent",
    [
        ("what did rossi report last", intents.PersonInfo("rossi", reports=True)),  # was "The history of which area?"
        ("김민준 최근 보고 뭐야?", intents.PersonInfo("kim", reports=True)),  # was a search for "김민 준 recent"
        ("what did rossi report last on space", intents.History("Space security and defence")),
        # was "The text does not mention “next 준비 상황”"
        ("다음 안보국방대화 준비 상황 요약해줘", intents.DigestPreview("sdd-2027")),
        ("북한 상황은?", intents.Topic("DPRK situation")),  # 상황 is a situation, not a status
    ],
)
def test_a_persons_last_report_and_the_brief_before_the_dialogue_in_either_language(
    understander: Understander, message: str, intent: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intent


@pytest.mark.parametrize(
    "message, expected",
    [
        ("remind rossi", intents.Nudge("rossi")),
        ("can you chase kim for the maritime update", intents.Nudge("kim")),
        ("reminder to novak please", intents.Nudge("novak")),
        ("chase the leads who haven't reported", intents.Nudge()),
        ("김민준한테 보고 독촉해줘", intents.Nudge("kim")),
        ("nudge the cyber leads", intents.Nudge(area="Cyber issues")),
        ("미보고자에게 독촉 메시지 보내줘", intents.Nudge()),
        # nobody it knows, and not everyone: asked whom rather than everyone reminded
        ("로시에게 독촉해줘", intents.NeedsSubject("nudge")),
        ("send the reminders now", intents.NeedsSubject("nudge")),
        # asked, not told: nothing is sent (a reminder is a message to someone else); what the round has sent
        # them (these were who has not reported, before that could be said)
        ("did you remind rossi", intents.RemindersSent("rossi")),
        ("has rossi been reminded?", intents.RemindersSent("rossi")),
        ("when will leads be reminded", intents.Meetings(next_only=True)),
    ],
)
def test_a_reminder_is_sent_only_when_told_to(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize(
    "message, expected",
    [
        ("has the space dialogue been launched", intents.Status("Space security and defence")),
        ("is the maritime dialogue up and running?", intents.Status(MARITIME)),
        ("has the SDD met this year?", intents.Meetings(kind="rok-eu-security-and-defence-dialogue", last=True)),
        ("우주안보대화 출범했어?", intents.Status("Space security and defence")),
        # asked of the text, or of the next meeting: not of progress
        (
            "is the next SDD held in Seoul?",
            intents.Meetings(next_only=True, kind="rok-eu-security-and-defence-dialogue"),
        ),
    ],
)
def test_whether_a_dialogue_has_started_is_asked_of_its_progress(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize(
    "message, expected",
    [
        # was what the text says on "maritime dialogue", which sets it up with no date
        ("when will the maritime dialogue start", intents.Meetings(next_only=True, kind="maritime-security-dialogue")),
        (
            "when does the cyber consultation meet",
            intents.Meetings(next_only=True, kind="eu-rok-cyber-policy-consultation"),
        ),
        # a subject that is no dialogue: what the text says on it
        ("by when should the port calls happen", intents.Topic("by when should the port calls happen")),
    ],
)
def test_when_a_dialogue_starts_is_asked_of_the_calendar(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize(
    "message", ["한국측 사이버 담당자는?", "who's the ROK lead for cyber", "cyber lead on the korean side"]
)
def test_one_sides_lead_is_asked_for_in_either_language(understander: Understander, message: str) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intents.WhoLeads("Cyber issues", side="ROK")


@pytest.mark.parametrize(
    "message, expected",
    [
        # a search of the text: "The text does not mention “updates”", §15 and §16 quoted
        ("summarise the cyber updates", intents.History("Cyber issues")),
        ("what have the cyber leads said", intents.Status("Cyber issues")),  # who the leads are
        # a search of the text, §36's "risks that both face" quoted as the answer
        ("any risks I should know about before the dialogue?", intents.Blockers()),
        ("what did the space leads report in earlier rounds", intents.History("Space security and defence")),
        ("give me a summary of the updates", intents.Status()),  # what the document is
    ],
)
def test_a_chairs_questions_of_the_updates_are_answered_from_them(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize(
    "message, expected",
    [
        # each was every area's status, which names no status, so the filter's own default was never reached
        ("which areas are behind?", intents.StatusFilter(("blocked", "at_risk"))),
        ("which areas are off track?", intents.StatusFilter(("blocked", "at_risk"))),
        ("are any areas behind schedule?", intents.StatusFilter(("blocked", "at_risk"))),
        ("which areas are falling behind?", intents.StatusFilter(("blocked", "at_risk"))),
        ("which areas are struggling?", intents.StatusFilter(("blocked", "at_risk"))),
        ("which areas are lagging?", intents.StatusFilter(("blocked", "at_risk"))),  # was asked back
        ("what is going well?", intents.StatusFilter(("on_track",))),
        ("which areas are on schedule?", intents.StatusFilter(("on_track",))),
        ("is maritime behind?", intents.Status(MARITIME)),  # "The text does not mention “behind”"
        ("is cyber struggling?", intents.Status("Cyber issues")),
        ("are we on schedule for the SDD?", intents.Status()),  # a chair was asked for the meeting's date
    ],
)
def test_areas_behind_or_going_well_are_those_of_that_status(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


def test_going_well_said_by_a_lead_is_on_track() -> None:
    """The words a member asks with are the words a lead answers with."""
    from handlers.statuses import Status, split_one_line

    assert split_one_line("going well, port call done") == (Status.ON_TRACK, "port call done")


@pytest.mark.parametrize(
    "message",
    [
        "what does at risk mean?",  # a search of the text, quoting §36 on “risk”
        "what's the difference between at risk and blocked?",  # the asker's open blockers
        "what statuses can I use?",  # the help
        "what counts as blocked?",  # "The text does not mention “counts blocked”."
        "what do the colours mean?",
        "what does red mean?",  # "“red” is not defined in the text": a colour alone is no status word
        "what does the orange dot stand for",
        "위험과 차단의 차이는?",  # was "resolved", the gloss having no word for 차이
        "상태 종류가 뭐야?",  # was the status of an area called “종류 what”
    ],
)
def test_what_the_statuses_mean_is_asked_plainly(understander: Understander, message: str) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == intents.Statuses()


@pytest.mark.parametrize(
    "message",
    [
        "what is blocked?",
        "what does WPS mean",
        "is there a risk of delay on cyber?",
        "what does amber mean for maritime?",
    ],
)
def test_a_status_asked_of_the_areas_is_no_question_of_its_meaning(understander: Understander, message: str) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent != intents.Statuses()


@pytest.mark.parametrize(
    "message, expected",
    [
        ("export the updates", intents.Exports()),  # §28 quoted on “export” (export controls) as the answer
        ("can I get the digest as a pdf?", intents.Exports()),  # the digest shown, as if it were one
        ("download the meetings", intents.Exports()),
        ("send me the updates as a csv", intents.Exports()),
        ("what does the text say about export controls?", intents.Topic("export controls")),
        ("get the digest", intents.DigestPreview()),
        ("any updates?", intents.Status()),  # "The text does not mention “updates”."
        ("give me the updates", intents.Status()),  # the same
        ("updates", intents.Status()),  # "The history of which area?"
        ("show me the maritime updates", intents.History(MARITIME)),
    ],
)
def test_the_updates_asked_for_or_as_files(understander: Understander, message: str, expected: intents.Intent) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


SPACE = "Space security and defence"


@pytest.mark.parametrize(
    "message, context, expected",
    [
        # the words for the space dialogue were a subject of their own, not the dialogue: its area's text was given
        ("when's the space dialogue?", None, intents.Meetings(next_only=True, kind="dialogue-on-space-security")),
        # §30 came first, then §31, §38, §4 and §1 as what the text says on "sets up the space dialogue"
        ("which paragraph sets up the space dialogue?", None, intents.Mechanisms("Dialogue on Space Security")),
        ("where is the maritime dialogue set up?", None, intents.Mechanisms("maritime security dialogue")),
        # "What the text says on “sets it up”": §38 and §4
        ("which paragraph sets it up?", ChatContext(area=SPACE, label="text"), intents.Mechanisms(area=SPACE)),
        (
            "which paragraph sets it up?",
            ChatContext(mechanism="Dialogue on Space Security", label="dialogues"),
            intents.Mechanisms("Dialogue on Space Security"),
        ),
        # the dialogue talked of before is not "it" once another area is the subject
        (
            "which paragraph sets it up?",
            ChatContext(area="Cyber issues", mechanism="Dialogue on Space Security", label="who_leads"),
            intents.Mechanisms(area="Cyber issues"),
        ),
        ("status of space dialogue", None, intents.Status(SPACE)),  # the file's alias of the area, still
    ],
)
def test_where_the_text_sets_a_dialogue_up(
    understander: Understander, message: str, context: ChatContext | None, expected: intents.Intent
) -> None:
    assert understander.understand(message, context, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize("message", ["has she reported?", "have they reported?"])
def test_whether_they_reported_after_an_areas_leads_is_that_areas(understander: Understander, message: str) -> None:
    """After who leads cyber, every area's missing leads were listed."""
    context = ChatContext(area="Cyber issues", label="who_leads")
    assert understander.understand(message, context, today=WEDNESDAY).intent == intents.Status("Cyber issues")
    assert understander.understand("who hasn't reported?", context, today=WEDNESDAY).intent == intents.Missing()


@pytest.mark.parametrize("message", ["is 5G in the text?", "does it mention 5G?", "what about 3D printing?"])
def test_a_number_with_letters_that_is_no_reference_is_searched_for(understander: Understander, message: str) -> None:
    """ "is 5G in the text?" was §5(g) ("§5 has no sub-items"); "does it mention 5G?" asked back between a
    paragraph and the text."""
    intent = understander.understand(message, today=WEDNESDAY).intent
    assert isinstance(intent, intents.Topic) and ("5G" in intent.query or "3D" in intent.query)


@pytest.mark.parametrize(
    "message, expected",
    [
        ("tell the chairs maritime is delayed", intents.Update(MARITIME, said="delayed")),
        ("let the chairs know the port call slipped", intents.Update(None, said="slipped")),  # which area: asked
        ("who are the chairs?", intents.Chairs()),
    ],
)
def test_telling_the_chairs_is_an_update(understander: Understander, message: str, expected: intents.Intent) -> None:
    """Both said who the chairs are."""
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize(
    "message, expected",
    [
        ("what will the digest say about cyber?", intents.Status("Cyber issues")),  # the whole digest was shown
        ("what's in the digest for maritime", intents.Status(MARITIME)),
        ("preview the digest", intents.DigestPreview()),
    ],
)
def test_an_areas_part_of_the_digest_is_where_it_stands(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize(
    "message, expected",
    [
        ("remove the blocker", intents.Resolved()),  # a search of the text
        ("delete my blocker", intents.Resolved()),
        ("remove the maritime blocker", intents.Resolved(MARITIME)),
        (
            "add a blocker: MOFA approval pending",
            intents.EditUpdate(field="blockers", words="MOFA approval pending", added=True),
        ),
        ("who can see the digest?", intents.DigestDelivery()),  # the digest itself was shown
    ],
)
def test_blockers_removed_and_the_digests_readers(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize(
    "message, context, expected",
    [
        ("is anything happening on cyber?", None, intents.Status("Cyber issues")),  # the area's text
        ("what is going on in cyber?", None, intents.Status("Cyber issues")),
        ("anything happening in maritime?", None, intents.Status(MARITIME)),
        ("what's happening?", None, intents.Status()),  # a search of the text for "what's happening"
        (
            "is anything happening there?",
            ChatContext(area="Training and education in security and defence", label="text"),
            intents.Status("Training and education in security and defence"),
        ),
        (
            "what happened at the last SDD?",
            None,
            intents.Meetings(next_only=False, kind="rok-eu-security-and-defence-dialogue", last=True, outcome=True),
        ),
    ],
)
def test_what_is_happening_in_an_area_is_where_it_stands(
    understander: Understander, message: str, context: ChatContext | None, expected: intents.Intent
) -> None:
    assert understander.understand(message, context, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize(
    "message, expected",
    [
        # "The text does not mention “long until”", with the space paragraphs as the closest passages
        ("how long until the SDD?", intents.Meetings(next_only=True, kind="rok-eu-security-and-defence-dialogue")),
        ("days left until the SDD", intents.Meetings(next_only=True, kind="rok-eu-security-and-defence-dialogue")),
        ("how many weeks to the dialogue", intents.Meetings(next_only=True)),  # was moving a meeting
        ("how long is the text?", intents.DocumentInfo("overview")),
    ],
)
def test_how_long_until_a_meeting_is_when_it_is(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize(
    "message, expected",
    [
        ("뒤처진 분야 있어?", intents.StatusFilter(("blocked", "at_risk"))),  # the list of areas
        ("업데이트 내보내기", intents.Exports()),  # an update started ("You lead no area")
        ("누가 답변을 볼 수 있어?", intents.Access()),  # every area's leads
        ("SDD까지 며칠 남았어?", intents.Meetings(next_only=True, kind="rok-eu-security-and-defence-dialogue")),
        ("사이버 분야 무슨 일 있어?", intents.Status("Cyber issues")),  # its text
    ],
)
def test_this_sessions_readings_in_korean(understander: Understander, message: str, expected: intents.Intent) -> None:
    """Read in the Korean as written: the gloss drops the words that carry them (뒤처진 분야 있어? is "areas ?")."""
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize("message", ["what's exploratory in maritime?", "anything exploratory on maritime?"])
def test_a_class_asked_in_an_area_without_the_word_commitment(understander: Understander, message: str) -> None:
    """ "The text does not mention “exploratory”", over what the text says on maritime."""
    intent = understander.understand(message, today=WEDNESDAY).intent
    assert intent == intents.DocumentInfo("commitments", "exploratory", area=MARITIME)


@pytest.mark.parametrize(
    "message, expected",
    [
        ("am I marked away?", intents.Myself()),
        ("my absences", intents.Myself()),
        ("how do I add someone to the working group?", intents.Access()),
        ("reload the config", intents.Access()),  # was the help, which does not say the file is read at start
        ("I changed the working group file, now what?", intents.Access()),
    ],
)
def test_asked_of_oneself_or_of_access(understander: Understander, message: str, expected: intents.Intent) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize("message", ["how do I remove a blocker?", "how do I add a blocker?"])
def test_a_blocker_removed_or_added_is_no_question_of_access(understander: Understander, message: str) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent != intents.Access()


@pytest.mark.parametrize("message", ["I'm away next week?", "cancel my leave"])
def test_saying_one_is_away_is_no_question_of_who_one_is(understander: Understander, message: str) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent != intents.Myself()


@pytest.mark.parametrize(
    "message, expected",
    [
        ("what are the priorities?", intents.ListAreas()),  # §35's "shared priorities" quoted as the answer
        ("is the sdd confirmed?", intents.Meetings(next_only=True, kind="rok-eu-security-and-defence-dialogue")),
        ("has the SDD been confirmed?", intents.Meetings(next_only=True, kind="rok-eu-security-and-defence-dialogue")),
    ],
)
def test_the_priorities_and_whether_a_meeting_is_confirmed(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected


@pytest.mark.parametrize(
    "message, expected",
    [
        # each was "I know no area called “Rossi”.", and "The text does not mention “whats rossi”."; since with what
        # each of their latest updates says
        ("what's the latest from Rossi?", intents.PersonInfo("rossi", reports=True)),
        ("whats the latest from rossi", intents.PersonInfo("rossi", reports=True)),
        ("whats the latest on cyber", intents.Status("Cyber issues")),
        ("status of rossi", intents.PersonInfo("rossi", reports=True)),
        ("any news from lee?", intents.PersonInfo("lee", reports=True)),
        ("what's lee's latest on cyber", intents.Status("Cyber issues")),
    ],
)
def test_the_status_of_a_person_is_their_last_updates(
    understander: Understander, message: str, expected: intents.Intent
) -> None:
    assert understander.understand(message, today=WEDNESDAY).intent == expected
