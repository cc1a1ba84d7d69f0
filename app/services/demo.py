"""A fictional district for first runs, demos and benchmarks: the seeding.

Every name, figure and person is invented (``demo_data`` and the ``demo_scenarios_*``
modules). Schools are spread across the four stages (and a few maintaining at stage 1 by
agreement) so every screen has something to show. Generation is seeded, so the same call
gives the same district. This is the first thing a new user reads, so every text must be
one an officer and a principal could have written: year levels that fit the school,
figures whose direction matches the words, nothing marked done before it is due.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from app.models import (
    CommunityOrganisation,
    DemoSchool,
    EngagementEntry,
    Outcome,
    OutcomeMeasurement,
    PartnershipAgreement,
    Person,
    SchoolProfile,
)
from app.models.vocabulary import (
    EngagementKind,
    OrganisationKind,
    Role,
    SafetyPerception,
    SchoolType,
    Stage,
)
from app.services import demo_agreements, demo_knowledge
from app.services.demo_data import (
    AREAS,
    AUDIT_PATTERN,
    AUDIT_PROFILES,
    CLUSTER_ROLES,
    CLUSTERS,
    DEMO_DISTRICT,
    ENGAGEMENTS,
    FAMILY,
    GIVEN,
    KURA_NAMES,
    LSC_ROLES,
    MOE_BASE,
    MOE_SPAN,
    OFFICERS,
    OVERRIDDEN_SCHOOL,
    PARTNERS,
    PLACES,
    STREETS,
    TYPES,
    YEAR_GROUPS,
    Scenario,
)
from app.services.demo_history import HISTORY, build_history, first_year
from app.services.demo_responses import (
    DraftSchool,
    add_assessment,
    add_measurements,
    add_response,
    add_sara,
    target_of,
)
from app.services.demo_safety_data import add_safety_data
from app.services.demo_scenarios_school import ATTENDANCE, BULLYING, VAPING
from app.services.demo_scenarios_site import PROPERTY, TRAFFIC
from app.services.demo_services import add_services
from app.services.needs_audit import save_audit
from app.services.records import load_school
from app.services.schools import create_school
from app.services.stages import complete_stage, maintain_at_stage_one
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import add_year

__all__ = ["AREAS", "AUDIT_PATTERN", "CLUSTERS", "DEMO_DISTRICT", "PLACES", "seed_demo"]

SCENARIOS = (BULLYING, TRAFFIC, VAPING, PROPERTY, ATTENDANCE)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _school_name(i: int, rng: random.Random) -> tuple[SchoolType, str, int]:
    place = PLACES[i % len(PLACES)]
    kind, suffix, (lo, hi) = TYPES[i % len(TYPES)] if i % 7 else TYPES[0]
    if kind == SchoolType.KURA_KAUPAPA:
        name = KURA_NAMES[(i // len(TYPES)) % len(KURA_NAMES)]  # one each up to 30 schools
    else:
        name = f"{place} {suffix}"
    if i >= len(PLACES):
        name = f"{name} ({i // len(PLACES) + 1})"
    return kind, name, rng.randint(lo, hi)


def _scenario(i: int, kind: SchoolType) -> Scenario:
    """A scenario for school i; contributing schools (Years 1–6) get no vaping one."""
    young = kind == SchoolType.CONTRIBUTING
    pool = tuple(s for s in SCENARIOS if not (young and s is VAPING))
    return pool[(i + i // 5) % len(pool)]  # spreads them over the stages too


def _count(n: int, noun: str, rest: str) -> str:
    """ "No crashes …", "1 crash …", "3 crashes …": a profile reads as a person wrote it."""
    plural = noun + ("es" if noun.endswith("sh") else "s")
    return f"{'No' if n == 0 else n} {noun if n == 1 else plural} {rest}"


def _target_stage(i: int) -> tuple[int, bool]:
    """How far school i has got: (stages completed, maintaining at stage 1)."""
    pattern = (0, 1, 2, 3, 4, 0, 1, 2, 3, 1, 0, 2, 4, 3, 1)
    done = pattern[i % len(pattern)]
    return done, (i % 15 == 9)


def _create(
    uow: UnitOfWork, i: int, rng: random.Random, words: random.Random, today: date
) -> tuple[DraftSchool, date]:
    """The school and its text values. ``words`` draws the text so ``rng`` gives the dates
    and counts it always gave (the dashboard and report tests count them)."""
    kind, name, roll = _school_name(i, rng)
    started = today - timedelta(days=rng.randint(120, 900))  # this agreement's, below
    first = first_year(i, today)  # this year, or earlier in a second or third year
    place = PLACES[i % len(PLACES)]
    number, _ = rng.randint(1, 240), rng.choice(PLACES)  # the second keeps the stream
    school = create_school(
        uow,
        started_on=started if first == today.year else date(first, 2, 1),
        year=first,
        name=name,
        moe_number=MOE_BASE + i if i < MOE_SPAN else None,
        school_type=kind.value,
        roll=roll,
        address=f"{number} {STREETS[i % len(STREETS)]}, {place}, Te Awa Roa",
        cluster=CLUSTERS[i % len(CLUSTERS)],
        district=DEMO_DISTRICT,
        area=AREAS[i % len(AREAS)],
        phone=f"07 555 {rng.randint(1000, 9999)}",
    )
    scenario = _scenario(i, kind)
    low, high = scenario.baseline
    text = {
        "place": place,
        "years": words.choice(YEAR_GROUPS[kind]),
        "spot": words.choice(scenario.spots),
        "baseline": words.randint(low, high),
        "count": words.randint(20, 60),
        "police": words.randint(3, 14),
        "suspensions": words.randint(2, 9),
        "cost": words.randrange(4000, 15000, 500),
    }
    done, maintain = _target_stage(i)
    lpc = OFFICERS[i % len(OFFICERS)]  # each officer looks after several schools
    _name(rng)  # drawn and dropped so the random stream stays as it was
    made = DraftSchool(
        school.id, i, name, kind, roll, lpc, _name(rng), scenario, text, done, maintain
    )
    return made, started


def _add_partners(uow: UnitOfWork, s: DraftSchool) -> None:
    """The Police team and the organisation the school's problem calls for, and the
    cluster's supervisors; names drawn by number, so the random stream stays as it was."""

    def named(k: int) -> str:
        return f"{GIVEN[(s.i * 7 + k) % len(GIVEN)]} {FAMILY[(s.i * 11 + k) % len(FAMILY)]}"

    partners = PARTNERS[s.scenario.key]
    uow.add(Person, school_id=s.sid, name=f"{partners.rank} {named(1)}", role=partners.role.value)
    for k, (role, rank, every) in enumerate(CLUSTER_ROLES, start=2):
        if s.i % every == 1:
            uow.add(Person, school_id=s.sid, name=f"{rank} {named(k)}", role=role.value)
    uow.add(
        CommunityOrganisation,
        school_id=s.sid,
        name=s.say(partners.organisation),
        kind=partners.kind.value,
        purpose=partners.purpose,
        contact=named(5),
    )


