"""The officer's list of schools and the writes that create or archive one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Partnership, School, SchoolService
from app.models.vocabulary import PartnershipStatus, ServiceTier, Stage, school_year_of
from app.services.reminders import Reminder, compute_reminders
from app.services.unit_of_work import UnitOfWork
from app.services.years import current_years, shown_status
from lpc_core.formatting import sort_key


@dataclass(frozen=True, slots=True)
class SchoolSummary:
    id: str
    name: str
    moe_number: int | None
    cluster: str
    area: str
    roll: int | None
    stage: Stage
    status: PartnershipStatus
    next_due: Reminder | None
    overdue_count: int
    year: int | None = None  # the school's current partnership year
    services: tuple[str, ...] = ()  # ServiceTier values, in the operating model's order

    @property
    def stage_label(self) -> str:
        return f"{self.stage.value} · {self.stage.label}"


def create_school(
    uow: UnitOfWork, started_on: date | None = None, year: int | None = None, **values: Any
) -> School:
    """A school always comes with its partnership record and its first partnership year
    (``year``, by default the year the partnership starts), made in the same transaction."""
    from app.services.years import add_year

    started_on = started_on or date.today()
    school = uow.add(School, **values)
    uow.add(Partnership, school_id=school.id, started_on=started_on)
    add_year(uow, school.id, year if year is not None else school_year_of(started_on))
    return school


def archive_school(uow: UnitOfWork, school_id: str, archived: bool = True) -> School:
    return uow.update(uow.get(School, school_id), archived=archived)


def list_school_summaries(
    session: Session,
    today: date | None = None,
    include_archived: bool = False,
    reminders: list[Reminder] | None = None,
) -> list[SchoolSummary]:
    """Each school's stage and its next reminder; pass ``reminders`` when the caller has
    computed them already (the start-up list and the reminders panel share one pass)."""
    today = today or date.today()
    stmt = select(
        School.id, School.name, School.moe_number, School.cluster, School.area, School.roll
    ).where(School.deleted_at.is_(None))
    if not include_archived:
        stmt = stmt.where(School.archived.is_(False))
    # Columns, not ORM objects: this read is what the schools list waits for at start-up.
    schools = sorted(session.execute(stmt), key=lambda s: sort_key(s.name))
    partnerships = {
        p.school_id: p
        for p in session.execute(
            select(Partnership.school_id, Partnership.status).where(
                Partnership.deleted_at.is_(None)
            )
        )
    }
    services = school_services(session)
    years = current_years(session)
    if reminders is None:
        reminders = compute_reminders(session, today)
    first_due: dict[str, Reminder] = {}
    overdue: Counter[str] = Counter()
    for r in reminders:  # already sorted by due date
        first_due.setdefault(r.school_id, r)
        if r.overdue(today):
            overdue[r.school_id] += 1
    summaries = []
    for s in schools:
        p = partnerships.get(s.id)
        y = years.get(s.id)
        summaries.append(
            SchoolSummary(
                id=s.id,
                name=s.name,
                moe_number=s.moe_number,
                cluster=s.cluster,
                area=s.area,
                roll=s.roll,
                stage=Stage(y.stage) if y else Stage.RELATIONSHIP,
                status=shown_status(p.status if p else None, y),
                year=y.year if y else None,
                next_due=first_due.get(s.id),
                overdue_count=overdue[s.id],
                services=services.get(s.id, ()),
            )
        )
    return summaries


def school_services(session: Session) -> dict[str, tuple[str, ...]]:
    """Each school's kinds of Police service (values), in the operating model's order."""
    held: dict[str, set[str]] = {}
    for school_id, tier in session.execute(
        select(SchoolService.school_id, SchoolService.tier).where(
            SchoolService.deleted_at.is_(None)
        )
    ):
        held.setdefault(school_id, set()).add(tier)
    order = [t.value for t in ServiceTier]
    return {sid: tuple(t for t in order if t in tiers) for sid, tiers in held.items()}


def count_by_stage(session: Session) -> dict[Stage, int]:
    counts = Counter(s.stage for s in list_school_summaries(session))
    return {stage: counts.get(stage, 0) for stage in Stage}
