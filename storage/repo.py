"""Queries: the only place that knows the schema. Handlers call these with a session."""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    Dialect,
    Integer,
    ScalarSelect,
    String,
    TextualSelect,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from storage.models import (
    UPDATE_COLUMNS,
    AbsenceRow,
    AreaLeadRow,
    AreaRow,
    AuditRow,
    BlockerRow,
    ChatContextRow,
    ConversationRow,
    DataVersionRow,
    DeliveryRow,
    IdentityRow,
    InboundEventRow,
    LatestUpdateRow,
    LeaseRow,
    MeetingRow,
    PersonRow,
    RoleRow,
    RoundResponseRow,
    UpdateRow,
    UTCDateTime,
    transient_update,
)


def _dialect(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else "sqlite"


def _insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that knows ON CONFLICT, in the dialect of the session."""
    return (pg_insert if _dialect(session) == "postgresql" else sqlite_insert)(table)


async def _inserted(session: AsyncSession, statement: Any) -> bool:
    """Whether an INSERT ... ON CONFLICT DO NOTHING RETURNING inserted its row.

    RETURNING, not rowcount: drivers disagree on the rowcount of a skipped insert
    (psycopg reports -1), and the uniqueness check is the whole point here.
    """
    return (await session.execute(statement)).first() is not None


# who the audit log names for what the working-group file's sync changed
CONFIG_ACTOR = "config"


async def audit(session: AsyncSession, *, at: datetime, actor: str, action: str, subject: str, **detail: Any) -> None:
    session.add(AuditRow(at=at, actor=actor, action=action, subject=subject, detail=detail))


# --- inbound de-duplication -------------------------------------------------


@lru_cache(maxsize=64)
def claim_inbound_statement(dialect: Dialect, count: int) -> str:
    """`INSERT ... ON CONFLICT DO NOTHING RETURNING` for `count` events, as SQL text for the driver itself.

    De-duplication runs for every event a platform delivers, so storage.inbound
    sends it straight to the driver, one round trip per batch; through the
    engine a claim cost 1.4 ms of CPU (pool checkout, BEGIN, cursor, COMMIT,
    reset), more than answering the question. The parameters are
    `claim_inbound_parameters`; both SQLite (3.35+) and PostgreSQL speak this SQL.
    RETURNING, not rowcount: drivers disagree on the rowcount of a skipped
    insert (psycopg reports -1), and the uniqueness check is the whole point.
    Cached: a busy bot writes batches of the same few sizes.
    """
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    values = ", ".join([f"({mark}, {mark}, {mark})"] * count)
    return (
        f"INSERT INTO {InboundEventRow.__tablename__} (platform, dedupe_key, received_at) VALUES {values} "
        "ON CONFLICT DO NOTHING RETURNING platform, dedupe_key"
    )


def claim_inbound_parameters(dialect: Dialect, keys: Sequence[tuple[str, str]], at: datetime) -> list[object]:
    """The positional parameters of `claim_inbound_statement`; the time converted as the column's type does."""
    convert = _received_at_processor(dialect)
    stored_at = convert(at) if convert is not None else at
    return [value for platform, key in keys for value in (platform, key, stored_at)]


@lru_cache(maxsize=4)
def _received_at_processor(dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column type's conversion for this dialect (SQLAlchemy builds it anew on every call)."""
    return InboundEventRow.__table__.c.received_at.type.bind_processor(dialect)


async def inbound_since(session: AsyncSession, since: datetime) -> int:
    """How many events (messages, button presses) were claimed since an instant (within the day `prune_inbound`
    keeps)."""
    statement = select(func.count()).select_from(InboundEventRow).where(InboundEventRow.received_at >= since)
    return int((await session.execute(statement)).scalar_one())


async def latest_audit(session: AsyncSession, *, limit: int) -> list[AuditRow]:
    """The newest entries of the audit log, newest first."""
    return list((await session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit))).all())


async def prune_inbound(session: AsyncSession, before: datetime) -> int:
    """Forget the claims of events older than any platform's redelivery: the table would grow without end."""
    result = await session.execute(delete(InboundEventRow).where(InboundEventRow.received_at < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# --- people, roles, areas ----------------------------------------------------


@dataclass(frozen=True)
class PersonInput:
    id: str
    name: str
    side: str | None
    timezone: str | None
    roles: tuple[str, ...]
    identities: tuple[tuple[str, str], ...]  # (platform, user id)


# any fixed number: the key of the PostgreSQL advisory lock the working-group sync holds
SYNC_LOCK_KEY = 0x70617274  # "part"


async def hold_sync_lock(session: AsyncSession) -> None:
    """Until the session's transaction ends, be the only process syncing the working group.

    Two processes starting together (a Slack and a Telegram process, a second scheduler) each replace
    the roles and identities; on PostgreSQL, read-committed lets the second insert the rows the first
    just inserted ("duplicate key value violates roles_pkey") and it failed to start. SQLite lets one
    writer at a time in and needs nothing."""
    if _dialect(session) == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SYNC_LOCK_KEY})


