"""Export the partnership documents of one or more schools as Word files (and PDFs).

The export runs on a worker; a progress window appears only if it takes longer than
about half a second, and Cancel stops it between two documents (each file is written
whole or not at all by the exporter). Files already in the folder are never replaced
without asking: the officer chooses once to overwrite them, keep both or skip them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import AppSettings, Settings
from app.services.export import (
    DOCUMENTS,
    DocumentKind,
    ExportOptions,
    ExportResult,
    OverwritePolicy,
    export_schools,
    pdf_unavailable_reason,
)
from app.services.export_targets import existing_files, partnership_years, school_names
from app.services.store import Store
from app.ui.export_messages import ask_existing, failure_text, result_lines
from app.ui.long_op import LongOp
from app.ui.ops import Op
from lpc_core.formatting import plural

AskExisting = Callable[[list[Path]], OverwritePolicy | None]  # None: do not export
OpenUrl = Callable[[QUrl], bool]


def default_export_dir(settings: Settings) -> Path:
    if settings.export_dir:
        return Path(settings.export_dir)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "LPC exports"


class ExportDialog(QDialog):
    def __init__(
        self,
        store: Store,
        app_settings: AppSettings,
        school_ids: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.app_settings = app_settings
        self.settings = settings = app_settings.get()  # as they were when the dialog opened
        self.school_ids = list(school_ids)
        self.ask_existing: AskExisting = self._ask_existing
        # Replaceable, so tests can see which folder would open without a file manager.
        self.open_url: OpenUrl = QDesktopServices.openUrl
        self.task: LongOp | None = None
        self.export_result: ExportResult | None = None
        self.progress: QProgressDialog | None = None
        self._last_progress = (0, 0, "")

        self.setWindowTitle("Export documents")
        self.setMinimumWidth(560)
        n = len(self.school_ids)
        self.heading = QLabel(f"<b>Export documents for {plural(n, 'school')}</b>")
        self.heading.setWordWrap(True)

        documents = QGroupBox("Documents")
        doc_layout = QVBoxLayout(documents)
        self.doc_boxes: dict[DocumentKind, QCheckBox] = {}
        for kind, info in DOCUMENTS.items():
            box = QCheckBox(f"{info.title}  (stage {info.stage.value})")
            box.setChecked(True)
            box.setToolTip(info.purpose)
            box.setAccessibleName(info.title)
            box.setAccessibleDescription(info.purpose)
            box.toggled.connect(self._update_summary)
            doc_layout.addWidget(box)
            self.doc_boxes[kind] = box

        self.year = QComboBox()  # filled with the schools' years once read
        self.year.setAccessibleName("Partnership year")
        self.year.addItem("Each school's current year", None)
        self.year.setToolTip(
            "Documents are filled from one partnership year's records; a school that has "
            "no such year is left out"
        )
        self.year.currentIndexChanged.connect(self._update_summary)
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("Partnership year:"))
        year_row.addWidget(self.year, 1)

        self.folder = QLineEdit(str(default_export_dir(settings)))
        self.folder.setAccessibleName("Destination folder")
        self.folder.textChanged.connect(self._update_summary)
        browse = QPushButton("&Choose…")
        browse.setAccessibleName("Choose destination folder")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Save in:"))
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        self.pdf = QCheckBox("Also save a PDF copy of each document")
        reason = pdf_unavailable_reason()
        if reason:
            self.pdf.setEnabled(False)
            self.pdf.setToolTip(reason)
            self.pdf.setAccessibleDescription(reason)
        else:
            self.pdf.setToolTip("Made with LibreOffice; takes a few seconds more")
        self.pdf.toggled.connect(self._update_summary)
        self.include_empty = QCheckBox("Also save documents with nothing recorded yet")
        self.include_empty.setToolTip(
            "Left unticked, a document that would read “Not recorded” throughout is not "
            "saved, and the list of those left out is shown when the export ends"
        )
        self.include_empty.toggled.connect(self._update_summary)
        self.open_when_done = QCheckBox("Open the folder when done")
        self.open_when_done.setChecked(True)
        self.open_when_done.setToolTip(
            "After a finished export, show the folder in the file manager (not after Cancel)"
        )

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button = self.buttons.addButton(
            "&Open folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.setDefault(True)
        self.open_button.setEnabled(False)
        self.export_button.clicked.connect(self.start_export)
        self.open_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(documents)
        layout.addLayout(year_row)
        layout.addLayout(folder_row)
        layout.addWidget(self.pdf)
        layout.addWidget(self.include_empty)
        layout.addWidget(self.open_when_done)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._update_summary()
        if self.school_ids:
            Op(self, school_names, store, self.school_ids).success(self._show_names).run()
            Op(self, partnership_years, store, self.school_ids).success(self._show_years).run()

    # -- choices -------------------------------------------------------------------------
    def kinds(self) -> list[DocumentKind]:
        return [kind for kind, box in self.doc_boxes.items() if box.isChecked()]

    def _show_names(self, names: list[str]) -> None:
        if len(names) == 1:
            self.heading.setText(f"<b>Export documents for {names[0]}</b>")
        elif 1 < len(names) <= 3:
            self.heading.setText(f"<b>Export documents for {', '.join(names)}</b>")

    def _show_years(self, years: list[int]) -> None:
        for year in years:
            self.year.addItem(str(year), year)

    def chosen_year(self) -> int | None:
        year: int | None = self.year.currentData()
        return year

    def _update_summary(self) -> None:
        docs = len(self.kinds()) * len(self.school_ids)
        text = f"{plural(docs, 'Word document')} will be saved"
        if self.pdf.isChecked():
            text += ", each with a PDF copy" if docs > 1 else ", with a PDF copy"
        year = self.chosen_year()
        if not self.include_empty.isChecked():
            text = f"Up to {text}; any with nothing recorded yet are left out"
        elif year is not None:
            text = f"Up to {text}"
        if year is not None:
            text += f"; schools without a {year} partnership year are left out"
        self.summary.setText(text + ".")
        self.export_button.setEnabled(docs > 0 and bool(self.folder.text().strip()))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Save documents in", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # -- running -------------------------------------------------------------------------
    def start_export(self) -> None:
        if self.task is not None and self.task.running:
            return
        out_dir = Path(self.folder.text().strip()).expanduser()
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._say(f"The folder {out_dir} cannot be used: {exc.strerror or exc}.", error=True)
            return
        self._remember(out_dir)
        self._set_running(True)
        self._say("Checking the folder…")
        kinds, pdf = self.kinds(), self.pdf.isChecked()
        existing = partial(
            existing_files, include_empty=self.include_empty.isChecked(), year=self.chosen_year()
        )
        Op(self, existing, self.store, self.school_ids, kinds, out_dir, pdf).success(
            lambda existing: self._run(out_dir, kinds, pdf, existing)
        ).failure(self._failed).run()

    def _run(
        self, out_dir: Path, kinds: list[DocumentKind], pdf: bool, existing: list[Path]
    ) -> None:
        policy = OverwritePolicy.SKIP  # for a file that appears while the export runs
        if existing:
            answer = self.ask_existing(existing)
            if answer is None:
                self._set_running(False)
                self._say("Nothing was exported.")
                return
            policy = answer
        options = ExportOptions(
            out_dir,
            tuple(kinds),
            policy=policy,
            pdf=pdf,
            template_dir=self._template_dir(),
            include_empty=self.include_empty.isChecked(),
            year=self.chosen_year(),
        )
        self.export_result = None
        # The export only reads the store, so it runs beside the store worker rather than
        # in its queue: edits made meanwhile still save at once.
        self.task = LongOp(self, "background")
        self.task.progressed.connect(lambda values: self._progressed(*values))
        self.task.taking_long.connect(self._show_progress)
        self.task.finished.connect(self._finished)
        self.task.failed.connect(lambda exc: self._failed(exc, during_export=True))
        self._last_progress = (0, len(kinds) * len(self.school_ids), "Starting…")
        self._say("Exporting…")
        self.task.start(export_schools, self.store, self.school_ids, options)

    def _show_progress(self) -> None:
        if self.task is None or not self.task.running:
            return
        done, total, message = self._last_progress
        self.progress = QProgressDialog(message, "Cancel", 0, max(total, 1), self)
        self.progress.setWindowTitle("Exporting documents")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setMinimumDuration(0)
        self.progress.setMinimumWidth(380)
        self.progress.setValue(done)
        self.progress.canceled.connect(self.cancel_export)
        self.progress.show()

    def _progressed(self, done: int, total: int, message: str) -> None:
        self._last_progress = (done, total, message)
        progress = self.progress
        if progress is not None:
            progress.setMaximum(max(total, 1))
            progress.setLabelText(message)
            # A modal progress window handles events inside setValue, where the export
            # may finish and this window be closed; so the value goes last.
            progress.setValue(done)

    def cancel_export(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            self._say("Stopping after the document being written…")
            if self.progress is not None:
                self.progress.setLabelText("Stopping after the document being written…")

    def _finished(self, result: ExportResult) -> None:
        self.export_result = result
        self._end_progress()
        self._set_running(False)
        lines = result_lines(result, self._out_dir())
        self._say("\n".join(lines), error=False, done=not result.cancelled)
        self.open_button.setEnabled(True)
        self.open_button.setFocus()
        if not result.cancelled and self.open_when_done.isChecked():
            self.open_folder()

    def _failed(self, exc: BaseException, during_export: bool = False) -> None:
        self._end_progress()
        self._set_running(False)
        message = failure_text(exc, during_export)
        self._say(message, error=True)

    def _end_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel_export)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _template_dir(self) -> Path | None:
        """The district's template folder from Preferences; the exporter checks each
        template in it and falls back to the built-in one with a note."""
        folder = self.settings.template_dir.strip()
        return Path(folder) if folder else None

    # -- after ---------------------------------------------------------------------------
    def _out_dir(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    def open_folder(self) -> None:
        if not self.open_url(QUrl.fromLocalFile(str(self._out_dir()))):
            self._say(f"The folder could not be opened. It is {self._out_dir()}", error=True)

    def _remember(self, out_dir: Path) -> None:
        if self.settings.export_dir == str(out_dir):
            return
        self.settings.export_dir = str(out_dir)
        with contextlib.suppress(OSError):  # a convenience; the export matters more
            self.app_settings.update(export_dir=str(out_dir))

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            self.cancel_export()  # files already written stay whole
        super().reject()

    # -- feedback ------------------------------------------------------------------------
    def _set_running(self, running: bool) -> None:
        self.export_button.setEnabled(not running)
        for box in (*self.doc_boxes.values(), self.folder, self.include_empty):
            box.setEnabled(not running)
        self.pdf.setEnabled(not running and pdf_unavailable_reason() is None)
        if running:
            self.open_button.setEnabled(False)

    def _say(self, message: str, error: bool = False, done: bool = False) -> None:
        self.status.setText(message)
        colour = "#8a1c22" if error else "#1b6e35" if done else ""
        self.status.setStyleSheet(f"color: {colour};" if colour else "")

    def _ask_existing(self, existing: list[Path]) -> OverwritePolicy | None:
        return ask_existing(self, existing)
