"""One message as the intent builders see it: its analysis, its exact form if any, the chat's context, today."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from bot.intents import Intent
from bot.understanding.analyse import Analysis
from bot.understanding.context import ChatContext
from bot.understanding.entities import Entity, first

# words that open a message to the bot and ask nothing: "ok", "hey,", "so", "sorry,", "quick question:"
_OPENING = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|hey|hi|hello|so|well|right|um+|uh+|hmm+|sorry|btw|quick question)\b[\s,.:;!—–-]*)+",
    re.IGNORECASE,
)


def without_opening(text: str) -> str:
    """The message past the words that open it and ask nothing (the whole message if it is nothing else)."""
    rest = _OPENING.sub("", text, count=1)
    return rest if rest.strip() else text


@dataclass(frozen=True)
class Reading:
    """What the builders see: the analysis, the exact form if any, the context and today."""

    analysis: Analysis
    form: Intent
    context: ChatContext
    today: date
    follow_up: bool = False

    def entity(self, kind: str) -> Entity | None:
        return first(self.analysis.entities, kind)

    def has(self, kind: str) -> bool:
        return self.entity(kind) is not None

    def says(self, pattern: re.Pattern[str]) -> bool:
        """Whether the message says what the pattern reads: in its English form, past an opening word said to the
        bot ("ok whats the deadline", "hey, cant do the update …": a pattern that reads the question from its
        start missed them), or as written when it is Korean (a pattern's Korean alternatives read the Korean,
        whose English gloss drops endings: 보고할 게 없어 is "report")."""
        analysis = self.analysis
        return pattern.search(self.english_asked) is not None or (
            analysis.korean and pattern.search(analysis.text) is not None
        )

    @cached_property
    def english_asked(self) -> str:
        return without_opening(self.analysis.english)

    @property
    def pronoun(self) -> bool:
        return self.has("pronoun")

    @property
    def short(self) -> bool:
        return len(self.analysis.english.split()) <= 5
