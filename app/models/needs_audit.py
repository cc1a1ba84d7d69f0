"""The needs audit: indicators that suggest how intensive a school's partnership should be.

After the intervention levels in the UK Safer School Partnerships guidance (section 9).
The suggestion and the criteria behind it are stored as they were when the officer saved,
so a later change to the rules never rewrites what was agreed at the time. Every figure
here is about the school as a whole; no student is named or counted individually.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, choice, date_field, integer, long_text, number, text
from app.models.vocabulary import AuditFlag, ConcernLevel, NationalBand


class NeedsAudit(Synced, Base):
    __tablename__ = "needs_audits"
    __label__ = "needs audit"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    assessed_on: Mapped[date] = date_field("Date of the audit", required=True)
    assessed_by: Mapped[str] = text("Assessed by")
    truancy_band: Mapped[str] = choice(
        "Truancy against national figures",
        NationalBand,
        default=NationalBand.UNKNOWN,
        help="Unjustified absence compared with all schools nationally",
    )
    absence_band: Mapped[str] = choice(
        "Total absence against national figures",
        NationalBand,
        default=NationalBand.UNKNOWN,
        help="All absence, justified or not, compared with all schools nationally",
    )
    roll: Mapped[int | None] = integer("Roll at the time of the audit", maximum=10_000)
    exclusions: Mapped[int | None] = integer(
        "Stand-downs, suspensions and exclusions (last 12 months)",
        maximum=10_000,
        help="The number of times, not the number of students",
    )
    offenders_on_roll: Mapped[int | None] = integer(
        "Students on the roll known to Police for offending",
        maximum=10_000,
        help="A count only (arrested, charged or dealt with by Youth Aid in the last 12 "
        "months); never names",
    )
    reports_per_week: Mapped[float | None] = number(
        "Crime and disorder reports per week (6-month average)",
        minimum=0,
        maximum=1_000,
        help="Reports in the school's incident log, averaged over the last six months",
    )
    unsafe_percent: Mapped[float | None] = number(
        "Students and staff who feel unsafe (%)",
        minimum=0,
        maximum=100,
        help="From the latest safety survey",
    )
    local_concern: Mapped[str] = choice(
        "Local concern over crime and anti-social behaviour by students",
        ConcernLevel,
        default=ConcernLevel.UNKNOWN,
    )
    high_crime_area: Mapped[str] = choice(
        "School in a high-crime area", AuditFlag, default=AuditFlag.UNKNOWN
    )
    high_turnover: Mapped[str] = choice(
        "High turnover of students or staff", AuditFlag, default=AuditFlag.UNKNOWN
    )
    rising_offending: Mapped[str] = choice(
        "Offending by students or calls to Police rising", AuditFlag, default=AuditFlag.UNKNOWN
    )
    suggested_level: Mapped[int | None] = integer(
        "Suggested intervention level", minimum=1, maximum=5
    )
    accepted_level: Mapped[int | None] = integer("Agreed intervention level", minimum=1, maximum=5)
    override_reason: Mapped[str] = long_text(
        "Reason for a level other than the one suggested",
        help="Required when the agreed level differs from the suggested one",
    )
    criteria: Mapped[str] = long_text(
        "Criteria that led to the suggestion", help="One criterion a line, as worked out"
    )
    notes: Mapped[str] = long_text("Notes")
