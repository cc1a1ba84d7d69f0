"""Earlier partnership years of a few demo schools: the four-stage model as a yearly cycle.

A school in its second or third year has each earlier year complete: its own profile,
SARA plan, SMART aim, response, annual plan, results, assessment, reflection and (for a
school-wide intervention) narrative, every date inside that year. Each year is closed by
the real roll-over (``years.start_next_year``) with the year's stage 4 next step chosen as
a draft aim, which this year's aim then grows from; so the demo exercises the roll-over
rather than imitating it. One school spent its first year at stage 1 by agreement.

The outcome agreed in the first year is measured every term of every year, so its chart
runs across the years: each year starts where the last one's results ended, and this
year's aim (written by ``demo_responses``) starts from the figure it always had.
A random stream of its own per school keeps the rest of the district exactly as it was.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from app.models import (
    AnnualPlan,
    Outcome,
    OutcomeMeasurement,
    PlanReview,
    Response,
    ResponseAim,
    SchoolProfile,
)
from app.models.vocabulary import (
    ActionHorizon,
    ActivityStatus,
    AssessmentResult,
    ResponseKind,
    SafetyPerception,
    Stage,
)
from app.services import demo_agreements
from app.services.demo_responses import (
    DraftSchool,
    add_activity,
    add_assessment,
    add_sara,
    assessment_result,
    description_of,
    target_of,
    write_aim,
)
from app.services.records import load_school
from app.services.stages import complete_stage, maintain_at_stage_one
from app.services.unit_of_work import UnitOfWork
from app.services.years import NextYearChoices, start_next_year


@dataclass(frozen=True, slots=True)
class History:
    """How many earlier years a demo school has, and whether it spent the first at stage 1."""

    years: int
    maintained_first: bool = False


# Schools worked on through stage 2 or further this year, none of them holding last
# year's profile (``demo._add_profile``); school 4 runs a school-wide intervention, so it
# writes a narrative every year, and school 3 is in its third year.
HISTORY: dict[int, History] = {
    3: History(2),
    4: History(1),
    8: History(1, maintained_first=True),
    11: History(1),  # at stage 3 this year, after a year that reached stage 4
    13: History(1),
    19: History(1),
    28: History(2),
}
STAGE_DONE = {
    Stage.RELATIONSHIP: 0.1,
    Stage.ANALYSIS: 0.2,
    Stage.RESPONSE: 0.3,
    Stage.ACHIEVEMENT: 1.0,
}  # how far through the year each stage was signed off
MAINTAIN_REASON = (
    "A quiet year: the school's own systems handled the few incidents there were. The "
    "school and Police agreed to stay at stage 1 and keep sharing information each term."
)


def first_year(i: int, today: date) -> int:
    """School i's first partnership year."""
    return today.year - (HISTORY[i].years if i in HISTORY else 0)


def _anchors(s: DraftSchool, years: int) -> list[float]:
    """Where the figure stood at the start of each earlier year and of this one: half a
    step a year towards the target, ending at this year's baseline."""
    baseline = int(s.text["baseline"])
    step = target_of(s) - baseline
    return [round(baseline - step * (years - k) / 2) for k in range(years + 1)]


def build_history(
    uow: UnitOfWork, s: DraftSchool, today: date, seed: int
) -> tuple[Outcome | None, ResponseAim | None]:
    """Fill and close every year before this one. Returns what this year brings along:
    the outcome agreed in the first year, and the draft aim the last roll-over made from
    last year's next step (``demo_responses.add_response`` writes it up)."""
    first = first_year(s.i, today)
    if first >= today.year:
        return None, None
    draft: ResponseAim | None = None  # the last roll-over's, from the year's next step
    rng = random.Random(f"{seed}-history-{s.i}")
    anchors = _anchors(s, today.year - first)
    outcome: Outcome | None = None
    for k, year in enumerate(range(first, today.year)):
        start = date(year, 2, 17)  # Term 1 under way, the agreement of the time signed
        end = date(year, 12, 5)
        span = (end - start).days

        def at(share: float, start: date = start, span: int = span) -> date:
            return start + timedelta(days=int(span * share))

        _add_profile(uow, s, rng, year, at(0))
        if outcome is None:
            outcome = uow.add(
                Outcome,
                school_id=s.sid,
                description=s.say(s.scenario.outcome),
                measure=s.say(s.scenario.measure),
                unit=s.scenario.unit,
                baseline=anchors[0],
                target=target_of(s),
            )
        if k == 0 and HISTORY[s.i].maintained_first:
            _measure(uow, s, outcome, anchors[0], anchors[0], at)
            demo_agreements.complete_agreement(uow, s.sid, s.i)  # the agreement then in force
            maintain_at_stage_one(uow, load_school(uow.session, s.sid), MAINTAIN_REASON, at(0.1))
        else:
            figures = (anchors[k], anchors[k + 1])
            _run_year(uow, s, rng, (outcome, draft), figures, today.year - year, at)
        # The officer ticks the year's next step (the reflection's one line) as a draft aim.
        steps = () if k == 0 and HISTORY[s.i].maintained_first else (s.scenario.next_steps,)
        rolled = start_next_year(uow, s.sid, NextYearChoices(draft_aims=steps), today=end)
        made = (uow.session.get(ResponseAim, row_id) for row_id in rolled.created)
        draft = next((aim for aim in made if aim is not None), None)
    return outcome, draft


