"""Applying a pushed batch: validate everything first, then one transaction.

Pushes run side by side. A push locks the records it changes as it reads them
(``SELECT … FOR UPDATE``, in a fixed order so two pushes never wait on each other in a
circle), so two pushes to one record take turns while pushes to different records do
not wait at all. Seqs are taken only at the very end (``server.seqs``), which keeps a
pull from ever skipping a smaller seq that commits later.

Two pushes can still collide on something neither could lock beforehand: the same new
record, change id, batch id or audit entry, or one MoE number for two new schools. The
database refuses the second (a unique constraint), or finds a deadlock; the push is then
run again from the start, and this time sees what the first one stored.

The rules below run on the batch's in-memory view (``server.push_state``), which reads
what they need up front and writes the outcome at the end in a few bulk statements.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from lpc_core.collector import collector_paused
from server.access import Principal
from server.checks import validate
from server.db import Database
from server.errors import forbidden, invalid
from server.integrity import check_new_records
from server.models import Batch, ClientAuditEntry
from server.push_state import PushState, Row, chunks
from server.schemas import ChangeIn, PushIn

log = logging.getLogger("server")

DELETED_MESSAGE = "This record was deleted on the server; the change was not applied."


_BATCHES: Table = Batch.__table__  # type: ignore[assignment]
_AUDIT: Table = ClientAuditEntry.__table__  # type: ignore[assignment]
_STORED_BATCH = select(_BATCHES.c.user_id, _BATCHES.c.response).where(
    _BATCHES.c.batch_id == bindparam("batch_id")
)
_HELD_AUDIT = select(_AUDIT.c.id).where(_AUDIT.c.id.in_(bindparam("ids", expanding=True)))

ATTEMPTS = 4  # a push that collided is run again at most this many times in all
_RETRYABLE_STATES = {"40P01", "40001"}  # PostgreSQL: deadlock, serialisation failure


@collector_paused  # thousands of rows held until written; none of them cyclic
def push(db: Database, principal: Principal, body: PushIn) -> dict[str, Any]:
    validate(body)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _push_once(db, principal, body)
        except DBAPIError as err:
            if attempt == ATTEMPTS or not _collided(err):
                raise
            log.info("push from device %s collided with another; again", principal.device_pk)
    raise AssertionError("unreachable")


def _collided(err: DBAPIError) -> bool:
    """A unique constraint or a deadlock: another push got there first."""
    return isinstance(err, IntegrityError) or (
        getattr(err.orig, "sqlstate", None) in _RETRYABLE_STATES
    )


def _push_once(db: Database, principal: Principal, body: PushIn) -> dict[str, Any]:
    with db.writing() as session:
        stored = session.execute(_STORED_BATCH, {"batch_id": body.batch_id}).first()
        if stored is not None:
            if stored.user_id != principal.user_id:
                raise invalid("batch_id", "this batch_id was already used by another user")
            earlier: dict[str, Any] = stored.response
            return earlier
        state = PushState(session, principal, body.batch_id, datetime.now(UTC))
        state.load(body.changes)
        check_new_records(state, body.changes)
        results = [_apply(state, i, change) for i, change in enumerate(body.changes)]
        response = {"batch_id": body.batch_id, "results": results}
        state.write(response, _new_audit(state, body))
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


def _apply(state: PushState, index: int, change: ChangeIn) -> dict[str, Any]:
    earlier = state.earlier.get(change.change_id)
    if earlier is not None:
        return {**earlier, "status": "duplicate"}

    row = state.row(change.table, change.row_id)
    if row is not None and row.school_id != change.school_id:
        raise invalid(
            f"changes[{index}].school_id",
            f"the {change.table} record {change.row_id} belongs to another school",
        )
    _authorise(state, change, row)

    apply = _delete if change.op == "delete" else _upsert
    result = apply(state, change, row)
    state.earlier[change.change_id] = result  # the same change twice in one batch
    state.log_change(change, result)
    return result


def _authorise(state: PushState, change: ChangeIn, row: Row | None) -> None:
    """Refuse (403, whole batch) a change for a school this user may not see; register
    a school the server has never seen when this change creates it."""
    visible = state.visible.get(change.school_id)
    if visible is None:
        if change.table == "schools" and change.op != "delete" and row is None:
            name = str(change.fields.get("name") or "Unnamed school")
            state.register_school(change.school_id, name, change.fields.get("moe_number"))
            return
        raise forbidden("One of these changes is for a school you may not see.")
    if not visible:
        raise forbidden("One of these changes is for a school you may not see.")


def _delete(state: PushState, change: ChangeIn, row: Row | None) -> dict[str, Any]:
    if row is None:
        row = state.add_row(
            Row(change.table, change.row_id, change.school_id, {}, {}, 0, deleted=False)
        )
    elif row.deleted:
        return _result(change, "applied", row.row_version, message="Already deleted.")
    row.deleted = True
    row.row_version += 1
    state.stamp(row)
    return _result(change, "applied", row.row_version)


def _upsert(state: PushState, change: ChangeIn, row: Row | None) -> dict[str, Any]:
    values = dict(change.fields)
    if row is None:
        row = state.add_row(
            Row(
                change.table,
                change.row_id,
                change.school_id,
                values,
                dict.fromkeys(values, 1),
                1,
                deleted=False,
            )
        )
        state.stamp(row)
        return _result(change, "applied", 1)
    if row.deleted:
        return _result(change, "conflict", row.row_version, message=DELETED_MESSAGE)

    taken: dict[str, Any] = {}
    conflicts: list[dict[str, Any]] = []
    for field, mine in values.items():
        theirs = row.fields.get(field)
        theirs_version = row.field_versions.get(field, 0)
        if theirs_version > change.base_version and theirs != mine:
            conflicts.append(
                {"field": field, "mine": mine, "theirs": theirs, "theirs_version": theirs_version}
            )
        else:
            taken[field] = mine
    if conflicts and not taken:
        return _result(change, "conflict", row.row_version, conflicts)

    changed = {f: v for f, v in taken.items() if f not in row.fields or row.fields[f] != v}
    if changed:
        row.row_version += 1
        row.fields = {**row.fields, **changed}
        row.field_versions = {**row.field_versions, **dict.fromkeys(changed, row.row_version)}
        state.stamp(row)
        if change.table == "schools":
            state.refresh_school(change.row_id, changed)
    status = "merged" if conflicts else "applied"
    return _result(change, status, row.row_version, conflicts)


def _new_audit(state: PushState, body: PushIn) -> list[dict[str, Any]]:
    """The client's audit entries to store as received; one already held is left alone.

    An entry for a school the server holds but this user may not see is dropped, not
    stored: the audit trail of another district is not this user's to write. (Refusing
    the batch instead would block an officer whose school was reassigned for good: a
    batch of audit entries alone has no change to set aside.) An entry for a school the
    server has never seen is kept: it can only be a school this device made offline whose
    creating change is in a later batch, and no one else's record carries that id."""
    unknown = list({e.school_id for e in body.audit if e.school_id not in state.visible})
    state.load_schools(unknown)
    entries = [e for e in body.audit if state.visible.get(e.school_id, True)]
    if len(entries) < len(body.audit):
        log.warning(
            "push from device %s: %d audit entries for schools the user may not see dropped",
            state.principal.device_pk,
            len(body.audit) - len(entries),
        )
    ids = [entry.id for entry in entries]
    if not ids:
        return []
    held: set[str] = set()
    for part in chunks(ids):
        held.update(state.session.scalars(_HELD_AUDIT, {"ids": part}))
    rows: list[dict[str, Any]] = []
    for entry in entries:
        if entry.id in held:
            continue
        held.add(entry.id)
        rows.append(
            {
                "id": entry.id,
                "school_id": entry.school_id,
                # As received: its declared fields, then the rest as they came (JSON
                # values already; model_dump would rebuild the same dict, slowly).
                "entry": {
                    "id": entry.id,
                    "school_id": entry.school_id,
                    **(entry.model_extra or {}),
                },
                "user_id": state.principal.user_id,
                "device_id": state.principal.device_pk,
                "received_at": state.now,
            }
        )
    return rows
