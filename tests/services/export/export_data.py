"""A school filled through all four stages, written through the real unit of work.

Used by the export tests and by ``bench/export_bench.py``. Every value is distinctive so a
test can find it in the exported document and know which field it came from.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.models import (
    AimAssessment,
    AnnualPlan,
    CommunityOrganisation,
    InterventionNarrative,
    Outcome,
    PartnershipAgreement,
    Person,
    PlanActivity,
    PlanReview,
    Reflection,
    Response,
    ResponseAim,
    SaraPlan,
    School,
    SchoolProfile,
)
from app.models.partnership import Partnership
from app.models.vocabulary import ActivityStatus, ResponseKind, Role
from app.models.years import PartnershipYear
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork

TODAY = date(2026, 3, 2)


def add_school(store: Store, name: str = "Kōwhai Grove School", **values: Any) -> str:
    with UnitOfWork(store) as uow:
        school = uow.add(School, name=name, **values)
        uow.add(Partnership, school_id=school.id, started_on=date(2025, 2, 3))
        uow.add(PartnershipYear, school_id=school.id, year=TODAY.year, stage=3)
        return school.id


def fill_school(
    store: Store,
    name: str = "Kōwhai Grove School",
    *,
    moe_number: int | None = 4321,
    overrides: dict[str, dict[str, Any]] | None = None,
    activities: int = 2,
) -> str:
    """A school with every document's records; ``overrides[Model.__name__]`` changes values."""
    extra = overrides or {}

    def values(model: type, **base: Any) -> dict[str, Any]:
        return {**base, **extra.get(model.__name__, {})}

    sid = add_school(
        store,
        name,
        **values(
            School,
            moe_number=moe_number,
            roll=412,
            address="12 Rātā Street, Ōtautahi Christchurch",
            cluster="Kāhui Ako o Ōtautahi",
            district="Canterbury",
            area="Christchurch Central",
            phone="03 555 0101",
        ),
    )
    with UnitOfWork(store) as uow:
        uow.add(
            Person,
            **values(
                Person,
                school_id=sid,
                name="Sergeant Aroha Ngata",
                role=Role.LEAD_POLICE_CONTACT.value,
                email="aroha.ngata@police.example.nz",
                phone="021 555 0102",
            ),
        )
        uow.add(
            Person,
            school_id=sid,
            name="Hemi Walker",
            role=Role.LEAD_SCHOOL_CONTACT.value,
            email="hemi@school.example.nz",
        )
        uow.add(
            CommunityOrganisation,
            school_id=sid,
            name="Te Whare Awhina Trust",
            purpose="Runs the after-school homework club",
            contact="Mere Tipene",
        )
        uow.add(
            PartnershipAgreement,
            **values(
                PartnershipAgreement,
                school_id=sid,
                parties="New Zealand Police (Canterbury District) and the Board",
                purpose="Keep students safe on the way to and from school.",
                police_commitments="Share termly crime data\nAttend assemblies",
                school_commitments="- Report serious incidents the same day",
                information_sharing="Termly summary emailed to the principal.",
                serious_offending_protocol="Call 111, then the Lead Police Contact.",
                police_signatory="Inspector Rawiri Kingi",
                police_signatory_role="Area Commander",
                school_signatory="Ngaire Brown",
                school_signatory_role="Principal",
                agreed_on=date(2025, 2, 10),
                review_on=date(2026, 2, 10),
            ),
        )
        uow.add(
            SchoolProfile,
            **values(
                SchoolProfile,
                school_id=sid,
                year=2026,
                prepared_on=date(2026, 2, 20),
                police_crime_data="14 thefts from cars near the gate",
                police_harm_data="2 minor crashes on Rātā Street",
                behaviour_concerns="Bullying at the bus stop",
                stand_downs=6,
                suspensions=1,
                attendance_rate=87.5,
                priorities="Bus stop safety\nSafer crossings",
            ),
        )
        uow.add(
            Outcome,
            **values(
                Outcome,
                school_id=sid,
                description="Fewer bullying reports at the bus stop",
                measure="Reports per term",
                unit="reports",
                baseline=18,
                target=9,
            ),
        )
        uow.add(
            SaraPlan,
            **values(
                SaraPlan,
                school_id=sid,
                title="Bus stop bullying",
                problem_statement="Year 7 students report bullying at the bus stop.",
                scan_data="18 reports in term 4",
                theories="No adults are present after the bell",
                data_tested="Report times against the duty roster",
                why_it_occurs="A ten-minute gap in supervision",
                responses_considered="Kia Kaha; a duty teacher at the stop",
                assessment_approach="Count reports each term",
            ),
        )
        aim = uow.add(
            ResponseAim,
            **values(
                ResponseAim,
                school_id=sid,
                statement="Halve bullying reports at the bus stop by term 4",
                measure="Reports per term",
                baseline=18,
                target=9,
                unit="reports",
                attainable="Done at two nearby schools",
                realistic="Two staff on duty each afternoon",
                due_on=date(2026, 12, 11),
            ),
        )
        uow.add(
            Response,
            school_id=sid,
            aim_id=aim.id,
            kind=ResponseKind.KIA_KAHA.value,
            description="Kia Kaha lessons for Years 7 and 8",
            rationale_evidence="National evaluation",
            rationale_resourcing="One term, School Community Officer",
            rationale_buy_in="Board and whānau agreed",
            rationale_logic="Students learn to report and to stand up",
        )
        plan = uow.add(
            AnnualPlan, **values(AnnualPlan, school_id=sid, year=2026, agreed_on=date(2026, 2, 24))
        )
        for n in range(activities):
            uow.add(
                PlanActivity,
                **values(
                    PlanActivity,
                    school_id=sid,
                    plan_id=plan.id,
                    position=n,
                    title=f"Activity {n + 1}: bus stop duty roster",
                    steps="Draft roster\nAgree with staff",
                    starts_on=date(2026, 3, 2),
                    due_on=date(2026, 4, 10),
                    resources="Two staff, hi-vis vests",
                    lead=f"Whaea Mere {n + 1}",
                    status=ActivityStatus.IN_PROGRESS.value,
                ),
            )
        uow.add(
            PlanReview,
            school_id=sid,
            plan_id=plan.id,
            reviewed_on=date(2026, 4, 1),
            outcome="Roster working",
        )
        uow.add(
            AimAssessment,
            school_id=sid,
            aim_id=aim.id,
            result="achieved",
            measured_value=8,
            measured_on=date(2026, 12, 1),
            evidence="Incident log, term 4",
        )
        uow.add(
            Reflection,
            school_id=sid,
            what_happened="Reports fell to 8",
            why_it_happened="Adults were present",
            do_differently="Start the roster in term 1",
            next_steps="Keep the roster; add the second stop",
            celebration="Shared kai at the end-of-year assembly",
        )
        uow.add(
            InterventionNarrative,
            **values(
                InterventionNarrative,
                school_id=sid,
                title="Safer afternoons at the bus stop",
                context="A full primary school in Ōtautahi.",
                problem="Bullying after the bell.",
                intervention="Duty roster and Kia Kaha.",
                implementation="Roster from term 1.",
                results="Reports fell from 18 to 8.",
                lessons="Supervision gaps matter more than programmes.",
                written_on=date(2026, 12, 5),
            ),
        )
    return sid
