"""A school's latest records as synced, for reading in the console: one section per kind
of record, each field with its label. Values are shown as text; nothing is interpreted
as markup (the templates escape everything)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import MODEL_BY_TABLE, SYNCED_MODELS
from app.models.base import FieldSpec, spec_of
from server.models import Record

_HIDDEN = {"id", "school_id", "row_version", "deleted_at", "created_at", "updated_at"}


@dataclass(frozen=True)
class RecordView:
    fields: list[tuple[str, str]]
    updated_at: Any


@dataclass(frozen=True)
class Section:
    title: str
    records: list[RecordView]


def _text(value: Any, spec: FieldSpec | None = None) -> str:
    if value is None or value == "":
        return ""
    if spec is not None and spec.choices is not None:
        for member in spec.choices:
            if member.value == value:
                return str(getattr(member, "label", value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"  # an ISO date on the wire, shown the NZ way
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def _title(table: str) -> str:
    model = MODEL_BY_TABLE.get(table)
    label = getattr(model, "__label__", "") or table.replace("_", " ")
    return str(label)[:1].upper() + str(label)[1:]


def latest_records(session: Session, school_id: str) -> list[Section]:
    rows = list(
        session.scalars(
            select(Record)
            .where(Record.school_id == school_id, Record.deleted.is_(False))
            .order_by(Record.table_name, Record.seq)
        )
    )
    order = {m.__tablename__: i for i, m in enumerate(SYNCED_MODELS)}  # type: ignore[attr-defined]
    sections: dict[str, list[RecordView]] = {}
    for row in sorted(rows, key=lambda r: (order.get(r.table_name, 99), r.seq)):
        model = MODEL_BY_TABLE.get(row.table_name)
        names = [c.name for c in model.__table__.columns] if model is not None else list(row.fields)  # type: ignore[attr-defined]
        fields = []
        for name in names:
            if name in _HIDDEN or name not in row.fields:
                continue
            spec = spec_of(model, name) if model is not None else None
            label = spec.label if spec is not None else name.replace("_", " ").capitalize()
            fields.append((label, _text(row.fields.get(name), spec)))
        shown = [(label, text) for label, text in fields if text]
        sections.setdefault(row.table_name, []).append(RecordView(shown, row.updated_at))
    return [Section(_title(t), views) for t, views in sections.items()]
