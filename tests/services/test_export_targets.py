from __future__ import annotations

from datetime import date
from pathlib import Path

from app.services.export_targets import existing_files, planned_files
from app.services.store import Store
from app.templates.fields import DocumentKind
from tests.services.helpers import add_school, fill_stage_one


def test_planned_names_match_the_exporter_and_existing_are_found(
    store: Store, tmp_path: Path
) -> None:
    a = add_school(store, "Ōtautahi School")
    b = add_school(store, "Kōwhai Grove School")
    kinds = [DocumentKind.AGREEMENT, DocumentKind.SARA]
    today = date(2026, 3, 1)
    paths = planned_files(store, [a, b], kinds, tmp_path, pdf=True, today=today)
    year = date.today().year  # a new school's first year is the year it starts
    assert [p.name for p in paths[:2]] == [
        f"Ōtautahi School - Partnership Agreement {year} - 2026-03-01.docx",
        f"Ōtautahi School - Partnership Agreement {year} - 2026-03-01.pdf",
    ]
    assert len(paths) == 8
    paths[5].write_bytes(b"x")
    assert existing_files(store, [a, b], kinds, tmp_path, pdf=True, today=today) == [paths[5]]


def test_planned_files_are_what_the_exporter_writes(store: Store, tmp_path: Path) -> None:
    from app.services.export import ExportOptions, export_schools

    ids = [add_school(store, "Ōtautahi  School "), add_school(store, "Te Kura o Awa")]
    fill_stage_one(store, ids[1], date(2026, 2, 1))  # an agreement; no narrative anywhere
    kinds = [DocumentKind.AGREEMENT, DocumentKind.NARRATIVE]
    today = date(2026, 3, 1)
    for include_empty, count in ((True, 4), (False, 1)):
        out = tmp_path / str(include_empty)
        options = ExportOptions(out, kinds, today=today, include_empty=include_empty)
        result = export_schools(store, ids, options)
        planned = planned_files(store, ids, kinds, out, today=today, include_empty=include_empty)
        assert result.written == planned and len(planned) == count, include_empty


def test_an_existing_file_of_a_document_left_out_is_not_asked_about(
    store: Store, tmp_path: Path
) -> None:
    school = add_school(store, "Te Kura o Awa")
    fill_stage_one(store, school, date(2026, 2, 1))
    kinds = [DocumentKind.AGREEMENT, DocumentKind.NARRATIVE]
    today = date(2026, 3, 1)
    agreement, narrative = planned_files(store, [school], kinds, tmp_path, today=today)
    agreement.write_bytes(b"x")
    narrative.write_bytes(b"x")
    assert existing_files(store, [school], kinds, tmp_path, today=today) == [agreement, narrative]
    found = existing_files(store, [school], kinds, tmp_path, today=today, include_empty=False)
    assert found == [agreement]
