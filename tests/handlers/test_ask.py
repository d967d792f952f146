"""Questions about the text, asked through the console adapter as a user would type them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app.adapters.console import ConsoleChat
from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from bot.model import Reply
from bot.render.text import render_text
from tests.conftest import EXAMPLE_CONFIG, make_runtime


@pytest.fixture
async def chat(tmp_path: Path, clock: FakeClock) -> AsyncIterator[ConsoleChat]:
    """No working group. A question about meetings opens the database, which is closed after the test: an
    engine left open would answer from its thread once the test's event loop is gone."""
    async for console in _operator(tmp_path, clock, config=tmp_path / "absent.yaml"):
        yield console


@pytest.fixture
async def example_chat(tmp_path: Path, clock: FakeClock) -> AsyncIterator[ConsoleChat]:
    """With the example working group, for its meetings (a Dialogue held in March 2026, the next in 2027)."""
    async for console in _operator(tmp_path, clock):
        yield console


async def _operator(tmp_path: Path, clock: FakeClock, config: Path = EXAMPLE_CONFIG) -> AsyncIterator[ConsoleChat]:
    runtime = make_runtime(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", clock, config=config)
    try:
        yield ConsoleChat(Dispatcher(runtime, conversations=False), "operator")
    finally:
        await runtime.close()


async def ask(chat: ConsoleChat, question: str) -> Reply:
    replies = await chat.send(question)
    assert len(replies) == 1
    return replies[0]


async def test_what_does_14_commit_to_quotes_the_paragraph_and_its_four_subitems(chat: ConsoleChat) -> None:
    reply = await ask(chat, "what does §14 commit to")
    assert reply.intent == "paragraph"
    assert reply.citations == ["§14", "§14(a)", "§14(b)", "§14(c)", "§14(d)"]
    shown = render_text(reply)
    assert "will establish a regular maritime security dialogue" in shown
    assert "Maritime Security" in shown  # the area
    assert "firm (will establish), §14" in shown
    assert "exploratory (exploring), §14(c)" in shown
    for label in "abcd":
        assert f"— §14({label})" in shown


@pytest.mark.parametrize(
    "question, first_citation",
    [
        ("§14", "§14"),
        ("§ 14", "§14"),
        ("para 14", "§14"),
        ("para. 38", "§38"),
        ("paragraph 14(b)", "§14(b)"),
        ("§14 c", "§14(c)"),
        ("14.b", "§14(b)"),
        ("section 7", "§7"),
        ("what does 41 say", "§41"),
    ],
)
async def test_paragraph_forms_people_type(chat: ConsoleChat, question: str, first_citation: str) -> None:
    reply = await ask(chat, question)
    assert reply.intent == "paragraph"
    assert reply.citations[0] == first_citation


@pytest.mark.parametrize("question", ["§", "what does § say"])
async def test_a_section_sign_with_no_number_asks_which_paragraph(chat: ConsoleChat, question: str) -> None:
    """ "§" gave the document's summary, or after a question on an area that area's text, as if it were asked."""
    await ask(chat, "what do we do on cyber")
    assert render_text(await ask(chat, question)) == "Which paragraph? For example “§14” or “14(b)”."


async def test_one_subitem_is_quoted_with_its_lead_for_context(chat: ConsoleChat) -> None:
    reply = await ask(chat, "paragraph 14(b)")
    shown = render_text(reply)
    assert "joint exercises and port calls" in shown
    assert reply.citations == ["§14(b)", "§14"]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("§99", "no paragraph 99: paragraphs run from §1 to §41"),
        ("paragraph 0", "no paragraph 0: paragraphs run from §1 to §41"),
        ("§14(z)", "§14 has no sub-item (z); its sub-items are (a), (b), (c), (d)"),
        ("§13(a)", "§13 has no sub-items"),
    ],
)
async def test_references_out_of_range_name_the_valid_range(chat: ConsoleChat, question: str, expected: str) -> None:
    reply = await ask(chat, question)
    assert expected in render_text(reply)
    assert reply.citations == []


@pytest.mark.parametrize(
    "question, area_words, first",
    [
        ("maritime", "Maritime Security", "§13"),
        ("what do we do on space security", "Space security and defence", "§30"),
        ("cyber", "Cyber issues", "§15"),
        ("FIMI", "Foreign Information Manipulation", "§21"),
        ("CT", "Counterterrorism (CT)", "§24"),
        ("WPS", "Women, Peace and Security", "§38"),
        ("SALW", "small arms and light weapons", "§26"),
        ("non-proliferation", "Non-Proliferation, Disarmament", "§26"),
    ],
)
async def test_area_questions_and_aliases(chat: ConsoleChat, question: str, area_words: str, first: str) -> None:
    reply = await ask(chat, question)
    assert reply.intent == "area"
    assert area_words in render_text(reply)
    assert reply.citations[0] == first