def _add_people(uow: UnitOfWork, s: DraftSchool, rng: random.Random, today: date) -> None:
    uow.add(Person, school_id=s.sid, name=f"Constable {s.lpc}", role=Role.LEAD_POLICE_CONTACT.value)
    if s.done >= 1 or rng.random() < 0.6:
        uow.add(
            Person,
            school_id=s.sid,
            name=s.lsc,
            role=Role.LEAD_SCHOOL_CONTACT.value,
            role_detail=LSC_ROLES[s.i % len(LSC_ROLES)],
        )
        uow.add(Person, school_id=s.sid, name=_name(rng), role=Role.PRINCIPAL.value)
    if s.i % 3 == 0:
        uow.add(
            Person,
            school_id=s.sid,
            name=f"Sergeant {_name(rng)}",
            role=Role.YOUTH_AID_OFFICER.value,
        )
    uow.add(
        CommunityOrganisation,
        school_id=s.sid,
        name=f"{rng.choice(PLACES)} Marae",
        kind=OrganisationKind.IWI_MARAE.value,
        purpose="Hosts whānau hui and supports the school's kapa haka",
        contact=_name(rng),
    )
    _add_partners(uow, s)
    about = s.problem[0].lower() + s.problem[1:]
    for k in range(rng.randint(1, 4)):
        uow.add(
            EngagementEntry,
            school_id=s.sid,
            occurred_on=today - timedelta(days=rng.randint(3, 200)),
            kind=rng.choice(list(EngagementKind)).value,
            people=f"{s.lpc}, {s.lsc}",
            summary=s.say(ENGAGEMENTS[(s.i + k) % len(ENGAGEMENTS)], lsc=s.lsc, problem=about),
        )


def _add_agreement(
    uow: UnitOfWork, s: DraftSchool, agreed: date, review_on: date
) -> PartnershipAgreement:
    return uow.add(
        PartnershipAgreement,
        school_id=s.sid,
        parties=f"New Zealand Police ({AREAS[s.i % len(AREAS)]}) and {s.name}",
        purpose="To work together to prevent crime, victimisation and road trauma, and to "
        f"keep students safe at school and in {s.text['place']}.",
        police_commitments="Share school-level crime, victimisation and harm figures each "
        f"term.\n{s.say(s.scenario.police_commitment)}",
        school_commitments="Release staff for joint planning once a term.\n"
        f"{s.say(s.scenario.school_commitment)}",
        **demo_agreements.protocols(s.i),
        police_signatory=f"Constable {s.lpc}",
        police_signatory_role="Lead Police Contact",
        school_signatory=s.lsc,
        school_signatory_role="Lead School Contact",
        agreed_on=agreed,
        review_on=review_on,
    )


