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


# One school as an older version stored it (every column the schools table has had since
# 0001), for the tests that fill an old store.
SCHOOL = {
    "id": "s1",
    "name": "Ōtaki Kura",
    "moe_number": 4321,
    "school_type": "kura_kaupapa",
    "roll": 210,
    "address": "1 Awa Road",
    "cluster": "Kāhui Ako o Te Awa",
    "district": "Te Awa Roa",
    "area": "Awa North",
    "phone": "06 555 0100",
    "notes": "Tumuaki prefers mornings",
    "archived": 0,
}
