"""Changes the district server refused for good, set aside so they stop blocking sync.

A frozen batch is resent until its answer is applied. A 403 (the officer may no longer
see that school) or a 422 (a value the server will not take) would come back every time,
and every later edit would wait behind it. So the refused changes are moved into
``sync_conflicts`` (kind "refused", with the server's own message and the values the
record had before the unsent edits) and the batch is dropped, in one local transaction.
Nothing is lost: the officer sees each one in the Sync conflicts dialog and chooses to
send it again or to discard it.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import (
    MODEL_BY_TABLE,
    AuditEntry,
    OutboxEntry,
    SyncBatch,
    SyncConflict,
    spec_of,
)
from app.services.sync.apply import server_audit
from app.services.sync.batches import sent_changes
from app.services.sync.state import (
    AUDIT_PUSHED_KEY,
    SERVER_DEVICE,
    RowKey,
    get_setting,
    known_versions,
)
from lpc_core.collector import collector_paused
from lpc_core.wire import content_fields, from_wire, row_to_wire, to_wire

REFUSED = "refused"
REFUSED_FIELD = "(refused)"
_CHANGE_INDEX = re.compile(r"^changes\[(\d+)\]")


@collector_paused
def set_aside_batch(
    session: Session,
    batch: SyncBatch,
    status: int,
    server_message: str,
    visible: set[str] | None = None,
) -> int:
    """Move the refused changes of ``batch`` aside and drop the batch; how many were set
    aside. The changes not set aside stay queued and go in the next batch.

    A 422 that names one change sets aside that row only. A 403 refuses the whole batch
    without saying which school; with ``visible`` (the schools the server lists for this
    officer now) only the changes for other schools are set aside, except a school this
    batch creates. When that narrows nothing down, every change is set aside."""
    sent = sent_changes(batch.body)
    wanted = sent
    match = _CHANGE_INDEX.match(server_message) if status == 422 else None
    if match is not None and int(match.group(1)) < len(sent):
        named = sent[int(match.group(1))]
        wanted = [c for c in sent if (c["table"], c["row_id"]) == (named["table"], named["row_id"])]
    elif status == 403 and visible is not None:
        created = {c["row_id"] for c in sent if c["table"] == "schools" and c["op"] == "insert"}
        hidden = [c for c in sent if c["school_id"] not in visible | created]
        wanted = hidden or sent
    keys = {(c["table"], c["row_id"]) for c in wanted}
    seqs = json.loads(batch.outbox_seqs)
    drop: list[int] = []
    for start in range(0, len(seqs), 500):
        rows = session.execute(
            select(OutboxEntry.seq, OutboxEntry.table_name, OutboxEntry.row_id).where(
                OutboxEntry.seq.in_(seqs[start : start + 500])
            )
        )
        drop.extend(seq for seq, table, row_id in rows if (table, row_id) in keys)
    for start in range(0, len(drop), 500):
        session.execute(delete(OutboxEntry).where(OutboxEntry.seq.in_(drop[start : start + 500])))
    message = _readable(wanted[0]["table"], server_message) if wanted else server_message
    now = datetime.now(UTC)
    for change in wanted:
        session.add(
            SyncConflict(
                table_name=change["table"],
                row_id=change["row_id"],
                school_id=change["school_id"],
                field=REFUSED_FIELD,
                mine=json.dumps(
                    {"op": change["op"], "fields": change["fields"]}, ensure_ascii=False
                ),
                theirs=json.dumps(_previous_values(session, change), ensure_ascii=False),
                theirs_version=int(change.get("base_version") or 0),
                created_at=now,
                resolution="",
                kind=REFUSED,
                message=message,
            )
        )
    session.delete(batch)
    return len(wanted)


_FIELD_REASON = re.compile(r"^changes\[\d+\]\.fields\.(\w+): (.+)$", re.DOTALL)


def _readable(table: str, server_message: str) -> str:
    """``changes[3].fields.roll: must be a whole number`` as the form would say it."""
    match = _FIELD_REASON.match(server_message)
    model = MODEL_BY_TABLE.get(table)
    if match is None or model is None:
        return server_message or "No reason was given."
    field, reason = match.groups()
    spec = spec_of(model, field)
    label = spec.label if spec is not None else field.replace("_", " ").capitalize()
    return f"{label}: {reason}"


def _previous_values(session: Session, change: dict[str, Any]) -> dict[str, Any]:
    """What the record held before this device's unsent edits, from the audit trail (the
    oldest unsent entry per field holds the value the server last had). Empty for an
    insert: the server never had the record."""
    if change["op"] == "insert":
        return {}
    wanted = set(change["fields"]) if change["op"] != "delete" else {"deleted_at"}
    after = int(get_setting(session, AUDIT_PUSHED_KEY, "0") or 0)
    found: dict[str, Any] = {}
    rows = session.scalars(
        select(AuditEntry.changes)
        .where(
            AuditEntry.row_id == change["row_id"],
            AuditEntry.table_name == change["table"],
            AuditEntry.device_id != SERVER_DEVICE,
            AuditEntry.seq > after,
        )
        .order_by(AuditEntry.seq)
    )
    for raw in rows:
        for field, pair in json.loads(raw).items():
            if field in wanted and field not in found and isinstance(pair, list) and pair:
                found[field] = pair[0]
    if change["op"] == "delete":
        found.setdefault("deleted_at", None)
    return found


def requeue(session: Session, conflict: SyncConflict) -> None:
    """Queue the change again as a new outbox entry, with the record's current values (a
    later edit of the same fields must not be overwritten by the older refused one). The
    push bases it on the server version known now."""
    model = MODEL_BY_TABLE[conflict.table_name]
    obj = session.get(model, conflict.row_id)
    if obj is None:
        raise LookupError("This record is no longer on this computer.")
    sent = json.loads(conflict.mine)
    op = str(sent.get("op") or "update")
    if obj.is_deleted and op != "delete":
        raise ValueError("This record has since been deleted here, so there is nothing to send.")
    current = row_to_wire(obj)
    if op == "insert":
        fields = current
    elif op == "delete":
        fields = {}
    else:
        fields = {f: current[f] for f in sent.get("fields", {}) if f in current}
    session.add(
        OutboxEntry(
            change_id=str(uuid.uuid4()),
            table_name=conflict.table_name,
            row_id=conflict.row_id,
            school_id=conflict.school_id,
            operation=op,
            fields=json.dumps(fields, ensure_ascii=False),
            base_version=obj.row_version,
            new_version=obj.row_version,
            created_at=datetime.now(UTC),
        )
    )


def discard(session: Session, conflict: SyncConflict) -> None:
    """Put back what the server holds: the values from before the unsent edits (fields
    edited again since are left alone: that newer edit is still queued). A refused insert
    was never on the server, so the record goes; bookkeeping only, nothing is queued, and
    the next full check fetches the school again if it still differs."""
    model = MODEL_BY_TABLE[conflict.table_name]
    obj = session.get(model, conflict.row_id)
    if obj is None:
        return
    sent = json.loads(conflict.mine)
    key: RowKey = (conflict.table_name, conflict.row_id)
    if sent.get("op") == "insert" and key not in known_versions(session, [key]):
        try:
            with session.begin_nested():
                session.delete(obj)
            return
        except IntegrityError:  # other records point at it: keep a local tombstone
            obj = session.get(model, conflict.row_id)
            if obj is None:
                return
            obj.deleted_at = datetime.now(UTC)
            return
    pending: set[str] = set()
    for raw in session.scalars(
        select(OutboxEntry.fields).where(
            OutboxEntry.table_name == conflict.table_name, OutboxEntry.row_id == conflict.row_id
        )
    ):
        pending.update(json.loads(raw))
    previous: dict[str, Any] = json.loads(conflict.theirs) or {}
    names = set(content_fields(model)) | {"deleted_at"}
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for field, value in previous.items():
        if field not in names or field in pending:
            continue
        if field == "deleted_at":
            restored = datetime.fromisoformat(value) if isinstance(value, str) else None
        else:
            restored = from_wire(model, field, value)
        if getattr(obj, field) != restored:
            old[field], new[field] = to_wire(getattr(obj, field)), value
            setattr(obj, field, restored)
    if not pending:
        known = known_versions(session, [key]).get(key)
        if known is not None:
            obj.row_version = known
    if new:
        obj.updated_at = datetime.now(UTC)
        school_id = conflict.school_id
        server_audit(session).record(
            obj.updated_at, conflict.table_name, conflict.row_id, school_id, "update", old, new
        )
