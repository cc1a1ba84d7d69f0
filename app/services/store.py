"""Opening the local store: the engine, its pragmas, migrations with a backup first.

Every part of the app that needs the database gets a ``Store`` passed in; there is no
module-level engine.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from app import APP_ID, files
from app.models import LocalSetting, School
from app.services import audit, crypto_store, keys, migrate
from lpc_core.schema_version import SCHEMA_HEAD

DEVICE_ID_KEY = "device_id"
log = logging.getLogger("lpc.store")


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


class StoreLockedError(StoreError):
    """The store exists but cannot be unlocked with the key or passphrase given."""


def _set_pragmas(dbapi_conn: Any, key: str | None) -> None:
    crypto_store.apply_key(dbapi_conn, key)  # must be the first statement on a connection
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")  # a committed edit survives a power cut
    cur.execute("PRAGMA busy_timeout = 5000")
    cur.execute("PRAGMA temp_store = MEMORY")  # SQLCipher's temp files stay off the disk
    cur.close()


def make_engine(path: Path, key: str | None = None) -> Engine:
    """An engine over SQLCipher; ``key=None`` gives a plain file (tests and conversion)."""
    # The pool hands a connection to one thread at a time; UI work runs on a worker thread.
    engine = create_engine(
        f"sqlite:///{path}",
        module=crypto_store.sqlcipher,
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", lambda conn, _rec: _set_pragmas(conn, key))
    return engine


def backup_file(source: Path, key: str | None, backups_dir: Path, label: str) -> Path:
    """An encrypted, consistent copy of the store (never a byte copy of a live WAL file)."""
    files.private_folder(backups_dir)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{source.stem}-{stamp}-{label}.db"
    if key is None:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    else:
        crypto_store.export_encrypted(source, key, target, key)
    files.keep_private(target)
    return target


class AuditAnchor:
    """Keeps the audit trail's head outside the store, next to its key in the OS keyring,
    so ``doctor`` can tell when final entries were removed (``audit.verify_head`` says
    what this does and does not catch).

    Cheap: after a commit it reads one row and stops there unless the trail grew; the
    keyring is read once, and written at most once every ``every`` seconds, a head left
    pending being written when the store closes. It never moves past a recorded head that
    is no longer in the trail, so a change made after a removal does not hide it.
    """

    def __init__(self, engine: Engine, info: keys.KeyInfo, every: float = 2.0) -> None:
        self.engine = engine
        self.info = info
        self.every = every
        self._lock = threading.Lock()
        self._seen: audit.ChainHead | None = None
        self._recorded: audit.ChainHead | None = None
        self._loaded = False
        self._written_at = 0.0
        self._pending = False

    def _head(self) -> audit.ChainHead | None:
        with self.engine.connect() as conn:
            return audit.chain_head(conn)

    def start(self) -> None:
        """Note the head at open, so commits that add no entry cost one read."""
        self._seen = self._head()

    def after_commit(self, _session: Session) -> None:
        try:
            head = self._head()
        except Exception:  # never let bookkeeping fail a saved change
            log.warning("audit head could not be read", exc_info=True)
            return
        with self._lock:
            if head == self._seen:
                return
            self._seen = head
            if time.monotonic() - self._written_at < self.every:
                self._pending = True
                return
        self.record()

    def record(self, force: bool = False) -> None:
        """Write the current head; ``force`` after a restore, which puts an older trail in
        place on purpose."""
        with self._lock:
            self._pending = False
            self._written_at = time.monotonic()
            try:
                with self.engine.connect() as conn:
                    if not self._loaded and not force:
                        self._recorded = audit.ChainHead.decode(keys.read_anchor(self.info))
                        self._loaded = True
                    if not force and self._recorded and not audit.holds(conn, self._recorded):
                        return  # keep the evidence for doctor
                    head = audit.chain_head(conn)
            except Exception:
                log.warning("audit head could not be read", exc_info=True)
                return
            if head == self._recorded or (head is None and not force):
                return
            if keys.write_anchor(self.info, head.encode() if head else "none"):
                self._recorded, self._loaded = head, True

    def close(self) -> None:
        if self._pending:
            self.record()


@dataclass
class Store:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    device_id: str
    backup_made: Path | None = None
    key: str | None = field(default=None, repr=False)  # in memory only, never logged
    anchor: AuditAnchor | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session; writes go through ``app.services.unit_of_work``."""
        with self.sessions() as session:
            yield session

    def is_empty(self) -> bool:
        with self.sessions() as session:
            return (session.scalar(select(func.count()).select_from(School)) or 0) == 0

    def integrity_check(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(text("PRAGMA integrity_check")).scalar())

    def engine_versions(self) -> tuple[str, str]:
        """The SQLite and SQLCipher versions in use (for About and doctor)."""
        with self.engine.connect() as conn:
            sqlite_version = str(conn.exec_driver_sql("SELECT sqlite_version()").scalar())
            cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
        return sqlite_version, str(cipher) if self.key and cipher else ""

    def close(self) -> None:
        if self.anchor is not None:
            self.anchor.close()
        self.engine.dispose()


