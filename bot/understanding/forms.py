"""What a message asks for, read from its words: one typed intent per kind of question or command.

Routing is a pure function of the text, so it is tested without any platform,
storage or document; handlers then resolve names (areas, people, meetings).
Order matters: commands first, then exact references (§14), then questions
about status, the glossary and mechanisms, and free-text retrieval last.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

MAX_MESSAGE_CHARS = 4000


@dataclass(frozen=True)
class Invalid:
    reason: str  # "empty", "punctuation", "too_long", "script"


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class ParagraphRef:
    number: int
    label: str | None = None
    document: str | None = None  # a short name such as "Summit2023"; None for the partnership


@dataclass(frozen=True)
class Paragraphs:
    """Several at once: "§14 and §15", "§§14-16", "paragraphs 38 to 39"."""

    refs: tuple[ParagraphRef, ...]


@dataclass(frozen=True)
class Glossary:
    term: str


@dataclass(frozen=True)
class ListAreas:
    pass


@dataclass(frozen=True)
class Mechanisms:
    name: str | None = None  # "how often is the security and defence dialogue held" names one


@dataclass(frozen=True)
class Status:
    area: str | None = None


@dataclass(frozen=True)
class History:
    area: str


@dataclass(frozen=True)
class WhoLeads:
    area: str | None = None  # None: every area's leads


@dataclass(frozen=True)
class Chairs:
    pass


@dataclass(frozen=True)
class MyAreas:
    pass


@dataclass(frozen=True)
class Missing:
    pass


@dataclass(frozen=True)
class Away:
    until: date | None
    person: str | None = None  # None: the sender; an admin may name someone
    back: bool = False  # "back" / "not away" clears an absence


@dataclass(frozen=True)
class Update:
    area: str | None = None
    one_line: str | None = None  # "update space: at risk — first meeting slipped to May"


@dataclass(frozen=True)
class EditUpdate:
    area: str | None = None


@dataclass(frozen=True)
class Meetings:
    next_only: bool = False


@dataclass(frozen=True)
class ScheduleMeeting:
    kind: str
    when: date | None
    place: str | None


@dataclass(frozen=True)
class MoveMeeting:
    meeting: str
    when: date | None


@dataclass(frozen=True)
class CancelMeeting:
    meeting: str


@dataclass(frozen=True)
class DigestPreview:
    meeting: str | None = None


@dataclass(frozen=True)
class Area:
    query: str


@dataclass(frozen=True)
class Topic:
    query: str


Intent = (
    Invalid | Help | ParagraphRef | Paragraphs | Glossary | ListAreas | Mechanisms | Status | History | WhoLeads | Chairs | MyAreas
    | Missing | Away | Update | EditUpdate | Meetings | ScheduleMeeting | MoveMeeting | CancelMeeting
    | DigestPreview | Area | Topic
)

_SUB = r"(?:\s*\(\s*([a-z]|[ivx]{1,4})\s*\)|\s*[.]?\s*([a-z])(?![\w]))?"
_PARAGRAPH = [
    re.compile(r"(?:([A-Za-z][\w-]{1,30})\s+)?§\s*(\d{1,4})" + _SUB, re.IGNORECASE),
    re.compile(r"\b(?:para(?:graph)?s?\.?|section|point|art(?:icle)?\.?)\s*(\d{1,4})" + _SUB, re.IGNORECASE),
    re.compile(r"^\s*(\d{1,4})\s*(?:\(\s*([a-z]|[ivx]{1,4})\s*\)|\.([a-z])\b)\s*\??$", re.IGNORECASE),
    re.compile(r"\bwhat does (\d{1,4})" + _SUB + r"\s+(?:say|commit|cover|mean)", re.IGNORECASE),
    re.compile(r"^\s*(\d{1,4})\s*$"),
]
_RANGE = re.compile(r"(?:(?:([A-Za-z][\w-]{1,30})\s+)?§§?|\bpara(?:graph)?s?\.?)\s*(\d{1,4})\s*(?:-|–|—|to)\s*(?:§\s*)?(\d{1,4})\b", re.IGNORECASE)
# A range longer than this is not a range people mean ("§1-2024" is a number), and is read as its first paragraph.
MAX_RANGE = 50
_GLOSSARY = re.compile(
    r"^(?:what(?:'s| is| are)|who is|define|definition of|meaning of|expand)\s+(?:an?\s+|the\s+)?([\w/&.\- ]{1,60}?)\s*\??$"
    r"|^what does\s+([\w/&.\-]{1,20})\s+(?:stand for|mean)\s*\??$"
    r"|^([A-Z][A-Za-z/&]{1,10})\s*\?$",
    re.IGNORECASE,
)
_MECHANISM_LIST = re.compile(
    r"\b(which|what|list|all)\b.*\b(dialogues|mechanisms|consultations|formats|meetings formats)\b"
    r"|^(dialogues|mechanisms)\s*\??$",
    re.IGNORECASE,
)
_MECHANISM_ONE = re.compile(
    r"^(?:how often|when|at what level|what level|who attends)\s+(?:is|are|does|do)\s+(?:the\s+)?(.+?)\s*(?:held|meet|meets|take place|happen|convened)?\s*\??$",
    re.IGNORECASE,
)
_AREAS = re.compile(r"^(?:list (?:of )?|which |what |show |all )?(?:the )?areas(?: of cooperation)?(?: are there)?\s*\??$|^/?areas$", re.IGNORECASE)
_HELP = re.compile(r"^/?(help|\?|start|commands|what can you do\??)$", re.IGNORECASE)
_STATUS = re.compile(
    r"^/?(?:status|state|progress)(?:\s+(?:of|on|for))?\s*(.*?)\s*\??$"
    r"|^how(?:'s| is| are) (?:the\s+)?(.+?)\s+(?:going|doing|progressing)\s*\??$"
    r"|^(?:any )?(?:news|progress|update|updates) (?:on|about|from) (?:the\s+)?(.+?)\s*\??$"
    r"|^where (?:are we|do we stand) (?:on|with) (?:the\s+)?(.+?)\s*\??$"
    r"|^(?:what's|what is) the latest (?:on|about|from|with|for) (?:the\s+)?(.+?)\s*\??$",
    re.IGNORECASE,
)
_HISTORY = re.compile(r"^/?history\s+(?:of\s+)?(.+?)\s*\??$", re.IGNORECASE)
_WHO_LEADS = re.compile(r"^(?:who (?:leads|is leading|is the lead (?:on|for)|are the leads (?:on|for))|leads? (?:of|for|on))\s+(?:the\s+)?(.+?)\s*\??$", re.IGNORECASE)
_ALL_LEADS = re.compile(r"^(?:who leads (?:what|which areas?)|who are the leads|(?:list (?:of )?|all |the )?leads)\s*\??$", re.IGNORECASE)
_CHAIRS = re.compile(r"^(?:who (?:are|is) the (?:co-?)?chairs?|(?:list (?:of )?|the )?(?:co-?)?chairs)\s*\??$", re.IGNORECASE)
_MY_AREAS = re.compile(r"^/?(?:my areas|what do i lead|which areas do i lead)\s*\??$", re.IGNORECASE)
_MISSING = re.compile(r"^(?:what's|what is|who is|who's)?\s*(?:missing|not reported|outstanding|who has not reported)\s*\??$", re.IGNORECASE)
_AWAY = re.compile(
    r"^(?:mark\s+(\S+)\s+)?(?:away|out of office|ooo|absent)(?:\s+(?:until|till|to|through)\s+(\S+))?\s*$", re.IGNORECASE
)
_BACK = re.compile(r"^(?:mark\s+(\S+)\s+)?(?:back|not away|returned)\s*$", re.IGNORECASE)
_UPDATE = re.compile(r"^/?update(?:\s+([^:]+?))?\s*(?::\s*(.+))?$", re.IGNORECASE | re.DOTALL)
_EDIT = re.compile(r"^/?edit(?:\s+(.+?))?\s*$", re.IGNORECASE)
_MEETINGS = re.compile(r"^/?(?:meetings|list meetings|upcoming meetings|calendar)\s*\??$", re.IGNORECASE)
_NEXT = re.compile(r"^(?:when is|when's|what is|what's)\s+the\s+next\s+(?:dialogue|meeting|sdd|security and defence dialogue)\s*\??$", re.IGNORECASE)
_SCHEDULE = re.compile(r"^schedule\s+(.+?)\s+(\d{4}-\d{2}-\d{2})(?:\s+(.+))?$", re.IGNORECASE)
_MOVE = re.compile(r"^(?:move|reschedule)\s+(\S+)\s+to\s+(\S+)\s*$", re.IGNORECASE)
_CANCEL_MEETING = re.compile(r"^cancel\s+(\S+)\s*$", re.IGNORECASE)
_DIGEST = re.compile(r"^/?digest(?:\s+preview)?(?:\s+(?:for\s+)?(\S+))?\s*$", re.IGNORECASE)
_LEADING_MENTION = re.compile(r"^@\S+\s+")
_FILLER = re.compile(
    r"^(?:what|how|tell me|show me|anything|do we have anything|is there anything)\b.*?\b(?:on|about|regarding|for|in|with)\s+(.+)$",
    re.IGNORECASE,
)


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _is_latin(letter: str) -> bool:
    """By the character's Unicode name; cached, as looking the name up is most of the guard's time."""
    return "LATIN" in unicodedata.name(letter, "")


def _guard(message: str) -> Invalid | None:
    stripped = message.strip()
    if not stripped:
        return Invalid("empty")
    if len(stripped) > MAX_MESSAGE_CHARS:
        return Invalid("too_long")
    if stripped.isascii():  # every ASCII letter is Latin
        return None if any(c.isalnum() for c in stripped) else Invalid("punctuation")
    letters = [c for c in stripped if c.isalpha()]
    if not letters and not any(c.isdigit() for c in stripped) and "§" not in stripped:
        return Invalid("punctuation")
    latin = sum(1 for c in letters if _is_latin(c))
    if letters and latin / len(letters) < 0.5:
        return Invalid("script")
    return None


def _paragraphs(message: str) -> ParagraphRef | Paragraphs | None:
    """One paragraph, or several: a range, or more than one § in the message."""
    if (m := _RANGE.search(message)) and 0 < int(m.group(3)) - int(m.group(2)) < MAX_RANGE:
        document = _document_name(m.group(1))
        return Paragraphs(tuple(ParagraphRef(n, document=document) for n in range(int(m.group(2)), int(m.group(3)) + 1)))
    refs: list[ParagraphRef] = []
    for match in _PARAGRAPH[0].finditer(message):
        ref = _reference(match, first_pattern=True)
        if refs and ref.document is None:  # "Summit2023 §4 and §5": both of Summit2023
            ref = ParagraphRef(ref.number, ref.label, refs[-1].document)
        refs.append(ref)
    unique = tuple(dict.fromkeys(refs))  # each once, in the order asked
    if len(unique) > 1:
        return Paragraphs(unique)
    return unique[0] if unique else _paragraph(message)


def _document_name(word: str | None) -> str | None:
    """The word before §, unless it is one of the sentence's own words."""
    if word and word.lower() in {"what", "does", "say", "is", "in", "of", "and", "see", "under", "about"}:
        return None
    return word


