"""Exactly once, never lost: every due prompt, reminder, digest and addendum is claimed by a unique
delivery row before it is sent, marked sent after, and retried when the send failed.

`run_due(now)` is idempotent: it may run on every tick, after a restart, or in two
processes at once against one PostgreSQL; the unique key lets only one claim win.
A digest due while the bot was down is sent late with a note if the meeting is
still ahead; nothing is sent for meetings that are over.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from bot.model import Reply
from bot.outbox import DeliveryError, Outboxes
from bot.planning import Due, MeetingSlot, Schedule, plan
from bot.runtime import Runtime
from bot.workgroup import Person
from handlers import rounds
from handlers.digest import addendum, build_digest
from handlers.meetings import meeting_title
from storage import repo
from storage.models import MeetingRow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(minutes=10)
LATE_AFTER = timedelta(hours=1)


@dataclass
class Report:
    """What one run did, for logs and tests."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


class Deliveries:
    def __init__(self, runtime: Runtime, outboxes: Outboxes, start_update: Callable[[Person, list[str]], Awaitable[Reply]]) -> None:
        self.runtime = runtime
        self.outboxes = outboxes
        self.start_update = start_update  # opens the lead's update conversation and returns its first question

    async def lead_timezones(self) -> dict[str, str]:
        """Each lead's timezone: the file's, else the platform profile's (cached), else the partnership's."""
        db = await self.runtime.database()
        async with db.session() as session:
            cached = await repo.profile_timezones(session)
        result = {}
        for person in self.runtime.workgroup.people:
            if not self.runtime.areas_led_by(person.id):
                continue
            result[person.id] = person.timezone or cached.get(person.id) or self.runtime.workgroup.partnership.timezone
        return result

    async def refresh_profile_timezones(self) -> None:
        """Ask the platforms for the timezone of leads the file gives none, and cache it."""
        db = await self.runtime.database()
        for person in self.runtime.workgroup.people:
            if person.timezone or not self.runtime.areas_led_by(person.id):
                continue
            timezone = await self.outboxes.profile_timezone(person)
            outbox = self.outboxes.for_person(person)
            if timezone and outbox is not None:
                user_id = str(person.slack if outbox.platform == "slack" else person.telegram)
                async with db.session() as session:
                    await repo.set_profile_timezone(session, outbox.platform, user_id, timezone)

    async def schedules(self) -> list[tuple[MeetingRow, Schedule]]:
        """The plan of every meeting that gets a round and is not over."""
        db = await self.runtime.database()
        today = self.runtime.today().date()
        async with db.session() as session:
            meetings = [m for m in await repo.meetings(session) if m.kind in self.runtime.workgroup.collection.kinds and m.date >= today]
        timezones = await self.lead_timezones()
        workgroup = self.runtime.workgroup
        return [
            (m, plan(MeetingSlot(m.id, m.date, m.updated_at), timezones, workgroup.collection, workgroup.digest, workgroup.partnership.timezone))
            for m in meetings
        ]

    async def run_due(self) -> Report:
        """Send what is due. Deliveries already done are known from one query per run, so a tick
        re-reading a past round costs no query per lead; the claims decide the rest."""
        now = self.runtime.clock.now()
        report = Report()
        schedules = await self.schedules()
        db = await self.runtime.database()
        async with db.session() as session:
            finished = await repo.finished_deliveries(session, [m.id for m, _ in schedules], max_attempts=MAX_ATTEMPTS)
            away = await repo.absent_on(session, self.runtime.today().date())
        run = _Run(now, report, finished, away)
        for meeting, schedule in schedules:
            due = [d for d in schedule.items if d.at <= now]
            latest_reminders = {d.person_id: d for d in due if d.kind == "reminder"}  # only the newest one per lead
            for item in due:
                if item.key in finished:
                    continue
                if item.kind == "prompt" and now < schedule.digest_at:
                    await self._prompt(item, meeting, schedule, run)
                elif item.kind == "reminder" and latest_reminders.get(item.person_id) is item and now < schedule.digest_at:
                    await self._reminder(item, meeting, schedule, run)
                elif item.kind == "digest":
                    await self._digest(item, meeting, run)
            await self._addenda(meeting, run)
        return report

    # --- one delivery ------------------------------------------------------------

    async def _claim(self, key: str, kind: str, meeting_id: str, recipient: str) -> bool:
        db = await self.runtime.database()
        now = self.runtime.clock.now()
        async with db.session() as session:
            if await repo.claim_delivery(session, key=key, kind=kind, meeting_id=meeting_id, recipient=recipient, at=now):
                return True
            return await repo.take_over_delivery(session, key=key, at=now, max_attempts=MAX_ATTEMPTS, stale_before=now - STALE_CLAIM)

    async def _send(self, key: str, send: Callable[[], Awaitable[None]], report: Report) -> None:
        """Send, then record the outcome: sent, or failed with the platform's reason (retried later)."""
        db = await self.runtime.database()
        error = None
        try:
            await send()
        except DeliveryError as failure:
            error = str(failure) or failure.__class__.__name__
            log.warning("delivery %s failed: %s (will retry)", key, error)
        async with db.session() as session:
            await repo.finish_delivery(session, key, self.runtime.clock.now(), error)
        (report.failed if error else report.sent).append(key)

    async def _missing_areas(self, person_id: str, since: datetime) -> list[str]:
        db = await self.runtime.database()
        async with db.session() as session:
            reported = await repo.areas_reported_by(session, person_id, since)
        return [t for t in self.runtime.areas_led_by(person_id) if self.runtime.area_ids.id(t) not in reported]

    async def _prompt(self, item: Due, meeting: MeetingRow, schedule: Schedule, run: _Run) -> None:
        person = self.runtime.person(item.person_id or "")
        if person is None or person.id in run.away:
            return
        areas = self.runtime.areas_led_by(person.id)
        if not areas or not await self._claim(item.key, "prompt", meeting.id, f"person:{person.id}"):
            return
        digest_day = schedule.digest_at.astimezone(self.runtime.timezone).date()

        async def send() -> None:
            first = await self.start_update(person, areas)
            await self.outboxes.send_direct(person, rounds.round_opening(meeting_title(self.runtime, meeting), meeting.date, meeting.place, digest_day, first))

        await self._send(item.key, send, run.report)

    async def _reminder(self, item: Due, meeting: MeetingRow, schedule: Schedule, run: _Run) -> None:
        person = self.runtime.person(item.person_id or "")
        if person is None or person.id in run.away:
            return
        missing = await self._missing_areas(person.id, schedule.round_opens)
        if not missing or not await self._claim(item.key, "reminder", meeting.id, f"person:{person.id}"):
            return
        tz = self.runtime.timezone
        digest_day = schedule.digest_at.astimezone(tz).date()
        days_left = (digest_day - run.now.astimezone(tz).date()).days
        message = rounds.reminder(meeting_title(self.runtime, meeting), missing, days_left, digest_day)
        await self._send(item.key, partial(self.outboxes.send_direct, person, message), run.report)

    async def _digest(self, item: Due, meeting: MeetingRow, run: _Run) -> None:
        late = run.now - item.at > LATE_AFTER
        note = rounds.late_digest_note(item.at.astimezone(self.runtime.timezone).date()) if late else None
        db = await self.runtime.database()
        digest: Reply | None = None
        for recipient, send in self._digest_recipients():
            key = f"{item.key}:{recipient}"
            if key in run.finished or not await self._claim(key, "digest", meeting.id, recipient):
                continue
            if digest is None:  # built once, for the first recipient that needs it
                async with db.session() as session:
                    digest = await build_digest(self.runtime, session, meeting, note=note)
            await self._send(key, partial(send, digest), run.report)

    def _digest_recipients(self) -> list[tuple[str, Callable[[Reply], Awaitable[None]]]]:
        """Every chair by direct message and every digest channel, each under its own delivery key."""
        recipients: list[tuple[str, Callable[[Reply], Awaitable[None]]]] = [
            (f"person:{chair.id}", partial(self.outboxes.send_direct, chair)) for chair in self.runtime.chairs()
        ]
        recipients += [
            (f"channel:{channel.platform}:{channel.id}", partial(self.outboxes.send_channel, channel))
            for channel in self.runtime.workgroup.digest.channels
        ]
        return recipients

    async def _addenda(self, meeting: MeetingRow, run: _Run) -> None:
        """Updates that arrived after the digest went out go to the same recipients before the meeting."""
        db = await self.runtime.database()
        async with db.session() as session:
            digest_sent = await repo.first_sent(session, f"digest:{meeting.id}:{meeting.date}:")
            if digest_sent is None:
                return
            late = await repo.updates_since(session, digest_sent)
        for row in late:
            message = addendum(self.runtime, meeting, self.runtime.area_ids.by_id(row.area_id).title, row)
            for recipient, send in self._digest_recipients():
                key = f"addendum:{meeting.id}:{row.id}:{recipient}"
                if key not in run.finished and await self._claim(key, "addendum", meeting.id, recipient):
                    await self._send(key, partial(send, message), run.report)


@dataclass(frozen=True)
class _Run:
    """What one run_due reads once and every delivery of the run consults."""

    now: datetime
    report: Report
    finished: set[str]  # delivery keys that need nothing more
    away: dict[str, date]  # who is away today
