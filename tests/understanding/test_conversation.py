"""Understanding in a conversation, through the dispatcher on SQLite and PostgreSQL: follow-ups against the
stored context (across a restart, forgotten after 30 minutes), asking back, numbers at menus, stale buttons,
Korean, and permissions declared with the intents."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from bot.model import Actor, Conversation, Inbound, Platform
from bot.runtime import Runtime
from tests.conftest import EXAMPLE_CONFIG, chat_as, make_runtime


async def test_follow_ups_resolve_against_what_was_asked_last(dispatcher: Dispatcher) -> None:
    member = chat_as(dispatcher, "schmidt")
    assert "§16 —" in await member.say("what does §16 say")
    assert (await member.say("what about 15?")).startswith("§15 —")
    assert (await member.say("§14")).startswith("§14 —")
    answer = await member.say("and (b)?")
    assert answer.startswith("§14 —") and "— §14(b)" in answer and "part of §14" in answer
    assert "Cyber issues (§15–§16)" in await member.say("cyber")
    assert await member.say("who leads it?") == "Cyber issues is led by Petra Novák (EU) and Lee Seo-yeon (ROK)."
    assert (await member.say("what's the status?")).startswith("Status: Cyber issues")
    assert (await member.say("what about space?")).startswith("Status: Space security and defence")
    assert "Kim Min-jun (ROK) — lead" in await member.say("who is kim")
    assert "Not marked away." in await member.say("is he away?")


async def test_a_paragraph_gives_the_context_its_area_and_one_outside_the_areas_clears_it(
    dispatcher: Dispatcher,
) -> None:
    """ "who leads it?" after §14 once said it knew no area called “it”; after the preface's §3 it must not
    name the area asked about before."""
    member = chat_as(dispatcher, "schmidt")
    await member.say("§14")
    assert await member.say("who leads it?") == "Maritime Security is led by Marco Rossi (EU) and Kim Min-jun (ROK)."
    await member.say("§3")
    assert (await member.say("who leads it?")).startswith("Which area? For example “who leads cyber”")
    assert (await member.say("status of it?")).startswith("The status of which area?")


async def test_a_question_with_no_subject_is_about_the_area_in_context_unless_it_names_the_whole(
    dispatcher: Dispatcher,
) -> None:
    member = chat_as(dispatcher, "schmidt")
    await member.say("space")
    assert (await member.say("what did we commit to there")).startswith("Space security and defence (§30–§31)")
    assert (await member.say("what is the partnership about")).startswith("EU – Republic of Korea Security")


async def test_the_context_survives_a_restart_and_is_forgotten_after_30_minutes(
    database_url: str, clock: FakeClock
) -> None:
    first = make_runtime(database_url, clock)
    await chat_as(Dispatcher(first), "schmidt").say("maritime")
    await first.close()
    second = make_runtime(database_url, clock)  # another process, the same database
    try:
        member = chat_as(Dispatcher(second), "schmidt")
        assert (
            await member.say("who leads it?") == "Maritime Security is led by Marco Rossi (EU) and Kim Min-jun (ROK)."
        )
        clock.advance(timedelta(minutes=31))
        assert "Maritime" not in await member.say("who leads it?")
    finally:
        await second.close()


async def test_contexts_are_per_person(dispatcher: Dispatcher) -> None:
    await chat_as(dispatcher, "schmidt").say("cyber")
    assert "Cyber" not in await chat_as(dispatcher, "dubois").say("who leads it?")


async def test_two_close_readings_are_asked_back_and_a_number_picks_one(dispatcher: Dispatcher) -> None:
    member = chat_as(dispatcher, "schmidt")
    question = await member.say("status history cyber")
    assert question.startswith("Did you mean the status of Cyber issues, or the history of updates on Cyber issues?")
    assert "1. the status of Cyber issues" in question and "2. the history of updates on Cyber issues" in question
    assert "Please pick one of these, 1 to 2" in await member.say("3")  # out of range: the menu again, never §3
    assert (await member.say("2")).startswith("History: Cyber issues")
    assert (await member.say("3")).startswith("§3 —")  # the menu is closed: a number is a paragraph again


async def test_a_bare_yes_or_no_answers_nothing_when_nothing_was_asked(dispatcher: Dispatcher) -> None:
    """ "no" after any answer was read as "no longer blocked" (members were told only leads resolve
    blockers) or searched for in the text; the bot asked nothing, and says so, in English or Korean."""
    member = chat_as(dispatcher, "schmidt")
    assert "Cyber issues (§15–§16)" in await member.say("cyber")
    for said in ("no", "Yes.", "nope", "네", "아니요"):
        answer = await member.say(said)
        assert "I have asked nothing to answer yes or no to." in answer, said
    chair = chat_as(dispatcher, "mueller")
    assert (await chair.say("push the SDD back 3 days")).startswith("Moved sdd-2027")
    assert (await chair.say("no")).startswith("I have asked nothing to answer yes or no to.")
    lead = chat_as(dispatcher, "kim")
    assert "blocker" in (await lead.say("no longer blocked")).lower()  # words after "no" are still read


async def test_the_next_paragraph_asked_in_a_word(dispatcher: Dispatcher) -> None:
    """ "and the next?" after §14(d) said the text does not mention “next”."""
    member = chat_as(dispatcher, "schmidt")
    assert (await member.say("§14(d)")).startswith("§14 —")
    assert (await member.say("and the next?")).startswith("§15 —")
    assert (await member.say("the previous?")).startswith("§14 —")


async def test_cancel_with_nothing_open_cancels_nothing(dispatcher: Dispatcher) -> None:
    """ "cancel" with no update open told a lead "Only chairs and admins can change meetings."; "stop", "never
    mind" and 그만 searched the text (그만: the document's overview)."""
    nothing = "Nothing is waiting for your answer now."
    for who in ("kim", "schmidt", "mueller"):
        for said in ("cancel", "stop", "never mind", "그만", "취소"):
            assert nothing in await chat_as(dispatcher, who).say(said), (who, said)
    chair = chat_as(dispatcher, "mueller")
    assert "15 Mar 2027" in await chair.say("when is sdd-2027")
    # after a meeting was talked of, a chair's "cancel" may mean it: asked which, never answered as nothing
    assert (await chair.say("cancel")).startswith("Which meeting?")


