"""When each prompt, reminder and digest of a meeting is due: a pure function of the meeting, the
leads' timezones and the settings, so it is tested without a scheduler or a clock.

Times are computed in each person's own timezone (prompts and reminders at the
configured hour, local) and returned in UTC. Keys name what is sent, to whom, and
for which meeting date: a moved meeting gets new reminder and digest keys, while a
lead is prompted once per meeting, and again at each instant they snoozed the prompt to
(`later`). A meeting added inside its round's window opens the round at each lead's
next prompt hour, never in their night.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from itertools import chain
from typing import Literal
from zoneinfo import ZoneInfo

from bot.delivery_keys import DigestKey, PromptKey, ReminderKey
from bot.workgroup import Collection, Digest, Person

Kind = Literal["prompt", "reminder", "digest"]


@dataclass(frozen=True)
class MeetingSlot:
    id: str
    date: date
    created_at: datetime  # when it was added or last moved: a late meeting opens its round then


@dataclass(frozen=True)
class Due:
    key: str
    kind: Kind
    meeting_id: str
    at: datetime  # UTC
    person_id: str | None = None


@dataclass(frozen=True)
class Schedule:
    round_opens: datetime
    digest_at: datetime
    meeting_starts: datetime  # the prompt hour of the meeting's day: a digest or addendum is no use after it
    items: tuple[Due, ...]


def lead_timezone(person: Person, profile_timezones: Mapping[str, str], partnership_tz: str) -> str:
    """A lead's timezone: the working-group file's, else the platform profile's (cached), else the partnership's."""
    return person.timezone or profile_timezones.get(person.id) or partnership_tz


@lru_cache(maxsize=8192)
def local(day: date, hour: int, tz: str) -> datetime:
    """`hour` o'clock on `day` in `tz`, in UTC. Cached: a plan asks it for the same few timezones and days once
    per lead, and a tick plans every meeting again."""
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(tz)).astimezone(timezone.utc)


def next_prompt_hour(after: datetime, hour: int, tz: str, *, earliest_day: date | None = None) -> datetime:
    """The first prompt hour, local to `tz`, at or after an instant (and not before `earliest_day` there):
    nobody is asked at 04:33 because a chair scheduled a meeting in the night."""
    day = after.astimezone(ZoneInfo(tz)).date()
    if earliest_day is not None:
        day = max(day, earliest_day)
    while (at := local(day, hour, tz)) < after:
        day += timedelta(days=1)
    return at


@dataclass(frozen=True)
class Round:
    """What one meeting's round is, before any lead: when it opens, when the digest goes, when the meeting
    starts. Its leads' deliveries are planned one lead at a time (`per_lead`), so a caller with hundreds of
    leads can give the event loop back between them; `plan` does it all at once."""

    meeting: MeetingSlot
    collection: Collection
    opened: datetime
    late: bool
    open_day: date
    digest_at: datetime
    meeting_starts: datetime

    @staticmethod
    def of(meeting: MeetingSlot, collection: Collection, digest: Digest, partnership_tz: str) -> Round:
        hour = collection.prompt_hour
        open_day = meeting.date - timedelta(days=collection.opens_days_before)
        nominal_open = local(open_day, hour, partnership_tz)
        meeting_start = local(meeting.date, hour, partnership_tz)
        late = meeting.created_at > nominal_open
        opened = meeting.created_at if late else nominal_open
        digest_at = local(meeting.date - timedelta(days=digest.days_before), hour, partnership_tz)
        if late:
            # a meeting added (or moved) inside its round's window: collect for half the time left,
            # at most the usual window
            usual = timedelta(days=collection.opens_days_before - digest.days_before)
            digest_at = max(digest_at, opened + min(usual, (meeting_start - opened) / 2))
        return Round(meeting, collection, opened, late, open_day, digest_at, meeting_start)

    def per_lead(
        self, lead_timezones: Mapping[str, str], snoozed: Mapping[str, Sequence[datetime]] | None = None
    ) -> Iterator[list[Due]]:
        """Each lead's deliveries, lead by lead in id order: the prompt (again at each instant the lead snoozed
        it to, while the round is open), then a reminder every few days until the digest."""
        meeting, collection, hour = self.meeting, self.collection, self.collection.prompt_hour
        for person_id, tz in sorted(lead_timezones.items()):
            if self.late:
                prompt_at = next_prompt_hour(meeting.created_at, hour, tz)
            else:
                prompt_at = local(self.open_day, hour, tz)
            items = [Due(PromptKey(meeting.id, person_id).encode(), "prompt", meeting.id, prompt_at, person_id)]
            asked_again = [u for u in (snoozed or {}).get(person_id, ()) if u > prompt_at]
            for until in asked_again:
                items.append(
                    Due(PromptKey(meeting.id, person_id, until).encode(), "prompt", meeting.id, until, person_id)
                )
            # a day the prompt is asked again has no reminder beside it: it asks the same, in the same hour
            asked_on = {until.astimezone(ZoneInfo(tz)).date() for until in asked_again}
            day = prompt_at.astimezone(ZoneInfo(tz)).date() + timedelta(days=collection.reminder_every_days)
            while (at := local(day, hour, tz)) < self.digest_at:
                if day not in asked_on:
                    items.append(
                        Due(ReminderKey(meeting.id, person_id, day).encode(), "reminder", meeting.id, at, person_id)
                    )
                day += timedelta(days=collection.reminder_every_days)
            yield items

    def schedule(self, lead_items: Iterable[Due]) -> Schedule:
        """The round's schedule from its leads' deliveries, with the digest, in time order."""
        items = [Due(DigestKey(self.meeting.id, self.meeting.date).encode(), "digest", self.meeting.id, self.digest_at)]
        items.extend(lead_items)
        # the round is open from the first prompt anywhere (09:00 in Seoul is before 09:00 in Brussels):
        # what is reported since counts
        first_prompt = min((d.at for d in items if d.kind == "prompt"), default=self.opened)
        return Schedule(
            round_opens=min(self.opened, first_prompt),
            digest_at=self.digest_at,
            meeting_starts=self.meeting_starts,
            items=tuple(sorted(items, key=lambda d: (d.at, d.key))),
        )


def plan(
    meeting: MeetingSlot,
    lead_timezones: dict[str, str],
    collection: Collection,
    digest: Digest,
    partnership_tz: str,
    snoozed: Mapping[str, Sequence[datetime]] | None = None,
) -> Schedule:
    """Every delivery of one meeting's round: a prompt per lead (again at each instant the lead snoozed
    it to), reminders, and the digest. A late round opens at each lead's next prompt hour."""
    round_ = Round.of(meeting, collection, digest, partnership_tz)
    return round_.schedule(chain.from_iterable(round_.per_lead(lead_timezones, snoozed)))