def _ensure_device_id(sessions: sessionmaker[Session]) -> str:
    with sessions.begin() as session:
        row = session.get(LocalSetting, DEVICE_ID_KEY)
        if row is None:
            row = LocalSetting(key=DEVICE_ID_KEY, value=str(uuid.uuid4()))
            session.add(row)
        return row.value


def _migrate(
    path: Path, engine: Engine, key: str | None, backups_dir: Path, existed: bool
) -> Path | None:
    """Bring the schema to head, copying the file first if it holds an older schema."""
    current = migrate.current_revision(engine)
    head = migrate.head_revision()
    if current == head:
        return None
    if current is not None and not migrate.is_known_revision(current):
        raise StoreError(
            f"The database at {path} was written by a newer version of this app "
            f"(schema {current}). Install the newer version, or restore a backup."
        )
    backup = None
    if existed and current is not None:
        engine.dispose()
        backup = backup_file(path, key, backups_dir, f"pre-{head}")
    migrate.upgrade_to_head(engine)
    return backup


def _known_key(path: Path, passphrase: str | None) -> str | None:
    """The key the key file points to, or None when it cannot be had (then no copy is
    trusted). A missing passphrase is asked for: nothing has been touched yet."""
    try:
        info = keys.read_key_info(path)
        return None if info is None else keys.existing_key(path, info, passphrase)
    except keys.PassphraseRequiredError:
        raise
    except keys.StoreKeyError:
        return None