@pytest.mark.parametrize("asked", ["who am I", "what is my role?", "am I a lead?", "내 역할이 뭐야?"])
async def test_who_am_i_is_the_asker_as_the_working_group_knows_them(dispatcher: Dispatcher, asked: str) -> None:
    """A member was told "You lead no area.", the refusal of "my areas"."""
    assert "Lukas Schmidt (EU) — member\nLeads no area." in await chat_as(dispatcher, "schmidt").say(asked)
    assert "Leads: International peace and crisis management; Maritime Security" in await chat_as(
        dispatcher, "kim"
    ).say(asked)


@pytest.mark.parametrize(
    "asked",
    ["what was decided at the last SDD", "what happened at the last dialogue", "what did we agree at our last meeting"],
)
async def test_what_a_meeting_decided_is_not_quoted_from_the_text(dispatcher: Dispatcher, asked: str) -> None:
    """The first quoted §6, where the EU and the ROK "have decided to establish" the partnership, as what the text
    says on it; the second gave the document's cover, the third §14(b)'s "mutually agreed third countries"."""
    answer = await chat_as(dispatcher, "schmidt").say(asked)
    assert answer.startswith("The last Security and Defence Dialogue was on ")
    assert "I keep no record of what is said or decided at meetings" in answer
    assert "have decided" not in answer and "mutually agreed" not in answer


