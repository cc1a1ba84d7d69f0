"""The district dashboard over the demo district: counts, filters, drill-downs, open a school."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models.vocabulary import InterventionLevel, ServiceTier, Stage
from app.services.demo import seed_demo
from app.services.store import Store
from app.ui.dashboard import DashboardView
from app.ui.dashboard_table import COLUMNS
from tests.ui.windows import main_window

TODAY = date(2026, 11, 24)


def _view(qtbot: QtBot, store: Store) -> DashboardView:
    view = DashboardView(store)
    qtbot.addWidget(view)
    view.today = TODAY
    view.resize(1280, 820)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.refresh()
    return view


def test_dashboard_counts_filters_and_charts(qtbot: QtBot, store: Store, output_dir: Path) -> None:
    seed_demo(store, today=TODAY)
    view = _view(qtbot, store)
    assert view.total.text() == "30\nschools"
    assert view.cards["activities"].text() == "4\nOverdue activities"
    assert view.cards["agreements"].text() == "10\nAgreement reviews due"
    assert view.cards["profiles"].text() == "9\nProfiles out of date"
    assert view.cards["reviews"].text() == "1\nOverdue plan reviews"
    assert [b.value for b in view.stage_chart.bars] == [8, 6, 6, 10]
    assert [b.value for b in view.level_chart.bars] == [2, 4, 4, 7, 9, 4]
    assert view.proxy.rowCount() == 30
    assert view.as_of.text() == "As at 24/11/2026"
    view.grab().save(str(output_dir / "dashboard.png"))
    view.level_chart.save_png(output_dir / "dashboard_levels.png")

    # The overridden school shows both levels.
    levels = [view.proxy.index(r, COLUMNS.index("Level")).data() for r in range(30)]
    assert "4 (suggested 5)" in levels and levels.count("—") == 4

    view.area.setCurrentIndex(view.area.findData("Awa North"))
    assert view.total.text() == "10\nschools"
    assert {r.area for r in view.visible_rows()} == {"Awa North"}
    assert sum(b.value for b in view.stage_chart.bars) == 10
    view.officer.setCurrentIndex(view.officer.findData("Constable Aroha Ngata"))
    # Schools 0, 7, 14, 21, 28 are Aroha Ngata's; 0, 21 are in Awa North.
    assert len(view.visible_rows()) == 2
    assert all("Constable Aroha Ngata" in r.officers for r in view.visible_rows())
    view.grab().save(str(output_dir / "dashboard_filtered.png"))
    view.clear_filters()
    assert view.total.text() == "30\nschools"


def test_cards_and_bars_drill_down_and_a_school_opens(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    seed_demo(store, today=TODAY)
    view = _view(qtbot, store)
    view.cards["activities"].click()
    shown = view.visible_rows()
    assert len(shown) == 3 and all(r.overdue_activities for r in shown)
    assert sum(r.overdue_activities for r in shown) == 4  # short-term ones; long-term are ahead
    assert view.showing.text() == "Showing 3 of 30 schools with overdue activities"
    view.grab().save(str(output_dir / "dashboard_drill_down.png"))
    view.cards["activities"].click()  # again: back to all
    assert len(view.visible_rows()) == 30

    view.stage_chart.bar_clicked.emit(Stage.RESPONSE)
    assert {r.stage for r in view.visible_rows()} == {Stage.RESPONSE}
    assert "at stage 3 (Response)" in view.showing.text()
    view.level_chart.bar_clicked.emit(InterventionLevel(1))
    assert [r.level for r in view.visible_rows()] == [InterventionLevel(1)] * 2
    assert view.level_chart.selected == InterventionLevel(1)
    view.grab().save(str(output_dir / "dashboard_level_1.png"))
    view.show_all.click()
    assert len(view.visible_rows()) == 30

    view.table.sortByColumn(COLUMNS.index("Activities overdue"), Qt.SortOrder.DescendingOrder)
    first = view.visible_rows()[0]
    assert first.overdue_activities == max(r.overdue_activities for r in view.visible_rows()) == 2
    with qtbot.waitSignal(view.open_school) as opened:
        view.table.activated.emit(view.proxy.index(0, 0))
    assert opened.args == [first.id]


def test_the_service_chart_counts_each_kind_of_service_and_drills_down(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    seed_demo(store, today=TODAY)
    view = _view(qtbot, store)
    rows = view.statuses
    bars = view.service_chart.bars
    assert [b.label.replace("\u00ad", "") for b in bars] == [
        "Relationship",
        "Education",
        "Traffic team",
        "School-wide",
        "None",
    ]
    expected = [sum(t.value in r.services for r in rows) for t in ServiceTier]
    assert [b.value for b in bars] == [*expected, sum(not r.services for r in rows)]
    # Every demo school has the relationship; some have more than one kind.
    assert [b.value for b in bars] == [30, 10, 7, 4, 0]
    view.grab().save(str(output_dir / "dashboard_services.png"))
    view.service_chart.save_png(output_dir / "dashboard_services_chart.png")

    view.service_chart.bar_clicked.emit(ServiceTier.TRAFFIC_SAFETY)
    shown = view.visible_rows()
    assert len(shown) == bars[2].value
    assert all(ServiceTier.TRAFFIC_SAFETY.value in r.services for r in shown)
    assert view.service_chart.selected is ServiceTier.TRAFFIC_SAFETY
    assert view.showing.text().endswith("receiving “School traffic safety team”")
    view.service_chart.bar_clicked.emit(None)  # the schools with no service recorded
    assert view.visible_rows() == []
    assert view.showing.text() == "Showing 0 of 30 schools with no Police service recorded"
    view.show_all.click()

    # The chart follows the filters: one area's schools only.
    view.area.setCurrentIndex(view.area.findData("Awa North"))
    in_area = [r for r in rows if r.area == "Awa North"]
    assert [b.value for b in view.service_chart.bars][:4] == [
        sum(t.value in r.services for r in in_area) for t in ServiceTier
    ]
    assert view.service_chart.bars[0].value == 10


def test_an_empty_store_shows_zeroes(qtbot: QtBot, store: Store) -> None:
    view = _view(qtbot, store)
    assert view.total.text() == "0\nschools"
    assert view.showing.text() == "Showing all 0 schools"
    assert view.area.count() == 1


def test_district_summary_asks_for_the_period_and_checks_each_field(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    seed_demo(store, count=4, today=TODAY)
    view = _view(qtbot, store)
    tmp_path = tmp_path / "reports"
    tmp_path.mkdir()
    view.report_folder = tmp_path
    view.report_button.click()
    dialog = view.report_dialog
    assert dialog is not None and dialog.isVisible()
    # Defaults: 1 January to today, and the last folder used.
    assert dialog.from_edit.text() == "01/01/2026"
    assert dialog.to_edit.text() == "24/11/2026"
    assert dialog.folder_edit.text() == str(tmp_path)

    written: list[list[Path]] = []
    view.report_written.connect(written.append)
    dialog.from_edit.setText("31/02/2026")
    dialog.to_edit.setText("")
    dialog.folder_edit.setText(str(tmp_path / "no such folder"))
    dialog.write_button.click()
    assert dialog.isVisible()
    assert dialog.error.text().splitlines() == [
        "From must be a date as dd/mm/yyyy, such as 01/01/2026, not “31/02/2026”",
        "To is required: a date as dd/mm/yyyy",
        f"Folder must be an existing folder: {tmp_path / 'no such folder'}",
    ]
    dialog.from_edit.setText("30/06/2026")
    dialog.to_edit.setText("01/06/2026")
    dialog.folder_edit.setText(str(tmp_path))
    dialog.write_button.click()
    assert dialog.error.text() == "To (01/06/2026) must be on or after From (30/06/2026)"
    assert dialog.isVisible() and written == [] and list(tmp_path.iterdir()) == []

    dialog.from_edit.setText("01/07/2025")
    dialog.to_edit.setText("30/06/2026")
    with qtbot.waitSignal(view.report_written, timeout=15_000) as done:
        dialog.write_button.click()
    assert view.report_dialog is None  # closed once the period was accepted
    paths = done.args[0]
    assert [p.name for p in paths] == [
        "District summary 2025-07-01 to 2026-06-30.docx",
        "District summary 2025-07-01 to 2026-06-30 - schools.csv",
        "District summary 2025-07-01 to 2026-06-30 - outcomes.csv",
    ]
    assert all(p.parent == tmp_path and p.is_file() for p in paths)
    assert view.showing.text().startswith(f"District summary written to {tmp_path}")
    assert view.report_button.isEnabled()


def test_cancelling_the_period_writes_nothing(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    view = _view(qtbot, store)
    tmp_path = tmp_path / "reports"
    tmp_path.mkdir()
    view.report_folder = tmp_path
    view.report_button.click()
    assert view.report_dialog is not None
    view.report_dialog.reject()
    qtbot.wait(50)
    assert view.report_dialog is None
    assert list(tmp_path.iterdir()) == []
    assert view.report_button.isEnabled()


def test_district_summary_with_the_default_period(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    seed_demo(store, count=4, today=TODAY)
    view = _view(qtbot, store)
    tmp_path = tmp_path / "reports"
    tmp_path.mkdir()
    view.report_folder = tmp_path
    view.report_button.click()
    assert view.report_dialog is not None
    with qtbot.waitSignal(view.report_written, timeout=15_000) as written:
        view.report_dialog.write_button.click()
    paths = written.args[0]
    assert [p.name for p in paths] == [
        "District summary 2026-01-01 to 2026-11-24.docx",
        "District summary 2026-01-01 to 2026-11-24 - schools.csv",
        "District summary 2026-01-01 to 2026-11-24 - outcomes.csv",
    ]


@pytest.mark.parametrize(
    "module", ["dashboard", "workspace/outcome_charts", "workspace/history_panel"]
)
def test_these_views_leave_sessions_and_transactions_to_the_services(module: str) -> None:
    source = (Path(__file__).parents[2] / "app" / "ui" / f"{module}.py").read_text("utf-8")
    assert "store.session" not in source
    assert "UnitOfWork" not in source


def test_the_schools_list_has_a_district_dashboard_button_that_opens_it(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:

    seed_demo(store, count=4, today=date.today())
    window = main_window(qtbot, store, app_paths)
    button = window.schools.dashboard_button
    assert button.isVisible() and button.text() == "District dashboard"
    # Right after "New school…" in the row of buttons under the list.
    outer = window.schools.layout()
    rows = [outer.itemAt(i).layout() for i in range(outer.count())]
    (row,) = [r for r in rows if r is not None and r.indexOf(window.schools.new_button) >= 0]
    assert row.indexOf(button) == row.indexOf(window.schools.new_button) + 1
    assert window.dashboard is None
    button.click()
    dashboard = window.dashboard
    assert isinstance(dashboard, DashboardView)
    assert window.stack.currentWidget() is dashboard
    qtbot.waitUntil(lambda: dashboard.total.text() == "4\nschools", timeout=15_000)
