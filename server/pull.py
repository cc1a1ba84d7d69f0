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
from server.models import Record, RegistrySchool

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
)


def record_to_wire(record: Any) -> dict[str, Any]:
    """A ``Record`` or a row of ``_WIRE_COLUMNS`` in the shape of the protocol."""
    return {
        "seq": record.seq,
        "table": record.table_name,
        "row_id": record.row_id,
        "school_id": record.school_id,
        "row_version": record.row_version,
        "deleted": bool(record.deleted),
        "fields": record.fields,
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
    return {
        "records": [record_to_wire(r) for r in rows],
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
        return {"records": [record_to_wire(r) for r in _school_rows(session, school_id)]}


def _school_rows(session: Session, school_id: str) -> list[Any]:
    return list(
        session.execute(
            select(*_WIRE_COLUMNS).where(Record.school_id == school_id).order_by(Record.seq)
        )
    )