@pytest.mark.parametrize(
    "asked, opening",
    [
        ("what's the agenda for the SDD?", "The next Security and Defence Dialogue is on "),
        ("what will be discussed at the next dialogue", "The next Security and Defence Dialogue is on "),
        ("talking points for the strategic dialogue", "The next Strategic Dialogue is on "),
        ("what's the agenda?", "The next Security and Defence Dialogue is on "),  # quoted the WPS agenda, §38
        ("what's on the agenda?", "The next Security and Defence Dialogue is on "),  # so did this
        ("who's going?", "The next Security and Defence Dialogue is on "),  # was the document's overview
    ],
)
async def test_a_meetings_agenda_is_not_quoted_from_the_text(dispatcher: Dispatcher, asked: str, opening: str) -> None:
    """The first quoted §6(a), which sets up the Strategic Dialogue, as what the text says on “agenda for the SDD”."""
    answer = await chat_as(dispatcher, "schmidt").say(asked)
    assert answer.startswith(opening) and "I keep no agenda of meetings, nor who attends them" in answer
    assert "Making use of the annual EU-ROK Strategic Dialogue" not in answer


@pytest.mark.parametrize(
    "asked", ["what's the deadline for updates", "deadline for the round?", "what's the deadline?"]
)
async def test_the_deadline_for_updates_is_the_next_round(dispatcher: Dispatcher, asked: str) -> None:
    """Both said "The text does not mention “deadline updates”"."""
    answer = await chat_as(dispatcher, "schmidt").say(asked)
    assert answer.startswith("The next Security and Defence Dialogue is on ") and "Digest to the chairs" in answer


@pytest.mark.parametrize(
    "asked, starts",
    [
        ("are we on track for the SDD", "Status by area"),  # was "The text does not mention “track”."
        ("is everything on track?", "Status by area"),  # was "No area is on track in the latest updates."
        ("what's the status of the maritime security dialogue", "Status: Maritime Security"),  # "does not mention"
        ("what is the status of the cyber policy consultation", "Status: Cyber issues"),  # the dialogue's set-up
    ],
)
async def test_how_things_stand_is_the_status_asked(dispatcher: Dispatcher, asked: str, starts: str) -> None:
    assert (await chat_as(dispatcher, "schmidt").say(asked)).startswith(starts)


async def test_whether_someone_reported_is_asked_of_their_updates(dispatcher: Dispatcher) -> None:
    """ "did novak update cyber?" refused kim as if kim were updating cyber; "has rossi reported?" listed every
    area without an update; "what did the other lead say about maritime" said who leads it; "do I need to report
    this round?" quoted §6(c) and §40 on reporting."""
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime: on track — port call agreed")
    assert (await kim.say("did novak update cyber?")).startswith("History: Cyber issues")
    assert (await kim.say("is there an update on cyber?")).startswith("Status: Cyber issues")  # not the refusal
    rossi = await kim.say("has rossi reported?")
    assert rossi.startswith("Marco Rossi (EU) — lead") and "Last reported: Maritime Security, nothing yet;" in rossi
    own = await kim.say("has kim sent his update")
    assert "Maritime Security, " in own and "(on track)" in own
    assert (await kim.say("what did the other lead say about maritime")).startswith("Status: Maritime Security")
    for asked in ("do I need to report this round?", "did I update maritime?"):
        mine = await kim.say(asked)
        assert mine.startswith("You lead:") and "your last update" in mine, asked
    assert "You lead no area" in await chat_as(dispatcher, "schmidt").say("do I need to report this round?")


@pytest.mark.parametrize(
    "said, answer", [("amber", "No area is at risk"), ("at risk", "No area is at risk"), ("red?", "No area is blocked")]
)
async def test_a_status_word_alone_asks_for_the_areas_in_it(dispatcher: Dispatcher, said: str, answer: str) -> None:
    """ "amber" sat between that and the blockers, and a retraining for an unrelated word asked back between them."""
    assert (await chat_as(dispatcher, "schmidt").say(said)).startswith(answer)


