"""Stage 2, analysis of shared goals (SARA: Analyse)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, long_text, text
from app.models.years import year_column


class SaraPlan(Synced, Base):
    """A SARA problem-solving plan: theories are tested against data before responding."""

    __tablename__ = "sara_plans"
    __label__ = "SARA plan"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    year: Mapped[int] = year_column()
    title: Mapped[str] = text("Plan title", required=True)
    problem_statement: Mapped[str] = long_text("Problem statement")
    scan_data: Mapped[str] = long_text("Scan: data gathered")
    theories: Mapped[str] = long_text("Analysis: theories")
    data_tested: Mapped[str] = long_text("Analysis: data used to test the theories")
    why_it_occurs: Mapped[str] = long_text("Analysis: why the problem occurs")
    responses_considered: Mapped[str] = long_text("Responses considered")
    assessment_approach: Mapped[str] = long_text("How the response will be assessed")
