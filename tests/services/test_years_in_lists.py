"""The district view, the reminders and the schools list in a school's second year: each
reads the current year (its plan, its stage), never a mix with last year's."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.models import AnnualPlan, PartnershipYear, PlanActivity
from app.models.vocabulary import ActionHorizon, PartnershipStatus, Stage
from app.services.dashboard import school_statuses
from app.services.reminders import ReminderKind, compute_reminders
from app.services.schools import create_school, list_school_summaries
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import NextYearChoices, start_next_year

YEAR_1, YEAR_2 = 2025, 2026
TODAY = date(YEAR_2, 6, 1)


def _plan(uow: UnitOfWork, school_id: str, year: int, title: str) -> str:
    """A plan agreed in February with one short-term action, started and never reviewed:
    by June its monthly review and the action itself are overdue."""
    plan = uow.add(AnnualPlan, school_id=school_id, year=year, agreed_on=date(year, 2, 1))
    uow.add(
        PlanActivity,
        school_id=school_id,
        plan_id=plan.id,
        position=0,
        title=title,
        lead="Const. Aroha Ngata",
        starts_on=date(year, 2, 15),
        due_on=date(year, 4, 30),
        horizon=ActionHorizon.SHORT_TERM.value,
    )
    return plan.id


def _second_year_school(store: Store) -> tuple[str, str, str]:
    """Year 1 finished at stage 4 with its plan left unreviewed; year 2 under way."""
    with UnitOfWork(store) as uow:
        school_id = create_school(uow, started_on=date(YEAR_1, 2, 3), name="Rātā Street School").id
        old_plan = _plan(uow, school_id, YEAR_1, "Year one launch assembly")
        year_one = uow.session.scalars(select(PartnershipYear)).one()
        uow.update(
            year_one,
            stage=Stage.ACHIEVEMENT.value,
            **{f"stage{n}_completed_on": date(YEAR_1, 3 * n, 1) for n in range(1, 5)},
        )
        start_next_year(uow, school_id, NextYearChoices(), today=date(YEAR_1, 12, 10))
        new_plan = _plan(uow, school_id, YEAR_2, "Year two launch assembly")
    return school_id, old_plan, new_plan


def test_plan_reviews_and_overdue_figures_read_this_years_plan(store: Store) -> None:
    school_id, old_plan, new_plan = _second_year_school(store)
    with store.session() as session:
        (row,) = school_statuses(session, TODAY)
        reminders = compute_reminders(session, TODAY)
    reviews = [r for r in reminders if r.kind is ReminderKind.PLAN_REVIEW_OVERDUE]
    activities = [r for r in reminders if r.kind is ReminderKind.ACTIVITY_OVERDUE]
    # Both plans owe a monthly review and have an action past due; only 2026's count.
    assert row.id == school_id
    assert row.overdue_reviews == len(reviews) == 1
    assert row.overdue_activities == len(activities) == 1
    assert reviews[0].row_id == new_plan and "the 2026 plan's" in reviews[0].message
    assert "Year two" in activities[0].message
    assert not any(r.row_id == old_plan for r in reminders)
    # A plan's reminders carry its year, which the workspace opens at.
    assert {r.year for r in reviews + activities} == {YEAR_2}


def test_a_second_year_school_is_listed_at_this_years_stage(store: Store) -> None:
    school_id, _, _ = _second_year_school(store)
    with store.session() as session:
        (summary,) = list_school_summaries(session, TODAY)
        (row,) = school_statuses(session, TODAY)
        (last_year,) = school_statuses(session, TODAY, year=YEAR_1)
    # Year 1 ended at stage 4; the list and the district view show 2026, at stage 1.
    assert summary.id == row.id == school_id
    assert (summary.year, summary.stage, summary.status) == (
        YEAR_2,
        Stage.RELATIONSHIP,
        PartnershipStatus.ACTIVE,
    )
    assert row.stage is Stage.RELATIONSHIP
    assert last_year.stage is Stage.ACHIEVEMENT  # asked for 2025, it is 2025's


def test_an_earlier_years_plan_raises_nothing_once_the_year_is_over(store: Store) -> None:
    """A year later still, last year's plan stays quiet and this year's is what reminds."""
    _, old_plan, _ = _second_year_school(store)
    later = TODAY + timedelta(days=120)
    with store.session() as session:
        reminders = compute_reminders(session, later, upcoming=True)
    assert reminders and not any(r.row_id == old_plan for r in reminders)
