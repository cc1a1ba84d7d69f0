"""A plan's reminder opens the workspace at the plan's own year: an earlier year's plan
opens that (past) year, and this year's plan brings a workspace left on a past year back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.config import AppPaths
from app.models import AnnualPlan
from app.services.reminders import Reminder, ReminderKind
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import NextYearChoices, next_year_offer, start_next_year
from app.ui.workspace.school_workspace import SchoolWorkspace
from tests.services.helpers import add_school
from tests.services.test_years import YEAR_1, YEAR_2
from tests.ui.windows import main_window
from tests.ui.workspace.test_year_workspace import _shown, _year_one


def _plans(store: Store, school_id: str) -> dict[int, str]:
    with store.session() as session:
        rows = session.scalars(select(AnnualPlan).where(AnnualPlan.school_id == school_id))
        return {p.year: p.id for p in rows}


def _review_due(school_id: str, plan_id: str, year: int) -> Reminder:
    return Reminder(
        ReminderKind.PLAN_REVIEW_OVERDUE,
        school_id,
        "Rātā Street School",
        date(year, 6, 1),
        f"the {year} plan's short-term actions (monthly) were due on 01/06/{year}",
        AnnualPlan.__tablename__,
        plan_id,
        "short_term",
        year,
    )


def _plan_shown(qtbot: QtBot, ws: SchoolWorkspace, year: int, plan_id: str) -> None:
    _shown(qtbot, ws, year)
    plan = ws.section(3, "Annual partnership plan").inner
    qtbot.waitUntil(lambda: plan.view is not None and plan.view.plan_id == plan_id)


def test_a_plan_reminder_opens_the_plans_own_year(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    school_id, _ = _year_one(store)
    with store.session() as session:
        undone = [a.id for a in next_year_offer(session, school_id).undone_activities]
    with UnitOfWork(store) as uow:  # year 2 takes the undone activity into its own plan
        start_next_year(uow, school_id, NextYearChoices(activity_ids=tuple(undone)))
    plans = _plans(store, school_id)
    assert set(plans) == {YEAR_1, YEAR_2}
    window = main_window(qtbot, store, app_paths)
    ws = window.open_school(school_id)
    assert ws is not None
    _shown(qtbot, ws, YEAR_2)  # the school opens at its current year

    window.open_reminder(_review_due(school_id, plans[YEAR_1], YEAR_1))
    _plan_shown(qtbot, ws, YEAR_1, plans[YEAR_1])
    assert ws.state is not None and not ws.state.is_current_year
    assert ws.year_bar.past.isVisible() and f"Past year {YEAR_1}" in ws.year_bar.past.text()
    assert ws.navigator.page == 3
    ws.grab().save(str(output_dir / "reminder_opens_past_year.png"))

    # This year's plan's reminder brings the workspace back to this year.
    window.open_reminder(_review_due(school_id, plans[YEAR_2], YEAR_2))
    _plan_shown(qtbot, ws, YEAR_2, plans[YEAR_2])
    assert ws.state is not None and ws.state.is_current_year
    assert ws.year_bar.past.isHidden()

    # With another school open in between, the school is opened at the plan's year.
    other = add_school(store, "Kōwhai Grove School")
    assert window.open_school(other) is ws
    qtbot.waitUntil(lambda: ws.state is not None and ws.state.school_id == other)
    window.open_reminder(_review_due(school_id, plans[YEAR_1], YEAR_1))
    _plan_shown(qtbot, ws, YEAR_1, plans[YEAR_1])
    assert ws.school_id == school_id
