"""Revision 0006: stores made before demo schools were marked in ``demo_schools`` keep
their demo district recognised, and every value arrives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.services.demo import DEMO_DISTRICT
from app.services.store import open_store
from tests.migrations.old_store import store_at

_INSERT = (
    "INSERT INTO schools (id, created_at, updated_at, row_version, device_id, name, "
    "moe_number, school_type, roll, address, cluster, district, area, phone, notes, "
    "archived) VALUES (?, '2026-01-01 00:00:00', '2026-01-01 00:00:00', ?, 'd', ?, ?, "
    "'full_primary', 210, '', 'Kāhui Ako', ?, '', '', '', 0)"
)


def test_demo_schools_are_derived_from_the_district_of_schools_never_synced(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    store_at(path, "0005")
    with sqlite3.connect(path) as db:
        db.execute(_INSERT, ("demo", 4, "Kōwhai Grove School", 9000, DEMO_DISTRICT))
        # A real school an officer gave the demo district's name: the server knows it.
        db.execute(_INSERT, ("typed", 7, "Rātā Street School", 1234, DEMO_DISTRICT))
        db.execute(
            "INSERT INTO sync_row_state (table_name, row_id, server_version) "
            "VALUES ('schools', 'typed', 6)"
        )
        db.execute(_INSERT, ("real", 2, "Ōtaki Kura", 4321, "Waitematā"))
    store = open_store(path, tmp_path / "backups")
    with store.engine.connect() as conn:
        marked = {r[0] for r in conn.exec_driver_sql("SELECT school_id FROM demo_schools")}
        rows = set(
            conn.exec_driver_sql(
                "SELECT id, row_version, name, moe_number, district FROM schools"
            ).fetchall()
        )
        state = conn.exec_driver_sql("SELECT row_id, server_version FROM sync_row_state").all()
    store.close()
    assert marked == {"demo"}
    assert rows == {
        ("demo", 4, "Kōwhai Grove School", 9000, DEMO_DISTRICT),
        ("typed", 7, "Rātā Street School", 1234, DEMO_DISTRICT),
        ("real", 2, "Ōtaki Kura", 4321, "Waitematā"),
    }
    assert [tuple(r) for r in state] == [("typed", 6)]
