"""blockers: the register of blockers leads raise, each open until cleared or resolved

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 08:00:00

The updates already stored are read in order and registered as the bot now does at
save (the rules copied here as they were written, so every database gets the same
register whatever the code becomes): a blocker is opened by an update that names one,
kept when repeated word for word, replaced when the same lead names another, and
resolved by a later update of its area that names none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_NONE = {"", "-", "—", "–", "none", "n/a", "no", "skip", "nothing"}


def _said(text: str | None) -> str:
    value = " ".join((text or "").split())
    return "" if value.lower().strip(" .") in _NONE else value


def upgrade() -> None:
    op.create_table(
        "blockers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raised_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("resolved_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=40), nullable=True),
        sa.Column("resolved_update_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
        ),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["status_updates.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("blockers", schema=None) as batch_op:
        batch_op.create_index("ix_blockers_area_open", ["area_id", "resolved_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_blockers_update_id"), ["update_id"], unique=False)
    _register_stored_updates()


def _register_stored_updates() -> None:
    updates = sa.table(
        "status_updates",
        sa.column("id", sa.Integer),
        sa.column("area_id", sa.Integer),
        sa.column("person_id", sa.String),
        sa.column("blockers", sa.Text),
        sa.column("created_at", storage.models.UTCDateTime()),
    )
    blockers = sa.table(
        "blockers",
        sa.column("area_id", sa.Integer),
        sa.column("update_id", sa.Integer),
        sa.column("person_id", sa.String),
        sa.column("text", sa.Text),
        sa.column("raised_at", storage.models.UTCDateTime()),
        sa.column("resolved_at", storage.models.UTCDateTime()),
        sa.column("resolved_by", sa.String),
        sa.column("resolved_update_id", sa.Integer),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(updates).order_by(updates.c.created_at, updates.c.id)).all()
    register: list[dict[str, object]] = []
    for row in rows:
        said = _said(row.blockers)
        for entry in register:
            if entry["area_id"] != row.area_id or entry["resolved_at"] is not None:
                continue
            if not said or (entry["person_id"] == row.person_id and str(entry["text"]).lower() != said.lower()):
                entry |= {"resolved_at": row.created_at, "resolved_by": row.person_id, "resolved_update_id": row.id}
        if said and not any(
            e["area_id"] == row.area_id and e["resolved_at"] is None and str(e["text"]).lower() == said.lower()
            for e in register
        ):
            register.append(
                {
                    "area_id": row.area_id,
                    "update_id": row.id,
                    "person_id": row.person_id,
                    "text": said,
                    "raised_at": row.created_at,
                    "resolved_at": None,
                    "resolved_by": None,
                    "resolved_update_id": None,
                }
            )
    if register:
        bind.execute(blockers.insert(), register)


def downgrade() -> None:
    with op.batch_alter_table("blockers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blockers_update_id"))
        batch_op.drop_index("ix_blockers_area_open")
    op.drop_table("blockers")
