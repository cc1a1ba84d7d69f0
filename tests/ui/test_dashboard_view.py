"""The district dashboard over the demo district: counts, filters, drill-downs, open a school."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.models.vocabulary import InterventionLevel, Stage
from app.services.demo import seed_demo
from app.services.store import Store
from app.ui.dashboard import DashboardView
from app.ui.dashboard_table import COLUMNS

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
    assert view.cards["activities"].text() == "6\nOverdue activities"
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
    assert len(shown) == 4 and all(r.overdue_activities for r in shown)
    assert sum(r.overdue_activities for r in shown) == 6
    assert view.showing.text() == "Showing 4 of 30 schools with overdue activities"
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
    assert first.overdue_activities == 3
    with qtbot.waitSignal(view.open_school) as opened:
        view.table.activated.emit(view.proxy.index(0, 0))
    assert opened.args == [first.id]


def test_an_empty_store_shows_zeroes(qtbot: QtBot, store: Store) -> None:
    view = _view(qtbot, store)
    assert view.total.text() == "0\nschools"
    assert view.showing.text() == "Showing all 0 schools"
    assert view.area.count() == 1


def test_district_summary_from_the_dashboard(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_demo(store, count=4, today=TODAY)
    view = _view(qtbot, store)
    monkeypatch.setattr(
        "app.ui.dashboard.QFileDialog.getExistingDirectory", lambda *a, **k: str(tmp_path)
    )
    with qtbot.waitSignal(view.report_written, timeout=15_000) as written:
        view.report_button.click()
    paths = written.args[0]
    assert [p.name for p in paths] == [
        "District summary 2026-01-01 to 2026-11-24.docx",
        "District summary 2026-01-01 to 2026-11-24 - schools.csv",
        "District summary 2026-01-01 to 2026-11-24 - outcomes.csv",
    ]
    assert all(p.parent == tmp_path and p.is_file() for p in paths)
    assert view.showing.text().startswith(f"District summary written to {tmp_path}")
    assert view.report_button.isEnabled()
