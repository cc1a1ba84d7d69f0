"""Suggesting a school's intervention level from its needs audit, and saving the audit.

The levels and their criteria follow section 9 of the UK Safer School Partnerships
guidance: level 1 is the most intensive response, level 5 the everyday one. The guidance
describes the criteria in words ("a high number of exclusions"); where it gives no figure,
the figure used here is this app's default and lives in ``Thresholds``, one place a
district can change.

Levels are tried from 1 down. Levels 1 to 3 share many criteria, so level 1, 2 or 3 is
suggested when at least two of its criteria are met, at least one of them is a measured
figure (attendance, offending, reports, the safety survey, exclusions), and at least one
sets the level apart from the next one down (level 2's offending above 5% or high-crime
area, say, where level 3 asks less). Context alone (a high-crime area, high turnover)
therefore never raises the level. Level 4 needs one measured criterion, or any two.
Every measured criterion of levels 1 to 3 is also a level 4 criterion (offending above
2% of the roll, a high exclusion rate, and the attendance, reports and safety figures at
their lower level 4 bars), so a school with any measured figure of concern is at level 4
or above: level 5 is only for figures "within acceptable levels".

The officer always decides: the suggestion can be accepted or overridden with a reason.
Pure functions first (no database), then the reads and writes the screens call. What
goes with each level (aims, resources, expectations) is in ``needs_audit_guides``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import NeedsAudit, spec_of
from app.models.vocabulary import AuditFlag, ConcernLevel, InterventionLevel, NationalBand
from app.services.needs_audit_guides import GUIDES, LevelGuide
from app.services.unit_of_work import UnitOfWork
from lpc_core.rules import agreed_level
from lpc_core.validation import FieldError, ValidationError, clean_values

INDICATOR_FIELDS = (
    "truancy_band",
    "absence_band",
    "roll",
    "exclusions",
    "offenders_on_roll",
    "reports_per_week",
    "unsafe_percent",
    "local_concern",
    "high_crime_area",
    "high_turnover",
    "rising_offending",
)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Figures behind the words of the guidance. Offending figures are the guidance's own;
    the others are this app's defaults, since the guidance gives none."""

    offending_level1: float = 10.0  # % of the roll, more than
    offending_level2: float = 5.0
    offending_level3: float = 2.0
    reports_high: float = 5.0  # crime and disorder reports a week, at least
    reports_lower: float = 2.0
    reports_some: float = 1.0
    unsafe_high: float = 25.0  # % of students and staff feeling unsafe, at least
    unsafe_significant: float = 10.0
    unsafe_concern: float = 5.0
    exclusions_high: float = 5.0  # stand-downs, suspensions, exclusions per 100 students
    min_criteria: int = 2


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True, slots=True)
class Indicators:
    """What the audit found. ``None`` or "unknown" means not entered."""

    truancy_band: str = NationalBand.UNKNOWN.value
    absence_band: str = NationalBand.UNKNOWN.value
    roll: int | None = None
    exclusions: int | None = None
    offenders_on_roll: int | None = None
    reports_per_week: float | None = None
    unsafe_percent: float | None = None
    local_concern: str = ConcernLevel.UNKNOWN.value
    high_crime_area: str = AuditFlag.UNKNOWN.value
    high_turnover: str = AuditFlag.UNKNOWN.value
    rising_offending: str = AuditFlag.UNKNOWN.value

    @classmethod
    def of(cls, source: NeedsAudit | Mapping[str, Any]) -> Indicators:
        get: Callable[[str], Any] = (
            source.get if isinstance(source, Mapping) else lambda f: getattr(source, f)
        )
        values = {f: get(f) for f in INDICATOR_FIELDS}
        return cls(**{k: v for k, v in values.items() if v is not None and v != ""})

    @property
    def offending_percent(self) -> float | None:
        if self.offenders_on_roll is None or not self.roll:
            return None
        return 100.0 * self.offenders_on_roll / self.roll

    @property
    def exclusion_rate(self) -> float | None:
        """Per 100 students, so a large and a small school compare fairly."""
        if self.exclusions is None or not self.roll:
            return None
        return 100.0 * self.exclusions / self.roll

    def missing(self) -> list[str]:
        """Labels of the indicators not entered, for the form to point at."""
        gaps = []
        for f in INDICATOR_FIELDS:
            value = getattr(self, f)
            if value is None or value == "unknown":
                spec = spec_of(NeedsAudit, f)
                gaps.append(spec.label if spec else f)
        return gaps


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str
    text: str
    measured: bool
    distinctive: bool = False  # sets this level apart from the next, less intensive one


