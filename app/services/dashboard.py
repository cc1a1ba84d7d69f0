"""The district view: where every school is, what is overdue, and how outcomes are moving.

One pass reads the live rows of the tables involved (a few queries, whatever the number of
schools) and works out a ``SchoolStatus`` per school; counts and filters are then plain
Python over that list, so changing a filter on screen needs no new query. Closed
partnerships count in the stage and status figures but owe nothing, so they add no
overdue items.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from app.models import (
    AnnualPlan,
    NeedsAudit,
    Outcome,
    OutcomeMeasurement,
    Partnership,
    PartnershipAgreement,
    PartnershipYear,
    Person,
    PlanActivity,
    PlanReview,
    School,
    SchoolProfile,
    SchoolService,
    Synced,
)
from app.models.vocabulary import InterventionLevel, Role, Stage, school_year_of
from app.services.action_reviews import all_reviews_due
from app.services.attachments import signed_agreements
from app.services.needs_audit import effective_level, latest_audits
from app.services.schools import school_services
from app.services.years import current_years, shown_status, years_in
from lpc_core.district import (
    DashboardCounts,
    OutcomePoint,
    OutcomeSeries,
    SchoolStatus,
    count,
)
from lpc_core.formatting import sort_key
from lpc_core.rules import (
    CLOSED_ACTIVITY_STATUSES,
    agreement_in_force,
    agreement_review_due,
    partnership_open,
    plan_counts,
    profile_date,
    profile_out_of_date,
)

if TYPE_CHECKING:
    from app.services.store import Store

M = TypeVar("M", bound=Synced)


@dataclass(frozen=True, slots=True)
class DashboardFilter:
    """Empty means "all"; ``officer`` is a Lead Police Contact's name."""

    area: str = ""
    cluster: str = ""
    officer: str = ""
    service: str = ""  # a ServiceTier value

    def matches(self, row: SchoolStatus) -> bool:
        return (
            (not self.area or row.area == self.area)
            and (not self.cluster or row.cluster == self.cluster)
            and (not self.officer or self.officer in row.officers)
            and (not self.service or self.service in row.services)
        )


@dataclass(frozen=True)
class Dashboard:
    as_of: date
    rows: list[SchoolStatus]  # the filtered schools, by name
    counts: DashboardCounts
    areas: list[str] = field(default_factory=list)  # filter choices, from every school
    clusters: list[str] = field(default_factory=list)
    officers: list[str] = field(default_factory=list)


DASHBOARD_TABLES = frozenset(
    m.__tablename__
    for m in (
        School,
        Partnership,
        PartnershipYear,
        Person,
        PartnershipAgreement,
        SchoolProfile,
        SchoolService,
        AnnualPlan,
        PlanActivity,
        PlanReview,
        NeedsAudit,
        Outcome,
        OutcomeMeasurement,
    )
)
"""What the district view reads: a change to anything else (an engagement, an aim, a
reflection) leaves its counts and charts as they are."""


def _live(session: Session, model: type[M]) -> list[M]:
    return list(session.scalars(select(model).where(model.deleted_at.is_(None))))


def _year_of(years: dict[str, PartnershipYear], school_id: str, today: date) -> int:
    """The school's current year, as its workspace takes it (this year when none is started)."""
    return years[school_id].year if school_id in years else school_year_of(today)


