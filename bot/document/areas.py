"""Which area of cooperation a user means: "maritime", "FIMI", "space dialogue", "naval cooperation".

Aliases come from the document itself (heading words, acronyms defined in the
heading and their long names, names of the mechanisms set up in the area's
paragraphs) plus any the working-group file adds. Generic words such as
"security" match many areas and are left to topic search.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.document.glossary import find_definitions
from bot.document.library import Library
from bot.document.model import Area, Document, Mechanism
from bot.document.text import tokens


@dataclass(frozen=True)
class AreaMatch:
    area: Area | None
    candidates: tuple[Area, ...] = ()
    # the query names this dialogue (set up in `area`, or in no area), and the document naming it
    mechanism: tuple[Document, Mechanism] | None = None


class AreaIndex:
    def __init__(self, library: Library, extra_aliases: Mapping[str, Sequence[str]] | None = None) -> None:
        self._library = library
        self.areas = library.areas
        self._vocabulary: dict[str, set[str]] = {}
        self._phrases: dict[str, set[tuple[str, ...]]] = {}
        glossary = {e.acronym: e.long_name for _, e in library.glossary()}
        for area in self.areas:
            phrases = {tuple(tokens(area.title)), tuple(tokens(area.short_title))}
            for acronym, long_name in find_definitions(area.title):
                phrases |= {tuple(tokens(acronym, keep_stopwords=True)), tuple(tokens(long_name))}
            for acronym, long_name in glossary.items():
                if tuple(tokens(long_name)) in phrases:
                    phrases.add(tuple(tokens(acronym, keep_stopwords=True)))
            for _, mechanism in library.mechanisms():
                if library.primary.paragraph(mechanism.paragraph) in library.area_paragraphs(area):
                    phrases.add(tuple(tokens(mechanism.name)))
            for alias in (extra_aliases or {}).get(area.title, ()):
                phrases.add(tuple(tokens(alias, keep_stopwords=True)))
            phrases.discard(())
            self._phrases[area.title] = phrases
            self._vocabulary[area.title] = {t for phrase in phrases for t in phrase}

    def resolve(self, query: str) -> AreaMatch:
        """The single area whose vocabulary covers every word of the query, else the candidates; a
        dialogue named in full gives the area it is set up in, or none: it is not matched by its words,
        as every word of "Security and Defence Dialogue" is among the aliases of space security and defence."""
        if named := self._library.mechanism_named(query):
            document, mechanism = named
            paragraph = document.paragraph(mechanism.paragraph) if document is self._library.primary else None
            home = next((a for a in self.areas if paragraph in self._library.area_paragraphs(a)), None)
            return AreaMatch(home, (home,) if home else (), named)
        words = tokens(query)
        if not words:
            return AreaMatch(None)
        wanted = set(words)
        candidates = tuple(a for a in self.areas if wanted <= self._vocabulary[a.title])
        if len(candidates) == 1:
            return AreaMatch(candidates[0], candidates)
        exact = tuple(a for a in candidates if tuple(words) in self._phrases[a.title])
        if len(exact) == 1:
            return AreaMatch(exact[0], candidates)
        return AreaMatch(None, candidates)
