"""The district's partnerships as the server holds them: each school's stage and status
in its current partnership year, what is overdue (``server.console.standing``, by the
desktop's own rules in ``lpc_core``), who is assigned, and the same figures per officer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.vocabulary import PartnershipStatus, Stage
from lpc_core.district import DashboardCounts, SchoolStatus, count
from lpc_core.formatting import sort_key
from server.console.standing import has_partnership, is_live, read_rows, school_status
from server.models import Assignment, Record, RegistrySchool, User


@dataclass(frozen=True, slots=True)
class SchoolLine:
    standing: SchoolStatus
    officers: tuple[str, ...]  # the console accounts assigned (their laptops receive it)
    synced: bool  # False: no partnership record synced yet, so nothing is known
    officer_ids: tuple[int, ...] = ()  # the same accounts' ids, in the same order

    @property
    def id(self) -> str:
        return self.standing.id

    @property
    def name(self) -> str:
        return self.standing.name

    @property
    def moe_number(self) -> int | None:
        return self.standing.moe_number

    @property
    def stage(self) -> Stage | None:
        return self.standing.stage if self.synced else None

    @property
    def status(self) -> PartnershipStatus | None:
        return self.standing.status if self.synced else None

    @property
    def needs_attention(self) -> bool:
        """Something overdue or due (a school with nothing synced has nothing known)."""
        s = self.standing
        return self.synced and bool(s.overdue_total or s.agreement_due or s.profile_out_of_date)


@dataclass(frozen=True)
class DistrictCounts:
    schools: int
    by_stage: dict[Stage | None, int]
    by_status: dict[PartnershipStatus | None, int]
    unassigned: int
    figures: DashboardCounts  # overdue totals over the schools synced


@dataclass
class OfficerLine:
    """One assigned officer's schools and what is overdue across them."""

    officer: str  # "" for the schools no one is assigned
    user_id: int | None = None
    schools: int = 0
    overdue_reviews: int = 0
    overdue_activities: int = 0
    agreements_due: int = 0
    profiles_out_of_date: int = 0
    school_ids: list[str] = field(default_factory=list)


def district_schools(
    session: Session,
    district_id: int,
    today: date | None = None,
    school_ids: Sequence[str] | None = None,
) -> list[SchoolLine]:
    """Every live, unarchived school of the district (or those of ``school_ids``), by
    name, with its standing as at ``today``."""
    today = today or date.today()
    query = select(RegistrySchool).where(RegistrySchool.district_id == district_id)
    if school_ids is not None:
        query = query.where(RegistrySchool.id.in_(school_ids))
    registry = list(session.scalars(query))
    rows = read_rows(session, [s.id for s in registry])
    deleted = set(
        session.scalars(
            select(Record.school_id).where(
                Record.table_name == "schools",
                Record.deleted.is_(True),
                Record.school_id.in_([s.id for s in registry]),
            )
        )
    )
    officers: dict[str, list[tuple[str, int]]] = {}
    for school_id, username, user_id in session.execute(
        select(Assignment.school_id, User.username, User.id)
        .join(User, User.id == Assignment.user_id)
        .where(Assignment.school_id.in_([s.id for s in registry]))
        .order_by(User.username)
    ):
        officers.setdefault(school_id, []).append((username, user_id))
    lines = [
        SchoolLine(
            school_status(s, rows[s.id], today),
            tuple(name for name, _ in officers.get(s.id, [])),
            has_partnership(rows[s.id]),
            tuple(user_id for _, user_id in officers.get(s.id, [])),
        )
        for s in registry
        if s.id not in deleted and is_live(rows[s.id])
    ]
    return sorted(lines, key=lambda line: sort_key(line.name))


def counts(lines: list[SchoolLine]) -> DistrictCounts:
    return DistrictCounts(
        schools=len(lines),
        by_stage=Counter(line.stage for line in lines),
        by_status=Counter(line.status for line in lines),
        unassigned=sum(1 for line in lines if not line.officers),
        figures=count([line.standing for line in lines if line.synced]),
    )


def per_officer(lines: list[SchoolLine]) -> list[OfficerLine]:
    """Each assigned officer's figures (a school with two officers counts for both), by
    name, then the unassigned schools' (if any)."""
    found: dict[str, OfficerLine] = {}
    for line in lines:
        assigned: list[tuple[str, int | None]] = list(
            zip(line.officers, line.officer_ids, strict=True)
        )
        for officer, user_id in assigned or [("", None)]:
            o = found.setdefault(officer, OfficerLine(officer, user_id))
            s = line.standing
            o.schools += 1
            o.school_ids.append(line.id)
            if line.synced:
                o.overdue_reviews += s.overdue_reviews
                o.overdue_activities += s.overdue_activities
                o.agreements_due += s.agreement_due
                o.profiles_out_of_date += s.profile_out_of_date
    return sorted(found.values(), key=lambda o: (o.officer == "", sort_key(o.officer)))
