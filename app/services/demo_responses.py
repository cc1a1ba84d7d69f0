"""Stages 3 and 4 of a demo school: its SMART aim, response, annual plan, results,
assessment, reflection and (for a school-wide intervention) the narrative.

The aim's verb follows its figures (``Increase`` when the target is above the baseline),
an activity marked done is dated on or before today, and the narrative reports the
measured result: the mistakes a principal would spot first in the exported documents.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.models import (
    AimAssessment,
    AnnualPlan,
    InterventionNarrative,
    Outcome,
    OutcomeMeasurement,
    PlanActivity,
    PlanReview,
    Reflection,
    Response,
    ResponseAim,
    SaraPlan,
)
from app.models.vocabulary import (
    ActionHorizon,
    ActivityStatus,
    AssessmentResult,
    ResponseKind,
    SchoolType,
)
from app.services.demo_data import CLUSTERS, Scenario
from app.services.unit_of_work import UnitOfWork

# What each scenario's assessment rests on, as the officer would cite it.
EVIDENCE = {
    "bullying": "Term 3 wellbeing survey of {years} and the school's incident log.",
    "traffic": "Duty staff's near-miss log at {spot}, two weeks in Term 3.",
    "vaping": "Behaviour records for Terms 2 and 3; quit-support group attendance.",
    "property": "Caretaker's damage log and Police reports of wilful damage, Terms 2–3.",
    "attendance": "Attendance register for Terms 1 to 3, {years}.",
}


@dataclass
class DraftSchool:
    """One demo school while it is being written: who, where and what it works on."""

    sid: str
    i: int
    name: str
    kind: SchoolType
    roll: int
    lpc: str
    lsc: str
    scenario: Scenario
    text: dict[str, Any]  # the values its scenario's placeholders take
    done: int
    maintain: bool

    def say(self, template: str, **more: Any) -> str:
        return template.format(**{**self.text, **more})

    @property
    def problem(self) -> str:
        return self.say(self.scenario.problem[self.i % len(self.scenario.problem)])


def add_sara(uow: UnitOfWork, s: DraftSchool, variant: int = 0) -> None:
    """The year's SARA plan; an earlier year (``variant`` 1, 2) draws other versions of
    each text, so no two years of a school read alike."""
    sc, i, v = s.scenario, s.i, variant
    uow.add(
        SaraPlan,
        school_id=s.sid,
        title=s.problem,
        problem_statement=s.say(sc.scan[(i + 1 + v) % len(sc.scan)]),
        scan_data=s.say(sc.scan[(i + v) % len(sc.scan)]),
        theories="\n".join(s.say(t) for k, t in enumerate(sc.theories) if k != (i + v) % 3),
        data_tested=s.say(sc.data_tested[(i // 2 + v) % len(sc.data_tested)]),
        why_it_occurs=s.say(sc.why[(i // 3 + v) % len(sc.why)]),
        responses_considered=s.say(sc.considered[(i // 5 + v) % len(sc.considered)]),
        assessment_approach=s.say(sc.assessment),
    )


def target_of(s: DraftSchool) -> int:
    low, high = s.scenario.change
    step = low + s.i % (high - low + 1)
    return int(s.text["baseline"]) + step


def _response_kind(s: DraftSchool, rng: random.Random) -> ResponseKind:
    """Every fourth school runs a school-wide intervention (and writes its narrative)."""
    if s.i % 4 == 0:
        return ResponseKind.SCHOOL_WIDE_INTERVENTION
    pick = rng.randrange(3)  # one draw from three, as the stream always had
    return s.scenario.responses[pick % len(s.scenario.responses)]


def description_of(s: DraftSchool, kind: ResponseKind) -> str:
    """The version of the response's text written for its kind, where there is one."""
    sc = s.scenario
    at = sc.responses.index(kind) if kind in sc.responses else s.i
    return s.say(sc.description[at % len(sc.description)])


