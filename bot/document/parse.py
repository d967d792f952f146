"""From PDF-extracted text to a typed Document.

The parser is generic over the family of partnership texts: numbered paragraphs
(the number inline or on a line of its own), sub-items as `a.`, `a)`, `(a)` or
`(i)`, headings as unnumbered lines between paragraphs, and page furniture
anywhere. It never assumes a paragraph count or particular headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.document.commitments import commitments_of
from bot.document.furniture import is_furniture
from bot.document.glossary import build_glossary
from bot.document.mechanisms import find_mechanisms
from bot.document.model import Area, Document, Metadata, Paragraph, Section, SubItem


class DocumentError(ValueError):
    """The file is not a partnership document the bot can read; the message says why."""


_PARA = re.compile(r"^(\d{1,3})\.(?:\s+(.*))?$")
_SUB = re.compile(r"^(?:\(([a-z]|[ivx]{1,5})\)|([a-z]|[ivx]{1,5})[.)])(?:\s+(.*))?$")
_SENTENCE_END = (".", ":", ";", "?", "!")
_MAX_GAP = 3  # paragraph numbers a PDF export may lose before a number is taken for wrapped text
_STRAY_TAIL = re.compile(r"(?<=[A-Za-z)\]])\s?[\^*†‡¹²³]+$|(?<=[a-z)\]])\d{1,2}$")
# Section names of this genre. A heading is a section by its whole wording, never by containing a
# word of it: "Transatlantic security and EU – NATO cooperation" is an area heading.
_AREAS_SECTION = re.compile(
    r"(?:areas?|fields?|domains?|sectors?)\s+(?:of|for)\s+(?:\w+\s+)?cooperation"
    r"|(?:thematic|sectoral)\s+cooperation|cooperation\s+areas|(?:priority|thematic)\s+areas",
    re.IGNORECASE,
)
_OTHER_SECTION = re.compile(
    r"preface|preamble|introduction|opening|background|context|overview|principles|objectives"
    r"|purpose(?:\s+and\s+scope)?|scope|strategic\s+exchange"
    r"|(?:general|overall|institutional)\s+(?:framework|principles|provisions|arrangements)"
    r"|(?:implementation|review|monitoring|follow-up)(?:\s+and\s+(?:review|follow-up|monitoring|evaluation))?"
    r"|(?:review\s+and\s+)?final\s+provisions|way\s+forward|next\s+steps|conclusions?|concluding\s+remarks",
    re.IGNORECASE,
)
_END_MARK = re.compile(r"^\(?\s*end\s*\)?\.?$|^[-*_]+$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^([A-Z][a-z]+(?: [A-Z][a-z]+)?),\s+(\d{1,2} [A-Z][a-z]+ \d{4})$")
_REFERENCE = re.compile(r"\b([A-Z]{2,8}\s?\(\d{4}\)\s?\d+|(?:ST|SN)\s+\d{1,6}/\d{2})\b")
_COUNCIL_NUMBER = re.compile(r"^(\d{3,6}/\d{2})$")
_CLASSIFICATION = re.compile(r"^(LIMITE|Limited|RESTREINT UE/EU RESTRICTED|RESTRICTED|CONFIDENTIAL)$")
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


@dataclass
class _Unit:
    """A paragraph being assembled from its lines."""

    number: int
    lead: list[str] = field(default_factory=list)
    subs: list[tuple[str, list[str]]] = field(default_factory=list)

    def current(self) -> list[str]:
        return self.subs[-1][1] if self.subs else self.lead

    def ends_sentence(self) -> bool:
        current = self.current()
        return bool(current) and current[-1].rstrip().endswith(_SENTENCE_END)


@dataclass(frozen=True)
class _HeadingBlock:
    """Unnumbered lines read as headings, standing right before the paragraph units[before]."""

    before: int
    lines: tuple[str, ...]


@dataclass
class _Outline:
    """Sections and areas in document order, and the (section, area) each paragraph falls under."""

    sections: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    placement: list[tuple[str | None, str | None]] = field(default_factory=list)


def _next_labels(previous: str | None) -> set[str]:
    """Which sub-item labels may follow `previous`: "i" after "h" is a letter, otherwise a numeral."""
    if previous is None:
        return {"a", "i"}
    following: set[str] = set()
    if len(previous) == 1 and previous < "z":
        following.add(chr(ord(previous) + 1))
    if previous in _ROMAN and _ROMAN.index(previous) + 1 < len(_ROMAN):
        following.add(_ROMAN[_ROMAN.index(previous) + 1])
    return following


class _Joiner:
    """Joins wrapped lines, deciding for each end-of-line hyphen whether it belongs to the word.

    `non-\\nproliferation` keeps its hyphen; a soft break such as `coop-\\neration`
    loses it when the document spells the word whole elsewhere.
    """

    def __init__(self, body_lines: list[str]) -> None:
        text = " ".join(body_lines).lower()
        self.words = set(re.findall(r"[a-z][a-z-]*[a-z]", text))

    def join(self, lines: list[str]) -> str:
        out = ""
        for line in lines:
            line = line.strip()
            if not line:
                continue
            if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].isalpha():
                left = re.findall(r"[A-Za-z]+-$", out)
                right = re.match(r"[A-Za-z]+", line)
                if left and right:
                    whole = (left[0][:-1] + right.group(0)).lower()
                    hyphenated = (left[0] + right.group(0)).lower()
                    if whole in self.words and hyphenated not in self.words:
                        out = out[:-1]
                out += line
            else:
                out = f"{out} {line}" if out else line
        return re.sub(r"\s+", " ", out).strip()


def _clean_heading(text: str) -> str:
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return _STRAY_TAIL.sub("", text).strip()


def _is_section_name(line: str) -> bool:
    """A bracketed heading (`[Preface]`) or one worded as a section of this genre, not an area."""
    stripped = line.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        return True
    heading = _clean_heading(stripped)
    return bool(_AREAS_SECTION.fullmatch(heading) or _OTHER_SECTION.fullmatch(heading))


def _reads_as_heading(lines: list[str]) -> bool:
    """Unfinished lines before a paragraph number are a heading unless they read as prose (long, or with a verb)."""
    joined = " ".join(lines)
    return not lines[-1].endswith(",") and len(joined) < 260 and " will " not in f" {joined} "


class _BodyReader:
    """One pass over the body: each line starts a paragraph or a sub-item, waits as a possible heading, or wraps."""

    def __init__(self) -> None:
        self.units: list[_Unit] = []
        self.headings: list[_HeadingBlock] = []
        self.warnings: list[str] = []
        self._pending: list[str] = []  # unnumbered lines after a finished sentence: heading or continuation

    def read(self, line_no: int, line: str) -> None:
        if self._paragraph(line_no, line) or self._subitem(line):
            return
        if not self.units:
            self.warnings.append(f"text before the first paragraph could not be placed (line {line_no})")
        elif self._pending or self.units[-1].ends_sentence():
            self._pending.append(line)
        else:
            self.units[-1].current().append(line)

    def finish(self) -> None:
        tail = [line for line in self._pending if not _END_MARK.match(line)]
        if tail:
            self.warnings.append(f"text after the last paragraph could not be placed: {' '.join(tail)[:80]!r}")
        self._pending.clear()

    def _paragraph(self, line_no: int, line: str) -> bool:
        """A numbered line starts a paragraph only in sequence, so `2030. Australia’s` stays wrapped text.

        A small gap is tolerated (a number lost in the export) when the text before it is finished.
        """
        para = _PARA.match(line)
        if not para or (para.group(2) or "")[:1].islower():
            return False
        number = int(para.group(1))
        if not self.units:
            accepted = number == 1
        else:
            expected = self.units[-1].number + 1
            finished = bool(self._pending) or self.units[-1].ends_sentence()
            accepted = number == expected or (finished and expected < number <= expected + _MAX_GAP)
            if accepted and number != expected:
                missing = f"§{expected}" + (f"–§{number - 1}" if number - 1 > expected else "")
                self.warnings.append(f"gap in numbering: {missing} missing (line {line_no})")
            elif not accepted and number in {u.number for u in self.units}:
                self.warnings.append(
                    f"duplicate paragraph number {number} at line {line_no}: kept as text of §{expected - 1}"
                )
        if accepted:
            self._settle_pending()
            self.units.append(_Unit(number, [para.group(2)] if para.group(2) else []))
        return accepted

    def _subitem(self, line: str) -> bool:
        """A label continuing the paragraph's sequence (`a`, then `b`); the first must follow a finished sentence."""
        sub = _SUB.match(line)
        if not (sub and self.units and not self._pending):
            return False
        unit = self.units[-1]
        label = sub.group(1) or sub.group(2)
        previous = unit.subs[-1][0] if unit.subs else None
        if label not in _next_labels(previous) or (previous is None and unit.lead and not unit.ends_sentence()):
            return False
        unit.subs.append((label, [sub.group(3)] if sub.group(3) else []))
        return True

    def _settle_pending(self) -> None:
        """Only lines after the last finished sentence can be a heading; lines up to it wrap the paragraph.

        So a heading is still found when the paragraph number before it was lost and its text ran on.
        """
        if not self._pending:
            return
        cut = max((i + 1 for i, line in enumerate(self._pending) if line.endswith(_SENTENCE_END)), default=0)
        heading = self._pending[cut:]
        if heading and _reads_as_heading(heading):
            self.units[-1].current().extend(self._pending[:cut])
            self.headings.append(_HeadingBlock(len(self.units), tuple(heading)))
        else:
            self.units[-1].current().extend(self._pending)
        self._pending.clear()


