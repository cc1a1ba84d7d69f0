"""The partnership itself: which stage it is at, its status, and the engagement log."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, choice, date_field, long_text, text
from app.models.vocabulary import EngagementKind, PartnershipStatus


class Partnership(Synced, Base):
    """One per school, across all its years: when it started and whether it is open.

    How far each year has come lives on ``PartnershipYear`` (app/models/years.py).
    ``status`` here is ``active`` or ``closed``; "maintaining at stage 1" is a year's.
    """

    __tablename__ = "partnerships"
    __label__ = "partnership"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    status: Mapped[str] = choice("Status", PartnershipStatus, default=PartnershipStatus.ACTIVE)
    started_on: Mapped[date | None] = date_field("Partnership started")


class EngagementEntry(Synced, Base):
    __tablename__ = "engagement_entries"
    __label__ = "engagement log entry"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    occurred_on: Mapped[date] = date_field("Date", required=True)
    kind: Mapped[str] = choice("Kind", EngagementKind, default=EngagementKind.VISIT)
    people: Mapped[str] = text("People present", max_len=500)
    summary: Mapped[str] = long_text("Summary", required=True)
