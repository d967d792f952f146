"""Ranked retrieval over paragraphs and sub-items (BM25 via bm25s), with glossary expansion both ways.

"What do we say about disinformation" and "which paragraphs mention ESIWA" are
answered by ranking every paragraph's lead text and every sub-item separately,
so a citation can point at `§14(c)` rather than the whole of §14.

The words of the text (what understanding and coverage read) are known at once; the
BM25 index is built, and bm25s with scipy imported, on the first ranked search only:
they were 40% of `partnerbot ask "§14"`'s start, and a paragraph look-up never ranks.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from bot.document import english
from bot.document.library import Library
from bot.document.model import Document
from bot.document.text import runs, stem, tokens, words_and_stems

if TYPE_CHECKING:
    import bm25s
    import numpy as np

# Abbreviations common in this field that a document may use without defining.
# They only widen a search; the glossary answer never shows them as the document's own.
COMMON_ABBREVIATIONS = {
    "AI": "artificial intelligence",
    "WMD": "weapons of mass destruction",
    "CBRN": "chemical biological radiological nuclear",
    "HADR": "humanitarian assistance disaster relief",
    "ASEAN": "association of southeast asian nations",
    "NATO": "north atlantic treaty organization",
}
# Words of a question that say what is asked, not what about: they are no evidence that the text covers a subject.
QUESTION_WORDS = frozenset(
    stem(w)
    for w in """do doing done does did we us our anyth anything someth something thing things stuff say says said know
    tell info talk talking cover covers covered plan plans planning work working going happen happening involve involved
    mention mentions mentioned write written wrote regard relat related relation relations refer reference part
    partnership text document paragraph paragraphs para section commit commitment commitments hey hi pls please ok
    also still yet just really much many lot lots kind sort way ways about any join joining send sending participate
    participation role overview summary detail details specific specifically exactly current currently latest news
    mean means meaning happen says whole entire etc i.e e.g between among across within without over under upon
    towards toward around after before during via per also each every other others such help list show often
    frequently position positions stance summarise summarize summarised summarized brief briefly last else
    elsewhere anywhere compare comparison vs versus should know main give gimme want need same quote quotes
    cite cited named listed start starts started begin begins question questions ditto separate dedicated
    situation situations passage passages clause clauses wording""".split()
)
# Two or more capitalised words in a row, as typed: a place or a body's name ("Red Sea", "Middle East")
_PROPER_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b")
# A word written with a capital after another word of its sentence: a name ("against Ukraine")
_NAME_IN_SENTENCE = re.compile(r"(?<=[\w,;()’'] )[A-Z][\w’'-]*")
# The last word of a place's name, which a word before it makes another place: "red sea" is not the sea the
# text speaks of, where "recent exercises" are still exercises
_PLACE_HEADS = frozenset(
    stem(w) for w in "sea seas ocean gulf strait straits peninsula east west north south island islands coast".split()
)
# A word with a prefix that names nothing alone ("counter-piracy", "anti-drone"): lacking its second part, the
# text lacks it whole
_PREFIXED = re.compile(r"\b(counter|anti|non|co|pre|post|self|sub|inter|multi|cross|de)-([a-z]+)\b", re.IGNORECASE)
SPELLING_MIN_LENGTH = 5
SPELLING_CUTOFF = 85.0


def _at(words: Sequence[str], name: tuple[str, ...]) -> set[int]:
    """The places in `words` of every word of each occurrence of `name`."""
    size = len(name)
    return {i + k for i in range(len(words) - size + 1) if tuple(words[i : i + size]) == name for k in range(size)}


@dataclass(frozen=True)
class Coverage:
    """What of a question the text speaks of: its specific words found (after synonyms and spelling) and
    those it never uses. Only generic words matching (security, cooperation, EU) is not coverage."""

    found: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return bool(self.found)


@dataclass(frozen=True)
class Hit:
    document: Document
    paragraph: int
    subitem: str | None
    text: str
    score: float
    # matched on a word that only the heading of its area has, which every passage of the area is indexed
    # with: "small" of "small arms" (the heading's "small arms and light weapons"; §29 has only "arms")
    by_heading: bool = False


@dataclass(frozen=True)
class _Expansion:
    trigger: tuple[str, ...]
    extra: tuple[str, ...]
    evidence: bool  # the text's own terms (its glossary, the thesaurus), not a general abbreviation
    replaces: bool = False  # a synonym stands for the text's words; an acronym adds its long name


@dataclass(frozen=True)
class _Unit:
    document: Document
    paragraph: int
    subitem: str | None
    text: str


class Retriever:
    """One BM25 index over every document of the library; its words known at start, the index built on first search."""

    def __init__(
        self,
        library: Library,
        synonyms: Sequence[tuple[str, str, bool]] = (),
        generic: Iterable[str] = (),
        elsewhere: Iterable[str] = (),
    ) -> None:
        """`synonyms`: (what people say, what the text writes, whether it replaces the words said) from the
        thesaurus; `generic`: words too common in the text to count as evidence that it covers a subject;
        `elsewhere`: names of the field the text may lack whole though it uses their words ("missile defence")."""
        self._library = library
        self._units: list[_Unit] = []
        corpus: list[list[str]] = []
        own_words: list[frozenset[str]] = []  # a passage's words without its area's heading
        for document in library.documents:
            for paragraph in document.paragraphs:
                context = paragraph.area or ""
                units = [(None, paragraph.text)] + [(s.label, s.text) for s in paragraph.subitems]
                for label, text in units:
                    self._units.append(_Unit(document, paragraph.number, label, text))
                    corpus.append(tokens(f"{text} {context}") or ["_empty_"])
                    own_words.append(frozenset(tokens(text)))
        self.vocabulary = frozenset(t for words in corpus for t in words)
        self._generic = frozenset(stem(w) for w in generic) | frozenset(t for w in generic for t in tokens(w))
        self._unit_words = [frozenset(words) for words in corpus]
        self._own_words = own_words
        # the words a misspelling may be corrected to, by first letter: a typo keeps it ("martime"), while a
        # word a letter or two longer at its start is another word ("sanctions" is not "action", "irregular"
        # not "regular", "preview" not "review")
        self._spellings: dict[str, list[str]] = {}
        for word in sorted(w for w in self.vocabulary if len(w) >= SPELLING_MIN_LENGTH - 1 and w.isalpha()):
            self._spellings.setdefault(word[0], []).append(word)
        self._corpus = corpus
        # those the text never writes, as stems, by their first: "missile defence" is not §16's "missile programs"
        self._absent_names: dict[str, list[tuple[str, ...]]] = {}
        for said in elsewhere:
            if (name := tuple(tokens(said))) and not any(_at(words, name) for words in corpus):
                self._absent_names.setdefault(name[0], []).append(name)
        # by the trigger's first word: a query looks only at the phrases that can start in it
        self._expansions: dict[str, list[_Expansion]] = {}
        for expansion in self._build_expansions(library, synonyms):
            # "IT security" loses its stopword to "security": a trigger of generic words alone would fire on anything
            if expansion.trigger and not set(expansion.trigger) <= self._generic:
                self._expansions.setdefault(expansion.trigger[0], []).append(expansion)

    @cached_property
    def _index(self) -> bm25s.BM25:
        """Built on the first ranked search: bm25s (and the scipy it imports) costs a start 0.3 s."""
        log = logging.getLogger("bm25s")
        level = log.level
        import bm25s

        log.setLevel(level)  # bm25s sets its logger to DEBUG when imported: the level the application set stands
        index = bm25s.BM25()
        index.index(self._corpus, show_progress=False)
        return index

    def build_index(self) -> None:
        """Build the ranked index now: a server does at start, so that its first question does not wait for it."""
        self._index  # noqa: B018  (a cached property: built once)

    @staticmethod
    def _build_expansions(library: Library, synonyms: Sequence[tuple[str, str, bool]]) -> list[_Expansion]:
        pairs = [(e.acronym, e.long_name, True) for _, e in library.glossary()]
        pairs += [(acronym, long_name, False) for acronym, long_name in COMMON_ABBREVIATIONS.items()]
        expansions: list[_Expansion] = []
        for acronym, long_name, the_texts_own in pairs:
            short = tuple(tokens(acronym, keep_stopwords=True))
            long = tuple(tokens(long_name))
            if short and long:
                expansions.append(_Expansion(short, long, evidence=the_texts_own))
                expansions.append(_Expansion(long, short, evidence=the_texts_own))
        for said, written, replaces in synonyms:
            expansions.append(_Expansion(tuple(tokens(said)), tuple(tokens(written)), evidence=True, replaces=replaces))
        return expansions

    def specific_words(self, query: str) -> list[str]:
        """The query's words that can say what it is about: neither question words nor generic ones."""
        return [t for t in tokens(query) if t not in QUESTION_WORDS and t not in self._generic]

    def mentioning(self, query: str) -> list[tuple[Document, int]]:
        """Every paragraph whose own words (not its area's heading) say the query's subject, or a word the
        thesaurus takes for it, in the library's order: "how many paragraphs mention cyber?" counts these."""
        words = [self.corrected(stemmed, typed) for typed, stemmed in words_and_stems(query)]
        # each way of saying it, whole: "FIMI", or all of "foreign information manipulation and interference"
        # (not every paragraph with "information"), or what the thesaurus takes for it ("north korea": the DPRK,
        # not every "north")
        ways: set[frozenset[str]] = set()
        replaced: set[int] = set()
        for start, word in enumerate(words):
            for expansion in self._expansions.get(word, ()):
                end = start + len(expansion.trigger)
                if expansion.evidence and tuple(words[start:end]) == expansion.trigger:
                    written = frozenset(t for t in expansion.extra if t in self.vocabulary and t not in self._generic)
                    if written:
                        ways.add(written)
                    if expansion.replaces:
                        replaced.update(range(start, end))
        ways |= {
            frozenset((w,))
            for i, w in enumerate(words)
            if i not in replaced and w in self.vocabulary and w not in QUESTION_WORDS and w not in self._generic
        }
        units = zip(self._units, self._own_words, strict=True)
        return list(dict.fromkeys((u.document, u.paragraph) for u, own in units if any(way <= own for way in ways)))

    def _mask(self, paragraphs: set[int]) -> np.ndarray:
        import numpy as np

        primary = self._units[0].document
        return np.fromiter(
            (u.document is primary and u.paragraph in paragraphs for u in self._units),
            dtype=np.float32,
            count=len(self._units),
        )

    def corrected(self, word: str, typed: str | None = None) -> str:
        """A word (a stem) the text never uses, spelt as the closest word it does ("martime" → "maritim"). Given
        the word as `typed`, an English word is corrected only into its British spelling or a word it is a form
        of ("behavior" → behaviour, "closer" → close): "flight" is not "fight" (bot.document.english)."""
        if word in self.vocabulary or len(word) < SPELLING_MIN_LENGTH or not word.isalpha():
            return word
        if typed is not None:
            british = (s for spelled in english.british(typed) if (s := stem(spelled)) in self.vocabulary)
            if (spelled_so := next(british, None)) is not None:
                return spelled_so
        choices = self._spellings.get(word[0], [])
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF)
        if best is None:
            return word
        closest = str(best[0])
        return closest if typed is None or english.may_read_as(typed, word, closest) else word

    def _expanded(self, words: list[str], *, evidence_only: bool = False) -> tuple[list[str], set[int]]:
        """What the acronyms, long names and synonyms in `words` add, and the positions a synonym replaces
        ("north korea" is searched as DPRK, not as "north")."""
        extra: list[str] = []
        replaced: set[int] = set()
        read: set[int] = set()
        for start, word in enumerate(words):
            if start in read:  # inside a phrase already read: "artificial intelligence" is not "intelligence"
                continue
            for expansion in sorted(self._expansions.get(word, ()), key=lambda e: -len(e.trigger)):
                trigger = expansion.trigger
                if tuple(words[start : start + len(trigger)]) != trigger or (evidence_only and not expansion.evidence):
                    continue
                extra += [t for t in expansion.extra if t not in extra]
                read.update(range(start, start + len(trigger)))
                if expansion.replaces:
                    replaced.update(range(start, start + len(trigger)))
        return extra, replaced

    def coverage(self, query: str) -> Coverage:
        """Which of the question's specific words the text uses, itself or through a synonym or a spelling fix.
        A place the text lacks in part it lacks whole ("the red sea": its "sea" answers nothing): a name typed
        with capitals, or a word the text lacks before a place's last word. Elsewhere a subject the text speaks
        of stays, narrowed or not ("nuclear submarines": what it says on "nuclear")."""
        words = [self.corrected(stemmed, typed) for typed, stemmed in words_and_stems(query)]
        covered = self._coverage(words, query)
        lacking = self._lacking_phrases(words, covered, query)
        if not lacking:
            return covered
        without = self._coverage([w for i, w in enumerate(words) if i not in lacking], query)
        missing = [words[i] for i in sorted(lacking)] + list(without.missing)
        return Coverage(without.found, tuple(dict.fromkeys(missing)))

    def _lacking_phrases(self, words: list[str], covered: Coverage, query: str) -> set[int]:
        """The places in `words` of the phrases `coverage` counts as missing whole."""
        missing = set(covered.missing)
        lacking: set[int] = set()
        for name in _PROPER_NAME.findall(query):
            parts = tuple(self.corrected(stemmed, typed) for typed, stemmed in words_and_stems(name))
            if set(parts) & missing:
                lacking |= _at(words, parts)
        for start, word in enumerate(words):  # "missile defence", "status of forces agreement"
            for name in self._absent_names.get(word, ()):
                if tuple(words[start : start + len(name)]) == name:
                    lacking |= set(range(start, start + len(name)))
        for prefix, rest in _PREFIXED.findall(query):  # "counter-piracy" is no "countering" of hybrid threats
            parts = tuple(self.corrected(stemmed, typed) for typed, stemmed in words_and_stems(f"{prefix} {rest}"))
            if len(parts) == 2 and parts[1] in missing:
                lacking |= _at(words, parts)
        for i, (word, head) in enumerate(zip(words, words[1:], strict=False)):
            if word in missing and head in _PLACE_HEADS:
                lacking |= {i, i + 1}
        return lacking

    def _coverage(self, words: list[str], query: str) -> Coverage:
        extra, replaced = self._expanded(words, evidence_only=True)
        found = [t for t in extra if t in self.vocabulary and t not in self._generic]
        # Korean nouns the lexicon does not know stay as written: words the text cannot contain
        missing: list[str] = re.findall(r"[\uac00-\ud7a3]{2,}", query)
        for index, word in enumerate(words):
            if (
                word in QUESTION_WORDS
                or word in self._generic
                or index in replaced
                or (word.isdigit() and len(word) < 3)
            ):
                continue
            if word in self.vocabulary:
                found.append(word)
            elif not any(
                word in e.trigger for e in self._expansions.get(word, ()) if e.evidence and set(e.extra) & set(found)
            ):
                missing.append(word)
        return Coverage(tuple(dict.fromkeys(found)), tuple(dict.fromkeys(missing)))

    def apart(self, query: str) -> list[str] | None:
        """The parts of a question that relates subjects ("arms exports to Ukraine", "cyber attacks on
        Ukraine") when no passage speaks of them together, as typed; None when one does, or when the
        subjects are only listed ("cyber and space"). A passage has a part when it has any of its words,
        or their other forms."""
        parts: list[tuple[str, list[frozenset[str]]]] = []
        related = False
        found = runs(query, QUESTION_WORDS)
        by_run = [[self.corrected(stemmed, typed) for typed, stemmed in words_and_stems(run.shown)] for run in found]
        if self._named_across(by_run):
            return None
        for run, words in zip(found, by_run, strict=True):
            related = related or (bool(parts) and not run.coordinated)
            forms = self._forms(words)
            if forms and frozenset().union(*forms) & self._subject_words:
                parts.append((run.shown, forms))
        if len(parts) < 2 or not related:
            return None
        wanted = [frozenset().union(*forms) for _, forms in parts]
        if any(all(words & part for part in wanted) for words in self._unit_words):
            return None
        return [shown for shown, _ in parts]

    @cached_property
    def _subject_words(self) -> frozenset[str]:
        """The words that can name what a passage is about: its area's heading, the names the text writes
        with a capital inside a sentence (Ukraine, Summit, Southeast Asia) and its glossary. A part of a
        question is a subject only with one of them: "line" of "our line on space" is not."""
        named: set[str] = set()
        for document in self._library.documents:
            for paragraph in document.paragraphs:
                named.update(tokens(paragraph.area or ""))
                for unit in [paragraph.text, *(s.text for s in paragraph.subitems)]:
                    named.update(t for name in _NAME_IN_SENTENCE.findall(unit) for t in tokens(name))
        for _, entry in self._library.glossary():
            named.update(tokens(f"{entry.acronym} {entry.long_name}"))
        months = {stem(m.lower()) for m in calendar.month_name if m}  # "22 May 2023" names no subject
        return frozenset(named - self._generic - months)

    def _longest_at(self, words: list[str], i: int) -> list[_Expansion]:
        """The acronyms, long names and synonyms whose words start at `words[i]`, those of the longest only
        ("north korea" before "north")."""
        matching = [e for e in self._expansions.get(words[i], ()) if tuple(words[i : i + len(e.trigger)]) == e.trigger]
        span = max((len(e.trigger) for e in matching), default=0)
        return [e for e in matching if len(e.trigger) == span]

    def _named_across(self, by_run: list[list[str]]) -> bool:
        """Whether a name or synonym of several words spans runs: "women in peacekeeping" is one subject the
        thesaurus knows (Women, Peace and Security), whatever the "in" between its words."""
        words = [word for run in by_run for word in run]
        owner = [n for n, run in enumerate(by_run) for _ in run]
        for i in range(len(words)):
            longest = self._longest_at(words, i)
            if longest and owner[i] != owner[i + len(longest[0].trigger) - 1]:
                return True
        return False

    def _forms(self, words: list[str]) -> list[frozenset[str]]:
        """Each subject word of a run with the forms a passage may have it in: itself, and the other form
        of a name or synonym it starts (one entry for all the words of "north korea")."""
        forms: list[frozenset[str]] = []
        i = 0
        while i < len(words):
            longest = self._longest_at(words, i)
            span = len(longest[0].trigger) if longest else 1
            alike = set(words[i : i + span]).union(*(e.extra for e in longest))
            found = frozenset(w for w in alike - self._generic - QUESTION_WORDS if w in self.vocabulary)
            if found:
                forms.append(found)
            i += span
        return forms

    def query_tokens(self, query: str) -> list[str]:
        """The query's words (spelling fixed) plus the other form of every acronym, long name or synonym in it."""
        words = [self.corrected(stemmed, typed) for typed, stemmed in words_and_stems(query)]
        extra, replaced = self._expanded(words)
        expanded = [w for i, w in enumerate(words) if i not in replaced]
        expanded.extend(t for t in extra if t not in expanded)
        return expanded

    def _scored_words(self, query: str) -> tuple[list[str], list[tuple[list[str], list[str]]]]:
        """The words to score a query by: those scored as they are (a synonym's written words in place of
        the words said), and each acronym beside its long name, of which a passage scores only the better:
        "DPRK" with "Democratic People's Republic of Korea" once scored §3, which writes both, for both, and
        §16, which has "DPRK" alone, fell below the cut."""
        words = [self.corrected(stemmed, typed) for typed, stemmed in words_and_stems(query)]
        plain: list[str] = []
        either: list[tuple[list[str], list[str]]] = []
        i = 0
        while i < len(words):
            longest = self._longest_at(words, i)
            if not longest:
                plain.append(words[i])
                i += 1
                continue
            span = len(longest[0].trigger)
            written = list(dict.fromkeys(t for e in longest for t in e.extra))
            if any(e.replaces for e in longest):
                plain.extend(written)
            else:
                either.append((words[i : i + span], written))
            i += span
        return plain, either

    def _scores(self, query: str) -> np.ndarray | None:
        import numpy as np

        plain, either = self._scored_words(query)
        if not plain and not either:
            return None
        index = self._index
        scores = index.get_scores(plain) if plain else np.zeros(len(self._units))
        for one, other in either:
            scores = scores + np.maximum(self._name_scores(one), self._name_scores(other))
        return scores

    def _name_scores(self, words: list[str]) -> np.ndarray:
        """One form of a name scored by its words but the generic ones ("Republic", "Korea" of the DPRK's
        long name match the ROK's everywhere)."""
        return self._index.get_scores([w for w in words if w not in self._generic] or words)

    def search(
        self, query: str, limit: int = 5, *, specific: bool = False, paragraphs: set[int] | None = None
    ) -> list[Hit]:
        """The best passages; with `specific`, only those using a word of the query that is not generic
        (a passage matched only on "security" answers nothing); with `paragraphs`, only those of the
        partnership's paragraphs with these numbers."""
        import numpy as np

        query_words = self.query_tokens(query)
        scores = self._scores(query)
        if scores is None:
            return []
        if paragraphs is not None:
            scores = scores * self._mask(paragraphs)
        top = np.argpartition(-scores, limit - 1)[:limit] if limit < scores.size else np.arange(scores.size)
        # `limit` candidates, ranked as Python numbers: few numpy calls, as each costs microseconds
        ranked = sorted(
            ((score, i) for score, i in zip(scores[top].tolist(), top.tolist(), strict=True) if score > 0),
            key=lambda hit: (-hit[0], hit[1]),
        )
        if not ranked:
            return []
        best = ranked[0][0]
        wanted = {w for w in query_words if w not in self._generic and w not in QUESTION_WORDS}
        hits: list[Hit] = []
        for score, i in ranked:
            unit = self._units[i]
            # Weak tails are noise next to a strong match: keep results within a third of the best.
            if score < best / 3:
                break
            if specific and not (self._unit_words[i] & wanted):
                continue
            by_heading = bool((self._unit_words[i] & wanted) - self._own_words[i])
            hits.append(Hit(unit.document, unit.paragraph, unit.subitem, unit.text, score, by_heading))
        return _two_paragraphs_first(hits)


def _two_paragraphs_first(hits: list[Hit], shown: int = 3) -> list[Hit]:
    """A subject two paragraphs speak of keeps the second in the first `shown`, rather than the first
    paragraph's sub-items filling every place."""
    head = hits[:shown]
    if len(head) < shown or len({(h.document.short_name, h.paragraph) for h in head}) > 1:
        return hits
    other = next(
        (
            h
            for h in hits[shown:]
            if (h.document.short_name, h.paragraph) != (head[0].document.short_name, head[0].paragraph)
        ),
        None,
    )
    if other is None:
        return hits
    rest = [h for h in hits if h is not other]
    return rest[: shown - 1] + [other] + rest[shown - 1 :]
