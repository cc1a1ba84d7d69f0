"""Server revision s0005: community organisations stored before client revision 0008 keep
every value and gain the kind an upgraded laptop wrote into its own copies, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import select

from server.db import alembic_config, make_engine, open_database
from server.models import Record
from tests.server_harness import sqlite_url

ORGANISATION = {
    "school_id": "s1",
    "name": "Heronvale Marae",
    "purpose": "Hosts whānau hui",
    "contact": "Losa Kereama",
}
NEWER = {**ORGANISATION, "kind": "iwi_marae"}
PERSON = {"school_id": "s1", "name": "Aroha Ngata", "role": "lead_police_contact"}


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
        command.upgrade(alembic_config(conn), "s0004")
        conn.execute(
            Record.__table__.insert(),  # type: ignore[attr-defined]
            [
                _record("community_organisations", "o1", ORGANISATION, 1),
                _record("community_organisations", "o2", NEWER, 2),
                _record("community_organisations", "gone", {}, 3),
                _record("people", "p1", PERSON, 4),
            ],
        )
    engine.dispose()
    db = open_database(url)
    try:
        with db.reading() as session:
            rows = {r.row_id: r for r in session.scalars(select(Record))}
    finally:
        db.dispose()
    assert rows["o1"].fields == {**ORGANISATION, "kind": "other"}
    assert rows["o2"].fields == NEWER  # a kind a newer laptop pushed is kept
    assert rows["gone"].fields == {}
    assert rows["p1"].fields == PERSON
    for row_id, seq in (("o1", 1), ("o2", 2), ("gone", 3), ("p1", 4)):
        assert (rows[row_id].row_version, rows[row_id].seq) == (4, seq), row_id
    assert rows["o1"].field_versions == dict.fromkeys(ORGANISATION, 3)


def test_sqlite_store_keeps_every_organisation_value(tmp_path: Path) -> None:
    _check(sqlite_url(tmp_path))


def test_postgres_store_keeps_every_organisation_value(postgres_url: str) -> None:
    _check(postgres_url)