async def test_space_dialogue_is_the_dialogue_the_text_sets_up_unless_the_working_group_makes_it_an_alias(
    chat: ConsoleChat, tmp_path: Path, clock: FakeClock
) -> None:
    reply = await ask(chat, "space dialogue")
    assert reply.intent == "mechanism"
    assert "Dialogue on Space Security" in render_text(reply)
    assert reply.citations[0] == "§30"
    with_alias = ConsoleChat(
        Dispatcher(make_runtime(f"sqlite+aiosqlite:///{tmp_path / 'y.db'}", clock), conversations=False), "schmidt"
    )
    reply = await ask(with_alias, "space dialogue")  # examples/workgroup.yaml: aliases: ["space dialogue"]
    assert reply.intent == "area"
    assert "Space security and defence (§30–§31)" in render_text(reply)


@pytest.mark.parametrize(
    "question, must_cite",
    [
        ("what do we say about disinformation", "§22"),
        ("anything on artificial intelligence?", "§26"),
        ("which paragraphs mention ESIWA", "§14(d)"),
        ("port calls", "§14(b)"),
        ("terrorist financing", "§24"),
        ("secure communication connection", "§7"),
    ],
)
async def test_topic_questions_are_ranked_and_cited(chat: ConsoleChat, question: str, must_cite: str) -> None:
    reply = await ask(chat, question)
    assert reply.intent == "topic"
    assert reply.citations[0] == must_cite


async def test_which_paragraphs_mention_esiwa_finds_both(chat: ConsoleChat) -> None:
    reply = await ask(chat, "which paragraphs mention ESIWA")
    assert set(reply.citations[:3]) >= {
        "§8",
        "§14(d)",
    }  # a subject two paragraphs speak of keeps both in the first three


async def test_topic_with_nothing_in_the_text_says_so(chat: ConsoleChat) -> None:
    reply = await ask(chat, "submarine cables in the Arctic tundra")
    # what the text lacks is said first; the closest paragraphs follow, cited as closest
    assert render_text(reply).startswith(
        "The text does not mention “Arctic tundra”.\nWhat it says on “submarine cables”"
    )
    assert reply.citations[0] == "§23"  # resilience of critical infrastructure: what cables are
    reply = await ask(chat, "zebra quokka")
    assert render_text(reply).startswith("The text does not mention “zebra quokka”.")
    assert reply.citations == []


@pytest.mark.parametrize(
    "question, subject",
    [
        ("sanctions", "sanctions"),
        ("irregular migration", "irregular migration"),
        (
            "flight safety",
            "flight safety",
        ),  # was "What it says on “flight”", quoting §37 on the fight against crime
        ("internal security", "internal"),  # was read as "international"
    ],
)
async def test_a_word_is_not_corrected_into_another_that_drops_its_first_letters(
    chat: ConsoleChat, question: str, subject: str
) -> None:
    """ "sanctions" was read as a misspelling of "action" and quoted §16's "Programme of Action" as the answer;
    "irregular" as "regular" (§6(b)'s regular consultations)."""
    reply = await ask(chat, question)
    assert render_text(reply).startswith(f"The text does not mention “{subject}”.")
    assert reply.citations == []


async def test_a_subject_the_text_does_not_cover_is_said_so_first_and_the_closest_passages_are_marked(
    chat: ConsoleChat,
) -> None:
    reply = await ask(chat, "are we doing anything with NATO?")
    answer = render_text(reply)
    assert answer.startswith("The text does not mention “NATO”.")
    assert "Closest" not in answer and "> " not in answer  # no other words to find anything by: nothing quoted
    assert reply.citations == []
    for asked in ("quote the passage on NATO", "the clause about NATO"):  # was "does not mention “passage NATO”"
        assert render_text(await ask(chat, asked)).startswith("The text does not mention “NATO”.")
    reply = await ask(chat, "security cooperation in the Arctic")
    answer = render_text(reply)
    assert answer.startswith("The text does not mention “Arctic”.")
    assert "(Closest passages, which do not answer the question:)" in answer and "> " in answer
    assert reply.citations == []  # nothing is cited as the answer


async def test_which_things_the_text_names_is_a_search_for_the_things(chat: ConsoleChat) -> None:
    """ "named" is how the question is put, not what it looks for: it said "The text does not mention “named”"."""
    reply = await ask(chat, "which missions are named?")
    answer = render_text(reply)
    assert answer.startswith("What the text says on “missions”")
    assert "named" not in answer
    assert reply.citations


