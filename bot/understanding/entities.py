"""Entities: the things a message names, found against everything the bot knows.

Areas and their aliases, dialogues, people, meetings, statuses and their everyday
words, glossary terms, the thesaurus's everyday phrases, paragraph references,
dates and pronouns. Phrases are matched before words ("north korea" is one
phrase, never "north"), longest first; a word that matches nothing exactly is
tried against the vocabulary with a fuzzy matcher (rapidfuzz), so "martime" is
still maritime. Every entity carries its span and a score.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from bot.document import english
from bot.document.text import STOPWORDS, stem
from bot.understanding.references import ParagraphRef, find_references

# Words too short or too common to be corrected towards a name: "status" must never become "statue".
FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 84.0
PREFIX_MIN_LENGTH = 5
PREFIX_SCORE = 0.8  # a word found as the start of a name ("nonprolif")
MAX_PHRASE = 7

STATUS_WORDS: dict[str, str] = {
    "on track": "on_track",
    "on-track": "on_track",
    "ontrack": "on_track",
    "green": "on_track",
    "fine": "on_track",
    "all good": "on_track",
    "going well": "on_track",
    "doing well": "on_track",
    "on schedule": "on_track",
    "at risk": "at_risk",
    "at-risk": "at_risk",
    "amber": "at_risk",
    "yellow": "at_risk",
    "orange": "at_risk",
    "delayed": "at_risk",
    "slipping": "at_risk",
    "risk": "at_risk",
    "risks": "at_risk",
    "risky": "at_risk",
    "blocked": "blocked",
    "blocker": "blocked",
    "blockers": "blocked",
    "blocking": "blocked",
    "stuck": "blocked",
    "red": "blocked",
    "not started": "not_started",
    "not-started": "not_started",
    "not yet started": "not_started",
    "completed": "completed",
    "complete": "completed",
    "done": "completed",
    "finished": "completed",
}
# Colours are statuses said in traffic-light terms ("anything amber?", "which are red"), not in "red sea".
COLOURS = frozenset({"green", "amber", "yellow", "orange", "red"})
_AFTER_COLOUR = frozenset(
    {"status", "areas", "area", "ones", "one", "items", "flag", "flags", "light", "lights", "now", "or", "and"}
)
PRONOUNS = frozenset(
    {"it", "its", "he", "she", "him", "her", "his", "hers", "they", "them", "their", "this", "that", "there"}
)

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|<@[A-Za-z0-9]+>")
_MENTION = re.compile(r"<@([A-Za-z0-9]+)>")
# what ends one name and starts another: "cyber: consultation held" is the area, then what happened, not the
# Cyber Policy Consultation (commas and dashes are not: a heading's title has commas, "EU - ROK" a dash)
_NAME_BREAK = re.compile(r"[:;?!]")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DMY_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
# "(b)", or a fragment "and b?": a sub-item of the paragraph in context
_SUBITEM = re.compile(
    r"\(\s*([a-h]|[ivx]{1,4})\s*\)"
    r"|(?:^|\b(?:and|about|sub(?:-?item)?|item|point|letter))\s+\(?([a-h])\)?\s*(?:too|also|then)?\s*\??\s*$"
    r"|^\s*\(?([a-h])\)?\s*(?:도|는|은|요)?\s*\??\s*$",
    re.IGNORECASE,
)
# "and 1-2", "18 through 20 too": numbers of paragraphs once a paragraph is the subject
_NUMBERS = re.compile(r"(?<![\w§.,/-])(\d{1,3})\s*(?:-|–|to|through|thru|~)\s*(\d{1,3})(?![\w/-])", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w§.,/-])(\d{1,3})(?![\w/-]|[.,]\d)")
# "next one", "the one after", "previous para": the paragraph beside the one in context
_RELATIVE = re.compile(
    r"\b(?:(next|following)|(previous|prior|preceding))\s+(?:one|para(?:graph)?|§)|\bthe one (?:(after)|(before))\b"
    r"|(다음)\s*(?:조|항|문단)|(이전|앞)\s*(?:조|항|문단)"
    # "and the next?", "previous?": the word alone at the end of a message is the paragraph next to the last one
    r"|(?:\bthe\s+|^\s*(?:and\s+)?)(?:(next|following)|(previous|preceding))(?=\s*[?.!]*\s*$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Entity:
    kind: str  # area, mechanism, person, meeting, status, term, topic, paragraph, date, pronoun
    value: str
    start: int
    end: int
    score: float = 1.0
    ref: ParagraphRef | None = None  # for paragraphs: the structured reference

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 2),
        }


@dataclass(frozen=True)
class Name:
    """One thing a phrase can name."""

    kind: str
    value: str


@lru_cache(maxsize=16384)
def fold(word: str) -> str:
    """Lower case without accents or apostrophes: "Müller" → "muller", "DPRK's" → "dprk"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "")


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """The form words are compared in: folded, stemmed unless it holds a digit (ids such as sdd-2027).

    Cached: every runtime's vocabulary keys the same few thousand words again."""
    folded = fold(word)
    return folded if any(c.isdigit() for c in folded) else stem(folded)


