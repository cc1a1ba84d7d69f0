"""A review of a past year's plan is not dated today by default (today would put it in
the wrong year); this year's plan keeps today as the default date."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import NextYearChoices, start_next_year
from app.ui.workspace.plan_section import PlanSection
from lpc_core.formatting import format_nz_date
from tests.services.test_years import YEAR_1, YEAR_2
from tests.ui.windows import workspace_alone
from tests.ui.workspace.test_year_workspace import _shown, _year_one


def test_a_past_plans_review_has_no_default_date(qtbot: QtBot, store: Store) -> None:
    assert date.today().year > YEAR_1  # the first year is a past one
    school_id, _ = _year_one(store)
    with UnitOfWork(store) as uow:
        start_next_year(uow, school_id, NextYearChoices())
    ws = workspace_alone(qtbot, store, school_id)
    ws.show_page(3, "Annual partnership plan")
    section = ws.section(3, "Annual partnership plan")
    assert isinstance(section, PlanSection)
    reviews = section.inner.review_panel
    _shown(qtbot, ws, YEAR_2)
    qtbot.waitUntil(lambda: reviews.year is not None, timeout=10_000)
    assert reviews.date.text() == (
        format_nz_date(date.today()) if date.today().year == YEAR_2 else ""
    )

    ws.show_year(YEAR_1)
    _shown(qtbot, ws, YEAR_1)
    qtbot.waitUntil(lambda: reviews.year == YEAR_1, timeout=10_000)
    assert reviews.date.text() == ""
    assert reviews.date.placeholderText() == "dd/mm/yyyy"