def _resolve_key(path: Path, passphrase: str | None) -> str:
    """Find the key of an existing store, or make one for a new or plain store."""
    info = keys.read_key_info(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and info is not None:
        # The store file is gone but its key is known: keep using that key, so the
        # encrypted backups made with it can still be restored into the new store.
        with contextlib.suppress(keys.StoreKeyError):
            return keys.existing_key(path, info, passphrase)
    if not exists or crypto_store.is_plain_sqlite(path):
        info, key = keys.new_key_info(path, passphrase)
        if exists:
            crypto_store.encrypt_plain_store(path, key)
        return key
    if not crypto_store.looks_encrypted(path):
        raise StoreError(not_a_store_message(path))
    if info is None:
        raise StoreLockedError(
            f"The store at {path} is encrypted but its key file "
            f"({keys.key_file_for(path).name}) is missing. Restore the data folder or a backup."
        )
    return keys.existing_key(path, info, passphrase)


def open_store(
    path: Path,
    backups_dir: Path | None = None,
    passphrase: str | None = None,
    encrypted: bool = True,
) -> Store:
    """Open (or create) the store at ``path``, unlock it, and bring its schema to head.

    A plain (unencrypted) store from an earlier version is converted in place first. If the
    file holds an older schema, an encrypted copy goes to ``backups_dir`` before anything
    changes. Raises ``keys.PassphraseRequiredError`` when a passphrase must be asked for,
    ``StoreLockedError`` when the key does not open the file.
    """
    files.private_folder(path.parent)
    try:
        recovered = crypto_store.finish_interrupted_conversion(
            path, lambda: _known_key(path, passphrase)
        )
        if recovered:
            log.warning("store recovery at open: %s", recovered)
        key = _resolve_key(path, passphrase) if encrypted else None
    except keys.PassphraseRequiredError:
        raise
    except keys.StoreKeyError as exc:
        raise StoreLockedError(str(exc)) from exc
    except crypto_store.RecoveryError as exc:
        raise StoreError(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(_unreadable(path, exc)) from exc
    existed = path.exists() and path.stat().st_size > 0
    engine = make_engine(path, key)
    backup = None
    try:
        if existed:
            _check_unlocks(path, engine, key)
        if not (existed and migrate.quick_revision(engine) == SCHEMA_HEAD):
            backup = _migrate(path, engine, key, backups_dir or path.parent / "backups", existed)
        sessions = sessionmaker(engine, expire_on_commit=False)
        device_id = _ensure_device_id(sessions)
        anchor = _anchor(path, engine, key)
        if anchor is not None:
            anchor.start()
            event.listen(sessions, "after_commit", anchor.after_commit)
            if "restore" in recovered:
                anchor.record(force=True)
    except StoreError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        if "file is not a database" in str(exc) or "malformed" in str(exc):
            raise StoreError(_unreadable(path, exc)) from exc
        raise
    files.keep_private(path)
    return Store(path, engine, sessions, device_id, backup, key, anchor)


def newest_backup(backups_dir: Path) -> Path | None:
    found = [p for p in backups_dir.glob("*.db") if p.is_file()] if backups_dir.is_dir() else []
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def restore_command(path: Path, backups_dir: Path | None = None) -> str:
    """The exact command that puts the newest backup back in place of the store at ``path``
    (for messages; the restore command does not need the damaged store to open)."""
    import os  # messages only: kept off the start-up path
    import shlex
    import subprocess

    backup = newest_backup(backups_dir or path.parent / "backups")
    # The installed app runs commands through its console twin beside the windowed
    # executable (packaging/lpc.spec); from source it is ``python -m app``.
    prefix = [sys.executable, "-m", "app"]
    if getattr(sys, "frozen", False):
        exe = Path(sys.executable)
        cli = exe.with_name(f"{APP_ID}-cli{exe.suffix}")
        prefix = [str(cli if cli.exists() else exe)]
    argv = [*prefix, "restore", "--data-dir", str(path.parent)]
    argv.append(str(backup) if backup else "BACKUP-FILE")
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def restore_advice(path: Path, backups_dir: Path | None = None) -> str:
    folder = backups_dir or path.parent / "backups"
    if newest_backup(folder) is None:
        return f"There is no backup in {folder}; choose another data folder or ask IT."
    return f"Restore the newest backup with: {restore_command(path, folder)}"


def not_a_store_message(path: Path) -> str:
    return (
        f"The file {path} is not an LPC store: it is neither an SQLite database nor an "
        "encrypted (SQLCipher) store, so it was not opened and nothing was changed. Move it "
        f"out of the data folder, or restore a backup over it. {restore_advice(path)}"
    )


def reanchor(path: Path, key: str | None) -> None:
    """Record the audit head of a store just put back from a backup (older on purpose)."""
    engine = make_engine(path, key)
    try:
        anchor = _anchor(path, engine, key)
        if anchor is not None:
            anchor.record(force=True)
    finally:
        engine.dispose()


def _anchor(path: Path, engine: Engine, key: str | None) -> AuditAnchor | None:
    info = keys.read_key_info(path) if key is not None else None
    return AuditAnchor(engine, info) if info is not None and info.mode == "keyring" else None


def _unreadable(path: Path, exc: BaseException) -> str:
    return (
        f"The database at {path} is not a readable store ({exc.__class__.__name__}). "
        f"Nothing was changed. {restore_advice(path)}"
    )


def _check_unlocks(path: Path, engine: Engine, key: str | None) -> None:
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except Exception as exc:
        if key is not None and "file is not a database" in str(exc):
            raise StoreLockedError(
                "This store could not be unlocked: the passphrase is wrong, or the key in "
                "this computer's keyring is not the one the store was made with. Enter the "
                "passphrase again, or restore a backup from the backups folder."
            ) from exc
        raise
