"""The domain thesaurus: everyday words (north korea, nukes, fake news) for the words the text uses.

Shipped as data (`data/thesaurus.yaml`) and extendable per working group with the
file's `synonyms:` groups of the same shape. Also names the words too generic to
count as evidence that the text covers a subject (security, cooperation, EU).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from bot.yaml_loader import load_yaml

THESAURUS = Path(__file__).parent / "data" / "thesaurus.yaml"


class SynonymGroup(BaseModel):
    """`text`: the document's own words; `say`: what people type for them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: tuple[str, ...]
    say: tuple[str, ...] = ()


@dataclass(frozen=True)
class Thesaurus:
    groups: tuple[SynonymGroup, ...]
    generic: frozenset[str]
    elsewhere: tuple[str, ...] = ()  # names of the field the text may lack whole though it uses their words

    def extended(self, extra: Sequence[SynonymGroup]) -> Thesaurus:
        return replace(self, groups=self.groups + tuple(extra)) if extra else self


@cache
def bundled() -> Thesaurus:
    data = load_yaml(THESAURUS.read_text(encoding="utf-8"))
    groups = tuple(SynonymGroup.model_validate(g) for g in data["groups"])
    generic = frozenset(str(w).lower() for w in data.get("generic", ()))
    return Thesaurus(groups, generic, tuple(str(name) for name in data.get("elsewhere", ())))
