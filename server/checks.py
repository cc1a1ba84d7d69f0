"""Checking a pushed batch before anything is locked: known tables, known fields, values
the desktop app itself would accept. Every refusal names the field (``changes[3].fields.roll``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Integer, String

from app.models import MODEL_BY_TABLE, Synced, spec_of
from app.services.validation import ValidationError, clean_values
from app.services.wire import content_fields, from_wire
from server.errors import MAX_CHANGES, invalid, too_large
from server.schemas import ChangeIn, PushIn


def validate(body: PushIn) -> None:
    """Refuse a malformed batch before any lock is taken; messages name the field."""
    if len(body.changes) > MAX_CHANGES:
        raise too_large(
            f"A push may hold at most {MAX_CHANGES:,} changes; this one has "
            f"{len(body.changes):,}. Send them in smaller batches."
        )
    for i, change in enumerate(body.changes):
        _validate_change(f"changes[{i}]", change)


def _validate_change(where: str, change: ChangeIn) -> None:
    model = MODEL_BY_TABLE.get(change.table)
    if model is None:
        raise invalid(f"{where}.table", f"“{change.table[:64]}” is not a synced table")
    if change.table == "schools" and change.school_id != change.row_id:
        raise invalid(f"{where}.school_id", "a school's school_id must be its own row_id")
    if change.op == "delete":
        return  # a tombstone's fields are not stored
    allowed = set(content_fields(model))
    converted: dict[str, Any] = {}
    for field, value in change.fields.items():
        if field not in allowed:
            raise invalid(f"{where}.fields.{field}", f"is not a field of a {model.__label__}")
        column_type = model.__table__.columns[field].type  # type: ignore[attr-defined]
        if isinstance(column_type, Integer) and (
            isinstance(value, bool) or (isinstance(value, float) and not value.is_integer())
        ):
            raise invalid(f"{where}.fields.{field}", "must be a whole number")
        try:
            converted[field] = from_wire(model, field, value)
        except (ValueError, TypeError):
            raise invalid(f"{where}.fields.{field}", "is not in the expected format") from None
    for field, value in converted.items():
        _check_plain_column(f"{where}.fields.{field}", model, field, value)
    try:
        clean_values(model, converted)
    except ValidationError as err:
        first = err.errors[0]
        raise invalid(f"{where}.fields.{first.field}", str(first)) from None
    school_ref = change.fields.get("school_id")
    if school_ref is not None and school_ref != change.school_id:
        raise invalid(f"{where}.fields.school_id", "differs from the change's school_id")


def _check_plain_column(where: str, model: type[Synced], field: str, value: Any) -> None:
    """Columns without a FieldSpec (flags, references) are not checked by clean_values;
    at least hold them to their column's type."""
    if value is None or spec_of(model, field) is not None:
        return
    column_type = model.__table__.columns[field].type  # type: ignore[attr-defined]
    if isinstance(column_type, Boolean) and not isinstance(value, bool):
        raise invalid(where, "must be true or false")
    if isinstance(column_type, String) and not isinstance(value, str):
        raise invalid(where, "must be text")
