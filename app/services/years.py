"""A school's partnership years: which it has, which is current, and starting the next.

The model and why it is shaped so are in app/models/years.py. "Start next year" is a pure
service: it takes the officer's choices and creates the new year's records through the
unit of work, and changes nothing of the year before (nothing is copied silently either:
only what the choices name is carried).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import Session

from app.models import (
    AnnualPlan,
    Outcome,
    PartnershipYear,
    PlanActivity,
    Reflection,
    ResponseAim,
    SchoolProfile,
)
from app.models.vocabulary import YEAR_TABLES, ActivityStatus, PartnershipStatus, school_year_of
from lpc_core import rules
from lpc_core.validation import FieldError, ValidationError

if TYPE_CHECKING:
    from app.services.records import SchoolRecords
    from app.services.unit_of_work import UnitOfWork


def list_years(session: Session, school_id: str) -> list[PartnershipYear]:
    """The school's years, earliest first."""
    stmt = (
        select(PartnershipYear)
        .where(PartnershipYear.school_id == school_id, PartnershipYear.deleted_at.is_(None))
        .order_by(PartnershipYear.year)
    )
    return list(session.scalars(stmt))


def current_year(session: Session, school_id: str, today: date | None = None) -> int:
    """The school's latest started year; this calendar year for a school with none yet."""
    latest = session.scalar(
        select(PartnershipYear.year)
        .where(PartnershipYear.school_id == school_id, PartnershipYear.deleted_at.is_(None))
        .order_by(PartnershipYear.year.desc())
        .limit(1)
    )
    return int(latest) if latest is not None else school_year_of(today or date.today())


def _latest_years() -> Subquery:
    live = PartnershipYear.deleted_at.is_(None)
    return (
        select(PartnershipYear.school_id, func.max(PartnershipYear.year).label("year"))
        .where(live)
        .group_by(PartnershipYear.school_id)
        .subquery()
    )


def current_years(session: Session) -> dict[str, PartnershipYear]:
    """Every school's current year row, read in one query (lists and the dashboard): only
    the latest row of each school is built, not every year it has had."""
    latest = _latest_years()
    rows = session.scalars(
        select(PartnershipYear)
        .join(
            latest,
            (PartnershipYear.school_id == latest.c.school_id)
            & (PartnershipYear.year == latest.c.year),
        )
        .where(PartnershipYear.deleted_at.is_(None))
    )
    return {row.school_id: row for row in rows}


def shown_status(partnership_status: str | None, year: PartnershipYear | None) -> PartnershipStatus:
    """The status people see (the rule is ``lpc_core.rules.shown_status``)."""
    return rules.shown_status(partnership_status, year.status if year is not None else None)


def years_in(session: Session, year: int) -> dict[str, PartnershipYear]:
    """Every school's row for one year (schools that have not started it are absent)."""
    rows = session.scalars(
        select(PartnershipYear).where(
            PartnershipYear.year == year, PartnershipYear.deleted_at.is_(None)
        )
    )
    return {row.school_id: row for row in rows}


def is_per_year(model: type[Any]) -> bool:
    return getattr(model, "__tablename__", "") in YEAR_TABLES


def add_year(uow: UnitOfWork, school_id: str, year: int) -> PartnershipYear:
    """Start a year row (its id is the same on every device, see the model)."""
    if any(y.year == year for y in list_years(uow.session, school_id)):
        raise ValidationError(
            [FieldError("year", "Year", f"this school already has a partnership year {year}")]
        )
    return uow.add(PartnershipYear, school_id=school_id, year=year)


@dataclass(frozen=True)
class CarriedOutcome:
    """An agreed outcome kept into the new year, with a new target if one is set."""

    outcome_id: str
    new_target: float | None = None


@dataclass(frozen=True)
class NextYearChoices:
    """What the officer chose to carry into the new year; everything else stays behind."""

    outcomes: tuple[CarriedOutcome, ...] = ()
    draft_aims: tuple[str, ...] = ()  # next steps, each offered as a draft response aim
    activity_ids: tuple[str, ...] = ()  # last year's activities not done, for the new plan
    copy_profile: bool = False


