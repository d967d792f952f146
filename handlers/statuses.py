"""The five statuses a lead can report, with the words people type for them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from bot.understanding.entities import STATUS_WORDS


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BLOCKED = "blocked"
    NOT_STARTED = "not_started"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def marker(self) -> str:
        return _MARKERS[self]


_MARKERS = {
    Status.ON_TRACK: "🟢",
    Status.AT_RISK: "🟠",
    Status.BLOCKED: "🔴",
    Status.NOT_STARTED: "⚪",
    Status.COMPLETED: "✅",
}
# the words people type for a status, traffic-light colours included ("amber", "red"): the same words the
# understanding reads in questions ("anything amber?"), so a lead can answer as a member asks; and words of a
# slip, which only an answer gives ("mostly fine but the port call slipped" names two statuses: asked again)
_WORDS = {words: Status(value) for words, value in STATUS_WORDS.items()} | {
    "good": Status.ON_TRACK,
    # "going ok" at the status question was asked again, "on hold" and "paused" too (not a bare "ok", which
    # acknowledges as often as it reports)
    "going ok": Status.ON_TRACK,
    "going okay": Status.ON_TRACK,
    "going fine": Status.ON_TRACK,
    "going good": Status.ON_TRACK,
    "on hold": Status.BLOCKED,
    "paused": Status.BLOCKED,
    "stalled": Status.BLOCKED,
    "slipped": Status.AT_RISK,
    "behind": Status.AT_RISK,
    "delay": Status.AT_RISK,
    "delays": Status.AT_RISK,
}
ORDER = list(Status)
SEVERITY = [Status.BLOCKED, Status.AT_RISK, Status.NOT_STARTED, Status.ON_TRACK, Status.COMPLETED]


def worst(statuses: Iterable[Status]) -> Status | None:
    """An area's status when its leads disagree: the most worrying one, so nothing is hidden from the chairs."""
    return min(statuses, key=SEVERITY.index, default=None)


class Reported(Protocol):
    """What the status of an area is read from: a stored update (`UpdateRow`), or the few columns of it that
    `status` alone reads (`direct_reads.ReportedStatus`)."""

    @property
    def id(self) -> int: ...
    @property
    def area_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


R = TypeVar("R", bound=Reported)


def status_of(rows: Iterable[Reported]) -> Status | None:
    """An area's status from its leads' latest reports (None: no report)."""
    return worst(Status(r.status) for r in rows)


def by_area(rows: Iterable[R]) -> dict[int, list[R]]:
    """Rows grouped by area, newest first within each."""
    grouped: dict[int, list[R]] = {}
    for row in sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True):
        grouped.setdefault(row.area_id, []).append(row)
    return grouped


def parse_status(answer: str) -> Status | None:
    """A status from its label, its value, a common synonym, or its number in the list (1–5); else the one
    status a sentence names ("going fine, on track")."""
    cleaned = answer.strip().lower().rstrip(".!")
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(ORDER):
        return ORDER[int(cleaned) - 1]
    try:
        return Status(cleaned)
    except ValueError:
        return _WORDS.get(cleaned.replace("_", " ")) or _named_in_sentence(cleaned)


# each status phrase as a whole word, the longest first ("not yet started" before "started" could match)
_STATUS_PHRASE = re.compile(
    "|".join(rf"(?<![\w-]){re.escape(words)}(?![\w-])" for words in sorted(_WORDS, key=len, reverse=True))
)
_NEGATION = re.compile(r"\b(?:not|no|never|hardly|barely|nor)\b|n't\b")


def _named_in_sentence(answer: str) -> Status | None:
    """ "we're at risk, dates slipped": the status a sentence names, when it names no other and denies nothing.
    A status read wrongly misleads the chairs, so "not on track" or "on track, maybe at risk" are asked again."""
    named = {_WORDS[m.group()] for m in _STATUS_PHRASE.finditer(answer)}
    if len(named) != 1 or _NEGATION.search(_STATUS_PHRASE.sub(" ", answer)):
        return None
    return named.pop()


def split_one_line(text: str) -> tuple[Status | None, str]:
    """ "at risk — first meeting slipped to May" → (AT_RISK, "first meeting slipped to May")."""
    lowered = text.strip().lower()
    for words in sorted(_WORDS, key=len, reverse=True):
        if lowered.startswith(words) and not lowered[len(words) : len(words) + 1].isalnum():  # "red", not "reduced"
            rest = text.strip()[len(words) :].strip(" \t—–-:;,.")
            return _WORDS[words], rest
    return None, text.strip()


# "actually make that amber", "change it to at risk", "it's on track after all": a status said to replace another
_A_CHANGE = re.compile(
    r"\b(?:make|change|switch|set|mark|put|turn)\b|\b(?:actually|rather|instead|after all)\b"
    r"|^\s*(?:it'?s|its|we'?re)\b",
    re.IGNORECASE,
)
# what may follow a status without giving its reason: "it's blocked now", "make it amber then"
_NO_REASON = re.compile(
    r"(?:\s*\b(?:now|then|instead|after all|too|again|please|pls|thanks|thank you)\b)*\s*", re.IGNORECASE
)
_SAVE = re.compile(r"\b(?:save|confirm|submit|send)\b", re.IGNORECASE)
_BEFORE_A_REASON = re.compile(r"^[\s—–:;,.-]*(?:(?:because|as|since|due to|given)\b)?[\s:]*", re.IGNORECASE)


def status_change(answer: str) -> tuple[Status, str] | None:
    """ "actually make that amber, the March date is slipping" → (AT_RISK, "the March date is slipping"): a status
    said to replace the one given, and what follows it, its reason; None when the message is no such change (or
    names more than one status, or denies one)."""
    if not _A_CHANGE.search(answer) or _SAVE.search(answer):  # "it's fine, save it" saves what was summed up
        return None
    status = _named_in_sentence(answer.lower())
    found = _STATUS_PHRASE.search(answer.lower())
    if status is None or found is None:
        return None
    reason = _BEFORE_A_REASON.sub("", answer[found.end() :]).strip(" .!")
    return status, "" if _NO_REASON.fullmatch(reason) else reason
