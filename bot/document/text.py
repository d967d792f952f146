"""Word normalisation shared by retrieval and area matching: lower case, no stopwords, light stemming."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("english")
_TOKEN = re.compile(r"[a-z0-9]+(?:/[a-z0-9]+)*")
STOPWORDS = frozenset(
    """a an and are as at be been being both but by can could did do does doing for from had has have how i if
    in into is it its itself let me my of on or our ours so than that the their them then there these they this
    those through to too us was we were what when where which while who whom why will with would you your
    about any anything something say says said tell mention mentions mentioned paragraph paragraphs para text
    document partnership please show find regarding concerning there s u ur pls plz""".split()  # u: texted "you"
)


# "co-operation", "co-ordinate": the British hyphen, which the text does without
_CO_HYPHEN = re.compile(r"\bco-(?=o)")
# "US" in capitals is the United States, not the stopword "us" ("US forces in korea"), unless everything is in capitals
_THE_US = re.compile(r"\bU\.?S\.?(?:A\.?)?(?![\w.])")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def _the_us_named(text: str) -> str:
    """ "US" in capitals as a word of its own ("USA"), unless the message is shouted ("TELL US ABOUT CYBER")."""
    if "U" not in text or (text.isupper() and len(text.split()) > 2):
        return text
    return _THE_US.sub("USA", text)


def _lower(text: str) -> str:
    """Lower case, the curly apostrophe straight, and "co-operation", "co-ordinate" as the text spells them."""
    lowered = _the_us_named(text).lower().replace("’", "'")
    return _CO_HYPHEN.sub("co", lowered) if "co-o" in lowered else lowered


def tokens(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content words; "P/CVE" stays one token ("p/cve") so acronyms with slashes still match."""
    words = _TOKEN.findall(_lower(text))
    return [stem(w) for w in words if keep_stopwords or w not in STOPWORDS]


def words_and_stems(text: str) -> list[tuple[str, str]]:
    """The content words as typed (lower case) beside their stems, the tokens of `tokens`."""
    words = _TOKEN.findall(_lower(text))
    return [(w, stem(w)) for w in words if w not in STOPWORDS]


# What joins two subjects without relating them: "cyber and space", "cyber, space", "cyber / space"
_COORDINATORS = frozenset({"and", "or", "nor", "plus", "vs", "versus", ",", "/", "&", "+"})
# Words in a gap that neither join nor relate: "cyber and the space dialogue" is still "and"
_NEUTRAL = frozenset({"the", "a", "an", "its", "their", "our", "my", "your", "this", "these", "those", "both"})
_WORD_OR_MARK = re.compile(r"[a-z0-9]+(?:/[a-z0-9]+)*|[,;:/&+()?!.\"“”\[\]]", re.IGNORECASE)


@dataclass(frozen=True)
class Run:
    """Content words typed next to each other ("arms exports" of "arms exports to Ukraine"): as typed
    (hyphens kept), and whether only "and", "or" or a comma stood between it and the run before."""

    shown: str
    coordinated: bool


def runs(text: str, breaks: frozenset[str] = frozenset()) -> list[Run]:
    """The text's runs of content words, split at stopwords, punctuation (not hyphens) and the stems in
    `breaks` (a question's asking words)."""
    text = _the_us_named(text).replace("’", "'")
    found: list[Run] = []
    start: int | None = None
    end = 0
    coordinated = True
    for match in _WORD_OR_MARK.finditer(text):
        lower = match.group().lower()
        asking = stem(lower) in breaks
        if lower[0].isalnum() and lower not in STOPWORDS and not asking:
            start = match.start() if start is None else start
            end = match.end()
            continue
        if start is not None:
            found.append(Run(text[start:end], coordinated))
            start, coordinated = None, True
        if found and lower not in _COORDINATORS and lower not in _NEUTRAL and not asking:
            coordinated = False
    if start is not None:
        found.append(Run(text[start:end], coordinated))
    return found
