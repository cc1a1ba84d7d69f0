"""Asks for the district summary's period (and where to write it) before anything is written.

From and To are typed as dd/mm/yyyy and default to 1 January to today. Nothing is accepted
until both are real dates, To is not before From and the folder exists; each problem is
said against the field it belongs to.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lpc_core.formatting import format_nz_date, parse_nz_date


class ReportPeriodDialog(QDialog):
    """From, To and Folder for the district summary."""

    def __init__(self, today: date, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("District summary")
        self.today = today
        self.start: date | None = None
        self.end: date | None = None
        self.folder: Path | None = None

        intro = QLabel(
            "The summary covers every school: stages, levels, overdue items as at the end "
            "of the period, and outcome results measured within it."
        )
        intro.setWordWrap(True)
        self.from_edit = QLineEdit(format_nz_date(date(today.year, 1, 1)))
        self.to_edit = QLineEdit(format_nz_date(today))
        for edit, name in ((self.from_edit, "From"), (self.to_edit, "To")):
            edit.setPlaceholderText("dd/mm/yyyy")
            edit.setAccessibleName(f"{name} (dd/mm/yyyy)")
            edit.setMaximumWidth(140)
        self.folder_edit = QLineEdit(str(folder))
        self.folder_edit.setAccessibleName("Folder")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)

        form = QFormLayout()
        form.addRow("&From (dd/mm/yyyy):", self.from_edit)
        form.addRow("&To (dd/mm/yyyy):", self.to_edit)
        form.addRow("F&older:", folder_row)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.write_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.write_button.setText("Write summary")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Folder for the district summary", self.folder_edit.text()
        )
        if chosen:
            self.folder_edit.setText(chosen)

    def problems(self) -> list[tuple[QLineEdit, str]]:
        """Each field that is wrong, with what is allowed; sets the period when all is well."""
        found: list[tuple[QLineEdit, str]] = []
        dates: dict[str, date] = {}
        for edit, name in ((self.from_edit, "From"), (self.to_edit, "To")):
            text = edit.text().strip()
            if not text:
                found.append((edit, f"{name} is required: a date as dd/mm/yyyy"))
                continue
            try:
                dates[name] = parse_nz_date(text)
            except ValueError:
                found.append(
                    (edit, f"{name} must be a date as dd/mm/yyyy, such as 01/01/2026, not “{text}”")
                )
        if "From" in dates and "To" in dates and dates["To"] < dates["From"]:
            found.append(
                (
                    self.to_edit,
                    f"To ({format_nz_date(dates['To'])}) must be on or after From "
                    f"({format_nz_date(dates['From'])})",
                )
            )
        folder_text = self.folder_edit.text().strip()
        if not folder_text:
            found.append((self.folder_edit, "Folder is required: choose where to write"))
        elif not Path(folder_text).is_dir():
            found.append((self.folder_edit, f"Folder must be an existing folder: {folder_text}"))
        if not found:
            self.start, self.end, self.folder = dates["From"], dates["To"], Path(folder_text)
        return found

    def accept(self) -> None:
        found = self.problems()
        if found:
            self.error.setText("\n".join(message for _, message in found))
            self.error.show()
            found[0][0].setFocus()
            found[0][0].selectAll()
            return
        self.error.hide()
        super().accept()