@pytest.mark.parametrize(
    "question, name",
    [("what about human rights?", "human rights"), ("is there a dispute mechanism?", "dispute mechanism")],
)
async def test_a_name_of_the_field_the_text_lacks_is_lacked_whole(chat: ConsoleChat, question: str, name: str) -> None:
    """They said the text does not mention “rights” (or “dispute”), then quoted §37 on "human trafficking" (or the
    partnership's "mechanisms") as what it says on the rest."""
    reply = await ask(chat, question)
    assert render_text(reply).startswith(f"The text does not mention “{name}”.")
    assert reply.citations == []


async def test_a_name_the_text_lacks_is_not_searched_for_what_it_says_on_the_rest(chat: ConsoleChat) -> None:
    """ "human rights in the DPRK" quoted §37 on "human trafficking" as what the text says on the DPRK."""
    reply = await ask(chat, "does it cover human rights in the DPRK?")
    answer = render_text(reply)
    assert answer.startswith("The text does not mention “human rights”.\nWhat it says on “DPRK”")
    assert "trafficking" not in answer and "DPRK" in answer.split("What it says on", 1)[1].split("\n", 2)[1]


async def test_part_of_a_subject_missing_is_said_before_what_the_text_says_on_the_rest(chat: ConsoleChat) -> None:
    reply = await ask(chat, "nuclear submarines")
    answer = render_text(reply)
    assert answer.startswith("The text does not mention “submarines”.")
    assert "What it says on “nuclear”" in answer
    assert reply.citations


async def test_a_class_of_commitments_is_said_what_it_means_and_can_be_asked_of_one_area(chat: ConsoleChat) -> None:
    reply = await ask(chat, "what are the firm commitments on maritime")
    answer = render_text(reply)
    assert answer.startswith("Firm commitments in Maritime Security (3)")
    assert "the EU and the ROK say they will do it" in answer
    assert reply.citations == ["§13", "§14", "§14(b)"]  # §14(c) and §14(d) are exploratory
    answer = render_text(await ask(chat, "which cyber commitments are exploratory"))
    assert "No sentence in Cyber issues makes an exploratory commitment." in answer
    assert "Those it makes are firm (§15) and continuing (§16)." in answer


async def test_the_dialogues_of_an_area_are_its_own_or_none(chat: ConsoleChat) -> None:
    """ "is there a dialogue for it?" after hybrid threats quoted the area again, saying nothing of dialogues."""
    await ask(chat, "what does the partnership say about hybrid threats")
    reply = await ask(chat, "is there a dialogue for it?")
    answer = render_text(reply)
    assert answer.startswith("The text sets up no dialogue of its own for Countering Hybrid threats (§17–§20).")
    assert "Those the text sets up" in answer and "Dialogue on Space Security — §30" in answer
    answer = render_text(await ask(chat, "is there a dedicated dialogue for maritime"))
    assert answer.startswith("maritime security dialogue\n  • set up in §14")


async def test_subjects_the_text_speaks_of_only_apart_are_not_answered_as_one(chat: ConsoleChat) -> None:
    """ "anything on arms exports to Ukraine?" was headed “What the text says on arms exports to Ukraine” over
    §26, on the transfer of conventional weapons, which never names Ukraine."""
    reply = await ask(chat, "anything on arms exports to Ukraine?")
    answer = render_text(reply)
    assert answer.startswith("The text does not mention “arms exports” and “Ukraine” together.")
    arms, ukraine = answer.index("What it says on “arms exports”"), answer.index("What it says on “Ukraine”")
    assert "§26" in answer[arms:ukraine] and "§3" in answer[ukraine:]
    assert "What the text says on" not in answer
    assert {"§26", "§3"} <= set(reply.citations)  # each is what the text says on its part


async def test_subjects_one_passage_speaks_of_together_are_answered_as_one(chat: ConsoleChat) -> None:
    reply = await ask(chat, "cyber attacks on critical infrastructure")
    assert render_text(reply).startswith("What the text says on “cyber attacks on critical infrastructure”")
    assert "§16" in reply.citations[:2]  # with §23, on the resilience of critical infrastructure


@pytest.mark.parametrize(
    "question, name",
    [
        ("anything on the Red Sea", "Red Sea"),
        ("the South China Sea?", "South China Sea"),
        ("what about the black sea", "black sea"),  # typed as people write in chat, without capitals
    ],
)
async def test_a_name_the_text_lacks_in_part_it_lacks_whole(chat: ConsoleChat, question: str, name: str) -> None:
    """ "The text does not mention “Red”. What it says on “Sea”" once quoted the Indian Ocean as the answer."""
    reply = await ask(chat, question)
    assert render_text(reply).startswith(f"The text does not mention “{name}”.")
    assert reply.citations == []


async def test_a_name_the_text_has_is_quoted(chat: ConsoleChat) -> None:
    assert "§14(c)" in (await ask(chat, "anything on the Indian Ocean")).citations


