"""Dates said in words ("next friday", "in two weeks", "12/18"), read by dateparser when an intent needs one;
and a date phrase found among other words ("sdd next tuesday Brussels"), with what comes before and after it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

# The words after "until", "for", … that may say a date: each is tried in turn, the first readable one wins
# ("on leave until 12/18": not "leave until 12/18"; "away for two weeks from today": not "today").
_KEYWORD = re.compile(r"\b(?:until|till|til|to|through|on|from|by|for)\s+", re.IGNORECASE)
_PHRASE = re.compile(r"[^,;!?]+")
# "two weeks from today" reads as two weeks ago to dateparser; "in two weeks" does not
_FROM_TODAY = re.compile(r"^(.+?)\s+from\s+(?:today|now)\b.*$", re.IGNORECASE)
# "12/18" or "18/12" without a year: day first, as the partnership writes dates, unless that cannot be
_DAY_MONTH = re.compile(r"^(\d{1,2})[/.](\d{1,2})$")
# a month by its name or the start of it ("mar", "March", "sept"), and a day said as an ordinal ("the 3rd")
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_ORDINAL = r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)"
_DAY_OF_MONTH = re.compile(rf"^(?:on\s+)?{_ORDINAL}$", re.IGNORECASE)


# a period that names no day: a meeting put "next month" or "in April" would be set on a day nobody chose (dateparser
# gives today's number in that month), and invitations would go out for it; an absence "next week" is fine
_NO_DAY = re.compile(
    r"^(?:(?:next|this|coming|following|the\s+(?:next|following|coming))\s+)?"
    r"(?:week|month|year|quarter|spring|summer|autumn|fall|winter)$"
    rf"|^(?:in\s+)?(?:(?:early|mid|late)\s+)?{MONTH}\.?(?:\s+\d{{4}})?$"
    r"|^(?:다음|이번)\s*(?:주|달|해)$",
    re.IGNORECASE,
)


# words said after a date that are none of it: "on 22 March instead", "to Friday please"
_AFTER_THE_DATE = re.compile(r"(?:\s+(?:instead|please|pls|then|too|if\s+possible|as\s+well))+\s*$", re.IGNORECASE)


def names_a_day(phrase: str) -> bool:
    """Whether a date phrase names one day ("15 March", "next tuesday"), not a period ("next month", "in April")."""
    return _NO_DAY.match(phrase.strip(" .,")) is None


def date_in(text: str, today: date, *, day_only: bool = False) -> date | None:
    """The first date said after a word such as "until" in `text`, in the future; with `day_only`, one that names
    a day (a meeting's date), not a period."""
    for keyword in _KEYWORD.finditer(text):
        phrase = _PHRASE.match(text, keyword.end())
        said = _AFTER_THE_DATE.sub("", phrase.group().rstrip(" .")) if phrase else ""
        found = parse_date_phrase(said, today) if said and (names_a_day(said) or not day_only) else None
        if found is not None:
            return found
    return None


# where a date phrase may start: a number, or a word of the forms people write dates in
_DATE_START = re.compile(
    r"^(?:\d|next$|this$|coming$|tomorrow$|today$|in$|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*$"
    rf"|{MONTH}\.?$|다음|이번|내일|모레)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^\d{4}[,.;]?$")  # "SDD 2028": a year alone names a meeting, it is no date
_JOINING = frozenset({"on", "in", "at", "for", "the"})  # "on 15 March in Seoul": between the parts, part of none


def split_date_phrase(words: str, today: date, *, day_only: bool = False) -> tuple[str, date, str] | None:
    """The first run of words that reads as a date, with the words before and after it: "security and defence
    dialogue next tuesday Brussels" → ("security and defence dialogue", that Tuesday, "Brussels"). At each place a
    date may start, the longest run that reads as one wins, so "15 March 2027 Seoul" keeps Seoul as the place."""
    tokens = words.split()
    for start, token in enumerate(tokens):
        if not _DATE_START.match(token) or _YEAR.match(token):
            continue
        for end in range(len(tokens), start, -1):
            phrase = " ".join(tokens[start:end])
            if phrase.lower() in _JOINING or not any(c.isdigit() or c.isalpha() for c in phrase):
                continue
            if day_only and not names_a_day(phrase):
                continue
            when = parse_date_phrase(phrase, today)
            if when is not None:
                return _trim(tokens[:start], at_end=True), when, _trim(tokens[end:], at_end=False)
    return None


def _trim(tokens: list[str], *, at_end: bool) -> str:
    """The words beside a date phrase, without the little words that joined them to it."""
    while tokens and tokens[-1 if at_end else 0].lower().strip(",") in _JOINING:
        tokens = tokens[:-1] if at_end else tokens[1:]
    return " ".join(tokens).strip(" ,.")


def parse_date_phrase(phrase: str, today: date) -> date | None:
    """ "next friday", "in two weeks", "two weeks from today", "15 January", "12/18": numbers by hand, words by
    dateparser, imported only when a date is needed."""
    phrase = _FROM_TODAY.sub(lambda m: f"in {m.group(1)}", phrase.strip())
    if ordinal := _DAY_OF_MONTH.match(phrase):  # "the 3rd": the next 3rd, this month or the next (dateparser: this)
        return next_day_of_month(today, int(ordinal.group(1)))
    if numbers := _DAY_MONTH.match(phrase):
        first, second = int(numbers.group(1)), int(numbers.group(2))
        day, month = (second, first) if second > 12 else (first, second)
        return _next(today, month, day)
    return _read_by_dateparser(phrase, today, prefer="future")


def _read_by_dateparser(phrase: str, today: date, *, prefer: str) -> date | None:
    """A day in words, as dateparser reads it from today (day before month, English or Korean), the `prefer`
    reading ("future", "past") of one that could be either; dateparser is imported only when needed."""
    import dateparser

    base = datetime(today.year, today.month, today.day, 12)
    settings = {"PREFER_DATES_FROM": prefer, "RELATIVE_BASE": base, "DATE_ORDER": "DMY"}
    parsed = dateparser.parse(phrase, languages=["en", "ko"], settings=settings)
    return parsed.date() if parsed is not None else None


# "a week", "two days", "3 weeks", not "in two weeks" nor "two weeks from today", which are dates
_SHIFT = re.compile(
    r"(?<!\bin )\b(a|an|one|two|three|four|five|six|\d{1,3})\s+(days?|weeks?)\b(?!\s+from\b)", re.IGNORECASE
)
_SHIFT_CUE = re.compile(r"\b(?:later|earlier|back|forward|ahead|sooner|by|up|delay|postpone|push)\b", re.IGNORECASE)
_EARLIER = re.compile(r"\b(?:earlier|forward|ahead|sooner|up)\b", re.IGNORECASE)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def shift_in(text: str) -> int | None:
    """Days a date is moved by, not to: "push it back a week" +7, "two days later" +2, "bring it forward a
    week" −7; None when the words say no shift ("in two weeks" is a date)."""
    if not _SHIFT_CUE.search(text) or (found := _SHIFT.search(text)) is None:
        return None
    count, unit = found.group(1), found.group(2)
    days = (int(count) if count.isdigit() else _COUNTS[count.lower()]) * (7 if unit.lower().startswith("week") else 1)
    return -days if _EARLIER.search(text) else days


# "the 22nd" with no month said: a meeting moved "to the 22nd" keeps its own month
_AN_ORDINAL = re.compile(rf"\b{_ORDINAL}\b", re.IGNORECASE)
_A_MONTH_SAID = re.compile(
    rf"\b(?!may\s+(?:we|i|you)\b){MONTH}\b"
    r"|\d{1,2}[/.]\d{1,2}|\d{4}-\d{2}-\d{2}|\d+\s*월|\b(?:next|this|coming)\s+month\b",
    re.IGNORECASE,
)


def day_of_month_alone(text: str) -> int | None:
    """ "move it to the 22nd": a day of the month said with no month (a meeting's own month is meant, not today's:
    "move the SDD to the 20th" moved it from 15 March to 20 December)."""
    if _A_MONTH_SAID.search(text) or (found := _AN_ORDINAL.search(text)) is None:
        return None
    day = int(found.group(1))
    return day if 1 <= day <= 31 else None


def nearest_day_of_month(around: date, day: int) -> date | None:
    """That day of the month nearest `around`: in its month, the one before or the one after ("the 2nd" of a
    meeting on 30 January is 2 February)."""
    candidates = []
    for shift in (-1, 0, 1):
        year, month = divmod(around.year * 12 + around.month - 1 + shift, 12)
        try:
            candidates.append(date(year, month + 1, day))
        except ValueError:  # the 31st of a month of 30 days
            continue
    return min(candidates, key=lambda when: abs((when - around).days), default=None)


def next_day_of_month(today: date, day: int) -> date | None:
    """The next day of that number, today included, in the first month that has it ("the 3rd", 3일)."""
    year, month = today.year, today.month
    for _ in range(13):
        try:
            when = date(year, month, day)
        except ValueError:
            when = None
        if when is not None and when >= today:
            return when
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _next(today: date, month: int, day: int) -> date | None:
    """That day this year, or next year if it is past."""
    try:
        when = date(today.year, month, day)
        return when if when >= today else date(today.year + 1, month, day)
    except ValueError:
        return None


# when someone is back, said as a period ("back in March", "not back until next week", "back early Jan", 3월에 복귀
# glossed "March back"): dateparser reads a month alone as today's day of the month in it, so "back in March"
# ended an absence on 4 March, three days of prompts missed; the earliest day of the period is meant
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_PERIOD = (
    r"(?:(?:in|by|until|till|til|from)\s+)?(?:the\s+)?(?:(early|mid|late|end\s+of)[\s-]+)?"
    r"(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    + "|".join(_MONTHS)
    + r")\b\.?(?:\s+(\d{4})\b)?|(?:next|the\s+following|the\s+next)\s+(week|month|year)\b)"
)
_PERIOD_AFTER = re.compile(r"^\s*" + _PERIOD, re.IGNORECASE)
_PERIOD_ANYWHERE = re.compile(r"\b" + _PERIOD, re.IGNORECASE)
_PART_OF_MONTH = {"early": 1, "mid": 15, "late": 21, "end": 21}


def period_start(text: str, today: date, *, anywhere: bool = False) -> date | None:
    """The first day of the period `text` opens with ("in March" → 1 March, the next one from today; "next week"
    → its Monday; "mid-January" → the 15th), today if that day is past; with `anywhere`, a period anywhere in it
    (a Korean gloss puts it before the verb). None when no period is said."""
    found = (_PERIOD_ANYWHERE.search if anywhere else _PERIOD_AFTER.match)(text)
    if found is None:
        return None
    part, month_said, year, unit = found.groups()
    if unit is not None:
        unit = unit.lower()
        if unit == "week":
            return today + timedelta(days=7 - today.weekday())
        if unit == "month":
            return date(today.year + 1, 1, 1) if today.month == 12 else date(today.year, today.month + 1, 1)
        return date(today.year + 1, 1, 1)
    month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(month_said.lower()[:3]))
    day = _PART_OF_MONTH[part.split()[0].lower()] if part else 1
    if year is not None:
        return max(date(int(year), month, day), today)
    this_year = date(today.year, month, day)
    if month == today.month:
        return max(this_year, today)
    return this_year if this_year > today else date(today.year + 1, month, day)


