"""Loading everything recorded for one school, live rows only, in one place.

Completeness rules, reminders, forms and the exporter all want "the school's current
records"; reading them here keeps the soft-delete filter and the ordering in one spot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    AimAssessment,
    AnnualPlan,
    CommunityOrganisation,
    EngagementEntry,
    InterventionNarrative,
    Outcome,
    OutcomeMeasurement,
    Partnership,
    PartnershipAgreement,
    Person,
    PlanActivity,
    PlanReview,
    PoliceDataRow,
    Reflection,
    Response,
    ResponseAim,
    SafetySurvey,
    SaraPlan,
    School,
    SchoolProfile,
    SchoolService,
    Synced,
)
from app.models.vocabulary import Role, ServiceTier
from app.services.rules import agreement_rank

M = TypeVar("M", bound=Synced)


def live(session: Session, model: type[M], school_id: str) -> list[M]:
    stmt = (
        select(model)
        .where(model.school_id == school_id, model.deleted_at.is_(None))  # type: ignore[attr-defined]
        .order_by(model.created_at, model.id)
    )
    return list(session.scalars(stmt))


@dataclass
class SchoolRecords:
    school: School
    partnership: Partnership | None
    services: list[SchoolService] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organisations: list[CommunityOrganisation] = field(default_factory=list)
    engagements: list[EngagementEntry] = field(default_factory=list)
    agreements: list[PartnershipAgreement] = field(default_factory=list)
    profiles: list[SchoolProfile] = field(default_factory=list)
    police_rows: list[PoliceDataRow] = field(default_factory=list)
    surveys: list[SafetySurvey] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    measurements: list[OutcomeMeasurement] = field(default_factory=list)
    sara_plans: list[SaraPlan] = field(default_factory=list)
    aims: list[ResponseAim] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    plans: list[AnnualPlan] = field(default_factory=list)
    activities: list[PlanActivity] = field(default_factory=list)
    reviews: list[PlanReview] = field(default_factory=list)
    assessments: list[AimAssessment] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    narratives: list[InterventionNarrative] = field(default_factory=list)

    @property
    def agreement(self) -> PartnershipAgreement | None:
        """The current agreement: the one agreed most recently (or created last)."""
        if not self.agreements:
            return None
        return max(self.agreements, key=lambda a: agreement_rank(a.agreed_on, a.created_at))

    @property
    def latest_profile(self) -> SchoolProfile | None:
        return max(self.profiles, key=lambda p: p.year) if self.profiles else None

    @property
    def sara_plan(self) -> SaraPlan | None:
        return self.sara_plans[-1] if self.sara_plans else None

    @property
    def current_plan(self) -> AnnualPlan | None:
        return max(self.plans, key=lambda p: p.year) if self.plans else None

    @property
    def reflection(self) -> Reflection | None:
        return self.reflections[-1] if self.reflections else None

    @property
    def narrative(self) -> InterventionNarrative | None:
        return self.narratives[-1] if self.narratives else None

    def people_in_role(self, role: Role) -> list[Person]:
        return [p for p in self.people if p.role == role.value]

    @property
    def service_tiers(self) -> list[str]:
        """The school's kinds of Police service (values), in the operating model's order."""
        held = {s.tier for s in self.services}
        return [t.value for t in ServiceTier if t.value in held]

    def police_rows_of(self, profile: SchoolProfile | None) -> list[PoliceDataRow]:
        return [r for r in self.police_rows if profile is not None and r.profile_id == profile.id]

    def surveys_for(self, profile: SchoolProfile | None) -> list[SafetySurvey]:
        """The surveys of the profile's year, oldest first (every survey with no profile)."""
        found = [s for s in self.surveys if profile is None or s.surveyed_on.year == profile.year]
        return sorted(found, key=lambda s: s.surveyed_on)

    def activities_of(self, plan: AnnualPlan) -> list[PlanActivity]:
        return sorted(
            (a for a in self.activities if a.plan_id == plan.id), key=lambda a: a.position
        )

    def assessment_of(self, aim: ResponseAim) -> AimAssessment | None:
        found = [a for a in self.assessments if a.aim_id == aim.id]
        return found[-1] if found else None


def load_school(session: Session, school_id: str) -> SchoolRecords:
    school = session.get(School, school_id)
    if school is None or school.is_deleted:
        raise LookupError(f"school {school_id} does not exist")
    partnerships = live(session, Partnership, school_id)
    return SchoolRecords(
        school=school,
        partnership=partnerships[0] if partnerships else None,
        services=live(session, SchoolService, school_id),
        people=live(session, Person, school_id),
        organisations=live(session, CommunityOrganisation, school_id),
        engagements=sorted(
            live(session, EngagementEntry, school_id), key=lambda e: e.occurred_on, reverse=True
        ),
        agreements=live(session, PartnershipAgreement, school_id),
        profiles=live(session, SchoolProfile, school_id),
        police_rows=live(session, PoliceDataRow, school_id),
        surveys=live(session, SafetySurvey, school_id),
        outcomes=live(session, Outcome, school_id),
        measurements=live(session, OutcomeMeasurement, school_id),
        sara_plans=live(session, SaraPlan, school_id),
        aims=live(session, ResponseAim, school_id),
        responses=live(session, Response, school_id),
        plans=live(session, AnnualPlan, school_id),
        activities=live(session, PlanActivity, school_id),
        reviews=live(session, PlanReview, school_id),
        assessments=live(session, AimAssessment, school_id),
        reflections=live(session, Reflection, school_id),
        narratives=live(session, InterventionNarrative, school_id),
    )
