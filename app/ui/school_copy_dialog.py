"""The officer's review of a school's returned copy: each change accepted or rejected.

A view only: the review (``app.services.school_copy.Review``) is built off the UI thread
and the accepted numbers are handed back to the caller, which stores them. Nothing is
ticked at first, so a change reaches the store only when the officer chose it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.school_copy import Review
from lpc_core.formatting import plural

EMPTY = "(empty)"
COLUMNS = ("Accept", "Where", "What", "Now", "School's copy")


class SchoolCopyReviewDialog(QDialog):
    def __init__(self, review: Review, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.setWindowTitle(f"The school's copy: {review.school_name}")
        self.resize(1000, 560)
        count = len(review.changes)
        intro = QLabel(
            f"<p><b>{escape(review.school_name)}</b> sent back the copy of "
            f"{escape(review.sent_on)} with {plural(count, 'change')}. "
            "Tick each change to keep; the others are left as they are.</p>"
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(count, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Changes in the school's copy")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((60, 170, 200, 250)):
            self.table.setColumnWidth(column, width)
        for row, change in enumerate(review.changes):
            tick = QTableWidgetItem(str(change.number))
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Unchecked)
            tick.setData(Qt.ItemDataRole.UserRole, change.number)
            tick.setToolTip("Tick to store this change")
            self.table.setItem(row, 0, tick)
            what = change.label if change.kind == "changed" else f"{change.label} ({change.kind})"
            cells = (change.where, what, change.current or EMPTY, change.school or EMPTY)
            for column, text in enumerate(cells, start=1):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()

        self.outside = QPlainTextEdit("\n\n".join(review.outside + review.notes))
        self.outside.setReadOnly(True)
        self.outside.setAccessibleName("Text outside the school's fields (not imported)")
        self.outside.setMaximumHeight(110)
        outside_label = QLabel(
            "<b>Typed outside the school's fields</b>: shown here, never imported. "
            "Copy anything you need into the workspace yourself."
        )
        outside_label.setWordWrap(True)
        has_outside = bool(review.outside or review.notes)
        self.outside.setVisible(has_outside)
        outside_label.setVisible(has_outside)

        self.accept_all = QPushButton("Tick all")
        self.accept_all.clicked.connect(lambda: self._tick_all(Qt.CheckState.Checked))
        self.reject_all = QPushButton("Untick all")
        self.reject_all.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Store ticked changes")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row_of_buttons = QHBoxLayout()
        row_of_buttons.addWidget(self.accept_all)
        row_of_buttons.addWidget(self.reject_all)
        row_of_buttons.addStretch(1)
        row_of_buttons.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(outside_label)
        layout.addWidget(self.outside)
        layout.addLayout(row_of_buttons)

    def _ticks(self) -> list[QTableWidgetItem]:
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item for item in items if item is not None]

    def _tick_all(self, state: Qt.CheckState) -> None:
        for item in self._ticks():
            item.setCheckState(state)

    def set_ticked(self, number: int, ticked: bool) -> None:
        for item in self._ticks():
            if item.data(Qt.ItemDataRole.UserRole) == number:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def accepted_numbers(self) -> list[int]:
        """The numbers of the ticked changes."""
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in self._ticks()
            if item.checkState() == Qt.CheckState.Checked
        ]