# "since monday", "since 1 December": the day a look back starts from
_SINCE_PHRASE = re.compile(r"\bsince\s+([^,;!?]+)", re.IGNORECASE)
# "this week", "today", "in the last three days", "over the past two weeks": the look back said as a span
_RECENT_SPAN = re.compile(
    r"\b(?:(today)|(yesterday)|this\s+(week|month)|(?:in\s+|over\s+|during\s+)?(?:the\s+)?(?:last|past)\s+"
    r"(?:(a|an|one|two|three|four|five|six|\d{1,3})\s+)?(days?|weeks?|months?))\b",
    re.IGNORECASE,
)
_SPAN_DAYS = {"day": 1, "week": 7, "month": 30}
_DAY_BEFORE_SINCE = re.compile(r"\b((?:last|this|past)\s+\w+|yesterday|today|\d[\w/.-]*(?:\s+\w+)?)\s+since\b")


@lru_cache(maxsize=256)  # read by the plain reading, then again by the status builder: dateparser is slow
def since_in(text: str, today: date) -> date | None:
    """The first day of a look back: "since monday" (the last one), "since 1 December", "this week" (its
    Monday), "today", "in the last three days"; None when the words give none ("since the last dialogue" is a
    meeting, which the caller knows). Never after today."""
    if (said := _SINCE_PHRASE.search(text)) is not None:
        words = said.group(1).strip(" .").split()
        # "since monday in maritime": the longest run of words after "since" that reads as a day
        after = (day for end in range(len(words), 0, -1) if (day := _past(" ".join(words[:end]), today)))
        if (day := next(after, None)) is not None:
            return day
        # 지난주 이후 is read "last week since": Korean says the day first
        before = _DAY_BEFORE_SINCE.search(text)
        return _past(before.group(1), today) if before else None
    if (span := _RECENT_SPAN.search(text)) is None:
        return None
    now, yesterday, this, count, unit = span.groups()
    if now:
        return today
    if yesterday:
        return date.fromordinal(today.toordinal() - 1)
    if this:
        return date.fromordinal(today.toordinal() - today.weekday()) if this.lower() == "week" else today.replace(day=1)
    assert unit is not None
    number = 1 if count is None else int(count) if count.isdigit() else _COUNTS[count.lower()]
    return date.fromordinal(today.toordinal() - number * _SPAN_DAYS[unit.lower().rstrip("s")])


