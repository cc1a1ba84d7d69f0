"""A store as an older app version left it: migrated only as far as a given revision,
with rows written by raw SQL in that revision's shape (the models describe the newest
one). Every "a migration keeps the data" test starts here."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command

from app.services import migrate
from app.services.store import make_engine


def store_at(path: Path, revision: str) -> None:
    """An empty local store at ``path``, migrated up to ``revision`` and no further."""
    engine = make_engine(path)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), revision)
    engine.dispose()


def insert(db: sqlite3.Connection, table: str, values: Mapping[str, Any]) -> None:
    """One row of ``table`` with exactly these columns."""
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(values.values()))
