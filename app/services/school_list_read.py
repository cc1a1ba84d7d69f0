"""Reading the schools list and the reminders: plain SQL over narrow rows, rules from lpc_core.

One implementation for two callers. The ORM store hands over its session's connection
(``session_rows``); the start-up read hands over a bare, read-only SQLCipher connection
(``app.services.quick_list``), so the list an officer sees first and every later refresh
come from the same SQL and the same code, and cannot drift apart. Rows, not ORM objects:
a district has tens of thousands of them, and building objects (or decoding every long
text) was most of the time the schools list took to appear. Free of SQLAlchemy and Qt.

Values arrive as SQLite stores them (dates as ISO text, booleans as 0/1) and are decoded
here, the way the models' column types decode them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from app.models.vocabulary import ActionHorizon, ServiceTier, Stage, school_year_of
from app.services.school_copy.send_record import OVERDUE_AFTER, SEND_KEY, copies_out_of
from app.services.school_list_rows import Reminder, ReminderKind, SchoolList, SchoolSummary
from lpc_core.formatting import format_nz_date, sort_key
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
    shown_status,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Rows = Callable[[str], Iterable[Sequence[Any]]]
"""Runs one SQL statement (no parameters) and gives its rows as tuples."""


def session_rows(session: Session) -> Rows:
    """The ORM store's rows, read in the session's own transaction, so what the session
    holds but has not committed is seen, as its own queries see it."""
    session.flush()
    connection = session.connection()
    return lambda sql: connection.exec_driver_sql(sql).all()


AGREEMENTS, PROFILES, PLANS, ACTIVITIES, REVIEWS = (
    "partnership_agreements",
    "school_profiles",
    "annual_plans",
    "plan_activities",
    "plan_reviews",
)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _moment(value: str) -> datetime:
    """A ``UTCDateTime`` column: naive UTC in the file, aware UTC in the app."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


class _School(NamedTuple):
    id: str
    name: str
    moe_number: int | None
    cluster: str
    area: str
    roll: int | None
    archived: bool


class _Year(NamedTuple):
    school_id: str
    year: int
    stage: int
    status: str


class _Agreement(NamedTuple):
    id: str
    school_id: str
    agreed_on: date | None
    review_on: date | None
    created_at: datetime


class _Profile(NamedTuple):
    id: str
    school_id: str
    year: int
    prepared_on: date | None


class _Plan(NamedTuple):
    id: str
    school_id: str
    year: int
    agreed_on: date | None
    created_at: datetime


class _Activity(NamedTuple):
    id: str
    school_id: str
    plan_id: str
    status: str
    due_on: date | None
    starts_on: date | None
    title: str
    horizon: str
    position: int
    is_deleted: bool = False


class _Review(NamedTuple):
    plan_id: str
    reviewed_on: date
    is_deleted: bool = False


def _schools(rows: Rows) -> list[_School]:
    sql = "SELECT id, name, moe_number, cluster, area, roll, archived FROM schools"
    return [
        _School(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]))
        for r in rows(sql + " WHERE deleted_at IS NULL")
    ]


def _statuses(rows: Rows) -> dict[str, str]:
    sql = "SELECT school_id, status FROM partnerships WHERE deleted_at IS NULL"
    return {school_id: status for school_id, status in rows(sql)}


def _current_years(rows: Rows) -> dict[str, _Year]:
    """Each school's latest live year (SQLite takes the bare columns from the max row)."""
    sql = (
        "SELECT school_id, max(year), stage, status FROM partnership_years "
        "WHERE deleted_at IS NULL GROUP BY school_id"
    )
    return {r[0]: _Year(*r) for r in rows(sql)}


def services_by_school(rows: Rows) -> dict[str, tuple[str, ...]]:
    """Each school's kinds of Police service (values), in the operating model's order."""
    held: dict[str, set[str]] = {}
    sql = "SELECT school_id, tier FROM school_services WHERE deleted_at IS NULL"
    for school_id, tier in rows(sql):
        held.setdefault(school_id, set()).add(tier)
    order = [t.value for t in ServiceTier]
    return {sid: tuple(t for t in order if t in tiers) for sid, tiers in held.items()}


LIVE_COLUMNS = {
    AGREEMENTS: "id, school_id, agreed_on, review_on, created_at",
    PROFILES: "id, school_id, year, prepared_on",
    PLANS: "id, school_id, year, agreed_on, created_at",
    ACTIVITIES: "id, school_id, plan_id, status, due_on, starts_on, title, horizon, position",
    REVIEWS: "plan_id, school_id, reviewed_on",
}
"""The columns the reminder rules read from each table (``school_id`` second)."""


def live_sql(table: str) -> str:
    return f"SELECT {LIVE_COLUMNS[table]} FROM {table} WHERE deleted_at IS NULL"


def _live(rows: Rows, table: str, open_ids: set[str]) -> list[Sequence[Any]]:
    """The live rows of an open partnership's school."""
    return [r for r in rows(live_sql(table)) if r[1] in open_ids]