def _add_profile(uow: UnitOfWork, s: DraftSchool, rng: random.Random, today: date) -> None:
    year = today.year - (1 if s.i % 5 == 2 else 0)
    if year != today.year:  # last year's profile, not yet updated: it is in last year
        add_year(uow, s.sid, year)
    other = _scenario(s.i + 2, s.kind)
    uow.add(
        SchoolProfile,
        school_id=s.sid,
        year=year,
        prepared_on=date(year, rng.randint(1, 3), rng.randint(1, 28)),
        police_crime_data=f"{rng.randint(2, 30)} offences recorded within 500 m last year.",
        police_victimisation_data=_count(rng.randint(0, 12), "young victim", "reported") + ".",
        police_harm_data=_count(rng.randint(0, 4), "crash", "near the school involving pedestrians")
        + ".",
        behaviour_concerns=s.problem,
        stand_downs=rng.randint(0, 25),
        suspensions=rng.randint(0, 6),
        exclusions=rng.randint(0, 2),
        attendance_rate=round(rng.uniform(52, 78), 1),
        safety_perception=SafetyPerception.UNKNOWN.value,  # its surveys set it (later)
        priorities=f"1. {s.problem}\n2. {s.say(other.problem[0], spot=other.spots[0])}",
    )
    # The draw that once chose the perception at random: kept so that every later demo
    # value stays as it was. The choice now follows the surveys (demo_safety_data).
    rng.choice(list(SafetyPerception))


def _fill_school(
    uow: UnitOfWork, i: int, rng: random.Random, words: random.Random, today: date, seed: int
) -> str:
    s, started = _create(uow, i, rng, words, today)
    _add_people(uow, s, rng, today)
    agreed = started + timedelta(days=21)
    if s.done >= 1 or rng.random() < 0.7:
        _add_agreement(uow, s, agreed, agreed + timedelta(days=rng.choice((365, 400, 730))))
    if i in HISTORY:  # earlier years first (with the agreement then): the rest is this year's
        first = first_year(i, today)
        earlier = min(date(first, 2, 10), agreed - timedelta(days=30))
        _add_agreement(uow, s, earlier, date(first + 1, 12, 1))
    outcome, draft = build_history(uow, s, today, seed) if i in HISTORY else (None, None)
    if s.done >= 1 or rng.random() < 0.5:
        _add_profile(uow, s, rng, today)
    if s.done >= 1 and outcome is None:
        outcome = uow.add(
            Outcome,
            school_id=s.sid,
            description=s.say(s.scenario.outcome),
            measure=s.say(s.scenario.measure),
            unit=s.scenario.unit,
            baseline=s.text["baseline"],
            target=target_of(s),
        )
    if s.done >= 2 or (s.done == 1 and not s.maintain):
        add_sara(uow, s)
    if s.done >= 2:
        aim, kind, target = add_response(uow, s, rng, today, outcome, draft)
        if outcome is not None:
            add_measurements(uow, s, today, outcome, target)
        if s.done >= 3:
            add_assessment(uow, s, today, aim, kind, target)
    return s.sid


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
        # This year's line starts from this year's aim (a school in its second or third
        # year agreed the outcome's baseline years ago).
        start = next(
            (a.baseline for a in records.aims if a.outcome_id == outcome.id and a.baseline),
            outcome.baseline,
        )
        # Schools with a response under way move towards the target; the line passes
        # near the three termly results the demo already holds (25%, 50%, 75% of the way).
        reach = rng.uniform(0.95, 1.2) if records.aims else rng.uniform(0.3, 0.8)
        for k in range(months, 0, -1):
            days_ago = 30 * k + 5
            when = today - timedelta(days=days_ago)
            if any(abs((when - t).days) < 20 for t in taken):
                continue  # a termly result already stands for this month
            share = max(0.0, 0.25 + (270 - days_ago) / 360) * reach
            trend = start + (outcome.target - start) * share
            noise = rng.uniform(-0.08, 0.08) * abs(outcome.target - start)
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
            words = random.Random(f"{seed}-words-{i}")
            school_id = _fill_school(uow, i, rng, words, today, seed)
            uow.session.add(DemoSchool(school_id=school_id))
            demo_agreements.complete_agreement(uow, school_id, i)
            _complete_stages(uow, school_id, i, today)
            _add_district_data(uow, school_id, i, today, seed)
            add_safety_data(uow, school_id, i, today, seed)
            add_services(uow, school_id, i)
            if progress:
                progress(i + 1, count)
        demo_knowledge.add_knowledge_bank(uow.session)
    return count
