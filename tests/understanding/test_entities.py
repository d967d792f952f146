"""Entities are found against what the bot knows: typos, variants, phrases before words, mentions, dates."""

from __future__ import annotations

import pytest

from bot.runtime import Runtime
from bot.settings import Settings
from bot.understanding.entities import EntityFinder
from bot.understanding.references import ParagraphRef, find_references
from tests.conftest import EXAMPLE_CONFIG


@pytest.fixture(scope="module")
def finder() -> EntityFinder:
    return Runtime.load(Settings(config=EXAMPLE_CONFIG)).understander.finder


def named(finder: EntityFinder, text: str, kind: str) -> list[str]:
    return [e.value for e in finder.find(text) if e.kind == kind]


@pytest.mark.parametrize(
    "text, area_starts",
    [
        ("martime", "Maritime Security"),
        ("counter terrorism", "Counterterrorism"),
        ("nonproliferation", "Non-Proliferation"),
        ("non proliferation", "Non-Proliferation"),
        ("update nonprolif: on track", "Non-Proliferation"),
        ("disinfo", "Strategic Communications"),
        ("who's in charge of WPS", "Women, Peace and Security"),
        ("cybersecurity", "Cyber issues"),
        ("naval cooperation", "Maritime Security"),  # an alias from the working-group file
    ],
)
def test_areas_are_found_through_typos_variants_and_aliases(finder: EntityFinder, text: str, area_starts: str) -> None:
    areas = named(finder, text, "area")
    assert len(set(areas)) == 1 and areas[0].startswith(area_starts)


def test_a_phrase_is_matched_before_its_words(finder: EntityFinder) -> None:
    entities = finder.find("anything on north korea")
    assert [(e.kind, e.value) for e in entities] == [("topic", "DPRK")]
    assert (entities[0].start, entities[0].end) == (12, 23)  # the span of "north korea"


def test_a_name_does_not_run_on_past_a_colon(finder: EntityFinder) -> None:
    """ "cyber: consultation held …" was read as the Cyber Policy Consultation, with no area: a lead's update
    of cyber was searched for in the text."""
    text = "cyber: consultation held in Seoul on 12 Nov, all good"
    assert named(finder, text, "area") == ["Cyber issues"] and "Cyber Policy Consultation" not in named(
        finder, text, "topic"
    )
    assert named(finder, "the cyber consultation", "topic") == ["Cyber Policy Consultation"]
    assert named(finder, "Maritime Security, including operations", "area")[0].startswith("Maritime Security")


def test_everyday_status_words_and_colours(finder: EntityFinder) -> None:
    assert named(finder, "amber", "status") == ["at_risk"]
    assert named(finder, "WPS: seminar held, all good", "status") == ["on_track"]
    assert named(finder, "which areas are red?", "status") == ["blocked"]
    assert named(finder, "any blockers?", "status") == ["blocked"]
    assert named(finder, "red sea shipping", "status") == []  # a colour before a noun is not a status


def test_people_by_id_name_part_alias_and_mention(finder: EntityFinder) -> None:
    assert named(finder, "who is kim", "person") == ["kim"]
    assert named(finder, "is Anna Müller around", "person") == ["mueller"]
    assert named(finder, "ask mueller", "person") == ["mueller"]
    assert named(finder, "who leads cyber, <@U0LEADKR2>?", "person") == ["lee"]  # a Slack mention, by the file's id
    assert named(finder, "<@U0NOBODY> hi", "person") == []


def test_meetings_dialogues_and_dates(finder: EntityFinder) -> None:
    assert named(finder, "move sdd-2027 to 2027-03-20", "meeting") == ["sdd-2027"]
    assert named(finder, "move sdd-2027 to 2027-03-20", "date") == ["2027-03-20"]
    assert named(finder, "back on 15/03/2027", "date") == ["2027-03-15"]
    assert named(finder, "where is the next sdd", "mechanism") == ["ROK-EU Security and Defence Dialogue"]
    assert named(finder, "when is the strategic dialogue", "mechanism") == ["Strategic Dialogue"]


