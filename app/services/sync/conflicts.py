"""Listing and resolving sync conflicts, and changes the district server refused.

A resolution is an ordinary edit made through the unit of work, so the chosen value gets
an outbox entry and an audit entry and reaches the server (and the other devices) like
any other change. The conflict row is kept, marked resolved, as a record of the choice.

A refused change (``kind`` "refused", see ``refused.py``) offers two choices instead:
``RETRY`` queues it again, ``THEIRS`` discards it and puts back the server's values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, func, select
from sqlalchemy.orm import Session

from app.models import MODEL_BY_TABLE, School, SyncConflict, spec_of
from app.services.store import Store
from app.services.sync.push import DELETED_FIELD
from app.services.sync.refused import REFUSED, discard, requeue
from app.services.unit_of_work import UnitOfWork
from lpc_core.formatting import Shown, display_text
from lpc_core.validation import FieldError, ValidationError

MINE, THEIRS, EDITED, RETRY = "mine", "theirs", "edited", "retry"
YES_WORDS = {"yes", "y", "true", "1", "āe"}
NO_WORDS = {"no", "n", "false", "0", "kāo"}


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
    kind: str = "field"
    message: str = ""  # the server's reason, for a refused change

    @property
    def is_deletion(self) -> bool:
        """The other side deleted the record: only accepting the deletion applies."""
        return self.field == DELETED_FIELD

    @property
    def is_refused(self) -> bool:
        """The server refused the whole change: send it again, or discard it."""
        return self.kind == REFUSED


def display_value(table: str, field: str, value: Any) -> str:
    """A stored value the way the forms show it."""
    if field == DELETED_FIELD:
        if not isinstance(value, dict):
            return "The record was deleted on another device."
        return "\n".join(
            f"{field_label(table, f)}: {display_value(table, f, v)}" for f, v in value.items()
        )
    model = MODEL_BY_TABLE.get(table)
    spec = spec_of(model, field) if model is not None else None
    return display_text(spec, value, Shown.CONFLICT)


def field_label(table: str, field: str) -> str:
    if field == DELETED_FIELD:
        return "Deleted on the district server"
    model = MODEL_BY_TABLE.get(table)
    spec = spec_of(model, field) if model is not None else None
    return spec.label if spec is not None else field.replace("_", " ").capitalize()


def open_refused_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(SyncConflict)
            .where(SyncConflict.resolved_at.is_(None), SyncConflict.kind == REFUSED)
        )
        or 0
    )


def _refused_texts(table: str, mine: Any, theirs: Any) -> tuple[str, str]:
    """What the refused change would have done, and what the server holds instead."""
    label = getattr(MODEL_BY_TABLE.get(table), "__label__", "record")
    op = mine.get("op") if isinstance(mine, dict) else None
    fields = mine.get("fields") if isinstance(mine, dict) else None
    if op == "delete":
        mine_text = f"Delete this {label}."
    else:
        lines = [
            f"{field_label(table, f)}: {display_value(table, f, v)}"
            for f, v in (fields or {}).items()
            # ids mean nothing to a person; a new record's empty fields are noise
            if not f.endswith("_id") and not (op == "insert" and v in (None, ""))
        ]
        prefix = [f"New {label}:"] if op == "insert" else []
        mine_text = "\n".join(prefix + lines) or "(no values)"
    if op == "insert":
        theirs_text = f"The district server does not have this {label}."
    elif op == "delete":
        theirs_text = f"The {label} is kept on the district server."
    elif isinstance(theirs, dict) and theirs:
        theirs_text = "\n".join(
            f"{field_label(table, f)}: {display_value(table, f, v)}" for f, v in theirs.items()
        )
    else:
        theirs_text = "(as last received from the district server)"
    return mine_text, theirs_text


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
        if r.kind == REFUSED:
            mine_text, theirs_text = _refused_texts(r.table_name, mine, theirs)
            label = "Refused by the district server"
        else:
            mine_text = display_value(r.table_name, r.field, mine)
            theirs_text = display_value(r.table_name, r.field, theirs)
            label = field_label(r.table_name, r.field)
        items.append(
            ConflictItem(
                id=r.id,
                table=r.table_name,
                row_id=r.row_id,
                school_id=r.school_id,
                school_name=names.get(r.school_id, "(unknown school)"),
                record_label=getattr(model, "__label__", r.table_name),
                field=r.field,
                field_label=label,
                mine=mine,
                theirs=theirs,
                mine_text=mine_text,
                theirs_text=theirs_text,
                created_at=r.created_at,
                kind=r.kind,
                message=r.message,
            )
        )
    return items


def resolve_conflict(
    store: Store, actor: str, conflict_id: int, choice: str, edited: Any = None
) -> None:
    """Keep ``mine``, ``theirs`` or an ``edited`` value (typed as in a form: dd/mm/yyyy
    dates, plain numbers, Yes/No). For a refused change: ``RETRY`` (send it again) or
    ``THEIRS`` (discard it). Raises ``ValidationError`` for an edited value that is not
    allowed, ``LookupError`` if the conflict is gone or already resolved."""
    if choice not in (MINE, THEIRS, EDITED, RETRY):
        raise ValueError(f"unknown choice {choice!r}")
    with UnitOfWork(store, actor=actor) as uow:
        conflict = uow.session.get(SyncConflict, conflict_id)
        if conflict is None or conflict.resolved_at is not None:
            raise LookupError("This conflict has already been resolved.")
        if conflict.kind == REFUSED:
            if choice not in (RETRY, THEIRS):
                raise ValueError("Send this change again, or discard it.")
            (requeue if choice == RETRY else discard)(uow.session, conflict)
            conflict.resolved_at = datetime.now(UTC)
            conflict.resolution = choice
            return
        if choice == RETRY:
            raise ValueError("Only a change the district server refused can be sent again.")
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
    """A choice typed or shown by its label is stored by its value; a Yes/No field takes
    Yes or No (as the conflict shows it)."""
    column = model.__table__.columns.get(field)
    if column is not None and isinstance(column.type, Boolean) and isinstance(value, str):
        word = value.strip().lower()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
        label = field_label(model.__tablename__, field)
        raise ValidationError([FieldError(field, label, "type Yes or No")])
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
