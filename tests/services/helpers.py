"""Builders for test data, written through the real services."""

from __future__ import annotations

from datetime import date, timedelta

from app.models import (
    AimAssessment,
    AnnualPlan,
    Outcome,
    PartnershipAgreement,
    Person,
    PlanActivity,
    Reflection,
    Response,
    ResponseAim,
    SaraPlan,
    School,
    SchoolProfile,
)
from app.models.vocabulary import ResponseKind, Role
from app.services.schools import create_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork


def add_school(store: Store, name: str = "Kōwhai Grove School", **values: object) -> str:
    with UnitOfWork(store) as uow:
        return create_school(uow, name=name, **values).id


# What a signed agreement needs besides its parties, commitments and dates.
SIGNED_PROTOCOLS: dict[str, object] = {
    "information_sharing": "Termly summary",
    "sharing_from_police": "Crime counts within 500 m, each term",
    "sharing_from_school": "Stand-down totals, each term",
    "sharing_storage": "Principal's secure folder",
    "sharing_disclosure": "Only where the law allows",
    "sharing_review_on": date(2027, 2, 1),
    "serious_offending_protocol": "Call 111",
    "serious_police_action": "Police attend and investigate",
    "serious_school_process": "The school's behaviour policy runs alongside",
    "serious_recording": "Each records it; the LPC reports back within a week",
    "school_signatory": "Hemi Walker",
    "school_signatory_role": "Principal",
    "police_signatory": "Const. Aroha Ngata",
    "police_signatory_role": "Constable",
    "supervisor_signatory": "Sgt. Ana Te Rangi",
    "supervisor_signatory_role": "Sergeant, Youth and Community",
}


def fill_stage_one(store: Store, school_id: str, today: date) -> None:
    with UnitOfWork(store) as uow:
        uow.add(
            Person,
            school_id=school_id,
            name="Const. Aroha Ngata",
            role=Role.LEAD_POLICE_CONTACT.value,
        )
        uow.add(
            Person, school_id=school_id, name="Hemi Walker", role=Role.LEAD_SCHOOL_CONTACT.value
        )
        uow.add(
            PartnershipAgreement,
            school_id=school_id,
            parties="Police and the school",
            police_commitments="Share data",
            school_commitments="Share concerns",
            **SIGNED_PROTOCOLS,
            agreed_on=today - timedelta(days=30),
            review_on=today + timedelta(days=335),
        )
        uow.add(
            SchoolProfile,
            school_id=school_id,
            year=today.year,
            prepared_on=today,
            police_crime_data="12 thefts",
            behaviour_concerns="Bullying at the bus stop",
            priorities="Bus stop safety",
        )
        uow.add(
            Outcome,
            school_id=school_id,
            description="Fewer bullying reports",
            measure="reports per term",
            baseline=18,
            target=12,
        )


def fill_stage_two(store: Store, school_id: str) -> None:
    with UnitOfWork(store) as uow:
        uow.add(
            SaraPlan,
            school_id=school_id,
            title="Bus stop",
            problem_statement="Bullying",
            scan_data="18 reports",
            theories="No adults present",
            data_tested="Report times",
            why_it_occurs="Gap after the bell",
            assessment_approach="Term counts",
        )


def fill_stage_three(store: Store, school_id: str, today: date) -> str:
    with UnitOfWork(store) as uow:
        aim = uow.add(
            ResponseAim,
            school_id=school_id,
            statement="Reduce bullying reports at the bus stop by Year 7 students",
            measure="reports per term",
            baseline=18,
            target=12,
            attainable="Done elsewhere",
            realistic="Two staff on duty",
            due_on=today + timedelta(days=200),
        )
        uow.add(
            Response,
            school_id=school_id,
            aim_id=aim.id,
            kind=ResponseKind.KIA_KAHA.value,
            rationale_evidence="National evaluation",
            rationale_resourcing="One term",
            rationale_buy_in="Board agreed",
            rationale_logic="Skills to report",
        )
        plan = uow.add(AnnualPlan, school_id=school_id, year=today.year)
        uow.add(
            PlanActivity,
            school_id=school_id,
            plan_id=plan.id,
            title="Launch assembly",
            due_on=today + timedelta(days=20),
            lead="Hemi Walker",
        )
        return aim.id


def fill_stage_four(store: Store, school_id: str, aim_id: str) -> None:
    with UnitOfWork(store) as uow:
        uow.add(
            AimAssessment,
            school_id=school_id,
            aim_id=aim_id,
            result="achieved",
            measured_value=11,
            evidence="Incident log",
        )
        uow.add(
            Reflection,
            school_id=school_id,
            what_happened="Fewer reports",
            why_it_happened="Adults present",
            do_differently="Start earlier",
            next_steps="Keep the roster",
        )


def school_count(store: Store) -> int:
    with store.session() as s:
        return s.query(School).count()