async def sync_people(session: AsyncSession, people: Sequence[PersonInput], at: datetime) -> None:
    """Make the people tables match the file; people no longer listed become inactive, history kept."""
    existing = {row.id: row for row in (await session.scalars(select(PersonRow))).all()}
    listed = {p.id for p in people}
    for person in people:
        row = existing.get(person.id)
        if row is None:
            session.add(
                PersonRow(
                    id=person.id,
                    name=person.name,
                    side=person.side,
                    timezone=person.timezone,
                    active=True,
                    updated_at=at,
                )
            )
            await audit(session, at=at, actor=CONFIG_ACTOR, action="person.add", subject=person.id, name=person.name)
        elif (row.name, row.side, row.timezone, row.active) != (person.name, person.side, person.timezone, True):
            row.name, row.side, row.timezone, row.active, row.updated_at = (
                person.name,
                person.side,
                person.timezone,
                True,
                at,
            )
            await audit(session, at=at, actor=CONFIG_ACTOR, action="person.change", subject=person.id)
    for person_id, row in existing.items():
        if person_id not in listed and row.active:
            row.active, row.updated_at = False, at
            await audit(session, at=at, actor=CONFIG_ACTOR, action="person.remove", subject=person_id)
    await session.flush()
    await session.execute(delete(RoleRow))
    for person in people:
        for role in dict.fromkeys(person.roles):
            session.add(RoleRow(person_id=person.id, role=role))
    cached = {(r.platform, r.user_id): r.profile_timezone for r in (await session.scalars(select(IdentityRow))).all()}
    await session.execute(delete(IdentityRow))
    await session.flush()
    for person in people:
        for platform, user_id in person.identities:
            session.add(
                IdentityRow(
                    person_id=person.id,
                    platform=platform,
                    user_id=user_id,
                    profile_timezone=cached.get((platform, user_id)),
                )
            )


@dataclass(frozen=True)
class AreaInput:
    """An area of the document as the sync stores it: the stored area it is (None: a new one), its key, heading
    and leads."""

    row_id: int | None
    key: str
    title: str
    leads: tuple[str, ...]


async def stored_areas(session: AsyncSession) -> list[AreaRow]:
    return list((await session.scalars(select(AreaRow).order_by(AreaRow.position, AreaRow.id))).all())


async def sync_areas(session: AsyncSession, areas: Sequence[AreaInput], at: datetime) -> list[AreaRow]:
    """Areas in document order: a stored one takes its key, heading and position, a new one is added;
    stored updates stay with their area. Returns every stored area, those the document no longer has included."""
    rows = {row.id: row for row in await stored_areas(session)}
    placed: list[tuple[AreaRow, AreaInput]] = []
    for position, area in enumerate(areas):
        row = rows.get(area.row_id) if area.row_id is not None else None
        if row is None:
            row = AreaRow(key=area.key, title=area.title, position=position)
            session.add(row)
            await audit(session, at=at, actor=CONFIG_ACTOR, action="area.add", subject=area.key, title=area.title)
        elif (row.key, row.title) != (area.key, area.title):
            await audit(
                session,
                at=at,
                actor=CONFIG_ACTOR,
                action="area.change",
                subject=area.key,
                before={"key": row.key, "title": row.title},
                title=area.title,
            )
            row.key, row.title = area.key, area.title
        row.position = position
        placed.append((row, area))
    await session.flush()
    before = {(r.area_id, r.person_id) for r in (await session.scalars(select(AreaLeadRow))).all()}
    after = {(row.id, lead) for row, area in placed for lead in area.leads}
    await session.execute(delete(AreaLeadRow))
    for area_id, person_id in sorted(after):
        session.add(AreaLeadRow(area_id=area_id, person_id=person_id))
    if before != after:
        await audit(
            session,
            at=at,
            actor=CONFIG_ACTOR,
            action="leads.change",
            subject="areas",
            added=len(after - before),
            removed=len(before - after),
        )
    return list((await session.scalars(select(AreaRow))).all())


async def area_ids(session: AsyncSession) -> dict[str, int]:
    """Stored areas by key."""
    return {row.key: row.id for row in (await session.scalars(select(AreaRow))).all()}


async def set_profile_timezone(session: AsyncSession, platform: str, user_id: str, tz: str) -> None:
    await session.execute(
        update(IdentityRow)
        .where(IdentityRow.platform == platform, IdentityRow.user_id == user_id)
        .values(profile_timezone=tz)
    )


async def profile_timezones(session: AsyncSession) -> dict[str, str]:
    rows = (await session.scalars(select(IdentityRow).where(IdentityRow.profile_timezone.is_not(None)))).all()
    return {r.person_id: r.profile_timezone for r in rows if r.profile_timezone}


# --- absences ----------------------------------------------------------------


async def add_absence(session: AsyncSession, person_id: str, starts: date, ends: date, by: str, at: datetime) -> None:
    session.add(AbsenceRow(person_id=person_id, starts=starts, ends=ends, created_by=by, created_at=at))
    await audit(
        session,
        at=at,
        actor=by,
        action="absence.add",
        subject=person_id,
        starts=starts.isoformat(),
        ends=ends.isoformat(),
    )


async def _not_over(session: AsyncSession, person_id: str, today: date) -> list[AbsenceRow]:
    """A person's absences that end today or later, soonest first: what "back" and "cancel my leave" act on."""
    statement = (
        select(AbsenceRow)
        .where(AbsenceRow.person_id == person_id, AbsenceRow.ends >= today)
        .order_by(AbsenceRow.starts)
    )
    return list((await session.scalars(statement)).all())


async def move_return(
    session: AsyncSession,
    person_id: str,
    today: date,
    back: date,
    by: str,
    at: datetime,
    *,
    action: str = "absence.return",
) -> tuple[list[AbsenceRow], list[AbsenceRow]]:
    """ "I'm back on the 3rd", or "back" (on `today`): the absences not yet over that have begun by then end on
    that day (the day the person is back from, as `away until` takes it; one that begins that day is dropped);
    those that begin later are left untouched, so that "back" from one absence never deletes the next. Those
    moved, and those left (soonest first), for the caller to say so."""
    rows = await _not_over(session, person_id, today)
    moved = [row for row in rows if row.starts <= back]
    for row in moved:
        if row.starts < back:
            row.ends = back
        else:  # back on its first day: never away
            await session.delete(row)
    if moved:
        await audit(session, at=at, actor=by, action=action, subject=person_id, ends=back.isoformat())
    return moved, [row for row in rows if row.starts > back]


