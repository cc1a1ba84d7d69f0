"""What a device reads: pages of records by seq, per-school digests, one school's records.

Every query is filtered to the schools the user may see (``server.access``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.access import Principal, can_see, visible_school_ids, visible_schools
from server.db import Database
from server.errors import forbidden, invalid
from server.models import Device, Record, RegistrySchool, User

DEFAULT_LIMIT = 500
MAX_LIMIT = 2_000


# The columns a record travels with, read as plain rows (no ORM objects: a page holds
# up to 2,000 records).
_WIRE_COLUMNS = (
    Record.seq,
    Record.table_name,
    Record.row_id,
    Record.school_id,
    Record.row_version,
    Record.deleted,
    Record.fields,
    Record.updated_by_user_id,
    Record.updated_by_device_id,
)

Authors = dict[tuple[int | None, int | None], dict[str, str] | None]


def record_to_wire(record: Any, authors: Authors | None = None) -> dict[str, Any]:
    """A ``Record`` or a row of ``_WIRE_COLUMNS`` in the shape of the protocol; ``author``
    is who last changed it (user name and device name), or None for a school imported by
    the administrator."""
    key = (record.updated_by_user_id, record.updated_by_device_id)
    return {
        "seq": record.seq,
        "table": record.table_name,
        "row_id": record.row_id,
        "school_id": record.school_id,
        "row_version": record.row_version,
        "deleted": bool(record.deleted),
        "fields": record.fields,
        "author": (authors or {}).get(key),
    }


def authors_of(session: Session, rows: list[Any]) -> Authors:
    """The user and device names behind these rows' last changes, in one query."""
    keys = {(r.updated_by_user_id, r.updated_by_device_id) for r in rows}
    user_ids = {u for u, _d in keys if u is not None}
    if not user_ids:
        return {}
    users: dict[int, str] = {
        i: name
        for i, name in session.execute(select(User.id, User.username).where(User.id.in_(user_ids)))
    }
    device_ids = {d for _u, d in keys if d is not None}
    devices: dict[int, str] = {
        i: name
        for i, name in session.execute(
            select(Device.id, Device.name).where(Device.id.in_(device_ids))
        )
    }
    return {
        (u, d): {"user": users[u], "device": devices.get(d, "") if d is not None else ""}
        for u, d in keys
        if u is not None and u in users
    }


def pull(db: Database, principal: Principal, cursor: int, limit: int) -> dict[str, Any]:
    if cursor < 0:
        raise invalid("cursor", "must be 0 or more")
    if not 1 <= limit <= MAX_LIMIT:
        raise invalid("limit", f"must be from 1 to {MAX_LIMIT:,}")
    with db.reading() as session:
        visible = select(RegistrySchool.id).where(visible_schools(principal))
        rows = list(
            session.execute(
                select(*_WIRE_COLUMNS)
                .where(Record.seq > cursor, Record.school_id.in_(visible))
                .order_by(Record.seq)
                .limit(limit + 1)
            )
        )
        more = len(rows) > limit
        rows = rows[:limit]
        authors = authors_of(session, rows)
    return {
        "records": [record_to_wire(r, authors) for r in rows],
        "next_cursor": rows[-1].seq if rows else cursor,
        "more": more,
    }


def digest(lines: list[str]) -> str:
    """sha256 over the sorted ``table:row_id:row_version`` lines joined with newlines."""
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()


def summary(db: Database, principal: Principal) -> dict[str, Any]:
    with db.reading() as session:
        school_ids = visible_school_ids(session, principal)
        lines: dict[str, list[str]] = {sid: [] for sid in school_ids}
        visible = select(RegistrySchool.id).where(visible_schools(principal))
        rows = session.execute(
            select(Record.school_id, Record.table_name, Record.row_id, Record.row_version).where(
                Record.school_id.in_(visible)
            )
        )
        for school_id, table, row_id, row_version in rows:
            lines.setdefault(school_id, []).append(f"{table}:{row_id}:{row_version}")
    return {
        "schools": {
            sid: {"count": len(found), "digest": digest(found)} for sid, found in lines.items()
        }
    }


def school_records(db: Database, principal: Principal, school_id: str) -> dict[str, Any]:
    with db.reading() as session:
        if not can_see(session, principal, school_id):
            raise forbidden("You may not see this school.")
        rows = _school_rows(session, school_id)
        authors = authors_of(session, rows)
        return {"records": [record_to_wire(r, authors) for r in rows]}


def _school_rows(session: Session, school_id: str) -> list[Any]:
    return list(
        session.execute(
            select(*_WIRE_COLUMNS).where(Record.school_id == school_id).order_by(Record.seq)
        )
    )
