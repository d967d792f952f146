"""Loading hundreds of thousands of updates into a benchmark database in seconds, on SQLite and PostgreSQL.

The bot saves updates one at a time, and triggers keep `latest_updates` (each lead's newest
update per area) in the writer's transaction (migration 0007). Loading a million rows that way
runs the trigger a million times: PostgreSQL's per-row PL/pgSQL trigger did not finish 200,000
rows in nine minutes. A bulk load does what the migration does instead: the trigger off while
the rows go in (SQLite: dropped and created again from the migration's own statements;
PostgreSQL: disabled), then `latest_updates` filled by one INSERT … SELECT. PostgreSQL takes
the rows by COPY. The bot's own writes always keep the triggers.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.models import LatestUpdateRow, UpdateRow

ROOT = Path(__file__).resolve().parent.parent
_MIGRATION = ROOT / "storage" / "migrations" / "versions" / "0007_status_reads.py"
_SQLITE_LATEST_TRIGGERS = ("status_updates_latest_insert", "status_updates_latest_delete", "status_updates_latest_move")
_POSTGRES_LATEST_TRIGGER = "status_updates_latest"
_BATCH = 20_000
_FILL_LATEST = (
    f"INSERT INTO {LatestUpdateRow.__tablename__} (area_id, person_id, update_id) "
    f"SELECT area_id, person_id, max(id) FROM {UpdateRow.__tablename__} GROUP BY area_id, person_id"
)


@cache
def _migration() -> ModuleType:
    """Migration 0007, whose trigger statements SQLite creates again after the load."""
    spec = importlib.util.spec_from_file_location("migration_0007", _MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sqlite_latest_triggers() -> list[str]:
    statements: list[str] = _migration().trigger_statements("sqlite")
    return [s for s in statements if any(f"TRIGGER {name} " in s for name in _SQLITE_LATEST_TRIGGERS)]


async def _copy(connection: AsyncConnection, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY through psycopg, with the values converted by the columns' own types."""
    columns = list(rows[0])
    dialect = connection.dialect
    table = UpdateRow.__table__
    binds = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    async with driver.cursor() as cursor:
        async with cursor.copy(f"COPY {UpdateRow.__tablename__} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                await copy.write_row(
                    [
                        value if bind is None else bind(value)
                        for bind, value in zip(binds, (row[c] for c in columns), strict=True)
                    ]
                )


async def load_updates(database: Database, rows: list[dict[str, Any]]) -> None:
    """Insert the rows in one transaction, with `latest_updates` filled once at the end."""
    async with database.engine.begin() as connection:
        if database.is_sqlite:
            for name in _SQLITE_LATEST_TRIGGERS:
                await connection.execute(text(f"DROP TRIGGER {name}"))
            for start in range(0, len(rows), _BATCH):
                await connection.execute(insert(UpdateRow), rows[start : start + _BATCH])
            for statement in _sqlite_latest_triggers():
                await connection.exec_driver_sql(statement)
        else:
            await connection.execute(
                text(f"ALTER TABLE {UpdateRow.__tablename__} DISABLE TRIGGER {_POSTGRES_LATEST_TRIGGER}")
            )
            if rows:
                await _copy(connection, rows)
            await connection.execute(
                text(f"ALTER TABLE {UpdateRow.__tablename__} ENABLE TRIGGER {_POSTGRES_LATEST_TRIGGER}")
            )
        await connection.execute(text(f"DELETE FROM {LatestUpdateRow.__tablename__}"))
        await connection.execute(text(_FILL_LATEST))
