"""The Attachments tab driven like an officer would: a file dropped on the list is kept,
a renamed program is refused with the reason, opening hands the viewer a decrypted copy
that is removed afterwards, and a signed agreement shows on the agreement's tab."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.models import PartnershipAgreement
from app.models.vocabulary import AttachmentKind, AttachmentLink
from app.services.attachments import list_attachments
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.workspace import attachments_panel
from app.ui.workspace.attachments_panel import AttachmentsPanel
from app.ui.workspace.school_workspace import SchoolWorkspace
from app.ui.workspace.stage_navigator import SCHOOL_PAGE
from tests.services import attachment_files as f
from tests.services.helpers import add_school
from tests.ui.windows import workspace_alone

ACTOR = "Const. Aroha Ngata"


def _drop(panel: AttachmentsPanel, *paths: Path) -> None:
    """Drag the files over the list and let go, as the window system would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    viewport = panel.table.viewport()
    enter = QDragEnterEvent(
        QPoint(30, 30),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(30, 30),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()


def _agreement_tab(ws: SchoolWorkspace) -> str:
    tabs = ws.tabs[1]
    return tabs.tabText(tabs.indexOf(ws.section(1, "Partnership agreement")))


def test_a_dropped_file_is_kept_opened_and_removed(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    output_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setattr(attachments_panel, "COPY_LIFETIME_MS", 300)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    school = add_school(store, name="Kōwhai Grove School")
    ws = workspace_alone(qtbot, store, school, ACTOR)
    ws.show_page(SCHOOL_PAGE, "Attachments")
    panel: AttachmentsPanel = ws.section(SCHOOL_PAGE, "Attachments")
    assert panel.school_id == school
    assert _agreement_tab(ws) == "Partnership agreement"

    scan = f.write(tmp_path, "Signed agreement 2026.pdf", f.PDF)
    panel.kind.setCurrentIndex(panel.kind.findData(AttachmentKind.SIGNED_AGREEMENT.value))
    with qtbot.waitSignal(ws.state_loaded, timeout=10_000):  # the workspace heard of it
        _drop(panel, scan)
    qtbot.waitUntil(lambda: len(panel.rows) == 1, timeout=10_000)
    assert panel.table.item(0, 0).text() == "Signed agreement 2026"
    assert panel.table.item(0, 1).text() == "Signed agreement"
    assert panel.table.item(0, 3).text() == "Signed agreement 2026.pdf"
    # With no agreement yet there is nothing the scan can be the signed copy of.
    assert "signed copy attached" not in _agreement_tab(ws)

    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.editor.row_id == panel.rows[0].id, timeout=10_000)
    qtbot.waitUntil(
        lambda: panel.editor.form.value("title") == "Signed agreement 2026", timeout=10_000
    )
    panel.editor.form.type_into("title", "Signed agreement, Term 1")
    panel.editor.form.type_into("dated_on", "12/03/2026")
    panel.editor.flush()
    qtbot.waitUntil(
        lambda: panel.table.item(0, 0).text() == "Signed agreement, Term 1", timeout=10_000
    )
    assert panel.table.item(0, 2).text() == "12/03/2026"
    # Added as a signed agreement with no agreement yet, it belongs to the school as a whole;
    # once the agreement exists, the officer can say the scan is its signed copy.
    qtbot.waitUntil(lambda: panel.belongs.isEnabled(), timeout=10_000)
    assert panel.belongs.currentText() == "The school as a whole"
    with UnitOfWork(store) as uow:
        uow.add(PartnershipAgreement, school_id=school, agreed_on=date(2026, 3, 12))
    panel.table.clearSelection()
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.belongs.count() == 2, timeout=10_000)
    panel.belongs.setCurrentIndex(1)
    panel.belongs.activated.emit(1)
    qtbot.waitUntil(
        lambda: list_attachments(store, school)[0].linked_to is AttachmentLink.AGREEMENT,
        timeout=10_000,
    )
    assert panel.belongs.currentText() == "Partnership agreement agreed 12/03/2026"
    qtbot.waitUntil(lambda: "signed copy attached" in _agreement_tab(ws), timeout=10_000)

    program = f.write(tmp_path, "Minutes.pdf", Path("/bin/true").read_bytes())
    _drop(panel, program)
    qtbot.waitUntil(lambda: panel.status.text().startswith("Not attached"), timeout=10_000)
    assert "Minutes.pdf cannot be attached" in panel.status.text()
    assert "PDF" in panel.status.text()
    assert len(list_attachments(store, school)) == 1

    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.opened, timeout=10_000) as shown:
        panel.open_button.click()
    copy: Path = shown.args[0]
    assert [u.toLocalFile() for u in opened] == [str(copy)]
    assert copy.read_bytes() == scan.read_bytes() and copy.name == scan.name
    qtbot.waitUntil(lambda: not copy.exists(), timeout=5_000)  # removed after the delay

    QApplication.processEvents()
    ws.grab().save(str(output_dir / "attachments_tab.png"))
    ws.show_page(1)
    QApplication.processEvents()
    ws.grab().save(str(output_dir / "agreement_signed_copy.png"))

    panel.table.selectRow(0)
    panel.remove_button.click()
    box = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and w.windowTitle() == "Remove attachment"
    )
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: panel.rows == [], timeout=10_000)
    assert list_attachments(store, school) == []
    qtbot.waitUntil(lambda: _agreement_tab(ws) == "Partnership agreement", timeout=10_000)
