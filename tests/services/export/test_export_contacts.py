"""The agreement lists its contacts grouped by party (Police, the school, others) and the
community organisations with their kind; checked in the .docx table cells."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.table import Table
from export_data import TODAY, fill_school

from app.models import CommunityOrganisation, Person
from app.models.vocabulary import OrganisationKind, Role
from app.services.export import DocumentKind, ExportOptions, export_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork


def _rows(table: Table) -> list[list[str]]:
    """Each row's cells, a cell spanning several columns given once."""
    return [[cell.text for cell in dict.fromkeys(row.cells)] for row in table.rows]


def _export(store: Store, sid: str, out: Path, kind: DocumentKind) -> docx.document.Document:
    result = export_school(store, sid, ExportOptions(out, (kind,), today=TODAY))
    return docx.Document(str(result.written[0]))


def test_contacts_are_grouped_by_party_with_the_new_roles(store: Store, tmp_path: Path) -> None:
    sid = fill_school(store)
    with UnitOfWork(store) as uow:
        uow.add(Person, school_id=sid, name="Tania Brook", role=Role.PRINCIPAL.value)
        uow.add(Person, school_id=sid, name="Sen Const Ari Cole", role=Role.ROAD_POLICING.value)
        uow.add(Person, school_id=sid, name="Matiu Reid", role=Role.OTHER.value)
        uow.add(
            Person,
            school_id=sid,
            name="Snr Sgt Huia Pene",
            role=Role.AREA_YOUTH_COMMUNITY_SUPERVISOR.value,
            phone="027 555 0199",
        )
        uow.add(
            CommunityOrganisation,
            school_id=sid,
            name="Awa District Council",
            kind=OrganisationKind.COUNCIL.value,
            purpose="Runs the crossing patrol training",
        )
    doc = _export(store, sid, tmp_path, DocumentKind.AGREEMENT)
    (contacts,) = [t for t in doc.tables if t.rows[0].cells[0].text == "Name"]
    assert _rows(contacts) == [
        ["Name", "Role", "Email", "Phone"],
        ["New Zealand Police"],
        ["Sergeant Aroha Ngata", "Lead Police Contact", "aroha.ngata@police.example.nz",
         "021 555 0102"],
        ["Sen Const Ari Cole", "Road Policing", "Not recorded", "Not recorded"],
        ["Snr Sgt Huia Pene", "Area Youth and Community Supervisor", "Not recorded",
         "027 555 0199"],
        ["The school"],
        ["Hemi Walker", "Lead School Contact", "hemi@school.example.nz", "Not recorded"],
        ["Tania Brook", "Principal / Tumuaki", "Not recorded", "Not recorded"],
        ["Other contacts"],
        ["Matiu Reid", "Other", "Not recorded", "Not recorded"],
    ]  # fmt: skip
    (organisations,) = [t for t in doc.tables if t.rows[0].cells[0].text == "Organisation"]
    assert _rows(organisations) == [
        ["Organisation", "Kind", "How they work with the school", "Contact"],
        ["Te Whare Awhina Trust", "Other", "Runs the after-school homework club", "Mere Tipene"],
        ["Awa District Council", "Council", "Runs the crossing patrol training", "Not recorded"],
    ]


def test_profile_lists_each_organisation_kind(store: Store, tmp_path: Path) -> None:
    sid = fill_school(store)
    with UnitOfWork(store) as uow:
        uow.add(
            CommunityOrganisation,
            school_id=sid,
            name="Heronvale Marae",
            kind=OrganisationKind.IWI_MARAE.value,
            contact="Losa Kereama",
        )
    doc = _export(store, sid, tmp_path, DocumentKind.PROFILE)
    (organisations,) = [t for t in doc.tables if t.rows[0].cells[0].text == "Organisation"]
    rows = _rows(organisations)
    kind = rows[0].index("Kind")
    assert {row[0]: row[kind] for row in rows[1:]} == {
        "Te Whare Awhina Trust": "Other",
        "Heronvale Marae": "Iwi / marae",
    }
