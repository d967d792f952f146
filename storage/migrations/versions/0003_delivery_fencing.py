"""delivery fencing and retries: the lease's generation, carried by every claim; when a failed delivery is
tried next; the doubt recorded when a resend may have duplicated a message

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("generation", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("next_attempt_at", storage.models.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("doubt", sa.Text(), nullable=True))
    with op.batch_alter_table("leases") as batch:
        batch.add_column(sa.Column("generation", sa.Integer(), nullable=False, server_default="1"))
    # rows failed under the old rule (five attempts, then never) are retried under the new one
    op.execute("UPDATE deliveries SET next_attempt_at = claimed_at WHERE status = 'failed'")
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column("generation", server_default=None)
    with op.batch_alter_table("leases") as batch:
        batch.alter_column("generation", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("leases") as batch:
        batch.drop_column("generation")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("doubt")
        batch.drop_column("next_attempt_at")
        batch.drop_column("generation")
