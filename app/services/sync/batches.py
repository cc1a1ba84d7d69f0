"""Turning the outbox into frozen push batches.

A batch is written to ``sync_batches`` (body, the outbox entries it covers, the audit
entries it carries) in one transaction *before* it is sent. Until its answer has been
applied, the next push resends exactly that body; the server recognises the batch id and
returns its first answer without changing anything, so a lost reply costs nothing.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.models import (
    AuditEntry,
    DemoSchool,
    OutboxEntry,
    SyncBatch,
)
from app.services.sync.state import (
    AUDIT_PUSHED_KEY,
    SERVER_DEVICE,
    RowKey,
    get_setting,
    known_versions,
    set_setting,
)
from lpc_core.collector import collector_paused

_OUTBOX_COLUMNS = (  # what a batch needs of an outbox entry, read as plain rows
    OutboxEntry.seq,
    OutboxEntry.change_id,
    OutboxEntry.table_name,
    OutboxEntry.row_id,
    OutboxEntry.school_id,
    OutboxEntry.operation,
    OutboxEntry.fields,
    OutboxEntry.new_version,
)


MAX_ENTRIES = 2_000  # outbox entries read per batch; coalesced they are at most this many


MAX_BODY = 6 * 1024 * 1024  # under the server's 8 MiB


_CHANGE_NS = uuid.UUID("8d3c1f4e-2b7a-4c55-9e61-5a0f3d2c7b19")


def outbox_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry)) or 0


def inflight_batch(session: Session) -> SyncBatch | None:
    return session.scalars(select(SyncBatch).order_by(SyncBatch.created_at).limit(1)).first()


def _drop_demo_entries(session: Session) -> set[str]:
    """The fictional demo district stays on this computer: it must never reach a real
    district server. Its outbox entries are dropped here, once. Which schools are the
    demo's is kept in ``demo_schools``, written when the demo is created: no edit of a
    school's fields (its district's name included) can move a school in or out."""
    demo = set(session.scalars(select(DemoSchool.school_id)))
    if demo:
        session.execute(delete(OutboxEntry).where(OutboxEntry.school_id.in_(demo)))
    return demo


_PLAIN = re.compile(r"[\w .:+-]*", re.ASCII)  # no quote, backslash or control character


def _text(value: str) -> str:
    """A JSON string: ids, names of tables and times need no escaping, so they skip the
    encoder (20,000 calls a batch); anything else goes through ``json.dumps``."""
    if _PLAIN.fullmatch(value):
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False)


def _texts(*values: str) -> tuple[str, ...]:
    """Several JSON strings. Plain characters joined are plain, so one match over them
    all tells whether each needs only its quotes (the usual case: one check per change or
    audit entry instead of one per value)."""
    if _PLAIN.fullmatch("".join(values)):
        return tuple([f'"{v}"' for v in values])
    return tuple([_text(v) for v in values])


def _coalesce(entries: Sequence[Any], known: dict[RowKey, int]) -> list[str]:
    """One change per row per batch where that is exact: an insert absorbs the updates
    after it, consecutive updates merge (later values win). A delete stays its own change,
    sent after the rest, based on the version the server will have reached by then.

    The changes come back as JSON texts, ready to join into the body: a change made of one
    outbox entry carries that entry's stored ``fields`` text as it is (no decoding and
    encoding again of what is already JSON)."""
    groups: dict[RowKey, list[Any]] = {}
    for e in entries:
        groups.setdefault((e.table_name, e.row_id), []).append(e)
    changes: list[str] = []
    for key, items in groups.items():
        expected = known.get(key, 0)
        run: list[Any] = []

        def flush(run: list[Any], expected: int) -> int:
            if not run:
                return expected
            first = run[0]
            if len(run) == 1:
                change_id, fields = first.change_id, first.fields
            else:
                merged: dict[str, Any] = {}
                for e in run:
                    merged.update(json.loads(e.fields))
                ids = ",".join(e.change_id for e in run)
                change_id = str(uuid.uuid5(_CHANGE_NS, ids))
                fields = json.dumps(merged, ensure_ascii=False)
            cid, table, row_id, school_id, op = _texts(
                change_id, first.table_name, first.row_id, first.school_id, first.operation
            )
            changes.append(
                f'{{"change_id": {cid}, "table": {table}, "row_id": {row_id}, '
                f'"school_id": {school_id}, "op": {op}, "base_version": {int(expected)}, '
                f'"new_version": {int(run[-1].new_version)}, "fields": {fields}}}'
            )
            return expected + 1

        for e in items:
            if e.operation == "delete":
                expected = flush(run, expected)
                run = []
                expected = flush([e], expected)
            else:
                run.append(e)
        flush(run, expected)
    return changes


def _audit_payload(
    session: Session, demo: set[str], max_count: int, max_bytes: int
) -> tuple[list[str], int]:
    """The next audit entries to send as JSON texts, at most ``max_count`` of them and
    about ``max_bytes`` (always at least one when there is one), and the seq up to which
    the trail is covered by them. An entry's ``changes`` is its stored JSON text."""
    after = int(get_setting(session, AUDIT_PUSHED_KEY, "0") or 0)
    rows = session.execute(
        select(AuditEntry.__table__)
        .where(AuditEntry.seq > after)
        .order_by(AuditEntry.seq)
        .limit(max_count)
    )
    upto = after
    size = 0
    payload: list[str] = []
    for e in rows:
        # Entries for pulled changes are the server's own news; demo rows never leave.
        if e.device_id != SERVER_DEVICE and e.school_id not in demo:
            i, at, actor, device, table, row_id, school, op, prev, digest = _texts(
                e.id,
                e.at.isoformat(),
                e.actor,
                e.device_id,
                e.table_name,
                e.row_id,
                e.school_id,
                e.operation,
                e.prev_hash,
                e.hash,
            )
            text = (
                f'{{"id": {i}, "at": {at}, "actor": {actor}, "device_id": {device}, '
                f'"table": {table}, "row_id": {row_id}, "school_id": {school}, '
                f'"operation": {op}, "prev_hash": {prev}, "hash": {digest}, '
                f'"changes": {e.changes}}}'
            )
            # A long note is in an entry twice (before and after): count what it costs.
            cost = len(text.encode("utf-8"))
            if payload and size + cost > max_bytes:
                break
            size += cost
            payload.append(text)
        upto = e.seq
    return payload, upto


