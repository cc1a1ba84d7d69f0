"""A district's schools as a summary reads them: each school's standing (stage, status,
level, what is overdue), the district's counts, and agreed outcomes with their results.

Plain values only, no store: the desktop's district view builds them from its rows and
the district server's console from the records laptops synced, and both hand them to
``lpc_core.district_summary`` for the same .docx and CSV files. Counting is here too,
so a figure at the top of either means the same thing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from app.models.vocabulary import InterventionLevel, PartnershipStatus, ServiceTier, Stage
from lpc_core.formatting import format_nz_date, sort_key


@dataclass(frozen=True, slots=True)
class SchoolStatus:
    id: str
    name: str
    moe_number: int | None
    area: str
    cluster: str
    officers: tuple[str, ...]  # Lead Police Contacts
    stage: Stage
    status: PartnershipStatus
    level: InterventionLevel | None  # agreed (or suggested) level of the latest audit
    suggested_level: InterventionLevel | None
    audited_on: date | None
    overdue_reviews: int
    overdue_activities: int
    agreement_review_on: date | None
    agreement_due: bool  # review date passed or within the warning period
    profile_out_of_date: bool
    services: tuple[str, ...] = ()  # ServiceTier values: the NZ operating model's tiers
    signed_copy: bool = False  # the agreement in force has a signed copy attached

    @property
    def is_open(self) -> bool:
        return self.status is not PartnershipStatus.CLOSED

    @property
    def overdue_total(self) -> int:
        return self.overdue_reviews + self.overdue_activities

    @property
    def level_overridden(self) -> bool:
        return self.level is not None and self.level != self.suggested_level


@dataclass(frozen=True)
class DashboardCounts:
    schools: int
    by_stage: dict[Stage, int]
    by_status: dict[PartnershipStatus, int]
    by_level: dict[InterventionLevel | None, int]  # None: no needs audit yet
    # A school with several services counts under each; None: no service recorded.
    by_service: dict[ServiceTier | None, int]
    overdue_reviews: int
    overdue_activities: int
    agreements_due: int
    profiles_out_of_date: int
    schools_needing_attention: int


def count(rows: list[SchoolStatus]) -> DashboardCounts:
    stages = Counter(r.stage for r in rows)
    statuses = Counter(r.status for r in rows)
    levels = Counter(r.level for r in rows)
    services = Counter(ServiceTier(t) for r in rows for t in r.services)
    return DashboardCounts(
        schools=len(rows),
        by_stage={s: stages.get(s, 0) for s in Stage},
        by_status={s: statuses.get(s, 0) for s in PartnershipStatus},
        by_level={
            **{lv: levels.get(lv, 0) for lv in InterventionLevel},
            None: levels.get(None, 0),
        },
        by_service={
            **{t: services.get(t, 0) for t in ServiceTier},
            None: sum(1 for r in rows if not r.services),
        },
        overdue_reviews=sum(r.overdue_reviews for r in rows),
        overdue_activities=sum(r.overdue_activities for r in rows),
        agreements_due=sum(r.agreement_due for r in rows),
        profiles_out_of_date=sum(r.profile_out_of_date for r in rows),
        schools_needing_attention=sum(
            1 for r in rows if r.overdue_total or r.agreement_due or r.profile_out_of_date
        ),
    )


@dataclass(frozen=True, slots=True)
class OutcomePoint:
    on: date
    value: float
    note: str = ""


@dataclass(frozen=True)
class OutcomeSeries:
    """One agreed outcome's measure of success: baseline, target and results over time."""

    outcome_id: str
    school_id: str
    description: str
    measure: str
    unit: str
    baseline: float | None
    target: float | None
    points: tuple[OutcomePoint, ...]  # oldest first

    @property
    def lower_is_better(self) -> bool:
        return self.baseline is not None and self.target is not None and self.target < self.baseline

    def latest(self, start: date | None = None, end: date | None = None) -> OutcomePoint | None:
        inside = [
            p
            for p in self.points
            if (start is None or p.on >= start) and (end is None or p.on <= end)
        ]
        return inside[-1] if inside else None

    def target_met(self, point: OutcomePoint | None) -> bool | None:
        if point is None or self.target is None:
            return None
        return point.value <= self.target if self.lower_is_better else point.value >= self.target

    def progress(self, point: OutcomePoint | None) -> float | None:
        """How far from baseline to target (0 at the baseline, 1 at the target)."""
        if point is None or self.baseline is None or self.target is None:
            return None
        span = self.target - self.baseline
        return None if span == 0 else (point.value - self.baseline) / span


# -- the district summary's contents, for a chosen period ---------------------------------
@dataclass(frozen=True, slots=True)
class OutcomeLine:
    school: str
    description: str
    measure: str
    unit: str
    baseline: float | None
    target: float | None
    latest: OutcomePoint | None
    results_in_period: int
    progress: float | None
    target_met: bool | None


@dataclass(frozen=True)
class DistrictSummary:
    start: date
    end: date
    as_of: date
    prepared_on: date
    district: str
    schools: list[SchoolStatus]
    reviews_in_period: dict[str, int]
    counts: DashboardCounts
    outcomes: list[OutcomeLine]
    year: int | None = None  # the partnership year stages are shown for (None: current)

    @property
    def period(self) -> str:
        return f"{format_nz_date(self.start)} to {format_nz_date(self.end)}"


def outcome_lines(
    series: list[OutcomeSeries], names: dict[str, str], start: date, end: date
) -> list[OutcomeLine]:
    """Each outcome of a school in ``names`` with its latest result inside the period,
    by school then outcome (a school not in ``names`` is archived or deleted)."""
    lines = []
    for one in series:
        if one.school_id not in names:
            continue
        latest = one.latest(start, end)
        lines.append(
            OutcomeLine(
                school=names[one.school_id],
                description=one.description,
                measure=one.measure,
                unit=one.unit,
                baseline=one.baseline,
                target=one.target,
                latest=latest,
                results_in_period=sum(1 for p in one.points if start <= p.on <= end),
                progress=one.progress(latest),
                target_met=one.target_met(latest),
            )
        )
    lines.sort(key=lambda o: (sort_key(o.school), sort_key(o.description)))
    return lines


def period_as_of(start: date, end: date, today: date) -> date:
    """When a summary's overdue items are taken: the end of the period, or today if the
    period runs on past today. A period ending before it starts is refused."""
    if end < start:
        raise ValueError(
            f"the period ends ({format_nz_date(end)}) before it starts ({format_nz_date(start)})"
        )
    return min(end, today)
