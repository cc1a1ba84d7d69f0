"""What is due across the officer's schools, shown on start; each opens the right form.

A district can owe thousands of reminders at once. They are shown through a model that
works out a row's text the first time it is on screen and keeps it, and the columns are
sized from their longest texts once per fill (``column_widths``) rather than by Qt
measuring the rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.services.school_list_rows import Reminder
from app.ui.column_widths import longest, natural_width
from app.ui.table_model import Index, RowsTableModel
from lpc_core.formatting import format_nz_date

OVERDUE = QColor("#a4262c")
REMINDER_ROLE = Qt.ItemDataRole.UserRole


class RemindersModel(RowsTableModel[Reminder]):
    columns = ("Due", "School", "What")

    def __init__(self) -> None:
        super().__init__()
        self._cells: list[tuple[str, str, str] | None] = []
        self._overdue: list[bool] = []
        self._brush = QBrush(OVERDUE)

    def set_reminders(self, reminders: list[Reminder], today: date) -> None:
        self.beginResetModel()
        self.rows = list(reminders)
        self._cells = [None] * len(reminders)  # each row's text, made when first shown
        self._overdue = [r.overdue(today) for r in reminders]
        self.endResetModel()

    def overdue_count(self) -> int:
        return sum(self._overdue)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            cells = self._cells[index.row()]
            if cells is None:
                r = self.rows[index.row()]
                when = format_nz_date(r.due_on) if r.due_on else "now"
                cells = self._cells[index.row()] = (when, r.school_name, r.text)
            return cells[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._brush if self._overdue[index.row()] else None
        if role == REMINDER_ROLE:
            return self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return self.rows[index.row()].message
        return None


class RemindersPanel(QWidget):
    """``open_reminder(Reminder)`` on double-click or Enter."""

    open_reminder = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("<b>Reminders</b>")
        self.model = RemindersModel()
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Reminders")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(200)  # a double-click on an edge measures a sample
        self.tree.activated.connect(self._activated)
        self.empty = QLabel(
            "Nothing due. Agreement reviews, school profiles over a year old, monthly plan "
            "reviews and activities past their date appear here."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setMargin(8)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)

    def set_reminders(self, reminders: list[Reminder], today: date | None = None) -> None:
        self.model.set_reminders(reminders, today or date.today())
        if reminders:
            dates = ("now", format_nz_date(date(2000, 12, 31)))  # every date is as wide
            names = longest(r.school_name for r in reminders)
            for col, texts in ((0, dates), (1, names)):
                self.tree.header().resizeSection(col, natural_width(self.tree, col, texts))
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        overdue = self.model.overdue_count()
        self.title.setText(
            f"<b>Reminders</b> ({len(reminders)}, {overdue} overdue)"
            if reminders
            else "<b>Reminders</b>"
        )
        self.stack.setCurrentWidget(self.tree if reminders else self.empty)

    def reminders(self) -> list[Reminder]:
        return list(self.model.rows)

    def index_of(self, reminder: Reminder) -> QModelIndex:
        return self.model.index(self.model.rows.index(reminder), 0)

    def _activated(self, index: QModelIndex) -> None:
        self.open_reminder.emit(self.model.rows[index.row()])
