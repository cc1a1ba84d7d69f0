"""The four fields of one engagement log entry, with its field markings.

Kept apart from the log so the log module holds the list and the saving, and this one
what a person types into; ``edited`` fires on typing, never when values are shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.models import EngagementEntry, spec_of
from app.models.vocabulary import EngagementKind
from lpc_core.formatting import format_nz_date, parse_nz_date

ERROR_STYLE = "border: 2px solid #a4262c;"


def field_label(field: str) -> str:
    spec = spec_of(EngagementEntry, field)
    return spec.label if spec else field


class EngagementForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("dd/mm/yyyy")
        self.date_edit.setMaximumWidth(120)
        self.date_edit.editingFinished.connect(self._tidy_date)
        self.kind_edit = QComboBox()
        self.kind_edit.setMaximumWidth(260)
        for value, label in EngagementKind.choices():
            self.kind_edit.addItem(label, value)
        self.people_edit = QLineEdit()
        self.people_edit.setPlaceholderText("Who was there, in their roles")
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setPlaceholderText("What was discussed and agreed")
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setMaximumHeight(90)
        self.widgets: dict[str, QWidget] = {
            "occurred_on": self.date_edit,
            "kind": self.kind_edit,
            "people": self.people_edit,
            "summary": self.summary_edit,
        }
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for field, widget in self.widgets.items():
            widget.setAccessibleName(field_label(field))
            form.addRow(f"{field_label(field)}:", widget)
        self.date_edit.textChanged.connect(self._changed)
        self.kind_edit.currentIndexChanged.connect(self._changed)
        self.people_edit.textChanged.connect(self._changed)
        self.summary_edit.textChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    def _tidy_date(self) -> None:
        """Show a date typed as 4/5/2026 the NZ way once the officer moves on; the value
        is the same, so this is not typing."""
        try:
            tidy = format_nz_date(parse_nz_date(self.date_edit.text()))
        except ValueError:
            return  # the message beside the form says what is wrong, after the pause
        if tidy != self.date_edit.text():
            self._loading = True
            try:
                self.date_edit.setText(tidy)
            finally:
                self._loading = False

    def values(self) -> dict[str, Any]:
        return {
            "occurred_on": self.date_edit.text(),
            "kind": self.kind_edit.currentData(),
            "people": self.people_edit.text(),
            "summary": self.summary_edit.toPlainText(),
        }

    def fill(self, values: dict[str, Any]) -> None:
        """Show values without that counting as typing."""
        self._loading = True
        try:
            self.date_edit.setText(values["occurred_on"])
            self.kind_edit.setCurrentIndex(max(self.kind_edit.findData(values["kind"]), 0))
            self.people_edit.setText(values["people"])
            self.summary_edit.setPlainText(values["summary"])
        finally:
            self._loading = False

    def mark(self, message: str, fields: set[str] | frozenset[str]) -> None:
        """Outline the refused fields; each one's own line of ``message`` is read out."""
        for field, widget in self.widgets.items():
            widget.setStyleSheet(ERROR_STYLE if field in fields else "")
            label = field_label(field)
            widget.setAccessibleDescription(
                next((line for line in message.splitlines() if line.startswith(label)), "")
                if field in fields
                else ""
            )
