"""Opening the local store: the engine, its pragmas, migrations with a backup first.

Every part of the app that needs the database gets a ``Store`` passed in; there is no
module-level engine.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.models import LocalSetting, School
from app.services import migrate

DEVICE_ID_KEY = "device_id"


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")  # a committed edit survives a power cut
    cur.execute("PRAGMA busy_timeout = 5000")
    cur.execute("PRAGMA temp_store = MEMORY")
    cur.close()


def make_engine(path: Path) -> Engine:
    # The pool hands a connection to one thread at a time; UI work runs on a worker thread.
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    return engine


def backup_file(source: Path, backups_dir: Path, label: str) -> Path:
    """Copy a live SQLite file consistently (the backup API, not a byte copy of a WAL db)."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{source.stem}-{stamp}-{label}.db"
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


@dataclass
class Store:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    device_id: str
    backup_made: Path | None = None

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

    def close(self) -> None:
        self.engine.dispose()


def _ensure_device_id(sessions: sessionmaker[Session]) -> str:
    with sessions.begin() as session:
        row = session.get(LocalSetting, DEVICE_ID_KEY)
        if row is None:
            row = LocalSetting(key=DEVICE_ID_KEY, value=str(uuid.uuid4()))
            session.add(row)
        return row.value


def _migrate(path: Path, engine: Engine, backups_dir: Path, existed: bool) -> Path | None:
    """Bring the schema to head, copying the file first if it holds an older schema."""
    try:
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
            backup = backup_file(path, backups_dir, f"pre-{head}")
        migrate.upgrade_to_head(engine)
        return backup
    except StoreError:
        raise
    except Exception as exc:
        if "file is not a database" in str(exc) or "malformed" in str(exc):
            raise StoreError(
                f"The database at {path} is not a readable store ({exc.__class__.__name__}). "
                "Restore a backup from the backups folder or choose another data folder."
            ) from exc
        raise


def open_store(path: Path, backups_dir: Path | None = None) -> Store:
    """Open (or create) the store at ``path`` and bring its schema to head.

    If the file already holds data at an older revision, a consistent copy goes to
    ``backups_dir`` before anything changes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    engine = make_engine(path)
    backup = None
    try:
        if not (existed and migrate.quick_revision(engine) == migrate.SCHEMA_HEAD):
            backup = _migrate(path, engine, backups_dir or path.parent / "backups", existed)
        sessions = sessionmaker(engine, expire_on_commit=False)
        device_id = _ensure_device_id(sessions)
    except BaseException:
        engine.dispose()
        raise
    return Store(path, engine, sessions, device_id, backup)
