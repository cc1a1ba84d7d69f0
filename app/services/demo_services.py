"""The demo district's Police services, in the NZ operating model's tiers.

Every school has relationship and information sharing; some add support for a
Police-endorsed education programme or a school traffic safety team, and a few schools
whose partnership has reached a response have a school-wide intervention, as the model
intends for a small number of schools.
"""

from __future__ import annotations

from datetime import timedelta

from app.models import SchoolService
from app.models.vocabulary import ServiceTier
from app.services.records import load_school
from app.services.unit_of_work import UnitOfWork

DETAILS = {
    ServiceTier.RELATIONSHIP: "Termly meeting with the principal; information shared each term",
    ServiceTier.EDUCATION: "Keeping Ourselves Safe, delivered with teachers in term 2",
    ServiceTier.TRAFFIC_SAFETY: "Student road patrol trained and supported each term",
    ServiceTier.SCHOOL_WIDE: "Joint problem-solving response under the SARA plan",
}


def add_services(uow: UnitOfWork, school_id: str, i: int) -> None:
    records = load_school(uow.session, school_id)
    started = records.partnership.started_on if records.partnership else None
    tiers = [ServiceTier.RELATIONSHIP]
    if i % 3 == 1:
        tiers.append(ServiceTier.EDUCATION)
    if i % 4 == 2:
        tiers.append(ServiceTier.TRAFFIC_SAFETY)
    if records.responses and i % 3 == 0:
        tiers.append(ServiceTier.SCHOOL_WIDE)
    for k, tier in enumerate(tiers):
        uow.add(
            SchoolService,
            school_id=school_id,
            tier=tier.value,
            details=DETAILS[tier],
            started_on=started + timedelta(days=30 * k) if started else None,
        )
