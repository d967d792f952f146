"""The bundled EU–ROK text: what the parser must understand of it."""

from __future__ import annotations

import pytest

from bot.document.furniture import is_furniture
from bot.document.library import bundled_document
from bot.document.model import CommitmentKind, Document, Paragraph


@pytest.fixture(scope="module")
def document() -> Document:
    return bundled_document()


def numbered(document: Document, number: int) -> Paragraph:
    """The paragraph, which the bundled document has: a missing one fails the test here, not as an AttributeError."""
    paragraph = document.paragraph(number)
    assert paragraph is not None, f"no paragraph {number}"
    return paragraph


def test_all_41_paragraphs_in_order(document: Document) -> None:
    assert [p.number for p in document.paragraphs] == list(range(1, 42))
    assert document.warnings == ()


def test_title_and_cover_metadata(document: Document) -> None:
    assert document.title == "EU – Republic of Korea Security and Defence Partnership"
    assert document.metadata.date == "21 October 2024"
    assert document.metadata.place == "Brussels"
    assert document.metadata.council_number == "14319/24"
    assert "EEAS(2024) 1267" in document.metadata.references
    assert document.metadata.classification == "LIMITE"


def test_sections_with_their_paragraphs(document: Document) -> None:
    assert [(s.title, s.first, s.last) for s in document.sections] == [
        ("Preface", 1, 5),
        ("General Framework", 6, 9),
        ("Areas of Cooperation", 10, 39),
        ("Way Forward", 40, 41),
    ]


def test_areas_including_two_line_headings_and_stray_characters(document: Document) -> None:
    areas = {a.title: (a.first, a.last) for a in document.areas}
    assert len(areas) == 15
    assert areas[
        "International peace and crisis management, including peacekeeping operations "
        "and CSDP (Common Security and Defence Policy) missions and operations"
    ] == (11, 12)
    assert areas["Women, Peace and Security"] == (38, 39)
    assert areas[
        "Strategic Communications and countering Foreign Information Manipulation and Interference (FIMI)"
    ] == (21, 22)
    assert areas["Space security and defence"] == (30, 31)
    assert numbered(document, 10).area is None  # the introduction of the areas section
    assert (
        numbered(document, 14).area
        == "Maritime Security, including operations, exercises and capacity-building for third countries"
    )
    assert numbered(document, 40).section == "Way Forward" and numbered(document, 40).area is None


def test_paragraph_14_has_four_subitems_including_letters_on_their_own_line(document: Document) -> None:
    paragraph = numbered(document, 14)
    assert [s.label for s in paragraph.subitems] == ["a", "b", "c", "d"]
    assert paragraph.subitems[0].text.startswith(
        "Operational cooperation, based on the Framework Participation Agreement"
    )
    assert paragraph.subitems[2].text.startswith(
        "Exploring cooperation in the framework of the EU’s Coordinated Maritime Presences"
    )
    assert paragraph.text.endswith("in areas such as:")


def test_page_breaks_and_furniture_never_enter_the_text(document: Document) -> None:
    for paragraph in document.paragraphs:
        for marker in ("EEAS(2024)", "PCM.2", "Limited", "LIMITE", "DELETED"):
            assert marker not in paragraph.full_text, (paragraph.number, marker)
    assert numbered(document, 4).text.endswith("between the EU and the ROK.")
    assert numbered(document, 5).text.startswith("In this context")


def test_hyphenation_across_lines_keeps_compound_words(document: Document) -> None:
    assert "non-proliferation, maritime security" in numbered(document, 3).text
    assert "cross-participation in exercises" in numbered(document, 19).text
    assert "Nuclear Non-Proliferation Treaty (NPT)" in numbered(document, 28).text
    assert "annual ROK-EU Strategic Dialogue" in numbered(document, 40).text


