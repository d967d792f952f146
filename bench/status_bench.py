"""Benchmark: in-process latency of the status answers on a realistic database.

`answer_area_status(runtime, "<area>")` (rotating over areas named by keyword,
acronym, alias and short title) and `answer_overview(runtime)` ("status" alone),
on 20,000 updates (--updates N) over two years from 30 leads in 15 areas (--areas 150: 300 leads;
see bench/_seed.py). Prints figures; it asserts nothing. Run from the repository root:
    python bench/status_bench.py [--postgres [URL]] [--runs 300] [--updates 200000] [--areas 150]
Target (issue 15): p99 < 10 ms for each up to 200,000 updates, < 25 ms at 1,000,000.
"""

from __future__ import annotations

import asyncio

# first: _seed puts the repository root on sys.path for the imports below
from _seed import (
    BUNDLED_AREAS,
    Timings,
    arguments,
    backends,
    machine,
    seeded_runtime,
    table,
    timed,
    verdicts,
)

from bot.runtime import Runtime
from handlers.status import answer_area_status, answer_overview


def target_ms(updates: int) -> float:
    return 10.0 if updates <= 200_000 else 25.0


# every one resolves to exactly one area (checked before timing)
QUERIES = [
    "maritime",
    "cyber",
    "space dialogue",
    "FIMI",
    "hybrid",
    "WPS",
    "non-proliferation",
    "crisis management",
    "naval cooperation",
    "Counterterrorism",
    "critical infrastructure",
    "economic security",
    "peace mediation",
    "human trafficking",
    "training and education",
    "defence initiatives",
]
WARMUP = 30


def queries(runtime: Runtime) -> list[str]:
    """The words above for the bundled text's 15 areas; with more areas (where "cyber" names ten), the short
    titles of every ninth area."""
    areas = runtime.knowledge.library.areas
    return QUERIES if len(areas) == BUNDLED_AREAS else [a.short_title for a in areas[::9]]


async def measure(backend: str, admin_url: str | None, runs: int, updates: int, areas: int) -> list[Timings]:
    async with seeded_runtime(backend, admin_url, updates, areas) as (runtime, seeded):
        print(seeded.describe(), flush=True)
        return await status_timings(runtime, backend, runs)


async def status_timings(runtime: Runtime, backend: str, runs: int) -> list[Timings]:
    """`status of X` and `status` on a seeded runtime (bench/growth_bench.py seeds once for both benchmarks)."""
    asked = queries(runtime)
    for query in asked:
        reply = await answer_area_status(runtime, query)
        if reply.intent != "status":
            raise SystemExit(f"query {query!r} does not name one area (intent {reply.intent})")
    for n in range(WARMUP):
        await answer_area_status(runtime, asked[n % len(asked)])
        await answer_overview(runtime)
    area = await timed(
        backend,
        f"area status ({len(asked)} queries)",
        runs,
        lambda n: answer_area_status(runtime, asked[n % len(asked)]),
    )
    overview = await timed(backend, 'overview ("status")', runs, lambda n: answer_overview(runtime))
    return [area, overview]


def main() -> None:
    args = arguments(__doc__.splitlines()[0], default_runs=300, minimum_runs=200)
    print(machine())
    rows: list[Timings] = []
    for backend in backends(args):
        rows += asyncio.run(measure(backend, args.postgres, args.runs, args.updates, args.areas))
    print(machine())
    print()
    print(table(rows, (50, 95, 99, 100)))
    print()
    print(verdicts(rows, 99, target_ms(args.updates)))


if __name__ == "__main__":
    main()
