"""Revision 0008: community organisations and contacts made before organisation kinds and
the new Police roles keep every value; organisations become "other"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.models import CommunityOrganisation, Person
from app.models.vocabulary import OrganisationKind, Role
from app.services.store import open_store
from tests.migrations.old_store import insert, store_at

ORGANISATION = {
    "id": "o1",
    "school_id": "s1",
    "name": "Heronvale Marae",
    "purpose": "Hosts whānau hui and supports the school's kapa haka",
    "contact": "Losa Kereama",
}
PEOPLE = [
    {"id": f"p{i}", "school_id": "s1", "name": f"Person {i}", "role": role.value,
     "role_detail": "Tāmaki", "email": f"p{i}@example.nz", "phone": "021 555 0100"}
    for i, role in enumerate(Role)
    if role.value in {  # the roles revision 0007 knew
        "lead_police_contact", "lead_school_contact", "school_community_officer",
        "youth_aid_officer", "iwi_liaison_officer", "community_constable", "principal",
        "board_member", "other",
    }
]  # fmt: skip
SYNC = {
    "created_at": "2026-01-01 00:00:00",
    "updated_at": "2026-01-01 00:00:00",
    "row_version": 5,
    "device_id": "d",
}


def test_organisations_and_contacts_keep_every_value(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store_at(path, "0007")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO schools (id, created_at, updated_at, row_version, device_id, name, "
            "moe_number, school_type, roll, address, cluster, district, area, phone, notes, "
            "archived) VALUES ('s1', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 3, 'd', "
            "'Ōtaki Kura', 4321, 'kura_kaupapa', 210, '', '', '', '', '', '', 0)"
        )
        insert(db, "community_organisations", {**ORGANISATION, **SYNC})
        for person in PEOPLE:
            insert(db, "people", {**person, **SYNC})
    assert len(PEOPLE) == 9
    store = open_store(path, tmp_path / "backups")
    with store.session() as session:
        organisation = session.get(CommunityOrganisation, "o1")
        assert organisation is not None
        for field, value in ORGANISATION.items():
            assert getattr(organisation, field) == value, field
        assert organisation.kind == OrganisationKind.OTHER.value
        assert organisation.row_version == 5
        for values in PEOPLE:
            person = session.get(Person, values["id"])
            assert person is not None
            for field, value in values.items():
                assert getattr(person, field) == value, (values["id"], field)
            assert Role(person.role).label  # still a role the vocabulary knows
    store.close()
