"""The dialogues, consultations and summits a document names, with where each is set up.

"How often is the Security and Defence Dialogue held" must be answered from the
text: the first paragraph naming a mechanism is where it is set up, and its level
and frequency are read from the words around any mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.document.model import Mechanism

# "Talks" and "Working Group" only capitalised: "held talks" or "a working group" name nothing.
_NOUN = r"(?:Dialogues?|dialogues?|Consultations?|consultations?|Summit|Summits|Talks|Working Groups?)"
_CAP = r"(?:[A-Z][\w’'-]*|[A-Z]{2,}(?:-[A-Z]{2,})?)"
# "EU-ROK Security and Defence Dialogue", "Strategic Dialogue", "Cyber Policy Consultation"
_CAPITALISED = re.compile(
    rf"((?:{_CAP}\s+(?:(?:and|of|on|for)\s+)?)*{_CAP}\s+)?\b({_NOUN})\b(\s+on\s+{_CAP}(?:\s+{_CAP})*)?"
)
# "a regular maritime security dialogue", "annual Indo-Pacific consultations"
_QUALIFIED = re.compile(
    rf"\b(annual|regular|dedicated|biannual|yearly|bi-annual|biennial|high-level)\s+((?:[\w-]+\s+){{0,3}}?)({_NOUN})\b"
)
_FREQUENCY = re.compile(
    r"\b(annual(?:ly)?|biannual(?:ly)?|bi-annual|biennial|yearly|regular(?:ly)?|every (?:two|three|\d+) years|"
    r"twice a year|once a year|monthly|quarterly)\b",
    re.IGNORECASE,
)
_LEVEL = re.compile(r"\(?\bat ((?:[\w’'/()-]+\s*){1,16}?)level\b\)?", re.IGNORECASE)
_PARTIES = re.compile(r"^(?:[A-Z]{2,}(?:-[A-Z]{2,})+|[A-Z]{2,})\s+")
# "the" in either case: people type "the strategic dialogue"
_LEADING_NOISE = re.compile(r"^(?:[Tt]he|A|An|Through|Upgrading|Making|Building|Launching|In|And)\s+")


def mechanism_key(name: str) -> str:
    """One key for "EU-ROK Security and Defence Dialogue" and "ROK-EU Security and Defence Dialogue"."""
    name = _LEADING_NOISE.sub("", name.strip())
    name = _PARTIES.sub("", name)
    key = re.sub(r"\s+", " ", name.lower()).strip()
    return re.sub(r"(dialogue|consultation|summit|working group)s\b", r"\1", key)


def _names(text: str) -> Iterable[tuple[int, int, str]]:
    for match in _CAPITALISED.finditer(text):
        head = (match.group(1) or "").strip()
        noun = match.group(2)
        tail = (match.group(3) or "").strip()
        if not head and not tail:
            if noun[0].isupper() and noun.startswith("Summit"):
                yield match.start(), match.end(), noun
            continue
        if noun[0].islower() and not head:
            continue
        name = _LEADING_NOISE.sub("", f"{head} {noun} {tail}".strip())
        if name.split()[0][0].isupper() and name != noun:
            yield match.start(), match.end(), name
    for match in _QUALIFIED.finditer(text):
        middle = match.group(2).strip()
        if middle and not any(w[0].isupper() for w in middle.split()[:1]) or (middle and "-" in middle):
            yield match.start(2), match.end(), f"{middle} {match.group(3)}"


def _context(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    before = text[max(0, start - 40) : start]
    after = text[end : end + 160]
    frequency = _FREQUENCY.search(before)
    level = _LEVEL.match(after.lstrip(" ,(")) if after.lstrip(" ,(").lower().startswith("at ") else None
    level_text = f"{level.group(1).strip()} level" if level else None
    return (frequency.group(1).lower() if frequency else None), level_text


def find_mechanisms(units: Iterable[tuple[int, str | None, str]]) -> tuple[Mechanism, ...]:
    """Mechanisms in document order; units are (paragraph, sub-item label or None, text)."""
    found: dict[str, Mechanism] = {}
    for paragraph, subitem, text in units:
        for start, end, name in _names(text):
            key = mechanism_key(name)
            if not key or key in {"dialogue", "consultation", "summit"} and name[0].islower():
                continue
            frequency, level = _context(text, start, end)
            known = found.get(key)
            if known is None:
                found[key] = Mechanism(
                    name=name,
                    key=key,
                    paragraph=paragraph,
                    subitem=subitem,
                    level=level,
                    frequency=frequency,
                    paragraphs=(paragraph,),
                )
                continue
            found[key] = known.model_copy(
                update={
                    "level": known.level or level,
                    "frequency": known.frequency or frequency,
                    "paragraphs": known.paragraphs + (() if paragraph in known.paragraphs else (paragraph,)),
                }
            )
    return tuple(found.values())
