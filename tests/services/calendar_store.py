"""A store for the calendar tests: every kind of due date, and a secret in every notes field.

Each text field a person types into (notes, descriptions, protocols, profile contents,
review outcomes, contacts) holds a distinctive word that must never reach the calendar
file. School names and activity titles are what an event is allowed to show.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from app.models import (
    AnnualPlan,
    EngagementEntry,
    Partnership,
    PartnershipAgreement,
    Person,
    PlanActivity,
    PlanReview,
    School,
    SchoolProfile,
    Synced,
)
from app.models.vocabulary import ActionHorizon, ActivityStatus, PartnershipStatus
from app.services.schools import archive_school, create_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork

TODAY = date(2026, 11, 24)
SHOWN = {(School, "name"), (PlanActivity, "title")}
"""The only typed text an event may carry."""

SECRET_MARK = "Zqx"


def secrets_for(model: type[Synced], tag: str) -> dict[str, str]:
    """A distinctive value for every free-text field of ``model`` (names and titles aside)."""
    values = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        spec = column.info.get("spec")
        if spec is None or spec.kind not in ("text", "long_text") or (model, column.key) in SHOWN:
            continue
        values[column.key] = f"{SECRET_MARK}{tag}{column.key.replace('_', '')}"[: spec.max_len]
    return values


def all_secrets(store: Store) -> set[str]:
    """Every secret written, read back from the store (so a value cut short still counts)."""
    found: set[str] = set()
    with store.session() as session:
        for model in (
            School,
            Partnership,
            PartnershipAgreement,
            SchoolProfile,
            AnnualPlan,
            PlanActivity,
            PlanReview,
            Person,
            EngagementEntry,
        ):
            for row in session.query(model):
                for field in secrets_for(model, "x"):
                    value = getattr(row, field)
                    if isinstance(value, str) and value.startswith(SECRET_MARK):
                        found.add(value)
    return found


def _school(uow: UnitOfWork, name: str, tag: str, **values: Any) -> str:
    school = create_school(uow, name=name, **secrets_for(School, tag), **values)
    partnership = uow.session.query(Partnership).filter_by(school_id=school.id).one()
    uow.update(partnership, **secrets_for(Partnership, tag))
    uow.add(Person, school_id=school.id, **secrets_for(Person, tag))  # a name: secret too
    uow.add(
        EngagementEntry,
        school_id=school.id,
        occurred_on=TODAY - timedelta(days=3),
        **secrets_for(EngagementEntry, tag),
    )
    return school.id


def build_calendar_store(store: Store) -> dict[str, str]:
    """Schools with overdue, coming-up and later due dates of every kind; their ids by name."""
    with UnitOfWork(store) as uow:
        kowhai = _school(uow, "Kōwhai Grove School", "A")
        uow.add(
            PartnershipAgreement,
            school_id=kowhai,
            agreed_on=date(2025, 11, 1),
            review_on=date(2026, 11, 1),
            **secrets_for(PartnershipAgreement, "A"),
        )
        uow.add(
            SchoolProfile,
            school_id=kowhai,
            year=2025,
            prepared_on=date(2025, 10, 1),
            **secrets_for(SchoolProfile, "A"),
        )
        plan = uow.add(
            AnnualPlan,
            school_id=kowhai,
            year=2026,
            agreed_on=date(2026, 8, 1),
            **secrets_for(AnnualPlan, "A"),
        )
        uow.add(
            PlanReview,
            school_id=kowhai,
            plan_id=plan.id,
            reviewed_on=date(2026, 9, 15),
            **secrets_for(PlanReview, "A"),
        )
        activity = secrets_for(PlanActivity, "A")
        uow.add(
            PlanActivity,
            school_id=kowhai,
            plan_id=plan.id,
            title="Road Safe week",
            due_on=date(2026, 11, 20),
            **activity,
        )
        uow.add(
            PlanActivity,
            school_id=kowhai,
            plan_id=plan.id,
            title="Kia Kaha lessons",
            starts_on=date(2026, 8, 1),
            due_on=date(2027, 6, 30),
            horizon=ActionHorizon.LONG_TERM.value,
            **activity,
        )
        uow.add(
            PlanActivity,
            school_id=kowhai,
            plan_id=plan.id,
            title="Done thing",
            due_on=date(2026, 10, 1),
            status=ActivityStatus.DONE.value,
            **activity,
        )

        totara = _school(uow, "Tōtara School", "B")  # no profile at all
        uow.add(
            PartnershipAgreement,
            school_id=totara,
            agreed_on=date(2025, 12, 10),
            review_on=TODAY + timedelta(days=10),
            **secrets_for(PartnershipAgreement, "B"),
        )

        rimu = _school(uow, "Te Kura o Rimu", "C")  # everything in the future
        uow.add(
            PartnershipAgreement,
            school_id=rimu,
            agreed_on=date(2026, 3, 1),
            review_on=date(2027, 3, 1),
            **secrets_for(PartnershipAgreement, "C"),
        )
        uow.add(
            SchoolProfile,
            school_id=rimu,
            year=2026,
            prepared_on=date(2026, 3, 1),
            **secrets_for(SchoolProfile, "C"),
        )

        closed = _school(uow, "Closed Bay School", "D")  # raises nothing
        partnership = uow.session.query(Partnership).filter_by(school_id=closed).one()
        uow.update(partnership, status=PartnershipStatus.CLOSED.value)
        archived = _school(uow, "Archived Hill School", "E")
        archive_school(uow, archived)
    return {"Kōwhai Grove School": kowhai, "Tōtara School": totara, "Te Kura o Rimu": rimu}
