"""Which words are English words, and their British spellings: what a spelling fix must not turn into another word.

The search corrects words the text never uses to the closest word it does ("martime" → maritime). A typo is
not a word; "flight", "found" or "internal" are, and the closest words of the text ("fight", "fund",
"international") would answer another question as if it were this one. An English word is corrected only to
its British spelling ("behavior" → behaviour, the text's) or to a word it is a form of ("closer" → close).
The dictionary is pyspellchecker's English one (160,000 words), loaded the first time a correction is weighed.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spellchecker import SpellChecker

# American endings and their British forms, as the partnership writes them
_BRITISH = (
    (re.compile(r"or(s?)$"), r"our\1"),  # behavior
    (re.compile(r"er(s?)$"), r"re\1"),  # center
    (re.compile(r"iz(e|es|ed|ing|ation|ations)$"), r"is\1"),  # organization
    (re.compile(r"yz(e|es|ed|ing)$"), r"ys\1"),  # analyze
    (re.compile(r"ense(s?)$"), r"ence\1"),  # defense
    (re.compile(r"og(s?)$"), r"ogue\1"),  # dialog
    (re.compile(r"am(s?)$"), r"amme\1"),  # program
)


@cache
def _dictionary() -> SpellChecker:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def load() -> None:
    """Load the dictionary now (a server before its first message), not on the first correction."""
    _dictionary()


def may_read_as(typed: str, form: str, closest: str) -> bool:
    """Whether a word typed may be read as the closest word known (both compared as `form`, a stem or a folded
    word): a typo may; an English word only as a form of it, one of the two beginning the other ("closer" →
    close), never as another word ("flight" → fight). The dictionary is read only in that last case."""
    return closest.startswith(form) or form.startswith(closest) or typed.lower() not in _dictionary()


def british(word: str) -> list[str]:
    """The British spellings of an American one ("program" → "programme"); none for any other word."""
    return [spelled for pattern, replacement in _BRITISH if (spelled := pattern.sub(replacement, word)) != word]
