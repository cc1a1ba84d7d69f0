"""Writing records that came from the server into the local store.

Pulled records bypass the unit of work on purpose: they are not new edits (no outbox
entry, or they would bounce back) and the server already checked them. They still go
into the audit trail, so the chain stays whole and the history says who changed a value
and on which device (as the server reports it, marked "via the district server"); the
device id of these entries is the server's, so they are never pushed back.

A first sync can bring tens of thousands of rows, so this works with Core statements
(one executemany per table) rather than ORM objects: the difference is several seconds.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.models import MODEL_BY_TABLE, SYNCED_MODELS, AuditEntry, Synced
from app.services.audit import GENESIS, AuditWriter, entry_hash
from app.services.changes import ChangeSet
from app.services.sync.errors import SyncError
from app.services.sync.state import (
    SERVER_ACTOR,
    SERVER_DEVICE,
    RowKey,
    pending_fields,
    record_versions,
)
from lpc_core.bulk import insert_many, update_many
from lpc_core.collector import collector_paused
from lpc_core.converters import converters
from lpc_core.wire import content_fields, to_wire

# An audit entry's ``changes`` text as ``AuditWriter`` writes it (json.dumps with these
# options), with one encoder for the whole page rather than one per entry.
_CHANGES_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
TABLE_ORDER = {m.__tablename__: i for i, m in enumerate(SYNCED_MODELS)}  # type: ignore[attr-defined]


@dataclass
class Applied:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    changes: ChangeSet = field(default_factory=ChangeSet)  # what the screens re-read

    @property
    def changed(self) -> int:
        return self.inserted + self.updated + self.deleted

    def add(self, other: Applied) -> None:
        """Counts another slice of the same page in."""
        self.inserted += other.inserted
        self.updated += other.updated
        self.deleted += other.deleted
        self.unchanged += other.unchanged
        self.changes.merge(other.changes)


@dataclass(frozen=True)
class _Record:
    model: type[Synced]
    table: str
    row_id: str
    school_id: str
    version: int
    deleted: bool
    fields: dict[str, Any]
    seq: int
    actor: str


def author_actor(author: Any) -> str:
    """The audit trail's actor for a pulled change: who made it and on which device, as
    the server says (``{"user", "device"}``), marked as come through the server; the
    server's own name when it does not say (a school the administrator imported)."""
    if not isinstance(author, dict) or not str(author.get("user") or "").strip():
        return SERVER_ACTOR
    user = str(author["user"]).strip()[:60]
    device = str(author.get("device") or "").strip()[:80]  # the actor column holds 200
    on = f" on {device}" if device else ""
    return f"{user}{on} (via the district server)"


