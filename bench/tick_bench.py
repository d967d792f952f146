"""Benchmark: the scheduler's tick as the working group grows, and how long it holds the event loop.

For each size (areas = people: 15, 150, 500 by default) it writes a synthetic working group
(bench/_big_workgroup.py: one Dialogue's round open, three more meetings ahead), opens a fresh
database (SQLite, and PostgreSQL with --postgres), and runs real `Scheduler.tick()`s under a held
lease with a recording outbox: the first tick sends every prompt due, the next ones find nothing new
to send and re-plan (the tick every 30 s of a running bot). How long the loop was held, three ways:
the longest single callback the loop ran (wall, and CPU of the loop's thread, which a busy shared
machine does not inflate), how late a probe task sleeping 1 ms at a time woke (also what the machine
gave other processes: the idle loop's lateness is printed for comparison), and the longest garbage
collection (which runs inside whatever callback allocated last). Prints figures; it asserts nothing.
Run from the repository root:
    python bench/tick_bench.py [--sizes 15 150 500] [--ticks 5] [--postgres [URL]]
Targets at 500 areas / 500 people: < 1 s of work per tick, never more than 20 ms of the loop at a time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import sys
import tempfile
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from _big_workgroup import NOW, write_workgroup  # noqa: E402

from bot.app.dispatcher import Dispatcher  # noqa: E402
from bot.app.outbox import Outboxes, RecordingOutbox  # noqa: E402
from bot.app.scheduler import LEASE_SECONDS, Scheduler  # noqa: E402
from bot.app.service import settle_heap  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.postgres import throwaway_database  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:55433/postgres"
TARGET_WORK_S = 1.0
TARGET_HOLD_MS = 20.0
PROBE_S = 0.001
KNOWN_FOR = timedelta(days=30)


class LoopProbe:
    """A task that sleeps 1 ms at a time: how late it wakes is how long something else held the loop."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            asked = loop.time()
            await asyncio.sleep(PROBE_S)
            self.worst = max(self.worst, loop.time() - asked - PROBE_S)

    def __enter__(self) -> LoopProbe:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