# Which criteria of a level the next level down does not share (in the same degree).
DISTINCTIVE: dict[InterventionLevel, frozenset[str]] = {
    InterventionLevel.INTENSIVE: frozenset(
        {"truancy", "absence", "unsafe", "offending", "reports"}
    ),
    InterventionLevel.HIGH: frozenset({"offending", "area", "turnover", "concern"}),
    InterventionLevel.SUBSTANTIAL: frozenset({"exclusions", "unsafe", "offending", "reports"}),
    InterventionLevel.MODERATE: frozenset(
        {"attendance_or_reports", "exclusions", "unsafe", "rising", "concern"}
    ),
}


@dataclass(frozen=True)
class Suggestion:
    level: InterventionLevel
    criteria: tuple[Criterion, ...]  # the criteria that led to the level
    missing: tuple[str, ...] = ()
    guide: LevelGuide = field(default_factory=lambda: GUIDES[InterventionLevel.UNIVERSAL])

    def criteria_text(self) -> str:
        return "\n".join(c.text for c in self.criteria)


def _pct(value: float) -> str:
    return f"{value:.1f}%".replace(".0%", "%")


def _num(value: float) -> str:
    return f"{value:g}"


def criteria_met(
    ind: Indicators, level: InterventionLevel, t: Thresholds = DEFAULT_THRESHOLDS
) -> list[Criterion]:
    """Every criterion of ``level`` the indicators meet, in the guidance's order."""
    met: list[Criterion] = []

    def add(key: str, text: str, measured: bool = True) -> None:
        met.append(Criterion(key, text, measured, key in DISTINCTIVE.get(level, ())))

    top_decile = NationalBand.TOP_DECILE.value
    top_bands = (top_decile, NationalBand.TOP_QUARTILE.value)
    offending, exclusion_rate = ind.offending_percent, ind.exclusion_rate
    reports, unsafe = ind.reports_per_week, ind.unsafe_percent
    reports_text = f"Crime and disorder reports: {_num(reports or 0)} a week over six months"
    unsafe_text = f"Students and staff feeling unsafe: {_pct(unsafe or 0)}"
    offending_text = (
        f"Offending: {ind.offenders_on_roll} students known to Police, "
        f"{_pct(offending or 0)} of the roll"
    )
    exclusions_text = (
        f"Stand-downs, suspensions and exclusions: {ind.exclusions} in 12 months, "
        f"{exclusion_rate or 0:.1f} per 100 students"
    )
    high_exclusions = exclusion_rate is not None and exclusion_rate >= t.exclusions_high
    high_concern = ind.local_concern == ConcernLevel.HIGH
    some_concern = ind.local_concern in (ConcernLevel.HIGH, ConcernLevel.SOME)

    if level is InterventionLevel.INTENSIVE:
        if ind.truancy_band == top_decile:
            add("truancy", "Truancy is in the highest 10% of schools nationally")
        if ind.absence_band == top_decile:
            add("absence", "Total absence is in the highest 10% of schools nationally")
    elif level in (InterventionLevel.HIGH, InterventionLevel.SUBSTANTIAL):
        if ind.truancy_band in top_bands:
            add("truancy", "Truancy is in the highest 25% of schools nationally")
        if ind.absence_band in top_bands:
            add("absence", "Total absence is in the highest 25% of schools nationally")
    if level in (
        InterventionLevel.INTENSIVE,
        InterventionLevel.HIGH,
        InterventionLevel.SUBSTANTIAL,
    ):
        if high_exclusions:
            add("exclusions", f"{exclusions_text} ({_num(t.exclusions_high)} or more)")
        limit = {
            InterventionLevel.INTENSIVE: (t.unsafe_high, "a high proportion"),
            InterventionLevel.HIGH: (t.unsafe_significant, "a significant proportion"),
            InterventionLevel.SUBSTANTIAL: (t.unsafe_significant, "a significant proportion"),
        }[level]
        if unsafe is not None and unsafe >= limit[0]:
            add("unsafe", f"{unsafe_text}, {limit[1]} ({_pct(limit[0])} or more)")
        share = {
            InterventionLevel.INTENSIVE: t.offending_level1,
            InterventionLevel.HIGH: t.offending_level2,
            InterventionLevel.SUBSTANTIAL: t.offending_level3,
        }[level]
        if offending is not None and offending > share:
            add("offending", f"{offending_text} (more than {_pct(share)})")
        bar = t.reports_high if level is InterventionLevel.INTENSIVE else t.reports_lower
        if reports is not None and reports >= bar:
            add("reports", f"{reports_text} ({_num(bar)} or more)")
    if level in (InterventionLevel.INTENSIVE, InterventionLevel.HIGH):
        if ind.high_crime_area == AuditFlag.YES:
            add("area", "The school is in a high-crime area", measured=False)
        if ind.high_turnover == AuditFlag.YES:
            add("turnover", "High turnover of students or staff", measured=False)
        if high_concern:
            add("concern", "High level of local concern over crime by students", measured=False)
    if level is InterventionLevel.SUBSTANTIAL and some_concern:
        add("concern", "Local concern over crime by students", measured=False)

    if level is InterventionLevel.MODERATE:
        reasons = []
        if ind.truancy_band in top_bands:
            reasons.append("truancy in the highest 25%")
        if ind.absence_band in top_bands:
            reasons.append("total absence in the highest 25%")
        if reports is not None and reports >= t.reports_some:
            reasons.append(f"{_num(reports)} crime and disorder reports a week")
        if reasons:
            add(
                "attendance_or_reports", "Either truancy, absence or reports: " + "; ".join(reasons)
            )
        if high_exclusions:
            # A high number meets "a low number of exclusions" and more: a level 1 to 3
            # criterion that is met alone still calls for level 4, never level 5.
            add("exclusions", f"{exclusions_text} ({_num(t.exclusions_high)} or more)")
        elif ind.exclusions and exclusion_rate is not None:
            add("exclusions", f"{exclusions_text} (a low number)", measured=False)
        if unsafe is not None and unsafe >= t.unsafe_concern:
            add("unsafe", f"{unsafe_text}, of concern ({_pct(t.unsafe_concern)} or more)")
        if offending is not None and offending > t.offending_level3:
            # Level 3's offending figure: alone it is not enough for level 3, but a roll
            # with more than 2% known to Police is not "within acceptable levels".
            add("offending", f"{offending_text} (more than {_pct(t.offending_level3)})")
        if ind.rising_offending == AuditFlag.YES:
            add("rising", "Offending by students or calls to Police are rising", measured=False)
        if some_concern:
            add("concern", "Local concern over crime by students", measured=False)
    return met