async def test_a_word_the_text_lacks_before_a_subject_it_has_narrows_it_and_is_named(chat: ConsoleChat) -> None:
    """Only a place's last word ("sea") is lost with the word before it: "recent exercises" are still exercises."""
    answer = render_text(await ask(chat, "recent exercises"))
    assert answer.startswith("The text does not mention “recent”.") and "What it says on “exercises”" in answer


async def test_a_korean_question_is_headed_by_its_subject_not_its_gloss(chat: ConsoleChat) -> None:
    """북한에 대해 뭐라고 해? was headed “DPRK about what”, the English its words were read as."""
    answer = render_text(await ask(chat, "북한에 대해 뭐라고 해?"))
    assert "What the text says on “DPRK”" in answer and "about what" not in answer


@pytest.mark.parametrize("question", ["14항 (b) 내용", "제14항 나목", "14항 b"])
async def test_a_korean_paragraph_and_sub_item_are_the_ones_cited(chat: ConsoleChat, question: str) -> None:
    """ "14항 (b)" was read as "14 paragraph (b)" and answered with the whole of §14; Korean drafting letters
    sub-items 가, 나, 다 where the text has a, b, c."""
    assert (await ask(chat, question)).citations[0] == "§14(b)"


async def test_a_korean_question_on_a_sides_position_is_the_texts_on_the_subject(chat: ConsoleChat) -> None:
    """EU의 북한에 대한 입장은? said the text does not mention “입장” (position) before quoting it."""
    reply = await ask(chat, "EU의 북한에 대한 입장은?")
    assert "does not mention" not in render_text(reply)
    assert set(reply.citations) == {"§3", "§16"}


async def test_everyday_words_find_the_texts_own(chat: ConsoleChat) -> None:
    reply = await ask(chat, "anything on north korea")
    assert set(reply.citations[:2]) == {"§3", "§16"}  # the two paragraphs naming the DPRK
    assert "§14(c)" not in reply.citations  # "north" must not pull in the North West Indian Ocean


@pytest.mark.parametrize(
    "question, expected",
    [
        ("what is FIMI", "FIMI stands for foreign information manipulation and interference."),
        ("what does WPS stand for", "WPS stands for Women, Peace and Security."),
        ("what is CMP?", "CMP stands for Coordinated Maritime Presences."),
        ("what is fimi", "FIMI stands for foreign information manipulation and interference."),
        ("what is Coordinated Maritime Presences", "CMP stands for Coordinated Maritime Presences."),
    ],
)
async def test_glossary(chat: ConsoleChat, question: str, expected: str) -> None:
    reply = await ask(chat, question)
    assert reply.intent == "glossary"
    assert expected in render_text(reply)
    assert reply.citations


async def test_a_term_is_quoted_only_where_the_text_uses_it(chat: ConsoleChat) -> None:
    """ "what does NBI mean" quoted §28, §27 and §26 (multilateral "instruments", non-proliferation) as where the
    text uses the cover's Non-Binding Instrument; "what does CWC stand for" §29 and §27 besides §28."""
    nbi = await ask(chat, "what does NBI mean")
    assert "NBI stands for Non-Binding Instrument." in render_text(nbi) and nbi.citations == []
    assert (await ask(chat, "what does CWC stand for")).citations == ["§28"]
    # under a heading that spells the term out, a passage is quoted though it does not write it
    assert {"§26", "§27", "§29"} <= set((await ask(chat, "what does SALW mean")).citations)


async def test_list_of_areas(chat: ConsoleChat) -> None:
    reply = await ask(chat, "list areas")
    shown = render_text(reply)
    assert "Areas of cooperation (15)" in shown
    assert "Women, Peace and Security" in shown


async def test_list_of_mechanisms(chat: ConsoleChat) -> None:
    reply = await ask(chat, "which dialogues are there")
    shown = render_text(reply)
    for name in (
        "Strategic Dialogue",
        "Security and Defence Dialogue",
        "maritime security dialogue",
        "Cyber Policy Consultation",
        "Dialogue on Space Security",
        "Indo-Pacific consultations",
    ):
        assert name in shown


async def test_how_often_is_the_security_and_defence_dialogue_held(chat: ConsoleChat) -> None:
    reply = await ask(chat, "how often is the security and defence dialogue held")
    shown = render_text(reply)
    assert "frequency: annual" in shown
    assert reply.citations[0] == "§6(b)"