def _headings(block: _HeadingBlock) -> list[str]:
    """A section name stands alone on its line; other consecutive lines are one heading wrapped over lines."""
    headings: list[str] = []
    wrapped: list[str] = []
    for line in block.lines:
        if not _is_section_name(line):
            wrapped.append(line)
            continue
        if wrapped:
            headings.append(" ".join(wrapped))
            wrapped = []
        headings.append(line)
    if wrapped:
        headings.append(" ".join(wrapped))
    return headings


def _outline(blocks: list[_HeadingBlock], unit_count: int) -> _Outline:
    """Area headings are those after the areas section's heading, up to the next section name.

    Plain text shows no difference between the two levels, so the areas section is found by its
    name and everything outside it is a section; a text without one has sections only.
    """
    outline = _Outline()
    section: str | None = None
    area: str | None = None
    in_areas = False
    by_unit: dict[int, list[str]] = {}
    for block in blocks:
        by_unit.setdefault(block.before, []).extend(_headings(block))
    for index in range(unit_count):
        for heading in by_unit.get(index, []):
            title = _clean_heading(heading)
            if _is_section_name(heading) or not in_areas:
                in_areas = bool(_AREAS_SECTION.fullmatch(title))
                section, area = title, None
                outline.sections.append(title)
            else:
                area = title
                outline.areas.append(title)
        outline.placement.append((section, area))
    return outline