async def test_everyday_follow_ups_take_the_area_in_context(dispatcher: Dispatcher) -> None:
    """ "and the status?" after who leads cyber listed the open blockers; "same for space" said the text does not
    mention “same”; "who's the EU lead there" asked which area (the EU read as the subject), and is now the EU's
    lead first; "thanks" was
    answered "Hello." (the words it was looked for in were run together)."""
    member = chat_as(dispatcher, "schmidt")
    await member.say("who leads cyber")
    assert (await member.say("and the status?")).startswith("Status: Cyber issues")
    await member.say("what does the text say about hybrid threats")
    assert (await member.say("same for space")).startswith("Space security and defence (§30–§31)")
    assert await member.say("who's the EU lead there") == (
        "The EU lead for Space security and defence is Marco Rossi; the other lead is Choi Hye-jin (ROK)."
    )
    assert await member.say("thanks") == "You're welcome."


async def test_who_moved_a_meeting_is_its_record(dispatcher: Dispatcher) -> None:
    """ "who moved the SDD?" gave the last Dialogue held; "who changed the SDD date?" quoted §30 on "changed"."""
    member = chat_as(dispatcher, "schmidt")
    unchanged = await member.say("has the dialogue been moved?")
    assert unchanged.startswith("The next Security and Defence Dialogue is on 15 Mar 2027 in Seoul")
    assert "It has not been changed since it was added\n  • 1 Feb 2027: added, from the working-group file" in unchanged
    await chat_as(dispatcher, "mueller").say("move the SDD to 20 March in Busan")
    record = await member.say("who moved the SDD?")
    assert record.startswith("The next Security and Defence Dialogue is on 20 Mar 2027 in Busan")
    assert "• 1 Feb 2027: moved by Anna Müller from 15 Mar 2027 to 20 Mar 2027" in record
    assert "• 1 Feb 2027: moved by Anna Müller from Seoul to Busan" in record
    assert "No reason is kept for a change" in record


async def test_when_someone_is_back_is_their_absence_not_the_next_meeting(dispatcher: Dispatcher) -> None:
    """ "when is kim back?" gave the next Dialogue's date."""
    await chat_as(dispatcher, "kim").say("away until 2027-03-10")
    member = chat_as(dispatcher, "schmidt")
    assert "Away until 10 Mar 2027" in await member.say("when is kim back?")
    assert "Away until 10 Mar 2027" in await member.say("when is she back?")  # the person just asked about
    # nobody in context: everyone away
    assert "Kim Min-jun, until 10 Mar 2027" in await chat_as(dispatcher, "mueller").say("when is she back?")


async def test_it_and_there_are_what_was_just_answered(dispatcher: Dispatcher) -> None:
    """After where space stands, "is it blocked?" and "what's blocking it?" listed every blocked area, and "any
    blockers there?" every area's blockers; after §14(c), "who's responsible for it?" asked which area (its
    "responsible" read as the text's "responses"), "is it binding?" spoke of the document alone, and "is that a
    firm commitment?" listed the text's 35."""
    await chat_as(dispatcher, "kim").say("update maritime: blocked — dates not agreed")
    member = chat_as(dispatcher, "schmidt")
    await member.say("status of space")
    assert (await member.say("is it blocked?")).startswith("Status: Space security and defence")
    # a member is shown where space stands, its leads' blockers with it (a lead or a chair, its open blockers)
    assert (await member.say("any blockers there?")).startswith("Status: Space security and defence")
    assert "Maritime Security" not in await member.say("what's blocking it?")
    assert (await chat_as(dispatcher, "mueller").say("blockers space")).startswith("No open blocker in Space")
    assert "Maritime Security" in await member.say("are there any blocked areas?")  # every area's
    await chat_as(dispatcher, "novak").say("update cyber: blocked — no budget line")
    chair = chat_as(dispatcher, "mueller")
    await chair.say("what's blocked")  # two areas: neither is the one in context
    why = await chair.say("why?")  # every open blocker (was the document's overview)
    assert "dates not agreed" in why and "no budget line" in why
    await member.say("status of space")
    # its updates, newest first (was "The text does not mention “updated”")
    assert (await member.say("when was it last updated?")).startswith("History: Space security and defence")
    await member.say("§14(c)")
    assert await member.say("who's responsible for it?") == (
        "Maritime Security is led by Marco Rossi (EU) and Kim Min-jun (ROK)."
    )
    await member.say("§14(c)")
    assert (await member.say("is it binding?")).startswith(
        "No: like the whole text, §14(c) sets out political commitments, not legal obligations."
    )
    await member.say("§14(c)")
    commitment = await member.say("is that a firm commitment?")
    # the answer first (was §14(c) shown, its class at the end to find)
    assert commitment.startswith("No: §14(c) is exploratory, not firm, as its verbs read (“exploring”).")
    assert "§14 —" in commitment and "• exploratory (exploring), §14(c)" in commitment
    assert "Firm commitments (" not in commitment


