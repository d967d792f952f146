"""Korean questions: morphemes from Kiwi (kiwipiepy), then the bilingual lexicon, to the English the bot knows.

Half of the working group is Korean. "사이버 안보 협력은?" becomes "cyber security
cooperation ?": particles and endings are dropped, stems and nouns are looked up
in `data/lexicon_ko.yaml` (compound nouns first: 해양+안보 is one term), and Latin
words, numbers and symbols (WPS, §14(b)) are kept as written. Kiwi's model takes
about a second and 210 MB to load, so it is loaded only for Korean text, once
per process; a long-running bot warms it in the background at start.
"""

from __future__ import annotations

import re
import threading
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.understanding.dates import next_day_of_month
from bot.yaml_loader import YAML_LOADER

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

LEXICON = Path(__file__).parent / "data" / "lexicon_ko.yaml"
# Kiwi's tags of words kept as written when the lexicon does not know them: common and proper nouns and
# roots (a subject the text may not mention); unknown verbs, endings and bound nouns say nothing of the subject
_KEEP_UNKNOWN = ("NNG", "NNP", "XR")
_KEEP_AS_WRITTEN = ("SL", "SN", "SSO", "SSC", "SW", "SF")
_lock = threading.Lock()


def is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or "\u3131" <= char <= "\u318e"


