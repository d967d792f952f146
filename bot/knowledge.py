"""Everything the bot knows about its documents, built once at start and shared by every handler."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.document.areas import AreaIndex
from bot.document.library import Library, load_library
from bot.document.search import Retriever
from bot.understanding.thesaurus import Thesaurus, bundled


@dataclass(frozen=True)
class Knowledge:
    library: Library
    retriever: Retriever
    areas: AreaIndex

    @classmethod
    def build(
        cls,
        library: Library,
        area_aliases: Mapping[str, Sequence[str]] | None = None,
        thesaurus: Thesaurus | None = None,
    ) -> Knowledge:
        words = thesaurus or bundled()
        # what people say stands for the text's first word for it: "north korea" is searched as DPRK, not as
        # every word of "Democratic People's Republic of Korea", which would favour the paragraph spelling it out
        synonyms = [(said, group.text[0], True) for group in words.groups for said in group.say]
        retriever = Retriever(library, synonyms, words.generic, words.elsewhere)
        return cls(library=library, retriever=retriever, areas=AreaIndex(library, area_aliases))

    @classmethod
    def load(cls, specs: Sequence[str], area_aliases: Mapping[str, Sequence[str]] | None = None) -> Knowledge:
        return cls.build(load_library(specs), area_aliases)
