"""The annual partnership plan's activities and its reviews, as screens edit them.

Screens get plain snapshots (``PlanView``), never live ORM objects, so a view can hold them
after the session has closed and on another thread. Every write is a function taking the
caller's ``UnitOfWork``, so validation, row versions, the outbox and the audit trail apply;
``read_plan`` and ``change_plan`` give screens the same with a session of their own.

A plan is created only when something is first written to it, not when a school is
viewed: opening a screen must not send a new empty record to the district server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.models import AnnualPlan, PlanActivity, PlanReview
from app.models.vocabulary import ActionHorizon, ActivityStatus
from app.services.records import live, live_in_year
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import current_year
from lpc_core.rules import activity_overdue

ACTIVITY_FIELDS = (
    "title",
    "steps",
    "starts_on",
    "due_on",
    "resources",
    "lead",
    "status",
    "horizon",
    "completed_on",
)
"""The activity fields a plan table shows, in column order."""


@dataclass(frozen=True, slots=True)
class ActivityView:
    id: str
    position: int
    title: str
    steps: str
    starts_on: date | None
    due_on: date | None
    resources: str
    lead: str
    status: str
    horizon: str
    completed_on: date | None

    def overdue(self, today: date) -> bool:
        """Due before today and neither done nor cancelled."""
        return activity_overdue(self.status, self.due_on, today)

    def value(self, field: str) -> Any:
        return getattr(self, field)


@dataclass(frozen=True, slots=True)
class ReviewView:
    id: str
    reviewed_on: date
    outcome: str


@dataclass(frozen=True, slots=True)
class PlanView:
    """The plan a school is working to; ``plan_id`` is None until one has been started."""

    school_id: str
    plan_id: str | None
    year: int
    activities: tuple[ActivityView, ...]
    reviews: tuple[ReviewView, ...]  # newest first
    shown_year: int = 0  # the partnership year asked for; ``year`` may be an earlier plan's


def _activity_view(a: PlanActivity) -> ActivityView:
    return ActivityView(
        id=a.id,
        position=a.position,
        title=a.title or "",
        steps=a.steps or "",
        starts_on=a.starts_on,
        due_on=a.due_on,
        resources=a.resources or "",
        lead=a.lead or "",
        status=a.status,
        horizon=a.horizon,
        completed_on=a.completed_on,
    )


def current_plan(session: Session, school_id: str, year: int | None = None) -> AnnualPlan | None:
    """The plan of ``year`` (the school's current year by default), as
    ``SchoolRecords.current_plan`` also picks."""
    year = year if year is not None else current_year(session, school_id)
    plans = live_in_year(session, AnnualPlan, school_id, year)
    return plans[0] if plans else None


def _activities(session: Session, plan: AnnualPlan) -> list[PlanActivity]:
    found = [a for a in live(session, PlanActivity, plan.school_id) if a.plan_id == plan.id]
    return sorted(found, key=lambda a: (a.position, a.created_at, a.id))


def _latest_before(session: Session, school_id: str, year: int) -> AnnualPlan | None:
    earlier = [p for p in live(session, AnnualPlan, school_id) if p.year < year]
    return max(earlier, key=lambda p: p.year) if earlier else None


def load_plan(
    session: Session, school_id: str, today: date | None = None, year: int | None = None
) -> PlanView:
    """The plan of ``year`` (the school's current year by default) for the plan table;
    until that year has one, the latest earlier plan, which the table shows as last
    year's with an offer to start this year's (documents never fall back: they print
    only their own year's plan). A school with no year yet plans for ``today``'s."""
    today = today or date.today()
    year = year if year is not None else current_year(session, school_id, today)
    plan = current_plan(session, school_id, year) or _latest_before(session, school_id, year)
    if plan is None:
        return PlanView(school_id, None, year, (), (), year)
    reviews = sorted(
        (r for r in live(session, PlanReview, school_id) if r.plan_id == plan.id),
        key=lambda r: (r.reviewed_on, r.created_at),
        reverse=True,
    )
    return PlanView(
        school_id,
        plan.id,
        plan.year,
        tuple(_activity_view(a) for a in _activities(session, plan)),
        tuple(ReviewView(r.id, r.reviewed_on, r.outcome or "") for r in reviews),
        year,
    )


def ensure_plan(uow: UnitOfWork, school_id: str, year: int | None = None) -> AnnualPlan:
    """The school's plan for ``year`` (its current year by default), created if it has none."""
    year = year or current_year(uow.session, school_id)
    for plan in live(uow.session, AnnualPlan, school_id):
        if plan.year == year:
            return plan
    return uow.add(AnnualPlan, school_id=school_id, year=year)


def _plan_for(uow: UnitOfWork, school_id: str, plan_id: str | None) -> AnnualPlan:
    if plan_id is None:
        return current_plan(uow.session, school_id) or ensure_plan(uow, school_id)
    plan = uow.get(AnnualPlan, plan_id)
    if plan.school_id != school_id:
        raise LookupError("that plan belongs to another school")
    return plan


def add_activity(
    uow: UnitOfWork, school_id: str, plan_id: str | None = None, **values: Any
) -> PlanActivity:
    """Append an activity at the end of the plan (starting this year's plan if needed)."""
    plan = _plan_for(uow, school_id, plan_id)
    existing = _activities(uow.session, plan)
    values.setdefault("status", ActivityStatus.PLANNED.value)
    values.setdefault("horizon", ActionHorizon.SHORT_TERM.value)
    position = (existing[-1].position + 1) if existing else 0
    return uow.add(PlanActivity, school_id=school_id, plan_id=plan.id, position=position, **values)


def update_activity(uow: UnitOfWork, activity_id: str, **values: Any) -> PlanActivity:
    """Save edited fields. Marking an activity done stamps today's date unless one is given;
    any other status clears it, so "completed on" never contradicts the status."""
    activity = uow.get(PlanActivity, activity_id)
    status = values.get("status")
    if status == ActivityStatus.DONE.value:
        if "completed_on" not in values and activity.completed_on is None:
            values["completed_on"] = date.today()
    elif status is not None and status != activity.status:
        values.setdefault("completed_on", None)
    return uow.update(activity, **values)


def mark_done(uow: UnitOfWork, activity_id: str, on: date | None = None) -> PlanActivity:
    activity = uow.get(PlanActivity, activity_id)
    return uow.update(activity, status=ActivityStatus.DONE.value, completed_on=on or date.today())


def delete_activity(uow: UnitOfWork, activity_id: str) -> None:
    uow.delete(uow.get(PlanActivity, activity_id))


def move_activity(uow: UnitOfWork, activity_id: str, offset: int) -> list[str]:
    """Move an activity ``offset`` places (-1 up, +1 down) and number the plan 0, 1, 2….

    Renumbering the whole plan mends equal or missing positions (rows from two devices
    can arrive with the same number). Only rows whose position changes are written.
    Returns the activity ids in their new order.
    """
    activity = uow.get(PlanActivity, activity_id)
    plan = uow.get(AnnualPlan, activity.plan_id)
    ordered = _activities(uow.session, plan)
    index = next(i for i, a in enumerate(ordered) if a.id == activity_id)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    for position, a in enumerate(ordered):
        if a.position != position:
            uow.update(a, position=position)
    return [a.id for a in ordered]


def add_review(
    uow: UnitOfWork,
    school_id: str,
    reviewed_on: date | str | None,
    outcome: str,
    plan_id: str | None = None,
) -> PlanReview:
    plan = _plan_for(uow, school_id, plan_id)
    return uow.add(
        PlanReview, school_id=school_id, plan_id=plan.id, reviewed_on=reviewed_on, outcome=outcome
    )


def start_plan(uow: UnitOfWork, school_id: str, year: int) -> AnnualPlan:
    """Begin a new year's plan (the officer asks for it; loading never does)."""
    return ensure_plan(uow, school_id, year)


# -- for screens: each call its own session or transaction, run off the UI thread ----------
def read_plan(store: Store, school_id: str, year: int | None = None) -> PlanView:
    with store.session() as session:
        return load_plan(session, school_id, year=year)


def change_plan(store: Store, actor: str, change: Callable[..., Any], *args: Any) -> Any:
    """Run one of the changes above in its own transaction, as ``actor``; what it returned,
    or the new row's id when it returned a row."""
    with UnitOfWork(store, actor=actor) as uow:
        result = change(uow, *args)
    return getattr(result, "id", result)


def new_activity(uow: UnitOfWork, school_id: str, plan_id: str | None) -> PlanActivity:
    """An activity at the end of the plan, with a title to overtype."""
    return add_activity(uow, school_id, plan_id, title="New activity")


def update_activity_field(uow: UnitOfWork, activity_id: str, field: str, value: Any) -> Any:
    return update_activity(uow, activity_id, **{field: value})
