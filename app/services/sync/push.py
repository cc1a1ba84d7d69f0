"""Applying the server's answer to a frozen push batch (``batches``): versions, conflicts,
refusals, and the outbox entries it retires.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    MODEL_BY_TABLE,
    OutboxEntry,
    SyncBatch,
    SyncConflict,
)
from app.services.sync.apply import server_audit
from app.services.sync.batches import sent_changes
from app.services.sync.errors import SyncError
from app.services.sync.state import (
    AUDIT_PUSHED_KEY,
    RowKey,
    record_versions,
    set_local_versions,
    set_setting,
)
from lpc_core.collector import collector_paused
from lpc_core.wire import content_fields, from_wire, to_wire

DELETED_FIELD = "(deleted)"  # a conflict whose other side is the record's deletion


@dataclass
class PushOutcome:
    changes: int = 0
    conflicts: int = 0


@collector_paused
def apply_push_answer(session: Session, batch: SyncBatch, answer: dict[str, Any]) -> PushOutcome:
    """Record what the server decided for each change and retire the batch."""
    sent = sent_changes(batch.body)
    results = answer.get("results")
    if answer.get("batch_id") != batch.batch_id or not isinstance(results, list):
        raise SyncError("The district server's answer does not match the batch sent.")
    by_id = {r.get("change_id"): r for r in results if isinstance(r, dict)}
    outcome = PushOutcome(changes=len(sent))
    versions: dict[RowKey, int] = {}
    seqs = json.loads(batch.outbox_seqs)
    conn = session.connection()
    for start in range(0, len(seqs), 500):  # plain parameters: no IN (…) list compiled
        part = tuple(int(s) for s in seqs[start : start + 500])
        conn.exec_driver_sql(
            f"DELETE FROM {OutboxEntry.__tablename__} WHERE seq IN ({', '.join('?' * len(part))})",
            part,
        )
    audit = server_audit(session)
    for change in sent:
        result = by_id.get(change["change_id"])
        if result is None:
            raise SyncError("The district server's answer left out a change; nothing was lost.")
        key = (change["table"], change["row_id"])
        conflicts = result.get("conflicts") or []
        if _only_this_change(change, result, conflicts):
            versions[key] = result["row_version"]
        if result.get("status") == "conflict" and not conflicts and change["op"] != "delete":
            # Refused without a field conflict: the record was deleted on the server. The
            # edit is kept in the conflict list (never dropped), so the officer sees it.
            conflicts = [
                {
                    "field": DELETED_FIELD,
                    "mine": change["fields"],
                    "theirs": None,
                    "theirs_version": result.get("row_version") or 0,
                }
            ]
        for c in conflicts:
            if _keep_conflict(session, change, c, audit):
                outcome.conflicts += 1
    session.flush()
    record_versions(session, versions)
    still_pending = _queued_rows(session, [r for _, r in versions])
    set_local_versions(session, {k: v for k, v in versions.items() if k not in still_pending})
    set_setting(session, AUDIT_PUSHED_KEY, str(batch.audit_upto))
    session.delete(batch)
    return outcome


def _only_this_change(change: dict[str, Any], result: dict[str, Any], conflicts: Any) -> bool:
    """Whether the server's row is exactly what this device knew plus this change.

    Only then may the known version move to the server's: if anyone else changed the row
    meanwhile (a version in between), this device has not seen their fields yet, and
    claiming that version would let its next edit overwrite them without a conflict. Such
    a row keeps its old known version until the pull brings the server's copy.
    """
    version = result.get("row_version")
    return (
        isinstance(version, int)
        and not conflicts
        and result.get("status") != "conflict"
        and version == int(change["base_version"]) + 1
    )


def _queued_rows(session: Session, row_ids: list[str]) -> set[RowKey]:
    """Which of these rows have outbox entries queued (by the indexed row_id: the outbox
    may hold thousands of entries still to push)."""
    queued: set[RowKey] = set()
    for start in range(0, len(row_ids), 500):
        rows = session.execute(
            select(OutboxEntry.table_name, OutboxEntry.row_id).where(
                OutboxEntry.row_id.in_(row_ids[start : start + 500])
            )
        )
        queued.update((t, r) for t, r in rows)
    return queued


def _keep_conflict(session: Session, change: dict[str, Any], c: dict[str, Any], audit: Any) -> bool:
    """Store both values; the record itself shows the server's value until the officer
    chooses, so this device and the server agree on what is on record meanwhile."""
    field = str(c.get("field", ""))
    theirs_version = int(c.get("theirs_version") or 0)
    table, row_id = change["table"], change["row_id"]
    mine, theirs = (
        json.dumps(c.get("mine"), ensure_ascii=False),
        json.dumps(c.get("theirs"), ensure_ascii=False),
    )
    duplicate = session.scalar(
        select(SyncConflict.id).where(
            SyncConflict.table_name == table,
            SyncConflict.row_id == row_id,
            SyncConflict.field == field,
            SyncConflict.theirs_version == theirs_version,
            SyncConflict.mine == mine,
        )
    )
    if duplicate is not None:  # the same answer applied twice (a replayed batch)
        return False
    session.add(
        SyncConflict(
            table_name=table,
            row_id=row_id,
            school_id=change["school_id"],
            field=field,
            mine=mine,
            theirs=theirs,
            theirs_version=theirs_version,
            created_at=datetime.now(UTC),
            resolution="",
        )
    )
    model = MODEL_BY_TABLE.get(table)
    obj = session.get(model, row_id) if model is not None else None
    if obj is not None and field in content_fields(model):  # type: ignore[arg-type]
        pending = any(
            field in json.loads(raw)
            for raw in session.scalars(
                select(OutboxEntry.fields).where(
                    OutboxEntry.table_name == table, OutboxEntry.row_id == row_id
                )
            )
        )
        value = from_wire(model, field, c.get("theirs"))  # type: ignore[arg-type]
        if not pending and getattr(obj, field) != value:
            old = {field: to_wire(getattr(obj, field))}
            setattr(obj, field, value)
            obj.updated_at = datetime.now(UTC)
            audit.record(
                obj.updated_at,
                table,
                row_id,
                change["school_id"],
                "update",
                old,
                {field: c.get("theirs")},
            )
    return True