async def cancel_absences(
    session: AsyncSession, person_id: str, today: date, covering: date | None, by: str, at: datetime
) -> tuple[list[AbsenceRow], list[AbsenceRow]]:
    """ "cancel my leave": of the absences not yet over, the one(s) covering a day (without a day, the only one)
    are dropped, or end today if they have begun. Those cancelled, and all those not yet over (soonest first),
    for the caller to say which were meant when none was chosen."""
    rows = await _not_over(session, person_id, today)
    if covering is None:
        chosen = rows if len(rows) == 1 else []
    else:
        chosen = [row for row in rows if row.starts <= covering <= row.ends]
    for row in chosen:
        await audit(
            session,
            at=at,
            actor=by,
            action="absence.cancel",
            subject=person_id,
            starts=row.starts.isoformat(),
            ends=row.ends.isoformat(),
        )
        if row.starts < today:
            row.ends = today  # back from today, as "back" says
        else:
            await session.delete(row)
    return chosen, rows


async def upcoming_absences(session: AsyncSession, day: date, person_id: str | None = None) -> list[AbsenceRow]:
    """Absences that begin after a day, soonest first: who will be away before a Dialogue (or when one person will)."""
    statement = select(AbsenceRow).where(AbsenceRow.starts > day).order_by(AbsenceRow.starts, AbsenceRow.person_id)
    if person_id is not None:
        statement = statement.where(AbsenceRow.person_id == person_id)
    return list((await session.scalars(statement)).all())


async def absent_on(session: AsyncSession, day: date) -> dict[str, date]:
    """Who is away on a day, with the day they are back from."""
    rows = (await session.scalars(select(AbsenceRow).where(AbsenceRow.starts <= day, AbsenceRow.ends >= day))).all()
    result: dict[str, date] = {}
    for row in rows:
        result[row.person_id] = max(result.get(row.person_id, row.ends), row.ends)
    return result


# --- status updates ----------------------------------------------------------


async def add_update(
    session: AsyncSession, *, area_id: int, person_id: str, fields: dict[str, str], at: datetime
) -> UpdateRow:
    """Saved with its blockers registered, in the same transaction: the register never disagrees with the updates."""
    row = UpdateRow(area_id=area_id, person_id=person_id, created_at=at, edited_at=None, **fields)
    session.add(row)
    await session.flush()
    await audit(
        session, at=at, actor=person_id, action="update.add", subject=f"area:{area_id}", update_id=row.id, **fields
    )
    await register_blockers(session, row, at)
    return row


async def edit_update(
    session: AsyncSession, update_id: int, fields: dict[str, str], by: str, at: datetime
) -> UpdateRow:
    row = await session.get_one(UpdateRow, update_id)
    before = {k: getattr(row, k) for k in fields}
    for key, value in fields.items():
        setattr(row, key, value)
    row.edited_at = at
    await audit(
        session,
        at=at,
        actor=by,
        action="update.edit",
        subject=f"area:{row.area_id}",
        update_id=update_id,
        before=before,
        after=fields,
    )
    if "blockers" in fields and _said(before["blockers"]).lower() != _said(fields["blockers"]).lower():
        # what the edited update raised is withdrawn, and the update is registered as it now reads, unless a
        # later update of the area (a co-lead's) has spoken since: the register follows the newest word
        await session.execute(
            delete(BlockerRow).where(BlockerRow.update_id == update_id, BlockerRow.resolved_at.is_(None))
        )
        later = exists().where(UpdateRow.area_id == row.area_id, UpdateRow.id > row.id)
        if not (await session.execute(select(later))).scalar():
            await register_blockers(session, row, at)
    return row


async def withdraw_update(session: AsyncSession, row: UpdateRow, by: str, at: datetime) -> None:
    """Remove an update the chairs have not had, which no later update of its area follows, as if never given:
    the blockers it raised go, those it cleared are open again, and `latest_updates` falls back to the lead's
    previous update (its trigger). What it said stays in the audit log."""
    await audit(
        session,
        at=at,
        actor=by,
        action="update.withdraw",
        subject=f"area:{row.area_id}",
        update_id=row.id,
        created_at=row.created_at.isoformat(),
        **{name: getattr(row, name) for name in ("status", "progress", "blockers", "next_steps", "paragraphs")},
    )
    await session.execute(delete(BlockerRow).where(BlockerRow.update_id == row.id))
    cleared = select(BlockerRow).where(BlockerRow.resolved_update_id == row.id)
    for blocker in (await session.scalars(cleared)).all():
        blocker.resolved_at, blocker.resolved_by, blocker.resolved_update_id = None, None, None
    await session.delete(row)
    await session.flush()


async def followed_in_its_area(session: AsyncSession, row: UpdateRow) -> UpdateRow | None:
    """The first update of the same area after this one (anyone's), if there is one."""
    statement = select(UpdateRow).where(UpdateRow.area_id == row.area_id, UpdateRow.id > row.id).order_by(UpdateRow.id)
    return (await session.scalars(statement.limit(1))).first()


async def get_update(session: AsyncSession, update_id: int) -> UpdateRow:
    return await session.get_one(UpdateRow, update_id)


