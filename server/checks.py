"""Checking a pushed batch before anything is locked: known tables, known fields, values
the desktop app itself would accept. Every refusal names the field (``changes[3].fields.roll``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String

from app.models import MODEL_BY_TABLE, FieldSpec, spec_of
from lpc_core.converters import Converter, converters
from lpc_core.validation import (
    LONE_SURROGATES,
    REFUSED_CHARS,
    UNSTORABLE_MESSAGE,
    InvalidFieldError,
    clean_value,
)
from lpc_core.wire import content_fields
from server.errors import MAX_CHANGES, invalid, too_large
from server.schemas import DATE_PATTERN, MAX_INT, UUID_PATTERN, ChangeIn, PushIn

_UUID = re.compile(UUID_PATTERN)
_DATE = re.compile(DATE_PATTERN, re.ASCII)


def validate(body: PushIn) -> None:
    """Refuse a malformed batch before any lock is taken; messages name the field."""
    if len(body.changes) > MAX_CHANGES:
        raise too_large(
            f"A push may hold at most {MAX_CHANGES:,} changes; this one has "
            f"{len(body.changes):,}. Send them in smaller batches."
        )
    for i, change in enumerate(body.changes):
        _validate_change(f"changes[{i}]", change)
    for i, entry in enumerate(body.audit):
        _check_storable(f"audit[{i}]", entry.model_extra or {})


def _check_storable(where: str, value: Any) -> None:
    """An audit entry is stored as received, so whatever it holds must be storable as
    JSON in either database: no lone surrogate (UTF-8 cannot encode it), no NaN or
    infinity (Python reads them, but they are not JSON and PostgreSQL refuses them)."""
    if isinstance(value, str):
        if LONE_SURROGATES.search(value):
            raise invalid(where, UNSTORABLE_MESSAGE)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise invalid(where, "must be a finite number")
    elif isinstance(value, dict):
        for key, item in value.items():
            if LONE_SURROGATES.search(key):
                raise invalid(f"{where}.{key}", f"has a name that {UNSTORABLE_MESSAGE}")
            _check_storable(f"{where}.{key}", item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_storable(f"{where}[{i}]", item)


@dataclass(frozen=True, slots=True)
class _Column:
    """What the checks need to know of one content field (looked up once per table: a
    batch asks the same questions thousands of times)."""

    integer: bool
    number: bool  # a JSON number (integer or float column), never text
    date: bool
    nullable: bool
    plain: bool  # no FieldSpec: only held to its column's type
    boolean: bool
    string: bool
    reference: bool  # the id of another record (a foreign key)
    convert: Converter  # from_wire for this field
    spec: FieldSpec | None
    accepts: Callable[[Any], bool]  # a quick "clean_value would take it as it is"


# The characters ``clean_value`` refuses in text (the same pattern, so the two never
# drift apart). The quick check below only ever accepts: anything it does not accept
# goes through clean_value, which has the last word and the message.
_CONTROL = REFUSED_CHARS


def _never(_value: Any) -> bool:
    return False


def _quick_check(spec: FieldSpec | None) -> Callable[[Any], bool]:
    """Text and choice fields are most of a batch's values; checking them without the
    general rules (a set of allowed values built per call, an error closure) halves the
    time a push spends on validation."""
    if spec is None:
        return _never
    if spec.kind in ("text", "long_text"):
        limit, required = spec.max_len, spec.required

        def text_ok(value: Any) -> bool:
            return (
                isinstance(value, str)
                and (limit is None or len(value) <= limit)
                and (not required or value.strip() != "")
                and _CONTROL.search(value) is None
            )

        return text_ok
    if spec.kind == "choice" and spec.choices is not None:
        allowed = frozenset(m.value for m in spec.choices)
        return lambda value: isinstance(value, str) and value in allowed
    return _never


@cache
def _columns(table: str) -> dict[str, _Column]:
    model = MODEL_BY_TABLE[table]
    columns = model.__table__.columns  # type: ignore[attr-defined]
    convert = converters(table)
    return {
        field: _Column(
            isinstance(columns[field].type, Integer),
            isinstance(columns[field].type, Integer | Float),
            isinstance(columns[field].type, Date),
            bool(columns[field].nullable),
            spec_of(model, field) is None,
            isinstance(columns[field].type, Boolean),
            isinstance(columns[field].type, String),
            bool(columns[field].foreign_keys),
            convert[field],
            spec_of(model, field),
            _quick_check(spec_of(model, field)),
        )
        for field in content_fields(model)
    }


def _validate_change(where: str, change: ChangeIn) -> None:
    """The checks of ``clean_values`` (the app's own form rules) field by field, with the
    column facts looked up once per table; the first field in error is named."""
    model = MODEL_BY_TABLE.get(change.table)
    if model is None:
        raise invalid(f"{where}.table", f"“{change.table[:64]}” is not a synced table")
    if change.table == "schools" and change.school_id != change.row_id:
        raise invalid(f"{where}.school_id", "a school's school_id must be its own row_id")
    if change.op == "delete":
        return  # a tombstone's fields are not stored
    columns = _columns(change.table)
    for field, value in change.fields.items():
        column = columns.get(field)
        if column is None:
            raise invalid(f"{where}.fields.{field}", f"is not a field of a {model.__label__}")
        if value is None and not column.nullable:
            raise invalid(f"{where}.fields.{field}", "must have a value (not null)")
        if column.integer and (
            isinstance(value, bool | str) or (isinstance(value, float) and not value.is_integer())
        ):
            raise invalid(f"{where}.fields.{field}", "must be a whole number")
        if column.number and isinstance(value, bool | str):
            raise invalid(f"{where}.fields.{field}", "must be a number")
        if (
            column.date
            and value is not None
            and not (isinstance(value, str) and _DATE.match(value))
        ):
            raise invalid(f"{where}.fields.{field}", "must be a date written yyyy-mm-dd")
        try:
            converted = column.convert(value)
        except (ValueError, TypeError, OverflowError):
            raise invalid(f"{where}.fields.{field}", "is not in the expected format") from None
        if isinstance(converted, float) and not math.isfinite(converted):
            raise invalid(f"{where}.fields.{field}", "must be a finite number")
        if column.integer and isinstance(converted, int) and abs(converted) > MAX_INT:
            raise invalid(f"{where}.fields.{field}", "is a whole number too large to store")
        if column.accepts(converted):
            continue
        if column.spec is None:
            _check_plain_column(f"{where}.fields.{field}", column, converted)
            continue
        try:
            clean_value(column.spec, field, converted)
        except InvalidFieldError as err:
            raise invalid(f"{where}.fields.{field}", str(err.error)) from None
    school_ref = change.fields.get("school_id")
    if school_ref is not None and school_ref != change.school_id:
        raise invalid(f"{where}.fields.school_id", "differs from the change's school_id")


def _check_plain_column(where: str, column: _Column, value: Any) -> None:
    """Columns without a FieldSpec (flags, references) are not checked by clean_values;
    at least hold them to their column's type."""
    if value is None or not column.plain:
        return
    if column.boolean and not isinstance(value, bool):
        raise invalid(where, "must be true or false")
    if column.string and not isinstance(value, str):
        raise invalid(where, "must be text")
    if column.reference and not _UUID.match(value):
        raise invalid(where, "must be the id (a UUID) of a record")
