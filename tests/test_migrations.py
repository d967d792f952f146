"""The Alembic migrations produce exactly the schema the ORM models describe, on both backends, and keep
the data they change."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from storage.db import Database, alembic_config
from storage.models import Base, BlockerRow
from tests.conftest import MARITIME


def _differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


async def test_migrated_schema_matches_the_models(empty_database_url: str) -> None:
    database = Database(empty_database_url)
    try:
        await database.upgrade()
        async with database.engine.connect() as connection:
            differences = await connection.run_sync(_differences)
        assert differences == []
        await database.upgrade()  # a second upgrade is a no-op
    finally:
        await database.close()


def _area_keys_revision(connection: Connection) -> Script:
    """The migration that keys the areas, found by its name, not its number (merges may renumber it)."""
    scripts = ScriptDirectory.from_config(alembic_config(connection))
    return next(s for s in scripts.walk_revisions() if s.path.endswith("_area_keys.py"))


def _upgrade_to(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection), revision)


CRISIS = (
    "International peace and crisis management, including peacekeeping operations and CSDP "
    "(Common Security and Defence Policy) missions and operations"
)


async def test_area_keys_migration_keys_every_area_and_keeps_its_updates(empty_database_url: str) -> None:
    database = Database(empty_database_url)
    at = datetime(2027, 1, 5, 9, 0)
    try:
        async with database.engine.begin() as connection:
            revision = await connection.run_sync(_area_keys_revision)
            assert revision.down_revision is not None
            await connection.run_sync(_upgrade_to, str(revision.down_revision))
            # the rows as the bot wrote them before: keyed by heading, `key` set only where the file named the area
            await connection.execute(
                text("INSERT INTO people (id, name, active, updated_at) VALUES ('kim', 'Kim', :t, :at)"),
                {"t": True, "at": at},
            )
            await connection.execute(
                text(
                    "INSERT INTO areas (id, title, position, key) VALUES "
                    "(1, :crisis, 0, NULL), (2, :maritime, 1, 'maritime'), "
                    "(3, 'Cyber issues', 2, 'cyber'), (4, 'Cyber issues, old', 3, 'cyber')"
                ),
                {"crisis": CRISIS, "maritime": MARITIME},
            )
            await connection.execute(
                text(
                    "INSERT INTO status_updates "
                    "(area_id, person_id, status, progress, blockers, next_steps, paragraphs, created_at) VALUES "
                    "(1, 'kim', 'on_track', 'mission staff exchanged', '', '', '§11', :at), "
                    "(2, 'kim', 'at_risk', 'port call agreed', '', '', '', :at), "
                    "(4, 'kim', 'blocked', 'consultation postponed', '', '', '', :at)"
                ),
                {"at": at},
            )
            await connection.execute(text("INSERT INTO area_leads (area_id, person_id) VALUES (2, 'kim')"))
        await database.upgrade()
        async with database.engine.begin() as connection:
            areas = {
                row.id: (row.key, row.title, row.position)
                for row in await connection.execute(text("SELECT id, key, title, position FROM areas"))
            }
            updates = sorted(
                tuple(row)
                for row in await connection.execute(text("SELECT area_id, status, progress FROM status_updates"))
            )
            leads = list(await connection.execute(text("SELECT area_id, person_id FROM area_leads")))
            assert await connection.run_sync(_differences) == []
        assert areas == {
            1: (
                "international-peace-and-crisis-management-including",
                CRISIS,
                0,
            ),  # the slug of its heading, cut at a word
            2: ("maritime", MARITIME, 1),
            3: ("cyber", "Cyber issues", 2),
            4: ("cyber-2", "Cyber issues, old", 3),  # a key two rows shared: the later one numbered, its history kept
        }
        assert updates == [
            (1, "on_track", "mission staff exchanged"),
            (2, "at_risk", "port call agreed"),
            (4, "blocked", "consultation postponed"),
        ]
        assert [tuple(row) for row in leads] == [(2, "kim")]
        async with database.engine.begin() as connection:  # a heading may now repeat; a key may not
            await connection.execute(
                text("INSERT INTO areas (id, key, title, position) VALUES (5, 'cyber-issues', 'Cyber issues', 4)")
            )
        with pytest.raises(IntegrityError):
            async with database.engine.begin() as connection:
                await connection.execute(
                    text("INSERT INTO areas (id, key, title, position) VALUES (6, 'maritime', 'Maritime', 5)")
                )
    finally:
        await database.close()


def _blockers_revision(connection: Connection) -> Script:
    scripts = ScriptDirectory.from_config(alembic_config(connection))
    return next(s for s in scripts.walk_revisions() if s.path.endswith("_blockers.py"))


async def test_blockers_migration_registers_the_stored_updates_in_order(empty_database_url: str) -> None:
    """Blockers named before the register existed are in it after the upgrade: open where no later update of
    the area cleared them, resolved (by whom, when) where one did; the updates themselves untouched."""
    database = Database(empty_database_url)
    day = [datetime(2027, 1, d, 9, 0) for d in range(1, 6)]
    try:
        async with database.engine.begin() as connection:
            revision = await connection.run_sync(_blockers_revision)
            assert revision.down_revision is not None
            await connection.run_sync(_upgrade_to, str(revision.down_revision))
            await connection.execute(
                text(
                    "INSERT INTO people (id, name, active, updated_at) "
                    "VALUES ('kim', 'Kim', :t, :at), ('rossi', 'Rossi', :t, :at)"
                ),
                {"t": True, "at": day[0]},
            )
            await connection.execute(
                text(
                    "INSERT INTO areas (id, key, title, position) "
                    "VALUES (1, 'maritime', :maritime, 0), (2, 'cyber', 'Cyber issues', 1)"
                ),
                {"maritime": MARITIME},
            )
            rows = [
                (1, "kim", "at_risk", "MOFA date unconfirmed", day[0]),
                (2, "rossi", "blocked", "No counterpart named", day[1]),
                (1, "kim", "blocked", "mofa date  unconfirmed", day[2]),  # the same blocker again: kept from day 1
                (2, "rossi", "on_track", "—", day[3]),  # cleared
                (1, "rossi", "at_risk", "EU calendar unknown", day[4]),  # a co-lead's own: both open
            ]
            for area, person, status, blockers, at in rows:
                await connection.execute(
                    text(
                        "INSERT INTO status_updates "
                        "(area_id, person_id, status, progress, blockers, next_steps, paragraphs, created_at) "
                        "VALUES (:area, :person, :status, '', :blockers, '', '', :at)"
                    ),
                    {"area": area, "person": person, "status": status, "blockers": blockers, "at": at},
                )
        await database.upgrade()
        async with database.engine.begin() as connection:
            columns = (
                BlockerRow.area_id,
                BlockerRow.person_id,
                BlockerRow.text,
                BlockerRow.raised_at,
                BlockerRow.resolved_at,
                BlockerRow.resolved_by,
            )
            register = [tuple(row) for row in await connection.execute(select(*columns).order_by(BlockerRow.id))]
            updates = (await connection.execute(text("SELECT count(*) FROM status_updates"))).scalar()
            assert await connection.run_sync(_differences) == []
        utc = [d.replace(tzinfo=timezone.utc) for d in day]
        assert register == [
            (1, "kim", "MOFA date unconfirmed", utc[0], None, None),
            (2, "rossi", "No counterpart named", utc[1], utc[3], "rossi"),
            (1, "rossi", "EU calendar unknown", utc[4], None, None),
        ]
        assert updates == 5
    finally:
        await database.close()
