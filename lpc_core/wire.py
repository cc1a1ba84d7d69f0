"""Column values to and from JSON, the one encoding the outbox, sync and audit share."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, Integer

from app.models import SYNC_COLUMNS, Synced
from app.models.base import UTCDateTime


def to_wire(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def from_wire(model: type[Synced], field: str, value: Any) -> Any:
    if value is None:
        return None
    column = model.__table__.columns[field]  # type: ignore[attr-defined]
    if isinstance(column.type, UTCDateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, Integer) and not isinstance(value, bool):
        return int(value)
    if isinstance(column.type, Float):
        return float(value)
    return value


def content_fields(model: type[Synced]) -> list[str]:
    """The fields that carry the record's content (everything but the sync bookkeeping)."""
    return [c.key for c in model.__table__.columns if c.key not in SYNC_COLUMNS]  # type: ignore[attr-defined]


def row_to_wire(obj: Synced) -> dict[str, Any]:
    return {f: to_wire(getattr(obj, f)) for f in content_fields(type(obj))}
