"""Meetings → iCalendar (RFC 5545/5546) text: pure functions over plain values, no database, no network.

A meeting is an all-day event (the working-group file gives a day, not an hour). Its UID
never changes, so a calendar that accepted the invitation updates the same entry when the
meeting moves (a higher SEQUENCE) and removes it on METHOD:CANCEL, instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//partnerbot//meetings//EN"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


@dataclass(frozen=True)
class CalendarEntry:
    """One meeting as a calendar sees it. `sequence` counts the changes since it was added."""

    uid: str
    sequence: int
    title: str
    day: date
    place: str | None
    description: str
    cancelled: bool
    changed_at: datetime  # DTSTAMP: when this version of the entry was made
    organizer: Attendee | None = None
    attendees: tuple[Attendee, ...] = ()


def _address(person: Attendee, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    for name, value in params.items():
        address.params[name] = vText(value)
    return address


def event(entry: CalendarEntry) -> Event:
    item = Event()
    item.add("uid", entry.uid)
    item.add("sequence", entry.sequence)
    item.add("dtstamp", entry.changed_at)
    item.add("summary", entry.title)
    item.add("dtstart", entry.day)
    item.add("dtend", entry.day + timedelta(days=1))
    item.add("transp", "OPAQUE")
    item.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.place:
        item.add("location", entry.place)
    if entry.description:
        item.add("description", entry.description)
    if entry.organizer is not None:
        item.add("organizer", _address(entry.organizer))
    for attendee in entry.attendees:
        item.add("attendee", _address(attendee, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="FALSE"))
    return item


def calendar(entries: Sequence[CalendarEntry], method: Literal["REQUEST", "CANCEL"] | None = None) -> str:
    """A VCALENDAR of the entries; with a METHOD it is an invitation (or its cancellation) for e-mail,
    without one a file to import (`partnerbot meetings export --format ics`)."""
    document = Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    if method is not None:
        document.add("method", method)
    for entry in entries:
        document.add_component(event(entry))
    return document.to_ical().decode("utf-8")
