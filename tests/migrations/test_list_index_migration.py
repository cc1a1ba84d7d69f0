"""Revision 0014: the rows the schools list reads arrive unchanged from a store made
before its covering indexes, and the list's reads are answered from those indexes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from app.services.school_list_sql import (
    ACTIVITIES,
    AGREEMENTS,
    LIVE_COLUMNS,
    PLANS,
    PROFILES,
    live_sql,
    read_schools,
)
from app.services.store import open_store
from tests.migrations.old_store import SCHOOL, insert, store_at

SYNC = {
    "created_at": "2026-01-05 08:30:00",
    "updated_at": "2026-01-06 09:00:00",
    "row_version": 5,
    "device_id": "d",
}
ROWS: dict[str, dict[str, Any]] = {
    AGREEMENTS: {
        "id": "a1",
        "school_id": "s1",
        "parties": "New Zealand Police and Ōtaki Kura",
        "purpose": "Safe travel to and from kura " * 40,
        "agreed_on": "2026-02-10",
        "review_on": "2027-02-10",
    },
    PROFILES: {
        "id": "pr1",
        "school_id": "s1",
        "year": 2026,
        "prepared_on": "2026-02-20",
        "priorities": "Road safety",
        "safety_perception": "mixed",
    },
    PLANS: {"id": "pl1", "school_id": "s1", "year": 2026, "agreed_on": "2026-03-01"},
    ACTIVITIES: {
        "id": "ac1",
        "school_id": "s1",
        "plan_id": "pl1",
        "position": 2,
        "title": "Kia Kaha with whānau",
        "steps": "Book the hall; invite whānau",
        "starts_on": "2026-03-02",
        "due_on": "2026-06-30",
        "status": "in_progress",
        "horizon": "long_term",
    },
}
DELETED = {**ROWS[AGREEMENTS], "id": "a0", "agreed_on": "2025-02-10"}
INDEXES = {
    AGREEMENTS: "ix_partnership_agreements_live",
    PROFILES: "ix_school_profiles_live",
    ACTIVITIES: "ix_plan_activities_live",
}


def test_list_rows_arrive_unchanged_and_read_from_covering_indexes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store_at(path, "0013")
    with sqlite3.connect(path) as db:
        insert(db, "schools", {**SCHOOL, **SYNC})
        for table, values in ROWS.items():
            insert(db, table, {**values, **SYNC})
        insert(db, AGREEMENTS, {**DELETED, **SYNC, "deleted_at": "2026-01-07 10:00:00"})
    store = open_store(path, tmp_path / "backups")
    with store.engine.connect() as conn:

        def rows(sql: str) -> list[Any]:
            return [tuple(r) for r in conn.exec_driver_sql(sql).all()]

        (school,) = read_schools(rows)
        assert school._asdict() == {
            name: bool(SCHOOL[name]) if name == "archived" else SCHOOL[name]
            for name in school._fields
        }
        for table, values in ROWS.items():
            expected = {**values, **SYNC}
            names = LIVE_COLUMNS[table].split(", ")
            assert rows(live_sql(table)) == [tuple(expected[n] for n in names)], table
        assert rows(f"SELECT id, deleted_at FROM {AGREEMENTS} WHERE id = 'a0'") == [
            ("a0", "2026-01-07 10:00:00")
        ]
        for table, index in INDEXES.items():
            plan = " ".join(r[-1] for r in rows(f"EXPLAIN QUERY PLAN {live_sql(table)}"))
            assert f"USING COVERING INDEX {index} (deleted_at=?)" in plan, (table, plan)
    store.close()
