"""How a tick is built, not how fast it runs (timings are for bench/tick_bench.py): the meetings are planned
once a tick, its long loops give the event loop back, and only each lead's next delivery gets a job."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.app.delivery import Plans
from bot.app.dispatcher import Dispatcher
from bot.app.outbox import Outboxes, RecordingOutbox
from bot.app.scheduler import Scheduler
from bot.app.timeslice import TimeSlice
from bot.clock import FakeClock
from bot.runtime import Runtime


@pytest.fixture
async def scheduler(runtime: Runtime, dispatcher: Dispatcher) -> AsyncIterator[Scheduler]:
    """A scheduler whose slices are empty: its loops yield at every step. Its jobs are planned, never fired."""
    await runtime.database()
    scheduler = Scheduler(runtime, Outboxes([RecordingOutbox()]), dispatcher.engine, slice_seconds=0)
    scheduler.apscheduler.start(paused=True)
    yield scheduler
    scheduler.apscheduler.shutdown(wait=False)


async def test_a_tick_plans_the_meetings_once(scheduler: Scheduler, clock: FakeClock) -> None:
    """Sending and re-planning share the tick's schedules: each plan is a pass over every lead of every meeting."""
    clock.set(datetime(2027, 2, 22, 8, 30, tzinfo=UTC))  # the round is open: the tick sends and re-plans
    plan = scheduler.deliveries.schedules
    planned: list[Plans] = []

    async def counted() -> Plans:
        planned.append(await plan())
        return planned[-1]

    scheduler.deliveries.schedules = counted  # type: ignore[method-assign]
    await scheduler.tick()
    assert len(planned) == 1
    assert any(job.id.startswith("sdd-2027:reminder:") for job in scheduler.apscheduler.get_jobs())


async def test_replanning_gives_the_loop_back_between_steps(scheduler: Scheduler) -> None:
    """With the schedules given, re-planning reads nothing: every turn the loop gets comes from its slices."""
    schedules = await scheduler.deliveries.schedules()
    items = sum(len(schedule.items) for _, schedule in schedules)
    turns = 0

    async def other_work() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    other = asyncio.create_task(other_work())
    await asyncio.sleep(0)
    start = turns
    await scheduler.replan(schedules)
    other.cancel()
    assert items > 20 and turns - start >= items


async def test_a_time_slice_yields_once_used_up() -> None:
    empty, long = TimeSlice(0), TimeSlice(3600)
    for _ in range(5):
        await empty.share()
        await long.share()
    assert (empty.yields, long.yields) == (5, 0)


async def test_each_lead_has_a_job_for_their_next_delivery_only(scheduler: Scheduler, clock: FakeClock) -> None:
    """Kim's round prompt, then her reminders: one job at a time, the next planned once the one before is past."""

    def kims_jobs() -> dict[str, datetime]:
        jobs = {job.id: job.trigger.run_date for job in scheduler.apscheduler.get_jobs()}
        assert "sdd-2027:digest" in jobs
        return {job: at for job, at in jobs.items() if job.startswith("sdd-2027:") and job.split(":")[2:3] == ["kim"]}

    await scheduler.replan()
    assert kims_jobs() == {"sdd-2027:prompt:kim": datetime(2027, 2, 22, 0, 0, tzinfo=UTC)}
    clock.set(datetime(2027, 2, 22, 0, 30, tzinfo=UTC))  # Kim's prompt (09:00 in Seoul) is past
    await scheduler.replan()
    assert kims_jobs() == {"sdd-2027:reminder:kim:20270226": datetime(2027, 2, 26, 0, 0, tzinfo=UTC)}


async def test_the_first_tick_moves_what_it_built_out_of_the_collector_s_sight_once(
    scheduler: Scheduler, clock: FakeClock
) -> None:
    """The first full collection would otherwise walk every job and conversation the first tick made at once."""
    clock.set(datetime(2027, 2, 22, 8, 30, tzinfo=UTC))
    gc.unfreeze()
    try:
        await scheduler.tick()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        await scheduler.tick()
        assert gc.get_freeze_count() <= frozen  # once: later ticks' objects are collected as usual
    finally:
        gc.unfreeze()
