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

from app.services.school_filters import SchoolFilter, search_key
from app.services.school_list_cells import (
    COLUMNS,
    NEXT_DUE,
    SERVICES,
    STAGE,
    YEAR,
    Cells,
    row_cells,
)
from app.ui.column_widths import longest
from app.ui.table_model import Index, RowsTableModel
from lpc_core.formatting import sort_key

if TYPE_CHECKING:
    from app.services.school_list_rows import SchoolSummary

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

    def set_rows(
        self,
        rows: list[SchoolSummary],
        archived: set[str] | None = None,
        cells: list[Cells] | None = None,
    ) -> None:
        """``cells``: the rows' text formatted already (``school_list_cells``), else each
        row is formatted when first shown."""
        self.beginResetModel()
        self.archived = archived or set()
        self.rows = list(rows)
        have = cells is not None and len(cells) == len(rows)
        self._cells = list(cells) if cells is not None and have else [None] * len(rows)
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

    def cells(self, row: int) -> Cells:
        cells = self._cells[row]
        if cells is None:
            s = self.rows[row]
            cells = self._cells[row] = row_cells(s, s.id in self.archived)
        return cells

    def longest_texts(self, column: int) -> list[str]:
        """The few longest texts of a column, which the view measures to size it."""
        return longest(self.cells(r)[column] for r in range(len(self.rows)))

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
            keys = self._keys[column] = [self._sort_value(r, column) for r in range(len(self.rows))]
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

    def _sort_value(self, row: int, col: int) -> Any:
        s = self.rows[row]
        if col == 1:
            return s.moe_number or 0
        if col == 2:
            return s.stage.value
        if col == YEAR:
            return s.year or 0
        if col == NEXT_DUE:
            return s.next_due.due_on.isoformat() if s.next_due and s.next_due.due_on else "0"
        return sort_key(self.cells(row)[col])


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
