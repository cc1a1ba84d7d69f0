"""SQLCipher underneath the store: keyed connections, encrypted copies, conversion of a
plain store, and wiping the plain file once the encrypted one is proven good."""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from collections.abc import Callable
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


def looks_encrypted(path: Path) -> bool:
    """Could this be an SQLCipher file? It has no header to say so (its first bytes are a
    random salt), but it is whole pages of 512 bytes or more and reads as noise, not text.
    A wrong guess only changes which message the officer sees, never what is done."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if size < 512 or size % 512:
        return False
    printable = sum(1 for b in head if 32 <= b < 127 or b in (9, 10, 13))
    return printable < 0.8 * len(head)


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


ENCRYPTING = ".encrypting"
PLAIN_OLD = ".plain-old"
RESTORING = ".restoring"
JOURNALS = ("-wal", "-shm")


class RecoveryError(sqlite3.DatabaseError):
    """The store is missing and no copy left beside it can be trusted; nothing was removed."""


def sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def encrypt_plain_store(path: Path, key: str, on_step: Callable[[str], None] | None = None) -> None:
    """Convert a plain SQLite store in place, keeping every row.

    Order matters for crash safety: the encrypted copy is written and verified beside the
    plain file, the plain file is moved aside, the copy is renamed into place, and only
    then is the plain file wiped. A crash at any step leaves a readable store or a copy
    that ``finish_interrupted_conversion`` puts back at the next start. ``on_step`` is
    called after each step with its name (tests stop the conversion there).
    """
    step = on_step or (lambda _name: None)
    aside = sibling(path, PLAIN_OLD)
    if aside.exists():
        raise RecoveryError(
            f"{aside.name} is in the way of converting {path.name}: move it out of "
            f"{path.parent} (it may be an older copy of the store) and start again."
        )
    plain = sqlite3.connect(path)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _table_counts(plain)
    finally:
        plain.close()
    step("checkpointed")
    encrypted = sibling(path, ENCRYPTING)
    export_encrypted(path, None, encrypted, key)
    step("copied")
    after = verify(encrypted, key)
    if after != before:
        encrypted.unlink()
        raise sqlite3.DatabaseError(f"encrypted copy differs: {after} != {before}")
    step("verified")
    path.replace(aside)
    step("moved-aside")
    for journal in JOURNALS:  # the plain file's; they must not meet the new one
        wipe(sibling(path, journal))
    step("journals-wiped")
    encrypted.replace(path)
    step("swapped")
    wipe_leftovers(path)
    step("wiped")


def wipe_leftovers(path: Path) -> None:
    """Remove what a conversion leaves beside the store. Only call this once the store at
    ``path`` is known to open: ``.plain-old`` may be the only whole copy until then."""
    for suffix in (PLAIN_OLD, PLAIN_OLD + "-wal", PLAIN_OLD + "-shm", ENCRYPTING):
        wipe(sibling(path, suffix))


def _plain_counts(path: Path) -> dict[str, int] | None:
    """Row counts of a sound plain SQLite file, None if it is not one."""
    if not is_plain_sqlite(path):
        return None
    try:
        conn = sqlite3.connect(path)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return None
            return _table_counts(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None


def _verified(path: Path, key: str | None) -> dict[str, int] | None:
    if key is None or not path.is_file():
        return None
    try:
        counts = verify(path, key)
    except sqlite3.DatabaseError:
        return None
    return counts or None  # a file with no tables is no copy of a store


def _move_into_place(copy: Path, path: Path) -> None:
    for journal in JOURNALS:  # journals of a file that is gone must not meet this one
        wipe(sibling(path, journal))
    copy.replace(path)


def finish_interrupted_conversion(path: Path, key: Callable[[], str | None]) -> str:
    """Put the store back together after a conversion or restore that stopped part way.

    Runs before anything else touches the data folder. It never wipes a copy until the
    store at ``path`` opens with its key, and never leaves ``path`` missing while a sound
    copy exists, so the caller does not create a new empty store over the officer's data.
    ``key`` gives the store's key (or None when it cannot be had); it is only asked for
    when a copy has to be proven. Returns what was done ("" for nothing); raises
    ``RecoveryError`` when the store is missing and no copy beside it can be trusted.
    """
    encrypting, aside, restoring = (sibling(path, s) for s in (ENCRYPTING, PLAIN_OLD, RESTORING))
    if not (encrypting.exists() or aside.exists() or restoring.exists()):
        return ""
    present = path.is_file() and path.stat().st_size > 0
    if present:
        restoring.unlink(missing_ok=True)  # a restore that never replaced anything
        if is_plain_sqlite(path):
            # The swap was never reached: the plain store is whole and is converted again.
            if aside.exists():
                raise RecoveryError(
                    f"Both {path.name} and {aside.name} are plain copies of the store in "
                    f"{path.parent}. Move the one you do not want out of the folder."
                )
            wipe(encrypting)
            return "discarded an unfinished encrypted copy"
        if not (encrypting.exists() or aside.exists()):
            return "discarded an unfinished restore copy"
        if _verified(path, key()) is None:
            return ""  # keep the plain copy; opening the store reports what is wrong
        wipe_leftovers(path)
        return "removed the plain copy left by a finished conversion"
    plain_counts = _plain_counts(aside)
    if restoring.exists() and _verified(restoring, key()) is not None:
        _move_into_place(restoring, path)
        return "finished an interrupted restore"
    if encrypting.exists():
        counts = _verified(encrypting, key())
        if counts is not None and (plain_counts is None or counts == plain_counts):
            _move_into_place(encrypting, path)
            wipe_leftovers(path)
            return "finished an interrupted conversion"
    if plain_counts is not None:
        # Its journals still carry the store's own name, so they rejoin it here.
        aside.replace(path)
        wipe(encrypting)
        return "put the plain store back to convert it again"
    raise RecoveryError(
        f"The store {path.name} is missing from {path.parent}, and the copies an interrupted "
        "conversion or restore left beside it cannot be opened with this store's key. "
        "Nothing has been removed. Restore a backup, or ask IT to look at the folder."
    )
