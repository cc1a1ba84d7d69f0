"""The officer's list of schools and the writes that create or archive one."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.models import Partnership, School
from app.models.vocabulary import Stage, school_year_of
from app.services.reminders import Reminder, compute_reminders
from app.services.school_list_read import read_school_list
from app.services.school_list_rows import SchoolSummary as SchoolSummary
from app.services.school_list_sql import services_by_school, session_rows
from app.services.unit_of_work import UnitOfWork


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
    computed them already (the list and the reminders panel share one pass)."""
    today = today or date.today()
    if reminders is None:
        reminders = compute_reminders(session, today)
    rows = session_rows(session)
    return read_school_list(rows, today, include_archived, reminders).rows


def school_services(session: Session) -> dict[str, tuple[str, ...]]:
    """Each school's kinds of Police service (values), in the operating model's order."""
    return services_by_school(session_rows(session))


def count_by_stage(session: Session) -> dict[Stage, int]:
    counts = Counter(s.stage for s in list_school_summaries(session))
    return {stage: counts.get(stage, 0) for stage in Stage}
