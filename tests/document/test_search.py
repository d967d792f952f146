"""Query expansion: an acronym brings in its long name and the long name its acronym, wherever in the question."""

from __future__ import annotations

import pytest

from bot.document.search import Retriever
from bot.document.text import runs, tokens
from bot.knowledge import Knowledge


def test_an_acronym_brings_in_its_long_name(knowledge: Knowledge) -> None:
    words = knowledge.retriever.query_tokens("what about FIMI")
    assert {"fimi", "foreign", "inform", "manipul", "interfer"} <= set(words)


def test_a_long_name_in_the_middle_of_a_question_brings_in_its_acronym(knowledge: Knowledge) -> None:
    words = knowledge.retriever.query_tokens(
        "how do we counter foreign information manipulation and interference online"
    )
    assert "fimi" in words
    assert words.count("inform") == 1  # the long name's words are not added twice


def test_a_long_name_cut_short_brings_in_nothing(knowledge: Knowledge) -> None:
    assert "fimi" not in knowledge.retriever.query_tokens("foreign information")


def test_everyday_words_stand_for_the_documents_terms(knowledge: Knowledge) -> None:
    words = knowledge.retriever.query_tokens("fake news from north korea")
    assert {"fimi", "dprk"} <= set(words)
    assert "north" not in words  # "north korea" is DPRK, not a word to find the North West Indian Ocean by


def test_search_ranks_the_best_first_within_the_limit_and_drops_weak_tails(knowledge: Knowledge) -> None:
    retriever = knowledge.retriever
    everything = retriever.search("space security dialogue", limit=1000)  # more than there are paragraphs and sub-items
    assert everything[0].paragraph == 30
    assert [h.score for h in everything] == sorted((h.score for h in everything), reverse=True)
    assert all(h.score >= everything[0].score / 3 for h in everything)
    assert retriever.search("space security dialogue", limit=2) == everything[:2]


def test_search_for_words_the_text_lacks_finds_nothing(knowledge: Knowledge) -> None:
    assert knowledge.retriever.search("zebra giraffe") == []


def test_a_word_the_text_never_uses_is_spelt_as_the_closest_it_does(knowledge: Knowledge) -> None:
    retriever = knowledge.retriever
    assert retriever.corrected("martim") == "maritim"  # "martime", stemmed
    assert retriever.corrected("zebra") == "zebra"  # nothing close: left as typed
    assert knowledge.retriever.search("martime capacity building")[0].paragraph == 14


@pytest.mark.parametrize(
    "typed, stemmed, expected",
    [
        ("flight", "flight", "flight"),  # a word, not a typo of "fight"
        ("found", "found", "found"),  # not "fund"
        ("internal", "internal", "internal"),  # not "international"
        ("martime", "martim", "maritim"),  # a typo: corrected
        ("behavior", "behavior", "behaviour"),  # the American spelling of the text's word
        ("analyze", "analyz", "analys"),
        ("closer", "closer", "close"),  # a form of the text's word
    ],
)
def test_an_english_word_is_corrected_only_into_its_british_spelling_or_a_form_of_it(
    knowledge: Knowledge, typed: str, stemmed: str, expected: str
) -> None:
    assert knowledge.retriever.corrected(stemmed, typed) == expected


def test_coverage_tells_the_texts_words_from_the_rest(knowledge: Knowledge) -> None:
    coverage = knowledge.retriever.coverage("are we doing anything on nuclear submarines with NATO")
    assert coverage.found == ("nuclear",)
    assert set(coverage.missing) == {"submarin", "nato"}
    assert not knowledge.retriever.coverage(
        "security cooperation between the EU and the ROK"
    ).covered  # generic words only


