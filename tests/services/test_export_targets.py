from __future__ import annotations

from datetime import date
from pathlib import Path

from app.services.export_targets import existing_files, planned_files
from app.services.store import Store
from app.templates.fields import DocumentKind
from tests.services.helpers import add_school


def test_planned_names_match_the_exporter_and_existing_are_found(
    store: Store, tmp_path: Path
) -> None:
    a = add_school(store, "Ōtautahi School")
    b = add_school(store, "Kōwhai Grove School")
    kinds = [DocumentKind.AGREEMENT, DocumentKind.SARA]
    today = date(2026, 3, 1)
    paths = planned_files(store, [a, b], kinds, tmp_path, pdf=True, today=today)
    assert [p.name for p in paths[:2]] == [
        "Ōtautahi School - Partnership Agreement - 2026-03-01.docx",
        "Ōtautahi School - Partnership Agreement - 2026-03-01.pdf",
    ]
    assert len(paths) == 8
    paths[5].write_bytes(b"x")
    assert existing_files(store, [a, b], kinds, tmp_path, pdf=True, today=today) == [paths[5]]


def test_planned_files_are_what_the_exporter_writes(store: Store, tmp_path: Path) -> None:
    from app.services.export import ExportOptions, export_schools

    ids = [add_school(store, "Ōtautahi  School "), add_school(store, "Te Kura o Awa")]
    kinds = [DocumentKind.AGREEMENT, DocumentKind.NARRATIVE]
    result = export_schools(store, ids, ExportOptions(tmp_path, kinds, today=date(2026, 3, 1)))
    assert result.written == planned_files(store, ids, kinds, tmp_path, today=date(2026, 3, 1))
