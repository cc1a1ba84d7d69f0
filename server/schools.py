"""Importing a district's schools from CSV: a registry row (which district) and a
``schools`` record in the synced store (so the school travels down to devices).

Values are checked with the app's own validation, so an imported school is one the
desktop app would have accepted from a form.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import School
from app.models.vocabulary import SchoolType
from lpc_core.validation import ValidationError, clean_values
from lpc_core.wire import content_fields, to_wire
from server import seqs
from server.directory import AdminError, district_by_name, new_school_id, register_school
from server.models import Record, RegistrySchool

# Columns the CSV may hold; "district" comes from --district, "archived" is not imported.
CSV_COLUMNS = (
    "name",
    "moe_number",
    "school_type",
    "roll",
    "address",
    "cluster",
    "area",
    "phone",
    "notes",
)
MAX_ERRORS_SHOWN = 10


def school_defaults() -> dict[str, Any]:
    """Every content field of a school with the value a new school gets in the app."""
    values: dict[str, Any] = {}
    for field in content_fields(School):
        column = School.__table__.columns[field]
        default = column.default.arg if column.default is not None else None
        values[field] = None if callable(default) else default
    return values


def _school_type_value(text: str) -> str:
    """Accept the stored value or the label people see (any case); else leave it for
    validation to reject with the list of allowed types."""
    wanted = text.strip().casefold()
    for member in SchoolType:
        if wanted in (member.value.casefold(), member.label.casefold()):
            return member.value
    return text


def _clean_row(number: int, row: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(k for k in row if k is not None and k.strip() and k.strip() not in CSV_COLUMNS)
    if unknown:
        raise AdminError(
            f"Unknown column(s) {', '.join(unknown)}; the columns are: {', '.join(CSV_COLUMNS)}."
        )
    given = {k.strip(): (v or "").strip() for k, v in row.items() if k and k.strip() in CSV_COLUMNS}
    given = {k: v for k, v in given.items() if v != "" or k == "name"}
    if "school_type" in given:
        given["school_type"] = _school_type_value(given["school_type"])
    try:
        return clean_values(School, given)
    except ValidationError as err:
        raise AdminError("; ".join(f"row {number}: {e}" for e in err.errors)) from None


def import_schools(
    session: Session, rows: list[dict[str, Any]], district_name: str
) -> tuple[int, int]:
    """Add every new school; returns (added, skipped as already known). All or nothing."""
    district = district_by_name(session, district_name)
    if not rows:
        raise AdminError("The file has no rows; the first line must name the columns.")
    if "name" not in {(k or "").strip() for k in rows[0]}:
        raise AdminError(
            f"The file needs a 'name' column; the columns are: {', '.join(CSV_COLUMNS)}."
        )
    cleaned: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            cleaned.append(_clean_row(number, row))
        except AdminError as err:
            problems.append(str(err))
    if problems:
        shown = problems[:MAX_ERRORS_SHOWN]
        more = (
            f" … and {len(problems) - MAX_ERRORS_SHOWN} more"
            if len(problems) > MAX_ERRORS_SHOWN
            else ""
        )
        raise AdminError("Nothing was imported. " + "; ".join(shown) + more)

    now = datetime.now(UTC)
    records: list[Record] = []
    added = skipped = 0
    seen_numbers: set[int] = set()
    for values in cleaned:
        moe = values.get("moe_number")
        if moe is not None:
            if moe in seen_numbers or session.scalar(
                select(RegistrySchool.id).where(RegistrySchool.moe_number == moe)
            ):
                skipped += 1
                continue
            seen_numbers.add(moe)
        elif session.scalar(
            select(RegistrySchool.id).where(
                RegistrySchool.district_id == district.id,
                func.lower(RegistrySchool.name) == values["name"].lower(),
            )
        ):
            skipped += 1
            continue
        school_id = new_school_id()
        register_school(session, school_id, district.id, values["name"], moe)
        fields = {**school_defaults(), **values, "district": district.name}
        records.append(
            Record(
                table_name="schools",
                row_id=school_id,
                school_id=school_id,
                fields={f: to_wire(v) for f, v in fields.items()},
                field_versions=dict.fromkeys(fields, 1),
                row_version=1,
                deleted=False,
                updated_at=now,
            )
        )
        added += 1
    if records:  # seqs last: the counter stays locked until the import commits
        first = seqs.reserve(session, len(records))
        for offset, record in enumerate(records):
            record.seq = first + offset
        session.add_all(records)
    session.flush()
    return added, skipped
