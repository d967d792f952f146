"""The database schema, as typed SQLAlchemy 2 ORM classes.

Everything users tell the bot is kept: people removed from the working-group file
stay (inactive) with their history; updates are never overwritten, a newer row
supersedes them; every change is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, configure_mappers, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Instants stored as naive UTC and read back as aware UTC, the same on SQLite and PostgreSQL."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database: times must carry a timezone")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}


class PersonRow(Base):
    __tablename__ = "people"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    side: Mapped[str | None] = mapped_column(String(40))
    timezone: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime]


class IdentityRow(Base):
    """A person's user id on one platform; the platform profile timezone is cached here."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    profile_timezone: Mapped[str | None] = mapped_column(String(64))


class RoleRow(Base):
    __tablename__ = "roles"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)


class AreaRow(Base):
    """An area of cooperation, known by its key: its heading is display data, rewritten when the document is revised.

    Rows are never deleted: an area a revised document drops keeps its history (and
    its last heading and position).
    """

    __tablename__ = "areas"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)


class AreaLeadRow(Base):
    __tablename__ = "area_leads"
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), primary_key=True)


class AbsenceRow(Base):
    __tablename__ = "absences"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]


class UpdateRow(Base):
    """One status update by one lead for one area; the newest per (area, lead) is current."""

    __tablename__ = "status_updates"
    __table_args__ = (
        Index("ix_updates_area_created", "area_id", "created_at"),
        Index("ix_updates_area_person", "area_id", "person_id", "created_at", "id"),
        # one lead's newest update of an area: one seek
        Index("ix_updates_area_person_id", "area_id", "person_id", "id"),
        # the paragraphs a period's updates name, read from the index alone (the digest's silent paragraphs)
        Index("ix_updates_created_paragraphs", "created_at", "paragraphs"),
        # each distinct citation, and whether the period named it: the digest's silent paragraphs (migration 0008)
        Index("ix_updates_paragraphs_created", "paragraphs", "created_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[str] = mapped_column(Text, default="")
    blockers: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    paragraphs: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime]
    edited_at: Mapped[datetime | None]


@cache
def _new_update_row() -> Callable[[], UpdateRow]:
    configure_mappers()  # as the ORM's first query would: the attributes then read the instance's dictionary
    return UpdateRow.__mapper__.class_manager.new_instance


UPDATE_COLUMNS = tuple(column.name for column in UpdateRow.__table__.columns)  # in the table's order


def transient_update(values: Iterable[tuple[str, Any]]) -> UpdateRow:
    """An `UpdateRow` from a row read past the ORM, filled as the ORM's own loader fills one (its attributes
    written into the instance's dictionary, no change events), for reading only: through the constructor, the
    rows of a status answer or a digest cost a tenth of its CPU."""
    row = _new_update_row()()
    row.__dict__.update(values)
    return row


class LatestUpdateRow(Base):
    """The newest update (highest id) of each lead for each area: what `status` shows, read without a scan.

    Kept by database triggers on `status_updates` (migration 0007) in the writer's own transaction, so every
    writer (the bot, a bulk load, another process) keeps it right: insert, delete, and a change of area or lead.
    No foreign key to the update: a deleted update's row is replaced by the trigger after the delete.
    """

    __tablename__ = "latest_updates"
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), primary_key=True)
    update_id: Mapped[int] = mapped_column(Integer)


class DataVersionRow(Base):
    """A counter per kind of data that processes cache (`meetings`), bumped by triggers on every write to it:
    a process compares one number to know whether its copy is still current."""

    __tablename__ = "data_versions"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class BlockerRow(Base):
    """One blocker of the register: raised by a lead's update of an area, open until a later update of the
    area clears it (or the same lead reports another) or the lead says it is resolved.

    A blocker repeated word for word by a later update stays the one row, so its age counts from when it was
    first raised. `resolved_by` is who resolved it; `resolved_update_id` the update that cleared it, if one did.
    """

    __tablename__ = "blockers"
    __table_args__ = (Index("ix_blockers_area_open", "area_id", "resolved_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    update_id: Mapped[int] = mapped_column(ForeignKey("status_updates.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(40))
    resolved_update_id: Mapped[int | None] = mapped_column(Integer)


class RoundResponseRow(Base):
    """A lead's answer to a collection round other than an update: `snoozed` until an instant (the round's
    prompt comes again then), or `declined` with a one-line reason the chairs read in the digest; or a chair's
    `nudged`, the prompt sent again at `until`."""

    __tablename__ = "round_responses"
    __table_args__ = (Index("ix_round_responses_meeting_person", "meeting_id", "person_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(10))  # snoozed, declined, nudged
    reason: Mapped[str] = mapped_column(Text, default="")
    until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class ConversationRow(Base):
    """A multi-step conversation's state, so it resumes after a restart and on any process.

    `version` is bumped by every write; a write that finds another version lost a race.
    """

    __tablename__ = "conversations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[dict[str, Any]]
    version: Mapped[int] = mapped_column(Integer, default=1)
    open: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    outcome: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class ChatContextRow(Base):
    """What a person last referred to in one chat (area, paragraph, person, meeting), for follow-ups.

    Kept like conversations, so "who leads it?" works after a restart and on any process;
    read as empty once older than the context's lifetime. No foreign key: the local
    operator of the console has a context too, and is not a person of the file.
    """

    __tablename__ = "chat_contexts"
    __table_args__ = (UniqueConstraint("person_id", "platform", "channel"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(String(40))
    platform: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(64))
    state: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class InboundEventRow(Base):
    """A processed platform event; the unique key makes a retried delivery a no-op."""

    __tablename__ = "inbound_events"
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[datetime]


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    detail: Mapped[dict[str, Any]]


class MeetingRow(Base):
    __tablename__ = "meetings"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    date: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(10))  # "file" or "chat"
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime]


class DeliveryRow(Base):
    """One outgoing prompt, reminder, digest, addendum or alert to one recipient, claimed before it is sent.

    The unique key is the whole guarantee: two schedulers that both try to claim it
    insert the same key and only one succeeds. `generation` is the scheduler lease's
    generation the claim was taken under, so a holder that lost the lease cannot
    finish or take over what the new holder owns. A failed send waits for
    `next_attempt_at`; a failure with none is given up (the admins were told).
    `doubt` records why a copy may have gone out twice, where the platform could not say.
    """

    __tablename__ = "deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    meeting_id: Mapped[str | None] = mapped_column(String(40), index=True)
    recipient: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10))  # claimed, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime]  # the database's clock
    sent_at: Mapped[datetime | None]
    generation: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    doubt: Mapped[str | None] = mapped_column(Text)


class LeaseRow(Base):
    """Who runs the scheduler: one holder at a time, renewed before it expires (on the database's clock).

    `generation` grows by one each time the lease changes hands and is never reset (a
    released lease is expired, not deleted), so it fences out a holder that lost it.
    """

    __tablename__ = "leases"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime]
    generation: Mapped[int] = mapped_column(Integer, default=1)
