"""``from_wire`` resolved once per column: a function per field.

Sync converts tens of thousands of values per batch or page; ``from_wire`` looks the
column and its type up again for every value. These functions give exactly its results
(tests/lpc_core/test_converters.py compares them over every synced field).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Date, Float, Integer

from app.models import MODEL_BY_TABLE
from app.models.base import UTCDateTime
from lpc_core.wire import content_fields

Converter = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _datetime(value: Any) -> Any:
    return None if value is None else datetime.fromisoformat(value)


def _date(value: Any) -> Any:
    return None if value is None else date.fromisoformat(value)


def _integer(value: Any) -> Any:
    return value if value is None or isinstance(value, bool) else int(value)


def _float(value: Any) -> Any:
    return None if value is None else float(value)


def _converter(column_type: Any) -> Converter:
    if isinstance(column_type, UTCDateTime):
        return _datetime
    if isinstance(column_type, Date):
        return _date
    if isinstance(column_type, Integer):
        return _integer
    if isinstance(column_type, Float):
        return _float
    return _same


@cache
def converters(table: str) -> dict[str, Converter]:
    """``{field: value -> from_wire(model, field, value)}`` for the content fields of the
    synced table ``table``."""
    model = MODEL_BY_TABLE[table]
    columns = model.__table__.columns  # type: ignore[attr-defined]
    return {f: _converter(columns[f].type) for f in content_fields(model)}
