"""What a device reads: pages of records by seq, per-school digests, one school's records.

Every query is filtered to the schools the user may see (``server.access``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, Table, bindparam, select
from sqlalchemy.orm import Session

from server.access import Principal, can_see, scope, visible_school_ids, visible_schools_of
from server.db import Database
from server.errors import forbidden, invalid
from server.models import Device, Record, RegistrySchool, User

DEFAULT_LIMIT = 500
MAX_LIMIT = 2_000


_RECORDS: Table = Record.__table__  # type: ignore[assignment]
_USERS: Table = User.__table__  # type: ignore[assignment]
_DEVICES: Table = Device.__table__  # type: ignore[assignment]
_REGISTRY: Table = RegistrySchool.__table__  # type: ignore[assignment]

# The columns a record travels with, read as plain rows (no ORM objects: a page holds
# up to 2,000 records).
_WIRE_COLUMNS = tuple(
    _RECORDS.c[name]
    for name in (
        "seq",
        "table_name",
        "row_id",
        "school_id",
        "row_version",
        "deleted",
        "fields",
        "updated_by_user_id",
        "updated_by_device_id",
    )
)
# Statements every sync request runs are built once (per role where the user's scope is
# in them), so a request only binds its values: building them was a tenth of its CPU.
_USER_NAMES = select(_USERS.c.id, _USERS.c.username).where(
    _USERS.c.id.in_(bindparam("ids", expanding=True))
)
_DEVICE_NAMES = select(_DEVICES.c.id, _DEVICES.c.name).where(
    _DEVICES.c.id.in_(bindparam("ids", expanding=True))
)


@cache
def _page(role: str) -> Select[Any]:
    visible = select(_REGISTRY.c.id).where(visible_schools_of(role))
    return (
        select(*_WIRE_COLUMNS)
        .where(_RECORDS.c.seq > bindparam("cursor"), _RECORDS.c.school_id.in_(visible))
        .order_by(_RECORDS.c.seq)
        .limit(bindparam("limit"))
    )


@cache
def _versions(role: str) -> Select[Any]:
    visible = select(_REGISTRY.c.id).where(visible_schools_of(role))
    c = _RECORDS.c
    return select(c.school_id, c.table_name, c.row_id, c.row_version).where(
        c.school_id.in_(visible)
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


def authors_of(session: Session | Connection, rows: Sequence[Any]) -> Authors:
    """The user and device names behind these rows' last changes, in one query."""
    keys = {(r.updated_by_user_id, r.updated_by_device_id) for r in rows}
    user_ids = {u for u, _d in keys if u is not None}
    if not user_ids:
        return {}
    users: dict[int, str] = {
        i: name for i, name in session.execute(_USER_NAMES, {"ids": list(user_ids)})
    }
    device_ids = [d for _u, d in keys if d is not None]
    devices: dict[int, str] = {
        i: name for i, name in session.execute(_DEVICE_NAMES, {"ids": device_ids})
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
    with db.read_connection() as conn:
        params = {**scope(principal), "cursor": cursor, "limit": limit + 1}
        rows = conn.execute(_page(principal.role), params).all()  # all: one fetch, not per row
        more = len(rows) > limit
        rows = rows[:limit]
        authors = authors_of(conn, rows)
    return {
        "records": [record_to_wire(r, authors) for r in rows],
        "next_cursor": rows[-1].seq if rows else cursor,
        "more": more,
    }


def digest(lines: list[str]) -> str:
    """sha256 over the sorted ``table:row_id:row_version`` lines joined with newlines."""
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()


def summary(db: Database, principal: Principal) -> dict[str, Any]:
    with db.read_connection() as conn:
        school_ids = visible_school_ids(conn, principal)
        lines: dict[str, list[str]] = {sid: [] for sid in school_ids}
        rows = conn.execute(_versions(principal.role), scope(principal)).all()
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
            select(*_WIRE_COLUMNS).where(_RECORDS.c.school_id == school_id).order_by(_RECORDS.c.seq)
        )
    )