def test_a_word_that_starts_another_name_is_not_a_name_cut_short(finder: EntityFinder) -> None:
    """ "EU-ROK" alone is the EU-ROK Summit cut short; before "framework agreement" it starts that name."""
    assert named(finder, "EU-ROK", "mechanism") == ["EU-ROK Summit"]
    assert named(finder, "what is the EU-ROK framework participation agreement", "mechanism") == []
    assert named(finder, "what is the EU-ROK framework participation agreement", "topic") == [
        "Framework Participation Agreement"
    ]


def test_words_the_text_uses_are_not_corrected_into_names(finder: EntityFinder) -> None:
    assert named(finder, "what information do you have", "area") == []
    assert named(finder, "status", "area") == []


def test_english_words_are_not_corrected_into_names_but_typos_are(finder: EntityFinder) -> None:
    """ "internal" was read as "international" (of international law: the rules-based order)."""
    assert finder.find("internal security") == []
    assert named(finder, "trafficing", "area") == [
        "External aspects of human trafficking and transnational organised crime"
    ]


@pytest.mark.parametrize(
    "text, refs",
    [
        ("§14", [ParagraphRef(14)]),
        ("14b", [ParagraphRef(14, "b")]),
        ("p14", [ParagraphRef(14)]),
        ("para 3 and 16", [ParagraphRef(3), ParagraphRef(16)]),
        ("§14 and 16", [ParagraphRef(14), ParagraphRef(16)]),
        ("§14(c) and §15", [ParagraphRef(14, "c"), ParagraphRef(15)]),
        ("§§14-16", [ParagraphRef(14), ParagraphRef(15), ParagraphRef(16)]),
        ("paragraphs 38 to 39", [ParagraphRef(38), ParagraphRef(39)]),
        ("Summit2023 §4 and §5", [ParagraphRef(4, None, "Summit2023"), ParagraphRef(5, None, "Summit2023")]),
        ("whats §3", [ParagraphRef(3)]),  # a word of the sentence is not a document's name
        ("14조 내용", [ParagraphRef(14)]),
        ("§14(b) 내용", [ParagraphRef(14, "b")]),
        ("move sdd-2027 to 2027-03-20", []),
        # "The text does not mention “c and d”": a sub-item apart, and more sub-items of the same paragraph
        ("show me 14 c and d", [ParagraphRef(14, "c"), ParagraphRef(14, "d")]),
        ("14c and d", [ParagraphRef(14, "c"), ParagraphRef(14, "d")]),
        ("§14(a), (b) and (c)", [ParagraphRef(14, "a"), ParagraphRef(14, "b"), ParagraphRef(14, "c")]),
        ("14c and a few others", [ParagraphRef(14, "c")]),  # "a" is no sub-item there
        ("twice in 2 a day", []),
    ],
)
def test_paragraph_references_in_every_form(text: str, refs: list[ParagraphRef]) -> None:
    assert [ref for ref, _, _ in find_references(text)] == refs


def test_follow_up_fragments_carry_a_subitem_a_number_or_a_step(finder: EntityFinder) -> None:
    assert named(finder, "and (b)?", "subitem") == ["b"]
    assert named(finder, "what about 15?", "number") == ["15"]
    assert named(finder, "and 1-2 while you're at it", "numbers") == ["1-2"]
    assert named(finder, "next one", "relative") == ["+1"]
    # "and the next?" was searched for in the text ("The text does not mention “next”")
    assert named(finder, "and the next?", "relative") == ["+1"] and named(finder, "previous?", "relative") == ["-1"]
    assert named(finder, "what's the next step", "relative") == []  # not a word alone at the end
    assert named(finder, "b도", "subitem") == ["b"]


@pytest.mark.parametrize(
    "text, refs",
    [
        ("is 5G in the text?", []),  # was §5(g), and "§5 has no sub-items"
        ("3D printing", []),
        ("14b and 5g", [ParagraphRef(14, "b")]),
        ("what does 14e say", [ParagraphRef(14, "e")]),  # §14 has sub-items: answered with the ones it has
        ("§5g", [ParagraphRef(5, "g")]),  # written as a reference
        ("para 5b", [ParagraphRef(5, "b")]),
    ],
)
def test_a_bare_number_and_letter_is_a_sub_item_only_where_the_paragraph_has_some(
    text: str, refs: list[ParagraphRef]
) -> None:
    with_subitems = {6, 14}.__contains__
    assert [ref for ref, _, _ in find_references(text, with_subitems)] == refs
