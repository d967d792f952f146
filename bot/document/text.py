"""Word normalisation shared by retrieval and area matching: lower case, no stopwords, light stemming."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("english")
_TOKEN = re.compile(r"[a-z0-9]+(?:/[a-z0-9]+)*")
STOPWORDS = frozenset(
    """a an and are as at be been being both but by can could did do does doing for from had has have how i if
    in into is it its itself let me my of on or our ours so than that the their them then there these they this
    those through to too us was we were what when where which while who whom why will with would you your
    about any anything something say says said tell mention mentions mentioned paragraph paragraphs para text
    document partnership please show find regarding concerning there s""".split()
)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def tokens(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content words; "P/CVE" stays one token ("p/cve") so acronyms with slashes still match."""
    words = _TOKEN.findall(text.lower().replace("’", "'"))
    return [stem(w) for w in words if keep_stopwords or w not in STOPWORDS]


def words_and_stems(text: str) -> list[tuple[str, str]]:
    """The content words as typed (lower case) beside their stems, the tokens of `tokens`."""
    words = _TOKEN.findall(text.lower().replace("’", "'"))
    return [(w, stem(w)) for w in words if w not in STOPWORDS]
