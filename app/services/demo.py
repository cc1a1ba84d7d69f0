"""A fictional district for first runs, demos and benchmarks.

Every name, figure and person here is invented. Schools are spread across the four stages
(and a few maintaining at stage 1 by agreement) so every screen has something to show.
Generation is seeded, so the same call gives the same district.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from app.models import (
    AimAssessment,
    AnnualPlan,
    CommunityOrganisation,
    DemoSchool,
    EngagementEntry,
    InterventionNarrative,
    Outcome,
    OutcomeMeasurement,
    PartnershipAgreement,
    Person,
    PlanActivity,
    PlanReview,
    Reflection,
    Response,
    ResponseAim,
    SaraPlan,
    SchoolProfile,
)
from app.models.vocabulary import (
    ActionHorizon,
    ActivityStatus,
    AssessmentResult,
    EngagementKind,
    ResponseKind,
    Role,
    SafetyPerception,
    SchoolType,
    Stage,
)
from app.services.demo_data import (
    AREAS,
    AUDIT_PATTERN,
    AUDIT_PROFILES,
    CLUSTERS,
    DEMO_DISTRICT,
    FAMILY,
    GIVEN,
    OFFICERS,
    OVERRIDDEN_SCHOOL,
    PLACES,
    PROBLEMS,
    TYPES,
)
from app.services.needs_audit import save_audit
from app.services.records import load_school
from app.services.schools import create_school
from app.services.stages import complete_stage, maintain_at_stage_one
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork

__all__ = ["AREAS", "AUDIT_PATTERN", "CLUSTERS", "DEMO_DISTRICT", "PLACES", "seed_demo"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _school_name(i: int, rng: random.Random) -> tuple[SchoolType, str, int]:
    place = PLACES[i % len(PLACES)]
    kind, suffix, (lo, hi) = TYPES[i % len(TYPES)] if i % 7 else TYPES[0]
    name = (
        f"Te Kura Kaupapa Māori o {place}"
        if kind == SchoolType.KURA_KAUPAPA
        else f"{place} {suffix}"
    )
    if i >= len(PLACES):
        name = f"{name} ({i // len(PLACES) + 1})"
    return kind, name, rng.randint(lo, hi)


def _target_stage(i: int) -> tuple[int, bool]:
    """How far school i has got: (stages completed, maintaining at stage 1)."""
    pattern = (0, 1, 2, 3, 4, 0, 1, 2, 3, 1, 0, 2, 4, 3, 1)
    done = pattern[i % len(pattern)]
    return done, (i % 15 == 9)


def _fill_school(uow: UnitOfWork, i: int, rng: random.Random, today: date) -> str:
    kind, name, roll = _school_name(i, rng)
    done, maintain = _target_stage(i)
    started = today - timedelta(days=rng.randint(120, 900))
    school = create_school(
        uow,
        started_on=started,
        name=name,
        moe_number=9000 + i,
        school_type=kind.value,
        roll=roll,
        address=f"{rng.randint(1, 240)} {rng.choice(PLACES)} Road, Te Awa Roa",
        cluster=CLUSTERS[i % len(CLUSTERS)],
        district=DEMO_DISTRICT,
        area=AREAS[i % len(AREAS)],
        phone=f"07 555 {rng.randint(1000, 9999)}",
    )
    sid = school.id
    _name(rng)  # drawn and dropped so the random stream stays as it was
    lpc = OFFICERS[i % len(OFFICERS)]  # each officer looks after several schools
    uow.add(Person, school_id=sid, name=f"Constable {lpc}", role=Role.LEAD_POLICE_CONTACT.value)
    lsc = _name(rng)
    if done >= 1 or rng.random() < 0.6:
        uow.add(
            Person,
            school_id=sid,
            name=lsc,
            role=Role.LEAD_SCHOOL_CONTACT.value,
            role_detail="Deputy Principal",
        )
        uow.add(Person, school_id=sid, name=_name(rng), role=Role.PRINCIPAL.value)
    if i % 3 == 0:
        uow.add(
            Person, school_id=sid, name=f"Sergeant {_name(rng)}", role=Role.YOUTH_AID_OFFICER.value
        )
    uow.add(
        CommunityOrganisation,
        school_id=sid,
        name=f"{rng.choice(PLACES)} Marae",
        purpose="Hosts whānau hui and supports the school's kapa haka",
        contact=_name(rng),
    )
    for k in range(rng.randint(1, 4)):
        uow.add(
            EngagementEntry,
            school_id=sid,
            occurred_on=today - timedelta(days=rng.randint(3, 200)),
            kind=rng.choice(list(EngagementKind)).value,
            people=f"{lpc}, {lsc}",
            summary=f"Catch-up {k + 1}: discussed the term's concerns and upcoming events.",
        )

    problem, measure, baseline, target = PROBLEMS[i % len(PROBLEMS)]
    agreed = started + timedelta(days=21)
    if done >= 1 or rng.random() < 0.7:
        uow.add(
            PartnershipAgreement,
            school_id=sid,
            parties=f"New Zealand Police ({AREAS[i % len(AREAS)]}) and {name}",
            purpose="To work together to prevent crime, victimisation and road trauma.",
            police_commitments="Share crime, victimisation and harm data each term.\n"
            "Attend the school's safety committee once a term.",
            school_commitments="Share behaviour concerns and stand-down figures.\n"
            "Release staff for joint planning.",
            information_sharing="Summary figures only; no student names leave the school.",
            serious_offending_protocol="The principal calls 111 or the Lead Police Contact at "
            "once; Police follow the serious offending protocol.",
            police_signatory=f"Constable {lpc}",
            police_signatory_role="Lead Police Contact",
            school_signatory=lsc,
            school_signatory_role="Lead School Contact",
            agreed_on=agreed,
            review_on=agreed + timedelta(days=rng.choice((365, 400, 730))),
        )
    profile_year = today.year - (1 if i % 5 == 2 else 0)
    if done >= 1 or rng.random() < 0.5:
        uow.add(
            SchoolProfile,
            school_id=sid,
            year=profile_year,
            prepared_on=date(profile_year, rng.randint(1, 3), rng.randint(1, 28)),
            police_crime_data=f"{rng.randint(2, 30)} offences recorded within 500 m last year.",
            police_victimisation_data=f"{rng.randint(0, 12)} young victims reported.",
            police_harm_data=f"{rng.randint(0, 4)} crashes near the school involving pedestrians.",
            behaviour_concerns=problem,
            stand_downs=rng.randint(0, 25),
            suspensions=rng.randint(0, 6),
            exclusions=rng.randint(0, 2),
            attendance_rate=round(rng.uniform(52, 78), 1),
            safety_perception=rng.choice(list(SafetyPerception)).value,
            priorities=f"1. {problem}\n2. Safer travel to and from school",
        )
    outcome = (
        uow.add(
            Outcome,
            school_id=sid,
            description=f"Less harm from: {problem[0].lower()}{problem[1:]}",
            measure=measure,
            baseline=baseline,
            target=target,
        )
        if done >= 1
        else None
    )
    if done >= 2 or (done == 1 and not maintain):
        uow.add(
            SaraPlan,
            school_id=sid,
            title=problem,
            problem_statement=problem,
            scan_data=f"Baseline: {baseline} {measure}.",
            theories="Peaks after school; few adults present; students unsure how to report.",
            data_tested="Incident times against duty rosters; student survey of 120 Year 7–8s.",
            why_it_occurs="Unsupervised gap between the bell and the last bus.",
            responses_considered="Duty roster change; Kia Kaha; student leaders at the gate.",
            assessment_approach=f"Compare {measure} term by term against the baseline.",
        )
    if done >= 2:
        due = today + timedelta(days=rng.randint(60, 300))
        aim = uow.add(
            ResponseAim,
            school_id=sid,
            outcome_id=outcome.id if outcome else None,
            statement=f"Reduce {measure} from {baseline} to {target} by working with Year 7–8 "
            "students and whānau",
            measure=measure,
            baseline=baseline,
            target=target,
            attainable="Similar schools in the district achieved this within a year.",
            realistic="Lead Police Contact 2 hours a week; two staff; student leaders.",
            due_on=due,
        )
        kind_ = (
            ResponseKind.SCHOOL_WIDE_INTERVENTION
            if i % 4 == 0
            else rng.choice(
                (
                    ResponseKind.KIA_KAHA,
                    ResponseKind.ROAD_SAFE,
                    ResponseKind.SCHOOL_TRAFFIC_SAFETY_TEAM,
                )
            )
        )
        resp = uow.add(
            Response,
            school_id=sid,
            aim_id=aim.id,
            kind=kind_.value,
            description=f"{kind_.label} for the whole school.",
            rationale_evidence="Evaluated nationally; used well in two district schools.",
            rationale_resourcing="One term to set up; materials already held.",
            rationale_buy_in="Board, staff and student council agreed in Term 1.",
            rationale_logic="More adults and clearer reporting at the peak time.",
        )
        plan = uow.add(
            AnnualPlan,
            school_id=sid,
            year=today.year,
            agreed_on=today - timedelta(days=rng.randint(40, 120)),
        )
        for n, title in enumerate(("Launch assembly", "Staff briefing", "Term review with whānau")):
            act_due = today + timedelta(days=rng.randint(-40, 120))
            status = ActivityStatus.DONE if done >= 3 and n < 2 else ActivityStatus.PLANNED
            uow.add(
                PlanActivity,
                school_id=sid,
                plan_id=plan.id,
                response_id=resp.id,
                position=n,
                title=title,
                steps="Plan, deliver, record attendance",
                starts_on=act_due - timedelta(days=14),
                due_on=act_due,
                resources="Hall, projector",
                lead=lpc if n % 2 else lsc,
                status=status.value,
                horizon=(ActionHorizon.SHORT_TERM if n < 2 else ActionHorizon.LONG_TERM).value,
                completed_on=min(act_due, today) if status is ActivityStatus.DONE else None,
            )
        if rng.random() < 0.6:
            uow.add(
                PlanReview,
                school_id=sid,
                plan_id=plan.id,
                reviewed_on=today - timedelta(days=rng.randint(5, 60)),
                outcome="Activities on track; bus stop roster confirmed.",
            )
        if outcome is not None:
            for q in range(3):
                uow.add(
                    OutcomeMeasurement,
                    school_id=sid,
                    outcome_id=outcome.id,
                    measured_on=today - timedelta(days=90 * (3 - q)),
                    value=round(baseline + (target - baseline) * (q + 1) / 4, 1),
                )
        if done >= 3:
            result = (AssessmentResult.ACHIEVED, AssessmentResult.PARTLY)[i % 2]
            uow.add(
                AimAssessment,
                school_id=sid,
                aim_id=aim.id,
                result=result.value,
                measured_value=target
                if result == AssessmentResult.ACHIEVED
                else (baseline + target) / 2,
                measured_on=today - timedelta(days=10),
                evidence="Term 3 incident log and student survey.",
            )
            uow.add(
                Reflection,
                school_id=sid,
                what_happened="Incidents fell after week four.",
                why_it_happened="Students knew who to tell and adults were at the gate.",
                do_differently="Involve whānau earlier.",
                next_steps="Keep the roster in 2027.",
                celebration="Shared morning tea with student leaders and the board.",
            )
            if kind_ == ResponseKind.SCHOOL_WIDE_INTERVENTION:
                uow.add(
                    InterventionNarrative,
                    school_id=sid,
                    title=f"{name}: {problem}",
                    context=f"{name} has a roll of {roll}.",
                    problem=problem,
                    intervention=kind_.label,
                    implementation="Rolled out over two terms.",
                    results="See the assessment of the aim.",
                    lessons="Start with the student council.",
                    written_on=today,
                )
    return sid


def _complete_stages(uow: UnitOfWork, school_id: str, i: int, today: date) -> None:
    done, maintain = _target_stage(i)
    if maintain and done >= 1:
        records = load_school(uow.session, school_id)
        maintain_at_stage_one(
            uow,
            records,
            "Issues are low priority and well managed by "
            "the school; agreed to keep sharing information.",
            today,
        )
        return
    for stage in list(Stage)[:done]:
        records = load_school(uow.session, school_id)
        complete_stage(uow, records, stage, today - timedelta(days=10 * (5 - stage.value)))


def _add_district_data(uow: UnitOfWork, school_id: str, i: int, today: date, seed: int) -> None:
    """Needs audit and monthly outcome results. A separate random stream per school keeps
    the rest of the demo district exactly as it was before these were added."""
    rng = random.Random(seed * 1000 + i)
    records = load_school(uow.session, school_id)
    target_level = AUDIT_PATTERN[i % len(AUDIT_PATTERN)]
    roll = records.school.roll or 100
    if target_level is not None:
        profile = dict(AUDIT_PROFILES[target_level])
        offending = float(profile.pop("offending"))  # type: ignore[arg-type]
        exclusion_rate = float(profile.pop("exclusion_rate"))  # type: ignore[arg-type]
        values = {
            **profile,
            "assessed_on": today - timedelta(days=rng.randint(20, 200)),
            "assessed_by": records.people[0].name if records.people else "",
            "roll": roll,
            "offenders_on_roll": int(roll * offending) + (1 if offending >= 0.03 else 0),
            "exclusions": round(roll * exclusion_rate),
        }
        override = i == OVERRIDDEN_SCHOOL
        save_audit(
            uow,
            school_id,
            values,
            accepted_level=4 if override else None,
            override_reason="A new principal asked for closer support during the first "
            "year; to be reviewed in Term 4."
            if override
            else "",
        )
    taken = {m.measured_on for m in records.measurements}
    for outcome in records.outcomes:
        if outcome.baseline is None or outcome.target is None:
            continue
        months = 12 if records.aims else 4
        # Schools with a response under way move towards the target; the line passes
        # near the three termly results the demo already holds (25%, 50%, 75% of the way).
        reach = rng.uniform(0.95, 1.2) if records.aims else rng.uniform(0.3, 0.8)
        for k in range(months, 0, -1):
            days_ago = 30 * k + 5
            when = today - timedelta(days=days_ago)
            if any(abs((when - t).days) < 20 for t in taken):
                continue  # a termly result already stands for this month
            share = max(0.0, 0.25 + (270 - days_ago) / 360) * reach
            trend = outcome.baseline + (outcome.target - outcome.baseline) * share
            noise = rng.uniform(-0.08, 0.08) * abs(outcome.target - outcome.baseline)
            uow.add(
                OutcomeMeasurement,
                school_id=school_id,
                outcome_id=outcome.id,
                measured_on=when,
                value=round(max(trend + noise, 0.0), 1),
            )


def seed_demo(
    store: Store,
    count: int = 30,
    seed: int = 20261124,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Create ``count`` fictional schools; returns how many were created.

    One transaction: a first run killed half-way leaves no part of the district behind,
    and the next start creates it whole (``app.services.bootstrap``). Each school is
    written to ``demo_schools`` beside it, which is what keeps it off the server."""
    today = today or date.today()
    rng = random.Random(seed)
    with UnitOfWork(store, actor="demo") as uow:
        for i in range(count):
            school_id = _fill_school(uow, i, rng, today)
            uow.session.add(DemoSchool(school_id=school_id))
            _complete_stages(uow, school_id, i, today)
            _add_district_data(uow, school_id, i, today, seed)
            if progress:
                progress(i + 1, count)
    return count
