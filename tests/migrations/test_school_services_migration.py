"""Revision 0011: schools and their needs audits made before Police services keep every
value, and the new table takes a school's services."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from app.models import NeedsAudit, School, SchoolService
from app.models.vocabulary import ServiceTier
from app.services.records import load_school
from app.services.store import open_store
from app.services.unit_of_work import UnitOfWork
from tests.migrations.old_store import SCHOOL, insert, store_at

AUDIT = {
    "id": "n1",
    "school_id": "s1",
    "assessed_on": "2026-02-01",
    "assessed_by": "Constable Aroha Ngata",
    "truancy_band": "above",
    "absence_band": "about",
    "local_concern": "some",
    "high_crime_area": "no",
    "high_turnover": "no",
    "rising_offending": "unknown",
    "suggested_level": 4,
    "accepted_level": 4,
}
SYNC = {
    "created_at": "2026-01-01 00:00:00",
    "updated_at": "2026-01-01 00:00:00",
    "row_version": 5,
    "device_id": "d",
}


def test_schools_and_audits_keep_every_value_and_take_services(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store_at(path, "0010")
    with sqlite3.connect(path) as db:
        insert(db, "schools", {**SCHOOL, **SYNC})
        insert(db, "needs_audits", {**AUDIT, **SYNC})
    store = open_store(path, tmp_path / "backups")
    with store.session() as session:
        school = session.get(School, "s1")
        audit = session.get(NeedsAudit, "n1")
        assert school is not None and audit is not None
        for field, value in SCHOOL.items():
            assert getattr(school, field) == value, field
        for field, value in AUDIT.items():
            expected = date.fromisoformat(value) if field == "assessed_on" else value
            assert getattr(audit, field) == expected, field
        assert (school.row_version, audit.row_version) == (5, 5)
    with UnitOfWork(store, "Constable Aroha Ngata") as uow:
        for tier in (ServiceTier.TRAFFIC_SAFETY, ServiceTier.RELATIONSHIP):
            uow.add(SchoolService, school_id="s1", tier=tier.value, details="Since term 1")
    with store.session() as session:
        assert load_school(session, "s1").service_tiers == [
            "relationship",
            "traffic_safety_team",
        ]
    store.close()
