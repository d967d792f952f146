"""Benchmark: building the chairs' digest for the upcoming Dialogue on a realistic database.

Times what `digest_for` does: open a session, read the meeting, `build_digest(runtime,
session, meeting)`. The database holds 20,000 updates (--updates N) over two years from 30 leads
in 15 areas (--areas 150: 300 leads), about half of them since the previous Dialogue (see bench/_seed.py).
Prints figures; it asserts nothing. Run from the repository root:
    python bench/digest_bench.py [--postgres [URL]] [--runs 50] [--updates 200000] [--areas 150]
Target (issue 15): p99 < 100 ms up to 200,000 updates, < 300 ms at 1,000,000 (15 areas);
< 200 ms at 200,000 updates with 150 areas.
"""

from __future__ import annotations

import asyncio

# first: _seed puts the repository root on sys.path for the imports below
from _seed import (
    BUNDLED_AREAS,
    UPCOMING_MEETING,
    Timings,
    arguments,
    backends,
    machine,
    seeded_runtime,
    table,
    timed,
    verdicts,
)

from bot.model import Reply
from bot.render.text import render_text
from bot.runtime import Runtime
from handlers.digest import build_digest
from storage import repo


def target_ms(updates: int, areas: int) -> float:
    if areas > BUNDLED_AREAS:
        return 200.0
    return 100.0 if updates <= 200_000 else 300.0


WARMUP = 3


async def digest_once(runtime: Runtime) -> Reply:
    db = await runtime.database()
    async with db.read_session() as session:  # as the product builds it
        meeting = await repo.meeting(session, UPCOMING_MEETING[0])
        assert meeting is not None
        return await build_digest(runtime, session, meeting)


async def measure(backend: str, admin_url: str | None, runs: int, updates: int, areas: int) -> list[Timings]:
    async with seeded_runtime(backend, admin_url, updates, areas) as (runtime, seeded):
        print(seeded.describe(), flush=True)
        return await digest_timings(runtime, backend, runs)


async def digest_timings(runtime: Runtime, backend: str, runs: int) -> list[Timings]:
    """The digest on a seeded runtime (bench/growth_bench.py seeds once for both benchmarks)."""
    reply = await digest_once(runtime)
    rendered = render_text(reply)
    print(
        f"{backend}: digest for {UPCOMING_MEETING[0]}: {len(reply.blocks)} blocks, "
        f"{len(rendered):,} characters as text",
        flush=True,
    )
    for _ in range(WARMUP):
        await digest_once(runtime)
    return [await timed(backend, f"digest {UPCOMING_MEETING[0]}", runs, lambda n: digest_once(runtime))]


def main() -> None:
    args = arguments(__doc__.splitlines()[0], default_runs=50, minimum_runs=30)
    print(machine())
    rows: list[Timings] = []
    for backend in backends(args):
        rows += asyncio.run(measure(backend, args.postgres, args.runs, args.updates, args.areas))
    print(machine())
    print()
    print(table(rows, (50, 99, 100)))
    print()
    print(verdicts(rows, 99, target_ms(args.updates, args.areas)))


if __name__ == "__main__":
    main()