def _acceptable(ind: Indicators, t: Thresholds) -> list[Criterion]:
    """What supports level 5: figures within acceptable levels."""
    found = []
    below = NationalBand.BELOW_TOP_QUARTILE.value
    if ind.truancy_band == below and ind.absence_band == below:
        found.append(Criterion("attendance", "Truancy and absence are below the highest 25%", True))
    rate = ind.exclusion_rate
    if rate is not None and rate < t.exclusions_high:
        found.append(Criterion("exclusions", f"Exclusions are low ({rate:.1f} per 100)", True))
    if ind.reports_per_week is not None and ind.reports_per_week < t.reports_some:
        found.append(
            Criterion("reports", "Crime and disorder in and around the school is minimal", True)
        )
    share = ind.offending_percent
    if share is not None and share <= t.offending_level3:
        found.append(
            Criterion(
                "offending",
                f"Offending: {_pct(share)} of the roll known to Police "
                f"({_pct(t.offending_level3)} or less)",
                True,
            )
        )
    if not found:
        found.append(Criterion("none", "No criterion for levels 1 to 4 is met", False))
    context = [
        text
        for flag, text in (
            (ind.high_crime_area, "The school is in a high-crime area"),
            (ind.high_turnover, "High turnover of students or staff"),
        )
        if flag == AuditFlag.YES
    ]
    if ind.local_concern in (ConcernLevel.HIGH, ConcernLevel.SOME):
        context.append("Local concern over crime by students")
    if context:
        # Context is recorded, but alone it never raises the level (see the module notes).
        found.append(
            Criterion(
                "context",
                "; ".join(context) + " (context only: with no measured figure of concern, "
                "it does not raise the level)",
                False,
            )
        )
    return found