def _body(batch_id: str, changes: list[str], audit: list[str]) -> str:
    """The batch as sent: ``batch_id``, ``changes``, ``audit`` in this order (which
    ``sent_changes`` relies on)."""
    return (
        f"{_BODY_START}{json.dumps(batch_id)}{_CHANGES_KEY}[{', '.join(changes)}], "
        f'"audit": [{", ".join(audit)}]}}'
    )


@collector_paused
def freeze_next_batch(
    session: Session, max_body: int = MAX_BODY, max_entries: int = MAX_ENTRIES
) -> SyncBatch | None:
    """Take the oldest outbox entries into a new batch, or None when there is nothing.

    The audit entries get their own share of ``max_body`` (a quarter) and their own count,
    so a trail of long notes never makes a batch the server refuses as too large, even
    when no change travels with it; the outbox entries are halved until the rest fits.
    """
    demo = _drop_demo_entries(session)
    entries = list(
        session.execute(select(*_OUTBOX_COLUMNS).order_by(OutboxEntry.seq).limit(max_entries))
    )
    known = known_versions(session, {(e.table_name, e.row_id) for e in entries})
    changes = _coalesce(entries, known)
    audit, audit_upto = _audit_payload(session, demo, max_entries, max_body // 4)
    if not changes and not audit:
        if audit_upto:
            set_setting(session, AUDIT_PUSHED_KEY, str(audit_upto))
        return None
    batch_id = str(uuid.uuid4())
    body = _body(batch_id, changes, audit)
    while len(body.encode("utf-8")) > max_body and len(entries) > 1:
        # Very long texts: halve the batch until it fits (rare; a page of notes is 20 kB).
        entries = entries[: len(entries) // 2]
        changes = _coalesce(entries, known)
        body = _body(batch_id, changes, audit)
    batch = SyncBatch(
        batch_id=batch_id,
        body=body,
        outbox_seqs=json.dumps([e.seq for e in entries]),
        audit_upto=audit_upto,
        created_at=datetime.now(UTC),
    )
    session.add(batch)
    return batch


def drop_unsent_batch(session: Session, batch_id: str) -> bool:
    """Forget a frozen batch the server refused as too large before reading it (so never
    applied): its outbox entries and audit entries are still queued and go again in
    smaller batches. False if that batch is no longer the one in flight."""
    current = inflight_batch(session)
    if current is None or current.batch_id != batch_id:
        return False
    session.delete(current)
    return True


_BODY_START = '{"batch_id": '


_CHANGES_KEY = ', "changes": '


def sent_changes(body: str) -> list[dict[str, Any]]:
    """The ``changes`` of a frozen body, without decoding its audit entries (most of the
    text). Bodies are written by ``freeze_next_batch`` as batch_id, changes, audit; any
    other shape is decoded whole."""
    decoder = json.JSONDecoder()
    if body.startswith(_BODY_START):
        try:
            _batch_id, end = decoder.raw_decode(body, len(_BODY_START))
            if body.startswith(_CHANGES_KEY, end):
                changes, _end = decoder.raw_decode(body, end + len(_CHANGES_KEY))
                if isinstance(changes, list):
                    return changes
        except ValueError:
            pass
    whole: list[dict[str, Any]] = json.loads(body)["changes"]
    return whole