def _metadata(front: list[str]) -> Metadata:
    date = place = number = classification = subject = None
    references: list[str] = []
    for index, line in enumerate(front):
        if m := _DATE_LINE.match(line):
            place, date = place or m.group(1), date or m.group(2)
        if m := _COUNCIL_NUMBER.match(line):
            number = number or m.group(1)
        if m := _CLASSIFICATION.match(line):
            classification = classification or m.group(1)
        for ref in _REFERENCE.findall(line):
            ref = re.sub(r"\s+", " ", ref)
            if ref not in references:
                references.append(ref)
        if line.rstrip(":").lower() in {"subject", "title / subject"} and index + 1 < len(front):
            subject = subject or front[index + 1]
    return Metadata(
        date=date,
        place=place,
        council_number=number,
        references=tuple(references),
        classification=classification,
        subject=subject,
    )


def _title_block(front: list[str]) -> list[str]:
    """The prose lines right before paragraph 1, back to the previous page furniture.

    Furniture directly above paragraph 1 (`DELETED` under the title) is passed over, not taken as the block's end.
    """
    block: list[str] = []
    for line in reversed(front):
        if is_furniture(line) or _DATE_LINE.match(line):
            if block:
                break
            continue
        block.insert(0, line)
    return block


def _title_and_first_section(front: list[str], fallback: str) -> tuple[str, _HeadingBlock | None]:
    """The title is the block before paragraph 1, less a section heading there; a wrapped title has two lines."""
    block = _title_block(front)
    heading = None
    if block and _is_section_name(block[-1]) and (len(block) > 1 or block[-1].startswith("[")):
        heading = _HeadingBlock(0, (block.pop(),))
    wrapped = len(block) > 1 and not block[-2].endswith(_SENTENCE_END)
    title = " ".join(block[-2:] if wrapped else block[-1:]).strip()
    return title or fallback, heading


