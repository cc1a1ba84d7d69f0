"""The school's Police services, in the NZ operating model's terms, print in the agreement
and the annual plan; a school with none recorded says so."""

from __future__ import annotations

from pathlib import Path

import docx
from export_data import TODAY, fill_school

from app.models import SchoolService
from app.models.vocabulary import ServiceTier
from app.services.export import DocumentKind, ExportOptions, export_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.ooxml import assert_valid_docx


def _services_cell(path: Path) -> str:
    doc = docx.Document(str(path))
    found = [
        row.cells[1].text
        for table in doc.tables
        for row in table.rows
        if row.cells[0].text == "Police services"
    ]
    assert len(found) == 1, found
    return found[0]


def _export(store: Store, out: Path, tiers: tuple[ServiceTier, ...]) -> dict[DocumentKind, Path]:
    school_id = fill_school(store)
    with UnitOfWork(store) as uow:
        for tier in tiers:
            uow.add(SchoolService, school_id=school_id, tier=tier.value)
    result = export_school(store, school_id, ExportOptions(out, today=TODAY))
    return {f.kind: f.path for f in result.files}


def test_agreement_and_plan_name_the_schools_services(store: Store, tmp_path: Path) -> None:
    paths = _export(store, tmp_path / "out", (ServiceTier.TRAFFIC_SAFETY, ServiceTier.RELATIONSHIP))
    expected = "Relationship and information sharing; School traffic safety team"
    for kind in (DocumentKind.AGREEMENT, DocumentKind.ANNUAL_PLAN):
        assert_valid_docx(paths[kind], kind.value)
        assert _services_cell(paths[kind]) == expected, kind


def test_a_school_with_no_services_recorded_says_so(store: Store, tmp_path: Path) -> None:
    paths = _export(store, tmp_path / "out", ())
    assert _services_cell(paths[DocumentKind.AGREEMENT]) == "Not recorded"
