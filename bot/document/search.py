"""Ranked retrieval over paragraphs and sub-items (BM25 via bm25s), with glossary expansion both ways.

"What do we say about disinformation" and "which paragraphs mention ESIWA" are
answered by ranking every paragraph's lead text and every sub-item separately,
so a citation can point at `§14(c)` rather than the whole of §14.
"""

from __future__ import annotations

from dataclasses import dataclass

import bm25s
import numpy as np

from bot.document.library import Library
from bot.document.model import Document
from bot.document.text import tokens

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
# Everyday words people type for the document's terms.
SYNONYMS = {
    "disinformation": "fimi information manipulation",
    "navy": "naval maritime",
    "naval": "navy maritime",
    "terrorism": "counterterrorism ct",
    "cybersecurity": "cyber security",
    "gender": "wps women",
    "women": "wps gender",
    "nuclear": "non-proliferation npt",
}


@dataclass(frozen=True)
class Hit:
    document: Document
    paragraph: int
    subitem: str | None
    text: str
    score: float


@dataclass(frozen=True)
class _Unit:
    document: Document
    paragraph: int
    subitem: str | None
    text: str


class Retriever:
    """One BM25 index over every document of the library; built once at start."""

    def __init__(self, library: Library) -> None:
        self._units: list[_Unit] = []
        corpus: list[list[str]] = []
        for document in library.documents:
            for paragraph in document.paragraphs:
                context = paragraph.area or ""
                units = [(None, paragraph.text)] + [(s.label, s.text) for s in paragraph.subitems]
                for label, text in units:
                    self._units.append(_Unit(document, paragraph.number, label, text))
                    corpus.append(tokens(f"{text} {context}") or ["_empty_"])
        self._index = bm25s.BM25()
        self._index.index(corpus, show_progress=False)
        # by the trigger's first word: a query looks only at the phrases that can start in it
        self._expansions: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for trigger, extra in self._build_expansions(library):
            if trigger:
                self._expansions.setdefault(trigger[0], []).append((trigger, extra))

    @staticmethod
    def _build_expansions(library: Library) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        pairs: list[tuple[str, str]] = [(e.acronym, e.long_name) for _, e in library.glossary()]
        pairs += list(COMMON_ABBREVIATIONS.items())
        expansions: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        for acronym, long_name in pairs:
            short = tuple(tokens(acronym, keep_stopwords=True))
            long = tuple(tokens(long_name))
            if short and long:
                expansions.append((short, long))
                expansions.append((long, short))
        for word, extra in SYNONYMS.items():
            expansions.append((tuple(tokens(word)), tuple(tokens(extra))))
        return expansions

    def query_tokens(self, query: str) -> list[str]:
        """The query's words plus the other form of every acronym or long name it contains."""
        words = tokens(query)
        expanded = list(words)
        for start, word in enumerate(words):
            for trigger, extra in self._expansions.get(word, ()):
                if tuple(words[start : start + len(trigger)]) == trigger:
                    expanded.extend(t for t in extra if t not in expanded)
        return expanded

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        query_words = self.query_tokens(query)
        if not query_words:
            return []
        scores = self._index.get_scores(query_words)
        top = np.argpartition(-scores, limit - 1)[:limit] if limit < scores.size else np.arange(scores.size)
        # `limit` candidates, ranked as Python numbers: few numpy calls, as each costs microseconds
        ranked = sorted(
            ((score, i) for score, i in zip(scores[top].tolist(), top.tolist()) if score > 0), key=lambda hit: (-hit[0], hit[1])
        )
        if not ranked:
            return []
        best = ranked[0][0]
        hits = []
        for score, i in ranked:
            unit = self._units[i]
            # Weak tails are noise next to a strong match: keep results within a third of the best.
            if score < best / 3:
                break
            hits.append(Hit(unit.document, unit.paragraph, unit.subitem, unit.text, score))
        return hits
