"""Listing and resolving sync conflicts.

A resolution is an ordinary edit made through the unit of work, so the chosen value gets
an outbox entry and an audit entry and reaches the server (and the other devices) like
any other change. The conflict row is kept, marked resolved, as a record of the choice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import MODEL_BY_TABLE, School, SyncConflict, spec_of
from app.services.formatting import format_nz_date
from app.services.store import Store
from app.services.sync.push import DELETED_FIELD
from app.services.unit_of_work import UnitOfWork

MINE, THEIRS, EDITED = "mine", "theirs", "edited"


@dataclass(frozen=True)
class ConflictItem:
    id: int
    table: str
    row_id: str
    school_id: str
    school_name: str
    record_label: str  # "school", "contact", ...
    field: str
    field_label: str
    mine: Any  # wire encoding
    theirs: Any
    mine_text: str
    theirs_text: str
    created_at: datetime

    @property
    def is_deletion(self) -> bool:
        """The other side deleted the record: only accepting the deletion applies."""
        return self.field == DELETED_FIELD


def display_value(table: str, field: str, value: Any) -> str:
    """A stored value the way the forms show it."""
    if field == DELETED_FIELD:
        if not isinstance(value, dict):
            return "The record was deleted on another device."
        return "\n".join(
            f"{field_label(table, f)}: {display_value(table, f, v)}" for f, v in value.items()
        )
    if value is None or value == "":
        return "(empty)"
    model = MODEL_BY_TABLE.get(table)
    spec = spec_of(model, field) if model is not None else None
    if spec is not None:
        if spec.kind == "date" and isinstance(value, str):
            try:
                return format_nz_date(date.fromisoformat(value[:10]))
            except ValueError:
                return value
        if spec.kind == "choice" and spec.choices is not None:
            for member in spec.choices:
                if member.value == value:
                    return str(getattr(member, "label", value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def field_label(table: str, field: str) -> str:
    if field == DELETED_FIELD:
        return "Deleted on the district server"
    model = MODEL_BY_TABLE.get(table)
    spec = spec_of(model, field) if model is not None else None
    return spec.label if spec is not None else field.replace("_", " ").capitalize()


def open_conflict_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))
        )
        or 0
    )


def list_conflicts(session: Session) -> list[ConflictItem]:
    rows = session.scalars(
        select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.id)
    ).all()
    wanted = {r.school_id for r in rows}
    names: dict[str, str] = {
        sid: name
        for sid, name in session.execute(
            select(School.id, School.name).where(School.id.in_(wanted))
        )
    }
    items = []
    for r in rows:
        mine, theirs = json.loads(r.mine), json.loads(r.theirs)
        model = MODEL_BY_TABLE.get(r.table_name)
        items.append(
            ConflictItem(
                id=r.id,
                table=r.table_name,
                row_id=r.row_id,
                school_id=r.school_id,
                school_name=names.get(r.school_id, "(unknown school)"),
                record_label=getattr(model, "__label__", r.table_name),
                field=r.field,
                field_label=field_label(r.table_name, r.field),
                mine=mine,
                theirs=theirs,
                mine_text=display_value(r.table_name, r.field, mine),
                theirs_text=display_value(r.table_name, r.field, theirs),
                created_at=r.created_at,
            )
        )
    return items


def resolve_conflict(
    store: Store, actor: str, conflict_id: int, choice: str, edited: Any = None
) -> None:
    """Keep ``mine``, ``theirs`` or an ``edited`` value (typed as in a form: dd/mm/yyyy
    dates, plain numbers). Raises ``ValidationError`` for an edited value that is not
    allowed, ``LookupError`` if the conflict is gone or already resolved."""
    if choice not in (MINE, THEIRS, EDITED):
        raise ValueError(f"unknown choice {choice!r}")
    with UnitOfWork(store, actor=actor) as uow:
        conflict = uow.session.get(SyncConflict, conflict_id)
        if conflict is None or conflict.resolved_at is not None:
            raise LookupError("This conflict has already been resolved.")
        model = MODEL_BY_TABLE[conflict.table_name]
        value = {
            MINE: lambda: json.loads(conflict.mine),
            THEIRS: lambda: json.loads(conflict.theirs),
            EDITED: lambda: edited,
        }[choice]()
        if choice == EDITED:
            value = _from_form(model, conflict.field, value)
        obj = uow.session.get(model, conflict.row_id)
        if conflict.field == DELETED_FIELD:
            if choice != THEIRS:
                raise ValueError(
                    "This record was deleted on the district server, so the edit cannot be "
                    "applied to it. Copy the text you need, then accept the deletion."
                )
        elif obj is not None and not obj.is_deleted:
            uow.update(obj, **{conflict.field: value})
        conflict.resolved_at = datetime.now(UTC)
        conflict.resolution = choice


def _from_form(model: Any, field: str, value: Any) -> Any:
    """A choice typed or shown by its label is stored by its value."""
    spec = spec_of(model, field)
    if spec is not None and spec.kind == "choice" and spec.choices is not None:
        for member in spec.choices:
            if isinstance(value, str) and value.strip() == getattr(member, "label", None):
                return member.value
    return value


def load_conflicts(store: Store) -> list[ConflictItem]:
    """The unresolved conflicts, for the conflicts dialog."""
    with store.session() as session:
        return list_conflicts(session)
