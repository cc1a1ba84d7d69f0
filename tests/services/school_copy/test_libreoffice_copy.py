"""A copy filled in and saved by LibreOffice reads back like one from Word.

LibreOffice (7.4) keeps a content control's title but drops its tag and a table's caption
when it saves a .docx; the copy's titles and table headings stand in for them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.services.records import load_school
from app.services.school_copy import review_file, send_school_copy
from app.services.school_copy.review import FIELD, ROW_ADDED
from app.services.store import Store
from tests.services.school_copy.copies import fill, open_docx, save, school_with_records

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice"),
]


def _saved_by_libreoffice(path: Path, folder: Path) -> Path:
    folder.mkdir()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return folder / path.name


def test_a_copy_saved_by_libreoffice_is_read_by_its_titles(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    resaved = _saved_by_libreoffice(sent, tmp_path / "lo")
    doc = open_docx(resaved)
    title = "Information sharing: what the school shares"
    fill(doc, title, "", "Stand-down totals, monthly", prop="w:alias")
    fill(doc, "Stand-downs this year", "", "14", prop="w:alias")
    grid = next(t for t in doc.tables if t.rows[0].cells[0].text == "The school commits to")
    grid.add_row().cells[0].text = "Host a termly hui with whānau"
    back = save(doc, tmp_path / "back.docx")

    review = review_file(store, back, school_id)

    with store.session() as session:
        agreement = load_school(session, school_id).agreement
        assert agreement is not None
    assert [(c.kind, c.label, c.school) for c in review.changes] == [
        (FIELD, title, "Stand-down totals, monthly"),
        (FIELD, "Stand-downs this year", "14"),
        (ROW_ADDED, "School commitment", "Host a termly hui with whānau"),
    ]
    assert review.outside == []
