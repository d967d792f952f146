"""How the bot writes dates and ages: "12 Mar 2027", "3 days ago"."""

from __future__ import annotations

from datetime import date, datetime


def day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def age(then: datetime, now: datetime) -> str:
    days = (now - then).days
    if days <= 0:
        hours = int((now - then).total_seconds() // 3600)
        return "just now" if hours <= 0 else f"{hours} h ago"
    return "yesterday" if days == 1 else f"{days} days ago"


def days_to_go(meeting: date, today: date) -> str:
    delta = (meeting - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"
