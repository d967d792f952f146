"""The reads of every message and every status question, sent straight to the driver (`storage.direct`),
past the engine.

Every message from a lead asks whether an update conversation of theirs is open (almost never);
`status` and `status of X` read each lead's latest update, today's absences and the
meetings' version. Through the async ORM those cost about 1 ms of CPU each (a session, a
pool checkout, aiosqlite's worker thread taking the GIL back and forth); here each is one
statement on the direct connection, its values converted by the columns' own types, as
the ORM would. `status of X` gets transient `UpdateRow`s, which the handlers read as
they read the ORM's; `status` alone, which shows every lead's line, gets only the five
columns it shows (`ReportedStatus`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Dialect

from storage.models import (
    UPDATE_COLUMNS,
    AbsenceRow,
    ConversationRow,
    DataVersionRow,
    LatestUpdateRow,
    UpdateRow,
    transient_update,
)

if TYPE_CHECKING:
    from storage.db import Database


def _mark(dialect: Dialect) -> str:
    return "?" if dialect.paramstyle == "qmark" else "%s"


class ReportedStatus(NamedTuple):
    """What `status` alone shows of a lead's latest update: the area, the lead, the status and when."""

    id: int
    area_id: int
    person_id: str
    status: str
    created_at: datetime


@lru_cache(maxsize=8)
def _latest_statement(dialect: Dialect, one_area: bool, names: tuple[str, ...] = UPDATE_COLUMNS) -> str:
    columns = ", ".join(f"u.{name}" for name in names)
    where = f" WHERE l.area_id = {_mark(dialect)}" if one_area else ""
    return (
        f"SELECT {columns} FROM {LatestUpdateRow.__tablename__} l "
        f"JOIN {UpdateRow.__tablename__} u ON u.id = l.update_id{where} ORDER BY u.created_at DESC"
    )


@lru_cache(maxsize=8)
def _conversions(dialect: Dialect, table: Any, names: tuple[str, ...]) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """The columns whose type converts what the driver returns (naive UTC text or datetime, JSON, dates), by
    position, with the conversion: the others are taken as they come ("status" reads 300 rows at 150 areas)."""
    processors = (table.c[name].type.dialect_impl(dialect).result_processor(dialect, None) for name in names)
    return tuple((i, convert) for i, convert in enumerate(processors) if convert is not None)


def _converted(conversions: tuple[tuple[int, Callable[[Any], Any]], ...], row: Any) -> list[Any]:
    values = list(row)
    for i, convert in conversions:
        values[i] = convert(values[i])
    return values


async def latest_updates(database: Database, area_id: int | None = None) -> list[UpdateRow]:
    """`repo.latest_updates`, on the direct connection: each lead's newest update (of one area), newest first."""
    dialect = database.engine.dialect
    rows = await database.direct.read(
        _latest_statement(dialect, area_id is not None), [] if area_id is None else [area_id]
    )
    conversions = _conversions(dialect, UpdateRow.__table__, UPDATE_COLUMNS)
    return [transient_update(zip(UPDATE_COLUMNS, _converted(conversions, row), strict=True)) for row in rows]


async def latest_statuses(database: Database) -> list[ReportedStatus]:
    """`latest_updates` without the texts, for `status` alone: at 150 areas, reading and converting 300 leads'
    whole updates was half its time (1.6 of 3.1 ms on SQLite, 3.3 ms on PostgreSQL; this read takes 0.3 and
    0.7 ms)."""
    dialect = database.engine.dialect
    names = ReportedStatus._fields
    rows = await database.direct.read(_latest_statement(dialect, False, names), [])
    conversions = _conversions(dialect, UpdateRow.__table__, names)
    return [ReportedStatus(*_converted(conversions, row)) for row in rows]


async def absent_on(database: Database, day: date) -> dict[str, date]:
    """`repo.absent_on`, on the direct connection: who is away on a day, with the day they are back from."""
    dialect = database.engine.dialect
    mark = _mark(dialect)
    table = AbsenceRow.__table__
    bind = table.c.starts.type.dialect_impl(dialect).bind_processor(dialect)
    value = bind(day) if bind is not None else day
    rows = await database.direct.read(
        f"SELECT person_id, ends FROM {AbsenceRow.__tablename__} WHERE starts <= {mark} AND ends >= {mark}",
        [value, value],
    )
    conversions = _conversions(dialect, table, ("person_id", "ends"))
    result: dict[str, date] = {}
    for person_id, ends in (_converted(conversions, row) for row in rows):
        result[person_id] = max(result.get(person_id, ends), ends)
    return result


async def meetings_version(database: Database) -> int:
    """`repo.meetings_version`, on the direct connection: one primary-key read."""
    mark = _mark(database.engine.dialect)
    rows = await database.direct.read(
        f"SELECT version FROM {DataVersionRow.__tablename__} WHERE name = {mark}", ["meetings"]
    )
    return int(rows[0][0])


async def has_open_conversation(database: Database, person_id: str) -> bool:
    """Whether the person has a conversation open: asked of every message a lead sends, before the engine opens a
    session (and, on SQLite, waits for the write turn) for the rare one that continues a conversation."""
    mark = _mark(database.engine.dialect)
    rows = await database.direct.read(
        f"SELECT 1 FROM {ConversationRow.__tablename__} WHERE person_id = {mark} AND open = {mark} LIMIT 1",
        [person_id, True],
    )
    return bool(rows)
