"""Dates said in words ("next friday", "in two weeks", "12/18"), read by dateparser when an intent needs one."""

from __future__ import annotations

import re
from datetime import date, datetime


def parse_date_phrase(phrase: str, today: date) -> date | None:
    """"next friday", "in two weeks", "two weeks from today", "15 January", "12/18": dateparser, imported only
    when a date is needed; day-first, then month-first for what day-first cannot read."""
    import dateparser

    phrase = _FROM_TODAY.sub(lambda m: f"in {m.group(1)}", phrase.strip())
    base = datetime(today.year, today.month, today.day, 12)
    for order in ("DMY", "MDY"):
        settings = {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": base, "DATE_ORDER": order}
        parsed = dateparser.parse(phrase, languages=["en", "ko"], settings=settings)
        if parsed is not None:
            return parsed.date()
    return None


# "two weeks from today" reads as two weeks ago to dateparser; "in two weeks" does not
_FROM_TODAY = re.compile(r"^(.+?)\s+from\s+(?:today|now)\b.*$", re.IGNORECASE)