@pytest.mark.parametrize(
    "before, asked, opening",
    [
        # "which paragraphs?" gave the document's overview (its cover, sections and dialogues)
        (("who leads cyber?",), "which paragraphs?", "Cyber issues (§15–§16)"),
        (("status of space",), "which paragraphs cover it?", "Space security and defence (§30–§31)"),
        (("who leads maritime?",), "where in the text?", "Maritime Security"),  # a search for these words
        (("how often does the SDD meet?",), "which paragraph?", "ROK-EU Security and Defence Dialogue"),
        # the dialogue the last answer was about, not the one before it (the context kept the SDD)
        (("how often does the SDD meet?", "and maritime?"), "which paragraph?", "maritime security dialogue"),
        # "tell me more" quoted §21's "more structured" exchanges and §4 as what the text says on “more”
        ((), "tell me more", "More about what?"),
        (("what does §14 commit to?",), "tell me more", "Maritime Security, including operations"),
        (("status of cyber",), "more details please", "History: Cyber issues"),
        (("what is FIMI",), "go on", "What the text says on “FIMI”"),
        # the partnership named is the whole text: this searched maritime first, quoting §14's "regular" dialogue
        (("maritime",), "when will the partnership be reviewed?", "What the text says on “reviewed”\n> The content"),
    ],
)
async def test_a_follow_up_naming_nothing_is_of_the_subject_in_context(
    dispatcher: Dispatcher, before: tuple[str, ...], asked: str, opening: str
) -> None:
    member = chat_as(dispatcher, "schmidt")
    for said in before:
        await member.say(said)
    assert (await member.say(asked)).startswith(opening)


async def test_a_korean_what_is_after_another_question_asks_of_the_thing_named(dispatcher: Dispatcher) -> None:
    """FIMI가 뭐야? ("what is FIMI?") after 우주 분야 담당자는? ("who leads space?") listed every area's leads: read
    "FIMI what ?", it was taken for a follow-up of who leads."""
    member = chat_as(dispatcher, "park")
    await member.say("우주 분야 담당자는?")
    answer = await member.say("FIMI가 뭐야?")
    assert "FIMI stands for foreign information manipulation and interference" in answer
    assert "Who leads each area" not in answer


@pytest.mark.parametrize("asked, missing", [("what about the G7?", "G7"), ("what about NATO?", "NATO")])
async def test_an_acronym_the_text_lacks_asked_as_a_follow_up_is_not_the_area_again(
    dispatcher: Dispatcher, asked: str, missing: str
) -> None:
    """After "maritime", "what about the G7?" quoted maritime's paragraphs again as its answer: an acronym the bot
    does not know was taken for a name it had masked, so nothing seemed asked but the area in context."""
    member = chat_as(dispatcher, "schmidt")
    await member.say("maritime")
    answer = await member.say(asked)
    assert answer.startswith(f"The text does not mention “{missing}”.")
    assert "Maritime Security, including operations" not in answer