def _reference(match: re.Match[str], *, first_pattern: bool) -> ParagraphRef:
    groups = match.groups()
    document = None
    if first_pattern:
        document, groups = _document_name(groups[0]), groups[1:]
    number = int(groups[0])
    label = next((g.lower() for g in groups[1:] if g), None)
    return ParagraphRef(number=number, label=label, document=document)


def _paragraph(message: str) -> ParagraphRef | None:
    for pattern in _PARAGRAPH:
        match = pattern.search(message)
        if match:
            return _reference(match, first_pattern=pattern is _PARAGRAPH[0])
    return None


def classify(message: str) -> Intent:
    """The intent of one message; never raises, whatever the text."""
    invalid = _guard(message)
    if invalid:
        return invalid
    text = " ".join(message.strip().split())
    text = _LEADING_MENTION.sub("", text)  # a leading mention left by a platform
    if _HELP.match(text):
        return Help()
    if m := _UPDATE.match(text):
        return Update(area=(m.group(1) or "").strip() or None, one_line=(m.group(2) or "").strip() or None)
    if m := _EDIT.match(text):
        return EditUpdate(area=m.group(1))
    if m := _AWAY.match(text):
        return Away(until=_iso_date(m.group(2)), person=m.group(1)) if m.group(2) else Away(until=None, person=m.group(1))
    if m := _BACK.match(text):
        return Away(until=None, person=m.group(1), back=True)
    if m := _SCHEDULE.match(text):
        return ScheduleMeeting(kind=m.group(1).strip(), when=_iso_date(m.group(2)), place=(m.group(3) or "").strip() or None)
    if m := _MOVE.match(text):
        return MoveMeeting(meeting=m.group(1), when=_iso_date(m.group(2)))
    if m := _CANCEL_MEETING.match(text):
        return CancelMeeting(meeting=m.group(1))
    if m := _DIGEST.match(text):
        return DigestPreview(meeting=m.group(1))
    if _MEETINGS.match(text):
        return Meetings()
    if _NEXT.match(text):
        return Meetings(next_only=True)
    if _MY_AREAS.match(text):
        return MyAreas()
    if _MISSING.match(text):
        return Missing()
    if m := _HISTORY.match(text):
        return History(area=m.group(1))
    if _ALL_LEADS.match(text):
        return WhoLeads()
    if _CHAIRS.match(text):
        return Chairs()
    if m := _WHO_LEADS.match(text):
        return WhoLeads(area=m.group(1))
    if m := _STATUS.match(text):
        area = next((g for g in m.groups() if g), None)
        return Status(area=area.strip() or None if area else None)
    ref = _paragraphs(text)
    if ref:
        return ref
    if _AREAS.match(text):
        return ListAreas()
    if _MECHANISM_LIST.search(text):
        return Mechanisms()
    if m := _MECHANISM_ONE.match(text):
        return Mechanisms(name=m.group(1))
    if m := _GLOSSARY.match(text):
        term = next(g for g in m.groups() if g)
        return Glossary(term=term.strip(" .?"))
    if m := _FILLER.match(text):
        return Area(query=m.group(1).strip(" ?.!"))
    return Area(query=text.strip(" ?.!"))
