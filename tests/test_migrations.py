"""The Alembic migrations produce exactly the schema the ORM models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from storage.db import Database
from storage.models import Base


def _differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    database = Database(database_url)
    try:
        await database.upgrade()
        async with database.engine.connect() as connection:
            differences = await connection.run_sync(_differences)
        assert differences == []
        await database.upgrade()  # a second upgrade is a no-op
    finally:
        await database.close()
