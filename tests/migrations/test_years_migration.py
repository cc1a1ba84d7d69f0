"""Revision 0012: a store made before partnership years, holding records of two years,
places each record in its year, moves the stage progress to the current year, and keeps
every value."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.models import (
    MODEL_BY_TABLE,
    OutboxEntry,
    Partnership,
    PartnershipYear,
)
from app.models.years import year_row_id
from app.services.store import open_store
from lpc_core.wire import from_wire
from tests.migrations.old_store import insert, store_at

SYNC = {
    "created_at": "2026-06-01 00:00:00",  # creation time must not decide the year here
    "updated_at": "2026-06-01 00:00:00",
    "row_version": 4,
    "device_id": "d",
}
ROWS: dict[str, list[dict[str, Any]]] = {
    "school_profiles": [
        {
            "id": "pr25",
            "school_id": "s1",
            "year": 2025,
            "priorities": "Road safety",
            "safety_perception": "mixed",
        },
        {
            "id": "pr26",
            "school_id": "s1",
            "year": 2026,
            "priorities": "Bullying",
            "safety_perception": "unknown",
        },
    ],
    "annual_plans": [
        {"id": "pl25", "school_id": "s1", "year": 2025, "notes": "Plan 2025"},
        {"id": "pl26", "school_id": "s1", "year": 2026, "notes": "Plan 2026"},
    ],
    "plan_activities": [
        {
            "id": "ac25",
            "school_id": "s1",
            "plan_id": "pl25",
            "position": 0,
            "title": "Road patrol",
            "status": "done",
            "horizon": "short_term",
        },
        {
            "id": "ac26",
            "school_id": "s1",
            "plan_id": "pl26",
            "position": 0,
            "title": "Kia Kaha",
            "status": "planned",
            "horizon": "short_term",
        },
    ],
    "response_aims": [
        # assessed in 2025 though due early in 2026: the assessment decides
        {"id": "a25", "school_id": "s1", "statement": "Safer crossing", "due_on": "2026-01-30"},
        {
            "id": "a26",
            "school_id": "s1",
            "statement": "Fewer bullying reports",
            "due_on": "2026-10-01",
        },
        # due after the current year: stays in the current year
        {"id": "a27", "school_id": "s1", "statement": "Whānau survey", "due_on": "2027-03-01"},
    ],
    "responses": [
        {
            "id": "r25",
            "school_id": "s1",
            "aim_id": "a25",
            "kind": "road_safe",
            "description": "Road Safe",
        },
        {
            "id": "r26",
            "school_id": "s1",
            "aim_id": "a26",
            "kind": "kia_kaha",
            "description": "Kia Kaha",
        },
    ],
    "aim_assessments": [
        {
            "id": "as25",
            "school_id": "s1",
            "aim_id": "a25",
            "result": "achieved",
            "measured_on": "2025-11-20",
            "evidence": "Counts",
        },
        {"id": "as26", "school_id": "s1", "aim_id": "a26", "result": "partly", "evidence": "Log"},
    ],
    "intervention_narratives": [
        {"id": "n25", "school_id": "s1", "title": "Crossing story", "written_on": "2025-12-01"},
    ],
    "sara_plans": [{"id": "sp", "school_id": "s1", "title": "Bus stop", "theories": "Gap"}],
    "reflections": [{"id": "rf", "school_id": "s1", "next_steps": "Keep going"}],
}
EXPECTED_YEAR = {
    "a25": 2025,
    "a26": 2026,
    "a27": 2026,
    "r25": 2025,
    "r26": 2026,
    "as25": 2025,
    "as26": 2026,
    "n25": 2025,
    "sp": 2026,
    "rf": 2026,
    "pr25": 2025,
    "pr26": 2026,
    "pl25": 2025,
    "pl26": 2026,
}


def _school(db: sqlite3.Connection, school_id: str, name: str) -> None:
    db.execute(
        "INSERT INTO schools (id, created_at, updated_at, row_version, device_id, name, "
        "school_type, archived) VALUES (?, '2024-05-01 00:00:00', '2024-05-01 00:00:00', 1, "
        "'d', ?, 'full_primary', 0)",
        (school_id, name),
    )


def _old_store(path: Path) -> None:
    store_at(path, "0011")
    with sqlite3.connect(path) as db:
        _school(db, "s1", "Rātā Street School")
        _school(db, "s2", "Kōwhai School")
        insert(
            db,
            "partnerships",
            {
                "id": "p1",
                "school_id": "s1",
                "stage": 3,
                "status": "active",
                "started_on": "2025-02-01",
                "maintain_reason": "",
                "stage1_completed_on": "2026-03-01",
                "stage2_completed_on": "2026-05-01",
                **SYNC,
            },
        )
        # s2 holds no yearly records: its year is the year it started, and it was kept
        # at stage 1 by agreement.
        insert(
            db,
            "partnerships",
            {
                "id": "p2",
                "school_id": "s2",
                "stage": 1,
                "status": "maintaining",
                "started_on": "2024-08-01",
                "maintain_reason": "Low need",
                "stage1_completed_on": "2024-09-01",
                **SYNC,
            },
        )
        for table, rows in ROWS.items():
            for row in rows:
                insert(db, table, {**row, **SYNC})
        # A change still waiting to be pushed: an insert of an aim (it must gain its
        # year, or the server would refuse it) and a partnership edit (it must lose the
        # fields that moved).
        for seq, (table, row_id, fields) in enumerate(
            (
                ("response_aims", "a27", {"school_id": "s1", "statement": "Whānau survey"}),
                (
                    "partnerships",
                    "p2",
                    {"status": "maintaining", "stage": 1, "maintain_reason": "Low need"},
                ),
            ),
            start=1,
        ):
            insert(
                db,
                "outbox",
                {
                    "seq": seq,
                    "change_id": f"c{seq}",
                    "table_name": table,
                    "row_id": row_id,
                    "school_id": fields.get("school_id", "s2"),
                    "operation": "insert" if table == "response_aims" else "update",
                    "fields": json.dumps(fields),
                    "base_version": 0,
                    "new_version": 1,
                    "created_at": "2026-06-01 00:00:00",
                },
            )


def _expected(table: str, field: str, value: Any) -> Any:
    return from_wire(MODEL_BY_TABLE[table], field, value)


def test_records_of_two_years_land_in_their_own_year(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_store(path)
    store = open_store(path, tmp_path / "backups")
    with store.session() as session:
        for table, rows in ROWS.items():
            model = MODEL_BY_TABLE[table]
            for row in rows:
                obj = session.get(model, row["id"])
                assert obj is not None, row["id"]
                for field, value in row.items():
                    assert getattr(obj, field) == _expected(table, field, value), (table, field)
                assert obj.row_version == 4
                if row["id"] in EXPECTED_YEAR:
                    assert obj.year == EXPECTED_YEAR[row["id"]], row["id"]  # type: ignore[attr-defined]
        years = {(y.school_id, y.year): y for y in session.scalars(select(PartnershipYear))}
        assert set(years) == {("s1", 2025), ("s1", 2026), ("s2", 2024)}
        assert all(y.id == year_row_id(*key) for key, y in years.items())
        # The progress belongs to the current year; the earlier one starts at stage 1.
        now, before = years[("s1", 2026)], years[("s1", 2025)]
        assert (now.stage, now.stage1_completed_on, now.stage2_completed_on) == (
            3,
            date(2026, 3, 1),
            date(2026, 5, 1),
        )
        assert (before.stage, before.stage1_completed_on, before.status) == (1, None, "active")
        kept = years[("s2", 2024)]
        assert (kept.status, kept.maintain_reason, kept.stage1_completed_on) == (
            "maintaining",
            "Low need",
            date(2024, 9, 1),
        )
        partnerships = {p.id: p for p in session.scalars(select(Partnership))}
        assert partnerships["p1"].status == "active" and partnerships["p2"].status == "active"
        assert partnerships["p1"].started_on == date(2025, 2, 1)
        outbox = {e.row_id: json.loads(e.fields) for e in session.scalars(select(OutboxEntry))}
        assert outbox["a27"]["year"] == 2026
        assert outbox["p2"] == {"status": "active"}
        # Neither school was ever synced, so their new year rows are queued to go with them.
        assert {year_row_id("s1", 2025), year_row_id("s2", 2024)} <= set(outbox)
    store.close()