@pytest.mark.parametrize(
    "question, cited_first",
    [
        ("Security and Defence Dialogue", "§6(b)"),
        ("what is the Security and Defence Dialogue", "§6(b)"),
        ("what does the partnership say about the security and defence dialogue", "§6(b)"),
        ("what is the strategic dialogue", "§3"),
        ("maritime security dialogue", "§14"),
    ],
)
async def test_a_dialogue_named_in_full_is_answered_as_that_dialogue(
    chat: ConsoleChat, question: str, cited_first: str
) -> None:
    # every word of "Security and Defence Dialogue" is also among the space area's aliases
    reply = await ask(chat, question)
    shown = render_text(reply)
    assert reply.intent == "mechanism"
    assert reply.citations[0] == cited_first
    assert "set up in " + cited_first in shown
    assert "not defined" not in shown


async def test_a_name_several_dialogues_share_lists_them_all(chat: ConsoleChat) -> None:
    reply = await ask(chat, "how often does the dialogue meet")
    shown = render_text(reply)
    assert reply.intent == "mechanisms"
    for name in (
        "Strategic Dialogue",
        "Security and Defence Dialogue",
        "maritime security dialogue",
        "Dialogue on Space Security",
    ):
        assert name in shown
    assert "Cyber Policy Consultation" not in shown


async def test_a_defined_term_quotes_passages_that_use_it_first(chat: ConsoleChat) -> None:
    # §12 ranks high for CSDP only through its section's heading, and does not use the term
    reply = await ask(chat, "what is CSDP")
    quotes = [block for block in reply.blocks if block.kind == "quote"]
    assert len(quotes) == 3
    assert "CSDP" in quotes[0].text and "CSDP" in quotes[1].text
    assert [q.cite for q in quotes[:2]] == ["§11", "§32"]


async def test_what_a_question_is_about_names_the_area(chat: ConsoleChat) -> None:
    # "commitments" is no alias of the cyber area; searching the whole phrase found WPS "commitments" first
    reply = await ask(chat, "what are the commitments on cyber")
    assert reply.intent == "area"
    assert reply.citations[0] == "§15"
    assert "not defined" not in render_text(reply)


@pytest.mark.parametrize(
    "question, expected", [("show me §6", "§6 — General Framework"), ("NZ2024 §2", "I have no document called NZ2024")]
)
async def test_a_word_before_the_section_sign_is_a_document_only_if_it_looks_like_one(
    chat: ConsoleChat, question: str, expected: str
) -> None:
    assert expected in render_text(await ask(chat, question))


async def test_several_paragraphs_are_each_quoted(chat: ConsoleChat) -> None:
    # only the first used to be answered, without a word about the rest
    reply = await ask(chat, "§14(c) and §15")
    assert reply.citations == ["§14(c)", "§14", "§15"]
    assert sum(block.kind == "divider" for block in reply.blocks) == 1
    shown = render_text(await ask(chat, "§40 to 42"))
    assert "— §40" in shown and "— §41" in shown and "There is no paragraph 42" in shown


async def test_a_long_range_is_quoted_six_at_a_time_and_names_the_rest(chat: ConsoleChat) -> None:
    reply = await ask(chat, "§§1-8")
    assert [c for c in reply.citations if "(" not in c] == ["§1", "§2", "§3", "§4", "§5", "§6"]
    assert "That is 8 paragraphs; I quote 6 at a time. Ask next for §7, §8." in render_text(reply)


async def test_help(chat: ConsoleChat) -> None:
    reply = await ask(chat, "help")
    assert "what does §14 commit to" in render_text(reply)


@pytest.mark.parametrize(
    "message, expected",
    [
        ("", "Ask me about the partnership"),
        ("   ", "Ask me about the partnership"),
        ("?!?...", "I need words to go on"),
        ("x" * 4001, "over 4,000 characters"),
        ("Что такое FIMI?", "I answer in English or Korean"),
    ],
)
async def test_bad_messages_get_a_polite_answer(chat: ConsoleChat, message: str, expected: str) -> None:
    reply = await ask(chat, message)
    assert expected in render_text(reply)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
async def test_no_input_makes_the_handlers_raise(chat: ConsoleChat, message: str) -> None:
    replies = await chat.send(message)
    assert len(replies) == 1
    assert replies[0].intent not in {"error", ""}


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["§", "para ", "paragraph ", "what does ", "status of ", "what is ", "update "]),
    st.text(max_size=40),
)
async def test_no_command_prefix_with_any_tail_makes_the_handlers_raise(
    chat: ConsoleChat, prefix: str, tail: str
) -> None:
    replies = await chat.send(prefix + tail)
    assert replies and all(r.intent != "error" for r in replies)


async def test_when_we_meet_next_is_the_next_meeting_not_a_dialogue_called_we(chat: ConsoleChat) -> None:
    """The exact form "when do X meet" once took "we" for a dialogue's name, and asked back "the we meet next?"."""
    reply = await ask(chat, "when do we meet next")
    assert reply.intent == "meetings" and "the we" not in render_text(reply)


