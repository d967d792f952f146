"""Status reads: the latest-update table the triggers keep, meetings cached per process while current, and
questions that do not wait for this process's write turn."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from alembic import command
from sqlalchemy import event, text
from sqlalchemy.engine import Connection

from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from bot.render.text import render_text
from bot.runtime import Runtime
from handlers.meetings import answer_meetings
from handlers.status import answer_area_status, answer_overview
from storage import direct_reads, repo
from storage.db import Database, alembic_config
from storage.models import UPDATE_COLUMNS
from tests.conftest import chat_as, make_runtime


def _area(runtime: Runtime, key: str) -> int:
    stored = runtime.area_ids.by_key(key)
    assert stored is not None
    return stored.id


GROUPED = "SELECT area_id, person_id, max(id) FROM status_updates GROUP BY area_id, person_id"


async def _latest(database: Database) -> tuple[set[tuple[int, str, int]], set[tuple[int, str, int]]]:
    """(the latest-update table, each lead's newest update per area computed from all updates)."""
    async with database.engine.connect() as connection:
        kept = {
            tuple(r) for r in await connection.execute(text("SELECT area_id, person_id, update_id FROM latest_updates"))
        }
        grouped = {tuple(r) for r in await connection.execute(text(GROUPED))}
    return kept, grouped


async def test_latest_updates_follow_every_save_edit_move_and_delete(runtime: Runtime, clock: FakeClock) -> None:
    db = await runtime.database()
    maritime, cyber = _area(runtime, "maritime"), _area(runtime, "cyber")
    ids = []
    async with db.session() as session:
        for area_id, person_id in ((maritime, "kim"), (maritime, "rossi"), (maritime, "kim"), (cyber, "kim")):
            clock.advance(timedelta(hours=1))
            row = await repo.add_update(
                session, area_id=area_id, person_id=person_id, fields={"status": "on_track"}, at=clock.now()
            )
            ids.append(row.id)
    kept, grouped = await _latest(db)
    assert kept == grouped == {(maritime, "kim", ids[2]), (maritime, "rossi", ids[1]), (cyber, "kim", ids[3])}
    async with db.session() as session:
        await repo.edit_update(session, ids[2], {"progress": "reworded"}, "kim", clock.now())
        assert [r.id for r in await repo.latest_updates(session, maritime)] == [ids[2], ids[1]]
    async with db.session() as session:  # the newest is deleted: the one before it is the latest again
        await session.execute(text("DELETE FROM blockers"))
        await session.execute(text("DELETE FROM status_updates WHERE id = :id"), {"id": ids[2]})
    kept, grouped = await _latest(db)
    assert kept == grouped and (maritime, "kim", ids[0]) in kept
    async with db.session() as session:  # moved to another area: both areas' rows follow
        await session.execute(text("UPDATE status_updates SET area_id = :a WHERE id = :id"), {"a": cyber, "id": ids[1]})
    kept, grouped = await _latest(db)
    assert kept == grouped == {(maritime, "kim", ids[0]), (cyber, "rossi", ids[1]), (cyber, "kim", ids[3])}


async def test_the_direct_reads_give_what_the_orm_reads(runtime: Runtime, clock: FakeClock) -> None:
    """Past the ORM, each column converted by its own type (times aware, in UTC); `status` alone reads only
    the columns it shows, the same values."""
    db = await runtime.database()
    maritime, cyber = _area(runtime, "maritime"), _area(runtime, "cyber")
    async with db.session() as session:
        for area_id, person_id, status in (
            (maritime, "kim", "at_risk"),
            (maritime, "rossi", "on_track"),
            (cyber, "kim", "blocked"),
        ):
            clock.advance(timedelta(hours=1))
            fields = {"status": status, "progress": f"{status} progress", "paragraphs": "§14"}
            await repo.add_update(session, area_id=area_id, person_id=person_id, fields=fields, at=clock.now())
    async with db.read_session() as session:
        orm = [tuple(getattr(r, name) for name in UPDATE_COLUMNS) for r in await repo.latest_updates(session)]
        orm_maritime = [r.id for r in await repo.latest_updates(session, maritime)]
    direct = [tuple(getattr(r, name) for name in UPDATE_COLUMNS) for r in await direct_reads.latest_updates(db)]
    assert direct == orm and len(orm) == 3
    assert [r.id for r in await direct_reads.latest_updates(db, maritime)] == orm_maritime
    statuses = await direct_reads.latest_statuses(db)
    shown = direct_reads.ReportedStatus._fields
    assert [tuple(s) for s in statuses] == [tuple(row[UPDATE_COLUMNS.index(f)] for f in shown) for row in orm]
    assert all(s.created_at.tzinfo is not None and s.created_at.utcoffset() == timedelta(0) for s in statuses)


def _upgrade_to(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection), revision)


