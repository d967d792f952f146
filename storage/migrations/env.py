"""Alembic environment: runs on the connection the app hands over (see storage.db), or on a URL for the CLI."""

from __future__ import annotations

from alembic import context

from storage.models import Base

connection = context.config.attributes.get("connection")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
