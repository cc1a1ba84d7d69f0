"""The table model and cell editors behind the plan table.

The model never writes: an edited cell becomes an ``edit_requested`` signal, the plan
table saves it through the services, and the model is refilled from the store. A value
the services refused stays in its cell, marked and explained, so the officer can correct
what they typed instead of typing it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.models import PlanActivity, spec_of
from app.models.vocabulary import ActivityStatus
from app.services.plans import ACTIVITY_FIELDS, ActivityView
from lpc_core.formatting import Shown, display_text, format_nz_date

Index = QModelIndex | QPersistentModelIndex

OVERDUE_BACKGROUND = QColor("#fde7e9")
ERROR_BACKGROUND = QColor("#f6b8bd")
DONE_FOREGROUND = QColor("#5f6368")


@dataclass(frozen=True, slots=True)
class CellError:
    message: str  # "Due: must be on or after the start (01/03/2026)"
    typed: Any  # what the officer typed, kept in the cell to correct


def _spec(field: str) -> Any:
    spec = spec_of(PlanActivity, field)
    assert spec is not None, field
    return spec


def display_value(field: str, value: Any, short: bool = False) -> str:
    spec = _spec(field)
    text = display_text(spec, value, Shown.TABLE)
    if short and spec.choices is not None:
        # "Short term (under 6 months)" reads "Short term" in a narrow column; the
        # tooltip and the drop-down give the whole label.
        return text.split(" (")[0]
    return text


class PlanModel(QAbstractTableModel):
    edit_requested = Signal(str, str, object)  # activity id, field, value as typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: tuple[str, ...] = ACTIVITY_FIELDS
        self.rows: list[ActivityView] = []
        self.errors: dict[tuple[str, str], CellError] = {}
        self.today = date.today()

    # -- filling -------------------------------------------------------------------
    def set_rows(self, rows: list[ActivityView], today: date | None = None) -> None:
        live = {r.id for r in rows}
        self.errors = {k: v for k, v in self.errors.items() if k[0] in live}
        self.today = today or date.today()
        if [r.id for r in rows] == [r.id for r in self.rows] and rows:
            # Same rows in the same order: refresh in place. A reset would close the cell
            # editor the officer has just tabbed into while the previous cell was saving.
            self.rows = list(rows)
            last = self.index(len(rows) - 1, len(self.fields) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def set_error(self, row_id: str, field: str, error: CellError | None) -> None:
        if error is None:
            self.errors.pop((row_id, field), None)
        else:
            self.errors[(row_id, field)] = error
        row = self.row_of(row_id)
        if row is not None:
            index = self.index(row, self.fields.index(field))
            self.dataChanged.emit(index, index)

    def clear_errors(self) -> None:
        self.beginResetModel()
        self.errors.clear()
        self.endResetModel()

    def row_of(self, row_id: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == row_id), None)

    def column_of(self, field: str) -> int:
        return self.fields.index(field)

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _spec(self.fields[section]).label
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            spec = _spec(self.fields[section])
            return spec.help or f"{spec.label}: {spec.allowed()}"
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        activity = self.rows[index.row()]
        field = self.fields[index.column()]
        error = self.errors.get((activity.id, field))
        overdue = activity.overdue(self.today)
        if role == Qt.ItemDataRole.DisplayRole:
            if error is not None:
                return str(error.typed)
            text = display_value(field, activity.value(field), short=True)
            if field == "status" and overdue:
                text += " — overdue"
            return text
        if role == Qt.ItemDataRole.EditRole:
            if error is not None:
                return error.typed
            value = activity.value(field)
            return format_nz_date(value) if isinstance(value, date) else value
        if role == Qt.ItemDataRole.ToolTipRole:
            if error is not None:
                return error.message
            if overdue and activity.due_on is not None:
                return f"Overdue: was due {format_nz_date(activity.due_on)}"
            return display_value(field, activity.value(field)) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if error is not None:
                return QBrush(ERROR_BACKGROUND)
            if overdue:
                return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and activity.status in (
            ActivityStatus.DONE.value,
            ActivityStatus.CANCELLED.value,
        ):
            return QBrush(DONE_FOREGROUND)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = display_value(field, activity.value(field)) or "empty"
            return f"{text}, overdue" if overdue and field == "status" else text
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        activity = self.rows[index.row()]
        field = self.fields[index.column()]
        if value == self.data(index, Qt.ItemDataRole.EditRole):
            return False  # nothing changed: no write, no audit entry
        self.edit_requested.emit(activity.id, field, value)
        return True


class PlanDelegate(QStyledItemDelegate):
    """Choices as drop-downs of their labels, steps as several lines, dates as dd/mm/yyyy."""

    def __init__(self, model: PlanModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def _field(self, index: Index) -> str:
        return self._model.fields[index.column()]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        field = self._field(index)
        spec = _spec(field)
        if spec.choices is not None:
            combo = QComboBox(parent)
            for member in spec.choices:
                combo.addItem(member.label, member.value)
            combo.setAccessibleName(spec.label)
            return combo
        if spec.kind == "long_text":
            editor = QPlainTextEdit(parent)
            editor.setAccessibleName(spec.label)
            editor.setTabChangesFocus(True)
            return editor
        line = QLineEdit(parent)
        line.setAccessibleName(spec.label)
        if spec.kind == "date":
            line.setPlaceholderText("dd/mm/yyyy")
        elif spec.max_len:
            line.setMaxLength(spec.max_len)
        return line

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = editor.findData(value)
            editor.setCurrentIndex(max(found, 0))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):  # room for a few lines of steps
            rect = rect.adjusted(0, 0, 0, max(0, 90 - rect.height()))
        editor.setGeometry(rect)
