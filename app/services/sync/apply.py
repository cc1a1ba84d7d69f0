"""Writing records that came from the server into the local store.

Pulled records bypass the unit of work on purpose: they are not new edits (no outbox
entry, or they would bounce back) and the server already checked them. They still go
into the audit trail, under the server's name, so the chain stays whole and the history
says where a value came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import MODEL_BY_TABLE, SYNCED_MODELS, School, Synced
from app.services.audit import AuditWriter
from app.services.sync.errors import SyncError
from app.services.sync.state import (
    SERVER_ACTOR,
    SERVER_DEVICE,
    RowKey,
    pending_fields,
    record_versions,
)
from app.services.wire import content_fields, from_wire, to_wire

TABLE_ORDER = {m.__tablename__: i for i, m in enumerate(SYNCED_MODELS)}  # type: ignore[attr-defined]


@dataclass
class Applied:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    school_ids: set[str] = field(default_factory=set)

    @property
    def changed(self) -> int:
        return self.inserted + self.updated + self.deleted


def _check(record: Any) -> tuple[type[Synced], str, int, dict[str, Any]]:
    try:
        model = MODEL_BY_TABLE[record["table"]]
        return model, str(record["row_id"]), int(record["row_version"]), dict(record["fields"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError(
            "The district server sent a record this app does not understand "
            f"({exc.__class__.__name__}: {exc}). Check that the app is up to date."
        ) from exc


def _defaults(obj: Synced, school_id: str) -> None:
    """Fill what the record did not carry. A tombstone for a row this device never saw
    may come with no fields at all; it is kept (deletes are never inferred from
    absence, and the digests count it), with placeholders where a value is required."""
    for column in obj.__table__.columns:  # type: ignore[attr-defined]
        if getattr(obj, column.key) is not None:
            continue
        if column.default is not None and not callable(column.default.arg):
            setattr(obj, column.key, column.default.arg)
        elif column.key == "school_id":
            setattr(obj, column.key, school_id)
        elif not column.nullable and obj.deleted_at is not None:
            python_type = column.type.python_type
            setattr(
                obj, column.key, python_type() if python_type in (str, int, float, bool) else ""
            )


def apply_records(session: Session, records: Sequence[Any], audit: AuditWriter) -> Applied:
    """Apply server records (latest state of each row) inside the caller's transaction.

    Fields this device has edited but not yet pushed keep the local value: the edit goes
    up next and the server judges it against the version it was made on, which is why the
    known server version of such a row is left alone here.
    """
    result = Applied()
    parsed = [(_check(r), bool(r.get("deleted")), r) for r in records]
    parsed.sort(key=lambda p: (TABLE_ORDER[p[0][0].__tablename__], p[2].get("seq") or 0))  # type: ignore[attr-defined]
    pending = pending_fields(session)
    existing: dict[RowKey, Synced] = {}
    by_model: dict[type[Synced], list[str]] = {}
    for (model, row_id, _v, _f), _d, _r in parsed:
        by_model.setdefault(model, []).append(row_id)
    for model, ids in by_model.items():
        table = model.__tablename__  # type: ignore[attr-defined]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for found in session.scalars(select(model).where(model.id.in_(chunk))):
                existing[(table, found.id)] = found
    now = datetime.now(UTC)
    versions: dict[RowKey, int] = {}
    for (model, row_id, version, fields), deleted, raw in parsed:
        table = model.__tablename__  # type: ignore[attr-defined]
        key = (table, row_id)
        local_edits = pending.get(key, set())
        names = [f for f in content_fields(model) if f in fields]
        obj: Synced | None = existing.get(key)
        if obj is None:
            obj = model(**{f: from_wire(model, f, fields[f]) for f in names})
            obj.id = row_id
            obj.created_at = obj.updated_at = now
            obj.row_version = version
            obj.device_id = SERVER_DEVICE
            obj.deleted_at = now if deleted else None
            _defaults(obj, str(raw.get("school_id") or ""))
            session.add(obj)
            existing[key] = obj
            school_id = _school_of(obj)
            audit.record(now, table, row_id, school_id, "insert", {}, {f: fields[f] for f in names})
            if deleted:
                audit.record(
                    now, table, row_id, school_id, "delete", {}, {"deleted_at": now.isoformat()}
                )
            result.inserted += 1
            result.school_ids.add(school_id)
            versions[key] = version
            continue
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        for f in names:
            if f in local_edits:
                continue
            value = from_wire(model, f, fields[f])
            if getattr(obj, f) != value:
                old[f] = to_wire(getattr(obj, f))
                new[f] = fields[f]
                setattr(obj, f, value)
        operation = "update"
        if "deleted_at" not in local_edits:
            if deleted and obj.deleted_at is None:
                obj.deleted_at = now
                operation = "delete"
                old["deleted_at"], new["deleted_at"] = None, now.isoformat()
            elif not deleted and obj.deleted_at is not None:
                old["deleted_at"], new["deleted_at"] = to_wire(obj.deleted_at), None
                obj.deleted_at = None
        school_id = _school_of(obj)
        if new:
            obj.updated_at = now
            audit.record(now, table, row_id, school_id, operation, old, new)
            if operation == "delete":
                result.deleted += 1
            else:
                result.updated += 1
            result.school_ids.add(school_id)
        else:
            result.unchanged += 1
        if not local_edits:
            obj.row_version = version
            versions[key] = version
    session.flush()
    record_versions(session, versions)
    return result


def _school_of(obj: Synced) -> str:
    return obj.id if isinstance(obj, School) else str(getattr(obj, "school_id", ""))


def server_audit(session: Session) -> AuditWriter:
    return AuditWriter(session, SERVER_ACTOR, SERVER_DEVICE)
