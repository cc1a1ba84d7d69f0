"""When the action plan must be reviewed, by the horizon of its open actions.

From the UK Safer School Partnerships guidance: an outline action plan has short-term
actions (under six months), which the multi-agency working group reviews monthly, and
long-term actions (six months to three years); the steering group reviews progress on the
plan every quarter, so long-term actions are reviewed at least quarterly. A review
(``PlanReview``: date and outcome) covers the whole plan, so one review restarts the clock
for both horizons. Only actions that have started and are still open need reviewing.

Pure functions over rows first; the database reads and the one write follow.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AnnualPlan, PlanActivity, PlanReview, School, Synced
from app.models.vocabulary import ActionHorizon
from app.services.rules import activity_closed
from app.services.unit_of_work import UnitOfWork
from lpc_core.formatting import format_nz_date
from lpc_core.validation import FieldError, ValidationError

REVIEW_MONTHS: dict[ActionHorizon, int] = {
    ActionHorizon.SHORT_TERM: 1,  # monthly, by the working group
    ActionHorizon.LONG_TERM: 3,  # quarterly, with the steering group
}
SHORT_TERM_MAX_MONTHS = 6
M = TypeVar("M", bound=Synced)
LONG_TERM_MAX_MONTHS = 36


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def horizon_for(starts_on: date | None, due_on: date | None) -> ActionHorizon | None:
    """The horizon an action's dates imply, or None when a date is missing."""
    if starts_on is None or due_on is None:
        return None
    if due_on < add_months(starts_on, SHORT_TERM_MAX_MONTHS):
        return ActionHorizon.SHORT_TERM
    return ActionHorizon.LONG_TERM


def horizon_warning(horizon: str, starts_on: date | None, due_on: date | None) -> str | None:
    """Why an action's dates do not fit its horizon, for the plan table to show."""
    implied = horizon_for(starts_on, due_on)
    if implied is None or starts_on is None or due_on is None:
        return None
    if horizon == ActionHorizon.SHORT_TERM and implied is ActionHorizon.LONG_TERM:
        return "A short-term action should finish within six months of its start"
    if horizon == ActionHorizon.LONG_TERM:
        if implied is ActionHorizon.SHORT_TERM:
            return "A long-term action runs six months or more; this one is shorter"
        if due_on > add_months(starts_on, LONG_TERM_MAX_MONTHS):
            return "A long-term action should finish within three years of its start"
    return None


def needs_review(activity: PlanActivity, as_of: date) -> bool:
    """Open and under way: not done or cancelled, and started (or with no start date)."""
    if activity.is_deleted or activity_closed(activity.status):
        return False
    return activity.starts_on is None or activity.starts_on <= as_of


@dataclass(frozen=True, slots=True)
class ReviewDue:
    school_id: str
    plan_id: str
    plan_year: int
    horizon: ActionHorizon
    last_reviewed_on: date | None
    due_on: date
    activities: tuple[str, ...]  # titles of the open actions this review covers

    def overdue(self, today: date) -> bool:
        return self.due_on < today

    @property
    def message(self) -> str:
        every = "Monthly" if self.horizon is ActionHorizon.SHORT_TERM else "Quarterly"
        return (
            f"{every} review of the {self.plan_year} plan's "
            f"{self.horizon.label.split(' (')[0].lower()} actions due on "
            f"{format_nz_date(self.due_on)}"
        )


def reviews_due(
    plan: AnnualPlan,
    activities: Iterable[PlanActivity],
    reviews: Iterable[PlanReview],
    as_of: date,
) -> list[ReviewDue]:
    """The next review of ``plan`` for each horizon with open actions, as at ``as_of``.

    Reviews after ``as_of`` are ignored, so a report for an earlier period sees the plan
    as it stood then.
    """
    past = [r.reviewed_on for r in reviews if not r.is_deleted and r.reviewed_on <= as_of]
    last = max(past) if past else None
    open_by_horizon: dict[ActionHorizon, list[PlanActivity]] = defaultdict(list)
    for act in activities:
        if act.plan_id == plan.id and needs_review(act, as_of):
            open_by_horizon[ActionHorizon(act.horizon)].append(act)
    due: list[ReviewDue] = []
    for horizon in ActionHorizon:
        acts = sorted(open_by_horizon.get(horizon, []), key=lambda a: a.position)
        if not acts:
            continue
        if last is not None:
            since = last
        else:
            starts = [a.starts_on for a in acts if a.starts_on is not None]
            since = max(plan.agreed_on or plan.created_at.date(), min(starts, default=date.min))
        due.append(
            ReviewDue(
                plan.school_id,
                plan.id,
                plan.year,
                horizon,
                last,
                add_months(since, REVIEW_MONTHS[horizon]),
                tuple(a.title for a in acts),
            )
        )
    return due


# -- database -----------------------------------------------------------------------------
def all_reviews_due(
    session: Session, as_of: date, school_ids: Sequence[str] | None = None
) -> list[ReviewDue]:
    """Every plan's next reviews across live, unarchived schools, soonest first."""
    live_schools = select(School.id).where(School.deleted_at.is_(None), School.archived.is_(False))
    wanted = set(school_ids) if school_ids is not None else None

    def rows(model: type[M]) -> list[M]:
        stmt = select(model).where(
            model.deleted_at.is_(None),
            model.school_id.in_(live_schools),  # type: ignore[attr-defined]
        )
        found = list(session.scalars(stmt))
        return [r for r in found if wanted is None or r.school_id in wanted]  # type: ignore[attr-defined]

    acts_by_plan: dict[str, list[PlanActivity]] = defaultdict(list)
    for act in rows(PlanActivity):
        acts_by_plan[act.plan_id].append(act)
    reviews_by_plan: dict[str, list[PlanReview]] = defaultdict(list)
    for rv in rows(PlanReview):
        reviews_by_plan[rv.plan_id].append(rv)
    due: list[ReviewDue] = []
    for plan in rows(AnnualPlan):
        due.extend(reviews_due(plan, acts_by_plan[plan.id], reviews_by_plan[plan.id], as_of))
    due.sort(key=lambda d: (d.due_on, d.school_id, d.horizon.value))
    return due


def overdue_reviews(
    session: Session, today: date, school_ids: Sequence[str] | None = None
) -> list[ReviewDue]:
    return [d for d in all_reviews_due(session, today, school_ids) if d.overdue(today)]


def review_history(session: Session, plan_id: str) -> list[PlanReview]:
    """The plan's reviews, newest first."""
    stmt = (
        select(PlanReview)
        .where(PlanReview.plan_id == plan_id, PlanReview.deleted_at.is_(None))
        .order_by(PlanReview.reviewed_on.desc(), PlanReview.created_at.desc())
    )
    return list(session.scalars(stmt))


def record_review(
    uow: UnitOfWork, plan_id: str, reviewed_on: date, outcome: str, today: date | None = None
) -> PlanReview:
    """Record a review of the plan: when it happened and what was decided."""
    today = today or date.today()
    errors = []
    if reviewed_on > today:
        errors.append(
            FieldError(
                "reviewed_on",
                "Date reviewed",
                "cannot be in the future; record a review once it has happened",
            )
        )
    if not outcome.strip():
        errors.append(
            FieldError("outcome", "Outcome of the review", "is required; say what was decided")
        )
    if errors:
        raise ValidationError(errors)
    plan = uow.get(AnnualPlan, plan_id)
    return uow.add(
        PlanReview,
        school_id=plan.school_id,
        plan_id=plan.id,
        reviewed_on=reviewed_on,
        outcome=outcome.strip(),
    )
