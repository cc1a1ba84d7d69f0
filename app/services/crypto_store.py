"""SQLCipher underneath the store: keyed connections, encrypted copies, conversion of a
plain store, and wiping the plain file once the encrypted one is proven good."""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

PLAIN_HEADER = b"SQLite format 3\x00"
_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")


class WrongKeyError(sqlite3.DatabaseError):
    pass


def check_key(key: str) -> str:
    if not _HEX_KEY.match(key):
        raise ValueError("a database key is 64 lower-case hex digits")
    return key


def key_pragma(key: str) -> str:
    # Raw-key form: SQLCipher skips its own PBKDF2 (the key is already random or scrypt'd).
    return f"PRAGMA key = \"x'{check_key(key)}'\""


def apply_key(dbapi_conn: Any, key: str | None) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is reported by us, once
    if key is not None:
        cur.execute(key_pragma(key))
    cur.close()


def is_plain_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == PLAIN_HEADER
    except FileNotFoundError:
        return False


def connect(path: Path, key: str | None) -> Any:
    conn = sqlcipher.connect(str(path))
    apply_key(conn, key)
    return conn


def _table_counts(conn: Any, schema: str = "main") -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type='table' "
            "AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0] for n in names}


def verify(path: Path, key: str | None) -> dict[str, int]:
    """Open with the key, run the integrity check, and return row counts per table."""
    conn = connect(path, key)
    try:
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlcipher.DatabaseError as exc:
            raise WrongKeyError(str(exc)) from exc
        if result != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {result}")
        return _table_counts(conn)
    finally:
        conn.close()


def export_encrypted(source: Path, source_key: str | None, target: Path, key: str) -> None:
    """Write an encrypted, consistent copy of ``source`` to ``target`` (replaced if present)."""
    if target.exists():
        target.unlink()
    conn = connect(source, source_key)
    try:
        conn.execute("ATTACH DATABASE ? AS copy KEY ?", (str(target), f"x'{check_key(key)}'"))
        conn.execute("SELECT sqlcipher_export('copy')")
        conn.execute("DETACH DATABASE copy")
    finally:
        conn.close()


def wipe(path: Path) -> None:
    """Overwrite a file with random bytes before removing it.

    On SSDs and copy-on-write file systems the old blocks may survive; this is a best
    effort that at least keeps the plain text out of the file system's free list.
    """
    if not path.exists():
        return
    size = path.stat().st_size
    with path.open("r+b") as fh:
        remaining = size
        while remaining > 0:
            chunk = min(remaining, 1 << 20)
            fh.write(secrets.token_bytes(chunk))
            remaining -= chunk
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def encrypt_plain_store(path: Path, key: str) -> None:
    """Convert a plain SQLite store in place, keeping every row.

    Order matters for crash safety: the encrypted copy is written and verified beside the
    plain file, the plain file is moved aside, the copy is renamed into place, and only
    then is the plain file wiped. A crash at any step leaves a readable store.
    """
    plain = sqlite3.connect(path)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _table_counts(plain)
    finally:
        plain.close()
    encrypted = path.with_name(path.name + ".encrypting")
    export_encrypted(path, None, encrypted, key)
    after = verify(encrypted, key)
    if after != before:
        encrypted.unlink()
        raise sqlite3.DatabaseError(f"encrypted copy differs: {after} != {before}")
    aside = path.with_name(path.name + ".plain-old")
    path.replace(aside)
    for journal in ("-wal", "-shm"):  # the plain file's; they must not meet the new one
        wipe(path.with_name(path.name + journal))
    encrypted.replace(path)
    wipe_leftovers(path)


def wipe_leftovers(path: Path) -> None:
    """Remove what an interrupted conversion may have left beside the store."""
    for suffix in (".plain-old", ".plain-old-wal", ".plain-old-shm", ".encrypting"):
        wipe(path.with_name(path.name + suffix))
