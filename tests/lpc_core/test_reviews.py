"""Plan reviews over plain records, as the district server passes them (no store)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.models.vocabulary import ActionHorizon
from lpc_core.reviews import add_months, reviews_due

TODAY = date(2026, 11, 24)


@dataclass
class Plan:
    id: str = "plan"
    school_id: str = "school"
    year: int = 2026
    agreed_on: date | None = date(2026, 3, 1)
    created_at: datetime = datetime(2026, 2, 1)


@dataclass
class Activity:
    horizon: str
    starts_on: date | None = date(2026, 3, 1)
    status: str = "planned"
    plan_id: str = "plan"
    position: int = 0
    title: str = "Kia Kaha in Years 5 and 6"
    is_deleted: bool = False


@dataclass
class Review:
    reviewed_on: date
    is_deleted: bool = False


def test_monthly_and_quarterly_from_the_last_review() -> None:
    acts = [Activity(ActionHorizon.SHORT_TERM.value), Activity(ActionHorizon.LONG_TERM.value)]
    due = reviews_due(Plan(), acts, [Review(date(2026, 9, 30))], TODAY)
    assert [(d.horizon, d.due_on, d.overdue(TODAY)) for d in due] == [
        (ActionHorizon.SHORT_TERM, date(2026, 10, 30), True),
        (ActionHorizon.LONG_TERM, date(2026, 12, 30), False),
    ]


def test_closed_unstarted_and_later_reviews_do_not_count() -> None:
    acts = [
        Activity(ActionHorizon.SHORT_TERM.value, status="done"),
        Activity(ActionHorizon.SHORT_TERM.value, starts_on=date(2027, 1, 1)),
        Activity(ActionHorizon.LONG_TERM.value, is_deleted=True),
    ]
    assert reviews_due(Plan(), acts, [], TODAY) == []
    open_ = [Activity(ActionHorizon.SHORT_TERM.value)]
    later = reviews_due(Plan(), open_, [Review(date(2026, 12, 1))], TODAY)
    assert later[0].last_reviewed_on is None  # a review after the date asked about
    assert later[0].due_on == add_months(date(2026, 3, 1), 1)


def test_end_of_month_is_kept() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
