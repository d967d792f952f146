"""Dates said in words ("next friday", "in two weeks", "12/18"), read by dateparser when an intent needs one."""

from __future__ import annotations

import re
from datetime import date, datetime

# The words after "until", "for", … that may say a date: each is tried in turn, the first readable one wins
# ("on leave until 12/18": not "leave until 12/18"; "away for two weeks from today": not "today").
_KEYWORD = re.compile(r"\b(?:until|till|til|to|through|on|from|by|for)\s+", re.IGNORECASE)
_PHRASE = re.compile(r"[^,;!?]+")
# "two weeks from today" reads as two weeks ago to dateparser; "in two weeks" does not
_FROM_TODAY = re.compile(r"^(.+?)\s+from\s+(?:today|now)\b.*$", re.IGNORECASE)
# "12/18" or "18/12" without a year: day first, as the partnership writes dates, unless that cannot be
_DAY_MONTH = re.compile(r"^(\d{1,2})[/.](\d{1,2})$")


def date_in(text: str, today: date) -> date | None:
    """The first date said after a word such as "until" in `text`, in the future."""
    for keyword in _KEYWORD.finditer(text):
        phrase = _PHRASE.match(text, keyword.end())
        found = parse_date_phrase(phrase.group().rstrip(" ."), today) if phrase else None
        if found is not None:
            return found
    return None


def parse_date_phrase(phrase: str, today: date) -> date | None:
    """"next friday", "in two weeks", "two weeks from today", "15 January", "12/18": numbers by hand, words by
    dateparser, imported only when a date is needed."""
    phrase = _FROM_TODAY.sub(lambda m: f"in {m.group(1)}", phrase.strip())
    if numbers := _DAY_MONTH.match(phrase):
        first, second = int(numbers.group(1)), int(numbers.group(2))
        day, month = (second, first) if second > 12 else (first, second)
        return _next(today, month, day)
    import dateparser

    base = datetime(today.year, today.month, today.day, 12)
    settings = {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": base, "DATE_ORDER": "DMY"}
    parsed = dateparser.parse(phrase, languages=["en", "ko"], settings=settings)
    return parsed.date() if parsed is not None else None


def _next(today: date, month: int, day: int) -> date | None:
    """That day this year, or next year if it is past."""
    try:
        when = date(today.year, month, day)
        return when if when >= today else date(today.year + 1, month, day)
    except ValueError:
        return None