@pytest.mark.parametrize(
    "acronym, long_name",
    [
        ("FIMI", "foreign information manipulation and interference"),
        ("WPS", "Women, Peace and Security"),
        ("SALW", "small arms and light weapons"),
        ("CSDP", "Common Security and Defence Policy"),
        ("CMP", "Coordinated Maritime Presences"),
        ("UNCLOS", "United Nations Convention on the Law of the Sea"),
        ("CRIMARIO", "Critical Maritime Routes Indian Ocean"),
        ("ESIWA", "Enhancing Security In and With Asia"),
        ("P/CVE", "preventing/countering violent extremism"),
        ("NPT", "Nuclear Non-Proliferation Treaty"),
        ("CT", "Counterterrorism"),
    ],
)
def test_glossary_from_both_forms_of_definition(document: Document, acronym: str, long_name: str) -> None:
    glossary = {e.acronym: e.long_name for e in document.glossary}
    assert glossary[acronym] == long_name


def test_mechanisms_with_paragraph_level_and_frequency(document: Document) -> None:
    mechanisms = {m.key: m for m in document.mechanisms}
    sdd = mechanisms["security and defence dialogue"]
    assert (sdd.paragraph, sdd.subitem, sdd.frequency) == (6, "b", "annual")
    assert sdd.level is not None and "Director-General" in sdd.level
    assert 17 in sdd.paragraphs and 40 in sdd.paragraphs
    strategic = mechanisms["strategic dialogue"]
    assert (
        strategic.paragraph == 3 and strategic.frequency == "annual" and strategic.level == "Foreign Ministerial level"
    )
    maritime = mechanisms["maritime security dialogue"]
    assert (maritime.paragraph, maritime.frequency, maritime.level) == (
        14,
        "regular",
        "Director / Head of Division level",
    )
    assert mechanisms["cyber policy consultation"].paragraph == 15
    assert mechanisms["dialogue on space security"].paragraph == 30
    assert mechanisms["indo-pacific consultation"].subitem == "c"


@pytest.mark.parametrize(
    "number, kind, verb",
    [
        (14, CommitmentKind.FIRM, "will establish"),
        (11, CommitmentKind.FIRM, "will strengthen"),
        (30, CommitmentKind.EXPLORATORY, "will explore"),
        (7, CommitmentKind.EXPLORATORY, "will explore"),
        (16, CommitmentKind.CONTINUING, "will continue"),
        (40, CommitmentKind.FIRM, "will be"),
    ],
)
def test_commitments_classed_by_verb(document: Document, number: int, kind: CommitmentKind, verb: str) -> None:
    first = numbered(document, number).commitments[0]
    assert (first.kind, first.verb) == (kind, verb)


def test_a_commitment_one_side_makes_alone_names_it(document: Document) -> None:
    """§11's second sentence is the ROK's alone; every other commitment is made by both, or by a sub-item under a
    paragraph's joint opening ("These will report …" is no party)."""
    alone = [
        (paragraph.number, c.party)
        for paragraph in document.paragraphs
        for c in paragraph.commitments + tuple(c for s in paragraph.subitems for c in s.commitments)
        if c.party is not None
    ]
    assert alone == [(11, "ROK")]


def test_subitem_commitments(document: Document) -> None:
    kinds = [s.commitments[0].kind for s in numbered(document, 14).subitems]
    assert kinds == [
        CommitmentKind.CONTINUING,
        CommitmentKind.FIRM,
        CommitmentKind.EXPLORATORY,
        CommitmentKind.EXPLORATORY,
    ]


@pytest.mark.parametrize(
    "line",
    [
        "EEAS(2024) 1267",
        "PCM.2",
        "7",
        "Limited",
        "LIMITE",
        "DELETED",
        "CIVCOM 247",
        "CFSP/PESC 1413 CONUN 195",
        "- 5 -",
        "5/12",
        "SM/mgc",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line", ["Cyber issues", "Way Forward", "2025 the parties will meet", "En route", "Women, Peace and Security^"]
)
def test_prose_is_not_furniture(line: str) -> None:
    assert not is_furniture(line)
