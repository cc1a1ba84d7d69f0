"""Schools, the people around them and the community organisations they work with.

Only school-level information is kept: people here are staff and officers in their
professional roles, never students.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, choice, date_field, integer, long_text, text
from app.models.vocabulary import OrganisationKind, Role, SchoolType, ServiceTier


class School(Synced, Base):
    __tablename__ = "schools"
    __label__ = "school"

    name: Mapped[str] = text("School name", required=True)
    moe_number: Mapped[int | None] = integer(
        "Ministry of Education number",
        minimum=1,
        maximum=99_999,
        help="The school's institution number, 1 to 99999",
    )
    school_type: Mapped[str] = choice("School type", SchoolType, default=SchoolType.FULL_PRIMARY)
    roll: Mapped[int | None] = integer("Roll", minimum=0, maximum=10_000)
    address: Mapped[str] = text("Address", max_len=300)
    cluster: Mapped[str] = text("Cluster / Kāhui Ako")
    district: Mapped[str] = text("Police district")
    area: Mapped[str] = text("Police area")
    phone: Mapped[str] = text("School phone", max_len=40)
    notes: Mapped[str] = long_text("Notes")
    archived: Mapped[bool] = mapped_column(default=False, nullable=False)


class Person(Synced, Base):
    """A contact in a professional role: an officer, the Lead School Contact, a principal."""

    __tablename__ = "people"
    __label__ = "contact"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    name: Mapped[str] = text("Name", required=True)
    role: Mapped[str] = choice("Role", Role, default=Role.OTHER)
    role_detail: Mapped[str] = text("Role detail")
    email: Mapped[str] = text("Email")
    phone: Mapped[str] = text("Phone", max_len=40)


class CommunityOrganisation(Synced, Base):
    __tablename__ = "community_organisations"
    __label__ = "community organisation"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    name: Mapped[str] = text("Organisation", required=True)
    kind: Mapped[str] = choice("Kind", OrganisationKind, default=OrganisationKind.OTHER)
    purpose: Mapped[str] = text("How they work with the school", max_len=500)
    contact: Mapped[str] = text("Contact")


class SchoolService(Synced, Base):
    """One kind of Police service the school receives, in the NZ operating model's terms."""

    __tablename__ = "school_services"
    __label__ = "Police service"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    tier: Mapped[str] = choice("Kind of service", ServiceTier, default=ServiceTier.RELATIONSHIP)
    details: Mapped[str] = text(
        "What it involves",
        max_len=500,
        help="For example which programme, or who is in the traffic safety team",
    )
    started_on: Mapped[date | None] = date_field("Since")
