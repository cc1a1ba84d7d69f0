"""partnership years

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 21:45:00.000000

The partnership model runs as a yearly cycle (app/models/years.py). Each school gets a
``partnership_years`` row per year its records fall in; the partnership's stage progress
(stage, completion dates, maintaining at stage 1 and why) moves to its current year; the
SARA plan, aims, responses, assessments, reflection and narrative gain a ``year``, placed
by ``lpc_core.year_placement`` from their own dates (the server's s0008 uses the same
rules, so both sides agree without talking).

Versions are left alone: every device and the server place the same rows in the same
years. Changes still waiting in the outbox are brought into line so the server accepts
them: queued inserts of per-year records gain their year, queued partnership changes lose
the fields that moved. A school the server has never seen gets its year rows queued for
sending with it; for the others the server's own migration makes the same rows.
"""

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

import app.models.base
from app.models.years import year_row_id
from lpc_core.year_placement import PLACED_TABLES, STAGE_FIELDS, place_school, year_of

revision: str = "0012"
down_revision: str | None = "0011"
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
READ_FIELDS = {
    "school_profiles": ("year",),
    "annual_plans": ("year",),
    "response_aims": ("due_on",),
    "aim_assessments": ("aim_id", "measured_on"),
    "responses": ("aim_id",),
    "intervention_narratives": ("written_on",),
    "sara_plans": (),
    "reflections": (),
}


