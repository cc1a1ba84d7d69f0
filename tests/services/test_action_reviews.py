"""Which action-plan reviews are due, by the horizon of the plan's open actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models import AnnualPlan, PlanActivity, PlanReview
from app.models.vocabulary import ActionHorizon, ActivityStatus
from app.services.action_reviews import (
    all_reviews_due,
    overdue_reviews,
    record_review,
    review_history,
)
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from lpc_core.reviews import add_months, horizon_for, horizon_warning
from lpc_core.validation import ValidationError
from tests.services.helpers import add_school

TODAY = date(2026, 11, 24)
SHORT, LONG = ActionHorizon.SHORT_TERM, ActionHorizon.LONG_TERM


def test_add_months_keeps_the_day_or_uses_the_months_last() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 12, 1), 36) == date(2029, 12, 1)


def test_horizon_from_dates_and_warnings() -> None:
    start = date(2026, 2, 1)
    assert horizon_for(start, date(2026, 7, 31)) is SHORT  # under six months
    assert horizon_for(start, date(2026, 8, 1)) is LONG  # six months exactly
    assert horizon_for(None, date(2026, 8, 1)) is None
    assert horizon_warning(SHORT.value, start, date(2026, 7, 31)) is None
    assert "within six months" in (horizon_warning(SHORT.value, start, date(2026, 9, 1)) or "")
    assert "shorter" in (horizon_warning(LONG.value, start, date(2026, 3, 1)) or "")
    assert horizon_warning(LONG.value, start, date(2029, 2, 1)) is None  # three years
    assert "three years" in (horizon_warning(LONG.value, start, date(2029, 2, 2)) or "")


def _plan(store: Store, agreed_on: date, *acts: tuple[str, ActionHorizon, date, str]) -> str:
    school = add_school(store)
    with UnitOfWork(store) as uow:
        plan = uow.add(AnnualPlan, school_id=school, year=2026, agreed_on=agreed_on)
        for n, (title, horizon, starts, status) in enumerate(acts):
            uow.add(
                PlanActivity,
                school_id=school,
                plan_id=plan.id,
                position=n,
                title=title,
                horizon=horizon.value,
                starts_on=starts,
                status=status,
            )
        return plan.id


def test_short_term_monthly_and_long_term_quarterly(store: Store) -> None:
    agreed = date(2026, 8, 10)
    plan_id = _plan(
        store,
        agreed,
        ("Gate roster", SHORT, agreed, ActivityStatus.IN_PROGRESS.value),
        ("Bus stop survey", SHORT, agreed, ActivityStatus.DONE.value),  # done: no review
        ("Whānau hui series", LONG, agreed, ActivityStatus.PLANNED.value),
        ("Next year's camp", LONG, date(2027, 3, 1), ActivityStatus.PLANNED.value),  # not begun
    )
    with store.session() as session:
        due = {d.horizon: d for d in all_reviews_due(session, date(2026, 9, 1))}
    assert due[SHORT].due_on == date(2026, 9, 10)
    assert due[SHORT].activities == ("Gate roster",)
    assert due[LONG].due_on == date(2026, 11, 10)
    assert due[LONG].activities == ("Whānau hui series",)
    assert not due[SHORT].overdue(date(2026, 9, 10))
    assert due[SHORT].overdue(date(2026, 9, 11))
    assert due[SHORT].message.startswith("Monthly review of the 2026 plan's short term actions")

    # One review covers the whole plan and restarts both clocks.
    with UnitOfWork(store) as uow:
        record_review(uow, plan_id, date(2026, 10, 20), "Roster working; keep it", today=TODAY)
    with store.session() as session:
        due = {d.horizon: d for d in all_reviews_due(session, TODAY)}
        late = overdue_reviews(session, TODAY)
        history = review_history(session, plan_id)
        # As at a date before the review, the review does not count.
        before = {d.horizon: d for d in all_reviews_due(session, date(2026, 10, 1))}
    assert due[SHORT].due_on == date(2026, 11, 20) and due[SHORT].overdue(TODAY)
    assert due[LONG].due_on == date(2027, 1, 20) and not due[LONG].overdue(TODAY)
    assert [d.horizon for d in late] == [SHORT]
    assert [(r.reviewed_on, r.outcome) for r in history] == [
        (date(2026, 10, 20), "Roster working; keep it")
    ]
    assert before[SHORT].last_reviewed_on is None


def test_plan_with_nothing_open_needs_no_review(store: Store) -> None:
    _plan(store, date(2026, 1, 5), ("Assembly", SHORT, date(2026, 1, 5), "done"))
    with store.session() as session:
        assert all_reviews_due(session, TODAY) == []


def test_review_needs_a_past_date_and_an_outcome(store: Store) -> None:
    plan_id = _plan(store, date(2026, 1, 5))
    with pytest.raises(ValidationError) as err, UnitOfWork(store) as uow:
        record_review(uow, plan_id, TODAY + timedelta(days=1), "  ", today=TODAY)
    assert {e.field for e in err.value.errors} == {"reviewed_on", "outcome"}
    with store.session() as session:
        assert session.query(PlanReview).count() == 0