def write_aim(
    uow: UnitOfWork,
    s: DraftSchool,
    outcome: Outcome | None,
    figures: tuple[float, float],
    due: date,
    draft: ResponseAim | None = None,
) -> ResponseAim:
    """A year's SMART aim from ``figures`` (baseline, target). ``draft`` is the aim the
    roll-over made from last year's next step: the officer writes it up as this year's
    aim, as an officer would, rather than adding a second one beside it."""
    baseline, target = figures
    measure = s.say(s.scenario.measure)
    verb = "Increase" if target > baseline else "Reduce"
    years = s.text["years"]
    who = "staff, students and whānau" if years in measure else f"{years} students and whānau"
    attainable = (
        f"Schools in the {CLUSTERS[s.i % len(CLUSTERS)]} made a change of this size within a year."
    )
    if draft is not None:
        attainable += f" It carries on last year's next step: “{draft.statement}”"
    values = {
        "outcome_id": outcome.id if outcome else None,
        "statement": f"{verb} the {measure} from {baseline:g} to {target:g} by {due:%d/%m/%Y}, "
        f"working with {who}",
        "measure": measure,
        "unit": s.scenario.unit,
        "baseline": baseline,
        "target": target,
        "attainable": attainable,
        "realistic": s.scenario.resourcing,
        "due_on": due,
    }
    if draft is not None:
        return uow.update(uow.get(ResponseAim, draft.id), **values)
    return uow.add(ResponseAim, school_id=s.sid, **values)


def add_response(
    uow: UnitOfWork,
    s: DraftSchool,
    rng: random.Random,
    today: date,
    outcome: Outcome | None,
    draft: ResponseAim | None = None,
) -> tuple[ResponseAim, ResponseKind, int]:
    """This year's SMART aim (``draft``: see ``write_aim``), its response and the annual
    plan."""
    sc, i = s.scenario, s.i
    baseline, target = int(s.text["baseline"]), target_of(s)
    due = today + timedelta(days=rng.randint(60, 300))
    aim = write_aim(uow, s, outcome, (baseline, target), due, draft)
    kind = _response_kind(s, rng)
    response = uow.add(
        Response,
        school_id=s.sid,
        aim_id=aim.id,
        kind=kind.value,
        description=description_of(s, kind),
        rationale_evidence=sc.evidence,
        rationale_resourcing=sc.resourcing,
        rationale_buy_in=sc.buy_in[i % len(sc.buy_in)],
        rationale_logic=s.say(sc.logic),
    )
    _add_plan(uow, s, rng, today, response.id)
    return aim, kind, target


def _add_plan(
    uow: UnitOfWork, s: DraftSchool, rng: random.Random, today: date, response_id: str
) -> None:
    plan = uow.add(
        AnnualPlan,
        school_id=s.sid,
        year=today.year,  # every demo school's current year
        agreed_on=today - timedelta(days=rng.randint(40, 120)),
    )
    for n in range(len(s.scenario.activities)):
        horizon = ActionHorizon.SHORT_TERM if n < 2 else ActionHorizon.LONG_TERM
        offset = rng.randint(-40, 120)
        if horizon is ActionHorizon.LONG_TERM:  # runs over two terms or more
            due, span = today + timedelta(days=offset + 240), timedelta(days=200)
        else:
            due, span = today + timedelta(days=offset), timedelta(days=14)
        status = ActivityStatus.DONE if s.done >= 3 and n < 2 else ActivityStatus.PLANNED
        if status is ActivityStatus.DONE and due > today:
            due = today - (due - today) // 3 - timedelta(days=2)  # done things are in the past
        due = in_term_time(due, done=status is ActivityStatus.DONE)
        add_activity(uow, s, plan.id, response_id, n, (due - span, due), horizon, status)
    if rng.random() < 0.6:
        first, _, last = s.scenario.activities
        uow.add(
            PlanReview,
            school_id=s.sid,
            plan_id=plan.id,
            reviewed_on=today - timedelta(days=rng.randint(5, 60)),
            outcome=f"{first[0]}: on track. {last[0]}: date to confirm with {s.lsc}.",
        )


def add_activity(
    uow: UnitOfWork,
    s: DraftSchool,
    plan_id: str,
    response_id: str,
    n: int,
    dates: tuple[date, date],
    horizon: ActionHorizon,
    status: ActivityStatus,
) -> None:
    """The scenario's ``n``-th activity in a plan, from its start to its due date; the
    Lead Police Contact and the Lead School Contact take turns to lead."""
    title, steps, resources = s.scenario.activities[n]
    starts, due = dates
    uow.add(
        PlanActivity,
        school_id=s.sid,
        plan_id=plan_id,
        response_id=response_id,
        position=n,
        title=title,
        steps=steps,
        starts_on=starts,
        due_on=due,
        resources=resources,
        lead=s.lpc if n % 2 else s.lsc,
        status=status.value,
        horizon=horizon.value,
        completed_on=due if status is ActivityStatus.DONE else None,
    )


