"""Stage 1, relationship and information sharing (SARA: Scan)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String
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

DEFAULT_LEGAL_BASIS = (
    "Information is collected, used, stored and disclosed in line with the Privacy Act 2020 "
    "and its information privacy principles. Disclosure without consent relies on the "
    "exceptions the Act allows, such as preventing or lessening a serious threat to a "
    "person's safety, or maintaining the law."
)
"""What a new agreement says about the legal basis until the district words its own."""


class PartnershipAgreement(Synced, Base):
    __tablename__ = "partnership_agreements"
    __label__ = "partnership agreement"
    # Exactly what the schools list reads of each live row (``school_list_sql``), so the
    # start-up read skips the long texts (migration 0014 says what it measured).
    __table_args__ = (
        Index(
            "ix_partnership_agreements_live",
            "deleted_at",
            "id",
            "school_id",
            "agreed_on",
            "review_on",
            "created_at",
        ),
    )

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    parties: Mapped[str] = long_text("Parties to the agreement")
    purpose: Mapped[str] = long_text("Purpose of the partnership")
    police_commitments: Mapped[str] = long_text("Police commitments")
    school_commitments: Mapped[str] = long_text("School commitments")
    # The information-sharing protocol. ``information_sharing`` held the whole protocol as
    # one text before revision 0007; that text is kept as the protocol's purpose.
    information_sharing: Mapped[str] = long_text(
        "Information sharing: purpose",
        help="Why Police and the school share information, and what it is used for",
    )
    sharing_from_police: Mapped[str] = long_text(
        "Information sharing: what Police share",
        help="What Police share with the school, how often and in what form",
    )
    sharing_from_school: Mapped[str] = long_text(
        "Information sharing: what the school shares",
        help="What the school shares with Police, how often and in what form "
        "(school-level information, never a record of an individual student)",
    )
    sharing_storage: Mapped[str] = long_text(
        "Information sharing: storage and access",
        help="How shared information is stored and who may see it",
    )
    sharing_disclosure: Mapped[str] = long_text(
        "Information sharing: disclosure",
        help="When either party may disclose shared information, and to whom",
    )
    sharing_legal_basis: Mapped[str] = long_text(
        "Information sharing: legal basis", default=DEFAULT_LEGAL_BASIS
    )
    sharing_review_on: Mapped[date | None] = date_field("Information sharing: review date")
    # The serious-offending protocol; ``serious_offending_protocol`` held it as one text
    # before revision 0007 and is kept as who the school calls.
    serious_offending_protocol: Mapped[str] = long_text(
        "Serious offending: who the school calls, and when"
    )
    serious_police_action: Mapped[str] = long_text("Serious offending: what Police do")
    serious_school_process: Mapped[str] = long_text(
        "Serious offending: Police action and the school's own processes",
        help="How Police action fits with the school's disciplinary and behaviour "
        "management processes (stand-downs, restorative practice, pastoral care)",
    )
    serious_recording: Mapped[str] = long_text(
        "Serious offending: recording and reporting back",
        help="How incidents are recorded and how each party reports back to the other",
    )
    # Who signs. The school signs through its principal (and, if the board wishes, its
    # presiding member); Police through the Lead Police Contact and a supervisor.
    school_signatory: Mapped[str] = text("Principal / tumuaki signing")
    school_signatory_role: Mapped[str] = text(
        "Principal's title", help="For example Principal, Tumuaki or Acting Principal"
    )
    board_signatory: Mapped[str] = text("Board presiding member signing (optional)")
    police_signatory: Mapped[str] = text("Lead Police Contact signing")
    police_signatory_role: Mapped[str] = text(
        "Lead Police Contact's rank", help="For example Constable or Senior Constable"
    )
    supervisor_signatory: Mapped[str] = text("Police supervisor signing")
    supervisor_signatory_role: Mapped[str] = text(
        "Supervisor's rank and role", help="For example Sergeant, Youth Services"
    )
    agreed_on: Mapped[date | None] = date_field("Date agreed")
    review_on: Mapped[date | None] = date_field("Review date")


class SchoolProfile(Synced, Base):
    """The yearly profile of issues: Police data on one side, school data on the other."""

    __tablename__ = "school_profiles"
    __label__ = "school profile"
    # What the schools list reads of each live row (see ``PartnershipAgreement``).
    __table_args__ = (
        Index("ix_school_profiles_live", "deleted_at", "id", "school_id", "year", "prepared_on"),
    )

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