def _past(phrase: str, today: date) -> date | None:
    """A day said in words, read as the most recent one on or before today ("monday", "last week", "1 Dec")."""
    if re.search(r"\b(?:dialogue|meeting|summit|consultation|sdd|round|digest)s?\b", phrase, re.IGNORECASE):
        return None  # "since the last dialogue": a meeting's day, which the caller knows
    parsed = _read_by_dateparser(phrase, today, prefer="past")
    return parsed if parsed is not None and parsed <= today else None


# "from 20 dec to 5 jan", "between 20 December and 5 January", "20/12 - 5/1": an absence's first and last day
_RANGE = re.compile(
    r"\b(?:from|between)\s+(.+?)\s+(?:to|until|till|til|through|and|-|–)\s+([^,;!?]+)"
    # "20/12 - 5/1", "20 dec - 5 jan", "20-24 december" (the first day in the last one's month)
    r"|(\d{1,2}[/.]\d{1,2}|\d{1,2}\s+[a-z]{3,9}|\b\d{1,2})\s*[-–]\s*(\d{1,2}[/.]\d{1,2}|\d{1,2}\s+[a-z]{3,9})"
    # 12월 20일부터 1월 5일까지 is read "2026-12-20 2027-01-05": two days in a row, Korean's from and until
    r"|(\d{4}-\d{2}-\d{2})\s+(?:to\s+|until\s+|[-–]\s*)?(\d{4}-\d{2}-\d{2})",
    re.IGNORECASE,
)


