"""Request and response bodies of docs/sync-protocol.md, as Pydantic models (they also
make the OpenAPI schema at /openapi.json).

What the schema declares is what the server enforces, so a request the schema allows is
never refused as invalid: identifiers are UUIDs in their usual lower-case text form, a
table is one of the synced tables, versions and cursors fit a 64-bit signed integer.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from app.models import MODEL_BY_TABLE

Id = Field(min_length=1, max_length=64)
UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# The largest whole number the API takes (cursors, versions, numbers in records): every
# JSON reader holds it exactly (doubles), and it is far inside the stores' 64-bit columns.
MAX_INT = 2**53 - 1
Uuid = Annotated[
    str,
    Field(
        pattern=UUID_PATTERN,
        min_length=36,
        max_length=36,
        json_schema_extra={"format": "uuid"},
        description="A UUID in lower-case text form, as the app makes them.",
    ),
]


def _whole_number(value: Any) -> Any:
    """A JSON integer (2.0 is one too), never true/false or text that looks like one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a whole number")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("must be a whole number")
    return int(value)


Version = Annotated[int, Field(ge=0, le=MAX_INT), BeforeValidator(_whole_number)]


def _synced_table(value: str) -> str:
    if value not in MODEL_BY_TABLE:
        raise ValueError("is not a synced table")
    return value


TableName = Annotated[
    str,
    AfterValidator(_synced_table),
    WithJsonSchema({"type": "string", "enum": sorted(MODEL_BY_TABLE)}),
]


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)
    device_name: str = Field(default="", max_length=200)
    device_id: str = Id


class UserOut(BaseModel):
    username: str
    role: str
    district: str


class LoginOut(BaseModel):
    token: str
    device_id: str
    user: UserOut


class MeOut(BaseModel):
    username: str
    role: str
    district: str
    device_id: str
    schema_: str = Field(alias="schema")

    model_config = ConfigDict(populate_by_name=True)


class ChangeIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=lambda schema, _cls: _change_variants(schema))

    change_id: Uuid
    table: TableName
    row_id: Uuid
    school_id: Uuid
    op: Literal["insert", "update", "delete"]
    fields: dict[str, Any] = Field(default_factory=dict)
    base_version: Version
    new_version: Version = 0


class AuditIn(BaseModel):
    """Stored exactly as received; only ``id`` is required (it makes storing idempotent)."""

    model_config = ConfigDict(extra="allow")

    id: Uuid
    school_id: Uuid | Literal[""] = ""


class PushIn(BaseModel):
    batch_id: Uuid
    changes: list[ChangeIn] = Field(json_schema_extra={"maxItems": 2_000})  # 413 beyond
    audit: list[AuditIn] = Field(default_factory=list)


class ConflictOut(BaseModel):
    field: str
    mine: Any
    theirs: Any
    theirs_version: int


class ResultOut(BaseModel):
    change_id: str
    status: Literal["applied", "merged", "conflict", "duplicate"]
    row_version: int
    conflicts: list[ConflictOut]
    message: str


class PushOut(BaseModel):
    batch_id: str
    results: list[ResultOut]


class AuthorOut(BaseModel):
    user: str
    device: str


class RecordOut(BaseModel):
    seq: int
    table: str
    row_id: str
    school_id: str
    row_version: int
    deleted: bool
    fields: dict[str, Any]
    author: AuthorOut | None = None


class PullOut(BaseModel):
    records: list[RecordOut]
    next_cursor: int
    more: bool


class SchoolSummary(BaseModel):
    count: int
    digest: str


class SummaryOut(BaseModel):
    schools: dict[str, SchoolSummary]


class SchoolRecordsOut(BaseModel):
    records: list[RecordOut]


class ErrorOut(BaseModel):
    error: str
    message: str


# -- what ``fields`` may hold, table by table (published in /openapi.json) -------------
_REFUSED = r"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"  # validation.CONTROL_CHARS
# What Python's str.strip() removes (so a required text of only these is blank), spelt
# out: a pattern's \s means less in JSON Schema (ECMA) than in Python.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"  # what "format": "date" means (RFC 3339 full-date)


def _field_schema(column: Any) -> dict[str, Any]:
    """The JSON schema of one content field: the FieldSpec's rules, or the column's type
    for the fields without one (references, flags, positions)."""
    from sqlalchemy import Boolean, Date, Float, Integer

    from app.models import FieldSpec

    spec = column.info.get("spec")
    # A required field is never null, whatever its column allows (long texts are nullable).
    nullable = bool(column.nullable) and not (isinstance(spec, FieldSpec) and spec.required)
    schema: dict[str, Any]
    if isinstance(spec, FieldSpec) and spec.kind in ("text", "long_text"):
        pattern = f"^[^{_REFUSED}]*$"
        if spec.required:  # something besides spaces
            pattern = f"^[^{_REFUSED}]*[^{_SPACE}{_REFUSED}][^{_REFUSED}]*$"
        schema = {"type": "string", "maxLength": spec.max_len, "pattern": pattern}
    elif isinstance(spec, FieldSpec) and spec.kind == "choice" and spec.choices is not None:
        values: list[Any] = [m.value for m in spec.choices]
        schema = {"enum": values if not nullable else [*values, "", None]}
        return schema
    elif isinstance(column.type, Date):
        schema = {"type": "string", "format": "date"}
    elif isinstance(column.type, Boolean):
        schema = {"type": "boolean"}
    elif isinstance(column.type, Integer):
        low = spec.minimum if isinstance(spec, FieldSpec) else None
        high = spec.maximum if isinstance(spec, FieldSpec) else None
        schema = {
            "type": "integer",
            "minimum": int(low) if low is not None else -MAX_INT,
            "maximum": int(high) if high is not None else MAX_INT,
        }
    elif isinstance(column.type, Float):
        schema = {"type": "number"}
        if isinstance(spec, FieldSpec) and spec.minimum is not None:
            schema["minimum"] = spec.minimum
        if isinstance(spec, FieldSpec) and spec.maximum is not None:
            schema["maximum"] = spec.maximum
    elif column.foreign_keys:
        schema = {"type": "string", "format": "uuid", "pattern": UUID_PATTERN}
    else:
        schema = {"type": "string"}
    if nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


def fields_schema(table: str) -> dict[str, Any]:
    from lpc_core.wire import content_fields

    model = MODEL_BY_TABLE[table]
    columns = model.__table__.columns  # type: ignore[attr-defined]
    return {
        "type": "object",
        "properties": {f: _field_schema(columns[f]) for f in content_fields(model)},
        "additionalProperties": False,
    }


def _change_variants(schema: dict[str, Any]) -> None:
    """``fields`` depends on ``table``: one variant per synced table for inserts and
    updates (a delete's fields are not read). Whether a change may create a record, and
    what its references point to, depends on what the server holds: see
    docs/sync-protocol.md ("What the server refuses")."""
    variants: list[dict[str, Any]] = [
        {"properties": {"op": {"const": "delete"}}},
    ]
    for table in sorted(MODEL_BY_TABLE):
        variants.append(
            {
                "properties": {
                    "op": {"enum": ["insert", "update"]},
                    "table": {"const": table},
                    "fields": fields_schema(table),
                },
            }
        )
    schema["oneOf"] = variants
