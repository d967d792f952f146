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
_STRAY_TAIL = re.compile(r"(?<=[A-Za-z)\]])\s?[\^*†‡¹²³]+$|(?<=[a-z)\]])\d{1,2}$")
_SECTION_WORDS = re.compile(
    r"\b(preface|preamble|introduction|general|framework|principles|objectives|areas? of|fields? of|"
    r"cooperation areas|way forward|implementation|review|final|provisions|conclusions?|next steps|"
    r"follow-up|institutional|arrangements|overview|background|context|purpose|scope)\b",
    re.IGNORECASE,
)
_AREAS_SECTION = re.compile(r"\b(areas?|fields?|domains?|priorit(y|ies)|themes?)\b", re.IGNORECASE)
_END_MARK = re.compile(r"^\(?\s*end\s*\)?\.?$|^\*+$|^-+$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^([A-Z][a-z]+(?: [A-Z][a-z]+)?),\s+(\d{1,2} [A-Z][a-z]+ \d{4})$")
_REFERENCE = re.compile(r"\b([A-Z]{2,8}\s?\(\d{4}\)\s?\d+|(?:ST|SN)\s+\d{1,6}/\d{2})\b")
_COUNCIL_NUMBER = re.compile(r"^(\d{3,6}/\d{2})$")
_CLASSIFICATION = re.compile(r"^(LIMITE|Limited|RESTREINT UE/EU RESTRICTED|RESTRICTED|CONFIDENTIAL)$")
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


@dataclass
class _Unit:
    """A paragraph being assembled from its lines."""

    number: int
    line: int
    section: str | None
    area: str | None
    lead: list[str] = field(default_factory=list)
    subs: list[tuple[str, list[str]]] = field(default_factory=list)

    def current(self) -> list[str]:
        return self.subs[-1][1] if self.subs else self.lead

    def ends_sentence(self) -> bool:
        current = self.current()
        return bool(current) and current[-1].rstrip().endswith(_SENTENCE_END)


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


def _is_section_heading(line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        return True
    words = _clean_heading(stripped).split()
    return len(words) <= 6 and bool(_SECTION_WORDS.search(stripped)) and not stripped.endswith((".", ","))


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
        date=date, place=place, council_number=number, references=tuple(references),
        classification=classification, subject=subject,
    )


def _title_and_first_section(front: list[str], fallback: str) -> tuple[str, str | None]:
    """The title is the block of prose lines right before paragraph 1, less a section heading there."""
    block: list[str] = []
    for line in reversed(front):
        if is_furniture(line) or _DATE_LINE.match(line):
            break
        block.insert(0, line)
    section = None
    if block and _is_section_heading(block[-1]) and (len(block) > 1 or block[-1].startswith("[")):
        section = _clean_heading(block.pop())
    title = " ".join(block[-2:]).strip()
    return title or fallback, section


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
    title, section = _title_and_first_section(front, metadata.subject or short_name)
    body = [(index + 1, line) for index, line in enumerate(raw) if index >= start and not is_furniture(line)]
    joiner = _Joiner([line for _, line in body])

    warnings: list[str] = []
    units: list[_Unit] = []
    sections: list[str] = [section] if section else []
    area: str | None = None
    areas: list[str] = []
    pending: list[tuple[int, str]] = []  # unnumbered lines after a finished sentence: heading or continuation

    def settle_pending(next_is_paragraph: bool) -> None:
        nonlocal area
        if not pending:
            return
        lines = [line for _, line in pending]
        joined = " ".join(lines)
        looks_like_heading = (
            next_is_paragraph
            and not lines[-1].endswith((".", ";", ","))
            and len(joined) < 260
            and " will " not in f" {joined} "
        )
        if not looks_like_heading:
            if units:
                units[-1].current().extend(lines)
            pending.clear()
            return
        area_lines: list[str] = []
        for line in lines:
            if _is_section_heading(line) and not area_lines:
                sections.append(_clean_heading(line))
                area = None
            else:
                area_lines.append(line)
        if area_lines:
            heading = _clean_heading(" ".join(area_lines))
            in_areas_section = bool(sections) and bool(_AREAS_SECTION.search(sections[-1]))
            if in_areas_section or not any(_AREAS_SECTION.search(s) for s in sections):
                area = heading
                areas.append(heading)
            else:
                sections.append(heading)
                area = None
        pending.clear()

    for line_no, line in body:
        para = _PARA.match(line)
        expected = units[-1].number + 1 if units else 1
        if para and not (para.group(2) or "")[:1].islower():
            number = int(para.group(1))
            if number == expected or (units and expected < number <= expected + 3):
                if number != expected:
                    warnings.append(f"gap in numbering: §{expected}–§{number - 1} missing (line {line_no})")
                settle_pending(next_is_paragraph=True)
                units.append(_Unit(number, line_no, sections[-1] if sections else None, area))
                if para.group(2):
                    units[-1].lead.append(para.group(2))
                continue
            if units and number <= units[-1].number and number in {u.number for u in units}:
                warnings.append(f"duplicate paragraph number {number} at line {line_no}: kept as text of §{units[-1].number}")
        sub = _SUB.match(line)
        if units and not pending and sub:
            label = sub.group(1) or sub.group(2)
            previous = units[-1].subs[-1][0] if units[-1].subs else None
            if label in _next_labels(previous) and not (previous is None and units[-1].ends_sentence() is False and units[-1].lead and not units[-1].lead[-1].rstrip().endswith((":", "."))):
                units[-1].subs.append((label, [sub.group(3)] if sub.group(3) else []))
                continue
        if not units:
            warnings.append(f"text before the first paragraph could not be placed (line {line_no})")
            continue
        if pending or units[-1].ends_sentence():
            pending.append((line_no, line))
        else:
            units[-1].current().append(line)
    if pending:
        tail = [line for _, line in pending if not _END_MARK.match(line)]
        if tail:
            warnings.append(f"text after the last paragraph could not be placed: {' '.join(tail)[:80]!r}")
        pending.clear()

    if len(units) < 2:
        raise DocumentError("found fewer than two numbered paragraphs: is this a partnership document?")
    paragraphs = tuple(
        Paragraph(
            number=u.number,
            text=(lead := joiner.join(u.lead)),
            subitems=tuple(
                SubItem(label=label, text=(t := joiner.join(lines)), commitments=commitments_of(t))
                for label, lines in u.subs
            ),
            section=u.section,
            area=u.area,
            commitments=commitments_of(lead),
        )
        for u in units
    )
    return Document(
        short_name=short_name,
        title=title,
        metadata=metadata,
        sections=tuple(_spans(sections, paragraphs)),
        areas=tuple(_area_spans(areas, paragraphs)),
        paragraphs=paragraphs,
        glossary=build_glossary(
            [(None, line) for line in front] + [(p.number, p.full_text) for p in paragraphs]
            + [(None, a) for a in areas]
        ),
        mechanisms=find_mechanisms(
            unit for p in paragraphs for unit in [(p.number, None, p.text)] + [(p.number, s.label, s.text) for s in p.subitems]
        ),
        warnings=tuple(warnings),
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