# "I'm off next week": a week said as the span, not a day to be back by ("away until next week" is a day)
_A_WEEK = re.compile(r"^(?!.*\b(?:until|till|til|back)\b).*\b(this|next)\s+week\b", re.IGNORECASE)


def range_in(text: str, today: date) -> tuple[date, date] | None:
    """The first and last day of a span said with both ends, the first on or after today and the last not
    before it ("from 20 dec to 5 jan" across the new year), or said as a week ("next week": its Monday to its
    Sunday; "this week": today to Sunday); None unless both read as days."""
    if (week := _A_WEEK.search(text)) is not None:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=week[1].lower() == "next")
        return max(monday, today), monday + timedelta(days=6)
    found = _RANGE.search(text)
    if found is None:
        return None
    said = [g for g in found.groups() if g]
    first_said, last_said = said[0].strip(" ."), said[1].strip(" .")
    if _A_DAY_ALONE.fullmatch(first_said) and (month := _A_MONTH_ON.search(last_said)) is not None:
        # "from 5 to 8 january": the 5th of January, not of this month (5 Dec – 8 Jan was marked away)
        borrowed = _days_of(f"{first_said} {month[0]}", last_said, today)
        if borrowed is not None and borrowed[0].replace(day=1) == borrowed[1].replace(day=1):
            return borrowed  # within that month ("from 28 to 3 january" is from 28 December)
    return _days_of(first_said, last_said, today)


def _days_of(first_said: str, last_said: str, today: date) -> tuple[date, date] | None:
    first = parse_date_phrase(first_said, today)
    last = parse_date_phrase(last_said, first) if first else None
    if first is None or last is None or last < first:
        return None
    return first, last


_A_DAY_ALONE = re.compile(r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?", re.IGNORECASE)
# the month a span's last day names, and the year after it if any ("8 january 2027")
_A_MONTH_ON = re.compile(rf"\b{MONTH}\.?(?:\s+\d{{4}})?\s*$", re.IGNORECASE)
