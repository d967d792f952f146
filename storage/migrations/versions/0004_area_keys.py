"""area keys: every area is known by a unique key, no longer by its heading, which a revised document may reword

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:00:00

Rows whose key is set (the working-group file's key, written by the sync) keep it; the
others get the slug of their heading, as the bot gives an area the file does not name.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# names the batch copy gives the unnamed constraints it reflects on SQLite
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
SLUG_LENGTH = 60


def _slug(title: str) -> str:
    """The slug of a heading, cut at a word (bot.area_identity.area_slug when this was written; kept here
    as it was, so the migration does the same on every database whatever the code becomes)."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug or "area"


def upgrade() -> None:
    areas = sa.table(
        "areas",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("key", sa.String),
        sa.column("position", sa.Integer),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(areas.c.id, areas.c.title, areas.c.key).order_by(areas.c.position, areas.c.id)).all()
    taken: set[str] = set()
    for row_id, title, key in rows:
        wanted = key or _slug(title)
        chosen, number = wanted, 2
        while chosen in taken:  # two rows once given one key: the later keeps its history under a numbered key
            chosen, number = f"{wanted}-{number}", number + 1
        taken.add(chosen)
        if chosen != key:
            bind.execute(areas.update().where(areas.c.id == row_id).values(key=chosen))
    title_unique = next(
        (c["name"] for c in sa.inspect(bind).get_unique_constraints("areas") if c["column_names"] == ["title"]), None
    )
    with op.batch_alter_table("areas", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.alter_column("key", existing_type=sa.String(length=100), nullable=False)
        batch_op.drop_constraint(title_unique or "uq_areas_title", type_="unique")
        batch_op.create_unique_constraint("uq_areas_key", ["key"])


def downgrade() -> None:
    with op.batch_alter_table("areas", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint("uq_areas_key", type_="unique")
        batch_op.create_unique_constraint("uq_areas_title", ["title"])
        batch_op.alter_column("key", existing_type=sa.String(length=100), nullable=True)