@dataclass(frozen=True)
class NextYearOffer:
    """What the roll-over can carry, for the dialog to show: nothing is chosen for you."""

    year: int
    open_outcomes: tuple[Outcome, ...]
    next_steps: tuple[str, ...]
    undone_activities: tuple[PlanActivity, ...]
    has_profile: bool


@dataclass
class NextYearResult:
    year: PartnershipYear
    created: list[str] = field(default_factory=list)  # ids of every row made


def _next_step_lines(reflection: Reflection | None) -> tuple[str, ...]:
    if reflection is None:
        return ()
    lines = (
        line.strip().lstrip("-•*–").strip() for line in (reflection.next_steps or "").splitlines()
    )
    return tuple(line for line in lines if line)


def next_year_offer(session: Session, school_id: str) -> NextYearOffer:
    """What last year (the current one) holds that the new year may take over."""
    from app.services.records import load_school

    records = load_school(session, school_id)
    plan = records.current_plan
    undone = (
        tuple(
            a
            for a in records.activities_of(plan)
            if a.status not in (ActivityStatus.DONE, ActivityStatus.CANCELLED)
        )
        if plan is not None
        else ()
    )
    achieved = {a.aim_id for a in records.assessments if a.result == "achieved"}
    open_outcomes = tuple(
        o
        for o in records.outcomes
        if not any(aim.outcome_id == o.id and aim.id in achieved for aim in records.aims)
    )
    return NextYearOffer(
        records.year + 1,
        open_outcomes,
        _next_step_lines(records.reflection),
        undone,
        records.latest_profile is not None,
    )


def _aim_for_outcome(
    uow: UnitOfWork, last: SchoolRecords, carried: CarriedOutcome, year: int
) -> ResponseAim:
    """Carry an outcome by giving it an aim in the new year, starting from where it was
    last measured. The outcome itself is shared by every year, so it is not edited: a
    new target lives on the new year's aim and last year keeps the target it had."""
    outcome = next(o for o in last.outcomes if o.id == carried.outcome_id)
    measured = sorted(
        (m for m in last.measurements if m.outcome_id == outcome.id), key=lambda m: m.measured_on
    )
    return uow.add(
        ResponseAim,
        school_id=outcome.school_id,
        year=year,
        outcome_id=outcome.id,
        statement=outcome.description,
        measure=outcome.measure,
        unit=outcome.unit,
        baseline=measured[-1].value if measured else outcome.baseline,
        target=carried.new_target if carried.new_target is not None else outcome.target,
    )


def start_next_year(
    uow: UnitOfWork, school_id: str, choices: NextYearChoices, today: date | None = None
) -> NextYearResult:
    """Create the year after the school's current one with what ``choices`` carry.

    Last year's rows are only read, never written: everything chosen is copied into new
    rows of the new year.
    """
    from app.services.records import load_school

    today = today or date.today()
    last = load_school(uow.session, school_id)
    new = add_year(uow, school_id, last.year + 1)
    result = NextYearResult(new, [new.id])
    for carried in choices.outcomes:
        aim = _aim_for_outcome(uow, last, carried, new.year)
        result.created.append(aim.id)
    for statement in choices.draft_aims:
        aim = uow.add(ResponseAim, school_id=school_id, year=new.year, statement=statement)
        result.created.append(aim.id)
    if choices.activity_ids:
        plan = uow.add(AnnualPlan, school_id=school_id, year=new.year)
        result.created.append(plan.id)
        wanted = set(choices.activity_ids)
        old_plan = last.current_plan
        old = last.activities_of(old_plan) if old_plan is not None else []
        for position, activity in enumerate(a for a in old if a.id in wanted):
            copy = uow.add(
                PlanActivity,
                school_id=school_id,
                plan_id=plan.id,
                position=position,
                title=activity.title,
                steps=activity.steps,
                resources=activity.resources,
                lead=activity.lead,
                horizon=activity.horizon,
                response_id=None,
            )
            result.created.append(copy.id)
    if choices.copy_profile:
        from app.services.workspace import start_profile_from_last_year

        profile: SchoolProfile = start_profile_from_last_year(uow, school_id, new.year)
        result.created.append(profile.id)
    return result
