"""Declarative base, stable constraint names and the columns every synced row carries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import Date, DateTime, Float, Integer, MetaData, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names let Alembic's batch mode on SQLite find and alter constraints.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SHORT_TEXT = 200
LONG_TEXT = 20_000  # generous for a page of notes, small enough to refuse pasted dumps


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, hands back aware UTC; SQLite would otherwise drop the offset."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def format_number(value: float) -> str:
    """Numbers as people write them: 43,906,000 and 12.5, never 4.3906e+07."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """What a field means to people: its label and the rules its values must meet.

    Kept on the column (``info["spec"]``) so validation, forms and templates read one source.
    """

    label: str
    kind: str  # "text", "long_text", "int", "float", "date", "choice"
    required: bool = False
    max_len: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: type[StrEnum] | None = None
    help: str = ""

    def allowed(self) -> str:
        """A short phrase saying what values are allowed, for error messages."""
        if self.kind in ("text", "long_text"):
            return f"text of at most {self.max_len:,} characters"
        if self.kind in ("int", "float"):
            noun = "a whole number" if self.kind == "int" else "a number"
            if self.minimum is not None and self.maximum is not None:
                return f"{noun} from {format_number(self.minimum)} to {format_number(self.maximum)}"
            if self.minimum is not None:
                return f"{noun} of at least {format_number(self.minimum)}"
            return noun
        if self.kind == "date":
            return "a date (dd/mm/yyyy)"
        if self.kind == "choice" and self.choices is not None:
            return "one of: " + ", ".join(m.label for m in self.choices)  # type: ignore[attr-defined]
        return "a valid value"


def _info(spec: FieldSpec) -> dict[str, Any]:
    return {"spec": spec}


def text(label: str, *, required: bool = False, max_len: int = SHORT_TEXT, help: str = "") -> Any:
    return mapped_column(
        String(max_len),
        nullable=not required,
        default="" if not required else None,
        info=_info(FieldSpec(label, "text", required, max_len, help=help)),
    )


def long_text(label: str, *, required: bool = False, help: str = "", default: str = "") -> Any:
    return mapped_column(
        Text,
        nullable=True,
        default=default,
        info=_info(FieldSpec(label, "long_text", required, LONG_TEXT, help=help)),
    )


def integer(
    label: str,
    *,
    required: bool = False,
    minimum: int | None = 0,
    maximum: int | None = None,
    help: str = "",
) -> Any:
    return mapped_column(
        Integer,
        nullable=not required,
        info=_info(FieldSpec(label, "int", required, minimum=minimum, maximum=maximum, help=help)),
    )


def number(
    label: str,
    *,
    required: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    help: str = "",
) -> Any:
    return mapped_column(
        Float,
        nullable=not required,
        info=_info(
            FieldSpec(label, "float", required, minimum=minimum, maximum=maximum, help=help)
        ),
    )


def date_field(label: str, *, required: bool = False, help: str = "") -> Any:
    return mapped_column(
        Date, nullable=not required, info=_info(FieldSpec(label, "date", required, help=help))
    )


def choice(
    label: str, enum: type[StrEnum], *, default: StrEnum | None = None, help: str = ""
) -> Any:
    return mapped_column(
        String(40),
        nullable=default is None,
        default=None if default is None else default.value,
        info=_info(FieldSpec(label, "choice", default is not None, choices=enum, help=help)),
    )


def spec_of(model: type[Any], field: str) -> FieldSpec | None:
    column = model.__table__.columns.get(field)
    if column is None:
        return None
    spec = column.info.get("spec")
    return spec if isinstance(spec, FieldSpec) else None


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, date: Date}


class Synced:
    """Columns every row that travels to the district server carries.

    ``row_version`` increases by one on every accepted change and is what sync compares,
    never wall-clock time. ``deleted_at`` is a tombstone: rows are never removed locally
    while they may still need to tell the server they were deleted.
    """

    __sync__ = True
    # A short, human name for the record type, used in messages and the audit trail.
    __label__ = "record"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    row_version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, default=None)
    device_id: Mapped[str] = mapped_column(String(36), default="", nullable=False)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def natural_id(self) -> str | None:
        """An id derived from the row's content, for rows that must get the same id on
        every device (see ``PartnershipYear``); None: a fresh random id."""
        return None


SYNC_COLUMNS = frozenset(
    {"id", "created_at", "updated_at", "row_version", "deleted_at", "device_id"}
)
