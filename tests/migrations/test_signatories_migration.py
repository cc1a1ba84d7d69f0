"""Revision 0007: agreements and plans made before signatories and structured protocols
keep every value, and the old one-box protocols become each protocol's first field."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from app.models import AnnualPlan, PartnershipAgreement
from app.models.stage1 import DEFAULT_LEGAL_BASIS
from app.services.store import open_store
from tests.migrations.old_store import insert, store_at

AGREEMENT = {
    "id": "a1",
    "school_id": "s1",
    "parties": "New Zealand Police and Ōtaki Kura",
    "purpose": "Safe travel to and from kura",
    "police_commitments": "Share crash data each term",
    "school_commitments": "Tell Police about concerns early",
    "information_sharing": "Termly summary; urgent matters by phone",
    "serious_offending_protocol": "Tumuaki calls 111, then the LPC",
    "police_signatory": "Constable Aroha Ngata",
    "police_signatory_role": "Lead Police Contact",
    "school_signatory": "Whaea Mere Tūhoe",
    "school_signatory_role": "Tumuaki",
    "agreed_on": "2026-02-10",
    "review_on": "2027-02-10",
}
PLAN = {"id": "p1", "school_id": "s1", "year": 2026, "agreed_on": "2026-03-01", "notes": "Kia ora"}
SYNC = {
    "created_at": "2026-01-01 00:00:00",
    "updated_at": "2026-01-01 00:00:00",
    "row_version": 5,
    "device_id": "d",
}


def test_agreements_and_plans_keep_every_value(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store_at(path, "0006")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO schools (id, created_at, updated_at, row_version, device_id, name, "
            "moe_number, school_type, roll, address, cluster, district, area, phone, notes, "
            "archived) VALUES ('s1', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 3, 'd', "
            "'Ōtaki Kura', 4321, 'kura_kaupapa', 210, '', '', '', '', '', '', 0)"
        )
        insert(db, "partnership_agreements", {**AGREEMENT, **SYNC})
        insert(db, "annual_plans", {**PLAN, **SYNC})
    store = open_store(path, tmp_path / "backups")
    with store.session() as session:
        agreement = session.get(PartnershipAgreement, "a1")
        plan = session.get(AnnualPlan, "p1")
        assert agreement is not None and plan is not None
        for field, value in AGREEMENT.items():
            expected = date.fromisoformat(value) if field.endswith("_on") else value
            assert getattr(agreement, field) == expected, field
        for field, value in PLAN.items():
            expected = date.fromisoformat(value) if field == "agreed_on" else value
            assert getattr(plan, field) == expected, field
        assert (agreement.row_version, plan.row_version) == (5, 5)
        # The new fields: blank text (never NULL), the default legal basis, and the
        # agreement's review date as its protocol's.
        assert agreement.sharing_legal_basis == DEFAULT_LEGAL_BASIS
        assert agreement.sharing_review_on == date(2027, 2, 10)
        for field in (
            "sharing_from_police",
            "sharing_from_school",
            "sharing_storage",
            "sharing_disclosure",
            "serious_police_action",
            "serious_school_process",
            "serious_recording",
            "board_signatory",
            "supervisor_signatory",
            "supervisor_signatory_role",
        ):
            assert getattr(agreement, field) == "", field
        for field in (
            "school_agreed_by",
            "school_agreed_by_role",
            "police_agreed_by",
            "police_agreed_by_role",
        ):
            assert getattr(plan, field) == "", field
    store.close()