@pytest.mark.parametrize(
    "question, parts",
    [
        ("anything on arms exports to Ukraine?", ["arms exports", "Ukraine"]),  # §26 never names Ukraine, §3 no arms
        ("does korea commit to sending weapons to ukraine", ["weapons", "ukraine"]),  # asking and generic words drop
        ("hybrid threats from russia", ["hybrid threats", "russia"]),
        ("counterterrorism cooperation in southeast asia", ["counterterrorism cooperation", "southeast asia"]),
    ],
)
def test_subjects_related_but_never_in_one_passage_are_told_apart(
    knowledge: Knowledge, question: str, parts: list[str]
) -> None:
    assert knowledge.retriever.apart(question) == parts


@pytest.mark.parametrize(
    "question",
    [
        "cyber attacks on critical infrastructure",  # §16 speaks of both
        "port calls in the Indian Ocean",  # §14(b) and §14(c)'s paragraph, their area's heading
        "north korean cyber activities",  # "north korea" is DPRK, which §16 names
        "cyber and space",  # only listed: each is asked about, not the two together
        "what's our line on space",  # "line" names no subject of the text
        "does it go all the way up to the summit?",
        "women in peacekeeping",  # one subject the thesaurus knows (Women, Peace and Security), across the "in"
    ],
)
def test_subjects_a_passage_has_together_or_only_listed_are_not_told_apart(knowledge: Knowledge, question: str) -> None:
    assert knowledge.retriever.apart(question) is None


def test_runs_split_at_asking_words_stopwords_and_marks_but_not_hyphens() -> None:
    found = runs("what about maritime security in the Indo-Pacific, and cyber?", frozenset({"about"}))
    assert [(r.shown, r.coordinated) for r in found] == [
        ("maritime security", True),
        ("Indo-Pacific", False),  # "in" relates it to the run before
        ("cyber", True),  # ", and" only lists it
    ]


def test_an_acronym_and_its_long_name_count_once_for_a_passage_that_writes_both(knowledge: Knowledge) -> None:
    """ "DPRK" found §3 alone: §3 writes the DPRK's long name beside it and scored for both, which left §16,
    on the DPRK's illicit cyber activities, below the cut; 북한 사이버 활동 quoted §3 and §1 before §16."""
    assert {h.paragraph for h in knowledge.retriever.search("DPRK", specific=True)} == {3, 16}
    assert knowledge.retriever.search("DPRK cyber activities", specific=True)[0].paragraph == 16


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("US forces", ["usa", "forc"]),  # the United States, in capitals
        ("what about the U.S.", ["usa"]),
        ("tell us about cyber", ["cyber"]),  # "us" as people write it to the bot
        ("TELL US ABOUT CYBER", ["cyber"]),  # a shouted message is not full of names
        ("co-operation and co-ordination", ["cooper", "coordin"]),  # the British hyphen, as the text spells them
    ],
)
def test_words_typed_as_names_or_in_another_spelling_are_read_as_meant(typed: str, expected: list[str]) -> None:
    assert tokens(typed) == expected


@pytest.mark.parametrize(
    "question, lacking",
    [
        ("missile defence cooperation", {"missil", "defenc"}),  # §16 has "missile programs", never missile defence
        ("european defence fund participation", {"european", "defenc", "fund"}),  # not §8's "EU-funded"
        ("a status of forces agreement (SOFA)", {"status", "forc", "agreement", "sofa"}),
        ("is counter-piracy part of this", {"counter", "piraci"}),  # not §17's "countering" hybrid threats
    ],
)
def test_a_name_of_the_field_the_text_lacks_is_lacking_whole(knowledge: Knowledge, question: str, lacking: set) -> None:
    coverage = knowledge.retriever.coverage(question)
    assert set(coverage.missing) == lacking and not coverage.found


def test_a_name_of_the_field_the_text_writes_is_not_lacking(knowledge: Knowledge) -> None:
    """The list of names may hold one the text has (another document, a new revision): it is then covered."""
    retriever = Retriever(knowledge.library, elsewhere=["strategic compass", "missile defence"])
    assert retriever.coverage("the strategic compass").found
    assert not retriever.coverage("missile defence").found
