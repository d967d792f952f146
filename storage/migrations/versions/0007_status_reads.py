"""status reads: indexes for the questions asked, each lead's latest update per area, and data versions

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-20 08:00:00

`status` and the digest read each lead's newest update per area; at a million updates
finding it by grouping the whole table took 176 ms. `latest_updates` holds it, one row per
(area, lead), kept by triggers on `status_updates` in the writer's transaction, and is
filled here from the rows already stored. `data_versions` counts the writes to the
meetings (a trigger too), so a process keeps its meetings in memory and re-reads them
only when another process (or itself) changed them.

SQLite drops a table's triggers with the table: a later batch migration of
`status_updates` or `meetings` (copy, drop, rename) must create them again
(`create_triggers` below).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = [
    """CREATE TRIGGER status_updates_latest_insert AFTER INSERT ON status_updates BEGIN
        INSERT INTO latest_updates (area_id, person_id, update_id) VALUES (NEW.area_id, NEW.person_id, NEW.id)
        ON CONFLICT (area_id, person_id) DO UPDATE SET update_id = max(update_id, excluded.update_id);
    END""",
    """CREATE TRIGGER status_updates_latest_delete AFTER DELETE ON status_updates BEGIN
        DELETE FROM latest_updates WHERE area_id = OLD.area_id AND person_id = OLD.person_id;
        INSERT INTO latest_updates (area_id, person_id, update_id)
        SELECT OLD.area_id, OLD.person_id, max(id) FROM status_updates
        WHERE area_id = OLD.area_id AND person_id = OLD.person_id HAVING max(id) IS NOT NULL;
    END""",
    """CREATE TRIGGER status_updates_latest_move AFTER UPDATE OF area_id, person_id ON status_updates BEGIN
        DELETE FROM latest_updates WHERE area_id = OLD.area_id AND person_id = OLD.person_id;
        INSERT INTO latest_updates (area_id, person_id, update_id)
        SELECT OLD.area_id, OLD.person_id, max(id) FROM status_updates
        WHERE area_id = OLD.area_id AND person_id = OLD.person_id HAVING max(id) IS NOT NULL;
        INSERT INTO latest_updates (area_id, person_id, update_id) VALUES (NEW.area_id, NEW.person_id, NEW.id)
        ON CONFLICT (area_id, person_id) DO UPDATE SET update_id = max(update_id, excluded.update_id);
    END""",
    *(
        f"""CREATE TRIGGER meetings_version_{event.lower()} AFTER {event} ON meetings BEGIN
        UPDATE data_versions SET version = version + 1 WHERE name = 'meetings';
    END"""
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
]

_POSTGRES_TRIGGERS = [
    """CREATE FUNCTION status_updates_latest() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM latest_updates WHERE area_id = OLD.area_id AND person_id = OLD.person_id;
            INSERT INTO latest_updates (area_id, person_id, update_id)
            SELECT OLD.area_id, OLD.person_id, max(id) FROM status_updates
            WHERE area_id = OLD.area_id AND person_id = OLD.person_id HAVING max(id) IS NOT NULL;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO latest_updates (area_id, person_id, update_id) VALUES (NEW.area_id, NEW.person_id, NEW.id)
            ON CONFLICT (area_id, person_id)
            DO UPDATE SET update_id = greatest(latest_updates.update_id, excluded.update_id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER status_updates_latest AFTER INSERT OR DELETE OR UPDATE OF area_id, person_id
    ON status_updates FOR EACH ROW EXECUTE FUNCTION status_updates_latest()""",
    """CREATE FUNCTION meetings_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE data_versions SET version = version + 1 WHERE name = 'meetings';
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER meetings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON meetings FOR EACH STATEMENT EXECUTE FUNCTION meetings_version()""",
]


def trigger_statements(dialect_name: str) -> list[str]:
    """The CREATE statements of the triggers (and PostgreSQL's functions) this migration adds, for a dialect."""
    return list(_POSTGRES_TRIGGERS if dialect_name == "postgresql" else _SQLITE_TRIGGERS)


def create_triggers() -> None:
    for statement in trigger_statements(op.get_bind().dialect.name):
        op.execute(statement)


def upgrade() -> None:
    with op.batch_alter_table("status_updates", schema=None) as batch_op:
        batch_op.create_index("ix_updates_area_person_id", ["area_id", "person_id", "id"], unique=False)
        batch_op.create_index("ix_updates_created_paragraphs", ["created_at", "paragraphs"], unique=False)
    op.create_table(
        "latest_updates",
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=40), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("area_id", "person_id"),
    )
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.execute("INSERT INTO data_versions (name, version) VALUES ('meetings', 0)")
    op.execute(
        "INSERT INTO latest_updates (area_id, person_id, update_id) "
        "SELECT area_id, person_id, max(id) FROM status_updates GROUP BY area_id, person_id"
    )
    create_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER meetings_version ON meetings")
        op.execute("DROP TRIGGER status_updates_latest ON status_updates")
        op.execute("DROP FUNCTION meetings_version()")
        op.execute("DROP FUNCTION status_updates_latest()")
    else:
        for name in ("latest_insert", "latest_delete", "latest_move"):
            op.execute(f"DROP TRIGGER status_updates_{name}")
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER meetings_version_{event}")
    op.drop_table("data_versions")
    op.drop_table("latest_updates")
    with op.batch_alter_table("status_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_updates_created_paragraphs")
        batch_op.drop_index("ix_updates_area_person_id")
