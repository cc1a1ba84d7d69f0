"""The district view of a school in its second year: the overdue cards count this year's
plan only, and the view says so beside them."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services.store import Store
from app.ui.dashboard import PLAN_YEAR_NOTE, DashboardView
from app.ui.dashboard_table import COLUMNS
from tests.services.test_years_in_lists import TODAY, _second_year_school


def test_overdue_cards_count_this_years_plan_and_say_so(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    _second_year_school(store)  # both years' plans owe a review and have an action late
    view = DashboardView(store)
    qtbot.addWidget(view)
    view.today = TODAY
    view.resize(1280, 820)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.refresh()
    assert view.cards["reviews"].text() == "1\nOverdue plan reviews"
    assert view.cards["activities"].text() == "1\nOverdue activities"
    assert view.year_note.isVisible() and view.year_note.text() == PLAN_YEAR_NOTE
    assert "this year's annual plan" in PLAN_YEAR_NOTE
    row = {COLUMNS[c]: view.proxy.index(0, c).data() for c in range(len(COLUMNS))}
    assert row["Reviews overdue"] == "1" and row["Stage"].startswith("1")
    # One school is counted as one, not "1 schools".
    assert view.total.text() == "1\nschool"
    assert view.showing.text() == "Showing the one school"
    view.grab().save(str(output_dir / "dashboard_second_year_school.png"))
