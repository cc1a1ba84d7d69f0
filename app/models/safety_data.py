"""Perceptions-of-safety surveys and the Police data table behind a school profile.

Both hold school-level figures only: a survey records how many in a group answered and
what share of them feel safe, and a Police data row counts offences or harm in an area
over a period. Neither ever names or describes an individual student.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, choice, date_field, integer, long_text, number, text
from app.models.vocabulary import RespondentGroup


class SafetySurvey(Synced, Base):
    """One perceptions-of-safety survey of one group; a school may run several a year."""

    __tablename__ = "safety_surveys"
    __label__ = "safety survey"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    surveyed_on: Mapped[date] = date_field("Date of the survey", required=True)
    respondents: Mapped[str] = choice(
        "Respondent group", RespondentGroup, default=RespondentGroup.STUDENTS
    )
    respondent_count: Mapped[int | None] = integer(
        "Number of respondents", minimum=0, maximum=100_000
    )
    safe_at_school: Mapped[float | None] = number("Feel safe at school (%)", minimum=0, maximum=100)
    safe_travelling: Mapped[float | None] = number(
        "Feel safe on the way to and from school (%)", minimum=0, maximum=100
    )
    unsafe_places: Mapped[str] = long_text(
        "Where they feel unsafe", help="Places and times, for example the bus stop after school"
    )
    notes: Mapped[str] = long_text("Notes")


class PoliceDataRow(Synced, Base):
    """One line of the profile's Police data: a count for an area, a category and a period."""

    __tablename__ = "police_data_rows"
    __label__ = "Police data row"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    profile_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("school_profiles.id"), index=True
    )
    category: Mapped[str] = text(
        "Offence or harm category",
        required=True,
        help="For example burglary, assault, crashes involving young people",
    )
    period: Mapped[str] = text("Period", help="For example Jan-Jun 2026 or Term 1 2026")
    area: Mapped[str] = text("Area", help="For example within 500 m of the school")
    count: Mapped[int | None] = integer("Count", minimum=0, maximum=1_000_000)
    notes: Mapped[str] = long_text("Notes", help="Place and time patterns, trends")
