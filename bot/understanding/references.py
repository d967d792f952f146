"""Paragraph references in every form people write them: the one place where regexes are right.

`§14`, `§ 14`, `§14(c)`, `§14 c`, `14.b`, `14b`, `p14`, `para. 38`, `paragraph 14(b)`,
`section 7`, `what does 41 say`, `Summit2023 §4`, several at once (`§14(c) and §15`,
`§14 and 16`, `para 3 and 16`, `§§14-16`, `paragraphs 38 to 39`) and Korean
(`14조`, `제14조`, `14항`, `§14(b) 내용`). A form is exact, so it is matched exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ParagraphRef:
    number: int
    label: str | None = None
    document: str | None = None  # a short name such as "Summit2023"; None for the partnership

    @property
    def citation(self) -> str:
        return (
            (f"{self.document} " if self.document else "")
            + f"§{self.number}"
            + (f"({self.label})" if self.label else "")
        )


# A range longer than this is not a range people mean ("§1-2024" is a number), and is read as its first paragraph.
MAX_RANGE = 50
_NUMBER = r"(\d{1,4})"
_SUB = r"(?:\s*\(\s*([a-z]|[ivx]{1,4})\s*\)|\s*[.]?\s*([a-z])(?![\w]))?"
_DOC = r"(?:([A-Za-z][\w-]{1,30})\s+)?"
_KEYWORD = r"(?:para(?:graph)?s?\.?|par\.?|section|point|art(?:icle)?\.?|p\.?)"
_RANGE = re.compile(
    r"(?:" + _DOC + r"§§?|\b" + _KEYWORD + r")\s*" + _NUMBER + r"\s*(?:-|–|—|to)\s*(?:§\s*)?" + _NUMBER + r"\b",
    re.IGNORECASE,
)
# "§14(c) and (d)", "14c and d": more sub-items of the same paragraph, each a letter alone before the end, a mark
# or another "and" (not the "a" of "14c and a few more")
_SUB_ENDS = r"(?=\s*(?:[?.!,;)]|\band\b|&|$))"
_MORE_SUBITEMS = re.compile(r"\s*(?:,|and|&|or)\s*(?:\(\s*([a-h])\s*\)|([a-h])" + _SUB_ENDS + ")", re.IGNORECASE)
_FORMS = [
    re.compile(_DOC + r"§\s*" + _NUMBER + _SUB, re.IGNORECASE),
    re.compile(r"\b" + _KEYWORD + r"\s*" + _NUMBER + _SUB, re.IGNORECASE),
    re.compile(
        r"(?:제\s*)?"
        + _NUMBER
        + r"\s*(?:조|항|번|단락|문단)"
        + r"(?:\s*\(\s*([a-z]|[ivx]{1,4})\s*\)|\s*([a-z])(?![\w]))?",
        re.IGNORECASE,
    ),
    re.compile(r"\bwhat does " + _NUMBER + _SUB + r"(?=\s+(?:say|commit|cover|mean))", re.IGNORECASE),
    re.compile(r"(?<![\w§.])" + _NUMBER + r"(?:\s*\(\s*([a-z]|[ivx]{1,4})\s*\)|\.([a-z])\b|([a-h])\b)", re.IGNORECASE),
    # "show me 14 c and d": a letter apart, where nothing follows it but the end, a mark or another sub-item
    re.compile(r"(?<![\w§.])" + _NUMBER + r"\s([a-h])" + _SUB_ENDS, re.IGNORECASE),
    re.compile(r"^\s*" + _NUMBER + r"\s*\??\s*$"),
]
# "§14 and 16", "para 3, 5 and 16": bare numbers listed right after a reference are references too
_MORE = re.compile(
    r"\s*(?:,|and|&|or|및|와|과)\s*(?:§\s*)?" + _NUMBER + r"(?:\s*\(\s*([a-z]|[ivx]{1,4})\s*\))?(?![\d/.-])",
    re.IGNORECASE,
)
# words that may stand before § without being a document's name
_SENTENCE_WORDS = {
    "what",
    "does",
    "say",
    "is",
    "in",
    "of",
    "and",
    "see",
    "under",
    "about",
    "show",
    "me",
    "read",
    "quote",
    "on",
    "for",
}


def _document_name(word: str | None) -> str | None:
    """The word before § names a document when it is written as names are (Summit2023, EUJapan2024), not
    when it is a word of the sentence ("whats §3", "show me §6")."""
    if not word or word.lower() in _SENTENCE_WORDS or word.islower() and not any(c.isdigit() for c in word):
        return None
    return word


def _from_match(match: re.Match[str], has_document: bool) -> ParagraphRef:
    groups = match.groups()
    document = None
    if has_document:
        document, groups = _document_name(groups[0]), groups[1:]
    label = next((g.lower() for g in groups[1:] if g), None)
    return ParagraphRef(int(groups[0]), label, document)


_Found = tuple[ParagraphRef, int, int]
# the forms from this index on are bare numbers: never paragraph 0, and never followed by a list
_BARE_FORMS = 4


class _Spans:
    """The parts of the text already read as a reference: each part is read once."""

    def __init__(self) -> None:
        self._taken: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in self._taken)

    def take(self, start: int, end: int) -> None:
        self._taken.append((start, end))


def _ranges(text: str, spans: _Spans) -> list[_Found]:
    """ "§§14-16", "paragraphs 38 to 39": every paragraph of a range, read before single references."""
    found: list[_Found] = []
    for m in _RANGE.finditer(text):
        first, last = int(m.group(2)), int(m.group(3))
        if 0 < last - first < MAX_RANGE:
            document = _document_name(m.group(1))
            found += [(ParagraphRef(n, None, document), m.start(), m.end()) for n in range(first, last + 1)]
            spans.take(m.start(), m.end())
    return found


def _listed_after(text: str, end: int, ref: ParagraphRef, spans: _Spans) -> list[_Found]:
    """ "§14 and 16": the bare numbers listed right after a reference, in the same document."""
    found: list[_Found] = []
    while more := _MORE.match(text, end):
        if not spans.free(more.start(), more.end()):
            break
        listed = ParagraphRef(int(more.group(1)), (more.group(2) or "").lower() or None, ref.document)
        found.append((listed, more.start(), more.end()))
        spans.take(more.start(), more.end())
        end = more.end()
    return found


def _subitems_after(text: str, end: int, ref: ParagraphRef, spans: _Spans) -> list[_Found]:
    """ "14(c) and (d)", "14c and d": the sub-items listed right after a reference to one, of its paragraph."""
    found: list[_Found] = []
    while ref.label is not None and (more := _MORE_SUBITEMS.match(text, end)) and spans.free(more.start(), more.end()):
        listed = ParagraphRef(ref.number, (more.group(1) or more.group(2)).lower(), ref.document)
        found.append((listed, more.start(), more.end()))
        spans.take(more.start(), more.end())
        end = more.end()
    return found


def _single_references(text: str, spans: _Spans, has_subitems: Callable[[int], bool] | None) -> list[_Found]:
    """References one form at a time, the most explicit forms first, each with the list that follows it."""
    found: list[_Found] = []
    for index, pattern in enumerate(_FORMS):
        bare = index >= _BARE_FORMS
        for m in pattern.finditer(text):
            if not spans.free(m.start(), m.end()):
                continue
            ref = _from_match(m, has_document=index == 0)
            if bare and (ref.number == 0 or (ref.label and has_subitems and not has_subitems(ref.number))):
                continue  # "5G", "3D": a bare number and letter is a sub-item only of a paragraph that has some
            found.append((ref, m.start(), m.end()))
            spans.take(m.start(), m.end())
            found += _subitems_after(text, m.end(), ref, spans)
            if not bare:
                found += _listed_after(text, m.end(), ref, spans)
    return found


def _in_named_documents(found: list[_Found]) -> list[_Found]:
    """ "Summit2023 §4 and §5": in the order written, a later reference without a document belongs to the one
    named just before it."""
    result: list[_Found] = []
    for ref, start, end in sorted(found, key=lambda item: item[1]):
        if result and ref.document is None and result[-1][0].document is not None and start - result[-1][2] < 8:
            ref = ParagraphRef(ref.number, ref.label, result[-1][0].document)
        result.append((ref, start, end))
    return result


def find_references(text: str, has_subitems: Callable[[int], bool] | None = None) -> Iterator[_Found]:
    """Every paragraph reference with its span, in the order written; each span is read once. With
    `has_subitems` (whether the partnership's paragraph of that number has sub-items), a number and a letter
    written bare ("is 5G in the text?") are a reference only where the paragraph has sub-items ("14b"; "14e"
    is still one, answered with the sub-items §14 has)."""
    spans = _Spans()
    found = _ranges(text, spans) + _single_references(text, spans, has_subitems)
    seen: set[ParagraphRef] = set()
    for ref, start, end in _in_named_documents(found):
        if ref not in seen:
            seen.add(ref)
            yield ref, start, end
