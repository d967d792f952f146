"""paragraph index: updates by the paragraphs they name, then time

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-27 08:00:00

The digest lists each area's paragraphs that no update of the period named. Read by time
(`created_at`, `paragraphs`), that is every update of the period: half of a million at a
million updates. Indexed by (`paragraphs`, `created_at`), it is two seeks per distinct
citation ("§14, §15(b)") ever written: the next one, and whether it was written in the
period. Citations repeat, so that number stays small however many updates are stored.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_updates_paragraphs_created", "status_updates", ["paragraphs", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_updates_paragraphs_created", table_name="status_updates")