def school_statuses(
    session: Session, today: date | None = None, year: int | None = None
) -> list[SchoolStatus]:
    """Every live, unarchived school's standing as at ``today``, sorted by name; stage
    and status are those of ``year`` (by default each school's current year)."""
    today = today or date.today()
    schools = [
        s
        for s in _live(session, School)
        if not s.archived  # archived schools are out of the district's view
    ]
    partnerships = {p.school_id: p for p in _live(session, Partnership)}
    years = current_years(session) if year is None else years_in(session, year)
    # Only the columns needed, not whole rows: over thousands of schools, building ORM
    # objects is most of the cost.
    officers: dict[str, list[str]] = defaultdict(list)
    for school_id, name in session.execute(
        select(Person.school_id, Person.name).where(
            Person.deleted_at.is_(None), Person.role == Role.LEAD_POLICE_CONTACT.value
        )
    ):
        officers[school_id].append(name)
    by_school: dict[str, list[Row[str, str, date | None, datetime, date | None]]]
    by_school = defaultdict(list)
    for a in session.execute(
        select(
            PartnershipAgreement.id,
            PartnershipAgreement.school_id,
            PartnershipAgreement.agreed_on,
            PartnershipAgreement.created_at,
            PartnershipAgreement.review_on,
        ).where(PartnershipAgreement.deleted_at.is_(None))
    ):
        by_school[a.school_id].append(a)
    agreements = {
        sid: found
        for sid, rows in by_school.items()
        if (found := agreement_in_force(rows, year or _year_of(years, sid, today)))
    }
    profiles: dict[str, date] = {}
    for school_id, prepared_on, profile_year in session.execute(
        select(SchoolProfile.school_id, SchoolProfile.prepared_on, SchoolProfile.year).where(
            SchoolProfile.deleted_at.is_(None)
        )
    ):
        made = profile_date(prepared_on, profile_year)
        profiles[school_id] = max(profiles.get(school_id, date.min), made)
    # Only the current year's plan counts, for activities and reviews alike: an earlier
    # year's undone activities and unreviewed plan are history (the reminders agree).
    this_years_plans = {
        plan_id
        for plan_id, school_id, plan_year in session.execute(
            select(AnnualPlan.id, AnnualPlan.school_id, AnnualPlan.year).where(
                AnnualPlan.deleted_at.is_(None)
            )
        )
        if plan_counts(plan_year, years[school_id].year if school_id in years else None)
    }
    late_activities: Counter[str] = Counter(
        school_id
        for school_id, plan_id in session.execute(
            select(PlanActivity.school_id, PlanActivity.plan_id).where(
                PlanActivity.deleted_at.is_(None),
                PlanActivity.status.not_in(CLOSED_ACTIVITY_STATUSES),
                PlanActivity.due_on < today,
            )
        )
        if plan_id in this_years_plans
    )
    late_reviews: Counter[str] = Counter(
        d.school_id
        for d in all_reviews_due(session, today)
        if d.overdue(today) and d.plan_id in this_years_plans
    )
    audits = latest_audits(session, as_of=today)
    services = school_services(session)
    signed = signed_agreements(session)
    rows = []
    for s in sorted(schools, key=lambda s: sort_key(s.name)):
        p = partnerships.get(s.id)
        this_year = years.get(s.id)
        status = shown_status(p.status if p else None, this_year)
        open_ = partnership_open(p.status if p else None)
        review_on = agreements[s.id].review_on if s.id in agreements else None
        audit = audits.get(s.id)
        newest_profile = profiles.get(s.id)
        rows.append(
            SchoolStatus(
                id=s.id,
                name=s.name,
                moe_number=s.moe_number,
                area=s.area,
                cluster=s.cluster,
                officers=tuple(sorted(officers.get(s.id, []), key=sort_key)),
                stage=Stage(this_year.stage) if this_year else Stage.RELATIONSHIP,
                status=status,
                level=effective_level(audit) if audit else None,
                suggested_level=InterventionLevel(audit.suggested_level)
                if audit and audit.suggested_level
                else None,
                audited_on=audit.assessed_on if audit else None,
                overdue_reviews=late_reviews[s.id] if open_ else 0,
                overdue_activities=late_activities[s.id] if open_ else 0,
                agreement_review_on=review_on,
                agreement_due=open_ and agreement_review_due(review_on, today),
                profile_out_of_date=open_ and profile_out_of_date(newest_profile, today),
                services=services.get(s.id, ()),
                signed_copy=s.id in agreements and (s.id, agreements[s.id].id) in signed,
            )
        )
    return rows


def _choices(values: list[str]) -> list[str]:
    return sorted({v for v in values if v}, key=sort_key)


def build_dashboard(
    session: Session, filt: DashboardFilter | None = None, today: date | None = None
) -> Dashboard:
    today = today or date.today()
    everything = school_statuses(session, today)
    return make_dashboard(everything, filt or DashboardFilter(), today)


def make_dashboard(everything: list[SchoolStatus], filt: DashboardFilter, today: date) -> Dashboard:
    """Filter already-loaded statuses: what the screen does when a filter changes."""
    rows = [r for r in everything if filt.matches(r)]
    return Dashboard(
        as_of=today,
        rows=rows,
        counts=count(rows),
        areas=_choices([r.area for r in everything]),
        clusters=_choices([r.cluster for r in everything]),
        officers=_choices([o for r in everything for o in r.officers]),
    )


# -- outcome results (the series themselves are plain values in lpc_core.district) --------
def outcome_series(session: Session, school_id: str | None = None) -> list[OutcomeSeries]:
    """Every live outcome (of one school, or all) with its measurements, in creation order."""
    outcomes = select(Outcome).where(Outcome.deleted_at.is_(None))
    measurements = select(OutcomeMeasurement).where(OutcomeMeasurement.deleted_at.is_(None))
    if school_id is not None:
        outcomes = outcomes.where(Outcome.school_id == school_id)
        measurements = measurements.where(OutcomeMeasurement.school_id == school_id)
    points: dict[str, list[OutcomePoint]] = defaultdict(list)
    for m in session.scalars(measurements):
        points[m.outcome_id].append(OutcomePoint(m.measured_on, m.value, m.note))
    series = []
    for o in session.scalars(outcomes.order_by(Outcome.created_at, Outcome.id)):
        series.append(
            OutcomeSeries(
                outcome_id=o.id,
                school_id=o.school_id,
                description=o.description,
                measure=o.measure,
                unit=o.unit,
                baseline=o.baseline,
                target=o.target,
                points=tuple(sorted(points.get(o.id, []), key=lambda p: p.on)),
            )
        )
    return series


# -- what the screens call (each opens its own read-only session) ------------------------
def load_statuses(store: Store, today: date | None = None) -> list[SchoolStatus]:
    """Every school's status, for the district view."""
    with store.session() as session:
        return school_statuses(session, today)


def load_outcome_series(store: Store, school_id: str) -> list[OutcomeSeries]:
    """One school's outcome series, for its charts."""
    with store.session() as session:
        return outcome_series(session, school_id)
