"""Files that must not be taken in: each gets a message naming what is wrong, and the
store is left exactly as it was."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from sqlalchemy import func, select

from app.models import AuditEntry, LocalSetting, OutboxEntry
from app.services.school_copy import (
    CopyRefusedError,
    check_copy,
    intake,
    open_returned_copy,
    send_school_copy,
)
from app.services.store import Store
from tests.services.school_copy.copies import open_docx, save, school_with_records


def _state(store: Store) -> tuple[int, int, list[tuple[str, str]]]:
    with store.session() as session:
        audit = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        outbox = session.scalar(select(func.count()).select_from(OutboxEntry)) or 0
        settings = [(s.key, s.value) for s in session.scalars(select(LocalSetting))]
    return audit, outbox, sorted(settings)


def _refused(store: Store, path: Path, school_id: str | None = None) -> str:
    before = _state(store)
    with pytest.raises(CopyRefusedError) as caught:
        copy = open_returned_copy(path)
        with store.session() as session:
            check_copy(session, copy, school_id)
    assert _state(store) == before
    return str(caught.value)


def test_another_schools_copy_is_named_and_refused(store: Store, tmp_path: Path) -> None:
    kowhai = school_with_records(store)
    rata = school_with_records(store, "Rātā Street School", 4321)
    path, _ = send_school_copy(store, kowhai, tmp_path)
    message = _refused(store, path, rata)
    assert "is the copy sent to Kōwhai Grove School on" in message
    assert "not Rātā Street School's" in message


def test_an_older_send_is_named_and_refused(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    first, _ = send_school_copy(store, school_id, tmp_path)
    send_school_copy(store, school_id, tmp_path)
    message = _refused(store, first, school_id)
    assert "is an older copy for Kōwhai Grove School" in message
    assert "a newer copy was sent on" in message


def test_a_file_that_is_not_a_docx_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "answers.pdf"
    path.write_bytes(b"%PDF-1.7")
    assert "is not a Word document (.docx)" in _refused(store, path)
    renamed = tmp_path / "answers.docx"
    renamed.write_text("Dear Constable, our answers are below.")
    assert "is damaged" in _refused(store, renamed)


def test_a_damaged_copy_is_refused(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    path, _ = send_school_copy(store, school_id, tmp_path)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert "is damaged" in _refused(store, cut)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            out.writestr(item, b"<w:document" if item.filename == "word/document.xml" else data)
    assert "is damaged" in _refused(store, broken)


def test_a_copy_too_large_is_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    school_id = school_with_records(store)
    path, _ = send_school_copy(store, school_id, tmp_path)
    monkeypatch.setattr(intake, "MAX_BYTES", 1024)
    assert "is too large" in _refused(store, path)


def test_a_copy_without_its_fields_or_its_id_is_refused(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    path, _ = send_school_copy(store, school_id, tmp_path)
    doc = open_docx(path)
    for sdt in list(doc.element.body.iter(qn("w:sdt"))):  # "Remove content control"
        content = sdt.find(qn("w:sdtContent"))
        for child in list(content):
            sdt.addprevious(child)
        sdt.getparent().remove(sdt)
    stripped = save(doc, tmp_path / "stripped.docx")
    assert "has had its fields removed" in _refused(store, stripped, school_id)
    plain = io.BytesIO()
    open_docx(Path(__file__).parents[3] / "app/templates/partnership_agreement.docx").save(plain)
    (tmp_path / "plain.docx").write_bytes(plain.getvalue())
    assert "is not a copy sent to a school" in _refused(store, tmp_path / "plain.docx")
