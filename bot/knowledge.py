"""Everything the bot knows about its documents, built once at start and shared by every handler."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.document.areas import AreaIndex
from bot.document.library import Library, load_library
from bot.document.search import Retriever


@dataclass(frozen=True)
class Knowledge:
    library: Library
    retriever: Retriever
    areas: AreaIndex

    @classmethod
    def build(cls, library: Library, area_aliases: Mapping[str, Sequence[str]] | None = None) -> Knowledge:
        return cls(library=library, retriever=Retriever(library), areas=AreaIndex(library, area_aliases))

    @classmethod
    def load(cls, specs: Sequence[str], area_aliases: Mapping[str, Sequence[str]] | None = None) -> Knowledge:
        return cls.build(load_library(specs), area_aliases)
