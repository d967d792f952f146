"""Shared by bench/status_bench.py and bench/digest_bench.py: a realistic working group and 20,000 updates.

`seeded_runtime(backend, admin_url, updates, areas)` writes a working-group file (at least
60 people, every area of the document with two co-leads each, a past and an upcoming
Security and Defence Dialogue) into a temporary folder, opens a Runtime on a
fresh database (an SQLite file there, or a new database on the PostgreSQL server
given), lets `runtime.database()` migrate and sync, bulk-loads the updates
(bench/_bulk.py), and drops everything on exit. With 15 areas the document is the
bundled one; with more, a longer text of that shape (bench/_areas.py). Also the small
helpers both scripts print with.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _areas import BUNDLED_AREAS, document_with_areas  # noqa: E402
from _bulk import load_updates  # noqa: E402
from _stats import percentile  # noqa: E402

from bot.app.service import settle_heap  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.knowledge import Knowledge  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.workgroup import check_file  # noqa: E402
from storage.models import AbsenceRow, UpdateRow  # noqa: E402
from tests.postgres import throwaway_database  # noqa: E402

# "Now" for every benchmark: two weeks before the upcoming Dialogue, a year after the last one.
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
PAST_MEETING = ("sdd-2026", date(2026, 3, 10), "Brussels")
UPCOMING_MEETING = ("sdd-2027", date(2027, 3, 15), "Seoul")
UPDATES = 20_000
HISTORY_DAYS = 730
PEOPLE = 60
PROSE_POOL = 4000
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:55433/postgres"

_EU_FIRST = [
    "Anna",
    "Marco",
    "Petra",
    "Pieter",
    "Claire",
    "Lukas",
    "Sofia",
    "Jan",
    "Elena",
    "Tomás",
    "Ingrid",
    "Luca",
    "Marta",
    "Henrik",
    "Chiara",
    "Mateusz",
    "Léa",
    "Niels",
    "Zofia",
    "Andrei",
    "Eva",
    "Jonas",
    "Ana",
    "Karel",
]
_EU_LAST = [
    "Müller",
    "Rossi",
    "Novák",
    "Jansen",
    "Dubois",
    "Schmidt",
    "García",
    "Kowalski",
    "Nielsen",
    "Popescu",
    "Lindqvist",
    "Ferreira",
    "Horvat",
    "Virtanen",
    "Papadopoulos",
    "Murphy",
    "Kask",
    "Bianchi",
]
_ROK_FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin"]
_ROK_GIVEN = [
    "Min-jun",
    "Seo-yeon",
    "Ji-woo",
    "Hye-jin",
    "Do-yun",
    "Ha-eun",
    "Seo-jun",
    "Ji-ho",
    "Su-bin",
    "Ye-jin",
    "Hyun-woo",
    "Eun-ji",
    "Jae-won",
    "Yu-na",
    "Sung-min",
    "Da-eun",
]

_SUBJECTS = [
    "The joint working group",
    "Our delegation",
    "The EEAS desk",
    "The MND team",
    "The MOFA counterpart",
    "The steering committee",
    "The expert-level track",
    "The capacity-building workstream",
    "The secretariat",
    "The legal service",
    "The technical sub-group",
    "The liaison officer",
    "The joint drafting team",
]
_VERBS = [
    "agreed the terms of reference for",
    "circulated a second draft of",
    "held a video call on",
    "scheduled a workshop on",
    "completed the scoping study for",
    "exchanged non-papers on",
    "briefed the PSC on",
    "secured funding for",
    "identified experts for",
    "finalised the concept note for",
    "reviewed the implementation plan for",
    "set up a points-of-contact network for",
    "prepared the table-top exercise on",
    "tabled proposals for",
]
_OBJECTS = [
    "the port-call programme",
    "the joint exercise with third countries",
    "information sharing on threats",
    "the staff-to-staff talks",
    "the training module for mission personnel",
    "the expert exchange",
    "the early-warning mechanism",
    "the capacity-building package for the region",
    "the secure communication line",
    "the annual consultations",
    "the pilot project",
    "the joint statement",
    "the visiting programme",
    "the mapping of existing instruments",
    "the common lexicon",
    "the lessons-learned report",
]
_TAILS = [
    "ahead of the Dialogue",
    "with both capitals",
    "in line with the partnership text",
    "subject to budget approval",
    "pending legal review",
    "with the support of member states",
    "before the summer break",
    "for the next cycle",
    "as discussed at the last meeting",
    "together with the delegation in Seoul",
    "via the EU delegation",
    "with input from the Ministry of National Defense",
]
_BLOCKERS = [
    "Security clearance for the ROK experts is still pending",
    "Budget line not confirmed for next year",
    "Waiting for the legal service to clear the data-sharing clause",
    "Counterpart rotation: new POC not named yet",
    "Translation of the draft agreement delayed",
    "Venue for the workshop not confirmed",
    "Classification level of the exchange not agreed",
    "Member states have not replied to the consultation",
    "Travel restrictions for the delegation",
    "Scheduling conflict with the NATO ministerial",
]
_STATUS_WEIGHTS = {"on_track": 55, "at_risk": 14, "blocked": 7, "not_started": 9, "completed": 15}


def _prose(rng: random.Random, low: int, high: int, opening: list[str] | None = None) -> str:
    """Plausible reporting prose of low to high characters; `opening` gives the first sentence (blockers)."""
    target = rng.randint(low, high)
    sentences = [rng.choice(opening) + "."] if opening else []
    while sum(len(s) + 1 for s in sentences) < target:
        sentences.append(f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}.")
    result = " ".join(sentences)
    if len(result) > high:
        result = result[: high - 1].rsplit(" ", 1)[0].rstrip(",;") + "."
    return result


@dataclass(frozen=True)
class Seeded:
    backend: str
    url: str
    config: Path
    people: int
    areas: int
    leads: int
    updates: int
    updates_since_last_dialogue: int
    absences: int
    paragraphs: int
    text_chars: int
    db_bytes: int
    seed_seconds: float
    load_seconds: float

    def describe(self) -> str:
        size = f"{self.db_bytes / 1_048_576:.1f} MiB"
        return (
            f"{self.backend}: {self.people} people, {self.areas} areas x 2 co-leads ({self.leads} leads), "
            f"{self.paragraphs} paragraphs in the areas, "
            f"{self.updates:,} updates ({self.updates_since_last_dialogue:,} since the last Dialogue), "
            f"{self.absences} absences, {self.text_chars / 1_048_576:.1f} MiB of update text, database {size}, "
            f"seeded in {self.seed_seconds:.1f} s (of which the bulk load {self.load_seconds:.1f} s)"
        )


def write_workgroup(folder: Path, knowledge: Knowledge, document: str) -> tuple[Path, dict[str, tuple[str, ...]]]:
    """The YAML file and, per area title, its two leads (one EU, one ROK)."""
    rng = random.Random(7)
    people: list[dict[str, object]] = []
    used: set[str] = set()

    def add(side: str, roles: list[str]) -> str:
        while True:
            if side == "EU":
                name = f"{rng.choice(_EU_FIRST)} {rng.choice(_EU_LAST)}"
            else:
                name = f"{rng.choice(_ROK_FAMILY)} {rng.choice(_ROK_GIVEN)}"
            ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
            pid = "".join(c for c in ascii_name.lower().replace(" ", ".") if c.isalnum() or c in "._-")[:40]
            if pid not in used:
                break
        used.add(pid)
        n = len(people) + 1
        person: dict[str, object] = {
            "id": pid,
            "name": name,
            "side": side,
            "roles": roles,
            "timezone": "Europe/Brussels" if side == "EU" else "Asia/Seoul",
            "slack": f"U0BENCH{n:03d}",
        }
        if n % 3:  # about two in three also use Telegram
            person["telegram"] = 900_000 + n
        people.append(person)
        return pid

    add("EU", ["chair"])
    add("ROK", ["chair"])
    add("EU", ["admin", "member"])
    areas = knowledge.library.areas
    leads: dict[str, tuple[str, ...]] = {a.title: (add("EU", ["lead"]), add("ROK", ["lead"])) for a in areas}
    members = max(PEOPLE, len(people) + 3)  # some members who lead nothing, however many areas
    while len(people) < members:
        add("EU" if len(people) % 2 else "ROK", ["member"])

    area_cfg: dict[str, dict[str, object]] = {}
    for area in areas:
        cfg: dict[str, object] = {"leads": list(leads[area.title])}
        if area.short_title.startswith("Maritime"):
            cfg["aliases"] = ["naval cooperation", "atalanta"]
        if area.short_title.startswith("Space"):
            cfg["aliases"] = ["space dialogue"]
        # a short title names one area in the bundled text; in a longer one "Counterterrorism" names ten
        area_cfg[area.short_title if document == "bundled" else area.title] = cfg
    data = {
        "partnership": {
            "name": "EU–ROK Security and Defence Partnership",
            "document": document,
            "timezone": "Europe/Brussels",
        },
        "people": people,
        "areas": area_cfg,
        "meetings": [
            {"id": mid, "kind": "security-and-defence-dialogue", "date": day.isoformat(), "place": place}
            for mid, day, place in (PAST_MEETING, UPCOMING_MEETING)
        ],
        "collection": {
            "opens_days_before": 21,
            "reminder_every_days": 4,
            "prompt_hour": 9,
            "kinds": ["security-and-defence-dialogue"],
        },
        "digest": {"days_before": 7, "channels": [{"platform": "slack", "id": "C0BENCH01"}]},
    }
    path = folder / "workgroup.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = check_file(path, knowledge.areas)
    if problems:
        raise SystemExit("generated working-group file is not valid:\n  " + "\n  ".join(problems))
    return path, leads


def update_rows(
    knowledge: Knowledge, leads: dict[str, tuple[str, ...]], area_ids: dict[str, int], count: int
) -> list[dict[str, object]]:
    """`count` updates over the past two years, in time order (ids grow with time, as in production)."""
    rng = random.Random(20_000)
    # texts drawn from pools, not written anew for each row: generating them was most of the seeding time
    prose = [_prose(rng, 50, 400) for _ in range(PROSE_POOL)]
    blockers = [_prose(rng, 50, 400, _BLOCKERS) for _ in range(PROSE_POOL)]
    areas = knowledge.library.areas
    statuses, weights = list(_STATUS_WEIGHTS), list(_STATUS_WEIGHTS.values())
    stamps = sorted(NOW - timedelta(seconds=rng.uniform(3600, HISTORY_DAYS * 86_400)) for _ in range(count))
    rows = []
    for at in stamps:
        area = rng.choice(areas)
        numbers = [p.number for p in knowledge.library.area_paragraphs(area)] or [area.first]
        cited = rng.sample(numbers, k=min(len(numbers), rng.choice([0, 0, 1, 1, 1, 2])))
        paragraphs = ", ".join(f"§{n}" + (f"({rng.choice('abcd')})" if rng.random() < 0.5 else "") for n in cited)
        status = rng.choices(statuses, weights)[0]
        has_blocker = status in ("blocked", "at_risk") or rng.random() < 0.2
        rows.append(
            {
                "area_id": area_ids[area.title],
                "person_id": rng.choice(leads[area.title]),
                "status": status,
                "progress": rng.choice(prose),
                "blockers": rng.choice(blockers) if has_blocker else "",
                "next_steps": rng.choice(prose) if rng.random() < 0.85 else "",
                "paragraphs": paragraphs,
                "created_at": at,
                "edited_at": at + timedelta(minutes=rng.randint(2, 600)) if rng.random() < 0.05 else None,
            }
        )
    return rows


def _absence_rows(leads: dict[str, tuple[str, ...]]) -> list[dict[str, object]]:
    """Some past absences, and three leads away today."""
    rng = random.Random(3)
    everyone = [p for pair in leads.values() for p in pair]
    rows = []
    for pid in rng.sample(everyone, 12):
        start = NOW.date() - timedelta(days=rng.randint(30, 600))
        rows.append(
            {
                "person_id": pid,
                "starts": start,
                "ends": start + timedelta(days=rng.randint(3, 20)),
                "created_by": pid,
                "created_at": NOW,
            }
        )
    for pid in rng.sample(everyone, 3):
        rows.append(
            {
                "person_id": pid,
                "starts": NOW.date() - timedelta(days=2),
                "ends": NOW.date() + timedelta(days=10),
                "created_by": pid,
                "created_at": NOW,
            }
        )
    return rows


async def seed(runtime: Runtime, leads: dict[str, tuple[str, ...]], count: int) -> float:
    """Seconds the bulk load of the updates took (generating them not included)."""
    db = await runtime.database()  # migrates and syncs the working group
    ids = {area.title: runtime.area_ids.id(area.title) for area in runtime.knowledge.library.areas}
    rows = update_rows(runtime.knowledge, leads, ids, count)
    start = time.perf_counter()
    await load_updates(db, rows)
    load = time.perf_counter() - start
    async with db.session() as session:
        await session.execute(insert(AbsenceRow), _absence_rows(leads))
    if not db.is_sqlite:
        # Autovacuum vacuums and analyzes a table that just grew by 20,000 rows within a minute (PostgreSQL 13+
        # also vacuums after inserts); do it now, so every run measures the steady state: fresh statistics and
        # a visibility map that allows index-only scans. SQLite is left as the bot leaves it: never ANALYZEd.
        async with db.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
    return load


async def _sizes(runtime: Runtime, backend: str, url: str, config: Path, seconds: float, load: float) -> Seeded:
    db = await runtime.database()
    since = datetime.combine(PAST_MEETING[1], datetime.min.time(), tzinfo=UTC)
    async with db.session() as session:
        total = (await session.execute(select(func.count()).select_from(UpdateRow))).scalar_one()
        recent = (await session.execute(select(func.count()).where(UpdateRow.created_at >= since))).scalar_one()
        chars = (
            await session.execute(
                select(
                    func.sum(
                        func.length(UpdateRow.progress)
                        + func.length(UpdateRow.blockers)
                        + func.length(UpdateRow.next_steps)
                    )
                )
            )
        ).scalar_one()
        absences = (await session.execute(select(func.count()).select_from(AbsenceRow))).scalar_one()
        if db.is_sqlite:
            size = (
                await session.execute(
                    text("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
                )
            ).scalar_one()
        else:
            size = (await session.execute(text("SELECT pg_database_size(current_database())"))).scalar_one()
    wg = runtime.workgroup
    return Seeded(
        backend=backend,
        url=url,
        config=config,
        people=len(wg.people),
        areas=len(wg.areas),
        leads=len({p for a in wg.areas.values() for p in a.leads}),
        updates=total,
        updates_since_last_dialogue=recent,
        absences=absences,
        paragraphs=sum(len(runtime.knowledge.library.area_paragraphs(a)) for a in runtime.knowledge.library.areas),
        text_chars=int(chars or 0),
        db_bytes=int(size),
        seed_seconds=seconds,
        load_seconds=load,
    )


@asynccontextmanager
async def seeded_runtime(
    backend: str, admin_url: str | None = None, updates: int = UPDATES, areas: int = BUNDLED_AREAS
) -> AsyncIterator[tuple[Runtime, Seeded]]:
    """A runtime on a fresh, seeded database of the backend ("sqlite" or "postgresql"); all removed on exit."""
    with tempfile.TemporaryDirectory(prefix="pb-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        document = "bundled" if areas == BUNDLED_AREAS else str(document_with_areas(folder, areas))
        knowledge = Knowledge.load([document])
        config, leads = write_workgroup(folder, knowledge, document)
        if backend == "sqlite":
            database: AbstractContextManager[str] = nullcontext(f"sqlite+aiosqlite:///{folder / 'bench.db'}")
        else:
            assert admin_url is not None
            database = throwaway_database(admin_url, prefix="pb_bench")
        with database as url:
            runtime = Runtime.load(Settings(config=config, database_url=url, document=[document]), FakeClock(NOW))
            try:
                load = await seed(runtime, leads, updates)
                seeded = await _sizes(runtime, backend, url, config, time.perf_counter() - start, load)
                settle_heap()  # as every serving process does once started: the seeding's heap out of the way
                yield runtime, seeded
            finally:
                await runtime.close()


# --- printing -----------------------------------------------------------------------------


def arguments(description: str, default_runs: int, minimum_runs: int) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        nargs="?",
        const=DEFAULT_POSTGRES,
        default=None,
        help=f"also run on PostgreSQL: a server URL whose user may CREATE DATABASE (bare flag: {DEFAULT_POSTGRES})",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=default_runs,
        help=f"timed calls per measurement (default {default_runs}, at least {minimum_runs})",
    )
    parser.add_argument("--updates", type=int, default=UPDATES, help=f"status updates to seed (default {UPDATES:,})")
    parser.add_argument(
        "--areas",
        type=int,
        default=BUNDLED_AREAS,
        help=f"areas of cooperation, two leads each (default {BUNDLED_AREAS}, the bundled text; a multiple of 15)",
    )
    args = parser.parse_args()
    if args.runs < minimum_runs:
        parser.error(f"--runs must be at least {minimum_runs}")
    return args


def backends(args: argparse.Namespace) -> list[str]:
    return ["sqlite"] + (["postgresql"] if args.postgres else [])


def machine() -> str:
    load = " · load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    return (
        f"python {platform.python_version()} ({platform.python_implementation()}), {os.cpu_count()} cpus, "
        f"{platform.machine()}, {platform.system()} {platform.release()}{load}"
    )


@dataclass
class Timings:
    """Wall-clock milliseconds per call, and this process's CPU time over all of them (every thread)."""

    backend: str
    label: str
    wall_ms: list[float]
    cpu_ms_per_call: float


