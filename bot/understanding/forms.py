"""Exact forms: commands and fixed phrasings whose words are their meaning ("update space: at risk — …",
"move sdd-2027 to 2027-03-20", "status of cyber").

A form is evidence, not a verdict: understanding (`understand.py`) weighs it with
the classifier's scores, and takes a command form as it is written. Pure
functions of the text, tested without any platform, storage or document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from bot.intents import (
    MAX_MESSAGE_CHARS,
    Area,
    Away,
    Blockers,
    CancelMeeting,
    Chairs,
    DigestPreview,
    EditUpdate,
    Glossary,
    Help,
    History,
    Intent,
    Invalid,
    ListAreas,
    Mechanisms,
    Meetings,
    Missing,
    MoveMeeting,
    MyAreas,
    Myself,
    Paragraphs,
    Resolved,
    ScheduleMeeting,
    SmallTalk,
    Status,
    Update,
    WhoLeads,
)
from bot.understanding.korean import is_hangul
from bot.understanding.references import ParagraphRef, find_references

_GLOSSARY = re.compile(
    r"^(?:what(?:'s| is| are)|who is|define|definition of|meaning of|expand)\s+(?:an?\s+|the\s+)?"
    r"([\w/&.\- ]{1,60}?)\s*\??$"
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
    r"^(?:how often|when|at what level|what level|who attends)\s+(?:is|are|does|do)\s+(?:the\s+)?(.+?)"
    r"\s*(?:held|meet|meets|take place|happen|convened)?\s*\??$",
    re.IGNORECASE,
)
_AREAS = re.compile(
    # with the asking words after "areas" as Korean is read: 분야 뭐뭐 있어? "areas what what ?", 분야 목록 "areas list"
    r"^(?:list (?:of )?|which |what |show |all )?(?:the )?areas(?: of cooperation)?"
    r"(?: are there| what(?: what)?| list| how many)?\s*\??$|^/?areas$",
    re.IGNORECASE,
)
_HELP = re.compile(r"^/?(help|\?|start|commands|what can you do\??)$", re.IGNORECASE)
_STATUS = re.compile(
    r"^/?(?:and\s+)?(?:the\s+)?(?:status|state|progress)(?:\s+(?:of|on|for))?\s*(.*?)\s*\??$"
    r"|^how(?:'s| is| are) (?:the\s+)?(.+?)\s+(?:going|doing|progressing)\s*\??$"
    r"|^(?:(?:is|are) there |do we have |have we got )?(?:any |an? )?(?:news|progress|update|updates) "
    r"(?:on|about|from|for) (?:the\s+)?(.+?)\s*\??$"
    r"|^where (?:are we|do we stand) (?:on|with) (?:the\s+)?(.+?)\s*\??$"
    r"|^(?:what's|whats|what is) the latest (?:on|about|from|with|for) (?:the\s+)?(.+?)\s*\??$"
    r"|^(?:what's|whats|what is|how's|how is) the (?:current\s+|latest\s+)?(?:status|state|progress) "
    r"(?:of|on|with|for|in) (?:the\s+)?(.+?)\s*\??$",
    re.IGNORECASE,
)
_HISTORY = re.compile(r"^/?history\s+(?:of\s+)?(.+?)\s*\??$", re.IGNORECASE)
_WHO_LEADS = re.compile(
    r"^(?:who (?:leads|is leading|is the lead (?:on|for)|are the leads (?:on|for))|leads? (?:of|for|on))"
    r"\s+(?:the\s+)?(.+?)\s*\??$",
    re.IGNORECASE,
)
_ALL_LEADS = re.compile(
    r"^(?:who leads (?:what|which areas?)|who are the leads|(?:list (?:of )?|all |the )?leads)\s*\??$", re.IGNORECASE
)
_CHAIRS = re.compile(
    r"^(?:who (?:are|is) the (?:co-?)?chairs?|(?:list (?:of )?|the )?(?:co-?)?chairs)\s*\??$", re.IGNORECASE
)
# a bare yes or no: what the bot asked is answered before this (an update's step, a menu), so here it answers
# nothing, and is never read for words ("no" as "no longer blocked")
YES_OR_NO = re.compile(
    r"^(?:yes|yeah|yep|yup|y|no|nope|nah|n|no thanks|no thank you)\s*[.!]*$",  # 네, 아니요: the lexicon's yes, no
    re.IGNORECASE,
)
# "all good" alone is said to the bot, not the status asked about ("amber" is): in an update it is on track
_ALL_GOOD = re.compile(r"^(?:ok(?:ay)?\s*,?\s*)?all good\s*[.!]*$", re.IGNORECASE)
# "stop", "never mind" with no update open (an open one takes them first); a bare "cancel" is read by the
# meeting builder, since after a meeting was named it cancels that one
_STOP = re.compile(
    # "save", "submit" with no update open (was a search of the text for “save”) answer nothing either
    r"^(?:abort|quit|exit|never\s*mind|forget it|stop(?:\s+(?:it|that))?|(?:save|submit|confirm)(?:\s+it)?)"
    r"(?:\s+(?:please|pls))?\s*[.!]*$",
    re.IGNORECASE,
)
BARE_CANCEL = re.compile(r"^\s*cancel(?:\s+(?:please|pls))?\s*[.!]*$", re.IGNORECASE)
_MYSELF = re.compile(
    r"^/?(?:who am i|whoami|what(?:'s| is| are) my roles?|my roles?(?: what)?|am i an? (?:lead|chair|member|admin))"
    r"\s*\??$",  # "my role what": 내 역할이 뭐야?
    re.IGNORECASE,
)
_MY_AREAS = re.compile(r"^/?(?:my areas|what do i lead|which areas do i lead)\s*\??$", re.IGNORECASE)
_MISSING = re.compile(
    r"^(?:what's|what is|who is|who's)?\s*(?:missing|not reported|outstanding|who has not reported)\s*\??$",
    re.IGNORECASE,
)
_AWAY = re.compile(
    r"^(?:mark\s+(\S+)\s+)?(?:away|out of office|ooo|absent)(?:\s+(?:until|till|to|through)\s+(\S+))?\s*$",
    re.IGNORECASE,
)
_BACK = re.compile(r"^(?:mark\s+(\S+)\s+)?(?:back|not away|returned)\s*$", re.IGNORECASE)
# not "update delete" (업데이트 삭제해줘, "delete the update"): an update taken back is no area's
_UPDATE = re.compile(
    r"^/?update(?!\s+(?:delete|remove|withdraw|undo|retract)\b)(?:\s+([^:]+?))?\s*(?::\s*(.+))?$",
    re.IGNORECASE | re.DOTALL,
)
_EDIT = re.compile(r"^/?edit(?:\s+(.+?))?\s*$", re.IGNORECASE)
# "edit my last update (on cyber)": the update is the lead's latest; only what follows may name an area
_MY_UPDATE = re.compile(
    r"^(?:my\s+)?(?:(?:last|latest|previous|recent)\s+)?update\b(?:\s+(?:for|on|of|in)\b)?\s*", re.IGNORECASE
)
_MEETINGS = re.compile(r"^/?(?:meetings|list meetings|upcoming meetings|calendar)\s*\??$", re.IGNORECASE)
_NEXT = re.compile(
    r"^(?:when is|when's|what is|what's)\s+the\s+next\s+(?:dialogue|meeting|sdd|security and defence dialogue)\s*\??$",
    re.IGNORECASE,
)
_SCHEDULE = re.compile(r"^schedule\s+(.+?)\s+(\d{4}-\d{2}-\d{2})(?:\s+(.+))?$", re.IGNORECASE)
# "schedule sdd next tuesday Brussels", "schedule … 15/03/2027 Seoul": a date in words, read by the builder
_SCHEDULE_IN_WORDS = re.compile(
    r"^schedule\s+(.+?\b(?:\d|next|this|coming|tomorrow|today|in \w+ (?:days?|weeks?|months?)"
    r"|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b.*)$",
    re.IGNORECASE,
)
_MOVE = re.compile(r"^(?:move|reschedule)\s+(\S+)\s+to\s+(.+?)\s*$", re.IGNORECASE)
_CANCEL_MEETING = re.compile(r"^cancel\s+(\S+)\s*$", re.IGNORECASE)
_BLOCKERS = re.compile(
    r"^/?(?:open\s+|list\s+(?:the\s+)?)?blockers(?:\s+(?:of|on|in|for)\s+(.+?))?(?:\s*,?\s*(?:pls|please))?\s*\??$",
    re.IGNORECASE,
)
_RESOLVED = re.compile(r"^/?(?:blockers?\s+)?resolved(?:\s+(?:for\s+|in\s+)?(.+?))?\s*[.!]*$", re.IGNORECASE)
_DIGEST = re.compile(r"^/?digest(?:\s+preview)?(?:\s+(?:for\s+)?(\S+))?\s*$", re.IGNORECASE)
_LEADING_MENTION = re.compile(r"^@\S+\s+")
_FILLER = re.compile(
    r"^(?:what|how|tell me|show me|anything|do we have anything|is there anything)\b"
    r".*?\b(?:on|about|regarding|for|in|with)\s+(.+)$",
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


def guard(message: str) -> Invalid | None:
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
    readable = sum(1 for c in letters if is_hangul(c) or _is_latin(c))
    if letters and readable / len(letters) < 0.5:
        return Invalid("script")
    return None


def _paragraphs(message: str) -> ParagraphRef | Paragraphs | None:
    """One paragraph, or several: a range, or more than one reference in the message."""
    refs = tuple(ref for ref, _, _ in find_references(message))
    if len(refs) > 1:
        return Paragraphs(refs)
    return refs[0] if refs else None


def _update(m: re.Match[str]) -> Intent:
    return Update(area=(m.group(1) or "").strip() or None, one_line=(m.group(2) or "").strip() or None)


def _away(m: re.Match[str]) -> Intent:
    return Away(until=_iso_date(m.group(2)) if m.group(2) else None, person=_marked(m.group(1)))


def _marked(name: str | None) -> str | None:
    """Whom "mark … away/back" names: "mark me away" is the person writing, as "away" alone."""
    return None if name is None or name.lower() in {"me", "myself"} else name


def _schedule(m: re.Match[str]) -> Intent:
    """ "schedule the strategic dialogue on 2027-06-01 in Brussels": the words that join the parts to the date
    belong to none of them (the place is "Brussels", not "in Brussels")."""
    kind = re.sub(r"\s+(?:on|for|at)$", "", m.group(1).strip(), flags=re.IGNORECASE)
    place = re.sub(r"^(?:in|at)\s+", "", (m.group(3) or "").strip(), flags=re.IGNORECASE)
    return ScheduleMeeting(kind=kind, when=_iso_date(m.group(2)), place=place or None)


def _status(m: re.Match[str]) -> Intent:
    area = next((g for g in m.groups() if g), None)
    return Status(area=area.strip() or None if area else None)


def _glossary(m: re.Match[str]) -> Intent:
    term = next(g for g in m.groups() if g)
    return Glossary(term=term.strip(" .?"))


_Form = tuple[Callable[[str], re.Match[str] | None], Callable[[re.Match[str]], Intent]]

# Commands and fixed phrasings, tried in this order before paragraph references: the first that matches decides.
_COMMAND_FORMS: tuple[_Form, ...] = (
    (_HELP.match, lambda m: Help()),
    (YES_OR_NO.match, lambda m: SmallTalk("yes_or_no")),
    (_ALL_GOOD.match, lambda m: SmallTalk("ok")),
    (_STOP.match, lambda m: SmallTalk("stop")),
    (_UPDATE.match, _update),
    (_EDIT.match, lambda m: EditUpdate(area=_MY_UPDATE.sub("", m.group(1) or "") or None)),
    (_AWAY.match, _away),
    (_BACK.match, lambda m: Away(until=None, person=_marked(m.group(1)), back=True)),
    (_SCHEDULE.match, _schedule),
    # the builder finds the date in the words
    (_SCHEDULE_IN_WORDS.match, lambda m: ScheduleMeeting(kind=m.group(1).strip(), when=None, place=None)),
    (_MOVE.match, lambda m: MoveMeeting(meeting=m.group(1), when=_iso_date(m.group(2)))),
    (_CANCEL_MEETING.match, lambda m: CancelMeeting(meeting=m.group(1))),
    (_BLOCKERS.match, lambda m: Blockers(area=m.group(1))),
    (_RESOLVED.match, lambda m: Resolved(area=m.group(1))),
    (_DIGEST.match, lambda m: DigestPreview(meeting=m.group(1))),
    (_MEETINGS.match, lambda m: Meetings()),
    (_NEXT.match, lambda m: Meetings(next_only=True)),
    (_MYSELF.match, lambda m: Myself()),
    (_MY_AREAS.match, lambda m: MyAreas()),
    (_MISSING.match, lambda m: Missing()),
    (_HISTORY.match, lambda m: History(area=m.group(1))),
    (_ALL_LEADS.match, lambda m: WhoLeads()),
    (_CHAIRS.match, lambda m: Chairs()),
    (_WHO_LEADS.match, lambda m: WhoLeads(area=m.group(1))),
    (_STATUS.match, _status),
)

# Questions about the document, tried after paragraph references.
_DOCUMENT_FORMS: tuple[_Form, ...] = (
    (_AREAS.match, lambda m: ListAreas()),
    (_MECHANISM_LIST.search, lambda m: Mechanisms()),
    (_MECHANISM_ONE.match, lambda m: Mechanisms(name=m.group(1))),
    (_GLOSSARY.match, _glossary),
    (_FILLER.match, lambda m: Area(query=m.group(1).strip(" ?.!"))),
)


def _first_form(forms: tuple[_Form, ...], text: str) -> Intent | None:
    """The intent of the first form that matches the text, if one does."""
    for matches, build in forms:
        if m := matches(text):
            return build(m)
    return None


def classify(message: str) -> Intent:
    """The intent of one message; never raises, whatever the text."""
    invalid = guard(message)
    if invalid:
        return invalid
    text = " ".join(message.strip().split())
    text = _LEADING_MENTION.sub("", text)  # a leading mention left by a platform
    if (command := _first_form(_COMMAND_FORMS, text)) is not None:
        return command
    if ref := _paragraphs(text):
        return ref
    if (question := _first_form(_DOCUMENT_FORMS, text)) is not None:
        return question
    return Area(query=text.strip(" ?.!"))