def level_applies(level: InterventionLevel, met: list[Criterion], t: Thresholds) -> bool:
    measured = any(c.measured for c in met)
    if level is InterventionLevel.MODERATE:
        return measured or len(met) >= t.min_criteria
    return len(met) >= t.min_criteria and measured and any(c.distinctive for c in met)


def suggest_level(ind: Indicators, t: Thresholds = DEFAULT_THRESHOLDS) -> Suggestion:
    missing = tuple(ind.missing())
    for level in list(InterventionLevel)[:-1]:
        met = criteria_met(ind, level, t)
        if level_applies(level, met, t):
            return Suggestion(level, tuple(met), missing, GUIDES[level])
    level5 = InterventionLevel.UNIVERSAL
    return Suggestion(level5, tuple(_acceptable(ind, t)), missing, GUIDES[level5])


def effective_level(audit: NeedsAudit) -> InterventionLevel | None:
    """The level that applies (the rule is ``lpc_core.rules.agreed_level``)."""
    return agreed_level(audit.accepted_level, audit.suggested_level)


# -- reading and saving -------------------------------------------------------------------
def latest_audits(session: Session, as_of: date | None = None) -> dict[str, NeedsAudit]:
    """Each school's most recent audit (on or before ``as_of``)."""
    stmt = select(NeedsAudit).where(NeedsAudit.deleted_at.is_(None))
    if as_of is not None:
        stmt = stmt.where(NeedsAudit.assessed_on <= as_of)
    latest: dict[str, NeedsAudit] = {}
    for audit in session.scalars(stmt):
        best = latest.get(audit.school_id)
        if best is None or (audit.assessed_on, audit.created_at) > (
            best.assessed_on,
            best.created_at,
        ):
            latest[audit.school_id] = audit
    return latest


def latest_audit(session: Session, school_id: str) -> NeedsAudit | None:
    stmt = (
        select(NeedsAudit)
        .where(NeedsAudit.school_id == school_id, NeedsAudit.deleted_at.is_(None))
        .order_by(NeedsAudit.assessed_on.desc(), NeedsAudit.created_at.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def save_audit(
    uow: UnitOfWork,
    school_id: str,
    values: Mapping[str, Any],
    accepted_level: int | None = None,
    override_reason: str = "",
    audit_id: str | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> NeedsAudit:
    """Save the audit with the level suggested by these very values.

    ``accepted_level`` None accepts the suggestion. A different level needs a reason; the
    suggestion and its criteria are stored beside it so the record shows both.
    """
    cleaned = clean_values(NeedsAudit, dict(values))
    suggestion = suggest_level(Indicators.of(cleaned), thresholds)
    level = int(accepted_level) if accepted_level is not None else suggestion.level.value
    reason = override_reason.strip()
    if level != suggestion.level.value and not reason:
        raise ValidationError(
            [
                FieldError(
                    "override_reason",
                    "Reason for a level other than the one suggested",
                    f"is required, as level {level} was chosen where level "
                    f"{suggestion.level.value} is suggested",
                )
            ]
        )
    fields = dict(
        cleaned,
        suggested_level=suggestion.level.value,
        accepted_level=level,
        override_reason=reason if level != suggestion.level.value else "",
        criteria=suggestion.criteria_text(),
    )
    if audit_id is not None:
        return uow.update(uow.get(NeedsAudit, audit_id), **fields)
    return uow.add(NeedsAudit, school_id=school_id, **fields)
