"""The server's own store: districts, users, devices, the school registry and a generic
record store holding every synced row as JSON.

Records are stored generically (one row per ``(table, row_id)``) rather than mirroring the
client's tables: the server never interprets content beyond validating it, so a new
client field needs no server migration.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.models.base import NAMING_CONVENTION, UTCDateTime, utcnow


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}  # noqa: RUF012 (SQLAlchemy reads it once)


class District(Base):
    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(300), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    # A disabled user can neither sign in nor sync; their rows and history stay.
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # Set when an administrator resets the password: the next sign-in must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # The console's second factor (base32 TOTP secret); None until the user enrols.
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True, default=None)


class Device(Base):
    """One login on one client store. Only the sha256 of the token is kept."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    client_device_id: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime | None] = mapped_column(nullable=True, default=None)


class RegistrySchool(Base):
    """Which district a school belongs to; the record store holds what the school says."""

    __tablename__ = "school_registry"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    moe_number: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class Assignment(Base):
    __tablename__ = "assignments"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    school_id: Mapped[str] = mapped_column(
        ForeignKey("school_registry.id"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class Record(Base):
    """The latest state of one synced row (tombstones kept: deletes must travel)."""

    __tablename__ = "records"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    school_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    row_version: Mapped[int] = mapped_column(Integer, nullable=False)
    field_versions: Mapped[dict[str, int]] = mapped_column(JSON, nullable=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)
    updated_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_by_device_id: Mapped[int | None] = mapped_column(
        ForeignKey("devices.id"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class ChangeLog(Base):
    """Every change a device pushed: who, which device, when, and what became of it."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    batch_id: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), nullable=False)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    table_name: Mapped[str] = mapped_column(String(64), nullable=False)
    row_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


class Batch(Base):
    """A push's stored response, so a replayed batch gets the same answer."""

    __tablename__ = "batches"

    batch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), nullable=False)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    response: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


class ClientAuditEntry(Base):
    """An entry of a client's hash-chained audit trail, stored exactly as received."""

    __tablename__ = "client_audit"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    school_id: Mapped[str] = mapped_column(String(36), nullable=False, default="", index=True)
    entry: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), nullable=False)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class SeqCounter(Base):
    """One row holding the last seq handed out. A transaction locks it from taking its
    seqs to its commit, so seqs become visible in order (``server.seqs``)."""

    __tablename__ = "seq_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class LoginFailure(Base):
    """A wrong password: which name, from which address, when (seconds since the epoch).

    Kept here rather than in a process's memory so that every server process on this
    store counts the same tries (``server.throttle``); rows older than the throttle's
    window are deleted as new ones arrive."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_username_address", "username", "address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(200), nullable=False)
    address: Mapped[str] = mapped_column(String(64), nullable=False)
    failed_at: Mapped[float] = mapped_column(Float, nullable=False, index=True)


class ConsoleSession(Base):
    """A browser signed in to the admin console. Only the sha256 of the cookie is kept.

    ``stage`` is how far the sign-in got: ``password`` (second factor still to come),
    ``enrol`` (no second factor yet: set one up), ``change_password`` (a reset password
    must be replaced) or ``signed_in``. Kept in the database so every server process
    sees the same sessions."""

    __tablename__ = "console_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    stage: Mapped[str] = mapped_column(String(20), nullable=False)
    csrf_token: Mapped[str] = mapped_column(String(64), nullable=False)
    pending_secret: Mapped[str | None] = mapped_column(String(64), nullable=True, default=None)
    # A sentence for the next page shown (post, redirect, get): "Created officer …".
    notice: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class RecoveryCode(Base):
    """A one-use code standing in for the second factor; only its Argon2 hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    code_hash: Mapped[str] = mapped_column(String(300), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(nullable=True, default=None)


class ConsoleAction(Base):
    """What someone did in the console (user created, device revoked, school reassigned).

    Names are copied, not only ids, so the entry still reads true after a rename."""

    __tablename__ = "console_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False, index=True)
    actor_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    district_id: Mapped[int | None] = mapped_column(
        ForeignKey("districts.id"), nullable=True, index=True
    )
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    target_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    school_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    detail: Mapped[str] = mapped_column(String(1000), nullable=False, default="")


class AttachmentContent(Base):
    """The bytes of one attached file, named by their SHA-256 (``server.contents``).

    Counts as present only once ``complete``: every chunk received and the whole checked
    against the name. Shared by every attachment record with that SHA-256, whichever
    school or device it came from, so a file is stored and sent once."""

    __tablename__ = "attachment_contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    chunk_size: Mapped[int] = mapped_column(Integer, nullable=False)
    chunk_count: Mapped[int] = mapped_column(Integer, nullable=False)
    complete: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    completed_at: Mapped[datetime | None] = mapped_column(nullable=True, default=None)


class AttachmentChunk(Base):
    """Part ``seq`` (from 0) of a content: ``chunk_size`` bytes, the last one fewer
    (bytea on PostgreSQL, a BLOB in the SQLite file of the data folder)."""

    __tablename__ = "attachment_chunks"

    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_contents.sha256"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class KnowledgeBankEntry(Base):
    """A narrative in the knowledge bank (``app/models/knowledge.py``: why a snapshot).

    Not a record of the generic store: a published entry is seen by every district, not
    only by those who may see its school, and a supervisor of the school's district moves
    it from submitted to published or returned. ``fields`` holds the entry as the app sent
    it; the filter columns repeat what the search filters on, and ``search_text`` holds
    its words folded (lower case, no macrons) for full-text search. ``seq`` comes from
    the same counter as records, so a pull by seq never skips one (``server.seqs``)."""

    __tablename__ = "knowledge_entries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    school_id: Mapped[str] = mapped_column(
        ForeignKey("school_registry.id"), nullable=False, index=True
    )
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), nullable=False, index=True)
    author_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    problem_type: Mapped[str] = mapped_column(String(40), nullable=False)
    school_type: Mapped[str] = mapped_column(String(40), nullable=False)
    aims_result: Mapped[str] = mapped_column(String(40), nullable=False)
    response_kinds: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    review_comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reviewed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    reviewed_at: Mapped[datetime | None] = mapped_column(nullable=True, default=None)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)


SEARCH_INDEX = "ix_knowledge_entries_search_text_tsvector"
"""PostgreSQL's GIN index over ``to_tsvector('simple', search_text)``, made by s0009 with
SQL: an expression index only PostgreSQL has, which the models do not declare."""


def outside_models(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic's ``include_name`` hook: False for the search index."""
    return not (type_ == "index" and name == SEARCH_INDEX)
