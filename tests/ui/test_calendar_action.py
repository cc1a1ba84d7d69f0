"""File ▸ Save due dates to calendar…: a save dialog, the file written off the UI thread,
and a message saying what was saved."""

from __future__ import annotations

from pathlib import Path

import icalendar
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import AppPaths, Settings
from app.services.calendar_file import event_uid
from app.services.reminders import compute_reminders
from app.services.store import Store
from app.ui.export_dialog import default_export_dir
from app.ui.ops import wait_for_all
from tests.services.calendar_store import build_calendar_store
from tests.ui.windows import main_window


def _message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]


def _plain(box: QMessageBox) -> str:
    doc = QTextDocument()
    doc.setHtml(box.text())
    return doc.toPlainText()


def test_file_menu_saves_the_due_dates_as_a_calendar_file(
    qtbot: QtBot, store: Store, app_paths: AppPaths, tmp_path: Path, output_dir: Path
) -> None:
    build_calendar_store(store)
    window = main_window(qtbot, store, app_paths)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.calendar_action in file_menu.actions()  # type: ignore[union-attr]

    documents = default_export_dir(Settings()).parent
    documents.mkdir(parents=True)
    window.calendar_action.trigger()
    saver = window.calendar_saver
    dialog = saver.dialog
    qtbot.waitUntil(dialog.isVisible)
    # A sensible name in the export folder (or the Documents folder that will hold it).
    proposed = Path(dialog.selectedFiles()[0])
    assert proposed.name == "LPC partnership dates.ics"
    assert proposed.parent == documents
    (documents / "LPC exports").mkdir()
    window.calendar_action.trigger()  # once an export has made the folder: there
    assert Path(window.calendar_saver.dialog.selectedFiles()[0]).parent.name == "LPC exports"
    dialog.reject()
    window.calendar_saver.dialog.reject()
    window.calendar_action.trigger()
    saver = window.calendar_saver
    dialog = saver.dialog
    dialog.grab().save(str(output_dir / "calendar_save_dialog.png"))

    chosen = tmp_path / "my dates"  # the officer leaves off the .ics
    dialog.selectFile(str(chosen))
    with qtbot.waitSignal(saver.saved, timeout=20_000) as blocker:
        dialog.accept()
    written = blocker.args[0]
    assert written.path == tmp_path / "my dates.ics"
    events = icalendar.Calendar.from_ical(written.path.read_bytes()).walk("VEVENT")

    # One event per due date, and each reminder on the window's panel among them.
    with store.session() as session:
        assert len(events) == len(compute_reminders(session, upcoming=True)) == written.events
    assert window.reminders is not None
    on_panel = window.reminders.reminders()
    assert on_panel
    assert {event_uid(r) for r in on_panel} <= {str(e["uid"]) for e in events}

    qtbot.waitUntil(lambda: bool(_message_boxes()))
    box = _message_boxes()[-1]
    text = _plain(box)
    assert box.windowTitle() == "Calendar saved"
    assert f"{written.events} due dates, {written.overdue} overdue" in text
    assert str(written.path) in text and "File ▸ Open & Export ▸ Open Calendar" in text
    box.grab().save(str(output_dir / "calendar_saved_message.png"))
    box.close()


def test_a_file_that_cannot_be_written_is_reported_not_raised(
    qtbot: QtBot, store: Store, app_paths: AppPaths, tmp_path: Path
) -> None:
    window = main_window(qtbot, store, app_paths)
    blocker_file = tmp_path / "not a folder"
    blocker_file.write_text("x", encoding="utf-8")
    window.calendar_action.trigger()
    saver = window.calendar_saver
    with qtbot.waitSignal(saver.failed, timeout=20_000) as failed:
        saver.save(str(blocker_file / "dates.ics"))
    assert failed.args[0].startswith("The calendar file could not be saved: ")
    qtbot.waitUntil(lambda: bool(_message_boxes()))
    assert _message_boxes()[-1].windowTitle() == "Calendar not saved"
    wait_for_all()
    for box in _message_boxes():
        box.close()
