"""Request and response bodies of docs/sync-protocol.md, as Pydantic models (they also
make the OpenAPI schema at /openapi.json)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Id = Field(min_length=1, max_length=64)


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
    change_id: str = Id
    table: str = Field(min_length=1, max_length=64)
    row_id: str = Field(min_length=1, max_length=36)
    school_id: str = Field(min_length=1, max_length=36)
    op: Literal["insert", "update", "delete"]
    fields: dict[str, Any] = Field(default_factory=dict)
    base_version: int = Field(ge=0)
    new_version: int = Field(default=0, ge=0)


class AuditIn(BaseModel):
    """Stored exactly as received; only ``id`` is required (it makes storing idempotent)."""

    model_config = ConfigDict(extra="allow")

    id: str = Id
    school_id: str = Field(default="", max_length=36)


class PushIn(BaseModel):
    batch_id: str = Id
    changes: list[ChangeIn]
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