def read_school_list(
    rows: Rows,
    today: date,
    include_archived: bool = False,
    reminders: list[Reminder] | None = None,
) -> SchoolList:
    """The list (sorted by name as people sort), its archived ids and the reminders, the
    reminders computed once for both the "next due" column and the panel (``reminders``:
    computed already by the caller)."""
    schools = _schools(rows)
    statuses, years = _statuses(rows), _current_years(rows)
    if reminders is None:
        reminders = _reminders(rows, schools, statuses, years, today, upcoming=False)
    shown = [s for s in schools if include_archived or not s.archived]
    summaries = summarise(shown, statuses, years, services_by_school(rows), reminders, today)
    archived = {s.id for s in schools if s.archived} if include_archived else set()
    return SchoolList(summaries, archived, reminders)


def read_reminders(rows: Rows, today: date, upcoming: bool = False) -> list[Reminder]:
    """What is due now; ``upcoming`` adds every next due date further ahead (see
    ``app.services.reminders.compute_reminders``)."""
    return _reminders(rows, _schools(rows), _statuses(rows), _current_years(rows), today, upcoming)


def summarise(
    schools: list[_School],
    statuses: dict[str, str],
    years: dict[str, _Year],
    services: dict[str, tuple[str, ...]],
    reminders: list[Reminder],
    today: date,
) -> list[SchoolSummary]:
    first_due: dict[str, Reminder] = {}
    overdue: dict[str, int] = defaultdict(int)
    for r in reminders:  # already sorted by due date
        first_due.setdefault(r.school_id, r)
        if r.overdue(today):
            overdue[r.school_id] += 1
    # The rules' answers, looked up once per distinct value rather than once per school.
    stage_of = {stage.value: stage for stage in Stage}
    status_of = lru_cache(maxsize=None)(shown_status)
    summaries = []
    for s in sorted(schools, key=lambda s: sort_key(s.name)):
        y = years.get(s.id)
        summaries.append(
            SchoolSummary(
                s.id,
                s.name,
                s.moe_number,
                s.cluster,
                s.area,
                s.roll,
                stage_of[y.stage] if y else Stage.RELATIONSHIP,
                status_of(statuses.get(s.id), y.status if y else None),
                first_due.get(s.id),
                overdue.get(s.id, 0),
                y.year if y else None,
                services.get(s.id, ()),
            )
        )
    return summaries


def _reminders(
    rows: Rows,
    schools: list[_School],
    statuses: dict[str, str],
    years: dict[str, _Year],
    today: date,
    upcoming: bool,
) -> list[Reminder]:
    names = {s.id: s.name for s in schools if not s.archived}
    open_ids = {sid for sid in names if partnership_open(statuses.get(sid))}
    found = _profile_reminders(rows, names, open_ids, today, upcoming)
    found += _plan_reminders(rows, names, open_ids, years, today, upcoming)
    found += _copies_with_schools(rows, names, open_ids, today, upcoming)
    # Last: the start-up read fetches the agreements' long rows on a second connection
    # meanwhile (the order of kinds does not matter: the sort below sets it).
    found += _agreement_reminders(rows, names, open_ids, years, today, upcoming)
    found.sort(key=lambda r: (r.due_on or date.min, r.school_name, r.kind.value))
    return found


def _agreement_reminders(
    rows: Rows,
    names: dict[str, str],
    open_ids: set[str],
    years: dict[str, _Year],
    today: date,
    upcoming: bool,
) -> list[Reminder]:
    """The agreement in force in the school's current year (``agreement_in_force``): one
    dated into a year not yet started waits for it, as on every other screen."""
    by_school: dict[str, list[_Agreement]] = defaultdict(list)
    for r in _live(rows, AGREEMENTS, open_ids):
        by_school[r[1]].append(_Agreement(r[0], r[1], _day(r[2]), _day(r[3]), _moment(r[4])))
    latest: dict[str, _Agreement] = {}
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
    newest: dict[str, tuple[date, _Profile]] = {}
    for r in _live(rows, PROFILES, open_ids):
        p = _Profile(r[0], r[1], r[2], _day(r[3]))
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
    years: dict[str, _Year],
    today: date,
    upcoming: bool,
) -> list[Reminder]:
    """Only the current year's plan reminds: an earlier year's undone activities are
    history, carried into the new plan only if the officer chose to at the roll-over."""
    plans = []
    for r in _live(rows, PLANS, open_ids):
        year = years.get(r[1])
        if plan_counts(r[2], year.year if year else None):
            plans.append(_Plan(r[0], r[1], r[2], _day(r[3]), _moment(r[4])))
    plan_years = {p.id: p.year for p in plans}
    activities = [
        _Activity(r[0], r[1], r[2], r[3], _day(r[4]), _day(r[5]), r[6], r[7], r[8])
        for r in _live(rows, ACTIVITIES, open_ids)
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
    plans: list[_Plan],
    activities: list[_Activity],
    today: date,
    upcoming: bool,
) -> list[Reminder]:
    """Monthly for short-term actions, quarterly for long-term ones (``lpc_core.reviews``,
    which the district dashboard uses too, so both always agree)."""
    acts_by_plan: dict[str, list[_Activity]] = defaultdict(list)
    for act in activities:
        acts_by_plan[act.plan_id].append(act)
    reviews_by_plan: dict[str, list[_Review]] = defaultdict(list)
    for r in _live(rows, REVIEWS, open_ids):
        reviews_by_plan[r[0]].append(_Review(r[0], date.fromisoformat(r[2])))
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
