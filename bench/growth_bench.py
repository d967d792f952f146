"""Benchmark: status questions and the digest as the data grows, one seeding per size and backend.

    python bench/growth_bench.py [--sizes 20000x15 200000x15 1000000x15 200000x150] [--postgres [URL]]
        [--status-runs 300] [--digest-runs 50]

Each size is UPDATESxAREAS. For each, a database is seeded once (bench/_seed.py) and both
bench/status_bench.py's and bench/digest_bench.py's measurements run on it; one table at the
end, with the issue's targets: status p99 < 10 ms to 200,000 updates and < 25 ms at 1,000,000;
the digest p99 < 100 ms to 200,000 and < 300 ms at 1,000,000 (15 areas), < 200 ms at 200,000
with 150 areas. Prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio

# first: _seed puts the repository root on sys.path for the imports below
from _seed import DEFAULT_POSTGRES, Timings, machine, seeded_runtime, table
from _stats import percentile
from digest_bench import digest_timings
from digest_bench import target_ms as digest_target
from status_bench import status_timings
from status_bench import target_ms as status_target


def size(text: str) -> tuple[int, int]:
    updates, _, areas = text.partition("x")
    return int(updates), int(areas or 15)


async def measure(
    backend: str, admin_url: str | None, updates: int, areas: int, status_runs: int, digest_runs: int
) -> list[tuple[Timings, float]]:
    async with seeded_runtime(backend, admin_url, updates, areas) as (runtime, seeded):
        print(seeded.describe(), flush=True)
        status = await status_timings(runtime, backend, status_runs)
        digest = await digest_timings(runtime, backend, digest_runs)
    return [(row, status_target(updates)) for row in status] + [(row, digest_target(updates, areas)) for row in digest]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["20000x15", "200000x15", "1000000x15", "200000x150"])
    parser.add_argument("--postgres", nargs="?", const=DEFAULT_POSTGRES, help="also on PostgreSQL (admin URL)")
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--status-runs", type=int, default=300)
    parser.add_argument("--digest-runs", type=int, default=50)
    args = parser.parse_args()
    print(machine())
    backends = (["sqlite"] if args.sqlite else []) + (["postgresql"] if args.postgres else [])
    for text in args.sizes:
        updates, areas = size(text)
        rows: list[tuple[Timings, float]] = []
        for backend in backends:
            rows += asyncio.run(measure(backend, args.postgres, updates, areas, args.status_runs, args.digest_runs))
        print(f"\n{updates:,} updates, {areas} areas · {machine()}")
        print(table([row for row, _ in rows], (50, 99, 100)))
        for row, target in rows:
            p99 = percentile(row.wall_ms, 99)
            verdict = "met" if p99 < target else "MISSED"
            print(f"  target p99 < {target:g} ms · {row.backend} {row.label}: {verdict} ({p99:.2f} ms)")
        print(flush=True)


if __name__ == "__main__":
    main()
