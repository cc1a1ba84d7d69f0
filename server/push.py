"""Applying a pushed batch: validate everything first, then one serialised transaction.

Serialising: the counter row is locked (``SELECT … FOR UPDATE``; on SQLite the write
transaction already began with ``BEGIN IMMEDIATE``) before anything is read, so pushes
commit one after another and seqs become visible in order; a pull never skips a smaller
seq that commits later.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.access import Principal, visible_schools
from server.checks import validate
from server.db import Database
from server.directory import assign, register_school
from server.errors import forbidden, invalid
from server.models import (
    Batch,
    ChangeLog,
    ClientAuditEntry,
    Record,
    RegistrySchool,
    SeqCounter,
    User,
)
from server.schemas import ChangeIn, PushIn

DELETED_MESSAGE = "This record was deleted on the server; the change was not applied."
CHUNK = 500  # ids per IN (…) query


@dataclass
class _Context:
    """One push's transaction, with what it already read (a 2,000-change batch would
    otherwise cost several queries per change)."""

    session: Session
    principal: Principal
    batch_id: str
    seq: int
    now: datetime
    earlier: dict[str, dict[str, Any] | None] = dataclasses.field(default_factory=dict)
    records: dict[tuple[str, str], Record | None] = dataclasses.field(default_factory=dict)
    # school_id -> may this user see it; None: the server has never seen that school
    visible: dict[str, bool | None] = dataclasses.field(default_factory=dict)

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def prefetch(self, changes: list[ChangeIn]) -> None:
        session = self.session
        ids = list({c.change_id for c in changes})
        self.earlier = dict.fromkeys(ids)
        for part in _chunks(ids):
            for log in session.scalars(select(ChangeLog).where(ChangeLog.change_id.in_(part))):
                if log.user_id != self.principal.user_id:
                    raise forbidden()
                self.earlier[log.change_id] = log.result
        by_table: dict[str, set[str]] = {}
        for c in changes:
            by_table.setdefault(c.table, set()).add(c.row_id)
        for table, row_ids in by_table.items():
            self.records.update(dict.fromkeys(((table, r) for r in row_ids), None))
            for part in _chunks(list(row_ids)):
                stmt = select(Record).where(Record.table_name == table, Record.row_id.in_(part))
                for record in session.scalars(stmt):
                    self.records[(table, record.row_id)] = record
        school_ids = list({c.school_id for c in changes})
        self.visible = dict.fromkeys(school_ids)
        for part in _chunks(school_ids):
            registered = session.scalars(
                select(RegistrySchool.id).where(RegistrySchool.id.in_(part))
            )
            self.visible.update(dict.fromkeys(registered, False))
            seen = session.scalars(
                select(RegistrySchool.id).where(
                    RegistrySchool.id.in_(part), visible_schools(self.principal)
                )
            )
            self.visible.update(dict.fromkeys(seen, True))


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def push(db: Database, principal: Principal, body: PushIn) -> dict[str, Any]:
    validate(body)
    with db.writing() as session:
        counter = session.scalars(
            select(SeqCounter).where(SeqCounter.id == 1).with_for_update()
        ).one()
        stored = session.get(Batch, body.batch_id)
        if stored is not None:
            if stored.user_id != principal.user_id:
                raise invalid("batch_id", "this batch_id was already used by another user")
            return stored.response
        ctx = _Context(session, principal, body.batch_id, counter.value, datetime.now(UTC))
        ctx.prefetch(body.changes)
        results = [_apply(ctx, i, change) for i, change in enumerate(body.changes)]
        _store_audit(ctx, body)
        counter.value = ctx.seq
        response = {"batch_id": body.batch_id, "results": results}
        session.add(
            Batch(
                batch_id=body.batch_id,
                user_id=principal.user_id,
                device_id=principal.device_pk,
                received_at=ctx.now,
                response=response,
            )
        )
    return response


def _result(
    change: ChangeIn,
    status: str,
    row_version: int,
    conflicts: list[dict[str, Any]] | None = None,
    message: str = "",
) -> dict[str, Any]:
    return {
        "change_id": change.change_id,
        "status": status,
        "row_version": row_version,
        "conflicts": conflicts or [],
        "message": message,
    }


def _apply(ctx: _Context, index: int, change: ChangeIn) -> dict[str, Any]:
    session = ctx.session
    earlier = ctx.earlier.get(change.change_id)
    if earlier is not None:
        return {**earlier, "status": "duplicate"}

    record = ctx.records.get((change.table, change.row_id))
    if record is not None and record.school_id != change.school_id:
        raise invalid(
            f"changes[{index}].school_id",
            f"the {change.table} record {change.row_id} belongs to another school",
        )
    _authorise(ctx, change, record)

    apply = _delete if change.op == "delete" else _upsert
    result = apply(ctx, change, record)
    ctx.earlier[change.change_id] = result  # the same change twice in one batch
    session.add(
        ChangeLog(
            change_id=change.change_id,
            batch_id=ctx.batch_id,
            user_id=ctx.principal.user_id,
            device_id=ctx.principal.device_pk,
            received_at=ctx.now,
            table_name=change.table,
            row_id=change.row_id,
            status=result["status"],
            result=result,
        )
    )
    return result


def _authorise(ctx: _Context, change: ChangeIn, record: Record | None) -> None:
    """Refuse (403, whole batch) a change for a school this user may not see; register
    a school the server has never seen when this change creates it."""
    visible = ctx.visible.get(change.school_id)
    if visible is None:
        if change.table == "schools" and change.op != "delete" and record is None:
            _register_offline_school(ctx, change)
            ctx.visible[change.school_id] = True
            return
        raise forbidden("One of these changes is for a school you may not see.")
    if not visible:
        raise forbidden("One of these changes is for a school you may not see.")


def _register_offline_school(ctx: _Context, change: ChangeIn) -> None:
    session = ctx.session
    name = str(change.fields.get("name") or "Unnamed school")
    moe = change.fields.get("moe_number")
    if isinstance(moe, int) and session.scalar(
        select(RegistrySchool.id).where(RegistrySchool.moe_number == moe)
    ):
        moe = None  # the registry already has a school with that number; keep both rows
    school = register_school(
        session,
        change.school_id,
        ctx.principal.district_id,
        name,
        moe if isinstance(moe, int) else None,
    )
    user = session.get(User, ctx.principal.user_id)
    assert user is not None
    assign(session, user, school)


def _delete(ctx: _Context, change: ChangeIn, record: Record | None) -> dict[str, Any]:
    if record is None:
        record = Record(
            table_name=change.table,
            row_id=change.row_id,
            school_id=change.school_id,
            fields={},
            field_versions={},
            row_version=0,
            deleted=False,
        )
        ctx.session.add(record)
        ctx.records[(change.table, change.row_id)] = record
    elif record.deleted:
        return _result(change, "applied", record.row_version, message="Already deleted.")
    record.deleted = True
    record.row_version += 1
    _stamp(ctx, record)
    return _result(change, "applied", record.row_version)


def _upsert(ctx: _Context, change: ChangeIn, record: Record | None) -> dict[str, Any]:
    values = dict(change.fields)
    if record is None:
        record = Record(
            table_name=change.table,
            row_id=change.row_id,
            school_id=change.school_id,
            fields=values,
            field_versions=dict.fromkeys(values, 1),
            row_version=1,
            deleted=False,
        )
        ctx.session.add(record)
        ctx.records[(change.table, change.row_id)] = record
        _stamp(ctx, record)
        return _result(change, "applied", 1)
    if record.deleted:
        return _result(change, "conflict", record.row_version, message=DELETED_MESSAGE)

    taken: dict[str, Any] = {}
    conflicts: list[dict[str, Any]] = []
    for field, mine in values.items():
        theirs = record.fields.get(field)
        theirs_version = record.field_versions.get(field, 0)
        if theirs_version > change.base_version and theirs != mine:
            conflicts.append(
                {"field": field, "mine": mine, "theirs": theirs, "theirs_version": theirs_version}
            )
        else:
            taken[field] = mine
    if conflicts and not taken:
        return _result(change, "conflict", record.row_version, conflicts)

    changed = {f: v for f, v in taken.items() if f not in record.fields or record.fields[f] != v}
    if changed:
        record.row_version += 1
        record.fields = {**record.fields, **changed}
        record.field_versions = {
            **record.field_versions,
            **dict.fromkeys(changed, record.row_version),
        }
        _stamp(ctx, record)
        if change.table == "schools":
            _refresh_registry(ctx, change.row_id, changed)
    status = "merged" if conflicts else "applied"
    return _result(change, status, record.row_version, conflicts)


def _stamp(ctx: _Context, record: Record) -> None:
    record.seq = ctx.next_seq()
    record.updated_by_user_id = ctx.principal.user_id
    record.updated_by_device_id = ctx.principal.device_pk
    record.updated_at = ctx.now


def _refresh_registry(ctx: _Context, school_id: str, changed: dict[str, Any]) -> None:
    """Keep the registry's name and MoE number (used by admin commands) in step."""
    school = ctx.session.get(RegistrySchool, school_id)
    if school is None:
        return
    if isinstance(changed.get("name"), str) and changed["name"].strip():
        school.name = changed["name"][:200]
    if "moe_number" in changed:
        moe = changed["moe_number"]
        taken = isinstance(moe, int) and ctx.session.scalar(
            select(RegistrySchool.id).where(
                RegistrySchool.moe_number == moe, RegistrySchool.id != school_id
            )
        )
        if not taken:
            school.moe_number = moe if isinstance(moe, int) else None


def _store_audit(ctx: _Context, body: PushIn) -> None:
    """Store the client's audit entries as received; one already held is left alone."""
    ids = [entry.id for entry in body.audit]
    if not ids:
        return
    held: set[str] = set()
    for part in _chunks(ids):
        held.update(
            ctx.session.scalars(select(ClientAuditEntry.id).where(ClientAuditEntry.id.in_(part)))
        )
    for entry in body.audit:
        if entry.id in held:
            continue
        held.add(entry.id)
        ctx.session.add(
            ClientAuditEntry(
                id=entry.id,
                school_id=entry.school_id,
                entry=entry.model_dump(mode="json"),
                user_id=ctx.principal.user_id,
                device_id=ctx.principal.device_pk,
                received_at=ctx.now,
            )
        )