def _parse(record: Any) -> _Record:
    try:
        model = MODEL_BY_TABLE[record["table"]]
        return _Record(
            model,
            record["table"],
            str(record["row_id"]),
            str(record.get("school_id") or ""),
            int(record["row_version"]),
            bool(record.get("deleted")),
            dict(record["fields"]),
            int(record.get("seq") or 0),
            author_actor(record.get("author")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError(
            "The district server sent a record this app does not understand "
            f"({exc.__class__.__name__}: {exc}). Check that the app is up to date."
        ) from exc


class _Audit:
    """Audit entries for pulled changes, hashed exactly as ``AuditWriter`` does, inserted
    in one statement. The chain's head is read inside the caller's write transaction."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now
        self.rows: list[dict[str, Any]] = []
        last = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1))
        self.head = last or GENESIS

    def add(
        self,
        actor: str,
        table: str,
        row_id: str,
        school_id: str,
        operation: str,
        old: dict[str, Any],
        new: dict[str, Any],
    ) -> None:
        names = sorted(set(old) | set(new))
        changes = _CHANGES_JSON.encode({f: [old.get(f), new.get(f)] for f in names})
        entry_id = str(uuid.uuid4())
        digest = entry_hash(
            self.head,
            entry_id,
            self.now,
            actor,
            SERVER_DEVICE,
            table,
            row_id,
            school_id,
            operation,
            changes,
        )
        self.rows.append(
            {
                "id": entry_id,
                "at": self.now,
                "actor": actor,
                "device_id": SERVER_DEVICE,
                "table_name": table,
                "row_id": row_id,
                "school_id": school_id,
                "operation": operation,
                "changes": changes,
                "prev_hash": self.head,
                "hash": digest,
            }
        )
        self.head = digest

    def write(self) -> None:
        if self.rows:  # one executemany, not the ORM's bulk insert
            table: Table = AuditEntry.__table__  # type: ignore[assignment]
            insert_many(self.session.connection(), table, self.rows)


def _placeholder(column: Any, school_id: str) -> Any:
    """A value for a column a record did not carry. A tombstone for a row this device never
    saw may come with no fields at all; it is kept (deletes are never inferred from absence
    and the digests count it), with placeholders where a value is required."""
    if column.default is not None and not callable(column.default.arg):
        return column.default.arg
    if column.key == "school_id":
        return school_id
    if column.nullable:
        return None
    python_type = column.type.python_type
    return python_type() if python_type in (str, int, float, bool) else ""


def _existing(session: Session, t: Table, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(select(t).where(t.c.id.in_(ids[start : start + 500])))
        found.update({r.id: dict(r._mapping) for r in rows})
    return found


@collector_paused
def apply_records(session: Session, records: Sequence[Any]) -> Applied:
    """Apply server records (latest state of each row) inside the caller's transaction.

    Fields this device has edited but not yet pushed keep the local value: the edit goes
    up next and the server judges it against the version it was made on, which is why the
    known server version of such a row is left alone here.
    """
    result = Applied()
    parsed = sorted((_parse(r) for r in records), key=lambda r: (TABLE_ORDER[r.table], r.seq))
    pending = pending_fields(session)
    now = datetime.now(UTC)
    audit = _Audit(session, now)
    versions: dict[RowKey, int] = {}
    by_table: dict[str, list[_Record]] = {}
    for r in parsed:
        by_table.setdefault(r.table, []).append(r)
    for table, recs in sorted(by_table.items(), key=lambda kv: TABLE_ORDER[kv[0]]):
        model = recs[0].model
        t: Table = model.__table__  # type: ignore[attr-defined]
        names = content_fields(model)
        convert = converters(table)
        existing = _existing(session, t, [r.row_id for r in recs])
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for r in recs:
            key = (table, r.row_id)
            local_edits = pending.get(key, set())
            current = existing.get(r.row_id)
            if current is None:
                row = {f: convert[f](r.fields[f]) for f in names if f in r.fields}
                row.update(
                    id=r.row_id,
                    created_at=now,
                    updated_at=now,
                    row_version=r.version,
                    device_id=SERVER_DEVICE,
                    deleted_at=now if r.deleted else None,
                )
                for column in t.columns:
                    if column.key not in row:
                        row[column.key] = _placeholder(column, r.school_id)
                inserts.append(row)
                existing[r.row_id] = row
                school_id = _school_of(table, row)
                audit.add(
                    r.actor,
                    table,
                    r.row_id,
                    school_id,
                    "insert",
                    {},
                    {f: r.fields[f] for f in names if f in r.fields},
                )
                if r.deleted:
                    audit.add(
                        r.actor,
                        table,
                        r.row_id,
                        school_id,
                        "delete",
                        {},
                        {"deleted_at": now.isoformat()},
                    )
                result.inserted += 1
                result.changes.note(table, school_id, r.row_id)
                versions[key] = r.version
                continue
            old: dict[str, Any] = {}
            new: dict[str, Any] = {}
            values = dict(current)
            for f in names:
                if f not in r.fields or f in local_edits:
                    continue
                value = convert[f](r.fields[f])
                if current[f] != value:
                    old[f], new[f] = to_wire(current[f]), r.fields[f]
                    values[f] = value
            operation = "update"
            if "deleted_at" not in local_edits:
                if r.deleted and current["deleted_at"] is None:
                    values["deleted_at"] = now
                    operation = "delete"
                    old["deleted_at"], new["deleted_at"] = None, now.isoformat()
                elif not r.deleted and current["deleted_at"] is not None:
                    old["deleted_at"], new["deleted_at"] = to_wire(current["deleted_at"]), None
                    values["deleted_at"] = None
            school_id = _school_of(table, values)
            if not local_edits:
                values["row_version"] = r.version
                versions[key] = r.version
            if new:
                values["updated_at"] = now
                audit.add(r.actor, table, r.row_id, school_id, operation, old, new)
                result.deleted += operation == "delete"
                result.updated += operation == "update"
                result.changes.note(table, school_id, r.row_id)
            else:
                result.unchanged += 1
            if new or values["row_version"] != current["row_version"]:
                updates.append(values)
        if inserts:
            insert_many(session.connection(), t, inserts)
        if updates:
            update_many(session.connection(), t, ("id",), updates)
    audit.write()
    record_versions(session, versions)
    return result


def _school_of(table: str, row: dict[str, Any]) -> str:
    return str(row["id"] if table == "schools" else row.get("school_id") or "")


def server_audit(session: Session) -> AuditWriter:
    """An audit writer for the odd server-originated change made through the ORM."""
    return AuditWriter(session, SERVER_ACTOR, SERVER_DEVICE)