async def test_how_to_update_is_answered_with_the_update_not_the_text(dispatcher: Dispatcher) -> None:
    """ "how do I change the status of cyber" said the text does not mention “change status” and quoted §15;
    "can I update by email" opened an update."""
    kim = chat_as(dispatcher, "kim")
    assert (await kim.say("how do I change the status of cyber")).startswith("Only the leads of Cyber issues")
    assert "Overall status?" in await kim.say("how do I change the status of maritime")
    assert "Cancelled" in await kim.say("cancel")
    given_here = "updates are given here, in chat, by an area's leads or an admin"
    assert given_here in await kim.say("can I update by email")
    # the first started an update; the second answered "You have no saved update to edit"
    assert given_here in await kim.say("can I update for someone else?")
    assert "then five questions" in await kim.say("what format should my update be?")


@pytest.mark.parametrize(
    "who, asked, told",
    [
        # started an update
        ("rossi", "how do I change my timezone?", "09:00, Europe/Brussels time (set in the working-group file"),
        ("rossi", "set my timezone to Asia/Seoul", "09:00, Europe/Brussels time (set in the working-group file"),
        ("rossi", "what time will I be reminded?", "Prompted for updates at 09:00, Europe/Brussels time"),
        ("schmidt", "what timezone is kim in?", "Prompted for updates at 09:00, Asia/Seoul time"),  # the text searched
    ],
)
async def test_a_leads_timezone_is_said_with_who_they_are(
    dispatcher: Dispatcher, who: str, asked: str, told: str
) -> None:
    assert told in await chat_as(dispatcher, who).say(asked)


@pytest.mark.parametrize("asked", ["failed deliveries"])
async def test_what_is_kept_from_the_command_line_is_answered_for_the_admins(
    dispatcher: Dispatcher, asked: str
) -> None:
    """Was "The text does not mention “failed deliveries”", then an admin's help, which said where it is done; now
    the failures themselves, with the commands ("add a new lead for counterterrorism" and "reload the working
    group file", which were answered here too, are who gets answers and how people are added: test_access_…)."""
    admin = await chat_as(dispatcher, "dubois").say(asked)
    assert admin.startswith("How the bot is running") and "partnerbot deliveries --failed" in admin
    member = await chat_as(dispatcher, "schmidt").say(asked)
    assert member.startswith("Only admins see how the bot itself runs") and "partnerbot deliveries" not in member


async def test_a_yes_to_a_question_of_two_readings_asks_which_one(dispatcher: Dispatcher) -> None:
    member = chat_as(dispatcher, "schmidt")
    assert (await member.say("status history cyber")).startswith("Did you mean")
    assert "Please pick one of these, 1 to 2" in await member.say("yes")
    assert (await member.say("1")).startswith("Status: Cyber issues")


async def test_a_button_of_the_question_asked_back_picks_on_any_platform(
    runtime: Runtime, dispatcher: Dispatcher
) -> None:
    member = runtime.workgroup.person("schmidt")
    assert member is not None and member.slack is not None
    where = Conversation(id="D0SCHMIDT", is_direct=True)

    def inbound(text: str = "", action: str | None = None, key: str = "e1") -> Inbound:
        return Inbound(
            platform=Platform.SLACK,
            dedupe_key=key,
            actor=Actor(user_id=member.slack or ""),
            conversation=where,
            text=text,
            action=action,
            received_at=datetime(2027, 2, 1, tzinfo=timezone.utc),
        )

    [asked] = await dispatcher.handle(inbound("status history cyber", key="e1"))
    assert [c.value for c in asked.choices] == ["choose:1", "choose:2"]
    [answer] = await dispatcher.handle(inbound(action="choose:1", key="e2"))
    assert answer.blocks[0].text == "Status: Cyber issues"  # type: ignore[union-attr]
    [stale] = await dispatcher.handle(inbound(action="choose:2", key="e3"))  # that question is answered
    assert "belongs to a question that is closed" in stale.blocks[0].spans[0].text  # type: ignore[union-attr]