class GcTimer:
    """The longest pause of Python's garbage collector: a full collection walks every object made since
    start-up (settle_heap froze those before), and runs inside whatever callback allocated last."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._start = 0.0

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.worst = max(self.worst, time.perf_counter() - self._start)

    def __enter__(self) -> GcTimer:
        gc.callbacks.append(self._note)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._note)


class CallbackTimer:
    """The longest single callback the loop ran (wall, and CPU of the loop's thread): the probe's lateness
    also counts time the machine gave to other processes, which a shared machine makes large; this does not."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0
        self._run = asyncio.events.Handle._run

    def __enter__(self) -> CallbackTimer:
        run, timer = self._run, self

        def timed(handle: asyncio.events.Handle) -> None:
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                run(handle)
            finally:
                timer.wall = max(timer.wall, time.perf_counter() - wall)
                timer.cpu = max(timer.cpu, time.thread_time() - cpu)

        asyncio.events.Handle._run = timed  # type: ignore[method-assign,assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.events.Handle._run = self._run  # type: ignore[method-assign]


@dataclass
class Tick:
    wall_s: float
    cpu_s: float
    hold_ms: float  # the probe's worst lateness
    callback_ms: float  # the longest callback, wall
    callback_cpu_ms: float  # the longest callback, CPU of the loop's thread
    gc_ms: float  # the longest garbage collection, wall
    sent: int


async def one_tick(scheduler: Scheduler, outbox: RecordingOutbox) -> Tick:
    await asyncio.sleep(0.01)  # the probe is running before the tick starts
    with LoopProbe() as probe:
        await asyncio.sleep(0.005)
        cpu, start = time.process_time(), time.perf_counter()
        with CallbackTimer() as callbacks, GcTimer() as collections:
            await scheduler.tick()
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        await asyncio.sleep(0.005)
    sent = len(outbox.direct) + len(outbox.channels)
    # a chat platform keeps what it was sent, the bot does not: kept here, it would be garbage collection's work
    for kept in (outbox.direct, outbox.channels, outbox.keys):
        kept.clear()
    return Tick(
        wall, cpu, probe.worst * 1000, callbacks.wall * 1000, callbacks.cpu * 1000, collections.worst * 1000, sent
    )


async def measure(backend: str, admin_url: str | None, size: int, ticks: int) -> tuple[str, list[Tick]]:
    with tempfile.TemporaryDirectory(prefix="pb-tick-") as tmp:
        folder = Path(tmp)
        group = write_workgroup(folder, size, size)
        database: AbstractContextManager[str]
        if backend == "sqlite":
            database = nullcontext(f"sqlite+aiosqlite:///{folder / 'bench.db'}")
        else:
            assert admin_url is not None
            database = throwaway_database(admin_url, prefix="pb_tick")
        with database as url:
            clock = FakeClock(NOW - KNOWN_FOR)
            runtime = Runtime.load(Settings(config=group.config, database_url=url, document=["bundled"]), clock)
            try:
                await runtime.database()  # the meetings are known for a month: the Dialogue's round opened on time
                clock.set(NOW)
                outbox = RecordingOutbox()
                scheduler = Scheduler(runtime, Outboxes([outbox]), Dispatcher(runtime).engine)
                settle_heap()  # as `partnerbot run` does before serving
                scheduler.apscheduler.start(paused=True)  # jobs are planned, never fired: the bench ticks itself
                renewer = asyncio.create_task(renewing(scheduler))
                try:
                    results = [await one_tick(scheduler, outbox) for _ in range(ticks)]
                finally:
                    renewer.cancel()
                    scheduler.apscheduler.shutdown(wait=False)
                    await scheduler.lease.release()
            finally:
                await runtime.close()
    return f"{backend}: {group.describe()}", results


async def idle_lateness(seconds: float = 2.0) -> float:
    """The probe's worst lateness with nothing else on the loop: what the machine alone costs."""
    with LoopProbe() as probe:
        await asyncio.sleep(seconds)
    return probe.worst


async def renewing(scheduler: Scheduler) -> None:
    """The lease's own job, as `partnerbot run` has it: a tick sending hundreds of prompts outlasts the lease."""
    while True:
        await asyncio.sleep(LEASE_SECONDS)
        await scheduler.renew()


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def machine() -> str:
    load = " · load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    return f"python {platform.python_version()}, {os.cpu_count()} cpus, {platform.machine()}{load}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[15, 150, 500], help="areas (= people) per run")
    parser.add_argument("--ticks", type=int, default=5, help="ticks per size: the first sends, the rest re-plan")
    parser.add_argument("--postgres", metavar="URL", nargs="?", const=DEFAULT_POSTGRES, default=None)
    args = parser.parse_args()
    if args.ticks < 2:
        parser.error("--ticks must be at least 2 (the first sends, the next ones are the steady state)")
    print(machine())
    idle = asyncio.run(idle_lateness()) * 1000
    backends = ["sqlite"] + (["postgresql"] if args.postgres else [])
    head = (
        f"{'data':<56} {'tick':>6} {'sent':>5} {'wall s':>8} {'cpu s':>7} {'probe late ms':>14}"
        f" {'callback ms':>12} {'callback cpu ms':>16} {'gc max ms':>10}"
    )
    lines = [head, "-" * len(head)]
    verdicts = []
    for backend in backends:
        for size in args.sizes:
            label, results = asyncio.run(measure(backend, args.postgres, size, args.ticks))
            print(label, flush=True)
            steady = results[1:]
            for name, tick in [("first", results[0])] + [(f"#{n}", t) for n, t in enumerate(steady, start=2)]:
                lines.append(
                    f"{label:<56} {name:>6} {tick.sent:>5} {tick.wall_s:>8.3f} {tick.cpu_s:>7.3f} {tick.hold_ms:>14.1f}"
                    f" {tick.callback_ms:>12.1f} {tick.callback_cpu_ms:>16.1f} {tick.gc_ms:>10.1f}"
                )
            work = max(t.wall_s for t in steady)
            held = max(t.callback_ms for t in results)
            held_cpu = max(t.callback_cpu_ms for t in results)
            late = max(t.hold_ms for t in results)
            verdicts.append(
                f"{label}: steady tick work max {work:.3f} s (target < {TARGET_WORK_S:g} s: "
                f"{met(work < TARGET_WORK_S)}); first tick {results[0].wall_s:.3f} s "
                f"sending {results[0].sent}; over all ticks the loop was held at most {held:.1f} ms wall, "
                f"{held_cpu:.1f} ms CPU (target <= {TARGET_HOLD_MS:g} ms: "
                f"wall {met(held <= TARGET_HOLD_MS)}, CPU {met(held_cpu <= TARGET_HOLD_MS)}); "
                f"probe woke at most {late:.1f} ms late (idle loop: {idle:.1f} ms)"
            )
    print(machine())
    print()
    print("\n".join(lines))
    print()
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