def _create_years_table() -> None:
    op.create_table(
        "partnership_years",
        sa.Column("school_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("maintain_reason", sa.Text(), nullable=True),
        sa.Column("stage1_completed_on", sa.Date(), nullable=True),
        sa.Column("stage2_completed_on", sa.Date(), nullable=True),
        sa.Column("stage3_completed_on", sa.Date(), nullable=True),
        sa.Column("stage4_completed_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", app.models.base.UTCDateTime(), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_partnership_years_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership_years")),
        sa.UniqueConstraint("school_id", "year", name=op.f("uq_partnership_years_school_id")),
    )
    with op.batch_alter_table("partnership_years", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partnership_years_school_id"), ["school_id"], unique=False
        )


Rows = dict[str, dict[str, list[dict[str, Any]]]]


def _school_rows(conn: sa.Connection, live_only: bool) -> Rows:
    by_school: Rows = {}
    where = " WHERE deleted_at IS NULL" if live_only else ""
    for table in PLACED_TABLES:
        names = ", ".join(("id", "school_id", *READ_FIELDS[table]))
        for row in conn.execute(sa.text(f"SELECT {names} FROM {table}{where}")).mappings():
            by_school.setdefault(row["school_id"], {}).setdefault(table, []).append(dict(row))
    return by_school


def _keys(rows: dict[str, list[dict[str, Any]]]) -> set[tuple[str, str]]:
    return {(table, r["id"]) for table, found in rows.items() for r in found}


def _fallback_year(conn: sa.Connection, school_id: str) -> int:
    started = conn.execute(
        sa.text("SELECT started_on FROM partnerships WHERE school_id = :s ORDER BY created_at"),
        {"s": school_id},
    ).scalar()
    created = conn.execute(
        sa.text("SELECT created_at FROM schools WHERE id = :s"), {"s": school_id}
    ).scalar()
    return year_of(started) or year_of(created) or datetime.now(UTC).year


def _partnership(conn: sa.Connection, school_id: str) -> dict[str, Any] | None:
    row = (
        conn.execute(
            sa.text(
                "SELECT id, status, device_id, " + ", ".join(STAGE_FIELDS) + " FROM partnerships "
                "WHERE school_id = :s AND deleted_at IS NULL ORDER BY created_at, id"
            ),
            {"s": school_id},
        )
        .mappings()
        .first()
    )
    return dict(row) if row is not None else None


def _add_years(conn: sa.Connection, school_id: str, years: set[int], current: int) -> list[str]:
    """Insert the school's year rows; the partnership's progress goes on the current one."""
    partnership = _partnership(conn, school_id)
    now = datetime.now(UTC).replace(tzinfo=None)
    ids = []
    for year in sorted(years):
        values: dict[str, Any] = {
            "id": year_row_id(school_id, year),
            "school_id": school_id,
            "year": year,
            "stage": 1,
            "status": "active",
            "maintain_reason": "",
            "created_at": now,
            "updated_at": now,
            "row_version": 1,
            "device_id": partnership["device_id"] if partnership else "",
        }
        if year == current and partnership is not None:
            values.update({f: partnership[f] for f in STAGE_FIELDS})
            values["maintain_reason"] = values["maintain_reason"] or ""
            if partnership["status"] == "maintaining":
                values["status"] = "maintaining"
        names = ", ".join(values)
        marks = ", ".join(f":{n}" for n in values)
        conn.execute(sa.text(f"INSERT INTO partnership_years ({names}) VALUES ({marks})"), values)
        ids.append(str(values["id"]))
    return ids


def _wire(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _queue_years(conn: sa.Connection, school_id: str, row_ids: list[str]) -> None:
    """Queue a school's new year rows when the server has never seen the school."""
    known = conn.execute(
        sa.text(
            "SELECT 1 FROM sync_row_state s JOIN partnerships p ON s.row_id = p.id "
            "WHERE s.table_name = 'partnerships' AND p.school_id = :s"
        ),
        {"s": school_id},
    ).first()
    if known is not None:
        return
    for row_id in row_ids:
        row = (
            conn.execute(
                sa.text(
                    "SELECT year, stage, status, maintain_reason, "
                    + ", ".join(f"stage{n}_completed_on" for n in range(1, 5))
                    + " FROM partnership_years WHERE id = :i"
                ),
                {"i": row_id},
            )
            .mappings()
            .one()
        )
        fields = {"school_id": school_id, **{k: _wire(v) for k, v in row.items()}}
        conn.execute(
            sa.text(
                "INSERT INTO outbox (change_id, table_name, row_id, school_id, operation, "
                "fields, base_version, new_version, created_at) VALUES (:c, "
                "'partnership_years', :r, :s, 'insert', :f, 0, 1, :t)"
            ),
            {
                "c": str(uuid.uuid4()),
                "r": row_id,
                "s": school_id,
                "f": json.dumps(fields, ensure_ascii=False),
                "t": datetime.now(UTC).replace(tzinfo=None),
            },
        )


def _fix_outbox(conn: sa.Connection, placed: dict[tuple[str, str], int]) -> None:
    entries = conn.execute(
        sa.text("SELECT seq, table_name, row_id, operation, fields FROM outbox")
    ).all()
    for seq, table, row_id, operation, text in entries:
        fields = json.loads(text)
        if table == "partnerships":
            fields = {k: v for k, v in fields.items() if k not in STAGE_FIELDS}
            if fields.get("status") == "maintaining":
                fields["status"] = "active"
        elif operation == "insert" and (table, row_id) in placed:
            fields["year"] = placed[(table, row_id)]
        else:
            continue
        conn.execute(
            sa.text("UPDATE outbox SET fields = :f WHERE seq = :s"),
            {"f": json.dumps(fields, ensure_ascii=False), "s": seq},
        )


def upgrade() -> None:
    _create_years_table()
    # Added as NOT NULL in place (SQLite's ALTER TABLE needs a default for that, and a
    # later ALTER to NOT NULL would rebuild the aims table, which responses and
    # assessments point at). Every row is given its real year below; the app always
    # sets one, so the 0 default is never seen.
    for table in NEW_YEAR_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("year", sa.Integer(), nullable=False, server_default="0"))
    conn = op.get_bind()
    school_ids = {r[0] for r in conn.execute(sa.text("SELECT school_id FROM partnerships"))}
    live, every = _school_rows(conn, live_only=True), _school_rows(conn, live_only=False)
    all_placed: dict[tuple[str, str], int] = {}
    for school_id in sorted(school_ids | set(every)):
        current, _ = place_school(live.get(school_id, {}), _fallback_year(conn, school_id))
        _, placed = place_school(every.get(school_id, {}), 0, current)
        all_placed.update(placed)
        for (table, row_id), year in placed.items():
            if table in NEW_YEAR_TABLES:
                conn.execute(
                    sa.text(f"UPDATE {table} SET year = :y WHERE id = :i"),
                    {"y": year, "i": row_id},
                )
        live_years = {y for key, y in placed.items() if key in _keys(live.get(school_id, {}))}
        ids = _add_years(conn, school_id, {current, *live_years}, current)
        _queue_years(conn, school_id, ids)
    _fix_outbox(conn, all_placed)
    op.execute(sa.text("UPDATE partnerships SET status = 'active' WHERE status = 'maintaining'"))
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        for name in reversed(STAGE_FIELDS):
            batch_op.drop_column(name)


def downgrade() -> None:
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stage", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("maintain_reason", sa.Text(), nullable=True))
        for n in range(1, 5):
            batch_op.add_column(sa.Column(f"stage{n}_completed_on", sa.Date(), nullable=True))
    conn = op.get_bind()
    latest = conn.execute(
        sa.text(
            "SELECT y.* FROM partnership_years y WHERE y.deleted_at IS NULL AND y.year = "
            "(SELECT MAX(z.year) FROM partnership_years z WHERE z.school_id = y.school_id "
            "AND z.deleted_at IS NULL)"
        )
    ).mappings()
    for row in list(latest):
        values = {f: row[f] for f in STAGE_FIELDS}
        sets = ", ".join(f"{f} = :{f}" for f in STAGE_FIELDS)
        status = ", status = 'maintaining'" if row["status"] == "maintaining" else ""
        conn.execute(
            sa.text(f"UPDATE partnerships SET {sets}{status} WHERE school_id = :s"),
            {**values, "s": row["school_id"]},
        )
    for table in reversed(NEW_YEAR_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("year")
    with op.batch_alter_table("partnership_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnership_years_school_id"))
    op.drop_table("partnership_years")