def in_term_time(day: date, done: bool) -> date:
    """Move a date out of the summer break (mid-December to early February), when no
    school activity happens: a done one back to before the break (it stays in the past),
    a planned one to the first weeks of Term 1."""
    if (day.month, day.day) > (12, 12) or (day.month, day.day) < (2, 9):
        year = day.year if day.month == 12 else day.year - 1
        return date(year, 12, 12) if done else date(year + 1, 2, 9)
    return day


def add_measurements(
    uow: UnitOfWork, s: DraftSchool, today: date, outcome: Outcome, target: int
) -> None:
    baseline = int(s.text["baseline"])
    for q in range(3):
        uow.add(
            OutcomeMeasurement,
            school_id=s.sid,
            outcome_id=outcome.id,
            measured_on=today - timedelta(days=90 * (3 - q)),
            value=round(baseline + (target - baseline) * (q + 1) / 4, 1),
        )


def assessment_result(s: DraftSchool, variant: int = 0) -> AssessmentResult:
    """Achieved one year, partly achieved the next: each year reports its own result."""
    return (AssessmentResult.ACHIEVED, AssessmentResult.PARTLY)[(s.i + variant) % 2]


def add_assessment(
    uow: UnitOfWork,
    s: DraftSchool,
    today: date,
    aim: ResponseAim,
    kind: ResponseKind,
    target: float,
    variant: int = 0,
) -> None:
    """Stage 4 of the year: ``variant`` 0 is this year, 1 and 2 earlier years, which
    draw other versions of the texts."""
    sc, i = s.scenario, s.i + variant
    baseline = aim.baseline if aim.baseline is not None else int(s.text["baseline"])
    result = assessment_result(s, variant)
    measured = target if result == AssessmentResult.ACHIEVED else (baseline + target) / 2
    measured_on = today - timedelta(days=10)
    uow.add(
        AimAssessment,
        school_id=s.sid,
        aim_id=aim.id,
        result=result.value,
        measured_value=measured,
        measured_on=measured_on,
        evidence=s.say(EVIDENCE[sc.key]),
    )
    uow.add(
        Reflection,
        school_id=s.sid,
        what_happened=s.say(sc.what_happened[i % len(sc.what_happened)], result=f"{measured:g}"),
        why_it_happened=sc.why_happened,
        do_differently=s.say(sc.differently[i % len(sc.differently)]),
        next_steps=sc.next_steps,
        celebration=f"Shared kai with the students and whānau involved; {s.lpc} thanked "
        "them at assembly.",
    )
    if kind != ResponseKind.SCHOOL_WIDE_INTERVENTION:
        return
    uow.add(
        InterventionNarrative,
        school_id=s.sid,
        title=f"{s.name}: {s.problem}",
        context=f"{s.name} is {kind_phrase(s.kind)} in {s.text['place']} with a roll of "
        f"{s.roll}. {s.say(sc.scan[i % len(sc.scan)])}",
        problem=s.say(sc.why[(i // 3) % len(sc.why)]),
        intervention=description_of(s, kind),
        implementation=f"Planned with {s.lsc} in Term 1 and run over two terms. First: "
        f"{sc.activities[0][0].lower()}; then {sc.activities[1][0].lower()}.",
        results=f"The {s.say(sc.measure)} moved from {baseline:g} to {measured:g} against a "
        f"target of {target:g} ({result.label.lower()}, measured {measured_on:%d/%m/%Y}).",
        lessons=sc.lessons,
        written_on=today,
    )


def kind_phrase(kind: SchoolType) -> str:
    """ "a secondary school", "a kura kaupapa Māori": the label without its year span."""
    if kind == SchoolType.KURA_KAUPAPA:
        return "a kura kaupapa Māori"
    name = kind.label.split(" (")[0].lower()
    return f"an {name} school" if name[0] in "aeiou" else f"a {name} school"
