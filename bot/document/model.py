"""The typed model of a partnership document, as the parser understands it.

Everything the bot says about the text is read from these objects, so that
answers can always quote the document's own words and cite a paragraph.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class CommitmentKind(StrEnum):
    """How binding a sentence is, read from its verb (`will establish` vs `will explore`)."""

    FIRM = "firm"
    EXPLORATORY = "exploratory"
    CONTINUING = "continuing"


class Commitment(Frozen):
    sentence: str
    verb: str
    kind: CommitmentKind
    # who alone makes it, as the sentence names them before its verb ("The ROK will continue …": "ROK"); None
    # for the two together ("The EU and the ROK will …") and for a sub-item, which its paragraph's opening governs
    party: str | None = None


class SubItem(Frozen):
    label: str  # normalised: "a", "b", ... or "i", "ii", ...
    text: str
    commitments: tuple[Commitment, ...] = ()


class Paragraph(Frozen):
    number: int
    text: str  # the lead text, without the sub-items
    subitems: tuple[SubItem, ...] = ()
    section: str | None = None
    area: str | None = None
    commitments: tuple[Commitment, ...] = ()

    def subitem(self, label: str) -> SubItem | None:
        return next((s for s in self.subitems if s.label == label), None)

    @property
    def full_text(self) -> str:
        parts = [self.text] + [f"{s.label}. {s.text}" for s in self.subitems]
        return " ".join(p for p in parts if p)


class Section(Frozen):
    title: str
    first: int | None = None
    last: int | None = None


class Area(Frozen):
    """An area of cooperation: a heading inside the areas section and the paragraphs under it."""

    title: str
    first: int
    last: int

    @property
    def short_title(self) -> str:
        """The heading up to its first qualifier, e.g. "Maritime Security" of "Maritime Security, including ..."."""
        head = self.title.split(", including")[0].split(" (")[0]
        return head.strip(" ,")


class GlossaryEntry(Frozen):
    acronym: str
    long_name: str
    paragraph: int | None = None  # None when defined on the cover or in a heading


class Mechanism(Frozen):
    """A dialogue, consultation or summit the text names, with where it is set up."""

    name: str
    key: str
    paragraph: int
    subitem: str | None = None
    level: str | None = None
    frequency: str | None = None
    paragraphs: tuple[int, ...] = ()

    @property
    def citation(self) -> str:
        return f"§{self.paragraph}" + (f"({self.subitem})" if self.subitem else "")


class Metadata(Frozen):
    """What the cover and reference lines say about the document."""

    date: str | None = None
    place: str | None = None
    council_number: str | None = None
    references: tuple[str, ...] = ()
    classification: str | None = None
    subject: str | None = None


class Document(Frozen):
    short_name: str
    title: str
    metadata: Metadata = Metadata()
    sections: tuple[Section, ...] = ()
    areas: tuple[Area, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    mechanisms: tuple[Mechanism, ...] = ()
    warnings: tuple[str, ...] = ()

    def paragraph(self, number: int) -> Paragraph | None:
        return self._by_number.get(number)

    def area_paragraphs(self, area: Area) -> list[Paragraph]:
        return list(self._by_area.get(area.title, ()))

    @cached_property
    def _by_number(self) -> dict[int, Paragraph]:
        """Paragraphs by number, built once: every quote and citation looks one up (a digest, thousands)."""
        numbered: dict[int, Paragraph] = {}
        for p in self.paragraphs:
            numbered.setdefault(p.number, p)  # the first of a duplicated number, as the scan found it
        return numbered

    @cached_property
    def _by_area(self) -> dict[str, list[Paragraph]]:
        grouped: dict[str, list[Paragraph]] = {}
        for p in self.paragraphs:
            if p.area is not None:
                grouped.setdefault(p.area, []).append(p)
        return grouped

    @property
    def number_range(self) -> tuple[int, int]:
        numbers = [p.number for p in self.paragraphs]
        return min(numbers), max(numbers)
