"""The action plan's reviews in the store: which are due across the officer's schools,
each plan's history, and recording one (``PlanReview``: date and outcome).

The rules (monthly for short-term actions, quarterly for long-term ones) are in
``lpc_core.reviews``, which the district server applies too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AnnualPlan, PlanActivity, PlanReview, School, Synced
from app.services.unit_of_work import UnitOfWork
from lpc_core.reviews import ReviewDue, reviews_due
from lpc_core.validation import FieldError, ValidationError

M = TypeVar("M", bound=Synced)


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
