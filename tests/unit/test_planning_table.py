"""The planner's arithmetic pinned by tables: on-time and late rounds, boundaries of each comparison,
and the lead's timezone (never the host's: every test here runs with the host clock far from UTC)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.delivery_keys import DigestKey, PromptKey
from bot.planning import (
    Due,
    MeetingSlot,
    lead_timezone,
    local,
    next_prompt_hour,
    plan,
)
from bot.workgroup import Collection, Digest, Person

BRUSSELS = "Europe/Brussels"
SEOUL = "Asia/Seoul"
MEETING_DAY = date(2027, 3, 15)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=timezone.utc)


@pytest.fixture(autouse=True, params=["Pacific/Kiritimati", "Pacific/Honolulu"])
def host_timezone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The host's clock 14 hours ahead of UTC, then 10 behind: a date taken in the host's zone shows."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def slot(created_at: datetime, day: date = MEETING_DAY) -> MeetingSlot:
    return MeetingSlot("sdd-2027", day, created_at)


def test_keys_name_what_is_sent_to_whom_and_when() -> None:
    assert DigestKey("sdd-2027", MEETING_DAY).encode() == "digest:sdd-2027:2027-03-15"
    snoozed = PromptKey("sdd-2027", "park", utc(2027, 3, 1, 7, 5, 59)).encode()
    assert snoozed == "prompt:sdd-2027:park:2027-03-01T07:05"


@pytest.mark.parametrize(
    ("person_tz", "profiles", "expected"),
    [
        ("Asia/Seoul", {"park": "America/New_York"}, "Asia/Seoul"),  # the working-group file wins
        (None, {"park": "America/New_York"}, "America/New_York"),  # then the platform profile
        (None, {"kim": "America/New_York"}, BRUSSELS),  # someone else's profile is not theirs
        (None, {}, BRUSSELS),  # else the partnership's
        (None, {"park": ""}, BRUSSELS),  # an empty profile timezone is none
    ],
)
def test_lead_timezone_order(person_tz: str | None, profiles: dict[str, str], expected: str) -> None:
    person = Person(id="park", name="Park", timezone=person_tz)
    assert lead_timezone(person, profiles, BRUSSELS) == expected


@pytest.mark.parametrize(
    ("day", "hour", "tz", "expected"),
    [
        (date(2027, 3, 1), 9, BRUSSELS, utc(2027, 3, 1, 8)),  # winter: UTC+1
        (date(2027, 7, 1), 9, BRUSSELS, utc(2027, 7, 1, 7)),  # summer: UTC+2
        (date(2027, 3, 1), 9, SEOUL, utc(2027, 3, 1, 0)),
        (date(2027, 3, 1), 0, SEOUL, utc(2027, 2, 28, 15)),  # the day before in UTC
    ],
)
def test_local_is_the_hour_in_that_zone_returned_in_utc(day: date, hour: int, tz: str, expected: datetime) -> None:
    at = local(day, hour, tz)
    assert at == expected
    assert at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("after", "hour", "tz", "earliest_day", "expected"),
    [
        (utc(2027, 3, 1, 8), 9, BRUSSELS, None, utc(2027, 3, 1, 8)),  # exactly the hour: that hour
        (utc(2027, 3, 1, 8, 0, 0, 1), 9, BRUSSELS, None, utc(2027, 3, 2, 8)),  # a moment after: tomorrow
        (utc(2027, 3, 1, 7, 59), 9, BRUSSELS, None, utc(2027, 3, 1, 8)),
        (utc(2027, 3, 1, 10, 30), 12, BRUSSELS, None, utc(2027, 3, 1, 11)),  # the lead's date, not the host's
        (utc(2027, 3, 1, 23, 30), 9, SEOUL, None, utc(2027, 3, 2, 0)),  # already 3 March in Seoul
        (utc(2027, 3, 1, 7), 9, BRUSSELS, date(2027, 3, 4), utc(2027, 3, 4, 8)),  # not before the earliest day
        (utc(2027, 3, 1, 7), 9, BRUSSELS, date(2027, 2, 20), utc(2027, 3, 1, 8)),  # an earlier one changes nothing
        (utc(2027, 3, 1, 7), 9, BRUSSELS, date(2027, 3, 1), utc(2027, 3, 1, 8)),
    ],
)
def test_next_prompt_hour(after: datetime, hour: int, tz: str, earliest_day: date | None, expected: datetime) -> None:
    assert next_prompt_hour(after, hour, tz, earliest_day=earliest_day) == expected


def items(schedule_items: tuple[Due, ...]) -> list[tuple[str, str, datetime, str | None]]:
    return [(d.key, d.kind, d.at, d.person_id) for d in schedule_items]


def test_on_time_round_every_delivery() -> None:
    schedule = plan(
        slot(utc(2027, 1, 1)),
        {"park": BRUSSELS, "kim": SEOUL},
        Collection(opens_days_before=21, reminder_every_days=4, prompt_hour=9),
        Digest(days_before=7),
        BRUSSELS,
    )
    # the round opens at the first prompt anywhere: 09:00 in Seoul, before the partnership's 09:00
    assert schedule.round_opens == utc(2027, 2, 22, 0)
    assert schedule.digest_at == utc(2027, 3, 8, 8)
    assert schedule.meeting_starts == utc(2027, 3, 15, 8)
    assert all(d.meeting_id == "sdd-2027" for d in schedule.items)
    assert items(schedule.items) == [
        ("prompt:sdd-2027:kim", "prompt", utc(2027, 2, 22, 0), "kim"),
        ("prompt:sdd-2027:park", "prompt", utc(2027, 2, 22, 8), "park"),
        ("reminder:sdd-2027:kim:2027-02-26", "reminder", utc(2027, 2, 26, 0), "kim"),
        ("reminder:sdd-2027:park:2027-02-26", "reminder", utc(2027, 2, 26, 8), "park"),
        ("reminder:sdd-2027:kim:2027-03-02", "reminder", utc(2027, 3, 2, 0), "kim"),
        ("reminder:sdd-2027:park:2027-03-02", "reminder", utc(2027, 3, 2, 8), "park"),
        ("reminder:sdd-2027:kim:2027-03-06", "reminder", utc(2027, 3, 6, 0), "kim"),
        ("reminder:sdd-2027:park:2027-03-06", "reminder", utc(2027, 3, 6, 8), "park"),
        ("digest:sdd-2027:2027-03-15", "digest", utc(2027, 3, 8, 8), None),
    ]


def test_no_leads_the_round_opens_at_the_partnership_hour() -> None:
    schedule = plan(slot(utc(2027, 1, 1)), {}, Collection(), Digest(), BRUSSELS)
    assert schedule.round_opens == utc(2027, 2, 22, 8)
    assert items(schedule.items) == [("digest:sdd-2027:2027-03-15", "digest", utc(2027, 3, 8, 8), None)]


def test_round_opens_at_nominal_time_when_every_lead_is_later() -> None:
    schedule = plan(slot(utc(2027, 1, 1)), {"ana": "America/New_York"}, Collection(), Digest(), BRUSSELS)
    assert schedule.round_opens == utc(2027, 2, 22, 8)  # New York's 09:00 is 14:00 UTC


def test_a_reminder_due_exactly_at_digest_time_is_not_sent() -> None:
    schedule = plan(
        slot(utc(2027, 1, 1)),
        {"park": BRUSSELS},
        Collection(opens_days_before=21, reminder_every_days=7, prompt_hour=9),
        Digest(days_before=7),
        BRUSSELS,
    )
    assert schedule.digest_at == utc(2027, 3, 8, 8)
    assert [d.key for d in schedule.items if d.kind == "reminder"] == ["reminder:sdd-2027:park:2027-03-01"]


def test_reminders_follow_the_lead_s_date_at_a_late_hour() -> None:
    """20:00 in Brussels is the next morning on a host 14 hours ahead: the reminder days are Brussels days."""
    schedule = plan(
        slot(utc(2027, 1, 1)),
        {"park": BRUSSELS},
        Collection(opens_days_before=10, reminder_every_days=3, prompt_hour=20),
        Digest(days_before=3),
        BRUSSELS,
    )
    assert items(schedule.items) == [
        ("prompt:sdd-2027:park", "prompt", utc(2027, 3, 5, 19), "park"),
        ("reminder:sdd-2027:park:2027-03-08", "reminder", utc(2027, 3, 8, 19), "park"),
        ("reminder:sdd-2027:park:2027-03-11", "reminder", utc(2027, 3, 11, 19), "park"),
        ("digest:sdd-2027:2027-03-15", "digest", utc(2027, 3, 12, 19), None),
    ]


def test_late_round_collects_for_half_the_time_left() -> None:
    created = utc(2027, 3, 1, 15, 30)
    schedule = plan(
        slot(created),
        {"park": BRUSSELS, "kim": SEOUL},
        Collection(opens_days_before=21, reminder_every_days=4, prompt_hour=9),
        Digest(days_before=7),
        BRUSSELS,
    )
    # half of the 13 days 16.5 hours left, later than the usual digest time
    assert schedule.digest_at == created + (utc(2027, 3, 15, 8) - created) / 2 == utc(2027, 3, 8, 11, 45)
    assert schedule.round_opens == created
    assert items(schedule.items) == [
        ("prompt:sdd-2027:kim", "prompt", utc(2027, 3, 2, 0), "kim"),  # nobody is asked in their night
        ("prompt:sdd-2027:park", "prompt", utc(2027, 3, 2, 8), "park"),
        ("reminder:sdd-2027:kim:2027-03-06", "reminder", utc(2027, 3, 6, 0), "kim"),
        ("reminder:sdd-2027:park:2027-03-06", "reminder", utc(2027, 3, 6, 8), "park"),
        ("digest:sdd-2027:2027-03-15", "digest", utc(2027, 3, 8, 11, 45), None),
    ]


def test_late_round_collects_at_most_the_usual_window() -> None:
    created = utc(2027, 2, 22, 9)  # an hour after the nominal opening; the usual window is 7 days
    schedule = plan(
        slot(created),
        {"park": BRUSSELS},
        Collection(opens_days_before=21, reminder_every_days=30, prompt_hour=9),
        Digest(days_before=14),
        BRUSSELS,
    )
    assert schedule.digest_at == created + timedelta(days=7) == utc(2027, 3, 1, 9)
    assert schedule.round_opens == created
    assert [d.at for d in schedule.items if d.kind == "prompt"] == [utc(2027, 2, 23, 8)]


def test_late_round_never_moves_the_digest_earlier() -> None:
    created = utc(2027, 2, 22, 9)  # half the time left (10.5 days) is before the usual digest (14 days on)
    schedule = plan(slot(created), {}, Collection(opens_days_before=21), Digest(days_before=7), BRUSSELS)
    assert schedule.digest_at == utc(2027, 3, 8, 8)
    assert schedule.round_opens == created


@pytest.mark.parametrize(
    ("created", "late"),
    [
        (utc(2027, 2, 22, 7, 59), False),
        (utc(2027, 2, 22, 8), False),  # exactly at the opening: on time
        (utc(2027, 2, 22, 8, 0, 1), True),
    ],
)
def test_late_begins_after_the_nominal_opening(created: datetime, late: bool) -> None:
    schedule = plan(slot(created), {"kim": SEOUL}, Collection(), Digest(), BRUSSELS)
    prompt = next(d.at for d in schedule.items if d.kind == "prompt")
    # on time, Seoul is asked at its own 09:00 on the opening day (00:00 UTC); late, at its next 09:00
    assert prompt == (utc(2027, 2, 23, 0) if late else utc(2027, 2, 22, 0))
    assert schedule.round_opens == (created if late else utc(2027, 2, 22, 0))


def test_snoozed_prompts_only_while_the_round_is_open() -> None:
    first = utc(2027, 2, 22, 8)
    schedule = plan(
        slot(utc(2027, 1, 1)),
        {"park": BRUSSELS},
        Collection(reminder_every_days=30),
        Digest(),
        BRUSSELS,
        snoozed={
            "park": [first - timedelta(hours=1), first, first + timedelta(hours=3)],
            "kim": [first + timedelta(hours=5)],  # not a lead of this round
        },
    )
    assert items(schedule.items) == [
        ("prompt:sdd-2027:park", "prompt", first, "park"),
        ("prompt:sdd-2027:park:2027-02-22T11:00", "prompt", utc(2027, 2, 22, 11), "park"),
        ("digest:sdd-2027:2027-03-15", "digest", utc(2027, 3, 8, 8), None),
    ]
    assert {d.meeting_id for d in schedule.items} == {"sdd-2027"}


def test_a_day_the_prompt_is_asked_again_has_no_reminder_beside_it() -> None:
    """Snoozed to a reminder's day ("I'll send it on friday"), the lead got the prompt and the reminder in the same
    minute; the other reminders stay."""
    friday = utc(2027, 2, 26, 8)  # 09:00 in Brussels, the first reminder's day (every four days)
    schedule = plan(
        slot(utc(2027, 1, 1)), {"park": BRUSSELS}, Collection(), Digest(), BRUSSELS, snoozed={"park": [friday]}
    )
    reminders = [d.at for d in schedule.items if d.kind == "reminder"]
    assert friday not in reminders
    assert reminders == [utc(2027, 3, 2, 8), utc(2027, 3, 6, 8)]
    assert ("prompt:sdd-2027:park:2027-02-26T08:00", "prompt", friday, "park") in items(schedule.items)


def test_same_instant_items_are_ordered_by_key() -> None:
    schedule = plan(
        slot(utc(2027, 1, 1)),
        {"zoe": BRUSSELS, "ana": BRUSSELS},
        Collection(reminder_every_days=30),
        Digest(),
        BRUSSELS,
    )
    assert [d.key for d in schedule.items] == [
        "prompt:sdd-2027:ana",
        "prompt:sdd-2027:zoe",
        "digest:sdd-2027:2027-03-15",
    ]
