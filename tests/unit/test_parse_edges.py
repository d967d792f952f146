"""The document parser at its edges, by table: line endings, numbering gaps and duplicates, sub-item
sequences, hyphens at line ends, headings, the front matter, and each error's message."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.document.model import Metadata
from bot.document.parse import (
    DocumentError,
    _clean_heading,
    _is_section_name,
    _Joiner,
    _next_labels,
    _reads_as_heading,
    load_document,
    parse_document,
)

TITLE = "Security and Defence Partnership between the EU and the Republic of Korea"


def doc(*body: str, front: tuple[str, ...] = (TITLE,)) -> str:
    return "\n".join((*front, *body))


def texts(text: str) -> list[tuple[int, str]]:
    return [(p.number, p.text) for p in parse_document(text).paragraphs]


@pytest.mark.parametrize(
    "separator",
    ["\n", "\r\n", "\f", "\n\f\n", "\r\n\r\n"],
)
def test_line_endings_and_page_breaks(separator: str) -> None:
    text = separator.join([TITLE, "1. We cooperate.", "2. We meet", "today."])
    document = parse_document(text)
    assert [(p.number, p.text) for p in document.paragraphs] == [(1, "We cooperate."), (2, "We meet today.")]
    assert document.title == TITLE
    assert document.warnings == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("\n \n\t\n", "the file is empty"),
        (
            "Some title\nNo numbers here.",
            "no numbered paragraphs found (expected a line starting '1.'): is this a partnership document?",
        ),
        (
            "Title\n1. lower case is wrapped text\n2. Two.",
            "no numbered paragraphs found (expected a line starting '1.'): is this a partnership document?",
        ),
        ("Title\n1. Only one paragraph.", "found fewer than two numbered paragraphs: is this a partnership document?"),
        ("Title\n1. One.\n6. Far away.", "found fewer than two numbered paragraphs: is this a partnership document?"),
    ],
)
def test_errors_say_why(text: str, message: str) -> None:
    with pytest.raises(DocumentError) as raised:
        parse_document(text)
    assert str(raised.value) == message


def test_paragraphs_before_any_heading_have_no_section_or_area() -> None:
    document = parse_document(doc("1. One.", "2. Two."))
    assert [(p.section, p.area) for p in document.paragraphs] == [(None, None), (None, None)]
    assert (document.sections, document.areas) == ((), ())


def test_a_bare_number_line_opens_the_body() -> None:
    document = parse_document(doc("1.", "We cooperate.", "2.", "We meet."))
    assert [(p.number, p.text) for p in document.paragraphs] == [(1, "We cooperate."), (2, "We meet.")]


@pytest.mark.parametrize(
    ("body", "paragraphs", "warnings"),
    [
        (("1. One.", "2. Two.", "3. Three."), [1, 2, 3], []),
        (("1. One.", "3. Three."), [1, 3], ["gap in numbering: §2 missing (line 3)"]),
        (("1. One.", "4. Four."), [1, 4], ["gap in numbering: §2–§3 missing (line 3)"]),
        (("1. One.", "5. Five."), [1, 5], ["gap in numbering: §2–§4 missing (line 3)"]),
        # more than three lost: the number is wrapped text
        (
            ("1. One.", "2. Two.", "7. Seven."),
            [1, 2],
            ["text after the last paragraph could not be placed: '7. Seven.'"],
        ),
        (("1. One.", "2. Two.", "6. Six."), [1, 2, 6], ["gap in numbering: §3–§5 missing (line 4)"]),
        # a gap only after a finished sentence
        (("1. One", "3. Three.", "2. Two."), [1, 2], []),
        (
            ("1. One.", "2. Two.", "2. Again."),
            [1, 2],
            [
                "duplicate paragraph number 2 at line 4: kept as text of §2",
                "text after the last paragraph could not be placed: '2. Again.'",
            ],
        ),
        (
            ("1. One.", "2. Two", "1. Again.", "3. Three."),
            [1, 2, 3],
            ["duplicate paragraph number 1 at line 4: kept as text of §2"],
        ),
        (("1. One.", "2. Two", "2030. Seoul.", "3. Three."), [1, 2, 3], []),  # a year is not a duplicate
    ],
)
def test_numbering(body: tuple[str, ...], paragraphs: list[int], warnings: list[str]) -> None:
    document = parse_document(doc(*body))
    assert [p.number for p in document.paragraphs] == paragraphs
    assert list(document.warnings) == warnings


def test_wrapped_number_text_joins_its_paragraph() -> None:
    assert texts(doc("1. One", "3. Three.", "2. Two.")) == [(1, "One 3. Three."), (2, "Two.")]
    assert texts(doc("1. One.", "2. Two", "1. Again.", "3. Three.")) == [
        (1, "One."),
        (2, "Two 1. Again."),
        (3, "Three."),
    ]


@pytest.mark.parametrize(
    ("tail", "warnings"),
    [
        (("(end)",), []),
        (("( END ).",), []),
        (("---",), []),
        (("___",), []),
        (("Annex follows",), ["text after the last paragraph could not be placed: 'Annex follows'"]),
        (("Annex", "follows"), ["text after the last paragraph could not be placed: 'Annex follows'"]),
        (("x" * 100,), [f"text after the last paragraph could not be placed: {'x' * 80!r}"]),
    ],
)
def test_text_after_the_last_paragraph(tail: tuple[str, ...], warnings: list[str]) -> None:
    document = parse_document(doc("1. One.", "2. Two.", *tail))
    assert list(document.warnings) == warnings
    assert document.paragraphs[-1].text == "Two."


def test_text_before_the_first_paragraph_is_placed_nowhere() -> None:
    document = parse_document(doc("1. One.", "2. Two.", front=("Title",)))
    assert document.warnings == ()
    assert document.title == "Title"


@pytest.mark.parametrize(
    ("previous", "following"),
    [
        (None, {"a", "i"}),
        ("a", {"b"}),
        ("h", {"i"}),
        ("i", {"j", "ii"}),
        ("v", {"w", "vi"}),
        ("x", {"y", "xi"}),
        ("y", {"z"}),
        ("z", set()),
        ("ii", {"iii"}),
        ("xiv", {"xv"}),
        ("xv", set()),
    ],
)
def test_next_sub_item_labels(previous: str | None, following: set[str]) -> None:
    assert _next_labels(previous) == following


@pytest.mark.parametrize(
    ("lines", "lead", "subs"),
    [
        (("We will:", "a. cyber;", "b) space;", "(c) maritime."), "We will:", ["a", "b", "c"]),
        (("We will:", "(i) one;", "(ii) two."), "We will:", ["i", "ii"]),
        (("We will:", "a.", "cyber;", "b. space."), "We will:", ["a", "b"]),
        # the first label must follow a finished sentence; out of sequence it is text
        (("We will work on", "a. cyber.", "b. space."), "We will work on a. cyber.", []),
        (("We will:", "a. cyber;", "c. space."), "We will:", ["a"]),
        (("We will:", "b. cyber."), "We will:", []),
        (("We will:", "a. cyber", "b. space."), "We will:", ["a", "b"]),
    ],
)
def test_sub_items(lines: tuple[str, ...], lead: str, subs: list[str]) -> None:
    document = parse_document(doc("1. One.", "2. " + lines[0], *lines[1:]))
    second = document.paragraphs[1]
    assert second.text == lead
    assert [s.label for s in second.subitems] == subs


def test_sub_item_texts_are_joined() -> None:
    document = parse_document(doc("1. We will:", "a.", "work on", "cyber;", "b) space.", "2. Two."))
    assert [(s.label, s.text) for s in document.paragraphs[0].subitems] == [("a", "work on cyber;"), ("b", "space.")]


@pytest.mark.parametrize(
    ("lines", "words", "joined"),
    [
        (["the coop-", "eration"], "cooperation", "the cooperation"),  # a soft break: spelt whole elsewhere
        (["the coop-", "eration"], "", "the coop-eration"),  # never spelt whole: the hyphen stays
        (["non-", "proliferation"], "non-proliferation nonproliferation", "non-proliferation"),
        (["non-", "proliferation"], "nonproliferation", "nonproliferation"),
        (["a -", "b"], "ab", "a - b"),  # a dash after a space is not a word's hyphen
        (["x-", "1"], "x1", "x- 1"),
        (["2-", "ab"], "ab", "2- ab"),
        (["-", "ab"], "ab", "- ab"),
        (["co-", "op"], "coop co-op", "co-op"),
        (["a-", "b"], "ab", "ab"),  # a one-letter word broken at its end
        (["coop-", "e-mail"], "", "coop-e-mail"),
        (["Co-", "Operation"], "cooperation", "CoOperation"),
        (["  one  ", "", "  two"], "", "one two"),
        (["one   two"], "", "one two"),
        ([], "", ""),
    ],
)
def test_joiner(lines: list[str], words: str, joined: str) -> None:
    assert _Joiner([words]).join(lines) == joined


def test_soft_hyphen_rejoined_in_a_document() -> None:
    document = parse_document(doc("1. Our coop-", "eration grows.", "2. Cooperation counts.", "3. Non-", "binding."))
    assert [p.text for p in document.paragraphs] == ["Our cooperation grows.", "Cooperation counts.", "Non-binding."]


@pytest.mark.parametrize(
    ("line", "cleaned"),
    [
        ("[Preface]", "Preface"),
        ("  Cyber security*  ", "Cyber security"),
        ("Space†", "Space"),
        ("Maritime security2", "Maritime security"),
        ("Maritime security 2", "Maritime security 2"),
        ("Maritime security (WMD)12", "Maritime security (WMD)"),
        ("Maritime security 123", "Maritime security 123"),
        ("Maritime security¹", "Maritime security"),
        ("Maritime 2027", "Maritime 2027"),
        ("[Bracket", "[Bracket"),
        ("Non-proliferation (WMD)^", "Non-proliferation (WMD)"),
    ],
)
def test_clean_heading(line: str, cleaned: str) -> None:
    assert _clean_heading(line) == cleaned


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("[Anything]", True),
        (" [Anything] ", True),
        ("[Anything", False),
        ("Areas of cooperation", True),
        ("Fields for security cooperation", True),
        ("Thematic cooperation", True),
        ("Priority areas", True),
        ("Preamble", True),
        ("Implementation and review", True),
        ("Final provisions", True),
        ("Conclusions", True),
        ("Introduction*", True),
        ("Cyber security", False),
        ("Transatlantic security and EU – NATO cooperation", False),
        ("Principles of the dialogue", False),
    ],
)
def test_section_names(line: str, section: bool) -> None:
    assert _is_section_name(line) is section


@pytest.mark.parametrize(
    ("lines", "heading"),
    [
        (["Cyber security"], True),
        (["Cyber", "security"], True),
        (["Cyber security,"], False),
        (["x" * 259], True),
        (["x" * 260], False),
        (["x" * 129, "y" * 129], True),  # 259 with the space
        (["x" * 130, "y" * 129], False),
        (["We will meet"], False),
        (["will meet"], False),
        (["Goodwill"], True),
    ],
)
def test_reads_as_heading(lines: list[str], heading: bool) -> None:
    assert _reads_as_heading(lines) is heading


OUTLINED = doc(
    "[Preface]",
    "1. We agree.",
    "Areas of cooperation",
    "Cyber security",
    "2. Cyber text.",
    "3. More cyber.",
    "Maritime",
    "security",
    "4. Maritime text.",
    "Final provisions",
    "5. The end.",
    "Empty section",
    "6. Last.",
)


def test_outline_of_sections_and_areas() -> None:
    document = parse_document(OUTLINED)
    assert [(p.number, p.section, p.area) for p in document.paragraphs] == [
        (1, "Preface", None),
        (2, "Areas of cooperation", "Cyber security"),
        (3, "Areas of cooperation", "Cyber security"),
        (4, "Areas of cooperation", "Maritime security"),
        (5, "Final provisions", None),
        (6, "Empty section", None),
    ]
    assert [(s.title, s.first, s.last) for s in document.sections] == [
        ("Preface", 1, 1),
        ("Areas of cooperation", 2, 4),
        ("Final provisions", 5, 5),
        ("Empty section", 6, 6),
    ]
    assert [(a.title, a.first, a.last) for a in document.areas] == [
        ("Cyber security", 2, 3),
        ("Maritime security", 4, 4),
    ]
    assert document.title == TITLE


def test_a_heading_is_found_after_a_paragraph_whose_number_was_lost() -> None:
    document = parse_document(doc("1. One.", "2. Two.", "Three ran on.", "Cyber", "4. Four."))
    assert [(p.number, p.text, p.section) for p in document.paragraphs] == [
        (1, "One.", None),
        (2, "Two. Three ran on.", None),
        (4, "Four.", "Cyber"),
    ]
    assert list(document.warnings) == ["gap in numbering: §3 missing (line 6)"]


def test_unfinished_lines_that_read_as_prose_are_wrapped_text() -> None:
    document = parse_document(doc("1. One.", "The parties will meet", "2. Two."))
    assert [(p.text, p.section) for p in document.paragraphs] == [("One. The parties will meet", None), ("Two.", None)]
    assert document.sections == ()


def test_a_section_heading_with_no_paragraphs_has_no_span() -> None:
    document = parse_document(doc("1. One.", "Preamble", "Conclusions", "2. Two."))
    assert [(s.title, s.first, s.last) for s in document.sections] == [("Preamble", None, None), ("Conclusions", 2, 2)]


def test_an_area_heading_with_no_paragraphs_is_no_area() -> None:
    document = parse_document(doc("Areas of cooperation", "1. One.", "Cyber", "Final provisions", "2. Two."))
    assert document.areas == ()
    assert [(s.title, s.first, s.last) for s in document.sections] == [
        ("Areas of cooperation", 1, 1),
        ("Final provisions", 2, 2),
    ]


FRONT = (
    "Council of the European Union",
    "Brussels, 18 November 2024",
    "14319/24",
    "LIMITE",
    "COPS 12 EEAS(2024) 1267",
    "ST 9876/23 and EEAS(2024) 1267 again",
    "Subject:",
    "The subject line",
    "Brussels, 19 November 2024",
    "99999/99",
    "CONFIDENTIAL",
)


def test_metadata_of_the_front_matter() -> None:
    document = parse_document(doc("1. One.", "2. Two.", front=(*FRONT, TITLE)))
    metadata = document.metadata
    assert metadata.place == "Brussels"
    assert metadata.date == "18 November 2024"
    assert metadata.council_number == "14319/24"
    assert metadata.classification == "LIMITE"
    assert metadata.references == ("EEAS(2024) 1267", "ST 9876/23")
    assert metadata.subject == "The subject line"
    assert document.title == TITLE


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ((TITLE,), TITLE),
        (("Security and Defence Partnership", "between the EU and Korea"), TITLE.replace("the Republic of ", "")),
        (("First sentence.", "The title"), "The title"),
        (("A", "B", "C"), "B C"),
        (("Brussels, 18 November 2024", "The title", "DELETED"), "The title"),  # furniture under the title
        (("Old block", "LIMITE", "New title"), "New title"),
        ((), "short"),
        (("Subject:", "Its subject", "Brussels, 18 November 2024"), "Its subject"),
        (("The title", "[Preface]"), "The title"),
        (("[Preface]",), "short"),
        (("The title", "Preamble"), "The title"),
        (("Preamble",), "Preamble"),
    ],
)
def test_title(front: tuple[str, ...], title: str) -> None:
    document = parse_document(doc("1. One.", "2. Two.", front=front), "short")
    assert document.title == title
    assert document.short_name == "short"


def test_a_section_heading_above_paragraph_one_is_its_section() -> None:
    document = parse_document(doc("1. One.", "2. Two.", front=("The title", "Preamble")))
    assert [s.title for s in document.sections] == ["Preamble"]
    assert document.paragraphs[0].section == "Preamble"


def test_glossary_and_mechanisms_come_from_front_paragraphs_and_headings() -> None:
    document = parse_document(
        doc(
            "1. The European External Action Service (EEAS) will lead.",
            "Weapons of Mass Destruction (WMD)",
            "2. We will:",
            "a. hold a Security and Defence Dialogue annually; the parties will meet.",
            front=("Common Security and Defence Policy (CSDP)",),
        )
    )
    assert {(g.acronym, g.paragraph) for g in document.glossary} >= {("EEAS", 1), ("CSDP", None), ("WMD", None)}
    assert any(m.paragraph == 2 and m.subitem == "a" for m in document.mechanisms)
    assert [c.verb for c in document.paragraphs[0].commitments] == ["will lead"]
    assert [c.verb for c in document.paragraphs[1].subitems[0].commitments] == ["will meet"]


def test_load_document_names_the_file_in_each_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(DocumentError, match=r"^.*missing\.txt: no such file$"):
        load_document(missing)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(DocumentError) as raised:
        load_document(binary)
    assert str(raised.value) == f"{binary}: not a UTF-8 text file (give the PDF's extracted text)"
    with pytest.raises(DocumentError) as raised:
        load_document(tmp_path)
    assert str(raised.value) == f"{tmp_path}: cannot read it (Is a directory)"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(DocumentError) as raised:
        load_document(empty)
    assert str(raised.value) == f"{empty}: the file is empty"


def test_load_document_names_it_after_the_file_unless_told(tmp_path: Path) -> None:
    path = tmp_path / "sdp-2024.txt"
    path.write_text(doc("1. One.", "2. Two."), encoding="utf-8")
    assert load_document(path).short_name == "sdp-2024"
    assert load_document(path, "sdp").short_name == "sdp"


def test_a_wrapped_heading_then_section_names_in_one_block() -> None:
    document = parse_document(doc("1. One.", "General", "matters", "Final provisions", "Other", "words", "2. Two."))
    assert [(s.title, s.first, s.last) for s in document.sections] == [
        ("General matters", None, None),
        ("Final provisions", None, None),
        ("Other words", 2, 2),
    ]


def test_a_word_spelled_whole_only_at_a_line_end_still_rejoins_a_soft_break() -> None:
    """The words the document spells are read across line ends: `cooperation` ends a line, `coop-` another."""
    assert _Joiner(["in cooperation", "with coop-", "eration"]).join(["coop-", "eration"]) == "cooperation"


@pytest.mark.parametrize(
    "body",
    [
        ("1. “shared values” guide us.", "2. Two."),  # a quotation mark, then a lower-case word
        ("1. One.", "2. “joint” exercises continue."),
    ],
)
def test_a_paragraph_may_open_with_a_quotation_mark(body: tuple[str, ...]) -> None:
    assert [p.number for p in parse_document(doc(*body)).paragraphs] == [1, 2]


def test_a_heading_is_the_lines_after_the_last_finished_sentence() -> None:
    document = parse_document(
        doc("1. We cooperate.", "More words that end here.", "Maritime", "Security", "2. We meet.")
    )
    assert [s.title for s in document.sections] == ["Maritime Security"]
    assert document.paragraphs[0].text == "We cooperate. More words that end here."


def test_no_front_matter_gives_no_metadata_and_the_default_name() -> None:
    document = parse_document("1. One.\n2. Two.")
    assert document.metadata == Metadata(
        date=None, place=None, council_number=None, references=(), classification=None, subject=None
    )
    assert (document.short_name, document.title) == ("document", "document")


@pytest.mark.parametrize(
    ("front", "subject"),
    [
        (("Subject:", "Its subject"), "Its subject"),  # the label second to last, its subject last
        (("Title / Subject:", "Its subject", TITLE), "Its subject"),
        (("TITLE / SUBJECT", "Its subject", TITLE), "Its subject"),
        (("The title", "Subject:"), None),  # a label with nothing after it
        (("SubjectX:", "Not a subject", TITLE), None),
    ],
)
def test_the_subject_is_the_line_after_its_label(front: tuple[str, ...], subject: str | None) -> None:
    assert parse_document(doc("1. One.", "2. Two.", front=front)).metadata.subject == subject


def test_references_are_read_with_their_spacing_made_single() -> None:
    front = ("See ST  9876/23 and JOIN\t(2022) 5", TITLE)
    assert parse_document(doc("1. One.", "2. Two.", front=front)).metadata.references == (
        "ST 9876/23",
        "JOIN (2022) 5",
    )
