"""The district dashboard: counts, charts and the schools behind them, with filters.

The store is read once per refresh, off the UI thread; filters and the card and bar
"drill-downs" then work on the loaded list, so they answer at once. Double-click (or
Enter on) a school to open it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.vocabulary import InterventionLevel, PartnershipStatus, ServiceTier, Stage
from app.services.dashboard import (
    DASHBOARD_TABLES,
    DashboardFilter,
    SchoolStatus,
    load_statuses,
    make_dashboard,
)
from app.ui.charts import Bar, BarChart
from app.ui.dashboard_colours import LEVEL_COLOURS, SERVICE_COLOURS, STAGE_COLOUR, STATUS_COLOURS
from app.ui.dashboard_table import STATUS_SHORT, DashboardTableModel
from app.ui.ops import Op, listen
from app.ui.report_period_dialog import ReportPeriodDialog
from lpc_core.formatting import format_nz_date, plural

if TYPE_CHECKING:
    from app.services.changes import ChangeSet
    from app.services.dashboard import Dashboard
    from app.services.store import Store

# The cards: key, label, how to count, which schools a click shows.
CARDS: tuple[tuple[str, str, Callable[[SchoolStatus], int]], ...] = (
    ("reviews", "Overdue plan reviews", lambda r: r.overdue_reviews),
    ("activities", "Overdue activities", lambda r: r.overdue_activities),
    ("agreements", "Agreement reviews due", lambda r: int(r.agreement_due)),
    ("profiles", "Profiles out of date", lambda r: int(r.profile_out_of_date)),
)


PLAN_YEAR_NOTE = (
    "Stages and overdue figures are each school's current partnership year: plan reviews "
    "and activities count on this year's annual plan, not earlier years' plans."
)


def _write_report(store: Store, folder: Path, start: date, end: date, today: date) -> list[Path]:
    from app.services.district_report import write_district_report

    return [f.path for f in write_district_report(store, folder, start, end, today=today)]


def _breakable(label: str) -> str:
    """A soft hyphen in "Relationship", so four services fit across a narrow chart."""
    return label.replace("Relationship", "Relation\u00adship")


class DashboardView(QWidget):
    """Counts and charts for the district, filtered by area, cluster and officer."""

    open_school = Signal(str)
    loaded = Signal()
    report_written = Signal(list)  # the files written

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today: date | None = None  # None: the real today (tests fix a date)
        self.statuses: list[SchoolStatus] = []
        self.dashboard: Dashboard | None = None
        self.focus: tuple[str, object] | None = None  # a card or bar the officer clicked
        listen(self, self._data_changed)

        self.area = self._combo("Area", "All areas")
        self.cluster = self._combo("Cluster", "All clusters")
        self.officer = self._combo("Lead Police Contact", "All officers")
        self.service = self._combo("Police service", "All services")
        for tier in ServiceTier:  # the NZ operating model's tiers, not drawn from the data
            self.service.addItem(tier.label, tier.value)
        clear = QPushButton("Clear filters")
        clear.clicked.connect(self.clear_filters)
        refresh = QPushButton("Refresh")
        self.report_button = QPushButton("District summary…")
        self.report_button.setToolTip(
            "Write the district summary (.docx and CSV) of every school for a period you choose"
        )
        self.report_button.clicked.connect(self.ask_report_period)
        self.report_dialog: ReportPeriodDialog | None = None
        self.report_folder = Path.home()
        refresh.clicked.connect(self.refresh)
        self.as_of = QLabel()
        filters = QHBoxLayout()
        for label, combo in (
            ("Area", self.area),
            ("Cluster", self.cluster),
            ("Lead Police Contact", self.officer),
            ("Police service", self.service),
        ):
            caption = QLabel(f"{label}:")
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo, 1)
        filters.addWidget(clear)
        filters.addStretch(1)
        filters.addWidget(self.as_of)
        filters.addWidget(refresh)
        filters.addWidget(self.report_button)

        self.cards: dict[str, QPushButton] = {}
        cards = QHBoxLayout()
        self.total = QLabel()
        self.total.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.total.setMinimumWidth(120)
        self.total.setStyleSheet("font-size: 13pt; font-weight: 600; color: #122b4a;")
        cards.addWidget(self.total)
        for key, label, _ in CARDS:
            card = QPushButton()
            card.setCheckable(True)
            card.setAccessibleName(label)
            card.setMinimumHeight(58)
            card.setToolTip(f"Show only the schools with {label.lower()}")
            card.clicked.connect(lambda _=False, k=key: self._toggle(("card", k)))
            self.cards[key] = card
            cards.addWidget(card, 1)
        self.year_note = QLabel(PLAN_YEAR_NOTE)  # the figures are of one year, not a mix
        self.year_note.setWordWrap(True)
        self.year_note.setStyleSheet("color: #5f6b7a;")

        self.stage_chart = BarChart("Schools by stage")
        self.status_chart = BarChart("Schools by status")
        self.level_chart = BarChart("Schools by intervention level")
        self.service_chart = BarChart("Schools by Police service")
        charts = QGridLayout()
        for n, chart in enumerate(
            (self.stage_chart, self.status_chart, self.level_chart, self.service_chart)
        ):
            chart.setMinimumHeight(200)
            charts.addWidget(chart, 0, n)
        self.stage_chart.bar_clicked.connect(lambda k: self._toggle(("stage", k)))
        self.status_chart.bar_clicked.connect(lambda k: self._toggle(("status", k)))
        self.level_chart.bar_clicked.connect(lambda k: self._toggle(("level", k)))
        self.service_chart.bar_clicked.connect(lambda k: self._toggle(("service", k)))

        self.showing = QLabel()
        self.show_all = QPushButton("Show all")
        self.show_all.clicked.connect(lambda: self._set_focus(None))
        showing = QHBoxLayout()
        showing.addWidget(self.showing, 1)
        showing.addWidget(self.show_all)

        self.model = DashboardTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setAccessibleName("Schools in the district view")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(cards)
        layout.addWidget(self.year_note)
        layout.addLayout(charts, 2)
        layout.addLayout(showing)
        layout.addWidget(self.table, 3)
        self._render_cards()

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(f"Filter by {name.lower()}")
        combo.addItem(everything, "")
        combo.setMinimumContentsLength(14)
        combo.currentIndexChanged.connect(self._apply)
        return combo

    # -- loading ----------------------------------------------------------------------
    def refresh(self) -> None:
        today = self.today or date.today()
        self.as_of.setText(f"As at {format_nz_date(today)}")
        Op(self, load_statuses, self.store, today).success(self._loaded).failure(self._failed).run()

    def _data_changed(self, changes: ChangeSet, _initiator: QObject | None) -> None:
        """The dashboard counts every school, so any change may move a count; while it
        is hidden it waits (it is read afresh each time it is shown)."""
        if changes.touches(tables=DASHBOARD_TABLES) and self.isVisible():
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.showing.setText(f"The district view could not be loaded: {exc}")
        self.loaded.emit()

    def _loaded(self, statuses: list[SchoolStatus]) -> None:
        self.statuses = statuses
        self._apply()
        self.loaded.emit()

    # -- filters and drill-downs -----------------------------------------------------
    def current_filter(self) -> DashboardFilter:
        return DashboardFilter(
            area=self.area.currentData() or "",
            cluster=self.cluster.currentData() or "",
            officer=self.officer.currentData() or "",
            service=self.service.currentData() or "",
        )

    def clear_filters(self) -> None:
        for combo in (self.area, self.cluster, self.officer, self.service):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.focus = None
        self._apply()

    def _toggle(self, focus: tuple[str, object]) -> None:
        self._set_focus(None if self.focus == focus else focus)

    def _set_focus(self, focus: tuple[str, object] | None) -> None:
        self.focus = focus
        self._apply()

    def _in_focus(self, r: SchoolStatus) -> bool:
        if self.focus is None:
            return True
        kind, key = self.focus
        if kind == "card":
            return next(count(r) for k, _, count in CARDS if k == key) > 0
        if kind == "service":
            return key in r.services if isinstance(key, ServiceTier) else not r.services
        return {"stage": r.stage, "status": r.status, "level": r.level}[kind] == key

    def _focus_text(self) -> str:
        if self.focus is None:
            return ""
        kind, key = self.focus
        if kind == "card":
            return "with " + next(label for k, label, _ in CARDS if k == key).lower()
        if kind == "service":
            return (
                f"receiving “{key.label}”"
                if isinstance(key, ServiceTier)
                else ("with no Police service recorded")
            )
        if isinstance(key, Stage):
            return f"at stage {key.value} ({key.label})"
        if isinstance(key, PartnershipStatus):
            return f"with status “{key.label}”"
        if isinstance(key, InterventionLevel):
            return f"at intervention level {key.value}"
        return "with no needs audit yet"

    def _apply(self) -> None:
        board = make_dashboard(self.statuses, self.current_filter(), self.today or date.today())
        self.dashboard = board
        for combo, values in (
            (self.area, board.areas),
            (self.cluster, board.clusters),
            (self.officer, board.officers),
        ):
            self._fill(combo, values)
        rows = [r for r in board.rows if self._in_focus(r)]
        self.model.set_rows(rows)
        self._render_cards()
        self._render_charts(board)
        what = self._focus_text()
        total = board.counts.schools
        self.showing.setText(
            f"Showing {len(rows)} of {plural(total, 'school')} {what}".rstrip()
            if what
            else f"Showing all {plural(total, 'school')}"
            if total != 1
            else "Showing the one school"
        )
        self.show_all.setVisible(self.focus is not None)

    @staticmethod
    def _fill(combo: QComboBox, values: list[str]) -> None:
        current = combo.currentData()
        if [combo.itemData(i) for i in range(1, combo.count())] == values:
            return
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for v in values:
            combo.addItem(v, v)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _render_cards(self) -> None:
        board = self.dashboard
        c = board.counts if board else None
        self.total.setText(plural(c.schools if c else 0, "school").replace(" ", "\n", 1))
        values = {
            "reviews": c.overdue_reviews if c else 0,
            "activities": c.overdue_activities if c else 0,
            "agreements": c.agreements_due if c else 0,
            "profiles": c.profiles_out_of_date if c else 0,
        }
        for key, label, _ in CARDS:
            card, n = self.cards[key], values[key]
            card.setText(f"{n}\n{label}")
            card.setChecked(self.focus == ("card", key))
            colour = "#b3261e" if n else "#2f855a"
            card.setStyleSheet(
                f"QPushButton {{ font-size: 11pt; color: {colour}; padding: 6px; }}"
                "QPushButton:checked { background: #dfe8f3; }"
            )

    def _render_charts(self, board: Dashboard) -> None:
        c = board.counts
        kind, key = self.focus or ("", None)
        self.stage_chart.set_selected(key if kind == "stage" else None)
        self.status_chart.set_selected(key if kind == "status" else None)
        self.level_chart.set_selected(key if kind == "level" else None)
        self.service_chart.set_selected(key if kind == "service" else None)
        self.stage_chart.set_bars(
            [Bar(s, f"{s.value} {s.sara}", c.by_stage[s], STAGE_COLOUR) for s in Stage]
        )
        self.status_chart.set_bars(
            [Bar(s, STATUS_SHORT[s], n, STATUS_COLOURS[s]) for s, n in c.by_status.items()]
        )
        self.level_chart.set_bars(
            [
                Bar(lv, f"Level {lv.value}" if lv else "No audit", n, LEVEL_COLOURS[lv])
                for lv, n in c.by_level.items()
            ]
        )
        self.service_chart.set_bars(
            [
                Bar(t, _breakable(t.short) if t else "None", n, SERVICE_COLOURS[t])
                for t, n in c.by_service.items()
            ]
        )

    # -- the district summary ---------------------------------------------------------
    def ask_report_period(self) -> None:
        """Ask for From, To and the folder; write once they are valid."""
        dialog = ReportPeriodDialog(self.today or date.today(), self.report_folder, self)
        self.report_dialog = dialog
        dialog.accepted.connect(lambda: self._period_chosen(dialog))
        dialog.finished.connect(self._period_dialog_closed)
        dialog.open()

    def _period_dialog_closed(self) -> None:
        if self.report_dialog is not None:
            self.report_dialog.deleteLater()
            self.report_dialog = None

    def _period_chosen(self, dialog: ReportPeriodDialog) -> None:
        if dialog.folder is None or dialog.start is None or dialog.end is None:
            return
        self.report_folder = dialog.folder
        self.write_report(dialog.folder, dialog.start, dialog.end)

    def write_report(self, folder: Path, start: date, end: date) -> None:
        """Write the summary for ``start``..``end`` into ``folder``."""
        today = self.today or date.today()
        self.report_button.setEnabled(False)
        self.showing.setText("Writing the district summary…")
        Op(self, _write_report, self.store, folder, start, end, today).success(
            self._report_written
        ).failure(self._report_failed).run()

    def _report_written(self, paths: list[Path]) -> None:
        self.report_button.setEnabled(True)
        self.showing.setText(
            f"District summary written to {paths[0].parent}: " + ", ".join(p.name for p in paths)
        )
        self.report_written.emit(paths)

    def _report_failed(self, exc: BaseException) -> None:
        self.report_button.setEnabled(True)
        self.showing.setText(f"The district summary could not be written: {exc}")

    def _activated(self, index: QModelIndex) -> None:
        row = self.proxy.mapToSource(index).row()
        self.open_school.emit(self.model.rows[row].id)

    def visible_rows(self) -> list[SchoolStatus]:
        """The schools the table shows, in its current order."""
        return [
            self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
            for r in range(self.proxy.rowCount())
        ]