async def test_a_stale_update_button_is_never_read_as_text(runtime: Runtime, dispatcher: Dispatcher) -> None:
    lead = runtime.workgroup.person("kim")
    assert lead is not None and lead.slack is not None
    press = Inbound(
        platform=Platform.SLACK,
        dedupe_key="x1",
        actor=Actor(user_id=lead.slack),
        conversation=Conversation(id="D0KIM", is_direct=True),
        action="status:at_risk",
        received_at=datetime(2027, 2, 1, tzinfo=timezone.utc),
    )
    [reply] = await dispatcher.handle(press)
    text = reply.blocks[0].spans[0].text  # type: ignore[union-attr]
    assert "belongs to a question that is closed" in text and "no area called" not in text


async def test_at_the_save_menu_three_cancels_and_an_unknown_number_asks_again(dispatcher: Dispatcher) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    assert "Please answer with one of" in await kim.say("9")  # a number at a menu is a choice, never §9
    await kim.say("1")
    await kim.say("Port call in Busan agreed")
    for _ in range(3):
        summary = await kim.say("skip")
    assert "1. Save" in summary and "3. Cancel" in summary
    assert await kim.say("3") == "Cancelled: nothing was saved."
    assert (await kim.say("3")).startswith("§3 —")


async def test_a_side_question_during_an_update_is_answered_and_the_update_stays_open(dispatcher: Dispatcher) -> None:
    kim = chat_as(dispatcher, "kim")
    await kim.say("update maritime")
    assert "FIMI stands for" in await kim.say("what is FIMI")
    assert "What progressed" in await kim.say("on track")


async def test_a_korean_question_is_understood_and_its_answer_framed_in_korean(dispatcher: Dispatcher) -> None:
    member = chat_as(dispatcher, "schmidt")
    answer = await member.say("사이버 안보 협력은?")
    assert answer.startswith("(문서가 이 주제에 대해 말하는 내용: 문서 인용은 원문(영어) 그대로입니다.)")
    assert "Cyber issues (§15–§16)" in answer
    assert "— §14(b)" in await member.say("§14(b) 내용")
    assert "Women, Peace and Security (§38–§39)" in await member.say("WPS 관련해서")
    assert "Kim Min-jun" in await member.say("누가 해양 담당이야?")


async def test_a_person_whose_language_is_korean_gets_every_answer_framed_in_korean(dispatcher: Dispatcher) -> None:
    answer = await chat_as(dispatcher, "choi").say("what does §14 commit to")  # choi: language: ko
    assert answer.startswith("(문단 원문: 문서 인용은 원문(영어) 그대로입니다.)") and "— §14(b)" in answer
    assert not (await chat_as(dispatcher, "kim").say("what does §14 commit to")).startswith("(")


async def test_the_working_group_s_own_synonyms_reach_the_text(tmp_path: Path, clock: FakeClock) -> None:
    config = tmp_path / "workgroup.yaml"
    config.write_text(
        EXAMPLE_CONFIG.read_text(encoding="utf-8")
        + "synonyms:\n  - text: [Operation Atalanta]\n    say: [the somalia mission]\n",
        encoding="utf-8",
    )
    runtime = make_runtime(f"sqlite+aiosqlite:///{tmp_path / 's.db'}", clock, config=config)
    try:
        answer = await chat_as(Dispatcher(runtime), "schmidt").say("what do we say about the somalia mission")
        assert "— §14(a)" in answer.split("\n> ")[1]  # the first passage quoted
        assert "does not mention" not in answer
    finally:
        await runtime.close()


async def test_permissions_come_from_the_declarations_and_help_offers_only_what_one_may_use(
    dispatcher: Dispatcher,
) -> None:
    member, chair = chat_as(dispatcher, "schmidt"), chat_as(dispatcher, "mueller")
    assert (await member.say("digest preview")).startswith("The digest is for the chairs. Where every area stands:")
    assert (await member.say("brief me for the SDD")).startswith("The digest is for the chairs.")
    assert await member.say("cancel sdd-2027") == "Only chairs and admins can change meetings."
    member_help, chair_help = await member.say("help"), await chair.say("help")
    assert "schedule security and defence dialogue" not in member_help and "“update”" not in member_help
    assert "As a chair" in chair_help and "schedule security and defence dialogue" in chair_help
    assert "As a lead" in await chat_as(dispatcher, "kim").say("help")


