"""Loading everything recorded for one school in one year, live rows only, in one place.

Completeness rules, reminders, forms and the exporter all want "the school's records for
a year" (its current year unless asked for another); reading them here keeps the
soft-delete filter, the ordering and the year filter in one spot. Records that span years
(contacts, organisations, engagements, agreements, outcomes and their measurements) come
whole; the agreement shown is the one in force that year.
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
    KnowledgeCitation,
    Outcome,
    OutcomeMeasurement,
    Partnership,
    PartnershipAgreement,
    PartnershipYear,
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
from lpc_core.rules import agreement_in_force

M = TypeVar("M", bound=Synced)


def live(session: Session, model: type[M], school_id: str) -> list[M]:
    stmt = (
        select(model)
        .where(model.school_id == school_id, model.deleted_at.is_(None))  # type: ignore[attr-defined]
        .order_by(model.created_at, model.id)
    )
    return list(session.scalars(stmt))


def live_in_year(session: Session, model: type[M], school_id: str, year: int) -> list[M]:
    stmt = (
        select(model)
        .where(
            model.school_id == school_id,  # type: ignore[attr-defined]
            model.year == year,  # type: ignore[attr-defined]
            model.deleted_at.is_(None),
        )
        .order_by(model.created_at, model.id)
    )
    return list(session.scalars(stmt))


@dataclass
class SchoolRecords:
    school: School
    partnership: Partnership | None
    year: int
    partnership_year: PartnershipYear | None
    services: list[SchoolService] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organisations: list[CommunityOrganisation] = field(default_factory=list)
    engagements: list[EngagementEntry] = field(default_factory=list)
    agreements: list[PartnershipAgreement] = field(default_factory=list)
    profiles: list[SchoolProfile] = field(default_factory=list)  # this year's and earlier
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
    citations: list[KnowledgeCitation] = field(default_factory=list)  # of bank narratives

    @property
    def agreement(self) -> PartnershipAgreement | None:
        """The agreement in force in the year: the one agreed most recently by its end (or
        created last, when none is dated yet)."""
        return agreement_in_force(self.agreements, self.year)

    @property
    def latest_profile(self) -> SchoolProfile | None:
        """The profile in use in the year: the latest prepared for it or an earlier year
        (a profile not yet updated for a new year still stands, as an agreement does)."""
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


def load_school(session: Session, school_id: str, year: int | None = None) -> SchoolRecords:
    """The school's records for ``year`` (by default its current year)."""
    from app.services.years import current_year

    school = session.get(School, school_id)
    if school is None or school.is_deleted:
        raise LookupError(f"school {school_id} does not exist")
    year = year if year is not None else current_year(session, school_id)
    partnerships = live(session, Partnership, school_id)
    years = live_in_year(session, PartnershipYear, school_id, year)
    plans = live_in_year(session, AnnualPlan, school_id, year)
    plan_ids = {p.id for p in plans}
    return SchoolRecords(
        school=school,
        partnership=partnerships[0] if partnerships else None,
        year=year,
        partnership_year=years[0] if years else None,
        services=live(session, SchoolService, school_id),
        people=live(session, Person, school_id),
        organisations=live(session, CommunityOrganisation, school_id),
        engagements=sorted(
            live(session, EngagementEntry, school_id), key=lambda e: e.occurred_on, reverse=True
        ),
        agreements=live(session, PartnershipAgreement, school_id),
        profiles=[p for p in live(session, SchoolProfile, school_id) if p.year <= year],
        police_rows=live(session, PoliceDataRow, school_id),
        surveys=live(session, SafetySurvey, school_id),
        outcomes=live(session, Outcome, school_id),
        measurements=live(session, OutcomeMeasurement, school_id),
        sara_plans=live_in_year(session, SaraPlan, school_id, year),
        aims=live_in_year(session, ResponseAim, school_id, year),
        responses=live_in_year(session, Response, school_id, year),
        plans=plans,
        activities=[a for a in live(session, PlanActivity, school_id) if a.plan_id in plan_ids],
        reviews=[r for r in live(session, PlanReview, school_id) if r.plan_id in plan_ids],
        assessments=live_in_year(session, AimAssessment, school_id, year),
        reflections=live_in_year(session, Reflection, school_id, year),
        narratives=live_in_year(session, InterventionNarrative, school_id, year),
        citations=live_in_year(session, KnowledgeCitation, school_id, year),
    )