@pytest.mark.parametrize("question", ["when is the dialogue", "when's the dialogue?", "where is the dialogue"])
async def test_when_is_the_dialogue_asks_for_the_next_one_and_is_not_asked_back(
    example_chat: ConsoleChat, question: str
) -> None:
    """It was asked back as "the dialogue, or the next meetings?", where "when is the next dialogue" was not."""
    reply = await ask(example_chat, question)
    assert reply.intent == "meetings" and not reply.choices
    assert render_text(reply).startswith("The next Security and Defence Dialogue is on 15 Mar 2027 in Seoul")


@pytest.mark.parametrize(
    "question", ["when was the last dialogue", "when did we last meet", "지난 안보국방대화는 언제였어?"]
)
async def test_the_last_dialogue_is_the_one_held_most_recently_not_the_next(
    example_chat: ConsoleChat, question: str
) -> None:
    """These were answered with the next Dialogue, the opposite of what was asked."""
    reply = await ask(example_chat, question)
    assert reply.intent == "meetings"
    assert "The last Security and Defence Dialogue was on 10 Mar 2026 in Brussels, 328 days ago." in render_text(reply)


@pytest.mark.parametrize(
    "question",
    [
        "when are updates due",
        "when is the next dialogue",
        "when will leads be asked for updates",  # was "The text does not mention “leads asked updates”."
        "when do leads have to report",
        "what's due before the SDD?",  # was "The text does not mention “due”." with §30 and §6 as closest
        "how long do I have to report?",  # was "The text does not mention “long”." and §6(c) on “report”
    ],
)
async def test_the_next_dialogue_comes_with_when_its_round_opens_and_its_digest_goes(
    example_chat: ConsoleChat, question: str
) -> None:
    shown = render_text(await ask(example_chat, question))
    assert "(Collection round opens: 22 Feb 2027 · Digest to the chairs: 8 Mar 2027)" in shown


async def test_no_dialogue_held_yet_is_said_so(chat: ConsoleChat) -> None:
    assert render_text(await ask(chat, "when was the last dialogue")).startswith(
        "No Security and Defence Dialogue held so far is recorded."
    )


async def test_when_are_the_consultations_lists_them_as_no_meeting_is_of_that_kind(chat: ConsoleChat) -> None:
    reply = await ask(chat, "when are the consultations")
    shown = render_text(reply)
    assert reply.intent == "mechanisms"
    for name in ("Security and Defence Consultations", "Indo-Pacific consultations", "Cyber Policy Consultation"):
        assert name in shown


async def test_a_summit_nobody_schedules_is_named_as_the_text_names_it(chat: ConsoleChat) -> None:
    shown = render_text(await ask(chat, "when is the summit"))
    assert shown.startswith("No upcoming EU-ROK Summit is scheduled.")


@pytest.mark.parametrize(
    "question, cited_first",
    [
        ("list the paragraphs on maritime", "§13"),
        ("how often do we meet", "§6(b)"),
        ("show me what the text says on cyber", "§15"),
        ("what's our position on the DPRK", "§3"),
    ],
)
async def test_words_that_ask_are_not_taken_for_a_subject_the_text_lacks(
    chat: ConsoleChat, question: str, cited_first: str
) -> None:
    """ "The text does not mention “list”." once opened the answer on maritime."""
    reply = await ask(chat, question)
    assert "does not mention" not in render_text(reply)
    assert reply.citations[0] == cited_first


@pytest.mark.parametrize("question", ["what is the partnership about", "what's the text about", "what is this about"])
async def test_a_question_with_no_subject_of_its_own_is_about_the_whole_text(chat: ConsoleChat, question: str) -> None:
    """These were answered “The text does not mention “what is the partnership about”.”"""
    shown = render_text(await ask(chat, question))
    assert "does not mention" not in shown
    assert shown.startswith("EU – Republic of Korea Security and Defence Partnership")


@pytest.mark.parametrize(
    "question, heading",
    [
        ("summarise the maritime section", "Maritime Security"),
        ("summarize the cyber part", "Cyber issues (§15–§16)"),
        ("what did the EU commit on cyber", "Cyber issues (§15–§16)"),
        ("what did korea promise on maritime", "Maritime Security"),
        ("give me a summary of maritime", "Maritime Security"),
        ("I need the cyber paragraphs", "Cyber issues (§15–§16)"),
        ("quote the paragraph on space", "Space security and defence (§30–§31)"),  # was "Which paragraph?"
    ],
)
async def test_an_area_asked_for_in_summary_or_as_commitments_is_its_text(
    chat: ConsoleChat, question: str, heading: str
) -> None:
    """The first two gave the document's list of sections, "what did the EU commit on cyber" the history of the
    updates reported ("No update has been reported"), not what the text commits to; "give me a summary of
    maritime" searched its every word, quoting first §40, which "gives further impetus"."""
    shown = render_text(await ask(chat, question))
    assert shown.startswith(heading)
    assert "does not mention" not in shown