async def timed(backend: str, label: str, runs: int, call: Callable[[int], Awaitable[object]]) -> Timings:
    wall: list[float] = []
    cpu_start = time.process_time()
    for n in range(runs):
        start = time.perf_counter()
        await call(n)
        wall.append((time.perf_counter() - start) * 1000)
    return Timings(backend, label, wall, (time.process_time() - cpu_start) * 1000 / runs)


def table(rows: list[Timings], columns: tuple[int, ...]) -> str:
    """One line per (backend, measurement): wall-clock percentiles (100 = max) and mean CPU per call, in ms.

    CPU is this process only (with aiosqlite's thread): PostgreSQL's server time is not in it.
    """
    names = {50: "p50", 95: "p95", 99: "p99", 100: "max"}
    head = (
        f"{'backend':<11} {'measurement':<26} {'calls':>5} "
        + " ".join(f"{names[c] + ' ms':>9}" for c in columns)
        + f" {'cpu/call ms':>12}"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        values = row.wall_ms
        figures = " ".join(f"{(max(values) if c == 100 else percentile(values, c)):>9.2f}" for c in columns)
        lines.append(f"{row.backend:<11} {row.label:<26} {len(values):>5} {figures} {row.cpu_ms_per_call:>12.2f}")
    return "\n".join(lines)


def verdicts(rows: list[Timings], column: int, target_ms: float) -> str:
    name = {50: "p50", 95: "p95", 99: "p99", 100: "max"}[column]
    out = []
    for row in rows:
        value = max(row.wall_ms) if column == 100 else percentile(row.wall_ms, column)
        out.append(
            f"target {name} < {target_ms:g} ms · {row.backend} {row.label}: "
            f"{'met' if value < target_ms else 'MISSED'} ({value:.2f} ms)"
        )
    return "\n".join(out)
