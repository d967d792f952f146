"""Throwaway PostgreSQL databases, for the tests and the benchmarks: one new, empty database each, dropped after."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


def _libpq(url: str) -> str:
    """psycopg takes a libpq URL; ours are SQLAlchemy's (postgresql+psycopg://...)."""
    return "postgresql://" + url.split("://", 1)[1]


@contextmanager
def throwaway_database(admin_url: str, prefix: str = "pb", template: str | None = None) -> Iterator[str]:
    """A new database on the server of `admin_url`, as a SQLAlchemy psycopg URL; dropped on exit even
    if connections to it are still open (WITH (FORCE)), so a failed test leaves nothing behind.

    With `template`, the new database is a copy of that one (which nobody may be connected to)."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(admin_url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield database_url(admin_url, name)
    finally:
        with psycopg.connect(_libpq(admin_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(admin_url: str, name: str) -> str:
    """The SQLAlchemy psycopg URL of database `name` on the server of `admin_url`."""
    base, _, _ = admin_url.rpartition("/")
    return f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