async def latest_updates(session: AsyncSession, area_id: int | None = None) -> list[UpdateRow]:
    """The newest update of each lead for each area (or for one area), newest first.

    Read through `latest_updates`, one row per (area, lead) kept by triggers: one primary-key
    look-up per lead, however many updates are stored.
    """
    statement = select(UpdateRow).join(LatestUpdateRow, LatestUpdateRow.update_id == UpdateRow.id)
    if area_id is not None:
        statement = statement.where(LatestUpdateRow.area_id == area_id)
    rows = await session.scalars(statement.order_by(UpdateRow.created_at.desc()))
    return list(rows.all())


def _newest_before(before: datetime) -> ScalarSelect[int]:
    """The id of the (area, lead) pair's last update created before an instant, the higher id on a tie."""
    return (
        select(UpdateRow.id)
        .where(
            UpdateRow.area_id == LatestUpdateRow.area_id,
            UpdateRow.person_id == LatestUpdateRow.person_id,
            UpdateRow.created_at < before,
        )
        .order_by(UpdateRow.created_at.desc(), UpdateRow.id.desc())
        .limit(1)
        .correlate(LatestUpdateRow)
        .scalar_subquery()
    )


async def latest_updates_before(session: AsyncSession, instants: Sequence[datetime]) -> list[list[UpdateRow]]:
    """Each lead's newest update per area as it stood at each instant (the Dialogues a digest charts).

    One statement for all the instants: per instant, one seek per (area, lead) that ever reported
    (the rows of `latest_updates`) into the index on (area, lead, time, id).
    """
    pairs = union_all(
        *(
            select(literal(n, Integer).label("n"), _newest_before(at).label("id")).select_from(LatestUpdateRow)
            for n, at in enumerate(instants)
        )
    ).subquery()
    table = UpdateRow.__table__
    statement = select(pairs.c.n, *table.columns).join_from(table, pairs, pairs.c.id == table.c.id)
    found: list[list[UpdateRow]] = [[] for _ in instants]
    for n, *values in await session.execute(statement):  # rows, not ORM entities: a digest reads up to 1,200
        found[n].append(transient_update(zip(UPDATE_COLUMNS, values, strict=True)))
    return found


async def all_updates(session: AsyncSession, since: datetime | None = None) -> list[UpdateRow]:
    """Every update ever saved (or since an instant), oldest first: the chairs' export."""
    statement = select(UpdateRow)
    if since is not None:
        statement = statement.where(UpdateRow.created_at >= since)
    return list((await session.scalars(statement.order_by(UpdateRow.created_at, UpdateRow.id))).all())


async def updates_since(session: AsyncSession, since: datetime, area_id: int | None = None) -> list[UpdateRow]:
    statement = select(UpdateRow).where(UpdateRow.created_at >= since)
    if area_id is not None:
        statement = statement.where(UpdateRow.area_id == area_id)
    return list((await session.scalars(statement.order_by(UpdateRow.created_at))).all())


@cache
def _citations_between(bounded_below: bool) -> TextualSelect:
    """Each distinct `paragraphs` value, found by one seek from the one before (a loose index scan over
    `ix_updates_paragraphs_created`), kept when one seek finds it written in [since, until)."""
    since = " AND created_at >= :since" if bounded_below else ""
    table = UpdateRow.__tablename__
    statement = text(
        f"WITH RECURSIVE cited(value) AS ("
        f"SELECT (SELECT paragraphs FROM {table} WHERE paragraphs > '' ORDER BY paragraphs LIMIT 1) "
        f"UNION ALL SELECT (SELECT paragraphs FROM {table} WHERE paragraphs > cited.value "
        f"ORDER BY paragraphs LIMIT 1) FROM cited WHERE cited.value IS NOT NULL) "
        f"SELECT value FROM cited WHERE value IS NOT NULL AND EXISTS (SELECT 1 FROM {table} "
        f"WHERE paragraphs = cited.value AND created_at < :until{since})"
    )
    times = [bindparam("until", type_=UpdateRow.created_at.type)]
    if bounded_below:
        times.append(bindparam("since", type_=UpdateRow.created_at.type))
    return statement.bindparams(*times).columns(value=UpdateRow.paragraphs.type)


async def paragraphs_between(session: AsyncSession, since: datetime | None, until: datetime) -> set[str]:
    """Every paragraph reference (`§14(b)`) named by an update in [since, until).

    Read per distinct citation, not per update: a period holds half of a million updates at a million,
    but people cite the same few paragraphs in the same few ways.
    """
    bounds = {"until": until} if since is None else {"until": until, "since": since}
    values = await session.scalars(_citations_between(since is not None), bounds)
    return {p.strip() for value in values for p in value.split(",") if p.strip()}


async def areas_reported_by(session: AsyncSession, person_id: str, since: datetime) -> set[int]:
    statement = (
        select(UpdateRow.area_id).where(UpdateRow.person_id == person_id, UpdateRow.created_at >= since).distinct()
    )
    return set((await session.scalars(statement)).all())


async def history(session: AsyncSession, area_id: int, limit: int = 10) -> list[UpdateRow]:
    rows = await session.scalars(
        select(UpdateRow).where(UpdateRow.area_id == area_id).order_by(UpdateRow.id.desc()).limit(limit)
    )
    return list(rows.all())


async def latest_by(session: AsyncSession, person_id: str, area_id: int | None = None) -> UpdateRow | None:
    statement = select(UpdateRow).where(UpdateRow.person_id == person_id)
    if area_id is not None:
        statement = statement.where(UpdateRow.area_id == area_id)
    return (await session.scalars(statement.order_by(UpdateRow.id.desc()).limit(1))).first()


# --- the blocker register ----------------------------------------------------