@pytest.mark.parametrize(
    "question",
    ["which areas mention the indo-pacific", "where else is the indo-pacific mentioned"],
)
async def test_a_question_across_the_text_is_not_kept_to_the_area_in_context(chat: ConsoleChat, question: str) -> None:
    """After "maritime", "which areas mention the indo-pacific" was searched in Maritime Security alone and
    quoted §14(d), leaving out §1 and §6(c), which name the Indo-Pacific too."""
    await ask(chat, "maritime")
    reply = await ask(chat, question)
    assert "the subject of your last question" not in render_text(reply)
    assert {"§1", "§6(c)"} <= set(reply.citations)


@pytest.mark.parametrize("question", ["compare maritime and cyber", "maritime vs cyber", "maritime and cyber"])
async def test_areas_named_together_are_each_quoted_whole(chat: ConsoleChat, question: str) -> None:
    """They were a search of the text on "maritime cyber" (after "The text does not mention “compare”."), which
    quoted §1 and §17 among parts of the two areas."""
    reply = await ask(chat, question)
    shown = render_text(reply)
    assert shown.startswith("Maritime Security, including operations") and "\nCyber issues (§15–§16)\n" in shown
    assert reply.citations == ["§13", "§14", "§14(a)", "§14(b)", "§14(c)", "§14(d)", "§15", "§16"]
    assert "does not mention" not in shown


@pytest.mark.parametrize("question", ["anything on the SDD", "what does the text say about the sdd"])
async def test_the_sdd_is_the_security_and_defence_dialogue_in_the_text_too(chat: ConsoleChat, question: str) -> None:
    """ "what should I know before the SDD" said "The text does not mention “should SDD”." then "What it says
    on “”" over §33 on best practices, which "know" (of "know-how") had found."""
    shown = render_text(await ask(chat, question))
    assert shown.startswith("ROK-EU Security and Defence Dialogue\n  • set up in §6(b)")
    assert "does not mention" not in shown


@pytest.mark.parametrize(
    "question",
    ["what should I know before the SDD", "brief me for the SDD", "talking points for the minister"],
)
async def test_a_chairs_brief_before_the_dialogue_is_the_digest(example_chat: ConsoleChat, question: str) -> None:
    """Was the Dialogue's mandate (§6(b)), or a search of the text for "minister" (§40, §6(a))."""
    shown = render_text(await ask(example_chat, question))
    assert "digest for the Security and Defence Dialogue" in shown.splitlines()[0]


async def test_asking_for_help_with_a_subject_answers_on_the_subject(chat: ConsoleChat) -> None:
    reply = await ask(chat, "can you help with cyber")
    assert render_text(reply).startswith("Cyber issues (§15–§16)")
    reply = await ask(chat, "help me with the maritime dialogue")
    assert "does not mention" not in render_text(reply)  # "help" is how the question is asked, not its subject
    assert reply.citations[0] == "§14"


@pytest.mark.parametrize(
    "question, name",
    [
        ("missile defence cooperation?", "missile defence"),  # quoted §16's missile programs as the answer
        ("european defence fund participation?", "european defence fund"),  # quoted §8's "EU-funded"
        ("is there anything on a status of forces agreement (SOFA)?", "status of forces agreement SOFA"),
        ("US forces in korea", "US forces"),  # "US" was the stopword "us": §1 quoted on “forces in korea”
        ("is counter-piracy part of this?", "counter-piracy"),  # “piraci”, then §20 quoted on “counter-piracy”
        ("anything on critical minerals?", "critical minerals"),  # §23 quoted as what it says on “critical”
    ],
)
async def test_a_name_the_text_lacks_though_it_uses_its_words_is_not_answered_by_them(
    chat: ConsoleChat, question: str, name: str
) -> None:
    reply = await ask(chat, question)
    assert render_text(reply).startswith(f"The text does not mention “{name}”.")
    assert reply.citations == []  # passages shown, if any, are marked as closest, never cited as the answer


async def test_a_subjects_deliveries_are_asked_of_the_text_not_the_bots(chat: ConsoleChat) -> None:
    """ "ammunition deliveries to ukraine" was answered with the help text, read as the bot's failed deliveries."""
    answer = render_text(await ask(chat, "ammunition deliveries to ukraine"))
    assert not answer.startswith("I answer questions about") and "— §3" in answer  # Ukraine: §3


async def test_the_closest_passages_to_a_name_the_text_lacks_share_its_rare_word(chat: ConsoleChat) -> None:
    """ "missile defence cooperation" lacks "missile defence" whole; the closest passages are found by "missile"
    (§16, §3), not by "cooperation", which every paragraph has."""
    answer = render_text(await ask(chat, "missile defence cooperation?"))
    closest = answer[answer.index("Closest passages") :]
    assert "— §16" in closest and "— §3" in closest


