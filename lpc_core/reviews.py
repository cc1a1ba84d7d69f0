"""When an action plan must be reviewed, by the horizon of its open actions.

From the UK Safer School Partnerships guidance: an outline action plan has short-term
actions (under six months), which the multi-agency working group reviews monthly, and
long-term actions (six months to three years); the steering group reviews progress on the
plan every quarter, so long-term actions are reviewed at least quarterly. A review (date
and outcome) covers the whole plan, so one review restarts the clock for both horizons.
Only actions that have started and are still open need reviewing.

Pure functions over anything shaped like the rows (``PlanLike`` and friends): the
desktop passes its model rows, the district server small records built from synced
fields, and both get the same answer.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from app.models.vocabulary import ActionHorizon
from lpc_core.formatting import format_nz_date
from lpc_core.rules import activity_closed

REVIEW_MONTHS: dict[ActionHorizon, int] = {
    ActionHorizon.SHORT_TERM: 1,  # monthly, by the working group
    ActionHorizon.LONG_TERM: 3,  # quarterly, with the steering group
}
SHORT_TERM_MAX_MONTHS = 6
LONG_TERM_MAX_MONTHS = 36


class PlanLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def school_id(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def agreed_on(self) -> date | None: ...
    @property
    def created_at(self) -> datetime: ...


class ActivityLike(Protocol):
    @property
    def plan_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def starts_on(self) -> date | None: ...
    @property
    def horizon(self) -> str: ...
    @property
    def position(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def is_deleted(self) -> bool: ...


class ReviewLike(Protocol):
    @property
    def reviewed_on(self) -> date: ...
    @property
    def is_deleted(self) -> bool: ...


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


def needs_review(activity: ActivityLike, as_of: date) -> bool:
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
    plan: PlanLike,
    activities: Iterable[ActivityLike],
    reviews: Iterable[ReviewLike],
    as_of: date,
) -> list[ReviewDue]:
    """The next review of ``plan`` for each horizon with open actions, as at ``as_of``.

    Reviews after ``as_of`` are ignored, so a report for an earlier period sees the plan
    as it stood then.
    """
    past = [r.reviewed_on for r in reviews if not r.is_deleted and r.reviewed_on <= as_of]
    last = max(past) if past else None
    open_by_horizon: dict[ActionHorizon, list[ActivityLike]] = defaultdict(list)
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
