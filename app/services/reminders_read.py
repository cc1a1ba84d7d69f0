"""The reminders, worked out from the narrow rows of ``school_list_sql`` by the rules of
lpc_core: what is due or overdue across the officer's schools (see
``app.services.reminders`` for the kinds). Free of SQLAlchemy and Qt.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from app.models.vocabulary import ActionHorizon, school_year_of
from app.services.school_copy.send_record import OVERDUE_AFTER, SEND_KEY, copies_out_of
from app.services.school_list_rows import Reminder, ReminderKind
from app.services.school_list_sql import (
    ACTIVITIES,
    AGREEMENTS,
    PLANS,
    PROFILES,
    REVIEWS,
    ActivityRow,
    AgreementRow,
    PlanRow,
    ProfileRow,
    ReviewRow,
    Rows,
    SchoolRow,
    YearRow,
    day,
    live,
    moment,
)
from lpc_core.formatting import format_nz_date
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


def reminders_due(
    rows: Rows,
    schools: list[SchoolRow],
    statuses: dict[str, str],
    years: dict[str, YearRow],
    today: date,
    upcoming: bool,
) -> list[Reminder]:
    names = {s.id: s.name for s in schools if not s.archived}
    open_ids = {sid for sid in names if partnership_open(statuses.get(sid))}
    found = _profile_reminders(rows, names, open_ids, today, upcoming)
    found += _plan_reminders(rows, names, open_ids, years, today, upcoming)
    found += _copies_with_schools(rows, names, open_ids, today, upcoming)
    found += _agreement_reminders(rows, names, open_ids, years, today, upcoming)
    found.sort(key=lambda r: (r.due_on or date.min, r.school_name, r.kind.value))
    return found


def _agreement_reminders(
    rows: Rows,
    names: dict[str, str],
    open_ids: set[str],
    years: dict[str, YearRow],
    today: date,
    upcoming: bool,
) -> list[Reminder]:
    """The agreement in force in the school's current year (``agreement_in_force``): one
    dated into a year not yet started waits for it, as on every other screen."""
    by_school: dict[str, list[AgreementRow]] = defaultdict(list)
    for r in live(rows, AGREEMENTS, open_ids):
        by_school[r[1]].append(AgreementRow(r[0], r[1], day(r[2]), day(r[3]), moment(r[4])))
    latest: dict[str, AgreementRow] = {}
    for sid, found_in in by_school.items():
        year = years[sid].year if sid in years else school_year_of(today)
        if (current := agreement_in_force(found_in, year)) is not None:
            latest[sid] = current
    found = []
    for sid, a in latest.items():
        if a.review_on and (upcoming or agreement_review_due(a.review_on, today)):
            when = "was due" if a.review_on < today else "due"
            message = f"{when} on {format_nz_date(a.review_on)}"
            kind = ReminderKind.AGREEMENT_REVIEW
            found.append(Reminder(kind, sid, names[sid], a.review_on, message, AGREEMENTS, a.id))
    return found


def _profile_reminders(
    rows: Rows, names: dict[str, str], open_ids: set[str], today: date, upcoming: bool
) -> list[Reminder]:
    newest: dict[str, tuple[date, ProfileRow]] = {}
    for r in live(rows, PROFILES, open_ids):
        p = ProfileRow(r[0], r[1], r[2], day(r[3]))
        made = profile_date(p.prepared_on, p.year)
        if p.school_id not in newest or made > newest[p.school_id][0]:
            newest[p.school_id] = (made, p)
    kind = ReminderKind.PROFILE_OUT_OF_DATE
    found = []
    for sid in sorted(open_ids):
        if sid not in newest:
            found.append(Reminder(kind, sid, names[sid], None, "none recorded yet", PROFILES, None))
            continue
        made, p = newest[sid]
        if upcoming or profile_out_of_date(made, today):
            due = profile_due(made)
            message = (
                f"the {p.year} one was prepared on {format_nz_date(p.prepared_on)}"
                if p.prepared_on
                else f"the latest is for {p.year}"
            ) + ("; start this year's" if due < today else "")
            found.append(Reminder(kind, sid, names[sid], due, message, PROFILES, p.id))
    return found


def _plan_reminders(
    rows: Rows,
    names: dict[str, str],
    open_ids: set[str],
    years: dict[str, YearRow],
    today: date,
    upcoming: bool,
) -> list[Reminder]:
    """Only the current year's plan reminds: an earlier year's undone activities are
    history, carried into the new plan only if the officer chose to at the roll-over."""
    plans = []
    for r in live(rows, PLANS, open_ids):
        year = years.get(r[1])
        if plan_counts(r[2], year.year if year else None):
            plans.append(PlanRow(r[0], r[1], r[2], day(r[3]), moment(r[4])))
    plan_years = {p.id: p.year for p in plans}
    activities = [
        ActivityRow(r[0], r[1], r[2], r[3], day(r[4]), day(r[5]), r[6], r[7], r[8])
        for r in live(rows, ACTIVITIES, open_ids)
        if r[2] in plan_years
    ]
    found = []
    for act in activities:
        if activity_closed(act.status) or not act.due_on:
            continue
        if upcoming or activity_overdue(act.status, act.due_on, today):
            was = "was due" if act.due_on < today else "due"
            message = f"“{act.title}” {was} on {format_nz_date(act.due_on)}"
            kind = ReminderKind.ACTIVITY_OVERDUE
            found.append(
                Reminder(
                    kind,
                    act.school_id,
                    names[act.school_id],
                    act.due_on,
                    message,
                    ACTIVITIES,
                    act.id,
                    year=plan_years[act.plan_id],
                )
            )
    return found + _review_reminders(rows, names, open_ids, plans, activities, today, upcoming)


def _review_reminders(
    rows: Rows,
    names: dict[str, str],
    open_ids: set[str],
    plans: list[PlanRow],
    activities: list[ActivityRow],
    today: date,
    upcoming: bool,
) -> list[Reminder]:
    """Monthly for short-term actions, quarterly for long-term ones (``lpc_core.reviews``,
    which the district dashboard uses too, so both always agree)."""
    acts_by_plan: dict[str, list[ActivityRow]] = defaultdict(list)
    for act in activities:
        acts_by_plan[act.plan_id].append(act)
    reviews_by_plan: dict[str, list[ReviewRow]] = defaultdict(list)
    for r in live(rows, REVIEWS, open_ids):
        reviews_by_plan[r[0]].append(ReviewRow(r[0], date.fromisoformat(r[2])))
    found = []
    for plan in plans:
        for review in reviews_due(plan, acts_by_plan[plan.id], reviews_by_plan[plan.id], today):
            if upcoming or review.overdue(today):
                found.append(
                    Reminder(
                        ReminderKind.PLAN_REVIEW_OVERDUE,
                        plan.school_id,
                        names[plan.school_id],
                        review.due_on,
                        _review_detail(review, today),
                        PLANS,
                        plan.id,
                        review.horizon.value,
                        plan.year,
                    )
                )
    return found


def _review_detail(review: ReviewDue, today: date) -> str:
    every = "monthly" if review.horizon is ActionHorizon.SHORT_TERM else "quarterly"
    actions = review.horizon.label.split(" (")[0].lower()
    were = "were" if review.overdue(today) else "are"
    return (
        f"the {review.plan_year} plan's {actions} actions ({every}) {were} due on "
        f"{format_nz_date(review.due_on)}"
    )


def _copies_with_schools(
    rows: Rows, names: dict[str, str], open_ids: set[str], today: date, upcoming: bool
) -> list[Reminder]:
    """A copy sent for the school to complete and out over three weeks (kept on this
    computer, as the send is: see ``school_copy.sends``). It opens the agreement, the
    first of the parts a copy holds."""
    sql = f"SELECT key, value FROM local_settings WHERE key LIKE '{SEND_KEY}%'"
    found = []
    for school_id, send in copies_out_of((k, v) for k, v in rows(sql)).items():
        if school_id in open_ids and (upcoming or send.overdue(today)):
            parts = ", ".join(send.parts) or "the school's copy"
            message = f"{parts}, sent on {format_nz_date(send.sent_on)}"
            due = send.sent_on + OVERDUE_AFTER
            kind = ReminderKind.COPY_WITH_SCHOOL
            reminder = Reminder(kind, school_id, names[school_id], due, message, AGREEMENTS, None)
            found.append(reminder)
    return found
