"""The audit trail of a record or a whole school: who changed what, when, on which device.

Read-only by design: the trail is append-only in the store, and nothing here offers to
edit it. Each changed field is one line, labelled as on the form, with old → new.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.history import (
    HistoryLine,
    read_record_history,
    read_school_history,
    record_titles,
)
from app.services.store import Store
from app.ui.ops import Op
from app.ui.workspace.autosave import AutosaveController

COLUMNS = ("When", "Who", "Device", "Record", "Field", "Change")
WHEN, WHO, DEVICE, RECORD, FIELD, CHANGE = range(len(COLUMNS))
MAX_SHOWN = 80  # characters of a value shown in the line; the tooltip has it all


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _change_text(line: HistoryLine) -> str:
    if line.operation == "Deleted":
        return "Record deleted"
    if line.operation == "Created":
        return _short(line.new)
    return f"{_short(line.old)} → {_short(line.new)}"


class HistoryPanel(QWidget):
    loaded = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.lines: list[HistoryLine] = []
        self._asked: tuple[str, str] | None = None

        self.heading = QLabel("<b>History</b>")
        self.note = QLabel(
            "Every change is kept and cannot be edited here. Times are this computer's local time."
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Change history")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels(list(COLUMNS))
        header = self.tree.header()
        for col in (WHEN, WHO, DEVICE, RECORD, FIELD):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CHANGE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)

        self.empty = QLabel("No changes recorded yet.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)

        # In a school's history, narrow to one record (double-click a line does the same).
        self.record_filter = QComboBox()
        self.record_filter.setAccessibleName("Show the history of")
        self.record_filter.setMinimumContentsLength(30)
        self.record_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.tree.itemDoubleClicked.connect(self._narrow_to_item)
        self.filter_row = QWidget()
        row = QHBoxLayout(self.filter_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Show:"))
        row.addWidget(self.record_filter)
        row.addStretch(1)
        self.filter_row.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.filter_row)
        layout.addWidget(self.stack, 1)

    def autosaves(self) -> list[AutosaveController]:
        return []  # nothing here is typed

    def load(self, school_id: str) -> None:
        """The school the tab belongs to; its history is read when the tab is shown."""
        if self.isVisible():
            self.show_school(school_id)

    def show_record(self, row_id: str) -> None:
        """The history of one record (an activity, an aim, the agreement…)."""
        self._asked = ("record", row_id)
        self.heading.setText("<b>History of this record</b>")
        self._load(read_record_history, row_id)

    def show_school(self, school_id: str) -> None:
        """The history of every record of one school, newest first."""
        self._asked = ("school", school_id)
        self.heading.setText("<b>History of this school's records</b>")
        self._load(read_school_history, school_id)

    def _load(self, reader: Callable[[Store, str], list[HistoryLine]], key: str) -> None:
        asked = self._asked
        Op(self, reader, self.store, key).success(lambda lines: self._show(asked, lines)).failure(
            lambda exc: self._problem(asked, exc)
        ).run()

    def _show(self, asked: tuple[str, str] | None, lines: list[HistoryLine]) -> None:
        if asked != self._asked:
            return  # an answer for something no longer shown
        self.lines = lines
        by_school = asked is not None and asked[0] == "school"
        chosen = self.record_filter.currentData()
        self.record_filter.blockSignals(True)
        self.record_filter.clear()
        self.record_filter.addItem("All records", "")
        for row_id, title in record_titles(lines).items():
            self.record_filter.addItem(title, row_id)
        found = self.record_filter.findData(chosen) if chosen else 0
        self.record_filter.setCurrentIndex(max(found, 0))
        self.record_filter.blockSignals(False)
        self.filter_row.setVisible(by_school and len(lines) > 0)
        self._fill()

    def show_only(self, row_id: str) -> None:
        """Narrow a school's history to one record ("" for all of them)."""
        index = self.record_filter.findData(row_id)
        self.record_filter.setCurrentIndex(max(index, 0))

    def _narrow_to_item(self, item: QTreeWidgetItem) -> None:
        if not self.filter_row.isHidden():
            self.show_only(str(item.data(WHEN, Qt.ItemDataRole.UserRole) or ""))

    def _fill(self) -> None:
        wanted = self.record_filter.currentData() if not self.filter_row.isHidden() else ""
        lines = [x for x in self.lines if not wanted or x.row_id == wanted]
        self.tree.clear()
        items = []
        for line in lines:
            device = "This device" if line.device_id == self.store.device_id else line.device_id[:8]
            record = f"{line.record} ({line.operation.lower()})"
            item = QTreeWidgetItem(
                [line.when, line.actor, device, record, line.field_label, _change_text(line)]
            )
            item.setToolTip(DEVICE, f"Device {line.device_id}")
            item.setData(WHEN, Qt.ItemDataRole.UserRole, line.row_id)
            if line.operation == "Changed":
                item.setToolTip(CHANGE, f"Before: {line.old}\nAfter: {line.new}")
            else:
                item.setToolTip(CHANGE, line.new)
            item.setData(CHANGE, Qt.ItemDataRole.AccessibleTextRole, _spoken(line))
            items.append(item)
        self.tree.addTopLevelItems(items)
        self.stack.setCurrentWidget(self.tree if lines else self.empty)
        self.loaded.emit()

    def _problem(self, asked: tuple[str, str] | None, exc: BaseException) -> None:
        if asked != self._asked:
            return
        self.lines = []
        self.tree.clear()
        self.empty.setText(f"The history could not be read: {exc}")
        self.stack.setCurrentWidget(self.empty)
        self.loaded.emit()

    def rows(self) -> list[list[str]]:
        """The table's text, line by line (what a reader sees)."""
        items = (self.tree.topLevelItem(r) for r in range(self.tree.topLevelItemCount()))
        return [[item.text(c) for c in range(len(COLUMNS))] for item in items if item]


def _spoken(line: HistoryLine) -> str:
    if line.operation == "Changed":
        return f"{line.field_label} changed from {line.old} to {line.new}"
    if line.operation == "Created":
        return f"{line.field_label} set to {line.new}"
    return "Record deleted"
