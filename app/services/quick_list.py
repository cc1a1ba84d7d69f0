"""The schools list read straight from the store file at start-up, before the ORM store opens.

Opening the store the normal way imports SQLAlchemy and every model (about a third of a
second) before it can read a row; the officer opened the app to see the list. This read
needs only SQLCipher and the key: it opens the file read-only (``PRAGMA query_only``),
checks that the schema is the one this app writes, and reads the list through
``school_list_read``, the code every later refresh uses, so the first list is the list.

It declines (returns None) whenever the store is not as a normal start finds it: no key
file or no way to the key yet, files left by an interrupted conversion or restore, a
plain or unreadable file, a schema not at head, a first run that has still to create its
district, or no schools. The normal opening then does what is needed (migrating,
converting, asking for the passphrase) and reports any problem in its own words. It
never writes: nothing may change the store before it has been opened the normal way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.services import crypto_store, keys
from app.services.school_list_read import read_school_list
from app.services.school_list_rows import SchoolList
from app.services.school_list_sql import Rows
from lpc_core.schema_version import SCHEMA_HEAD

INITIALISED_KEY = "initialised"  # local_settings: how the store's first run went
DEMO_PENDING = "demo-pending"  # the demo district is still to be created
LEFT_BY_CONVERSION = (crypto_store.ENCRYPTING, crypto_store.PLAIN_OLD, crypto_store.RESTORING)


def store_key(db_path: Path, passphrase: str | None) -> str | None:
    """The key of an existing encrypted store, or None when the normal opening must find
    it (asking for a passphrase, or reporting a missing key file)."""
    if not db_path.is_file() or crypto_store.is_plain_sqlite(db_path):
        return None  # nothing yet, or a plain store the normal opening encrypts
    if not crypto_store.looks_encrypted(db_path):
        return None
    if any(crypto_store.sibling(db_path, s).exists() for s in LEFT_BY_CONVERSION):
        return None
    info = keys.read_key_info(db_path)
    if info is None or (info.mode == "passphrase" and passphrase is None):
        return None
    return keys.existing_key(db_path, info, passphrase)


def first_read(
    db_path: Path, passphrase: str | None, today: date | None = None
) -> SchoolList | None:
    """The schools list and reminders as ``load_school_list`` gives them, or None (see the
    module's docstring). A wrong key or a damaged file raises; the caller then opens the
    store the normal way, which says what is wrong."""
    key = store_key(db_path, passphrase)
    if key is None:
        return None
    conn = _connect(db_path, key)
    try:
        if not _as_a_normal_start_finds_it(_rows_of(conn)):
            return None
        found = read_school_list(_rows_of(conn), today or date.today())
    finally:
        conn.close()
    return found if found.rows else None


def _connect(db_path: Path, key: str) -> Any:
    conn = crypto_store.connect(db_path, key)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _rows_of(conn: Any) -> Rows:
    return lambda sql: conn.execute(sql).fetchall()


def _as_a_normal_start_finds_it(rows: Rows) -> bool:
    """At head, and past its first run (else the normal opening migrates or seeds)."""
    version = list(rows("SELECT version_num FROM alembic_version"))
    marker = list(rows(f"SELECT value FROM local_settings WHERE key = '{INITIALISED_KEY}'"))
    return (
        [tuple(v) for v in version] == [(SCHEMA_HEAD,)]
        and len(marker) == 1
        and marker[0][0] != DEMO_PENDING
    )
