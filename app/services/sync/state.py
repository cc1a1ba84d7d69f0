"""This device's sync bookkeeping: cursor, known server versions, pending local edits."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import MODEL_BY_TABLE, LocalSetting, OutboxEntry, SyncRowState
from app.services.store import Store

CURSOR_KEY = "sync.cursor"
SERVER_KEY = "sync.server"
AUDIT_PUSHED_KEY = "sync.audit_pushed_seq"
LAST_SYNC_KEY = "sync.last_success"

# Pulled changes are written to the audit trail under this device id (so they are not
# pushed back), and under this actor when the server does not say who made them.
SERVER_ACTOR = "district server (sync)"
SERVER_DEVICE = "server"

RowKey = tuple[str, str]


@contextmanager
def write_session(store: Store, foreign_keys: bool = True) -> Iterator[Session]:
    """One local write transaction, taking SQLite's write lock at once like UnitOfWork.

    ``foreign_keys=False`` is for applying pulled records: the server orders records by
    its commit sequence, so a child can arrive a page before a parent that was edited
    later. The server holds both; the check is off only for that transaction.
    """
    with store.engine.connect() as conn:
        if not foreign_keys:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.commit()
        try:
            with Session(bind=conn, expire_on_commit=False) as session:
                session.begin()
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        finally:
            if not foreign_keys:
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                conn.commit()


def get_setting(session: Session, key: str, default: str = "") -> str:
    row = session.get(LocalSetting, key)
    return row.value if row is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(LocalSetting, key)
    if row is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        row.value = value


def get_cursor(session: Session) -> int:
    try:
        return int(get_setting(session, CURSOR_KEY, "0"))
    except ValueError:
        return 0


def last_sync(session: Session) -> datetime | None:
    raw = get_setting(session, LAST_SYNC_KEY)
    return datetime.fromisoformat(raw) if raw else None


def mark_synced(session: Session) -> None:
    set_setting(session, LAST_SYNC_KEY, datetime.now(UTC).isoformat())


def bind_to_server(session: Session, server_id: str) -> bool:
    """Start from scratch when the store is pointed at another server; True if it was."""
    previous = get_setting(session, SERVER_KEY)
    if previous == server_id:
        return False
    if previous:
        set_setting(session, CURSOR_KEY, "0")
        session.execute(delete(SyncRowState))
    set_setting(session, SERVER_KEY, server_id)
    return bool(previous)


def known_versions(session: Session, keys: Iterable[RowKey]) -> dict[RowKey, int]:
    wanted = set(keys)
    by_table: dict[str, list[str]] = {}
    for table, row_id in wanted:
        by_table.setdefault(table, []).append(row_id)
    found: dict[RowKey, int] = {}
    for table, ids in by_table.items():
        for start in range(0, len(ids), 500):
            rows = session.execute(
                select(SyncRowState.row_id, SyncRowState.server_version).where(
                    SyncRowState.table_name == table,
                    SyncRowState.row_id.in_(ids[start : start + 500]),
                )
            )
            found.update({(table, r): v for r, v in rows})
    return found


def record_versions(session: Session, versions: dict[RowKey, int]) -> None:
    """Upsert the server versions of these rows: plain tuples to the driver, as a first
    sync records tens of thousands (SQLAlchemy's per-row parameter handling cost more than
    the statement). The store is always SQLite."""
    if not versions:
        return
    session.connection().exec_driver_sql(
        f"INSERT INTO {SyncRowState.__tablename__} (table_name, row_id, server_version) "
        "VALUES (?, ?, ?) ON CONFLICT (table_name, row_id) "
        "DO UPDATE SET server_version = excluded.server_version",
        [(t, r, v) for (t, r), v in versions.items()],
    )


def pending_fields(session: Session) -> dict[RowKey, set[str]]:
    """Fields with local edits the server has not acknowledged yet (queued or in flight)."""
    pending: dict[RowKey, set[str]] = {}
    rows = session.execute(select(OutboxEntry.table_name, OutboxEntry.row_id, OutboxEntry.fields))
    for table, row_id, fields in rows:
        pending.setdefault((table, row_id), set()).update(json.loads(fields))
    return pending


def set_local_versions(session: Session, versions: dict[RowKey, int]) -> None:
    """Make local row versions equal the server's for rows with nothing pending, so the
    per-school digests compare equal. Bookkeeping only: no outbox entry, no audit."""
    by_table: dict[str, list[tuple[int, str]]] = {}
    for (table, row_id), version in versions.items():
        by_table.setdefault(table, []).append((version, row_id))
    for table, params in by_table.items():
        if table not in MODEL_BY_TABLE:
            continue  # only synced tables' names reach the statement
        session.connection().exec_driver_sql(
            f"UPDATE {table} SET row_version = ? WHERE id = ?", params
        )
