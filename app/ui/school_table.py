"""The table model behind the schools list: summaries in, rows and sort keys out."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.services.school_filters import SchoolFilter
from app.ui.table_model import Index, RowsTableModel
from lpc_core.formatting import format_nz_date, sort_key

if TYPE_CHECKING:
    from app.services.schools import SchoolSummary

COLUMNS = ("School", "MoE no.", "Stage", "Status", "Next due", "Cluster / Kāhui Ako")
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE = QColor("#b3261e")
ARCHIVED = QColor("#6b6b6b")


class SchoolTableModel(RowsTableModel["SchoolSummary"]):
    columns = COLUMNS

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._keys: list[tuple[Any, ...]] = []
        self._today = today or date.today()
        self.archived: set[str] = set()

    def set_rows(self, rows: list[SchoolSummary], archived: set[str] | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.archived = archived or set()
        # Sorting compares keys many times per row; work them out once.
        self._keys = [tuple(self._sort_value(s, col) for col in range(len(COLUMNS))) for s in rows]
        self.endResetModel()

    def summary(self, row: int) -> SchoolSummary:
        return self.rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        col = index.column()
        if role == SUMMARY_ROLE:
            return s
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, col)
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return self._keys[index.row()][col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 4 and s.overdue_count:
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.ForegroundRole and s.id in self.archived:
            return QBrush(ARCHIVED)
        if role == Qt.ItemDataRole.ToolTipRole and col == 4 and s.next_due:
            return s.next_due.message
        return None

    def _display(self, s: SchoolSummary, col: int) -> str:
        if col == 0:
            return f"{s.name} (archived)" if s.id in self.archived else s.name
        if col == 1:
            return "" if s.moe_number is None else str(s.moe_number)
        if col == 2:
            return s.stage_label
        if col == 3:
            return s.status.label
        if col == 4:
            if s.next_due is None:
                return "—"
            when = format_nz_date(s.next_due.due_on) if s.next_due.due_on else "now"
            extra = f" (+{s.overdue_count - 1} more)" if s.overdue_count > 1 else ""
            return f"{s.next_due.kind.label} · {when}{extra}"
        return s.cluster

    def _sort_value(self, s: SchoolSummary, col: int) -> Any:
        if col == 1:
            return s.moe_number or 0
        if col == 2:
            return s.stage.value
        if col == 4:
            return s.next_due.due_on.isoformat() if s.next_due and s.next_due.due_on else "0"
        return sort_key(self._display(s, col))


class SchoolFilterProxy(QSortFilterProxyModel):
    """Sorts by the model's keys and shows the rows a ``SchoolFilter`` lets through."""

    def __init__(self, source: SchoolTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.setSourceModel(source)
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self._filter = SchoolFilter()

    @property
    def filter(self) -> SchoolFilter:
        return self._filter

    def set_filter(self, school_filter: SchoolFilter) -> None:
        self.beginFilterChange()
        self._filter = school_filter
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self._filter.matches(self.source.summary(source_row))

    def summary_at(self, row: int) -> SchoolSummary:
        return self.source.summary(self.mapToSource(self.index(row, 0)).row())
