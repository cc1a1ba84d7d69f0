"""The main window: the officer's schools with their stage, status and next due item.

It is shown before the store is open (opening may migrate or create demo data) and fills
in when the store arrives, so the officer sees the app at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.config import AppPaths
from app.ui.ops import Op
from app.ui.school_table import SchoolTableModel

if TYPE_CHECKING:
    from app.services.schools import SchoolSummary
    from app.services.store import Store


def _load_summaries(store: Store) -> list[SchoolSummary]:
    from app.services.schools import list_school_summaries

    with store.session() as session:
        return list_school_summaries(session)


class MainWindow(QMainWindow):
    schools_loaded = Signal(int)

    def __init__(self, paths: AppPaths, store: Store | None = None) -> None:
        super().__init__()
        self.store: Store | None = None
        self.paths = paths
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(960, 600)

        self.model = SchoolTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.search = QLineEdit(
            placeholderText="Search schools by name, number or cluster  (Ctrl+F)"
        )
        self.search.setAccessibleName("Search schools")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView()
        self.table.setAccessibleName("Schools")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(200)  # size columns from a sample, not every row
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

        self.message = QLabel("<h3>Opening your schools…</h3>")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.table)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.search)
        layout.addWidget(self.stack)
        self.setCentralWidget(body)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self._build_menus()
        self._restore_layout()
        if store is not None:
            self.set_store(store)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction(
            "&Quit", self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit)
        )
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        find = QAction(
            "&Find school", self, shortcut=QKeySequence(QKeySequence.StandardKey.Find)
        )
        find.triggered.connect(self.focus_search)
        view_menu.addAction(find)
        reload_action = QAction(
            "&Refresh", self, shortcut=QKeySequence(QKeySequence.StandardKey.Refresh)
        )
        reload_action.triggered.connect(self.refresh)
        view_menu.addAction(reload_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def set_store(self, store: Store) -> None:
        self.store = store
        self.refresh()

    def show_problem(self, title: str, detail: str) -> None:
        self.message.setText(f"<h3>{title}</h3><p>{detail}</p>")
        self.stack.setCurrentWidget(self.message)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        if self.store is None:
            return
        Op(self, _load_summaries, self.store).success(self._show_rows).failure(
            lambda exc: self.show_problem("The schools could not be loaded", str(exc))
        ).run()

    def _show_rows(self, rows: list[SchoolSummary]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.stack.setCurrentWidget(self.table)
        else:
            self.show_problem(
                "No schools yet",
                "Schools you add, or receive from the district server, appear here.",
            )
        self.count_label.setText(f"{len(rows)} schools")
        self.schools_loaded.emit(len(rows))

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>For Lead Police Contacts running Police-School partnerships.</p>"
            f"<p>Data folder: {self.paths.data_dir}</p><p>Licence: MIT</p>",
        )

    def _restore_layout(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
