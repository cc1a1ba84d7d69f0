"""The field registry, read-only, for people editing district templates.

Built from ``app.templates.fields``, the same registry the exporter fills and the template
checker accepts, so what is listed here is exactly what a template may use. A search box
narrows the table on any column (a placeholder, a word of its meaning, a document).
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.templates.fields import PLACEHOLDERS, DocumentKind, Placeholder

COLUMNS = ("Placeholder", "Meaning", "Source", "Used in", "Type in Word")
NOT_IN_BUILT_IN = "None of the built-in templates"


def used_in(p: Placeholder) -> str:
    """The documents whose built-in template uses the placeholder, in the usual order."""
    titles = [kind.info.title for kind in DocumentKind if kind in p.documents]
    return ", ".join(titles) or NOT_IN_BUILT_IN


def row_texts(p: Placeholder) -> tuple[str, ...]:
    return (p.name, p.meaning, p.source, used_in(p), p.example)


class PlaceholdersDialog(QDialog):
    """Every placeholder: what it means, where its value comes from, which templates use it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Template placeholders")
        self.resize(1000, 560)
        intro = QLabel(
            "The placeholders a district template may use. Anything else in {{ }} is "
            "reported by Check templates as unknown or misspelt."
        )
        intro.setWordWrap(True)

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        for p in PLACEHOLDERS.values():
            items = []
            for text in row_texts(p):
                item = QStandardItem(text)
                item.setEditable(False)
                item.setToolTip(text)
                items.append(item)
            self.model.appendRow(items)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)  # every column
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search placeholders, meanings, sources or documents")
        self.search.setAccessibleName("Search placeholders")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.count = QLabel()
        caption = QLabel("&Search:")
        caption.setBuddy(self.search)
        search_row = QHBoxLayout()
        search_row.addWidget(caption)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count)

        self.table = QTableView()
        self.table.setAccessibleName("Template placeholders")
        self.table.setModel(self.proxy)
        # Registry order (grouped by section) until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((210, 260, 210, 220)):
            self.table.setColumnWidth(col, width)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            f"All {total} placeholders" if shown == total else f"{shown} of {total} placeholders"
        )

    def visible_rows(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row, in its current order."""
        return [
            tuple(str(self.proxy.index(r, c).data()) for c in range(self.proxy.columnCount()))
            for r in range(self.proxy.rowCount())
        ]