@pytest.mark.parametrize(
    "question, opening",
    [
        ("does the partnership cover space?", "Space security and defence (§30–§31)"),  # was the list of areas
        ("does the partnership cover PESCO?", "The text does not mention “PESCO”."),  # was the list of areas
        ("co-operation on cyber", "Cyber issues (§15–§16)"),  # said the text does not mention “co-operation”
    ],
)
async def test_asked_whether_the_text_covers_something_the_text_answers(
    chat: ConsoleChat, question: str, opening: str
) -> None:
    assert render_text(await ask(chat, question)).startswith(opening)


async def test_asked_what_the_text_says_will_be_set_up_is_no_meeting_to_schedule(chat: ConsoleChat) -> None:
    """ "did the text say a maritime dialogue will be set up" was refused: only chairs can change meetings."""
    reply = await ask(chat, "did the text say a maritime dialogue will be set up")
    assert reply.citations[:1] == ["§14"]


async def test_a_name_the_text_lacks_is_lacking_asked_in_korean_too(chat: ConsoleChat) -> None:
    """미사일 방어 관련 내용 있어? said the text does not mention “방어” and quoted §16 on “missiles”."""
    reply = await ask(chat, "미사일 방어 관련 내용 있어?")
    assert "\nThe text does not mention “missiles defence”." in render_text(reply) and reply.citations == []


async def test_asked_whether_it_may_be_shared_the_marking_comes_first(chat: ConsoleChat) -> None:
    """ "can I share this with my minister?" was a lead's refusal ("You lead no area.")."""
    shown = render_text(await ask(chat, "can I share this with my minister?"))
    assert shown.startswith(
        "EU – Republic of Korea Security and Defence Partnership\n  • Marked LIMITE: for the working group, "
        "not for publication"
    )


async def test_what_one_side_commits_to_alone_is_quoted_and_the_rest_counted_as_joint(chat: ConsoleChat) -> None:
    """ "what does the ROK commit to alone" said the text does not mention “alone” and quoted §7 as closest."""
    rok = render_text(await ask(chat, "what does the ROK commit to alone?"))
    assert rok.startswith("What the ROK commits to alone (1)\n> The ROK will continue and expand its participation")
    assert "(The other 49 commitments are made by both together.)" in rok
    eu = render_text(await ask(chat, "what does the EU commit to?"))
    assert eu.startswith("What the EU commits to alone (0)\nNone alone: the EU makes each of its commitments together")
    both = render_text(await ask(chat, "compare what the EU and ROK commit to"))
    assert "• both together: 49" in both and "• the ROK alone: §11" in both


@pytest.mark.parametrize(
    "question, counted",
    [
        ("how many paragraphs mention cyber?", "“cyber” is in 4 paragraphs: §1, §15, §16, §17."),
        # the acronym, or its long form whole: not every paragraph with "information"
        ("how many times is FIMI mentioned", "“FIMI” is in 3 paragraphs: §3, §17, §21."),
        # "north korea" is the DPRK, not every "north"; was the Dialogue on Space Security's frequency
        ("how often is north korea mentioned?", "“north korea” is in 2 paragraphs: §3, §16."),
    ],
)
async def test_how_many_paragraphs_say_a_subject_is_counted(chat: ConsoleChat, question: str, counted: str) -> None:
    """ "how many paragraphs mention cyber?" said "The text gives no number or amount for that", as if asked how
    many ships; a count of the text is one the bot can make."""
    reply = await ask(chat, question)
    assert render_text(reply).splitlines()[0] == counted
    assert "no number" not in render_text(reply)


async def test_how_often_a_subject_the_text_lacks_is_mentioned_is_not_counted(chat: ConsoleChat) -> None:
    assert render_text(await ask(chat, "how often does it mention climate?")).startswith(
        "The text does not mention “climate”."
    )


@pytest.mark.parametrize(
    "question, verdict",
    [
        ("is §15 continuing?", "No: §15 is firm, not continuing, as its verbs read (“will deepen”)."),
        ("is §14(c) exploratory?", "Yes: §14(c) is exploratory, as its verbs read (“exploring”)."),
        ("is §1 firm?", "No: §1 makes no commitment of its own; it states context."),
    ],
)
async def test_whether_a_paragraph_is_of_a_class_is_answered_first(
    chat: ConsoleChat, question: str, verdict: str
) -> None:
    """ "is §15 continuing?" showed §15, its class listed at the end for the asker to find."""
    reply = await ask(chat, question)
    answer = render_text(reply)
    assert answer.splitlines()[0] == verdict
    assert reply.citations[0] == question.split()[1].rstrip("?")  # the paragraph itself follows, cited