def _run_year(
    uow: UnitOfWork,
    s: DraftSchool,
    rng: random.Random,
    carried: tuple[Outcome, ResponseAim | None],
    figures: tuple[float, float],
    variant: int,
    at: Callable[[float], date],
) -> None:
    """Stages 1 to 4 of one earlier year, each signed off on a date inside it; the aim is
    last year's draft (``carried``) written up. The year's records are written first and
    read once: each read is of the whole school, and the demo is built on the first start."""
    outcome, draft = carried
    add_sara(uow, s, variant)
    start, reached = figures
    achieved = assessment_result(s, variant) is AssessmentResult.ACHIEVED
    target = reached if achieved else 2 * reached - start  # partly: half way to the target
    aim = write_aim(uow, s, outcome, (start, target), at(0.9), draft)
    kind = (
        ResponseKind.SCHOOL_WIDE_INTERVENTION
        if s.i % 4 == 0
        else s.scenario.responses[(s.i + variant) % len(s.scenario.responses)]
    )
    response = uow.add(
        Response,
        school_id=s.sid,
        aim_id=aim.id,
        kind=kind.value,
        description=description_of(s, kind),
        rationale_evidence=s.scenario.evidence,
        rationale_resourcing=s.scenario.resourcing,
        rationale_buy_in=s.scenario.buy_in[(s.i + variant) % len(s.scenario.buy_in)],
        rationale_logic=s.say(s.scenario.logic),
    )
    _add_plan(uow, s, rng, response.id, at)
    _measure(uow, s, outcome, start, reached, at)
    add_assessment(uow, s, at(1), aim, kind, target, variant)
    demo_agreements.complete_agreement(uow, s.sid, s.i)  # the agreement then, and the plan
    records = load_school(uow.session, s.sid)
    for stage in Stage:
        complete_stage(uow, records, stage, at(STAGE_DONE[stage]))


def _add_profile(
    uow: UnitOfWork, s: DraftSchool, rng: random.Random, year: int, prepared_on: date
) -> None:
    uow.add(
        SchoolProfile,
        school_id=s.sid,
        year=year,
        prepared_on=prepared_on,
        police_crime_data=f"{rng.randint(4, 30)} offences recorded within 500 m in {year - 1}.",
        police_victimisation_data=f"{rng.randint(2, 12)} young victims reported.",
        police_harm_data=f"{rng.randint(2, 4)} crashes near the school involving pedestrians.",
        behaviour_concerns=s.problem,
        stand_downs=rng.randint(0, 25),
        suspensions=rng.randint(0, 6),
        exclusions=rng.randint(0, 2),
        attendance_rate=round(rng.uniform(52, 78), 1),
        safety_perception=SafetyPerception.UNKNOWN.value,
        priorities=f"1. {s.problem}",
    )


def _add_plan(
    uow: UnitOfWork,
    s: DraftSchool,
    rng: random.Random,
    response_id: str,
    at: Callable[[float], date],
) -> None:
    """The year's plan, every activity done and dated inside the year, reviewed twice."""
    plan = uow.add(AnnualPlan, school_id=s.sid, agreed_on=at(0.25))
    for n in range(len(s.scenario.activities)):
        horizon = ActionHorizon.SHORT_TERM if n < 2 else ActionHorizon.LONG_TERM
        if horizon is ActionHorizon.LONG_TERM:  # from Term 2 to the end of the year
            due = at(0.93 + rng.uniform(0, 0.05))
            span = timedelta(days=190)
        else:
            due, span = at(0.35 + 0.2 * n + rng.uniform(0, 0.1)), timedelta(days=14)
        add_activity(
            uow, s, plan.id, response_id, n, (due - span, due), horizon, ActivityStatus.DONE
        )
    first, _, last = s.scenario.activities
    for share, note in ((0.5, "on track"), (0.8, "done; results to the board")):
        uow.add(
            PlanReview,
            school_id=s.sid,
            plan_id=plan.id,
            reviewed_on=at(share),
            outcome=f"{first[0]}: done. {last[0]}: {note}.",
        )


def _measure(
    uow: UnitOfWork,
    s: DraftSchool,
    outcome: Outcome,
    start: float,
    reached: float,
    at: Callable[[float], date],
) -> None:
    """Termly results through the year, from where it started to where it reached."""
    for term, share in enumerate((0.05, 0.35, 0.65, 0.95)):
        uow.add(
            OutcomeMeasurement,
            school_id=s.sid,
            outcome_id=outcome.id,
            measured_on=at(share),
            value=round(start + (reached - start) * term / 3, 1),
        )
