"""Revision 0009: a store made before attachments keeps every value, and takes a file
afterwards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.models import Attachment, PartnershipAgreement, School
from app.services.attachments import add_attachment, list_attachments, read_content
from app.services.store import open_store
from tests.migrations.old_store import store_at
from tests.services import attachment_files as f

SYNC = "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 4, 'd'"


def test_a_store_before_attachments_keeps_its_records(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store_at(path, "0008")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO schools (id, created_at, updated_at, row_version, device_id, name, "
            "moe_number, school_type, roll, address, cluster, district, area, phone, notes, "
            f"archived) VALUES ('s1', {SYNC}, 'Ōtaki Kura', 4321, 'kura_kaupapa', 210, "
            "'1 Main St', 'Kāpiti', 'Wellington', 'Kāpiti-Mana', '06 364 0000', 'Kia ora', 0)"
        )
        db.execute(
            "INSERT INTO partnership_agreements (id, created_at, updated_at, row_version, "
            f"device_id, school_id, parties, purpose) VALUES ('a1', {SYNC}, 's1', "
            "'Police and Ōtaki Kura', 'Safe travel to kura')"
        )
    store = open_store(path, tmp_path / "backups")
    with store.session() as session:
        school = session.get(School, "s1")
        agreement = session.get(PartnershipAgreement, "a1")
        assert school is not None and agreement is not None
        assert (school.name, school.moe_number, school.roll, school.row_version) == (
            "Ōtaki Kura",
            4321,
            210,
            4,
        )
        assert (school.cluster, school.district, school.area, school.phone, school.notes) == (
            "Kāpiti",
            "Wellington",
            "Kāpiti-Mana",
            "06 364 0000",
            "Kia ora",
        )
        assert (agreement.parties, agreement.purpose, agreement.school_id) == (
            "Police and Ōtaki Kura",
            "Safe travel to kura",
            "s1",
        )
        assert session.query(Attachment).count() == 0
    row_id = add_attachment(store, "", "s1", f.write(tmp_path, "a.pdf", f.PDF))
    assert [r.id for r in list_attachments(store, "s1")] == [row_id]
    assert read_content(store, row_id)[1] == f.PDF
    store.close()
