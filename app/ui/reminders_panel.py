"""What is due across the officer's schools, shown on start; each opens the right form."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.reminders import Reminder
from lpc_core.formatting import format_nz_date

OVERDUE = QColor("#a4262c")
REMINDER_ROLE = Qt.ItemDataRole.UserRole


class RemindersPanel(QWidget):
    """``open_reminder(Reminder)`` on double-click or Enter."""

    open_reminder = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("<b>Reminders</b>")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Reminders")
        self.tree.setHeaderLabels(["Due", "School", "What"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._activated)
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
        today = today or date.today()
        self.tree.clear()
        overdue = 0
        for r in reminders:
            when = format_nz_date(r.due_on) if r.due_on else "now"
            item = QTreeWidgetItem([when, r.school_name, r.text])
            item.setData(0, REMINDER_ROLE, r)
            item.setToolTip(2, r.message)
            if r.overdue(today):
                overdue += 1
                for col in range(3):
                    item.setForeground(col, QBrush(OVERDUE))
            self.tree.addTopLevelItem(item)
        self.title.setText(
            f"<b>Reminders</b> ({len(reminders)}, {overdue} overdue)"
            if reminders
            else "<b>Reminders</b>"
        )
        self.stack.setCurrentWidget(self.tree if reminders else self.empty)

    def reminders(self) -> list[Reminder]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item.data(0, REMINDER_ROLE) for item in items if item is not None]

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.open_reminder.emit(item.data(0, REMINDER_ROLE))
