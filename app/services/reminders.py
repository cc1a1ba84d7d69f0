"""What is due or overdue across the officer's schools.

Four kinds from the partnership model and the UK Safer School Partnerships guidance
(agreement reviews, school profiles older than a year, monthly action-plan reviews, plan
activities past their due date), and a fifth of this app's own: a copy sent for the school
to complete that has not come back in three weeks. Computed each time; nothing is stored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar, cast

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from app.models import (
    AnnualPlan,
    Partnership,
    PartnershipAgreement,
    PlanActivity,
    PlanReview,
    School,
    SchoolProfile,
    Synced,
)
from app.models.vocabulary import ActionHorizon, school_year_of
from app.services.school_copy.sends import OVERDUE_AFTER, copies_out
from app.services.years import current_year_numbers
from lpc_core.reviews import ReviewDue, reviews_due
from lpc_core.rules import (
    activity_closed,
    activity_overdue,
    agreement_in_force,
    agreement_review_due,
    partnership_open,
    plan_counts,
    profile_date,
    profile_due,
    profile_out_of_date,
)
from lpc_core.validation import format_nz_date

M = TypeVar("M", bound=Synced)


class ReminderKind(StrEnum):
    AGREEMENT_REVIEW = "agreement_review"
    PROFILE_OUT_OF_DATE = "profile_out_of_date"
    PLAN_REVIEW_OVERDUE = "plan_review_overdue"
    ACTIVITY_OVERDUE = "activity_overdue"
    COPY_WITH_SCHOOL = "copy_with_school"

    @property
    def label(self) -> str:
        return {
            "agreement_review": "Agreement review",
            "profile_out_of_date": "School profile out of date",
            "plan_review_overdue": "Plan review overdue",  # monthly or quarterly
            "activity_overdue": "Activity past due",
            "copy_with_school": "School's copy not back",
        }[self.value]


LOCAL_KINDS = frozenset({ReminderKind.COPY_WITH_SCHOOL})
"""Kinds kept on this computer only: the district dashboard does not count them."""


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: ReminderKind
    school_id: str
    school_name: str
    due_on: date | None  # None: never done (e.g. no profile at all)
    message: str  # the detail, shown after the kind's label: it never repeats the label
    table: str  # the form that resolves it
    row_id: str | None
    part: str = ""  # tells apart reminders about one row: a plan's monthly and quarterly reviews
    year: int | None = None  # the partnership year of a plan's reminder, which opens that year

    def overdue(self, today: date) -> bool:
        return self.due_on is None or self.due_on < today

    @property
    def text(self) -> str:
        """The kind and the detail together, as a line a person reads."""
        return f"{self.kind.label}: {self.message}"


def _review_detail(review: ReviewDue, today: date) -> str:
    every = "monthly" if review.horizon is ActionHorizon.SHORT_TERM else "quarterly"
    actions = review.horizon.label.split(" (")[0].lower()
    were = "were" if review.overdue(today) else "are"
    return (
        f"the {review.plan_year} plan's {actions} actions ({every}) {were} due on "
        f"{format_nz_date(review.due_on)}"
    )


def _profile_date(p: SchoolProfile) -> date:
    return profile_date(p.prepared_on, p.year)


READ: dict[type[Synced], tuple[str, ...]] = {
    PartnershipAgreement: ("agreed_on", "review_on", "created_at"),
    SchoolProfile: ("year", "prepared_on"),
    PlanActivity: ("plan_id", "status", "due_on", "starts_on", "title", "horizon", "position"),
    PlanReview: ("plan_id", "reviewed_on"),
    AnnualPlan: ("year", "agreed_on", "created_at"),
}
"""The columns the reminder rules (here and in ``action_reviews``) read, besides the ids."""


def compute_reminders(
    session: Session, today: date | None = None, *, upcoming: bool = False
) -> list[Reminder]:
    """What is due now (overdue, or an agreement review within the warning window).

    ``upcoming``: also every next due date further ahead, by the same rules (the
    officer's calendar file shows them all; the reminders panel only what is due now).
    Kind labels name the due-now case ("Activity past due"), so the calendar titles its
    events itself.
    """
    today = today or date.today()
    live = (School.deleted_at.is_(None), School.archived.is_(False))
    schools = {
        sid: name for sid, name in session.execute(select(School.id, School.name).where(*live))
    }
    statuses = {
        school_id: status
        for school_id, status in session.execute(
            select(Partnership.school_id, Partnership.status).where(
                Partnership.deleted_at.is_(None)
            )
        )
    }
    open_ids = {sid for sid in schools if partnership_open(statuses.get(sid))}
    reminders: list[Reminder] = []

    def rows(model: type[M]) -> list[M]:
        """The model's live rows as plain rows holding only the columns these rules read
        (``READ``): a district has tens of thousands, and building ORM objects, or
        decoding every long text and timestamp, was most of the time the schools list
        took to appear. Read-only, and ``is_deleted`` is always False."""
        table = model.__table__  # type: ignore[attr-defined]
        columns = [table.c[name] for name in ("id", "school_id", *READ[model])]
        stmt = select(*columns, false().label("is_deleted")).where(table.c.deleted_at.is_(None))
        return cast("list[M]", [r for r in session.execute(stmt) if r.school_id in open_ids])

    this_year = current_year_numbers(session)
    by_school: dict[str, list[PartnershipAgreement]] = defaultdict(list)
    for a in rows(PartnershipAgreement):
        by_school[a.school_id].append(a)
    current_agreements = {
        sid: found
        for sid, found_in in by_school.items()
        if (found := agreement_in_force(found_in, this_year.get(sid, school_year_of(today))))
    }
    for sid, a in current_agreements.items():
        if a.review_on and (upcoming or agreement_review_due(a.review_on, today)):
            when = "was due" if a.review_on < today else "due"
            reminders.append(
                Reminder(
                    ReminderKind.AGREEMENT_REVIEW,
                    sid,
                    schools[sid],
                    a.review_on,
                    f"{when} on {format_nz_date(a.review_on)}",
                    PartnershipAgreement.__tablename__,
                    a.id,
                )
            )

    newest_profile: dict[str, SchoolProfile] = {}
    for profile in rows(SchoolProfile):
        newest = newest_profile.get(profile.school_id)
        if newest is None or _profile_date(profile) > _profile_date(newest):
            newest_profile[profile.school_id] = profile
    for sid in sorted(open_ids):
        p = newest_profile.get(sid)
        if p is None:
            reminders.append(
                Reminder(
                    ReminderKind.PROFILE_OUT_OF_DATE,
                    sid,
                    schools[sid],
                    None,
                    "none recorded yet",
                    SchoolProfile.__tablename__,
                    None,
                )
            )
        elif upcoming or profile_out_of_date(_profile_date(p), today):
            due = profile_due(_profile_date(p))
            reminders.append(
                Reminder(
                    ReminderKind.PROFILE_OUT_OF_DATE,
                    sid,
                    schools[sid],
                    due,
                    (
                        f"the {p.year} one was prepared on {format_nz_date(p.prepared_on)}"
                        if p.prepared_on
                        else f"the latest is for {p.year}"
                    )
                    + ("; start this year's" if due < today else ""),
                    SchoolProfile.__tablename__,
                    p.id,
                )
            )

    # Only the current year's plan reminds: an earlier year's undone activities are
    # history, carried into the new plan only if the officer chose to at the roll-over.
    plans = [p for p in rows(AnnualPlan) if plan_counts(p.year, this_year.get(p.school_id))]
    plan_years = {p.id: p.year for p in plans}
    plan_ids = set(plan_years)
    activities = [a for a in rows(PlanActivity) if a.plan_id in plan_ids]
    for act in activities:
        if activity_closed(act.status):
            continue
        if act.due_on and (upcoming or activity_overdue(act.status, act.due_on, today)):
            reminders.append(
                Reminder(
                    ReminderKind.ACTIVITY_OVERDUE,
                    act.school_id,
                    schools[act.school_id],
                    act.due_on,
                    f"“{act.title}” {'was due' if act.due_on < today else 'due'} on "
                    f"{format_nz_date(act.due_on)}",
                    PlanActivity.__tablename__,
                    act.id,
                    year=plan_years[act.plan_id],
                )
            )
    # Review rules (monthly for short-term actions, quarterly for long-term ones) live in
    # action_reviews, so this list and the district dashboard always agree.
    acts_by_plan: dict[str, list[PlanActivity]] = defaultdict(list)
    for act in activities:
        acts_by_plan[act.plan_id].append(act)
    reviews_by_plan: dict[str, list[PlanReview]] = defaultdict(list)
    for rv in rows(PlanReview):
        reviews_by_plan[rv.plan_id].append(rv)
    for plan in plans:
        for review in reviews_due(plan, acts_by_plan[plan.id], reviews_by_plan[plan.id], today):
            if upcoming or review.overdue(today):
                reminders.append(
                    Reminder(
                        ReminderKind.PLAN_REVIEW_OVERDUE,
                        plan.school_id,
                        schools[plan.school_id],
                        review.due_on,
                        _review_detail(review, today),
                        AnnualPlan.__tablename__,
                        plan.id,
                        review.horizon.value,
                        plan.year,
                    )
                )
    reminders += _copies_with_schools(session, schools, open_ids, today, upcoming)

    reminders.sort(key=lambda r: (r.due_on or date.min, r.school_name, r.kind.value))
    return reminders


def _copies_with_schools(
    session: Session, schools: dict[str, str], open_ids: set[str], today: date, upcoming: bool
) -> list[Reminder]:
    """A copy sent for the school to complete and out over three weeks (kept on this
    computer, as the send is: see ``school_copy.sends``). It opens the agreement, the
    first of the parts a copy holds."""
    found = []
    for school_id, send in copies_out(session).items():
        due = send.sent_on + OVERDUE_AFTER
        if school_id in open_ids and (upcoming or send.overdue(today)):
            parts = ", ".join(send.parts) or "the school's copy"
            found.append(
                Reminder(
                    ReminderKind.COPY_WITH_SCHOOL,
                    school_id,
                    schools[school_id],
                    due,
                    f"{parts}, sent on {format_nz_date(send.sent_on)}",
                    PartnershipAgreement.__tablename__,
                    None,
                )
            )
    return found
