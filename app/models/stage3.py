"""Stage 3, response (SARA: Respond): SMART aims, chosen responses and the annual plan."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, choice, date_field, integer, long_text, number, text
from app.models.vocabulary import ActionHorizon, ActivityStatus, ResponseKind
from app.models.years import year_column


class ResponseAim(Synced, Base):
    """A SMART aim: specific statement, a measure with a target, why it is attainable and
    realistic, and a date it is due by."""

    __tablename__ = "response_aims"
    __label__ = "response aim"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    year: Mapped[int] = year_column()
    outcome_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("outcomes.id"), nullable=True, index=True
    )
    statement: Mapped[str] = text("Aim", required=True, max_len=500)
    measure: Mapped[str] = text("How it will be measured", max_len=500)
    baseline: Mapped[float | None] = number("Baseline")
    target: Mapped[float | None] = number("Target")
    unit: Mapped[str] = text("Unit", max_len=60)
    attainable: Mapped[str] = long_text("Why it is attainable")
    realistic: Mapped[str] = long_text("Why it is realistic (resources, people)")
    due_on: Mapped[date | None] = date_field("Due by")


class Response(Synced, Base):
    """A response chosen from the catalogue, with the rationale for choosing it."""

    __tablename__ = "responses"
    __label__ = "response"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    year: Mapped[int] = year_column()
    aim_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("response_aims.id"), nullable=True, index=True
    )
    kind: Mapped[str] = choice("Response", ResponseKind, default=ResponseKind.OTHER)
    description: Mapped[str] = long_text("Description")
    rationale_evidence: Mapped[str] = long_text("Rationale: shown to work (evidence)")
    rationale_resourcing: Mapped[str] = long_text("Rationale: timeframe and resourcing")
    rationale_buy_in: Mapped[str] = long_text("Rationale: stakeholder buy-in")
    rationale_logic: Mapped[str] = long_text("Rationale: how it will affect the problem")


class AnnualPlan(Synced, Base):
    __tablename__ = "annual_plans"
    __label__ = "annual partnership plan"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    year: Mapped[int] = integer("Year", required=True, minimum=2000, maximum=2100)
    agreed_on: Mapped[date | None] = date_field("Date agreed")
    school_agreed_by: Mapped[str] = text("Agreed for the school by")
    school_agreed_by_role: Mapped[str] = text(
        "School signatory's role", help="For example Principal or Tumuaki"
    )
    police_agreed_by: Mapped[str] = text("Agreed for Police by")
    police_agreed_by_role: Mapped[str] = text(
        "Police signatory's rank and role", help="For example Constable, Lead Police Contact"
    )
    notes: Mapped[str] = long_text("Notes")


class PlanActivity(Synced, Base):
    __tablename__ = "plan_activities"
    __label__ = "plan activity"
    # Exactly what the schools list reads of each live row (``school_list_sql``), so the
    # start-up read skips the steps (migration 0014 says what it measured).
    __table_args__ = (
        Index(
            "ix_plan_activities_live",
            "deleted_at",
            "id",
            "school_id",
            "plan_id",
            "status",
            "due_on",
            "starts_on",
            "title",
            "horizon",
            "position",
        ),
    )

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    plan_id: Mapped[str] = mapped_column(String(36), ForeignKey("annual_plans.id"), index=True)
    response_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("responses.id"), nullable=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    title: Mapped[str] = text("Activity", required=True, max_len=300)
    steps: Mapped[str] = long_text("Steps")
    starts_on: Mapped[date | None] = date_field("Starts")
    due_on: Mapped[date | None] = date_field("Due")
    resources: Mapped[str] = text("Resources", max_len=500)
    lead: Mapped[str] = text("Lead")
    status: Mapped[str] = choice("Status", ActivityStatus, default=ActivityStatus.PLANNED)
    horizon: Mapped[str] = choice("Horizon", ActionHorizon, default=ActionHorizon.SHORT_TERM)
    completed_on: Mapped[date | None] = date_field("Completed")


class PlanReview(Synced, Base):
    """A review of the action plan; short-term actions are reviewed monthly."""

    __tablename__ = "plan_reviews"
    __label__ = "plan review"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    plan_id: Mapped[str] = mapped_column(String(36), ForeignKey("annual_plans.id"), index=True)
    reviewed_on: Mapped[date] = date_field("Date reviewed", required=True)
    outcome: Mapped[str] = long_text("Outcome of the review")
