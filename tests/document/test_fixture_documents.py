"""The parser on documents of the same family with other layouts: each is checked against a hand-written oracle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.document.model import Document
from bot.document.parse import DocumentError, load_document

FIXTURES = Path(__file__).parent.parent / "fixtures" / "documents"
ORACLES = sorted(FIXTURES.glob("*.expected.json"))


def _load(oracle_path: Path) -> tuple[Document, dict]:
    text_path = oracle_path.with_name(oracle_path.name.replace(".expected.json", ".txt"))
    return load_document(text_path), json.loads(oracle_path.read_text(encoding="utf-8"))


@pytest.fixture(params=ORACLES, ids=[p.name.replace(".expected.json", "") for p in ORACLES])
def parsed(request: pytest.FixtureRequest) -> tuple[Document, dict]:
    return _load(request.param)


def test_there_are_at_least_four_variant_documents() -> None:
    assert len(ORACLES) >= 4


def test_paragraph_numbers(parsed: tuple[Document, dict]) -> None:
    document, expected = parsed
    assert len(document.paragraphs) == expected["paragraph_count"]
    assert document.number_range == (expected["first"], expected["last"])
    assert [p.number for p in document.paragraphs] == list(range(expected["first"], expected["last"] + 1))


def test_title(parsed: tuple[Document, dict]) -> None:
    document, expected = parsed
    assert document.title == expected["title"]


def test_sections(parsed: tuple[Document, dict]) -> None:
    document, expected = parsed
    assert [s.title for s in document.sections] == expected["sections"]


def test_areas(parsed: tuple[Document, dict]) -> None:
    document, expected = parsed
    assert [(a.title, a.first, a.last) for a in document.areas] == [
        (a["title"], a["first"], a["last"]) for a in expected["areas"]
    ]


def test_subitems(parsed: tuple[Document, dict]) -> None:
    document, expected = parsed
    found = {str(p.number): [s.label for s in p.subitems] for p in document.paragraphs if p.subitems}
    assert found == expected["subitems"]


def test_glossary(parsed: tuple[Document, dict]) -> None:
    document, expected = parsed
    glossary = {e.acronym: e.long_name for e in document.glossary}
    for acronym, long_name in expected["glossary"].items():
        assert glossary.get(acronym) == long_name, acronym


def test_mechanisms(parsed: tuple[Document, dict]) -> None:
    document, expected = parsed
    names = " | ".join(m.name.lower() for m in document.mechanisms)
    for name in expected["mechanisms_contain"]:
        assert name.lower() in names, name


def test_commitment_classes(parsed: tuple[Document, dict]) -> None:
    document, expected = parsed
    for number, kind in expected["commitment_classes"].items():
        paragraph = document.paragraph(int(number))
        assert paragraph is not None and paragraph.commitments, number
        assert paragraph.commitments[0].kind.value == kind, number


def test_joined_words_and_page_breaks(parsed: tuple[Document, dict]) -> None:
    document, expected = parsed
    everything = " ".join(p.full_text for p in document.paragraphs)
    for word in expected["joined_words"]:
        assert word in everything, word
    for number, phrase in expected["paragraph_text_contains"].items():
        paragraph = document.paragraph(int(number))
        assert paragraph is not None and phrase in paragraph.text, number


def test_no_furniture_in_text(parsed: tuple[Document, dict]) -> None:
    document, expected = parsed
    for paragraph in document.paragraphs:
        for marker in expected["furniture_absent"]:
            assert marker not in paragraph.full_text, (paragraph.number, marker)


@pytest.mark.parametrize("name", ["not-a-document.txt", "empty.txt"])
def test_files_that_are_not_documents_get_a_clear_error(name: str) -> None:
    with pytest.raises(DocumentError) as error:
        load_document(FIXTURES / name)
    assert name in str(error.value)
    assert "Traceback" not in str(error.value)
