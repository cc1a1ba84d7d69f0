"""Stage 4, achievement of goals (SARA: Assess)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, choice, date_field, long_text, number, text
from app.models.vocabulary import AssessmentResult
from app.models.years import year_column


class AimAssessment(Synced, Base):
    __tablename__ = "aim_assessments"
    __label__ = "aim assessment"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    year: Mapped[int] = year_column()
    aim_id: Mapped[str] = mapped_column(String(36), ForeignKey("response_aims.id"), index=True)
    result: Mapped[str] = choice("Result", AssessmentResult, default=AssessmentResult.NOT_ACHIEVED)
    measured_value: Mapped[float | None] = number("Measured result")
    measured_on: Mapped[date | None] = date_field("Date measured")
    evidence: Mapped[str] = long_text("Evidence")


class Reflection(Synced, Base):
    """Reflective practice: what happened, why, and what we would do differently."""

    __tablename__ = "reflections"
    __label__ = "reflection"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    year: Mapped[int] = year_column()
    what_happened: Mapped[str] = long_text("What happened")
    why_it_happened: Mapped[str] = long_text("Why it happened")
    do_differently: Mapped[str] = long_text("What we would do differently")
    next_steps: Mapped[str] = long_text("Next steps")
    celebration: Mapped[str] = long_text("How the achievement was celebrated")


class InterventionNarrative(Synced, Base):
    """The school-wide intervention narrative shared with other schools and Police."""

    __tablename__ = "intervention_narratives"
    __label__ = "intervention narrative"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    year: Mapped[int] = year_column()
    title: Mapped[str] = text("Title", required=True, max_len=300)
    context: Mapped[str] = long_text("The school and its community")
    problem: Mapped[str] = long_text("The problem")
    intervention: Mapped[str] = long_text("The intervention")
    implementation: Mapped[str] = long_text("How it was implemented")
    results: Mapped[str] = long_text("Results and evidence")
    lessons: Mapped[str] = long_text("Lessons for other schools")
    written_on: Mapped[date | None] = date_field("Date written")
