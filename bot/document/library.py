"""The documents the bot answers from: the partnership first, then any others loaded beside it.

Citations from the first document are bare (`§14`); from any other they carry
its short name (`Summit2023 §4`), so a reader always knows which text is quoted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bot.document.mechanisms import mechanism_key
from bot.document.model import Area, Document, GlossaryEntry, Mechanism, Paragraph
from bot.document.parse import DocumentError, load_document, parse_document

BUNDLED_NAME = "eu-rok-security-defence-partnership-2024.txt"


def bundled_document() -> Document:
    text = resources.files("bot").joinpath("data", BUNDLED_NAME).read_text(encoding="utf-8")
    return parse_document(text, "EU-ROK")


def parse_spec(spec: str) -> tuple[str | None, Path]:
    """`--document Summit2023=summit.txt` names the document; a bare path takes its file stem."""
    name, sep, path = spec.partition("=")
    if sep and name and "/" not in name:
        return name, Path(path)
    return None, Path(spec)


def load_library(specs: Sequence[str]) -> Library:
    """Documents from `--document` / PARTNERBOT_DOCUMENT; "bundled" (or nothing) is the EU–ROK text."""
    documents: list[Document] = []
    for spec in specs or ["bundled"]:
        if spec == "bundled":
            documents.append(bundled_document())
            continue
        name, path = parse_spec(spec)
        documents.append(load_document(path, name))
    short_names = [d.short_name for d in documents]
    duplicates = {n for n in short_names if short_names.count(n) > 1}
    if duplicates:
        raise DocumentError(f"two documents share the short name {sorted(duplicates)[0]!r}: name them with NAME=FILE")
    return Library(tuple(documents))


@dataclass(frozen=True)
class Library:
    documents: tuple[Document, ...]
    _by_name: dict[str, Document] = field(init=False, repr=False, compare=False)
    _by_term: dict[str, tuple[Document, GlossaryEntry]] = field(init=False, repr=False, compare=False)
    _by_mechanism: dict[str, tuple[Document, Mechanism]] = field(init=False, repr=False, compare=False)
    _by_title: dict[str, Area] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.documents:
            raise DocumentError("no document loaded")
        object.__setattr__(self, "_by_name", {d.short_name.lower(): d for d in self.documents})
        by_term: dict[str, tuple[Document, GlossaryEntry]] = {}
        for document, entry in self.glossary():
            for term in (entry.acronym.lower(), entry.long_name.lower()):
                by_term.setdefault(term, (document, entry))
        object.__setattr__(self, "_by_term", by_term)
        by_mechanism: dict[str, tuple[Document, Mechanism]] = {}
        for document, mechanism in self.mechanisms():
            by_mechanism.setdefault(mechanism.key, (document, mechanism))
        object.__setattr__(self, "_by_mechanism", by_mechanism)
        object.__setattr__(self, "_by_title", {a.title: a for a in self.areas})

    @property
    def primary(self) -> Document:
        return self.documents[0]

    def by_name(self, short_name: str) -> Document | None:
        return self._by_name.get(short_name.lower())

    def cite(self, document: Document, number: int, label: str | None = None) -> str:
        ref = f"§{number}" + (f"({label})" if label else "")
        return ref if document is self.primary else f"{document.short_name} {ref}"

    @property
    def areas(self) -> tuple[Area, ...]:
        """Areas of cooperation are those of the partnership itself (the first document)."""
        return self.primary.areas

    def area_titled(self, title: str | None) -> Area | None:
        """The area whose heading is exactly `title` (an intent carries an area by its title)."""
        return self._by_title.get(title) if title is not None else None

    def area_paragraphs(self, area: Area) -> list[Paragraph]:
        return self.primary.area_paragraphs(area)

    def area_mechanisms(self, area: Area) -> list[tuple[Document, Mechanism]]:
        """The dialogues an area's paragraphs set up, in the partnership itself."""
        numbers = {p.number for p in self.area_paragraphs(area)}
        return [(d, m) for d, m in self.mechanisms() if d is self.primary and m.paragraph in numbers]

    def defines(self, term: str) -> tuple[Document, GlossaryEntry] | None:
        """The glossary entry whose acronym or long name is `term` (any case), and the document defining it."""
        return self._by_term.get(term.strip().lower())

    def glossary(self) -> list[tuple[Document, GlossaryEntry]]:
        seen: set[str] = set()
        result = []
        for document in self.documents:
            for entry in document.glossary:
                if entry.acronym not in seen:
                    seen.add(entry.acronym)
                    result.append((document, entry))
        return result

    def mechanisms(self) -> list[tuple[Document, Mechanism]]:
        return [(d, m) for d in self.documents for m in d.mechanisms]

    def mechanism_named(self, name: str) -> tuple[Document, Mechanism] | None:
        """The mechanism `name` names in full ("the security and defence dialogue"), and the document
        naming it first."""
        return self._by_mechanism.get(mechanism_key(name))
