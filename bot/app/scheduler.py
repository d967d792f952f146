"""The scheduler: APScheduler 3 wakes the bot when something is due; a database lease (bot.app.lease)
makes sure only one process of the bot does so.

APScheduler 3.x cannot share a job store between processes, so each process
keeps its jobs in memory and only the lease holder runs them. Jobs are named by
meeting and kind (`sdd-2027:digest`, `sdd-2027:prompt:kim`), one for each meeting's
digest and for the next delivery of each lead, and re-planned on every tick and
whenever meetings change; every job just runs `run_due`, which is idempotent, so a
job firing twice or late does no harm. A tick every 30 s
re-reads the meetings (other processes may have changed them), retries failed
deliveries, expires stale conversations and, hourly, prunes old de-duplication claims.

The lease is renewed by its own job every 15 s, also while a long tick is sending,
and a standby process tries as often: with a 60-s lease, a holder that dies is
replaced within 75 s, and the new holder ticks at once.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.app.delivery import Deliveries, Plans
from bot.app.lease import Lease
from bot.app.outbox import DeliveryError, Outboxes
from bot.app.timeslice import SLICE_SECONDS, TimeSlice
from bot.conversation import ConversationEngine
from bot.delivery_keys import PromptKey, decode
from bot.planning import Due
from bot.runtime import Runtime
from storage import repo

log = logging.getLogger(__name__)
TICK_SECONDS = 30
LEASE_SECONDS = 15
# a stopping process waits this long for the tick under way (its sends are bounded well below it)
STOP_GRACE_SECONDS = 5
# De-duplication claims are kept this long (past any redelivery), and pruned this often.
CLAIMS_KEPT = timedelta(days=1)
PRUNE_EVERY = timedelta(hours=1)


def _job_id(meeting_id: str, item: Due) -> str:
    """`sdd-2027:prompt:kim`; reminders and snoozed prompts, of which a lead has several, carry their time too."""
    job_id = f"{meeting_id}:{item.kind}" + (f":{item.person_id}" if item.person_id else "")
    if item.kind == "reminder":
        return job_id + f":{item.at:%Y%m%d}"
    if isinstance(key := decode(item.key), PromptKey) and key.until is not None:
        return job_id + f":{item.at:%Y%m%dT%H%M}"
    return job_id


class Scheduler:
    def __init__(
        self,
        runtime: Runtime,
        outboxes: Outboxes,
        engine: ConversationEngine,
        *,
        slice_seconds: float = SLICE_SECONDS,
    ) -> None:
        from handlers.update import open_update

        self.runtime = runtime
        self._stop_listening: Callable[[], None] = lambda: None
        self.outboxes = outboxes
        self.engine = engine
        self.lease = Lease(runtime)
        self.deliveries = Deliveries(
            runtime,
            outboxes,
            lambda person, areas: open_update(
                runtime, engine, person, areas, platform="scheduler", channel="direct", ask_area=False
            ),
            self.lease,
            slice_seconds=slice_seconds,
        )
        self.slice_seconds = slice_seconds  # how long a tick's loops may hold the event loop between yields
        self.apscheduler = AsyncIOScheduler(timezone=timezone.utc)
        self._pruned: datetime | None = None
        self._ticking = asyncio.Lock()  # one tick at a time; stop() waits for the one under way
        self._profiles_read: date | None = None
        self._heap_settled = False

    async def start(self) -> None:
        """Start ticking; the first tick (right away) catches up on anything missed while the bot was down."""
        self.apscheduler.start()
        now = self.runtime.clock.now()
        self.apscheduler.add_job(
            self.renew,
            IntervalTrigger(seconds=LEASE_SECONDS),
            id="lease",
            replace_existing=True,
            next_run_time=now,
            max_instances=1,
            coalesce=True,
        )
        self.apscheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=TICK_SECONDS),
            id="tick",
            replace_existing=True,
            next_run_time=now,
            max_instances=1,
            coalesce=True,
        )
        self._stop_listening = self.runtime.on_meetings_changed(self.replan)

    async def stop(self) -> None:
        """No new ticks; let the one under way finish its sends (so none is left claimed), then give up the lease."""
        self._stop_listening()
        # APScheduler's asyncio executor cancels running jobs on shutdown, so pause it and wait first
        self.apscheduler.pause()
        try:
            await asyncio.wait_for(self._ticking.acquire(), timeout=STOP_GRACE_SECONDS)
        except TimeoutError:
            log.warning("a scheduler tick was still running after %d s; stopping anyway", STOP_GRACE_SECONDS)
        self.apscheduler.shutdown(wait=False)
        await self.lease.release()

    @property
    def leader(self) -> bool:
        return self.lease.generation is not None

    async def hold_lease(self) -> bool:
        return await self.lease.hold()

    async def renew(self) -> None:
        """Keep the lease (or take it when its holder has gone); a process that just took it ticks at once."""
        was_leader = self.leader
        try:
            held = await self.hold_lease()
        except Exception:
            log.exception("could not renew the scheduler lease; the next attempt retries")
            return
        if held and not was_leader and not self._ticking.locked() and self.apscheduler.get_job("tick") is not None:
            self.apscheduler.modify_job("tick", next_run_time=self.runtime.clock.now())

    async def tick(self) -> None:
        """Renew the lease; as leader, send what is due, plan the next wake-ups, expire conversations.

        A tick that finds another under way returns at once: run_due is idempotent and the one running
        (or the next interval tick) does the work.
        """
        if self._ticking.locked():
            return
        async with self._ticking:
            await self._tick()

    async def _tick(self) -> None:
        try:
            if not await self.hold_lease():
                return
            today = self.runtime.today().date()
            if self._profiles_read != today:  # profiles change rarely: once a day is enough
                await self.deliveries.refresh_profile_timezones()
                self._profiles_read = today
            schedules = await self.deliveries.schedules()  # planned once a tick: sending and re-planning share it
            report = await self.deliveries.run_due(schedules)
            if report.sent or report.failed:
                log.info(
                    "sent %d, failed %d: %s",
                    len(report.sent),
                    len(report.failed),
                    ", ".join(report.sent + report.failed),
                )
            await self.replan(schedules)
            await self.expire_conversations()
            await self.prune_inbound()
            self._settle_heap()
        except Exception:
            log.exception("scheduler tick failed; the next tick retries")

    def _settle_heap(self) -> None:
        """After the first tick, keep what it built for good (a job per lead, the round's conversations) out of
        the garbage collector's sight, as the start-up heap is: the first full collection otherwise walks all of
        it at once, holding the loop 35–50 ms at 500 leads. `gc.freeze()` moves objects without walking them."""
        if not self._heap_settled:
            gc.freeze()
            self._heap_settled = True

    async def replan(self, schedules: Plans | None = None) -> None:
        """A date job for each meeting's digest and for the next delivery of each of its leads, named by meeting
        and kind; jobs of cancelled meetings go.

        A lead's later deliveries get their job when the one before has been sent: every tick re-plans, so
        waking for the next one is enough, and at 500 leads the jobs of every future delivery (some 7,000,
        nearly all as they were) cost each tick 0.1 ms apiece to add and every full garbage collection their
        70,000 objects. Only what changed is touched, and the loops give the event loop back between slices.
        A meeting's listener calls it without schedules: they are planned anew.
        """
        if schedules is None:
            schedules = await self.deliveries.schedules()
        share = TimeSlice(self.slice_seconds).share
        now = self.runtime.clock.now()
        wanted: dict[str, datetime] = {}
        for meeting, schedule in schedules:
            woken: set[str] = set()  # leads whose next delivery has its job
            for item in schedule.items:  # in time order
                if item.at > now and (item.person_id is None or item.person_id not in woken):
                    wanted[_job_id(meeting.id, item)] = item.at
                    if item.person_id is not None:
                        woken.add(item.person_id)
                await share()
        planned: dict[str, datetime | None] = {}
        for job in self.apscheduler.get_jobs():
            if job.id in ("tick", "lease"):
                continue
            if job.id in wanted:
                planned[job.id] = getattr(job.trigger, "run_date", None)
            else:
                job.remove()
            await share()
        for job_id, at in wanted.items():
            if planned.get(job_id) != at:
                self.apscheduler.add_job(
                    self.tick, DateTrigger(run_date=at), id=job_id, replace_existing=True, misfire_grace_time=None
                )
            await share()

    async def prune_inbound(self) -> None:
        """Once an hour, the de-duplication claims older than a day go: Slack retries within minutes and
        Telegram keeps an update for 24 hours, so an older event can no longer come again."""
        now = self.runtime.clock.now()
        if self._pruned is not None and now - self._pruned < PRUNE_EVERY:
            return
        database = await self.runtime.database()
        async with database.session() as session:
            removed = await repo.prune_inbound(session, now - CLAIMS_KEPT)
        self._pruned = now
        if removed:
            log.info("pruned %d de-duplication claims older than %s", removed, CLAIMS_KEPT)

    async def expire_conversations(self) -> None:
        for person_id, notice in await self.engine.expire():
            person = self.runtime.person(person_id)
            if person is None:
                continue
            try:
                await self.outboxes.send_direct(person, notice)
            except DeliveryError as error:
                log.warning("could not tell %s their conversation expired: %s", person_id, error)
