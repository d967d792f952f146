"""Exactly once, never lost: every due prompt, reminder, digest, addendum, blocked-area alert and meeting
invitation is claimed by a unique delivery row before it is sent, marked sent after, and retried when the send
failed. E-mail is a channel of its own (Target.email): a chair with a chat id and an address gets two
deliveries, one per channel.

`run_due()` is idempotent: it may run on every tick, after a restart, or in two
processes at once against one PostgreSQL; the unique key lets only one claim win,
and the lease's generation (see bot.app.lease) lets only the current holder claim.
A digest due while the bot was down is sent late with a note if the meeting is
still ahead; nothing is sent for meetings that are over.

A failed send is retried with growing spacing (1, 5, 15, 60 minutes, then hourly,
or later if the platform asked to wait longer) for as long as it is of use: a
prompt or reminder until the digest goes out, a digest or addendum until the
meeting starts. After the last useful attempt the admins are told, by direct
message and in the log at ERROR; `partnerbot deliveries` lists the failures and
`partnerbot deliveries retry` makes them due again.

A claim whose sender stopped between sending and recording (a crash, a database
outage) is taken over once stale; before sending it again the platform is asked
whether the message is already there (Slack carries the delivery key in the
message's metadata). Where the platform cannot tell, the copy is sent and the
doubt is recorded on the row and in the log: never two copies without a trace.

Times: the lease and the claims are timed on the database's clock (who holds the
lease, which claim is stale); when something is due, retried or sent is the
process's clock, the same one the schedule is planned on.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from bot.app.lease import Lease
from bot.app.outbox import DeliveryError, Outboxes
from bot.app.timeslice import SLICE_SECONDS, TimeSlice
from bot.delivery_keys import (
    AddendumKey,
    AlertKey,
    BlockedKey,
    DigestKey,
    InviteKey,
    Recipient,
    ResendKey,
    Via,
    decode,
    prefix,
)
from bot.model import Letter, Reply
from bot.planning import Due, MeetingSlot, Round, Schedule, lead_timezone, local
from bot.render.ical import Attendee
from bot.runtime import Runtime
from bot.workgroup import Channel, Person, Role
from handlers import rounds
from handlers.blockers import blocked_alert
from handlers.digest import addendum, build_digest
from handlers.mail import digest_subject, invitation
from handlers.meetings import meeting_title
from handlers.update import unfinished_update
from storage import repo
from storage.models import DeliveryRow, MeetingRow, UpdateRow

log = logging.getLogger(__name__)
STALE_CLAIM = timedelta(minutes=10)
LATE_AFTER = timedelta(hours=1)
# blocked updates looked at for alerts: a scheduler down longer leaves them to the digest
ALERT_LOOKBACK = timedelta(days=3)
ALERT_USEFUL_WITHOUT_MEETING = timedelta(days=3)
# the wait before each retry: the first after a minute, then longer, then every hour
RETRY_SPACING = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
# every meeting that gets a round and is not over, with its plan
Plans = list[tuple[MeetingRow, Schedule]]


def next_attempt(attempts: int, failed_at: datetime, retry_after: float | None = None) -> datetime:
    """When to try again after the `attempts`-th failure; never sooner than the platform asked."""
    wait = RETRY_SPACING[min(attempts, len(RETRY_SPACING)) - 1]
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=retry_after))
    return failed_at + wait


@dataclass
class Report:
    """What one run did, for logs and tests."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    given_up: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """Who a delivery goes to and how, with the label stored on the row (`person:park`, `email:park`)."""

    recipient: Recipient
    to: Person | Channel

    @property
    def via(self) -> Via:
        return self.recipient.via

    @property
    def label(self) -> str:
        """The recipient as stored on the delivery row."""
        return self.recipient.encode()

    @staticmethod
    def person(person: Person) -> Target:
        return Target(Recipient(Via.DIRECT, person.id), person)

    @staticmethod
    def channel(channel: Channel) -> Target:
        return Target(Recipient(Via.CHANNEL, f"{channel.platform}:{channel.id}"), channel)

    @staticmethod
    def email(person: Person) -> Target:
        return Target(Recipient(Via.EMAIL, person.id), person)


@dataclass(frozen=True)
class _Claim:
    """A delivery this process may send now, and what it needs to record the outcome."""

    key: str
    kind: str
    meeting_id: str | None  # None: of no one meeting (an alert that an area is blocked)
    target: Target
    useful_until: datetime  # no retry is planned at or after this
    in_doubt: bool  # taken over from a sender that stopped midway: it may already have gone out


class Deliveries:
    def __init__(
        self,
        runtime: Runtime,
        outboxes: Outboxes,
        start_update: Callable[[Person, list[str]], Awaitable[Reply]],
        lease: Lease,
        *,
        slice_seconds: float = SLICE_SECONDS,
    ) -> None:
        self.runtime = runtime
        self.slice_seconds = slice_seconds  # how long planning may hold the event loop between yields
        self.outboxes = outboxes
        self.start_update = start_update  # opens the lead's update conversation and returns its first question
        self.lease = lease  # held by the scheduler; claims are refused without it

    async def lead_timezones(self) -> dict[str, str]:
        """Each lead's timezone: the file's, else the platform profile's (cached), else the partnership's."""
        db = await self.runtime.database()
        async with db.session() as session:
            cached = await repo.profile_timezones(session)
        result = {}
        for person in self.runtime.workgroup.people:
            if not self.runtime.areas_led_by(person.id):
                continue
            result[person.id] = lead_timezone(person, cached, self.runtime.workgroup.partnership.timezone)
        return result

    async def refresh_profile_timezones(self) -> None:
        """Ask the platforms for the timezone of leads the file gives none, and cache it."""
        db = await self.runtime.database()
        for person in self.runtime.workgroup.people:
            if person.timezone or not self.runtime.areas_led_by(person.id):
                continue
            timezone = await self.outboxes.profile_timezone(person)
            outbox = self.outboxes.for_person(person)
            user_id = person.identity(outbox.platform) if outbox is not None else None
            if timezone and outbox is not None and user_id is not None:
                async with db.session() as session:
                    await repo.set_profile_timezone(session, outbox.platform, user_id, timezone)

    async def schedules(self) -> Plans:
        """The plan of every meeting that gets a round and is not over, computed lead by lead and giving the
        event loop back between slices: at hundreds of leads, one meeting's plan takes tens of milliseconds."""
        db = await self.runtime.database()
        today = self.runtime.today().date()
        async with db.session() as session:
            meetings = [
                m
                for m in await repo.meetings(session)
                if m.kind in self.runtime.workgroup.collection.kinds and m.date >= today
            ]
            snoozed = await repo.snoozes(session, [m.id for m in meetings])
        timezones = await self.lead_timezones()
        workgroup = self.runtime.workgroup
        share = TimeSlice(self.slice_seconds).share
        plans: Plans = []
        for m in meetings:
            round_ = Round.of(
                MeetingSlot(m.id, m.date, m.updated_at),
                workgroup.collection,
                workgroup.digest,
                workgroup.partnership.timezone,
            )
            items: list[Due] = []
            for lead_items in round_.per_lead(timezones, snoozed.get(m.id)):
                items += lead_items
                await share()
            plans.append((m, round_.schedule(items)))
            await share()
        return plans

    async def run_due(self, schedules: Plans | None = None) -> Report:
        """Send what is due. Deliveries that need nothing now are known from one query per run, so a tick
        re-reading a past round costs no query per lead; the claims decide the rest. A tick passes the
        schedules it has planned (it re-plans its jobs from the same ones)."""
        now = self.runtime.clock.now()
        report = Report()
        if schedules is None:
            schedules = await self.schedules()
        share = TimeSlice(self.slice_seconds).share
        db = await self.runtime.database()
        async with db.session() as session:
            finished = await repo.finished_deliveries(session, [m.id for m, _ in schedules], now)
            away = await repo.absent_on(session, self.runtime.today().date())
            declined = {m.id: set(await repo.declined(session, m.id)) for m, _ in schedules}
        run = _Run(now, report, finished, away, declined)
        for meeting, schedule in schedules:
            due = [d for d in schedule.items if d.at <= now]
            latest_reminders = {d.person_id: d for d in due if d.kind == "reminder"}  # only the newest one per lead
            for item in due:
                await share()
                if item.key in finished:
                    continue
                if item.kind == "prompt" and now < schedule.digest_at:
                    await self._prompt(item, meeting, schedule, run)
                elif (
                    item.kind == "reminder"
                    and latest_reminders.get(item.person_id) is item
                    and now < schedule.digest_at
                ):
                    await self._reminder(item, meeting, schedule, run)
                elif item.kind == "digest":
                    await self._digest(item, meeting, schedule, run)
            await self._addenda(meeting, schedule, run)
        if self.outboxes.mail is not None:
            await self._invitations(run)
        if self.runtime.workgroup.alerts.blocked:
            await self._blocked_alerts(schedules, run)
        return report

    async def _invitations(self, run: _Run) -> None:
        """Every upcoming meeting, of any kind, as a calendar invitation to the chairs and leads with an
        address: when it is first seen, again when it changes (a new SEQUENCE, a new key), and its
        cancellation to those who had it. `invite:MEETING:SEQUENCE:email:PERSON`, each its own delivery."""
        mail = self.outboxes.mail
        assert mail is not None
        today = self.runtime.today().date()
        db = await self.runtime.database()
        async with db.session() as session:
            meetings = [m for m in await repo.meetings(session, include_cancelled=True) if m.date >= today]
            sequences = await repo.meeting_sequences(session)
            finished = await repo.finished_deliveries(session, [m.id for m in meetings], run.now)
            # (meeting, recipient) of every invitation sent: invite:MEETING:SEQUENCE:email:PERSON
            invited = {
                (sent.meeting_id, sent.recipient)
                for row in await repo.deliveries_of(session, prefix(InviteKey))
                if row.status == "sent" and isinstance(sent := decode(row.key), InviteKey)
            }
        organizer = Attendee(mail.sender.display_name or self.runtime.workgroup.partnership.name, mail.sender.addr_spec)
        people = [p for p in self.runtime.workgroup.people if p.email and {Role.CHAIR, Role.LEAD} & set(p.roles)]
        workgroup = self.runtime.workgroup
        for meeting in meetings:
            sequence = sequences.get(meeting.id, 0)
            starts = local(meeting.date, workgroup.collection.prompt_hour, workgroup.partnership.timezone)
            for person in people:
                target = Target.email(person)
                key = InviteKey(meeting.id, sequence, target.recipient).encode()
                if key in finished or (meeting.cancelled and (meeting.id, target.recipient) not in invited):
                    continue
                claim = await self._claim(key, "invite", meeting.id, target, starts)
                if claim is not None:
                    letter = invitation(self.runtime, meeting, sequence, key=key, organizer=organizer, to=person)
                    await self._send(claim, partial(self.outboxes.send_mail, person, letter), run.report)

    # --- one delivery ------------------------------------------------------------

    async def _claim(
        self, key: str, kind: str, meeting_id: str | None, target: Target, useful_until: datetime
    ) -> _Claim | None:
        """The delivery is this process's to send: a new claim, a due retry, or a stale claim taken over."""
        fence = self.lease.fence
        if fence is None:
            return None
        db = await self.runtime.database()
        async with db.session() as session:
            if await repo.claim_delivery(
                session, key=key, kind=kind, meeting_id=meeting_id, recipient=target.label, fence=fence
            ):
                return _Claim(key, kind, meeting_id, target, useful_until, in_doubt=False)
            why = await repo.take_over_delivery(
                session, key=key, fence=fence, now=self.runtime.clock.now(), stale_after=STALE_CLAIM
            )
        if why is None:
            return None
        return _Claim(key, kind, meeting_id, target, useful_until, in_doubt=why is repo.Takeover.IN_DOUBT)

    async def _send(self, claim: _Claim, send: Callable[[], Awaitable[None]], report: Report) -> None:
        """Send, then record the outcome: sent, failed and due again later, or given up (the admins are told)."""
        doubt = None
        if claim.in_doubt:
            found = await self._already_delivered(claim.target, claim.key)
            if found:
                log.warning(
                    "delivery %s: its sender stopped before recording it, and it is already there; not sent again",
                    claim.key,
                )
                await self._record(
                    claim,
                    report,
                    error=None,
                    doubt="found already delivered after its sender stopped midway; not sent again",
                )
                return
            if found is None:
                doubt = (
                    "its sender stopped between claiming and recording it, and the platform cannot tell whether "
                    "it went out: this may be a second copy"
                )
                if claim.target.via is Via.EMAIL:
                    doubt += " (with the same Message-ID, so mail clients can tell)"
                log.warning("delivery %s: %s", claim.key, doubt)
        error = None
        retry_after = None
        permanent = False
        try:
            await send()
        except DeliveryError as failure:
            error = str(failure) or failure.__class__.__name__
            retry_after, permanent = failure.retry_after, failure.permanent
        await self._record(claim, report, error=error, doubt=doubt, retry_after=retry_after, permanent=permanent)

    async def _already_delivered(self, target: Target, key: str) -> bool | None:
        if target.via is Via.EMAIL:
            assert isinstance(target.to, Person)
            return await self.outboxes.mail_already_delivered(target.to, key)
        return await self.outboxes.already_delivered(target.to, key)

    async def _record(
        self,
        claim: _Claim,
        report: Report,
        *,
        error: str | None,
        doubt: str | None = None,
        retry_after: float | None = None,
        permanent: bool = False,
    ) -> None:
        """A permanent failure is given up at once: retrying cannot change the platform's answer."""
        fence = self.lease.fence
        assert fence is not None  # a claim is only made while holding the lease
        db = await self.runtime.database()
        now = self.runtime.clock.now()
        async with db.session() as session:
            row = await repo.delivery(session, claim.key)
            attempts = (row.attempts if row is not None else 0) + 1
            retry = next_attempt(attempts, now, retry_after) if error else None
            if retry is not None and (permanent or retry >= claim.useful_until):
                retry = None
            recorded = await repo.finish_delivery(
                session, claim.key, fence=fence, at=now, error=error, next_attempt_at=retry, doubt=doubt
            )
        if not recorded:
            log.error(
                "delivery %s: another scheduler took it over while it was being sent (%s); "
                "a copy may have gone out twice",
                claim.key,
                error or "sent",
            )
        if error is None:
            report.sent.append(claim.key)
        elif retry is not None:
            log.warning(
                "delivery %s failed (attempt %d): %s; next attempt at %s",
                claim.key,
                attempts,
                error,
                f"{retry:%Y-%m-%d %H:%M} UTC",
            )
            report.failed.append(claim.key)
        else:
            why = "refused for good" if permanent else f"no attempt left before {claim.useful_until:%Y-%m-%d %H:%M} UTC"
            log.error("delivery %s failed (attempt %d): %s; %s: given up", claim.key, attempts, error, why)
            report.given_up.append(claim.key)
            if claim.kind not in ("alert", "resend"):  # a resend's admin is the one who asked, and is told
                await self._alert_admins(claim, attempts, error)

    async def _alert_admins(self, claim: _Claim, attempts: int, error: str) -> None:
        """Each admin hears once (its own claimed delivery) that a delivery was given up; an alert is never retried."""
        db = await self.runtime.database()
        async with db.session() as session:
            row = await repo.delivery(session, claim.key)
        message = rounds.delivery_given_up(
            claim.kind, claim.target.label, attempts, error, row.id if row is not None else None
        )
        for admin in [p for p in self.runtime.workgroup.people if Role.ADMIN in p.roles]:
            target = Target.person(admin)
            alert = await self._claim(
                AlertKey(decode(claim.key), target.recipient).encode(),
                "alert",
                claim.meeting_id,
                target,
                useful_until=self.runtime.clock.now(),
            )
            if alert is not None:
                await self._send(alert, partial(self.outboxes.send_direct, admin, message, key=alert.key), Report())

    async def _missing_areas(self, person_id: str, since: datetime) -> list[str]:
        db = await self.runtime.database()
        async with db.session() as session:
            reported = await repo.areas_reported_by(session, person_id, since)
        return [t for t in self.runtime.areas_led_by(person_id) if self.runtime.area_ids.id(t) not in reported]

    async def _prompt(self, item: Due, meeting: MeetingRow, schedule: Schedule, run: _Run) -> None:
        """The round's prompt (again, at a time the lead snoozed it to), about the areas not yet reported in the
        round."""
        person = self.runtime.person(item.person_id or "")
        if person is None or not run.asks(meeting.id, person.id):
            return
        areas = await self._missing_areas(person.id, schedule.round_opens)
        if not areas:
            return
        claim = await self._claim(item.key, "prompt", meeting.id, Target.person(person), schedule.digest_at)
        if claim is None:
            return
        digest_day = schedule.digest_at.astimezone(self.runtime.timezone).date()

        async def send() -> None:
            first = await self.start_update(person, areas)
            opening = rounds.round_opening(
                meeting_title(self.runtime, meeting), meeting.date, meeting.place, digest_day, first
            )
            await self.outboxes.send_direct(person, opening, key=item.key)

        await self._send(claim, send, run.report)

    async def _reminder(self, item: Due, meeting: MeetingRow, schedule: Schedule, run: _Run) -> None:
        person = self.runtime.person(item.person_id or "")
        if person is None or not run.asks(meeting.id, person.id):
            return
        missing = await self._missing_areas(person.id, schedule.round_opens)
        if not missing:
            return
        db = await self.runtime.database()
        async with db.session() as session:
            started = await unfinished_update(self.runtime, session, person.id)
        claim = await self._claim(item.key, "reminder", meeting.id, Target.person(person), schedule.digest_at)
        if claim is None:
            return
        tz = self.runtime.timezone
        digest_day = schedule.digest_at.astimezone(tz).date()
        days_left = (digest_day - run.now.astimezone(tz).date()).days
        message = rounds.reminder(meeting_title(self.runtime, meeting), missing, days_left, digest_day, started)
        await self._send(claim, partial(self.outboxes.send_direct, person, message, key=item.key), run.report)

    async def _digest(self, item: Due, meeting: MeetingRow, schedule: Schedule, run: _Run) -> None:
        late = run.now - item.at > LATE_AFTER
        note = rounds.late_digest_note(item.at.astimezone(self.runtime.timezone).date()) if late else None
        db = await self.runtime.database()
        digest: Reply | None = None
        for target in self._digest_targets():
            key = DigestKey(meeting.id, meeting.date, target.recipient).encode()
            if key in run.finished:
                continue
            claim = await self._claim(key, "digest", meeting.id, target, schedule.meeting_starts)
            if claim is None:
                continue
            if digest is None:  # built once, for the first recipient that needs it
                # read only: on SQLite the write turn would hold every claim and chat context of the
                # process for the build (a tenth of a second at 150 areas)
                async with db.read_session() as session:
                    digest = await build_digest(self.runtime, session, meeting, note=note)
            letter = partial(Letter, key=key, subject=digest_subject(self.runtime, meeting), reply=digest)
            await self._send(claim, partial(self._deliver, target, digest, key, letter), run.report)

    async def send_copy(self, meeting: MeetingRow, person: Person) -> DeliveryRow:
        """An admin's copy of a meeting's digest to one person by e-mail (`partnerbot digest send`): its own
        delivery (`resend:MEETING:DATE:email:PERSON:TIME`), claimed and recorded like the others but tried
        once, the outcome said to the admin rather than retried. Not a `digest:` key, so the addenda still
        count from the digest the scheduler sent."""
        now = self.runtime.clock.now()
        target = Target.email(person)
        key = ResendKey(meeting.id, meeting.date, target.recipient, now).encode()
        claim = await self._claim(key, "resend", meeting.id, target, useful_until=now)
        if claim is None:
            raise LookupError(f"{key} is already being sent")
        db = await self.runtime.database()
        async with db.read_session() as session:
            digest = await build_digest(self.runtime, session, meeting)
        letter = partial(Letter, key=key, subject=digest_subject(self.runtime, meeting), reply=digest)
        await self._send(claim, partial(self._deliver, target, digest, key, letter), Report())
        async with db.session() as session:
            row = await repo.delivery(session, key)
        assert row is not None
        return row

    def _digest_targets(self) -> list[Target]:
        """Every chair by direct message, every digest channel, and, where e-mail is set up (and the file's
        `digest.email` does not turn it off), every chair with an address: each under its own delivery key."""
        chairs = self.runtime.chairs()
        targets = [Target.person(chair) for chair in chairs] + [
            Target.channel(c) for c in self.runtime.workgroup.digest.channels
        ]
        if self.outboxes.mail is not None and self.runtime.workgroup.digest.email:
            targets += [Target.email(chair) for chair in chairs if chair.email]
        return targets

    async def _deliver(self, target: Target, reply: Reply, key: str, letter: Callable[[], Letter]) -> None:
        """`letter` makes what e-mail sends (the same reply with a subject and threading); chat sends `reply`."""
        match target.via, target.to:
            case Via.EMAIL, Person():
                await self.outboxes.send_mail(target.to, letter())
            case Via.DIRECT, Person():
                await self.outboxes.send_direct(target.to, reply, key=key)
            case Via.CHANNEL, Channel():
                await self.outboxes.send_channel(target.to, reply, key=key)
            case _:
                raise AssertionError(f"{target.label} cannot be reached {target.via}")

    async def _addenda(self, meeting: MeetingRow, schedule: Schedule, run: _Run) -> None:
        """Updates that arrived after the digest went out go to the same recipients before the meeting: one
        addendum per recipient per run, listing every update it has not had yet.

        A batch's key names the first and last update it covers (`addendum:MEETING:RECIPIENT:FIRST-LAST`),
        so a failed batch is retried with the same updates and the next batch starts after the last one.
        """
        db = await self.runtime.database()
        async with db.session() as session:
            digest_sent = await repo.first_sent(session, DigestKey(meeting.id, meeting.date).recipients_prefix())
            if digest_sent is None:
                return
            late = await repo.updates_since(session, digest_sent)
            if not late:
                return
            batches = await repo.deliveries_of(session, AddendumKey.recipients_prefix(meeting.id))
        for target in self._digest_targets():
            covered, waiting = 0, False
            for batch, first, last in _batches_to(batches, target.recipient):
                covered = max(covered, last)
                if batch.status == "sent" or (batch.status == "failed" and batch.next_attempt_at is None):
                    continue
                waiting = True  # the next batch waits for this one, so the recipient reads them in order
                if batch.key not in run.finished:  # due again, or stale: the same updates again
                    await self._addendum(
                        batch.key, meeting, schedule, target, [r for r in late if first <= r.id <= last], run
                    )
            new = [row for row in late if row.id > covered]
            if new and not waiting:
                key = AddendumKey(meeting.id, target.recipient, new[0].id, new[-1].id).encode()
                await self._addendum(key, meeting, schedule, target, new, run)

    async def _addendum(
        self, key: str, meeting: MeetingRow, schedule: Schedule, target: Target, rows: list[UpdateRow], run: _Run
    ) -> None:
        if not rows:
            return
        claim = await self._claim(key, "addendum", meeting.id, target, schedule.meeting_starts)
        if claim is not None:
            message = addendum(
                self.runtime, meeting, [(self.runtime.area_ids.by_id(row.area_id).title, row) for row in rows]
            )
            # by e-mail, an answer to that recipient's digest: threaded under it by its derived Message-ID
            letter = partial(
                Letter,
                key=key,
                subject=digest_subject(self.runtime, meeting, answer=True),
                reply=message,
                thread_key=DigestKey(meeting.id, meeting.date, target.recipient).encode(),
            )
            await self._send(claim, partial(self._deliver, target, message, key, letter), run.report)

    async def _blocked_alerts(self, schedules: Plans, run: _Run) -> None:
        """An area that becomes blocked (its update is blocked, the one before it was not) is told to the
        chairs and digest channels at once, one alert per update and recipient, of use until the digest
        that will show it or, after that digest, the meeting."""
        db = await self.runtime.database()
        async with db.session() as session:
            blocked = [
                (row, before)
                for row, before in await repo.blocked_updates_since(session, run.now - ALERT_LOOKBACK)
                if before != "blocked"
            ]
            if not blocked:
                return
            done = await repo.finished_deliveries(session, None, run.now, key_prefix=prefix(BlockedKey))
        for row, before in blocked:
            useful_until = _alert_useful_until(row.created_at, [schedule for _, schedule in schedules])
            if useful_until <= run.now:
                continue
            title = self.runtime.area_ids.by_id(row.area_id).title
            message = blocked_alert(self.runtime, title, row.person_id, row.blockers, row.created_at, before)
            # by e-mail, threaded under the digest it follows, when one has gone out for the meeting ahead
            gone_out = [m for m, s in schedules if s.digest_at <= row.created_at < s.meeting_starts]
            for target in self._digest_targets():
                key = BlockedKey(row.id, target.recipient).encode()
                if key in done:
                    continue
                claim = await self._claim(key, "blocked", None, target, useful_until)
                if claim is not None:
                    thread = (
                        DigestKey(gone_out[0].id, gone_out[0].date, target.recipient).encode() if gone_out else None
                    )
                    letter = partial(Letter, key=key, subject=f"Blocked: {title}", reply=message, thread_key=thread)
                    await self._send(claim, partial(self._deliver, target, message, key, letter), run.report)


