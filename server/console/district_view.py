"""The district's partnerships as the server holds them: each school's stage and status
as its partnership record says, and who is assigned.

Only stored facts are read here. Overdue reviews and activities, profiles out of date and
agreements due are rules that live in the desktop services (``app.services.rules``, the
review horizons in ``app.services.action_reviews``, put together per school by
``app.services.dashboard``), which the server must not import; so does the district
summary report (``app.services.district_report``). Overdue figures per officer and
school, and that report, belong here once those rules move into ``lpc_core``: spelling
them again here would let the console and the desktop disagree about what is overdue.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.vocabulary import PartnershipStatus, Stage
from lpc_core.formatting import sort_key
from server.models import Assignment, Record, RegistrySchool, User


@dataclass(frozen=True, slots=True)
class SchoolLine:
    id: str
    name: str
    moe_number: int | None
    stage: Stage | None  # None: no partnership record synced yet
    status: PartnershipStatus | None
    officers: tuple[str, ...]


@dataclass(frozen=True)
class DistrictCounts:
    schools: int
    by_stage: dict[Stage | None, int]
    by_status: dict[PartnershipStatus | None, int]
    unassigned: int


def _stage(value: object) -> Stage | None:
    try:
        return Stage(int(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _status(value: object) -> PartnershipStatus | None:
    try:
        return PartnershipStatus(str(value))
    except ValueError:
        return None


def district_schools(session: Session, district_id: int) -> list[SchoolLine]:
    """Every live, unarchived school of the district, by name."""
    registry = list(
        session.scalars(select(RegistrySchool).where(RegistrySchool.district_id == district_id))
    )
    ids = [s.id for s in registry]
    live: dict[str, bool] = {}
    partnerships: dict[str, dict[str, object]] = {}
    for table, school_id, fields, deleted in session.execute(
        select(Record.table_name, Record.school_id, Record.fields, Record.deleted).where(
            Record.school_id.in_(ids), Record.table_name.in_(("schools", "partnerships"))
        )
    ):
        if table == "schools":
            live[school_id] = not deleted and not fields.get("archived")
        elif not deleted:
            partnerships[school_id] = fields
    officers: dict[str, list[str]] = {}
    for school_id, username in session.execute(
        select(Assignment.school_id, User.username)
        .join(User, User.id == Assignment.user_id)
        .where(Assignment.school_id.in_(ids))
        .order_by(User.username)
    ):
        officers.setdefault(school_id, []).append(username)
    lines = [
        SchoolLine(
            s.id,
            s.name,
            s.moe_number,
            _stage(partnerships.get(s.id, {}).get("stage")) if s.id in partnerships else None,
            _status(partnerships.get(s.id, {}).get("status")) if s.id in partnerships else None,
            tuple(officers.get(s.id, [])),
        )
        for s in registry
        if live.get(s.id, True)
    ]
    return sorted(lines, key=lambda line: sort_key(line.name))


def counts(lines: list[SchoolLine]) -> DistrictCounts:
    return DistrictCounts(
        schools=len(lines),
        by_stage=Counter(line.stage for line in lines),
        by_status=Counter(line.status for line in lines),
        unassigned=sum(1 for line in lines if not line.officers),
    )