def words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(key(w) for w, _, _ in words(text))


@dataclass
class Vocabulary:
    """Every phrase the bot knows, by its key, with what it names; built once per runtime."""

    phrases: dict[tuple[str, ...], set[Name]] = field(default_factory=dict)
    platform_ids: Mapping[str, str] = field(default_factory=dict)  # "U0LEADKR2" / "100014" → person id
    with_subitems: frozenset[int] | None = None  # the partnership's paragraphs that have sub-items (None: unknown)

    def has_subitems(self, number: int) -> bool:
        return self.with_subitems is None or number in self.with_subitems

    def add(self, phrase: str, kind: str, value: str) -> None:
        parts = phrase_key(phrase)
        if not parts or (len(parts) == 1 and parts[0] in STOPWORDS):
            return
        self.phrases.setdefault(parts, set()).add(Name(kind, value))
        if any("-" in p for p in parts):  # "non-proliferation" also as "nonproliferation" and "non proliferation"
            self.phrases.setdefault(tuple(p.replace("-", "") for p in parts), set()).add(Name(kind, value))
            split = tuple(key(x) for p in phrase.split() for x in re.split(r"-", p) if x)
            self.phrases.setdefault(split, set()).add(Name(kind, value))
        if 1 < len(parts) <= 3 and len("".join(parts)) >= 8:  # "counter terrorism" typed for "counterterrorism"
            self.phrases.setdefault(("".join(parts),), set()).add(Name(kind, value))

    def finish(self) -> None:
        """Index single words for fuzzy and prefix lookups, and drop ambiguous single-word area names."""
        self._singles = {p[0]: p for p in self.phrases if len(p) == 1 and len(p[0]) >= FUZZY_MIN_LENGTH}
        self._single_list = list(self._singles)

    def lookup(self, parts: tuple[str, ...]) -> set[Name]:
        return self.phrases.get(parts, set())

    def fuzzy(self, word: str, typed: str | None = None) -> tuple[tuple[str, ...], float] | None:
        """The known single word closest to an unknown one: a typo ("martime") or a prefix ("nonprolif"); not,
        given the word as `typed`, another English word ("internal" is not "international")."""
        if len(word) < FUZZY_MIN_LENGTH or not self._single_list:
            return None
        prefixed = [w for w in self._single_list if w.startswith(word)] if len(word) >= PREFIX_MIN_LENGTH else []
        if prefixed and len({frozenset(self.phrases[self._singles[w]]) for w in prefixed}) == 1:
            return self._singles[prefixed[0]], PREFIX_SCORE
        best = process.extractOne(word, self._single_list, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is None or (typed is not None and not english.may_read_as(typed, word, best[0])):
            return None
        return self._singles[best[0]], best[1] / 100


class EntityFinder:
    """Finds entities in one message; pure apart from the vocabulary it was built with."""

    def __init__(self, vocabulary: Vocabulary, known_words: Callable[[], Iterable[str]] = tuple) -> None:
        self.vocabulary = vocabulary
        self.vocabulary.finish()
        self._known_words = known_words

    @cached_property
    def _known(self) -> frozenset[str]:
        """Words the documents and the examples use, never "corrected" into a name; read when a message has
        words to look up (not for "§14"), so a paragraph look-up loads neither the model nor the index."""
        return frozenset(self._known_words()) | STOPWORDS

    def find(self, text: str) -> list[Entity]:
        found: list[Entity] = []
        taken: list[tuple[int, int]] = []
        for ref, start, end in find_references(text, self.vocabulary.has_subitems):
            found.append(Entity("paragraph", ref.citation, start, end, 1.0, ref))
            taken.append((start, end))
        found += self._dates(text, taken)
        for m in _RELATIVE.finditer(text):
            forward = bool(m.group(1) or m.group(3) or m.group(5) or m.group(7))
            found.append(Entity("relative", "+1" if forward else "-1", m.start(), m.end()))
            taken.append((m.start(), m.end()))
        for m in _NUMBERS.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                found.append(Entity("numbers", f"{m.group(1)}-{m.group(2)}", m.start(), m.end()))
                taken.append((m.start(), m.end()))
        for pattern, kind in ((_SUBITEM, "subitem"), (_NUMBER, "number")):
            for m in pattern.finditer(text):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    found.append(Entity(kind, next(g for g in m.groups() if g).lower(), m.start(), m.end()))
                    taken.append((m.start(), m.end()))
        tokens = [(w, s, e) for w, s, e in words(text) if not any(a <= s < b for a, b in taken)]
        for part in _parts(text, tokens):
            found += self._names(part)
        return sorted(found, key=lambda e: (e.start, e.kind))

    def _names(self, tokens: Sequence[tuple[str, int, int]]) -> list[Entity]:
        found: list[Entity] = []
        i = 0
        while i < len(tokens):
            matched = self._match_at(tokens, i)
            if matched is None:
                i += 1
                continue
            length, names, score = matched
            if score == PREFIX_SCORE and self._names_exactly(tokens, i + 1):
                i += 1  # "EU-ROK framework agreement": the start of another name, not "EU-ROK Summit" cut short
                continue
            start, end = tokens[i][1], tokens[i + length - 1][2]
            found += [
                Entity(n.kind, n.value, start, end, score) for n in sorted(names, key=lambda n: (n.kind, n.value))
            ]
            i += length
        return found

    def _names_exactly(self, tokens: Sequence[tuple[str, int, int]], i: int) -> bool:
        """Whether the words from `i` on are a known name as written (not a typo's nor a prefix's guess)."""
        matched = self._match_at(tokens, i) if i < len(tokens) else None
        return matched is not None and matched[2] == 1.0

    def _match_at(self, tokens: Sequence[tuple[str, int, int]], i: int) -> tuple[int, set[Name], float] | None:
        word = tokens[i][0]
        if mention := _MENTION.fullmatch(word):
            person = self.vocabulary.platform_ids.get(mention.group(1))
            return (1, {Name("person", person)}, 1.0) if person else (1, {Name("mention", mention.group(1))}, 1.0)
        keys = [key(w) for w, _, _ in tokens[i : i + MAX_PHRASE]]
        for length in range(len(keys), 0, -1):
            names = self.vocabulary.lookup(tuple(keys[:length]))
            if (
                names
                and length == 1
                and fold(word) in COLOURS
                and len(keys) > 1
                and fold(tokens[i + 1][0]) not in _AFTER_COLOUR
            ):
                continue
            if names:
                return length, names, 1.0
            if length == 2:  # "counter terrorism" for "counterterrorism"
                names = self.vocabulary.lookup((keys[0] + keys[1],))
                if names:
                    return 2, names, 0.95
        folded = fold(word)
        if folded in PRONOUNS:
            return 1, {Name("pronoun", folded)}, 1.0
        if folded in self._known or keys[0] in self._known or folded.isdigit():
            return None
        close = self.vocabulary.fuzzy(keys[0], word) or self.vocabulary.fuzzy(folded, word)
        if close is not None:
            parts, score = close
            return 1, self.vocabulary.lookup(parts), score
        return None

    @staticmethod
    def _dates(text: str, taken: list[tuple[int, int]]) -> list[Entity]:
        """Exact date forms; phrases such as "next friday" are read by `dates.parse_phrase` when an intent needs one."""
        found = []
        for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_DMY_DATE, (2, 1, 0))):
            for m in pattern.finditer(text):
                parts = [int(m.group(k + 1)) for k in order]
                try:
                    value = date(parts[0], parts[1], parts[2])
                except ValueError:
                    continue
                found.append(Entity("date", value.isoformat(), m.start(), m.end()))
                taken.append((m.start(), m.end()))
        return found


def _parts(text: str, tokens: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    """The words between the marks that end a name (`_NAME_BREAK`), each run looked up on its own."""
    parts: list[list[tuple[str, int, int]]] = [[]]
    for token in tokens:
        if parts[-1] and _NAME_BREAK.search(text, parts[-1][-1][2], token[1]):
            parts.append([])
        parts[-1].append(token)
    return parts


def of_kind(entities: Iterable[Entity], kind: str) -> list[Entity]:
    return [e for e in entities if e.kind == kind]


def first(entities: Iterable[Entity], kind: str) -> Entity | None:
    return next((e for e in entities if e.kind == kind), None)
