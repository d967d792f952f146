"""Acronyms the document defines itself, in either form: `long name (ACRONYM)` or `ACRONYM (long name)`.

The long name is found by matching the acronym's letters to the initials of the
words before the bracket (or inside it), so nothing depends on a fixed list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from bot.document.model import GlossaryEntry

_ACRONYM = r"[A-Z][A-Za-z]*(?:/[A-Z][A-Za-z]*)*[A-Z](?:[a-z]?)"
_LONG_THEN_ACRONYM = re.compile(r"\((" + _ACRONYM + r")\)")
_ACRONYM_THEN_LONG = re.compile(r"\b(" + _ACRONYM + r")\s*\(([^()]{3,120})\)")
_STOPWORDS = frozenset({"and", "of", "the", "on", "in", "for", "with", "to", "a", "an", "at", "by"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[-/][A-Za-z][A-Za-z'’]*)*")


def acronym_letters(acronym: str) -> str:
    """The capital letters an acronym spells: P/CVE -> PCVE, UNSCR -> UNSCR."""
    return "".join(c for c in acronym if c.isupper())


def _options(word: str) -> list[str]:
    """Letters a word may contribute: initials of its parts, any tail of them, or its first letter."""
    parts = [p for p in re.split(r"[-/]", word) if p]
    initials = "".join(p[0].upper() for p in parts)
    options = [initials[i:] for i in range(len(initials))]
    return list(dict.fromkeys(options))


def _match_backwards(words: Sequence[str], letters: str) -> int | None:
    """Index of the first word of the longest phrase ending at words[-1] whose initials spell letters."""
    best: int | None = None

    def walk(i: int, remaining: str) -> None:
        nonlocal best
        if not remaining:
            start = i + 1
            if start < len(words) and words[start].lower() not in _STOPWORDS:
                if best is None or start < best:
                    best = start
            return
        if i < 0 or len(words) - i > len(letters) + 5:
            return
        word = words[i]
        for option in _options(word):
            if remaining.endswith(option):
                walk(i - 1, remaining[: -len(option)])
        if word.lower() in _STOPWORDS:
            walk(i - 1, remaining)

    walk(len(words) - 1, letters)
    return best


def _match_backwards_letters(words: Sequence[str], acronym: str) -> int | None:
    """The usual case: the words' initials spell the acronym in order (stopwords may be skipped)."""
    return _match_backwards(words, acronym_letters(acronym))


def _capitalised_run(words: Sequence[str], acronym: str) -> int | None:
    """For names whose initials are not in the acronym's order or run long: the shortest tail of the
    capitalised run before the bracket whose initials hold every letter of the acronym.

    `Treaty on the Non-Proliferation of Nuclear Weapons (NPT)`, `High Representative of the Union
    ... Policy/Vice-President of the European Commission (HR/VP)`; lower-case linking words may sit inside the run.
    """
    needed = Counter(acronym_letters(acronym))
    found: Counter[str] = Counter()
    for start in range(len(words) - 1, -1, -1):
        word = words[start]
        if word[0].isupper():
            found.update(part[0].upper() for part in re.split(r"[-/]", word) if part)
            if not needed - found:
                return start
        elif word.lower() not in _STOPWORDS or start == len(words) - 1:
            return None
    return None


def _subsequence_phrase(words: Sequence[str], acronym: str) -> int | None:
    """Fallback for acronyms built from syllables (CRIMARIO, CT): shortest tail of words that spells them in order."""
    letters = acronym_letters(acronym).lower()
    for start in range(len(words) - 1, max(-1, len(words) - len(letters) - 3), -1):
        if words[start][0].lower() != letters[0] or words[start].lower() in _STOPWORDS:
            continue
        chars = iter(" ".join(words[start:]).lower())
        if all(ch in chars for ch in letters):
            return start
    return None


def _long_name_before(prefix: str, acronym: str) -> str | None:
    """The long name ending at the bracket, by the strictest rule that finds one: exact initials
    first, so a looser rule never swallows words before a name the initials already delimit."""
    clause = re.split(r"[.;:]\s|[()]", prefix)[-1]
    spans = [(m.start(), m.group(0)) for m in _WORD.finditer(clause)]
    words = [w for _, w in spans]
    if not words:
        return None
    for rule in (_match_backwards_letters, _capitalised_run, _subsequence_phrase):
        start = rule(words, acronym)
        if start is not None:
            name = re.sub(r"['’]s$", "", clause[spans[start][0] :].strip(" ,"))
            return name if name and name != acronym else None
    return None


def _long_name_inside(inner: str, acronym: str) -> str | None:
    words = _WORD.findall(inner)
    if not words or _match_backwards(words, acronym_letters(acronym)) != 0:
        return None
    return inner.strip()


def find_definitions(text: str) -> Iterable[tuple[str, str]]:
    """Every (acronym, long name) pair defined in one paragraph or heading."""
    for match in _LONG_THEN_ACRONYM.finditer(text):
        acronym = match.group(1)
        if len(acronym_letters(acronym)) < 2:
            continue
        name = _long_name_before(text[: match.start()].rstrip(), acronym)
        if name:
            yield acronym, name
    for match in _ACRONYM_THEN_LONG.finditer(text):
        acronym, inner = match.group(1), match.group(2)
        if len(acronym_letters(acronym)) < 2:
            continue
        name = _long_name_inside(inner, acronym)
        if name:
            yield acronym, name


def build_glossary(texts: Iterable[tuple[int | None, str]]) -> tuple[GlossaryEntry, ...]:
    """The first definition of each acronym wins; later ones are the same acronym used again."""
    entries: dict[str, GlossaryEntry] = {}
    for paragraph, text in texts:
        for acronym, name in find_definitions(text):
            entries.setdefault(acronym, GlossaryEntry(acronym=acronym, long_name=name, paragraph=paragraph))
    return tuple(entries.values())
