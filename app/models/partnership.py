"""The partnership itself: which stage it is at, its status, and the engagement log."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, choice, date_field, long_text, text
from app.models.vocabulary import EngagementKind, PartnershipStatus


class Partnership(Synced, Base):
    """One per school. ``stage`` is the stage being worked on; completion dates record
    when each stage's rules were met and the stage was signed off."""

    __tablename__ = "partnerships"
    __label__ = "partnership"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    stage: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    status: Mapped[str] = choice("Status", PartnershipStatus, default=PartnershipStatus.ACTIVE)
    started_on: Mapped[date | None] = date_field("Partnership started")
    maintain_reason: Mapped[str] = long_text(
        "Reason for maintaining at stage 1",
        help="Why the school and Police agreed the partnership stays at stage 1",
    )
    stage1_completed_on: Mapped[date | None] = date_field("Stage 1 completed")
    stage2_completed_on: Mapped[date | None] = date_field("Stage 2 completed")
    stage3_completed_on: Mapped[date | None] = date_field("Stage 3 completed")
    stage4_completed_on: Mapped[date | None] = date_field("Stage 4 completed")

    def completed_on(self, stage: int) -> date | None:
        value: date | None = getattr(self, f"stage{stage}_completed_on")
        return value


class EngagementEntry(Synced, Base):
    __tablename__ = "engagement_entries"
    __label__ = "engagement log entry"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    occurred_on: Mapped[date] = date_field("Date", required=True)
    kind: Mapped[str] = choice("Kind", EngagementKind, default=EngagementKind.VISIT)
    people: Mapped[str] = text("People present", max_len=500)
    summary: Mapped[str] = long_text("Summary", required=True)