async def test_statuses_people_and_meetings_in_free_phrasing(dispatcher: Dispatcher) -> None:
    novak, kim, member = chat_as(dispatcher, "novak"), chat_as(dispatcher, "kim"), chat_as(dispatcher, "schmidt")
    assert (await novak.say("update cyber: blocked — ROK MOFA has not confirmed the date")).startswith("Saved")
    assert (await kim.say("update martime: at risk — exercise dates slipping")).startswith("Saved")  # typo and all
    blocked = await member.say("what's blocked")
    assert blocked.startswith("Areas blocked (1)") and "Cyber issues" in blocked and "Maritime" not in blocked
    assert "Maritime Security" in await member.say("what's at risk")
    assert "Cyber issues" in await member.say("any blockers?")
    assert (
        await member.say("who do I talk to about cyber")
        == "Cyber issues is led by Petra Novák (EU) and Lee Seo-yeon (ROK)."
    )
    assert "Areas without a lead" in await member.say("which areas have no lead")
    assert (await member.say("next meeting?")).startswith(
        "The next Security and Defence Dialogue is on 15 Mar 2027 in Seoul"
    )
    strategic = await member.say("when is the strategic dialogue")
    assert strategic.startswith("The next Strategic Dialogue is on 20 May 2027 in Brussels") and "§3" in strategic


async def test_when_does_that_meet_after_an_areas_one_dialogue_is_that_dialogue(dispatcher: Dispatcher) -> None:
    """ "when does that meet?" after "has it got its own dialogue?" (cyber's: the Cyber Policy Consultation) gave
    the next Security and Defence Dialogue."""
    member = chat_as(dispatcher, "schmidt")
    await member.say("what does the text say about cyber")
    assert "EU-ROK Cyber Policy Consultation — §15" in await member.say("has it got its own dialogue?")
    assert (await member.say("when does that meet?")).startswith("No upcoming EU-ROK Cyber Policy Consultation")
    assert (await member.say("when is the next meeting")).startswith("The next Security and Defence Dialogue")


@pytest.mark.parametrize(
    "asked",
    [
        "who can see the answers?",  # "The text does not mention “see the answers”."
        "how do I add someone to the working group?",  # the same, on "add someone group"
        "can a new member join?",  # a chair asked for a meeting's date
        "who has admin rights?",  # who had not reported
        "add a new lead for counterterrorism",  # the help
        "reload the working group file",  # the help, which did not say the file is read when the bot starts
    ],
)
async def test_access_is_the_working_group_file_and_who_keeps_it(dispatcher: Dispatcher, asked: str) -> None:
    for who in ("dubois", "schmidt"):
        answer = await chat_as(dispatcher, who).say(asked)
        assert answer.startswith(
            "Only the 10 people the working-group file names get answers (the text is marked LIMITE)"
        )
        assert "An admin adds and removes people there" in answer and "Admins: Claire Dubois." in answer
        assert "the bot reads the file when it starts" in answer


async def test_one_question_of_several_areas_is_answered_for_each(dispatcher: Dispatcher) -> None:
    """ "who leads space and cyber?" and "status of space and maritime" said "I know no area called “space and
    cyber”": the area's name read whole."""
    member = chat_as(dispatcher, "schmidt")
    leads = await member.say("who leads space and cyber?")
    assert leads.startswith("Space security and defence is led by Marco Rossi (EU) and Choi Hye-jin (ROK).")
    assert "Cyber issues is led by Petra Novák (EU) and Lee Seo-yeon (ROK)." in leads
    statuses = await member.say("status of space and maritime")
    assert statuses.startswith("Status: Space security and defence") and "Status: Maritime Security" in statuses
