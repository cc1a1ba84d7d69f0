"""Stage 1, relationship and information sharing (SARA: Scan)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    Synced,
    choice,
    date_field,
    integer,
    long_text,
    number,
    text,
)
from app.models.vocabulary import SafetyPerception


class PartnershipAgreement(Synced, Base):
    __tablename__ = "partnership_agreements"
    __label__ = "partnership agreement"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    parties: Mapped[str] = long_text("Parties to the agreement")
    purpose: Mapped[str] = long_text("Purpose of the partnership")
    police_commitments: Mapped[str] = long_text("Police commitments")
    school_commitments: Mapped[str] = long_text("School commitments")
    information_sharing: Mapped[str] = long_text("Information-sharing arrangements")
    serious_offending_protocol: Mapped[str] = long_text("Protocol for serious offending")
    police_signatory: Mapped[str] = text("Police signatory")
    police_signatory_role: Mapped[str] = text("Police signatory's role")
    school_signatory: Mapped[str] = text("School signatory")
    school_signatory_role: Mapped[str] = text("School signatory's role")
    agreed_on: Mapped[date | None] = date_field("Date agreed")
    review_on: Mapped[date | None] = date_field("Review date")


class SchoolProfile(Synced, Base):
    """The yearly profile of issues: Police data on one side, school data on the other."""

    __tablename__ = "school_profiles"
    __label__ = "school profile"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    year: Mapped[int] = integer("Year", required=True, minimum=2000, maximum=2100)
    prepared_on: Mapped[date | None] = date_field("Date prepared")
    police_crime_data: Mapped[str] = long_text("Crime around the school (Police data)")
    police_victimisation_data: Mapped[str] = long_text("Victimisation (Police data)")
    police_harm_data: Mapped[str] = long_text("Harm, including crashes (Police data)")
    behaviour_concerns: Mapped[str] = long_text("Behaviour concerns (school data)")
    stand_downs: Mapped[int | None] = integer("Stand-downs this year", maximum=10_000)
    suspensions: Mapped[int | None] = integer("Suspensions this year", maximum=10_000)
    exclusions: Mapped[int | None] = integer("Exclusions and expulsions this year", maximum=10_000)
    attendance_rate: Mapped[float | None] = number("Regular attendance (%)", minimum=0, maximum=100)
    truancy_notes: Mapped[str] = long_text("Attendance and truancy")
    safety_perception: Mapped[str] = choice(
        "Perceptions of safety", SafetyPerception, default=SafetyPerception.UNKNOWN
    )
    safety_survey_notes: Mapped[str] = long_text("Safety survey findings")
    priorities: Mapped[str] = long_text("Agreed priorities")


class Outcome(Synced, Base):
    """An agreed outcome with its measure of success, baseline and target."""

    __tablename__ = "outcomes"
    __label__ = "agreed outcome"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    description: Mapped[str] = text("Outcome", required=True, max_len=500)
    measure: Mapped[str] = text("Measure of success", max_len=500)
    unit: Mapped[str] = text("Unit", max_len=60)
    baseline: Mapped[float | None] = number("Baseline")
    target: Mapped[float | None] = number("Target")


class OutcomeMeasurement(Synced, Base):
    """A measured result for an outcome, so progress can be charted over time."""

    __tablename__ = "outcome_measurements"
    __label__ = "outcome measurement"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    outcome_id: Mapped[str] = mapped_column(String(36), ForeignKey("outcomes.id"), index=True)
    measured_on: Mapped[date] = date_field("Date measured", required=True)
    value: Mapped[float] = number("Measured value", required=True)
    note: Mapped[str] = text("Note", max_len=500)
