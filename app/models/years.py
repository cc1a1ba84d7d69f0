"""Partnership years: the four-stage model run as a yearly cycle.

The decision, taken from the domain and the sync design:

* The Police-School Partnership Model is a cycle. Each school year (Term 1 to Term 4 of
  one calendar year) the profile is updated, the annual plan agreed, and stage 4's next
  steps feed the next round. So a **partnership year** is named by its calendar year and
  holds that year's stage progress: the stage being worked on, the four completion dates,
  and whether the year was closed at stage 1 by agreement (with its reason).
* The year's own records carry the year as a plain ``year`` integer (the profile and the
  annual plan always did; the SARA plan, response aims, responses, assessments, reflection
  and narrative now do too). Plan activities and reviews follow their plan. The
  agreement keeps its own term and outcomes (with their measurements) span years.
  ``app.models.vocabulary`` lists which tables are which (``YEAR_TABLES``...).
* Why a year number and not a foreign key to the year row: rows travel one by one with a
  version, in any order, and two laptops may each start the same year offline. A natural
  key ``(school_id, year)`` needs no parent to arrive first and means the same thing on
  every device. The year row's own id is derived from that key (``year_row_id``), so two
  laptops that start 2027 for one school create the *same* row, which sync then merges
  field by field like any other edit instead of holding two competing copies.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, choice, date_field, integer, long_text
from app.models.vocabulary import YEAR_MAX, YEAR_MIN, PartnershipStatus

YEAR_NAMESPACE = uuid.UUID("6f1c2f0e-5d7b-4d8e-9a51-1b1f0c7e2a13")
"""Fixed forever: changing it would give existing years new ids."""


def year_row_id(school_id: str, year: int) -> str:
    """The id of a school's year row, the same on every device (see the module docstring)."""
    return str(uuid.uuid5(YEAR_NAMESPACE, f"{school_id}:{year}"))


def year_column() -> Mapped[int]:
    """The ``year`` every per-year record carries."""
    column: Mapped[int] = integer("Year", required=True, minimum=YEAR_MIN, maximum=YEAR_MAX)
    return column


class PartnershipYear(Synced, Base):
    """One school's partnership in one school year, and how far the year has come."""

    __tablename__ = "partnership_years"
    __label__ = "partnership year"
    __table_args__ = (UniqueConstraint("school_id", "year"),)

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    year: Mapped[int] = year_column()
    stage: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    status: Mapped[str] = choice(
        "Status this year", PartnershipStatus, default=PartnershipStatus.ACTIVE
    )
    maintain_reason: Mapped[str] = long_text(
        "Reason for maintaining at stage 1",
        help="Why the school and Police agreed the partnership stays at stage 1",
    )
    stage1_completed_on: Mapped[date | None] = date_field("Stage 1 completed")
    stage2_completed_on: Mapped[date | None] = date_field("Stage 2 completed")
    stage3_completed_on: Mapped[date | None] = date_field("Stage 3 completed")
    stage4_completed_on: Mapped[date | None] = date_field("Stage 4 completed")

    def natural_id(self) -> str | None:
        return year_row_id(self.school_id, self.year)

    def completed_on(self, stage: int) -> date | None:
        value: date | None = getattr(self, f"stage{stage}_completed_on")
        return value