def _alert_useful_until(raised: datetime, schedules: list[Schedule]) -> datetime:
    """The first digest after the update (it shows the area blocked), else the first meeting after it (a
    digest already gone out); without either, a few days."""
    after = [s.digest_at if s.digest_at > raised else s.meeting_starts for s in schedules if s.meeting_starts > raised]
    return min(after, default=raised + ALERT_USEFUL_WITHOUT_MEETING)


def _batches_to(batches: list[DeliveryRow], recipient: Recipient) -> list[tuple[DeliveryRow, int, int]]:
    """A recipient's addendum batches, each with the first and last update id it covers (from its key)."""
    keys = [(batch, decode(batch.key)) for batch in batches]
    return [(b, k.first, k.last) for b, k in keys if isinstance(k, AddendumKey) and k.recipient == recipient]


@dataclass(frozen=True)
class _Run:
    """What one run_due reads once and every delivery of the run consults."""

    now: datetime
    report: Report
    finished: set[str]  # delivery keys that need nothing now
    away: dict[str, date]  # who is away today
    declined: dict[str, set[str]]  # per meeting, who declined its round: no more prompts nor reminders

    def asks(self, meeting_id: str, person_id: str) -> bool:
        """Whether a lead is still to be prompted or reminded for a meeting's round."""
        return person_id not in self.away and person_id not in self.declined.get(meeting_id, set())
