"""One message analysed: its English form, its entities, and the text the classifier reads.

The classifier reads the message with each entity replaced by its kind ("who leads
AREA", "is PERSON away"), so what it learns from "who leads cyber" holds for every
area of any document, and names never decide an intent by themselves. The same
function prepares the training examples, so training and use cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.understanding import korean
from bot.understanding.entities import Entity, EntityFinder

# The placeholder each kind of entity stands as, in order of precedence where spans coincide.
PLACEHOLDERS = {
    "paragraph": "PARA",
    "relative": "PARA",
    "subitem": "SUB",
    "number": "NUM",
    "numbers": "NUM",
    "date": "DATE",
    "person": "PERSON",
    "mention": "PERSON",
    "meeting": "MEETING",
    "mechanism": "DIALOGUE",
    "status": "STATUS",
    "term": "TERM",
    "area": "AREA",
}
_PRECEDENCE = list(PLACEHOLDERS)
_AREA_FIRST = [kind for kind in _PRECEDENCE if kind != "area"]
_AREA_FIRST.insert(_AREA_FIRST.index("term"), "area")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Analysis:
    text: str  # as received, spaces folded
    english: str  # the text the entities were found in: the text itself, or its English form if Korean
    korean: bool
    entities: tuple[Entity, ...]
    masked: str  # what the classifier reads
    masked_english: str  # the English form with entities replaced: what is asked besides what is named


def mask(text: str, entities: tuple[Entity, ...]) -> str:
    # a name that is a term and an area ("WPS", "FIMI") beside a status is the area: "WPS is on track"
    precedence = _AREA_FIRST if any(e.kind == "status" for e in entities) else _PRECEDENCE
    spans: dict[tuple[int, int], str] = {}
    for entity in entities:
        placeholder = PLACEHOLDERS.get(entity.kind)
        if placeholder is None:
            continue
        span = (entity.start, entity.end)
        if span not in spans or precedence.index(entity.kind) < precedence.index(_kind_of(spans[span])):
            spans[span] = placeholder
    out, position = [], 0
    for (start, end), placeholder in sorted(spans.items()):
        if start < position:
            continue
        out += [text[position:start], placeholder]
        position = end
    out.append(text[position:])
    return "".join(out)


_PLACEHOLDER_WORDS = frozenset(PLACEHOLDERS.values())
_WORD = re.compile(r"[^\W_]*[^\W\d_][^\W_]*")  # with a letter in it: "G7", "5G" are words, "2027" none


def asked_words(masked_english: str) -> list[str]:
    """The words of a message besides what it names (its placeholders), as written. An acronym the bot does not
    know is a word: "what about the G7?" after maritime was maritime again ("G7", "NATO" were taken for names)."""
    return [w for w in _WORD.findall(masked_english) if w not in _PLACEHOLDER_WORDS]


def _kind_of(placeholder: str) -> str:
    return next(k for k, v in PLACEHOLDERS.items() if v == placeholder)


def analyse(message: str, finder: EntityFinder, today: date | None = None) -> Analysis:
    text = _SPACES.sub(" ", message).strip()
    is_korean = any(korean.is_hangul(c) for c in text)  # "FIMI는?" too: Kiwi separates the particle
    english = korean.to_english(text, today) if is_korean else text
    entities = tuple(finder.find(english))
    masked_english = mask(english, entities)
    # Korean: the Korean words too, as the examples teach their n-grams directly
    masked = f"{text} {masked_english}" if is_korean else masked_english
    return Analysis(text, english, is_korean, entities, masked, masked_english)
