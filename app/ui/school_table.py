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

from app.models.vocabulary import ServiceTier
from app.services.school_filters import SchoolFilter, search_key
from app.ui.table_model import Index, RowsTableModel
from lpc_core.formatting import format_nz_date, sort_key

if TYPE_CHECKING:
    from app.services.school_list_rows import SchoolSummary

COLUMNS = (
    "School",
    "MoE no.",
    "Stage",
    "Year",
    "Status",
    "Next due",
    "Cluster / Kāhui Ako",
    "Police services",
)
STAGE, YEAR, STATUS, NEXT_DUE, SERVICES = (
    COLUMNS.index(c) for c in ("Stage", "Year", "Status", "Next due", "Police services")
)
# Columns kept narrow enough that the school's name has room at 1366 pixels wide; their
# full text is in the tooltip when it is cut short.
CAPPED = {STAGE: 210, SERVICES: 200}
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE = QColor("#b3261e")
ARCHIVED = QColor("#6b6b6b")


class SchoolTableModel(RowsTableModel["SchoolSummary"]):
    """A view asks ``data`` for every visible cell and role on each repaint, a sort
    compares keys many times per row, and a search looks at every school on each
    keystroke; so each row's text, each column's sort keys and the search keys are worked
    out once, when first needed (at start-up only the name column's keys and the rows on
    screen), and kept. Sorting is done here, over the kept keys, in one Python sort:
    sorting in the proxy called ``data`` twice per comparison, about 55,000 calls for
    2,500 schools."""

    columns = COLUMNS

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._cells: list[tuple[str, ...] | None] = []
        self._keys: dict[int, list[Any]] = {}  # by column
        self._search: list[str] | None = None
        self._today = today or date.today()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._overdue = QBrush(OVERDUE)
        self._archived = QBrush(ARCHIVED)
        self.archived: set[str] = set()

    def set_rows(self, rows: list[SchoolSummary], archived: set[str] | None = None) -> None:
        self.beginResetModel()
        self.archived = archived or set()
        self.rows = list(rows)
        self._cells = [None] * len(rows)
        self._keys = {}
        self._search = None
        if self._sort is not None:
            self._reorder(self._order(*self._sort))
        self.endResetModel()

    def summary(self, row: int) -> SchoolSummary:
        return self.rows[row]

    def search_key(self, row: int) -> str:
        if self._search is None:
            self._search = [search_key(s) for s in self.rows]
        return self._search[row]

    def cells(self, row: int) -> tuple[str, ...]:
        cells = self._cells[row]
        if cells is None:
            s = self.rows[row]
            cells = self._cells[row] = tuple(self._display(s, c) for c in range(len(COLUMNS)))
        return cells

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(index.row())[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            s = self.rows[index.row()]
            if index.column() == NEXT_DUE and s.overdue_count:
                return self._overdue
            return self._archived if s.id in self.archived else None
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return self._column_keys(index.column())[index.row()]
        if role == SUMMARY_ROLE:
            return self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in CAPPED:
            return self.cells(index.row())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == NEXT_DUE:
            due = self.rows[index.row()].next_due
            return due.message if due else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        if not self.rows:
            return
        self.layoutAboutToBeChanged.emit()
        order_of_rows = self._order(column, order)
        persistent = self.persistentIndexList()
        new_row = {old: new for new, old in enumerate(order_of_rows)}
        self._reorder(order_of_rows)
        self.changePersistentIndexList(
            persistent, [self.index(new_row[i.row()], i.column()) for i in persistent]
        )
        self.layoutChanged.emit()

    def _column_keys(self, column: int) -> list[Any]:
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = [self._sort_value(s, column) for s in self.rows]
        return keys

    def _order(self, column: int, order: Qt.SortOrder) -> list[int]:
        keys = self._column_keys(column)
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)

    def _reorder(self, order: list[int]) -> None:
        self.rows = [self.rows[r] for r in order]
        self._cells = [self._cells[r] for r in order]
        self._keys = {c: [keys[r] for r in order] for c, keys in self._keys.items()}
        if self._search is not None:
            self._search = [self._search[r] for r in order]

    def _display(self, s: SchoolSummary, col: int) -> str:
        if col == 0:
            return f"{s.name} (archived)" if s.id in self.archived else s.name
        if col == 1:
            return "" if s.moe_number is None else str(s.moe_number)
        if col == 2:
            return s.stage_label
        if col == YEAR:  # the school's current partnership year
            return "" if s.year is None else str(s.year)
        if col == STATUS:
            return s.status.label
        if col == NEXT_DUE:
            if s.next_due is None:
                return "—"
            when = format_nz_date(s.next_due.due_on) if s.next_due.due_on else "now"
            extra = f" (+{s.overdue_count - 1} more)" if s.overdue_count > 1 else ""
            return f"{s.next_due.kind.label} · {when}{extra}"
        if col == SERVICES:
            return ", ".join(ServiceTier(t).short for t in s.services)
        return s.cluster

    def _sort_value(self, s: SchoolSummary, col: int) -> Any:
        if col == 1:
            return s.moe_number or 0
        if col == 2:
            return s.stage.value
        if col == YEAR:
            return s.year or 0
        if col == NEXT_DUE:
            return s.next_due.due_on.isoformat() if s.next_due and s.next_due.due_on else "0"
        return sort_key(self._display(s, col))


class SchoolFilterProxy(QSortFilterProxyModel):
    """Shows the rows a ``SchoolFilter`` lets through, in the model's order: sorting is
    handed to the model, which sorts over keys it keeps."""

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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        school_filter = self._filter
        key = self.source.search_key(source_row) if school_filter.needle else None
        return school_filter.matches(self.source.summary(source_row), key)

    def summary_at(self, row: int) -> SchoolSummary:
        return self.source.summary(self.mapToSource(self.index(row, 0)).row())
