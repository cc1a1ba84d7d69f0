"""The officer's schools: search and filters over the list, and the actions on a school.

Search matches as the officer types (name, MoE number, cluster, area, stage), ignoring
case and macrons; the filters narrow by stage, cluster and overdue items.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.vocabulary import Stage
from app.services.school_filters import SchoolFilter, clusters
from app.services.school_list_rows import SchoolList
from app.ui.column_widths import natural_width
from app.ui.school_table import CAPPED, SchoolFilterProxy, SchoolTableModel
from lpc_core.formatting import plural


class SchoolsView(QWidget):
    """``open_school(id)`` on Enter or double-click; ``new_requested`` for the New button."""

    open_school = Signal(str)
    new_requested = Signal()
    dashboard_requested = Signal()
    archive_requested = Signal(str, bool)
    include_archived_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SchoolTableModel()
        self.proxy = SchoolFilterProxy(self.model, self)
        self._loaded = False

        self.search = QLineEdit(
            placeholderText="Search schools by name, number, cluster or area  (Ctrl+F)"
        )
        self.search.setAccessibleName("Search schools")
        self.search.setClearButtonEnabled(True)
        self.stage = QComboBox()
        self.stage.setAccessibleName("Filter by stage")
        self.stage.addItem("All stages", None)
        for stage in Stage:
            self.stage.addItem(f"{stage.value} · {stage.label}", stage.value)
        self.cluster = QComboBox()
        self.cluster.setAccessibleName("Filter by cluster")
        self.cluster.setMinimumContentsLength(14)
        self.cluster.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.overdue = QCheckBox("Overdue only")
        self.archived = QCheckBox("Show archived")
        for signal in (
            self.search.textChanged,
            self.stage.currentIndexChanged,
            self.cluster.currentIndexChanged,
            self.overdue.toggled,
        ):
            signal.connect(self._apply_filter)
        self.archived.toggled.connect(self.include_archived_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.stage, 2)
        filters.addWidget(self.cluster, 2)
        filters.addWidget(self.overdue)
        filters.addWidget(self.archived)

        self.table = QTableView()
        self.table.setAccessibleName("Schools")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _i: self._open_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table, self._open_current)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search.returnPressed.connect(self._open_first)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(200)  # a double-click on an edge measures a sample
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Sized to their contents when schools arrive, not on every keystroke: a column
        # that resizes to its contents measures its rows again after each filter change.
        self._sized = False

        self.message = QLabel("<h3>Opening your schools…</h3>")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.clear_button = QPushButton("Clear search and filters")
        self.clear_button.clicked.connect(self.clear_filters)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.message)
        empty_layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.empty = empty
        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        self.stack.addWidget(self.table)

        self.new_button = QPushButton("New school…")
        self.new_button.setAccessibleName("New school")
        self.new_button.clicked.connect(self.new_requested)
        self.dashboard_button = QPushButton("District dashboard")
        self.dashboard_button.setAccessibleName("Open the district dashboard")
        self.dashboard_button.setToolTip(
            "Every school by stage, status and level, with what is overdue (Ctrl+D)"
        )
        self.dashboard_button.clicked.connect(self.dashboard_requested)
        self.open_button = QPushButton("Open")
        self.open_button.setAccessibleName("Open the selected school")
        self.open_button.clicked.connect(self._open_current)
        self.archive_button = QPushButton("Archive")
        self.archive_button.setAccessibleName("Archive or restore the selected school")
        self.archive_button.clicked.connect(self._archive_current)
        self.count_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.dashboard_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.search, self.stage)
        self.setTabOrder(self.stage, self.cluster)
        self.setTabOrder(self.cluster, self.overdue)
        self.setTabOrder(self.overdue, self.archived)
        self.setTabOrder(self.archived, self.table)
        self.setTabOrder(self.table, self.new_button)
        self._update_buttons()

    # -- data ----------------------------------------------------------------------------------
    def set_schools(self, school_list: SchoolList) -> None:
        self._loaded = True
        keep = self.current_id()
        self.model.set_rows(school_list.rows, school_list.archived, school_list.cells)
        self._fill_clusters(clusters(school_list.rows))
        self._show_state()
        self._size_columns()
        if keep:
            self.select_school(keep)

    def _size_columns(self) -> None:
        if self.model.rowCount() == 0:
            return
        header = self.table.horizontalHeader()
        for col in range(1, len(self.model.columns)):
            wanted = natural_width(self.table, col, self.model.longest_texts(col))
            # A new, wider value widens its column; nothing narrows under the officer.
            if not self._sized or wanted > header.sectionSize(col):
                header.resizeSection(col, wanted)
        for col, widest in CAPPED.items():
            header.resizeSection(col, min(header.sectionSize(col), widest))
        self._sized = True

    def _fill_clusters(self, names: list[str]) -> None:
        current = self.cluster.currentData()
        self.cluster.blockSignals(True)
        self.cluster.clear()
        self.cluster.addItem("All clusters", None)
        for name in names:
            self.cluster.addItem(name, name)
        self.cluster.setCurrentIndex(max(self.cluster.findData(current), 0))
        self.cluster.blockSignals(False)

    def show_message(self, html: str, clear_button: bool = False) -> None:
        self.message.setText(html)
        self.clear_button.setVisible(clear_button)
        self.stack.setCurrentWidget(self.empty)

    def _apply_filter(self) -> None:
        stage = self.stage.currentData()
        self.proxy.set_filter(
            SchoolFilter(
                text=self.search.text(),
                stage=Stage(stage) if stage else None,
                overdue_only=self.overdue.isChecked(),
                cluster=self.cluster.currentData(),
            )
        )
        self._show_state()

    def clear_filters(self) -> None:
        self.search.clear()
        self.stage.setCurrentIndex(0)
        self.cluster.setCurrentIndex(0)
        self.overdue.setChecked(False)

    def _show_state(self) -> None:
        if not self._loaded:
            return
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if total == 0:
            self.show_message(
                "<h3>No schools yet</h3><p>Add a school with “New school…” (Ctrl+N). "
                "Schools from the district server appear here after a sync.</p>"
            )
        elif shown == 0:
            self.show_message(
                "<h3>No schools match</h3><p>Nothing fits the search and filters.</p>",
                clear_button=True,
            )
        elif self.stack.currentWidget() is not self.table:
            self.stack.setCurrentWidget(self.table)
        counted = plural(total, "school")
        self.count_label.setText(counted if shown == total else f"{shown} of {counted}")
        self._update_buttons()

    # -- selection -----------------------------------------------------------------------------
    def current_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.summary_at(rows[0].row()).id if rows else None

    def visible_ids(self) -> list[str]:
        return [self.proxy.summary_at(r).id for r in range(self.proxy.rowCount())]

    def select_school(self, school_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.summary_at(row).id == school_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        chosen = self.current_id()
        self.open_button.setEnabled(chosen is not None)
        self.archive_button.setEnabled(chosen is not None)
        archived = chosen in self.model.archived
        self.archive_button.setText("Restore" if archived else "Archive")

    def _open_current(self) -> None:
        chosen = self.current_id()
        if chosen:
            self.open_school.emit(chosen)

    def _open_first(self) -> None:
        """Enter in the search box opens the school when the search has found just one."""
        if self.proxy.rowCount() == 1:
            self.table.selectRow(0)
            self._open_current()
        elif self.proxy.rowCount():
            self.table.selectRow(0)
            self.table.setFocus()

    def _archive_current(self) -> None:
        chosen = self.current_id()
        if chosen:
            self.archive_requested.emit(chosen, chosen not in self.model.archived)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
