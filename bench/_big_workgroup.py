"""A working group of any size, for the scheduling benchmarks: a synthetic partnership document with
`areas` areas of cooperation (one paragraph each) and a file with `people` people who lead them.

The bundled document has 15 areas; the scheduler's cost grows with areas, leads and meetings, so
bench/tick_bench.py and bench/run_latency_bench.py need hundreds. Area names are made of invented
words, two per area and unique, so each file key resolves to exactly one area. Leads are spread
round-robin (two per area while people last, one person may lead several areas), across five
timezones, and every fifth lead has no timezone in the file (the partnership's, or a platform
profile's, is used). Meetings: one Security and Defence Dialogue whose round is open (prompts and
reminders are due), and three more ahead. The first three people (two chairs and an admin) lead nothing:
they ask the questions of bench/run_latency_bench.py.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
TODAY = NOW.date()
# (id, days after today, place): the first one's round is open (it opens 21 days before, the digest 7)
MEETINGS = (("sdd-1", 14, "Seoul"), ("sdd-2", 225, "Brussels"), ("sdd-3", 378, "Seoul"), ("sdd-4", 589, "Brussels"))
ASKERS = 3  # the first people (two chairs and an admin) lead nothing: no round conversation takes their questions
_ZONES = ("Europe/Brussels", "Asia/Seoul", "Europe/Lisbon", "Europe/Helsinki", "America/New_York")
_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z")
_NUCLEI = ("a", "e", "i", "o", "u")
_CODAS = ("x", "rn", "lt", "sk", "nd")


@dataclass(frozen=True)
class BigWorkgroup:
    document: Path
    config: Path
    areas: int
    people: int
    leads: int
    meetings: int

    def describe(self) -> str:
        return f"{self.areas} areas, {self.people} people ({self.leads} leads), {self.meetings} meetings"


def telegram_id(n: int) -> int:
    return 700_000 + n


def _words() -> list[str]:
    """Invented words ("bazx", "delt", …), none an English word the document parser or resolver knows."""
    return [o + n + c for o, n, c in itertools.product(_ONSETS, _NUCLEI, _CODAS)]


def area_titles(count: int) -> list[str]:
    words = _words()
    pairs = itertools.combinations(words, 2)
    return [f"{a.capitalize()} {b} cooperation" for a, b in itertools.islice(pairs, count)]


def write_document(path: Path, titles: list[str]) -> None:
    """A partnership document the parser reads as the bundled one: a preface, then one heading and
    paragraph per area after an "Areas of Cooperation" heading (paragraph numbers stay below 1000)."""
    if len(titles) > 990:
        raise SystemExit("at most 990 areas: paragraph numbers have three digits")
    lines = [
        "Synthetic Security and Defence Partnership",
        "[Preface]",
        "1. The EU and the ROK face a challenging security environment.",
        "Areas of Cooperation",
        "2. The EU and the ROK will expand cooperation in areas such as:",
    ]
    for number, title in enumerate(titles, start=3):
        lines += [title, f"{number}. The EU and the ROK will strengthen their {title.lower()}."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_workgroup(folder: Path, areas: int, people: int, today: date = TODAY) -> BigWorkgroup:
    """The document and the working-group file in `folder`, the meetings placed from `today`. Everyone has a
    Slack id and a Telegram id (700000 + their number)."""
    titles = area_titles(areas)
    document = folder / "partnership.txt"
    write_document(document, titles)
    persons: list[dict[str, object]] = []
    for n in range(people):
        roles = ["chair"] if n < ASKERS - 1 else ["admin", "member"] if n < ASKERS else ["lead"]
        person: dict[str, object] = {
            "id": f"p{n:04d}",
            "name": f"Person {n:04d}",
            "roles": roles,
            "slack": f"U{n:08d}",
            "telegram": telegram_id(n),
        }
        if n % 5:
            person["timezone"] = _ZONES[n % len(_ZONES)]
        persons.append(person)
    leads = [f"p{n:04d}" for n in range(ASKERS, people)] or [f"p{people - 1:04d}"]
    cycle = itertools.cycle(leads)
    area_cfg = {title: {"leads": sorted({next(cycle), next(cycle)})} for title in titles}
    data = {
        "partnership": {"name": "Synthetic Partnership", "document": str(document), "timezone": "Europe/Brussels"},
        "people": persons,
        "areas": area_cfg,
        "meetings": [
            {
                "id": mid,
                "kind": "security-and-defence-dialogue",
                "date": (today + timedelta(days=after)).isoformat(),
                "place": place,
            }
            for mid, after, place in MEETINGS
        ],
        "collection": {
            "opens_days_before": 21,
            "reminder_every_days": 4,
            "prompt_hour": 9,
            "kinds": ["security-and-defence-dialogue"],
        },
        "digest": {"days_before": 7, "channels": [{"platform": "slack", "id": "C0BENCH01"}]},
    }
    config = folder / "workgroup.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    used = {p for cfg in area_cfg.values() for p in cfg["leads"]}
    return BigWorkgroup(document, config, areas, people, len(used), len(MEETINGS))
