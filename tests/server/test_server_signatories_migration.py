"""Server revision s0002: agreements and plans stored before client revision 0007 keep
every value and gain the values an upgraded laptop wrote into its own copies, on SQLite
and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import select

from app.models.stage1 import DEFAULT_LEGAL_BASIS
from server.db import alembic_config, make_engine, open_database
from server.models import Record
from tests.server_harness import sqlite_url

AGREEMENT = {
    "school_id": "s1",
    "parties": "New Zealand Police and Ōtaki Kura",
    "information_sharing": "Termly summary; urgent matters by phone",
    "serious_offending_protocol": "Tumuaki calls 111, then the LPC",
    "police_signatory": "Constable Aroha Ngata",
    "police_signatory_role": "Lead Police Contact",
    "school_signatory": "Whaea Mere Tūhoe",
    "school_signatory_role": "Tumuaki",
    "agreed_on": "2026-02-10",
    "review_on": "2027-02-10",
}
PLAN = {"school_id": "s1", "year": 2026, "agreed_on": "2026-03-01", "notes": "Kia ora"}
SCHOOL = {"name": "Ōtaki Kura", "roll": 210}
NEWER = {**AGREEMENT, "sharing_legal_basis": "Set by the district", "board_signatory": "Rangi"}


def _record(table: str, row_id: str, fields: dict[str, Any], seq: int) -> dict[str, Any]:
    return {
        "table_name": table,
        "row_id": row_id,
        "school_id": "s1",
        "fields": fields,
        "row_version": 4,
        "field_versions": dict.fromkeys(fields, 3),
        "deleted": False,
        "seq": seq,
        "updated_at": datetime(2026, 5, 1, tzinfo=UTC),
    }


def _check(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "s0001")
        conn.execute(
            Record.__table__.insert(),  # type: ignore[attr-defined]
            [
                _record("partnership_agreements", "a1", AGREEMENT, 1),
                _record("partnership_agreements", "a2", NEWER, 2),
                _record("partnership_agreements", "gone", {}, 3),
                _record("annual_plans", "p1", PLAN, 4),
                _record("schools", "s1", SCHOOL, 5),
            ],
        )
    engine.dispose()
    db = open_database(url)
    try:
        with db.reading() as session:
            rows = {r.row_id: r for r in session.scalars(select(Record))}
    finally:
        db.dispose()
    a1 = rows["a1"].fields
    assert {k: a1[k] for k in AGREEMENT} == AGREEMENT  # every old value arrives
    assert a1["sharing_legal_basis"] == DEFAULT_LEGAL_BASIS
    assert a1["sharing_review_on"] == "2027-02-10"
    assert a1["supervisor_signatory"] == "" and a1["serious_recording"] == ""
    # A value a newer client already pushed is kept, not overwritten by the default.
    assert rows["a2"].fields["sharing_legal_basis"] == "Set by the district"
    assert rows["a2"].fields["board_signatory"] == "Rangi"
    assert rows["gone"].fields == {}
    plan = rows["p1"].fields
    assert {k: plan[k] for k in PLAN} == PLAN
    assert plan["school_agreed_by"] == "" and plan["police_agreed_by_role"] == ""
    assert rows["s1"].fields == SCHOOL
    # Nothing a device compares moved: versions, field versions and sequence numbers.
    for row_id, seq in (("a1", 1), ("a2", 2), ("gone", 3), ("p1", 4), ("s1", 5)):
        row = rows[row_id]
        assert (row.row_version, row.seq) == (4, seq), row_id
    assert rows["a1"].field_versions == dict.fromkeys(AGREEMENT, 3)


def test_sqlite_store_keeps_every_agreement_value(tmp_path: Path) -> None:
    _check(sqlite_url(tmp_path))


def test_postgres_store_keeps_every_agreement_value(postgres_url: str) -> None:
    _check(postgres_url)
