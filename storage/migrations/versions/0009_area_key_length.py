"""area keys as long as headings

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-28 08:00:00

An area's key is its key in the working-group file when the file names it: a file that names an
area by its whole heading, of more than 100 characters, made a key PostgreSQL refused (SQLite does
not check lengths), and the bot could not start. Keys now hold what a heading holds (300).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("areas") as batch_op:
        batch_op.alter_column("key", type_=sa.String(300), existing_type=sa.String(100), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("areas") as batch_op:
        batch_op.alter_column("key", type_=sa.String(100), existing_type=sa.String(300), existing_nullable=False)
