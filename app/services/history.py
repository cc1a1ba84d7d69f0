"""The audit trail as people read it: one line per changed field, labelled and formatted.

``app.services.audit`` stores values in their wire form (ISO dates, choice ids) keyed by
column name; here they become what the forms show (dd/mm/yyyy, choice labels, field
labels from each column's ``FieldSpec``). Read-only: the trail is never edited.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import MODEL_BY_TABLE, AuditEntry, Synced, spec_of
from lpc_core.formatting import EMPTY_TEXT, Shown, display_text, format_nz_datetime
from lpc_core.wire import from_wire

if TYPE_CHECKING:
    from app.services.store import Store

EMPTY = EMPTY_TEXT[Shown.HISTORY]
OPERATIONS = {"insert": "Created", "update": "Changed", "delete": "Deleted"}
# Foreign keys and bookkeeping: ids mean nothing to a reader when a record is created.
_HIDDEN_ON_CREATE = frozenset(
    {"school_id", "plan_id", "aim_id", "outcome_id", "response_id", "position"}
)
# Columns without a FieldSpec that a reader may still see change.
_PLAIN_LABELS = {"position": "Place in plan", "stage": "Stage", "archived": "Archived"}


@dataclass(frozen=True, slots=True)
class HistoryLine:
    at: datetime
    actor: str
    device_id: str
    record: str  # "Plan activity"
    operation: str  # "Created", "Changed", "Deleted"
    field: str  # column name, "" for a whole-record line
    field_label: str
    old: str
    new: str
    row_id: str = ""  # which record, so a school's history can be narrowed to one

    @property
    def when(self) -> str:
        return format_nz_datetime(self.at)


def field_label(model: type[Synced] | None, field: str) -> str:
    spec = spec_of(model, field) if model is not None else None
    if spec is not None:
        return spec.label
    return _PLAIN_LABELS.get(field, field.replace("_", " ").capitalize())


def format_value(model: type[Synced] | None, field: str, value: Any) -> str:
    """An audit entry's wire value as the history shows it."""
    if field == "position" and isinstance(value, int):
        return str(value + 1)  # people count places from one
    spec = None
    if model is not None and field in model.__table__.columns:  # type: ignore[attr-defined]
        with contextlib.suppress(TypeError, ValueError):  # odd values shown as stored
            value = from_wire(model, field, value)
        spec = spec_of(model, field)
    return display_text(spec, value, Shown.HISTORY)


def _lines(entry: AuditEntry) -> list[HistoryLine]:
    model = MODEL_BY_TABLE.get(entry.table_name)
    record = model.__label__.capitalize() if model is not None else entry.table_name
    operation = OPERATIONS.get(entry.operation, entry.operation.capitalize())
    changes: dict[str, list[Any]] = json.loads(entry.changes)

    def line(field: str, label: str, old: str, new: str) -> HistoryLine:
        return HistoryLine(
            entry.at,
            entry.actor,
            entry.device_id,
            record,
            operation,
            field,
            label,
            old,
            new,
            entry.row_id,
        )

    if entry.operation == "delete":
        return [line("", "", "", "Deleted")]
    lines = []
    for field, (old, new) in sorted(changes.items(), key=lambda kv: _order(model, kv[0])):
        blank = new is None or new == "" or new is False  # not 0: a count of 0 is news
        if entry.operation == "insert" and (field in _HIDDEN_ON_CREATE or blank):
            continue
        lines.append(
            line(
                field,
                field_label(model, field),
                "" if entry.operation == "insert" else format_value(model, field, old),
                format_value(model, field, new),
            )
        )
    return lines or [line("", "", "", operation)]


def _order(model: type[Synced] | None, field: str) -> int:
    """Fields in the order the form shows them (column order), not alphabetical."""
    if model is None:
        return 0
    keys = list(model.__table__.columns.keys())  # type: ignore[attr-defined]
    return keys.index(field) if field in keys else len(keys)


def record_history(session: Session, row_id: str) -> list[HistoryLine]:
    """Every change to one record, newest first."""
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.row_id == row_id).order_by(AuditEntry.seq.desc())
    )
    return [line for e in entries for line in _lines(e)]


def school_history(session: Session, school_id: str, limit: int = 2000) -> list[HistoryLine]:
    """Every change to any of a school's records, newest first (the latest ``limit``)."""
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.school_id == school_id)
        .order_by(AuditEntry.seq.desc())
        .limit(limit)
    )
    return [line for e in entries for line in _lines(e)]


def record_titles(lines: list[HistoryLine]) -> dict[str, str]:
    """A name for each record in ``lines`` that people can tell apart: its kind and the
    first value it was created with ("Agreed outcome: Fewer bullying reports")."""
    titles: dict[str, str] = {}
    for line in lines:  # a record's creation is one entry, its fields in form order
        if not line.row_id or line.operation != "Created" or line.row_id in titles:
            continue
        hint = " ".join(line.new.split())
        if len(hint) > 40:
            hint = hint[:39] + "…"
        titles[line.row_id] = f"{line.record}: {hint}" if hint and hint != EMPTY else line.record
    for line in lines:  # records created before the trail shown here began
        if line.row_id:
            titles.setdefault(line.row_id, line.record)
    return dict(sorted(titles.items(), key=lambda kv: kv[1].casefold()))


# -- what the history panel calls (each opens its own read-only session) ------------------
def read_record_history(store: Store, row_id: str) -> list[HistoryLine]:
    with store.session() as session:
        return record_history(session, row_id)


def read_school_history(store: Store, school_id: str) -> list[HistoryLine]:
    with store.session() as session:
        return school_history(session, school_id)
