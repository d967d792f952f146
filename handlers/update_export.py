"""Every status update ever saved, as CSV or JSON, for the chairs' own records (`partnerbot export updates`).

One row per update as it is stored, superseded ones included, oldest first; areas by
their stable key and current heading, people by id, name and side, instants in UTC
(ISO 8601). Nothing is left out: what a chair files is the whole record.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Literal

from bot.runtime import Runtime
from handlers.periods import start_of
from storage import repo
from storage.models import UpdateRow

Format = Literal["csv", "json"]
FIELDS = (
    "id",
    "area_key",
    "area",
    "person_id",
    "person",
    "side",
    "status",
    "progress",
    "blockers",
    "next_steps",
    "paragraphs",
    "created_at",
    "edited_at",
)
Record = dict[str, str | int | None]


def record(runtime: Runtime, row: UpdateRow) -> Record:
    area = runtime.area_ids.by_id(row.area_id)
    person = runtime.person(row.person_id)
    return {
        "id": row.id,
        "area_key": area.key,
        "area": area.title,
        "person_id": row.person_id,
        "person": person.name if person else row.person_id,
        "side": person.side if person else None,
        "status": row.status,
        "progress": row.progress,
        "blockers": row.blockers,
        "next_steps": row.next_steps,
        "paragraphs": row.paragraphs,
        "created_at": row.created_at.isoformat(),
        "edited_at": row.edited_at.isoformat() if row.edited_at else None,
    }


def as_csv(records: list[Record]) -> str:
    """RFC 4180 CSV with a header row; text with commas, quotes or line breaks is quoted."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def as_json(records: list[Record]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


async def export_updates(runtime: Runtime, fmt: Format, since: date | None = None) -> str:
    """The updates saved since the start of a day (UTC), or all of them."""
    db = await runtime.database()
    async with db.session() as session:
        rows = await repo.all_updates(session, start_of(since) if since else None)
    records = [record(runtime, row) for row in rows]
    return as_csv(records) if fmt == "csv" else as_json(records)