# what leads write for "no blocker"
_NO_BLOCKER = frozenset({"", "-", "—", "–", "none", "n/a", "no", "skip", "nothing"})


def _said(text: str | None) -> str:
    """A blocker as written, whitespace folded; empty when it says there is none."""
    value = " ".join((text or "").split())
    return "" if value.lower().strip(" .") in _NO_BLOCKER else value


async def register_blockers(session: AsyncSession, update_row: UpdateRow, at: datetime) -> BlockerRow | None:
    """Keep the register in step with a saved update: an update naming no blocker resolves every open blocker
    of its area; one naming a blocker opens it (or keeps it, when open already word for word) and resolves
    the other open blockers its own lead raised there, which it replaces. Returns the blocker it opened."""
    said = _said(update_row.blockers)
    statement = select(BlockerRow).where(BlockerRow.area_id == update_row.area_id, BlockerRow.resolved_at.is_(None))
    open_rows = list((await session.scalars(statement)).all())
    for row in open_rows:
        if not said or (row.person_id == update_row.person_id and row.text.lower() != said.lower()):
            row.resolved_at, row.resolved_by, row.resolved_update_id = at, update_row.person_id, update_row.id
    if not said or any(row.text.lower() == said.lower() for row in open_rows):
        return None
    blocker = BlockerRow(
        area_id=update_row.area_id,
        update_id=update_row.id,
        person_id=update_row.person_id,
        text=said,
        raised_at=update_row.created_at,
    )
    session.add(blocker)
    await session.flush()
    return blocker


async def open_blockers(session: AsyncSession, area_ids: Sequence[int] | None = None) -> list[BlockerRow]:
    """Open blockers, oldest first; of some areas only, when given."""
    statement = select(BlockerRow).where(BlockerRow.resolved_at.is_(None))
    if area_ids is not None:
        statement = statement.where(BlockerRow.area_id.in_(list(area_ids)))
    return list((await session.scalars(statement.order_by(BlockerRow.raised_at, BlockerRow.id))).all())


async def resolve_blockers(
    session: AsyncSession, blocker_ids: Sequence[int], *, by: str, at: datetime
) -> list[BlockerRow]:
    """Mark open blockers resolved by what a lead said (no update clears them); returns those it resolved."""
    statement = select(BlockerRow).where(BlockerRow.id.in_(list(blocker_ids)), BlockerRow.resolved_at.is_(None))
    rows = list((await session.scalars(statement)).all())
    for row in rows:
        row.resolved_at, row.resolved_by = at, by
        await audit(
            session,
            at=at,
            actor=by,
            action="blocker.resolve",
            subject=f"area:{row.area_id}",
            blocker_id=row.id,
            text=row.text,
        )
    return rows


async def blocked_updates_since(session: AsyncSession, since: datetime) -> list[tuple[UpdateRow, str | None]]:
    """Blocked updates saved since an instant, each with the status its area had just before (any lead's
    newest earlier update, None for the first): an area became blocked where that was not blocked."""
    before = func.lag(UpdateRow.status).over(
        partition_by=UpdateRow.area_id, order_by=(UpdateRow.created_at, UpdateRow.id)
    )
    ordered = select(UpdateRow.id, before.label("before")).subquery()
    statement = (
        select(UpdateRow, ordered.c.before)
        .join(ordered, ordered.c.id == UpdateRow.id)
        .where(UpdateRow.status == "blocked", UpdateRow.created_at >= since)
        .order_by(UpdateRow.created_at, UpdateRow.id)
    )
    return [(row, before) for row, before in (await session.execute(statement)).all()]


# --- round responses ---------------------------------------------------------


async def add_round_response(
    session: AsyncSession,
    *,
    meeting_id: str,
    person_id: str,
    kind: str,
    at: datetime,
    reason: str = "",
    until: datetime | None = None,
    actor: str | None = None,
) -> None:
    """A lead snoozed a round's prompt (`until`), declined the round (`reason`), or a chair (`actor`) had the
    prompt sent again (`nudged`, `until`); the audit log keeps each."""
    session.add(
        RoundResponseRow(
            meeting_id=meeting_id, person_id=person_id, kind=kind, reason=reason, until=until, created_at=at
        )
    )
    await audit(
        session,
        at=at,
        actor=actor or person_id,
        action=f"round.{kind}",
        subject=f"meeting:{meeting_id}",
        reason=reason,
        until=until.isoformat() if until else None,
    )


async def snoozes(session: AsyncSession, meeting_ids: Sequence[str]) -> dict[str, dict[str, list[datetime]]]:
    """Per meeting, per lead: the instants their round's prompt was snoozed to, or a chair had it sent again at."""
    statement = select(RoundResponseRow).where(
        RoundResponseRow.kind.in_(("snoozed", "nudged")), RoundResponseRow.meeting_id.in_(meeting_ids)
    )
    result: dict[str, dict[str, list[datetime]]] = {}
    for row in await session.scalars(statement.order_by(RoundResponseRow.id)):
        if row.until is not None:
            result.setdefault(row.meeting_id, {}).setdefault(row.person_id, []).append(row.until)
    return result


async def declined(session: AsyncSession, meeting_id: str) -> dict[str, str]:
    """Who declined a meeting's round, with their reason (the latest, when given twice)."""
    return (await declined_in(session, [meeting_id]))[meeting_id]


