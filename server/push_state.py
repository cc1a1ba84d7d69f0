"""What one push reads and writes, held in memory for the length of its transaction.

A batch of 2,000 changes handled row by row through the ORM costs tens of thousands of
statements and flushes; here everything the rules need is read up front in a few ``IN``
queries, the rules work on plain objects, and the outcome is written at the end with one
multi-row statement per table (``executemany``). The transaction and its lock are the
caller's, so the result is exactly what applying the changes one by one would give.

Registry writes (an offline-created school, a school's new name or MoE number) are kept
in the order they happened: the MoE number is unique, and a number one school gives up
may be taken by the next within the same batch.

The records a batch changes are locked as they are read (``FOR UPDATE``, ordered by table
and id); their seqs are taken last, just before the records are written (``server.seqs``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, TypeGuard

from sqlalchemy import Select, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from lpc_core.bulk import insert_many, update_many
from server import seqs
from server.access import Principal, scope, visible_schools_of
from server.errors import forbidden
from server.models import (
    Assignment,
    Batch,
    ChangeLog,
    ClientAuditEntry,
    Record,
    RegistrySchool,
)
from server.schemas import ChangeIn

CHUNK = 500  # ids per IN (…) query

_RECORDS: Table = Record.__table__  # type: ignore[assignment]
_REGISTRY: Table = RegistrySchool.__table__  # type: ignore[assignment]
_LOG: Table = ChangeLog.__table__  # type: ignore[assignment]
_AUDIT: Table = ClientAuditEntry.__table__  # type: ignore[assignment]
_BATCHES: Table = Batch.__table__  # type: ignore[assignment]
_ASSIGNMENTS: Table = Assignment.__table__  # type: ignore[assignment]


# Built once (per role where the user's scope is in them): a push only binds its values.
_C, _R, _L = _RECORDS.c, _REGISTRY.c, _LOG.c
_EARLIER = select(_L.change_id, _L.user_id, _L.result).where(
    _L.change_id.in_(bindparam("ids", expanding=True))
)
_STORED = (
    select(_C.row_id, _C.school_id, _C.fields, _C.field_versions, _C.row_version, _C.deleted)
    .add_columns(_C.seq)
    .where(_C.table_name == bindparam("table"), _C.row_id.in_(bindparam("ids", expanding=True)))
    .order_by(_C.row_id)
    .with_for_update()  # SQLite: no-op, its write lock is already held
)
_MOE_OWNERS = select(_R.id, _R.moe_number).where(
    _R.moe_number.in_(bindparam("ids", expanding=True))
)
_NEW_BATCH = insert(_BATCHES)
_RENAMED = (
    update(_REGISTRY)
    .where(_R.id == bindparam("k_id"))
    .values(name=bindparam("v_name"), moe_number=bindparam("v_moe_number"))
)


@cache
def _schools(role: str) -> Select[Any]:
    seen = visible_schools_of(role).label("visible")
    return select(_R.id, _R.name, _R.moe_number, seen).where(
        _R.id.in_(bindparam("ids", expanding=True))
    )


def chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@dataclass(slots=True)
class Row:
    """A record as the rules see it; ``stored``: the table already holds it."""

    table: str
    row_id: str
    school_id: str
    fields: dict[str, Any]
    field_versions: dict[str, int]
    row_version: int
    deleted: bool
    seq: int = 0
    stored: bool = False


@dataclass(slots=True)
class School:
    """A registry row: its name and MoE number (kept in step with the school record)."""

    id: str
    name: str
    moe_number: int | None


@dataclass
class PushState:
    """One push's reads (change ids, records, schools) and pending writes."""

    session: Session
    principal: Principal
    batch_id: str
    now: datetime
    # change_id -> its earlier result (None: never seen)
    earlier: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    rows: dict[tuple[str, str], Row] = field(default_factory=dict)
    # school_id -> may this user see it; absent: the server has never seen that school
    visible: dict[str, bool] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    moe_owner: dict[int, str] = field(default_factory=dict)
    registry_ops: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    # rows changed, in the order of their latest change (their seqs follow it)
    stamped: dict[tuple[str, str], Row] = field(default_factory=dict)

    # -- reading ---------------------------------------------------------------------

    def load(self, changes: list[ChangeIn]) -> None:
        """Everything the rules will ask about, in a few queries per 500 ids."""
        self._load_change_ids(list({c.change_id for c in changes}))
        by_table: dict[str, set[str]] = {}
        for c in changes:
            by_table.setdefault(c.table, set()).add(c.row_id)
        for table in sorted(by_table):  # one order for every push: no deadlocks
            self._load_records(table, sorted(by_table[table]))
        self.load_schools(list({c.school_id for c in changes}))
        numbers: set[int] = set()
        for c in changes:
            moe = c.fields.get("moe_number")
            if c.table == "schools" and c.op != "delete" and _is_number(moe):
                numbers.add(moe)
        self._load_moe_owners(list(numbers))

    def _load_change_ids(self, ids: list[str]) -> None:
        for part in chunks(ids):
            for change_id, user_id, result in self.session.execute(_EARLIER, {"ids": part}):
                if user_id != self.principal.user_id:
                    raise forbidden()
                self.earlier[change_id] = result

    def _load_records(self, table: str, row_ids: list[str]) -> None:
        for part in chunks(row_ids):
            for (
                row_id,
                school_id,
                fields,
                versions,
                row_version,
                deleted,
                seq,
            ) in self.session.execute(_STORED, {"table": table, "ids": part}).all():
                self.rows[(table, row_id)] = Row(
                    table,
                    row_id,
                    school_id,
                    fields,
                    versions,
                    row_version,
                    bool(deleted),
                    seq,
                    stored=True,
                )

    def load_schools(self, school_ids: list[str]) -> None:
        stmt = _schools(self.principal.role)
        for part in chunks(school_ids):
            params = {**scope(self.principal), "ids": part}
            for school_id, name, moe_number, visible in self.session.execute(stmt, params):
                self.visible[school_id] = bool(visible)
                self.schools[school_id] = School(school_id, name, moe_number)
                if moe_number is not None:
                    self.moe_owner[moe_number] = school_id

    def _load_moe_owners(self, numbers: list[int]) -> None:
        for part in chunks(numbers):
            for school_id, number in self.session.execute(_MOE_OWNERS, {"ids": part}):
                self.moe_owner[number] = school_id

    # -- the rules' questions and answers --------------------------------------------

    def row(self, table: str, row_id: str) -> Row | None:
        return self.rows.get((table, row_id))

    def add_row(self, row: Row) -> Row:
        self.rows[(row.table, row.row_id)] = row
        return row

    def stamp(self, row: Row) -> None:
        """This row changed; it gets its seq when the batch is written."""
        key = (row.table, row.row_id)
        self.stamped.pop(key, None)
        self.stamped[key] = row

    def log_change(self, change: ChangeIn, result: dict[str, Any]) -> None:
        self.log.append(
            {
                "change_id": change.change_id,
                "batch_id": self.batch_id,
                "user_id": self.principal.user_id,
                "device_id": self.principal.device_pk,
                "received_at": self.now,
                "table_name": change.table,
                "row_id": change.row_id,
                "status": result["status"],
                "result": result,
            }
        )

    def register_school(self, school_id: str, name: str, moe: Any) -> None:
        """A school the server has never seen, in the user's district and assigned to
        them. A MoE number another school already has is dropped (both rows are kept)."""
        number = moe if _is_number(moe) and moe not in self.moe_owner else None
        if number is not None:
            self.moe_owner[number] = school_id
        school = School(school_id, name[:200], number)
        self.schools[school_id] = school
        self.visible[school_id] = True
        self.registry_ops.append(
            (
                "insert",
                {
                    "id": school_id,
                    "district_id": self.principal.district_id,
                    "name": school.name,
                    "moe_number": number,
                },
            )
        )

    def refresh_school(self, school_id: str, changed: dict[str, Any]) -> None:
        """Keep the registry's name and MoE number (used by admin commands) in step."""
        school = self.schools.get(school_id)
        if school is None:
            return
        name, number = school.name, school.moe_number
        if isinstance(changed.get("name"), str) and changed["name"].strip():
            name = changed["name"][:200]
        if "moe_number" in changed:
            moe = changed["moe_number"]
            owner = self.moe_owner.get(moe) if _is_number(moe) else None
            if owner is None or owner == school_id:
                number = moe if _is_number(moe) else None
        if (name, number) == (school.name, school.moe_number):
            return
        if school.moe_number is not None and self.moe_owner.get(school.moe_number) == school_id:
            del self.moe_owner[school.moe_number]
        if number is not None:
            self.moe_owner[number] = school_id
        school.name, school.moe_number = name, number
        self.registry_ops.append(
            ("update", {"k_id": school_id, "v_name": name, "v_moe_number": number})
        )

    # -- writing ---------------------------------------------------------------------

    def write(self, response: dict[str, Any], audit: list[dict[str, Any]]) -> None:
        """Everything this push changed, one statement per table (registry in order)."""
        conn = self.session.connection()
        self._write_registry()
        if self.log:
            insert_many(conn, _LOG, self.log)
        if audit:
            insert_many(conn, _AUDIT, audit)
        conn.execute(
            _NEW_BATCH,
            {
                "batch_id": self.batch_id,
                "user_id": self.principal.user_id,
                "device_id": self.principal.device_pk,
                "received_at": self.now,
                "response": response,
            },
        )
        self._write_records()  # last: from here to the commit the counter is held

    def _write_records(self) -> None:
        rows = list(self.stamped.values())
        if not rows:
            return
        first = seqs.reserve(self.session, len(rows))
        for offset, row in enumerate(rows):
            row.seq = first + offset
        conn = self.session.connection()
        new = [self._record_values(r) for r in rows if not r.stored]
        changed = [self._record_values(r) for r in rows if r.stored]
        if new:
            insert_many(conn, _RECORDS, new)
        if changed:
            update_many(conn, _RECORDS, ("table_name", "row_id"), changed)

    def _record_values(self, row: Row) -> dict[str, Any]:
        return {
            "table_name": row.table,
            "row_id": row.row_id,
            "school_id": row.school_id,
            "fields": row.fields,
            "field_versions": row.field_versions,
            "row_version": row.row_version,
            "deleted": row.deleted,
            "seq": row.seq,
            "updated_by_user_id": self.principal.user_id,
            "updated_by_device_id": self.principal.device_pk,
            "updated_at": self.now,
        }

    def _write_registry(self) -> None:
        conn = self.session.connection()
        added: list[str] = []
        for kind, run in _runs(self.registry_ops):
            if kind == "insert":
                conn.execute(insert(_REGISTRY), run)
                added.extend(values["id"] for values in run)
            else:
                conn.execute(_RENAMED, run)
        if added:
            conn.execute(
                insert(_ASSIGNMENTS),
                [{"user_id": self.principal.user_id, "school_id": sid} for sid in added],
            )


def _runs(ops: Iterable[tuple[str, dict[str, Any]]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Consecutive operations of one kind, in order (one statement each)."""
    kind = ""
    run: list[dict[str, Any]] = []
    for op, values in ops:
        if op != kind and run:
            yield kind, run
            run = []
        kind = op
        run.append(values)
    if run:
        yield kind, run


def _is_number(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