async def test_the_migration_fills_the_latest_updates_from_stored_ones(empty_database_url: str) -> None:
    database = Database(empty_database_url)
    at = datetime(2027, 1, 5, 9, 0)
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(_upgrade_to, "0006")
            people = "('kim', 'Kim', :t, :at), ('lee', 'Lee', :t, :at)"
            await connection.execute(
                text(f"INSERT INTO people (id, name, active, updated_at) VALUES {people}"), {"t": True, "at": at}
            )
            await connection.execute(
                text("INSERT INTO areas (id, key, title, position) VALUES (1, 'a', 'A', 0), (2, 'b', 'B', 1)")
            )
            for area_id, person_id in ((1, "kim"), (1, "lee"), (1, "kim"), (2, "lee"), (2, "lee")):
                await connection.execute(
                    text(
                        "INSERT INTO status_updates (area_id, person_id, status, progress, blockers, next_steps, "
                        "paragraphs, created_at) VALUES (:a, :p, 'on_track', '', '', '', '', :at)"
                    ),
                    {"a": area_id, "p": person_id, "at": at},
                )
        await database.upgrade()
        kept, grouped = await _latest(database)
        assert kept == grouped and len(kept) == 3
    finally:
        await database.close()


async def _move_the_dialogue_elsewhere(database_url: str, clock: FakeClock) -> None:
    """A chair moves sdd-2027 to 2 Feb 2027 through another runtime on the same database, as another process."""
    other = make_runtime(database_url, clock)
    try:
        moved = await chat_as(Dispatcher(other), "mueller").say("move sdd-2027 to 02/02/2027")
        assert "Moved sdd-2027" in moved
    finally:
        await other.close()


async def test_a_meeting_moved_in_another_process_is_seen_by_the_next_answer(
    runtime: Runtime, dispatcher: Dispatcher, database_url: str, clock: FakeClock
) -> None:
    """Each process keeps the meetings while the database's meetings version is unchanged; a chair's move
    made through another runtime changes it, so this one's next answer reads them again."""
    assert "since the Dialogue of 10 Mar 2026" in await chat_as(dispatcher, "schmidt").say("status of maritime")
    await _move_the_dialogue_elsewhere(database_url, clock)
    clock.advance(timedelta(days=2))
    reply = await chat_as(dispatcher, "schmidt").say("status of maritime")
    assert "since the Dialogue of 2 Feb 2027" in reply and "10 Mar 2026" not in reply


async def test_status_answers_do_not_wait_for_the_write_turn(runtime: Runtime) -> None:
    """A question only reads: it is answered while a writer of this process holds the write turn."""
    db = await runtime.database()
    async with db.session() as session:
        await repo.add_update(
            session,
            area_id=_area(runtime, "maritime"),
            person_id="kim",
            fields={"status": "blocked", "blockers": "dates"},
            at=datetime(2027, 1, 30, tzinfo=timezone.utc),
        )
    async with db.write_turn():
        area, overview = await asyncio.wait_for(
            asyncio.gather(answer_area_status(runtime, "maritime"), answer_overview(runtime)), timeout=10
        )
    assert area.intent == "status" and overview.intent == "status_overview"


async def test_meetings_answers_read_the_meetings_once_while_they_are_unchanged(
    runtime: Runtime, database_url: str, clock: FakeClock
) -> None:
    """ "When is the next dialogue" answers from this process's copy of the meetings; a meeting moved through
    another runtime is in the next answer."""
    db = await runtime.database()
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    first = await answer_meetings(runtime, next_only=True)
    again = await answer_meetings(runtime, next_only=True)
    assert render_text(first) == render_text(again)
    assert sum("FROM meetings" in s for s in statements) == 1, statements
    await _move_the_dialogue_elsewhere(database_url, clock)
    after = render_text(await answer_meetings(runtime, next_only=True))
    assert "2 Feb 2027" in after and after != render_text(first)
    assert sum("FROM meetings" in s for s in statements) == 2