async def declined_in(session: AsyncSession, meeting_ids: Collection[str]) -> dict[str, dict[str, str]]:
    """`declined` for several meetings' rounds in one statement, by meeting id."""
    statement = select(RoundResponseRow.meeting_id, RoundResponseRow.person_id, RoundResponseRow.reason).where(
        RoundResponseRow.kind == "declined", RoundResponseRow.meeting_id.in_(meeting_ids)
    )
    found: dict[str, dict[str, str]] = {meeting_id: {} for meeting_id in meeting_ids}
    for meeting_id, person_id, reason in await session.execute(statement.order_by(RoundResponseRow.id)):
        found[meeting_id][person_id] = reason
    return found


# --- conversations -----------------------------------------------------------


async def open_conversation(session: AsyncSession, person_id: str) -> ConversationRow | None:
    statement = select(ConversationRow).where(ConversationRow.person_id == person_id, ConversationRow.open.is_(True))
    return (await session.scalars(statement.order_by(ConversationRow.id.desc()).limit(1))).first()


async def start_conversation(
    session: AsyncSession,
    *,
    person_id: str,
    platform: str,
    channel: str,
    kind: str,
    state: dict[str, Any],
    at: datetime,
    expires_at: datetime,
) -> ConversationRow:
    await session.execute(
        update(ConversationRow)
        .where(ConversationRow.person_id == person_id, ConversationRow.open.is_(True))
        .values(open=False, outcome="replaced", updated_at=at)
    )
    row = ConversationRow(
        person_id=person_id,
        platform=platform,
        channel=channel,
        kind=kind,
        state=state,
        version=1,
        open=True,
        outcome=None,
        created_at=at,
        updated_at=at,
        expires_at=expires_at,
    )
    session.add(row)
    await session.flush()
    return row


async def save_conversation(
    session: AsyncSession,
    row_id: int,
    version: int,
    *,
    state: dict[str, Any],
    at: datetime,
    expires_at: datetime,
    close: str | None = None,
) -> bool:
    """Compare-and-set on the version: False when another message changed the conversation first."""
    values: dict[str, Any] = {"state": state, "version": version + 1, "updated_at": at, "expires_at": expires_at}
    if close:
        values |= {"open": False, "outcome": close}
    result = await session.execute(
        update(ConversationRow)
        .where(ConversationRow.id == row_id, ConversationRow.version == version, ConversationRow.open.is_(True))
        .values(**values)
    )
    return result.rowcount > 0  # type: ignore[attr-defined]


async def expired_conversations(session: AsyncSession, now: datetime) -> list[ConversationRow]:
    statement = select(ConversationRow).where(ConversationRow.open.is_(True), ConversationRow.expires_at <= now)
    return list((await session.scalars(statement)).all())


# --- meetings ----------------------------------------------------------------


async def upsert_file_meeting(
    session: AsyncSession, *, id: str, kind: str, day: date, place: str | None, title: str | None, at: datetime
) -> None:
    """A meeting from the file is added once; after that the chat commands own its date and status."""
    row = await session.get(MeetingRow, id)
    if row is None:
        session.add(
            MeetingRow(
                id=id, kind=kind, date=day, place=place, title=title, source="file", cancelled=False, updated_at=at
            )
        )
        await audit(session, at=at, actor=CONFIG_ACTOR, action="meeting.add", subject=id, date=day.isoformat())
    elif row.source == "file" and (row.kind, row.date, row.place, row.title) != (kind, day, place, title):
        row.kind, row.date, row.place, row.title, row.updated_at = kind, day, place, title, at
        await audit(session, at=at, actor=CONFIG_ACTOR, action="meeting.change", subject=id, date=day.isoformat())


async def meeting_changes(session: AsyncSession, meeting_id: str) -> list[AuditRow]:
    """A meeting's record in the audit log, oldest first: added, moved, changed, cancelled."""
    statement = (
        select(AuditRow)
        .where(AuditRow.subject == meeting_id, AuditRow.action.like("meeting.%"))
        .order_by(AuditRow.at, AuditRow.id)
    )
    return list((await session.scalars(statement)).all())


async def meetings(session: AsyncSession, *, include_cancelled: bool = False) -> list[MeetingRow]:
    statement = select(MeetingRow).order_by(MeetingRow.date, MeetingRow.id)
    if not include_cancelled:
        statement = statement.where(MeetingRow.cancelled.is_(False))
    return list((await session.scalars(statement)).all())


async def meetings_version(session: AsyncSession) -> int:
    """A number that changes with every write to the meetings (a trigger counts them): whether a copy is current."""
    statement = select(DataVersionRow.version).where(DataVersionRow.name == "meetings")
    return int((await session.execute(statement)).scalar_one())


async def meeting(session: AsyncSession, meeting_id: str) -> MeetingRow | None:
    return await session.get(MeetingRow, meeting_id)


async def meeting_sequences(session: AsyncSession) -> dict[str, int]:
    """How many times each meeting was changed (moved, cancelled, edited in the file) since it was added, from
    the audit log: the SEQUENCE of its calendar entry, which calendars need to grow with every change."""
    statement = (
        select(AuditRow.subject, func.count())
        .where(AuditRow.action.in_(["meeting.move", "meeting.cancel", "meeting.change"]))
        .group_by(AuditRow.subject)
    )
    return {subject: count for subject, count in (await session.execute(statement)).all()}


async def add_meeting(session: AsyncSession, row: MeetingRow, by: str) -> None:
    session.add(row)
    await audit(
        session,
        at=row.updated_at,
        actor=by,
        action="meeting.add",
        subject=row.id,
        date=row.date.isoformat(),
        kind=row.kind,
    )


# --- deliveries and the scheduler lease -------------------------------------------


@dataclass(frozen=True)
class Fence:
    """The lease a scheduler writes under: a claim is refused unless this holder, at this generation,
    still holds the lease on the database's clock."""

    lease: str
    holder: str
    generation: int


