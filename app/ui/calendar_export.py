"""File ▸ Save due dates to calendar…: the officer's due dates as an .ics file for Outlook.

A save dialog (opened, never exec'd, so saves keep running behind it) proposes a file in
the export folder; the file is written off the UI thread through ``Op``, since a large
store takes a moment to read; a message then says what was written and how to open it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from app.config import Settings
from app.services.calendar_file import DEFAULT_FILE_NAME, CalendarWritten, write_calendar
from app.services.store import Store
from app.ui.export_dialog import default_export_dir
from app.ui.notify import notify
from app.ui.ops import Op

OUTLOOK_HINT = (
    "To see the dates in Outlook: File ▸ Open &amp; Export ▸ Open Calendar, and choose "
    "this file; it opens as a calendar of its own beside yours. To bring it up to date, "
    "delete that calendar and open a newly saved file."
)


def _existing(folder: Path) -> Path:
    """``folder``, or the nearest folder above it that exists (the export folder is made
    by the first export; until then the dialog would fall back to the working folder)."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return Path.home()


class CalendarSaver(QObject):
    """Asks where to save, then writes the file; one per menu choice, owned by the window."""

    saved = Signal(object)  # CalendarWritten
    failed = Signal(str)

    def __init__(self, window: QWidget, store: Store, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.dialog = QFileDialog(
            window,
            "Save due dates as a calendar file",
            str(_existing(default_export_dir(settings)) / DEFAULT_FILE_NAME),
            "Calendar files (*.ics)",
        )
        self.dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.dialog.setDefaultSuffix("ics")
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.fileSelected.connect(self.save)
        self.dialog.rejected.connect(self.deleteLater)

    def choose_file(self) -> None:
        self.dialog.open()

    def save(self, chosen: str) -> None:
        path = Path(chosen)
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        Op(self, write_calendar, self.store, path).success(self._saved).failure(self._failed).run()

    def _saved(self, written: CalendarWritten) -> None:
        notify(
            self.window,
            "Calendar saved",
            f"<p>{escape(written.summary)}</p><p>Saved to {escape(str(written.path))}</p>"
            f"<p>{OUTLOOK_HINT}</p>",
        )
        self.saved.emit(written)
        self.deleteLater()

    def _failed(self, exc: BaseException) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        message = f"The calendar file could not be saved: {reason}."
        notify(self.window, "Calendar not saved", escape(message))
        self.failed.emit(message)
        self.deleteLater()
