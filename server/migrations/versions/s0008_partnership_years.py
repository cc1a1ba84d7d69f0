"""Partnership years in the records the server holds

Revision ID: s0008
Revises: s0007
Create Date: 2026-12-03 21:55:00.000000

Client revision 0012 made the partnership a yearly cycle (app/models/years.py). The
server keeps records as JSON, so this revision writes what a laptop's own migration
writes: a ``year`` in each SARA plan, aim, response, assessment, reflection and
narrative, placed by the same rules (``lpc_core.year_placement``) from the same content
fields; the stage progress taken off each partnership; and a ``partnership_years``
record per school and year, with the id every laptop gives it. Versions of existing
records are left alone (every device places them alike); the new year records get the
next sequence numbers so laptops that do not hold them yet fetch them.

The placement's last resort differs: a laptop uses a school's creation time, the server
the time it last stored the school. Both are reached only for a school with no dated
record and no partnership start date.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from app.models.years import year_row_id
from lpc_core.year_placement import PLACED_TABLES, STAGE_FIELDS, place_school, year_of

revision: str = "s0008"
down_revision: str | None = "s0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_YEAR_TABLES = (
    "sara_plans",
    "response_aims",
    "responses",
    "aim_assessments",
    "reflections",
    "intervention_narratives",
)

records = sa.table(
    "records",
    sa.column("table_name", sa.String),
    sa.column("row_id", sa.String),
    sa.column("school_id", sa.String),
    sa.column("fields", sa.JSON),
    sa.column("row_version", sa.Integer),
    sa.column("field_versions", sa.JSON),
    sa.column("deleted", sa.Boolean),
    sa.column("seq", sa.BigInteger),
    sa.column("updated_at", sa.DateTime),
)
seq_counter = sa.table(
    "seq_counter", sa.column("id", sa.Integer), sa.column("value", sa.BigInteger)
)

Rows = dict[str, dict[str, list[dict[str, Any]]]]


def _read(conn: sa.Connection, tables: Sequence[str]) -> list[Any]:
    return list(
        conn.execute(
            sa.select(
                records.c.table_name,
                records.c.row_id,
                records.c.school_id,
                records.c.fields,
                records.c.row_version,
                records.c.field_versions,
                records.c.deleted,
                records.c.updated_at,
            ).where(records.c.table_name.in_(list(tables)))
        )
    )


def _by_school(rows: list[Any], live_only: bool) -> Rows:
    found: Rows = {}
    for r in rows:
        if not r.fields or (live_only and r.deleted):
            continue
        row = {"id": r.row_id, **r.fields}
        found.setdefault(r.school_id, {}).setdefault(r.table_name, []).append(row)
    return found


def _fallback_year(partnership: dict[str, Any] | None, school: Any | None) -> int:
    started = year_of(partnership.get("started_on")) if partnership else None
    stored = school.updated_at.year if school is not None else None
    return started or stored or datetime.now(UTC).year


def _next_seq(conn: sa.Connection) -> int:
    """The next sequence number, past both the counter and every stored record."""
    value = conn.execute(sa.select(seq_counter.c.value).where(seq_counter.c.id == 1)).scalar()
    if value is None:
        conn.execute(seq_counter.insert().values(id=1, value=0))
        value = 0
    highest = conn.execute(sa.select(sa.func.max(records.c.seq))).scalar() or 0
    value = max(int(value), int(highest)) + 1
    conn.execute(seq_counter.update().where(seq_counter.c.id == 1).values(value=value))
    return value


def _year_fields(
    school_id: str, year: int, partnership: dict[str, Any] | None, current: int
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "school_id": school_id,
        "year": year,
        "stage": 1,
        "status": "active",
        "maintain_reason": "",
        "stage1_completed_on": None,
        "stage2_completed_on": None,
        "stage3_completed_on": None,
        "stage4_completed_on": None,
    }
    if year == current and partnership is not None:
        fields.update({f: partnership.get(f, fields.get(f)) for f in STAGE_FIELDS})
        fields["stage"] = fields["stage"] or 1
        fields["maintain_reason"] = fields["maintain_reason"] or ""
        if partnership.get("status") == "maintaining":
            fields["status"] = "maintaining"
    return fields


def _strip_partnership(conn: sa.Connection, r: Any) -> None:
    fields = {k: v for k, v in (r.fields or {}).items() if k not in STAGE_FIELDS}
    if fields.get("status") == "maintaining":
        fields["status"] = "active"
    versions = {k: v for k, v in (r.field_versions or {}).items() if k not in STAGE_FIELDS}
    conn.execute(
        records.update()
        .where(records.c.table_name == "partnerships", records.c.row_id == r.row_id)
        .values(fields=fields, field_versions=versions)
    )


def upgrade() -> None:
    conn = op.get_bind()
    placed_rows = _read(conn, PLACED_TABLES)
    live, every = _by_school(placed_rows, True), _by_school(placed_rows, False)
    partnership_rows = _read(conn, ("partnerships",))
    partnerships = {
        r.school_id: dict(r.fields) for r in partnership_rows if r.fields and not r.deleted
    }
    schools = {r.row_id: r for r in _read(conn, ("schools",))}
    now = datetime.now(UTC).replace(tzinfo=None)
    school_ids = {r.school_id for r in partnership_rows} | set(every)
    for school_id in sorted(school_ids):
        partnership = partnerships.get(school_id)
        fallback = _fallback_year(partnership, schools.get(school_id))
        current, _ = place_school(live.get(school_id, {}), fallback)
        _, placed = place_school(every.get(school_id, {}), 0, current)
        for r in placed_rows:
            year = placed.get((r.table_name, r.row_id))
            if r.school_id != school_id or r.table_name not in NEW_YEAR_TABLES or year is None:
                continue
            conn.execute(
                records.update()
                .where(records.c.table_name == r.table_name, records.c.row_id == r.row_id)
                .values(
                    fields={**r.fields, "year": year},
                    field_versions={**(r.field_versions or {}), "year": r.row_version},
                )
            )
        live_keys = {(t, row["id"]) for t, rows in live.get(school_id, {}).items() for row in rows}
        years = {current, *(y for key, y in placed.items() if key in live_keys)}
        for year in sorted(years):
            fields = _year_fields(school_id, year, partnership, current)
            conn.execute(
                records.insert().values(
                    table_name="partnership_years",
                    row_id=year_row_id(school_id, year),
                    school_id=school_id,
                    fields=fields,
                    row_version=1,
                    field_versions=dict.fromkeys(fields, 1),
                    deleted=False,
                    seq=_next_seq(conn),
                    updated_at=now,
                )
            )
    for r in partnership_rows:
        _strip_partnership(conn, r)


def downgrade() -> None:
    conn = op.get_bind()
    for r in _read(conn, NEW_YEAR_TABLES):
        if r.fields and "year" in r.fields:
            conn.execute(
                records.update()
                .where(records.c.table_name == r.table_name, records.c.row_id == r.row_id)
                .values(
                    fields={k: v for k, v in r.fields.items() if k != "year"},
                    field_versions={
                        k: v for k, v in (r.field_versions or {}).items() if k != "year"
                    },
                )
            )
    conn.execute(records.delete().where(records.c.table_name == "partnership_years"))