def is_korean(text: str) -> bool:
    """Korean when a third of its letters are Hangul: "§14(b) 내용" and "WPS 관련해서" are Korean questions."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if is_hangul(c)) * 3 >= len(letters)


@cache
def lexicon() -> dict[str, str]:
    return read_lexicon(LEXICON.read_text(encoding="utf-8"))


def read_lexicon(text: str) -> dict[str, str]:
    """Korean → English. An English that is not text is refused, not turned into "True": YAML reads a bare
    yes, no, on or off as true or false."""
    data: dict[str, Any] = yaml.load(text, Loader=YAML_LOADER)
    terms = data["terms"]
    if wrong := [str(korean) for korean, english in terms.items() if not isinstance(english, str)]:
        raise ValueError(f"lexicon_ko.yaml: quote the English of {', '.join(wrong)} (“yes”, not yes)")
    return {str(k): v for k, v in terms.items()}


def kiwi() -> Kiwi:
    """One Kiwi per process, loaded on first use (thread-safe: the bot may warm it from a thread)."""
    with _lock:
        return _load()


@cache
def _load() -> Kiwi:
    """Without Kiwi's dictionaries of proper nouns from Wikipedia and WikiData (about 270 MB resident, and not
    this domain's names): the lexicon's own terms are its user words, so "아탈란타" or "해양안보" stay whole."""
    from kiwipiepy import Kiwi

    model = Kiwi(load_default_dict=False, load_typo_dict=False, load_multi_dict=False)
    for term in lexicon():
        if all(is_hangul(c) for c in term):
            model.add_user_word(term, "NNP")
    model.tokenize("초기화")  # the first analysis loads the rest of the model: pay it here, not on a question
    return model


def warm_in_background() -> threading.Thread:
    thread = threading.Thread(target=kiwi, name="kiwi-warm", daemon=True)
    thread.start()
    return thread


# Written forms Kiwi would cut into pieces, kept as they are: ISO dates, § references, meeting ids.
_VERBATIM = re.compile(r"(\d{4}-\d{2}-\d{2}|§+\s*\d+(?:\s*\(\s*[a-z]\s*\))?|[a-z]+-\d{4}(?:-\d+)?)", re.IGNORECASE)
_KOREAN_DATE = re.compile(r"(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일")
# "3월에", "9월 초": a month alone, no day (was "3", read as the 3rd of this month: a meeting was scheduled on it)
_KOREAN_MONTH = re.compile(r"(?<![\d-])(\d{1,2})\s*월(?!\s*\d)")
_MONTHS = "January February March April May June July August September October November December".split()
# "3일에", "3일부터": a day of the month alone; not "3일간", "3일 동안" (three days)
_KOREAN_DAY = re.compile(r"(?<![\d-])(\d{1,2})\s*일(?!\s*(?:간|동안|이내|내))")
# "14항", "제14항 (b)", "14항 나목": a paragraph and its sub-item, written as the text cites them (§14(b)); Korean
# drafting letters its sub-items 가, 나, 다 … where the text has a, b, c …
_KOREAN_PARAGRAPH = re.compile(
    r"제?\s*(\d{1,3})\s*(?:항|문단|단락)"
    r"(?:\s*\(\s*([a-h]|[가나다라마바사아])\s*\)|\s*([a-h])(?![a-z])|\s*([가나다라마바사아])\s*목)?",
    re.IGNORECASE,
)
_SUB_LETTERS = dict(zip("가나다라마바사아", "abcdefgh", strict=True))
# 잘 되고 있는 분야는? ("which areas are going well?"): "well" and "going" are an adverb and a verb, which the
# gloss drops (it read "areas ?", the list of areas); said as the status they mean
_GOING_WELL = re.compile(
    r"잘\s*(?:되고\s*있는|돼\s*가는|되어\s*가는|진행되고\s*있는|진행\s*중인|굴러가는)(?=\s*(?:분야|영역|곳|데))"
)  # of areas only: 그거 잘 진행되고 있어? ("is that going well?") asks where that one stands


def to_english(text: str, today: date | None = None) -> str:
    """The question's meaning in the bot's English words; unknown Korean nouns are kept as written."""
    text = _KOREAN_DATE.sub(lambda m: _iso(m, today or date.today()), text)
    text = _KOREAN_DAY.sub(lambda m: _day_of_month(m, today or date.today()), text)
    text = _KOREAN_MONTH.sub(lambda m: f" {_MONTHS[int(m[1]) - 1]} " if 1 <= int(m[1]) <= 12 else m[0], text)
    text = _KOREAN_PARAGRAPH.sub(_cited, text)
    text = _GOING_WELL.sub(" 순조 ", text)
    parts = _VERBATIM.split(text)
    return " ".join(part if index % 2 else _translate(part) for index, part in enumerate(parts) if part.strip())


def _day_of_month(match: re.Match[str], today: date) -> str:
    """ "3일에 복귀" (back on the 3rd): the next 3rd, as an ISO date; after a date ("1월 5일부터 10일까지", from 5 to
    10 January), the next one from that date, not from today (was 10 December)."""
    before = re.findall(r"\d{4}-\d{2}-\d{2}", match.string[: match.start()])
    start = date.fromisoformat(before[-1]) if before else today
    when = next_day_of_month(start, int(match.group(1)))
    return f" {when.isoformat()} " if when else match.group(0)


def _cited(match: re.Match[str]) -> str:
    number, *letters = match.groups()
    letter = next((letter for letter in letters if letter), None)
    sub = f"({_SUB_LETTERS.get(letter, letter).lower()})" if letter else ""
    return f" §{number}{sub} "


def _iso(match: re.Match[str], today: date) -> str:
    """ "1월 8일" is the next 8 January; with a year, that day."""
    year, month, day = (int(g) if g else None for g in match.groups())
    assert month is not None and day is not None
    try:
        when = date(year or today.year, month, day)
        if year is None and when < today:
            when = date(today.year + 1, month, day)
    except ValueError:
        return match.group(0)
    return f" {when.isoformat()} "


def _translate(text: str) -> str:
    terms = lexicon()
    morphemes = [(t.form, t.tag) for t in kiwi().tokenize(text)]
    out: list[str] = []
    i = 0
    while i < len(morphemes):
        form, tag = morphemes[i]
        # the longest run of consecutive nouns that the lexicon knows as one term
        for length in range(min(4, len(morphemes) - i), 1, -1):
            run = morphemes[i : i + length]
            joined = "".join(f for f, _ in run)
            if all(t.startswith(("NN", "XR", "SL", "XP")) for _, t in run) and joined in terms:
                out.append(terms[joined])
                i += length
                break
        else:
            if form in terms:
                out.append(terms[form])
            elif tag.startswith(_KEEP_AS_WRITTEN):
                out.append(form)
            elif tag.startswith(_KEEP_UNKNOWN) and any(is_hangul(c) for c in form):
                out.append(form)
            i += 1
    return " ".join(out).replace("( ", "(").replace(" )", ")").replace("§ ", "§")