def _body_start(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        m = _PARA.match(line)
        if m and m.group(1) == "1" and not (m.group(2) or "")[:1].islower():
            return index
    raise DocumentError("no numbered paragraphs found (expected a line starting '1.'): is this a partnership document?")


def parse_document(text: str, short_name: str = "document") -> Document:
    """Parse PDF-extracted text; raises DocumentError with a readable reason when it is not such a document."""
    raw = [line.strip() for line in text.replace("\r\n", "\n").replace("\f", "\n").split("\n")]
    if not any(raw):
        raise DocumentError("the file is empty")
    start = _body_start(raw)
    front = [line for line in raw[:start] if line]
    metadata = _metadata(front)
    title, first_heading = _title_and_first_section(front, metadata.subject or short_name)
    body = [(index + 1, line) for index, line in enumerate(raw) if index >= start and not is_furniture(line)]
    joiner = _Joiner([line for _, line in body])
    reader = _BodyReader()
    for line_no, line in body:
        reader.read(line_no, line)
    reader.finish()
    units = reader.units
    if len(units) < 2:
        raise DocumentError("found fewer than two numbered paragraphs: is this a partnership document?")
    outline = _outline(([first_heading] if first_heading else []) + reader.headings, len(units))
    paragraphs = tuple(
        Paragraph(
            number=u.number,
            text=(lead := joiner.join(u.lead)),
            subitems=tuple(
                SubItem(label=label, text=(t := joiner.join(lines)), commitments=commitments_of(t))
                for label, lines in u.subs
            ),
            section=section,
            area=area,
            commitments=commitments_of(lead),
        )
        for u, (section, area) in zip(units, outline.placement, strict=True)
    )
    return Document(
        short_name=short_name,
        title=title,
        metadata=metadata,
        sections=tuple(_spans(outline.sections, paragraphs)),
        areas=tuple(_area_spans(outline.areas, paragraphs)),
        paragraphs=paragraphs,
        glossary=build_glossary(
            [(None, line) for line in front]
            + [(p.number, p.full_text) for p in paragraphs]
            + [(None, heading) for heading in outline.sections + outline.areas]
        ),
        mechanisms=find_mechanisms(
            unit
            for p in paragraphs
            for unit in [(p.number, None, p.text)] + [(p.number, s.label, s.text) for s in p.subitems]
        ),
        warnings=tuple(reader.warnings),
    )


def _spans(titles: list[str], paragraphs: tuple[Paragraph, ...]) -> list[Section]:
    result = []
    for title in dict.fromkeys(titles):
        numbers = [p.number for p in paragraphs if p.section == title]
        result.append(Section(title=title, first=min(numbers, default=None), last=max(numbers, default=None)))
    return result


def _area_spans(titles: list[str], paragraphs: tuple[Paragraph, ...]) -> list[Area]:
    result = []
    for title in dict.fromkeys(titles):
        numbers = [p.number for p in paragraphs if p.area == title]
        if numbers:
            result.append(Area(title=title, first=min(numbers), last=max(numbers)))
    return result


def load_document(path: Path, short_name: str | None = None) -> Document:
    """Read and parse a file; unreadable or binary files get a DocumentError, not a traceback."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise DocumentError(f"{path}: not a UTF-8 text file (give the PDF's extracted text)") from None
    except OSError as error:
        raise DocumentError(f"{path}: cannot read it ({error.strerror})") from None
    try:
        return parse_document(text, short_name or path.stem)
    except DocumentError as error:
        raise DocumentError(f"{path}: {error}") from None