async def database_now(db: AsyncSession | AsyncConnection) -> datetime:
    """The database server's clock: lease and claim times are read from it, never from a process, so two
    processes whose clocks disagree still agree on who holds the lease and which claim is stale."""
    dialect = db.dialect.name if isinstance(db, AsyncConnection) else _dialect(db)
    if dialect == "postgresql":
        value = (await db.execute(text("SELECT statement_timestamp()"))).scalar_one()
        return value.astimezone(timezone.utc)
    value = (await db.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"))).scalar_one()
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


def _holds(fence: Fence, now: datetime) -> Any:
    return exists().where(
        LeaseRow.name == fence.lease,
        LeaseRow.holder == fence.holder,
        LeaseRow.generation == fence.generation,
        LeaseRow.expires_at > now,
    )


async def claim_delivery(
    session: AsyncSession, *, key: str, kind: str, meeting_id: str | None, recipient: str, fence: Fence
) -> bool:
    """Insert the delivery's unique row; False when another process (or an earlier run) has it, or when
    the fence's holder no longer holds the lease (one statement, so the check and the insert are one)."""
    now = await database_now(session)
    columns = ("key", "kind", "meeting_id", "recipient", "status", "attempts", "claimed_at", "generation")
    values = select(
        literal(key),
        literal(kind),
        literal(meeting_id, String()),
        literal(recipient),
        literal("claimed"),
        literal(0),
        literal(now, UTCDateTime()),
        literal(fence.generation),
    ).where(_holds(fence, now))
    statement = _insert(session, DeliveryRow).from_select(columns, values)
    return await _inserted(session, statement.on_conflict_do_nothing().returning(DeliveryRow.id))


async def finished_deliveries(
    session: AsyncSession, meeting_ids: Sequence[str] | None, now: datetime, *, key_prefix: str | None = None
) -> set[str]:
    """Keys of the deliveries (of these meetings, or whose key starts with the prefix) that need nothing now:
    sent, given up, or failed and not yet due again."""
    statement = select(DeliveryRow.key)
    if meeting_ids is not None:
        statement = statement.where(DeliveryRow.meeting_id.in_(list(meeting_ids)))
    if key_prefix is not None:
        statement = statement.where(DeliveryRow.key.startswith(key_prefix))
    statement = statement.where(
        (DeliveryRow.status == "sent")
        | (
            (DeliveryRow.status == "failed")
            & (DeliveryRow.next_attempt_at.is_(None) | (DeliveryRow.next_attempt_at > now))
        )
    )
    return set((await session.scalars(statement)).all())


class Takeover(enum.Enum):
    """Why a delivery that already has a row may be sent now."""

    RETRY = "retry"  # it failed and its next attempt is due
    IN_DOUBT = "in doubt"  # its sender stopped between claiming and recording: it may have gone out


async def take_over_delivery(
    session: AsyncSession, *, key: str, fence: Fence, now: datetime, stale_after: timedelta
) -> Takeover | None:
    """Claim again a delivery that failed and is due (`now`, the process's clock, decides when), or whose
    sender died after claiming it (stale on the database's clock); None if it is done, not due, or taken.

    The update re-checks what was read (status, attempts) and the fence, so of two processes only one wins.
    """
    row = await delivery(session, key)
    if row is None:
        return None
    database = await database_now(session)
    if row.status == "failed" and row.next_attempt_at is not None and row.next_attempt_at <= now:
        why = Takeover.RETRY
    elif row.status == "claimed" and row.claimed_at < database - stale_after:
        why = Takeover.IN_DOUBT
    else:
        return None
    result = await session.execute(
        update(DeliveryRow)
        .where(
            DeliveryRow.key == key,
            DeliveryRow.status == row.status,
            DeliveryRow.attempts == row.attempts,
            DeliveryRow.claimed_at == row.claimed_at,
        )
        .where(_holds(fence, database))
        .values(status="claimed", claimed_at=database, generation=fence.generation)
        .execution_options(synchronize_session=False)
    )
    return why if result.rowcount > 0 else None  # type: ignore[attr-defined]


async def finish_delivery(
    session: AsyncSession,
    key: str,
    *,
    fence: Fence,
    at: datetime,
    error: str | None = None,
    next_attempt_at: datetime | None = None,
    doubt: str | None = None,
) -> bool:
    """Record the outcome of this holder's own claim; False when the row is no longer its claim (another
    holder took it over), so the caller can say a copy may have gone out twice."""
    values: dict[str, Any] = {"attempts": DeliveryRow.attempts + 1}
    if error:
        values |= {"status": "failed", "last_error": error[:2000], "next_attempt_at": next_attempt_at}
    else:
        values |= {"status": "sent", "sent_at": at, "last_error": None, "next_attempt_at": None}
    if doubt:
        values["doubt"] = doubt[:2000]
    result = await session.execute(
        update(DeliveryRow)
        .where(DeliveryRow.key == key, DeliveryRow.status == "claimed", DeliveryRow.generation == fence.generation)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount > 0  # type: ignore[attr-defined]


async def prompted_for(session: AsyncSession, meeting_ids: Collection[str]) -> dict[str, set[str]]:
    """The people each round's prompt reached (deliveries of kind `prompt` sent for the meeting), by meeting id."""
    statement = select(DeliveryRow.meeting_id, DeliveryRow.recipient).where(
        DeliveryRow.kind == "prompt", DeliveryRow.meeting_id.in_(meeting_ids), DeliveryRow.status == "sent"
    )
    found: dict[str, set[str]] = {meeting_id: set() for meeting_id in meeting_ids}
    for meeting_id, recipient in await session.execute(statement):
        found[str(meeting_id)].add(recipient.removeprefix("person:"))
    return found


async def first_sent(session: AsyncSession, key_prefix: str) -> datetime | None:
    """When the first delivery whose key starts with the prefix was sent (e.g. a meeting's digest)."""
    statement = select(func.min(DeliveryRow.sent_at)).where(
        DeliveryRow.key.startswith(key_prefix), DeliveryRow.status == "sent"
    )
    return (await session.execute(statement)).scalar()


async def delivery(session: AsyncSession, key: str) -> DeliveryRow | None:
    return (await session.scalars(select(DeliveryRow).where(DeliveryRow.key == key))).first()


async def deliveries_of(session: AsyncSession, key_prefix: str) -> list[DeliveryRow]:
    return list(
        (
            await session.scalars(
                select(DeliveryRow).where(DeliveryRow.key.startswith(key_prefix)).order_by(DeliveryRow.id)
            )
        ).all()
    )


async def list_deliveries(session: AsyncSession, *, failed_only: bool = False, limit: int = 200) -> list[DeliveryRow]:
    """The newest deliveries first; with failed_only, those that failed (given up or waiting to retry)."""
    statement = select(DeliveryRow).order_by(DeliveryRow.id.desc()).limit(limit)
    if failed_only:
        statement = statement.where(DeliveryRow.status == "failed")
    return list((await session.scalars(statement)).all())


async def rearm_deliveries(session: AsyncSession, *, ids: Sequence[int] | None, at: datetime) -> list[DeliveryRow]:
    """Make failed deliveries (the given ids, or all failed ones) due at `at`; returns the rows re-armed."""
    statement = select(DeliveryRow).where(DeliveryRow.status == "failed")
    if ids is not None:
        statement = statement.where(DeliveryRow.id.in_(list(ids)))
    rows = list((await session.scalars(statement)).all())
    for row in rows:
        row.next_attempt_at = at
    return rows


async def take_lease(session: AsyncSession, name: str, holder: str, ttl: timedelta) -> int | None:
    """Hold (or renew) the named lease unless someone else holds an unexpired one, on the database's clock.

    Returns the lease's generation while held, None otherwise. The generation grows each
    time the lease changes hands (never reset: release expires the row), and every claim
    carries it, so a process that lost the lease cannot write as if it still held it.
    """
    now = await database_now(session)
    inserted = _insert(session, LeaseRow).values(name=name, holder=holder, expires_at=now + ttl, generation=1)
    if await _inserted(session, inserted.on_conflict_do_nothing().returning(LeaseRow.generation)):
        return 1
    result = await session.execute(
        update(LeaseRow)
        .where(LeaseRow.name == name)
        .where((LeaseRow.holder == holder) | (LeaseRow.expires_at <= now))
        .values(
            holder=holder,
            expires_at=now + ttl,
            generation=case((LeaseRow.holder == holder, LeaseRow.generation), else_=LeaseRow.generation + 1),
        )
        .returning(LeaseRow.generation)
        .execution_options(synchronize_session=False)
    )
    generation = result.scalar()
    return None if generation is None else int(generation)


async def release_lease(session: AsyncSession, name: str, holder: str) -> None:
    """Expire the lease (kept, with its generation) so another process takes it at once."""
    now = await database_now(session)
    await session.execute(
        update(LeaseRow)
        .where(LeaseRow.name == name, LeaseRow.holder == holder)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )


async def lease(session: AsyncSession, name: str) -> LeaseRow | None:
    return await session.get(LeaseRow, name)


# --- chat contexts -----------------------------------------------------------
# Read and written for every message, so as SQL text for `storage.direct` (see claim_inbound_statement).


@lru_cache(maxsize=4)
def chat_context_statements(dialect: Dialect) -> tuple[str, str]:
    """(select, upsert): the context of (person, platform, channel), and its replacement in one statement."""
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    table = ChatContextRow.__tablename__
    select = (
        f"SELECT state, updated_at FROM {table} WHERE person_id = {mark} AND platform = {mark} AND channel = {mark}"
    )
    upsert = (
        f"INSERT INTO {table} (person_id, platform, channel, state, updated_at) "
        f"VALUES ({mark}, {mark}, {mark}, {mark}, {mark}) "
        "ON CONFLICT (person_id, platform, channel) "
        "DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"
    )
    return select, upsert


@lru_cache(maxsize=4)
def _context_processors(dialect: Dialect) -> tuple[Callable[[Any], Any] | None, ...]:
    """The columns' own conversions (JSON text, naive UTC times), as the ORM would apply them."""
    state, updated_at = (
        ChatContextRow.__table__.c[name].type.dialect_impl(dialect) for name in ("state", "updated_at")
    )
    return (
        state.bind_processor(dialect),
        updated_at.bind_processor(dialect),
        state.result_processor(dialect, None),
        updated_at.result_processor(dialect, None),
    )


def chat_context_parameters(
    dialect: Dialect, key: tuple[str, str, str], state: dict[str, Any], at: datetime
) -> list[object]:
    state_in, at_in, _, _ = _context_processors(dialect)
    return [*key, state_in(state) if state_in else state, at_in(at) if at_in else at]


def chat_context_row(dialect: Dialect, row: Sequence[Any]) -> tuple[dict[str, Any], datetime]:
    """(state, updated_at) of a row the select returned, converted as the ORM would."""
    _, _, state_out, at_out = _context_processors(dialect)
    state, at = row
    return (state_out(state) if state_out else state), (at_out(at) if at_out else at)
