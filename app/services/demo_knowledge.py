"""The demo district's knowledge bank: published narratives a new user can search at once.

Fictional, like the rest of the demo district, and no entry names a person. Every entry
is anonymous (school type, roll band and region only), so none names a place: the demo's
schools are named after its localities, and a place would give the school away, as the
publish check tells an officer and already published; none has a pending submission, so none ever
travels to a server. The region says "fictional demo district" wherever they are shown.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.models import KnowledgeEntry
from app.models.vocabulary import KnowledgeState
from app.services.demo_data import DEMO_DISTRICT
from app.services.knowledge_text import details_text

DEMO_NAMESPACE = uuid.UUID("0d7a9b52-3c1e-4f6a-8b2d-5e9c1a7f4b30")


@dataclass(frozen=True)
class DemoNarrative:
    title: str
    year: int
    school_type: str
    roll_band: str
    problem_type: str
    kinds: tuple[str, ...]
    result: str  # the aims: achieved, partly, not_achieved
    problem: str
    intervention: str
    results: str
    lessons: str
    aim: tuple[str, str, float, float, float]  # statement, unit, baseline, target, result
    why: str  # the rationale: why this response should affect the problem
    reflection: dict[str, str] = field(default_factory=dict)


NARRATIVES: tuple[DemoNarrative, ...] = (
    DemoNarrative(
        "Adults at the bus stop after the final bell",
        2025,
        "full_primary",
        "300_699",
        "bullying",
        ("kia_kaha", "school_wide_intervention"),
        "achieved",
        "Most bullying reports came from the bus stop outside the school in the ten minutes after "
        "the final bell, when no adult was there.",
        "A roster of staff and whānau volunteers at the stop each afternoon, with Kia Kaha "
        "taught in Years 5 to 8 so students knew how to report.",
        "Reports from the stop fell from 18 to 9 a term; the student survey showed more "
        "students feeling safe on the way home.",
        "Start the roster in Term 1, not mid-year. Whānau volunteers stayed when the marae "
        "helped organise them; a printed roster on the staffroom door kept it going.",
        ("Halve bullying reports at the bus stop", "reports a term", 18, 9, 9),
        "An adult present at the time and place of the problem removes the chance, and "
        "Kia Kaha gives students words to report.",
        {"what_happened": "The roster held all year.", "next_steps": "Keep it for 2026."},
    ),
    DemoNarrative(
        "Vaping in the senior toilets",
        2025,
        "secondary",
        "700_1499",
        "drugs_alcohol",
        ("choice", "school_wide_intervention"),
        "partly",
        "Vaping in the senior toilets led to stand-downs and younger students avoiding the "
        "block at lunchtime.",
        "Toilets opened by a duty teacher at each break, a health-nurse drop-in, and the "
        "Choice programme with Year 10.",
        "Stand-downs for vaping fell from 14 to 8; younger students still avoided the block.",
        "Pair supervision with support: students asked for help to stop once the nurse was "
        "there. Change the toilets' layout if you can; supervision alone did not reassure "
        "the juniors.",
        ("Reduce stand-downs for vaping", "stand-downs a year", 14, 7, 8),
        "Supervision takes away the hidden place; the nurse offers a way out for "
        "students who want to stop.",
    ),
    DemoNarrative(
        "Crossing patrol on a fast rural road",
        2024,
        "contributing",
        "100_299",
        "road_safety",
        ("school_traffic_safety_team", "road_safe"),
        "achieved",
        "Near misses at the school gate on a 70 km/h road with parents parking on the verge.",
        "A school traffic safety team trained by the Road Policing officer, a kea crossing "
        "and a council request for a lower speed limit at school times.",
        "No near misses reported in Terms 3 and 4; the council set a 40 km/h school zone.",
        "Bring the council in early; the data from the patrol's own counts persuaded them. "
        "Year 6 patrollers were proud of the role and recruited the next team themselves.",
        ("No near misses at the gate", "near misses a term", 5, 0, 0),
        "A trained patrol and a lower speed change how drivers and families behave at the gate.",
    ),
    DemoNarrative(
        "Attendance on Mondays after the weekend sports",
        2025,
        "intermediate",
        "300_699",
        "truancy",
        ("inquiry_approach",),
        "not_achieved",
        "Unjustified absence on Mondays was twice that of other days.",
        "An inquiry with whānau at two hui to find out why, then a Monday breakfast club "
        "and texts home by 9.30 am.",
        "Monday absence stayed near 14%; the hui showed travel home from weekend tournaments "
        "was the cause, which the school could not change this year.",
        "Ask whānau before choosing a response: our breakfast club answered a question "
        "nobody had. Next year we will work with the sports clubs on Sunday travel.",
        ("Bring Monday absence to the weekly average", "% absent", 14, 7, 13.5),
        "Asking whānau first tests our theory before spending on a response.",
        {"do_differently": "Hold the hui before planning the response."},
    ),
    DemoNarrative(
        "Graffiti on the school's netball courts",
        2024,
        "full_primary",
        "under_100",
        "property_damage",
        ("programme_approach",),
        "achieved",
        "Tagging on the courts and the hall after the weekend, costing the board each term.",
        "Students and a local artist painted a mural on the hall wall; tags removed within "
        "a day; the Community Constable walked past on Friday evenings.",
        "New tags fell from 11 to 2 a term and none has touched the mural.",
        "Quick removal matters as much as the mural. Small kura can ask the council's "
        "graffiti team for paint at no cost.",
        ("Fewer new tags", "tags a term", 11, 4, 2),
        "Quick removal takes away the reward of being seen; a mural gives students a "
        "stake in the wall.",
    ),
    DemoNarrative(
        "Online harm after a group chat turned nasty",
        2025,
        "intermediate",
        "700_1499",
        "online_harm",
        ("keeping_ourselves_safe", "other"),
        "partly",
        "A Year 8 group chat spread photos and threats; several students stayed home.",
        "Keeping Ourselves Safe's online modules, a parent evening on privacy settings, and "
        "a clear way to report to the deans.",
        "Reports to the deans rose at first (students knew how), then fell; whānau turnout "
        "at the evening was low.",
        "Expect reports to rise before they fall and say so to the board. Run the parent "
        "session at the same time as a sports prize-giving to reach more whānau.",
        ("Students who know how to report online harm", "% of Year 8", 40, 90, 82),
        "Students who know how to report, and parents who know the settings, cut the "
        "time harm spreads.",
    ),
    DemoNarrative(
        "Fights at the gate of a kura kaupapa",
        2024,
        "kura_kaupapa",
        "100_299",
        "violence",
        ("school_wide_intervention",),
        "achieved",
        "Fights between older students and visitors at the gate after school.",
        "Kaumātua and whānau at the gate each afternoon, tikanga-based restorative hui after "
        "any incident, and the Iwi Liaison Officer at the first hui.",
        "Fights fell from 9 to 2 a term; visitors now wait outside the gate.",
        "Let the kura lead: the kaumātua carried authority that a uniform did not. Police "
        "attended when invited and stepped back once trust was there.",
        ("Fewer fights at the gate", "fights a term", 9, 3, 2),
        "Kaumātua carry authority with students and visitors that a uniform does not.",
    ),
    DemoNarrative(
        "Bikes stolen from the school's bike racks",
        2025,
        "secondary",
        "1500_up",
        "theft",
        ("other",),
        "not_achieved",
        "Bikes and scooters stolen from the racks behind the gym, out of sight of classrooms.",
        "A fenced cage with a keypad, property marking at assembly, and a check of the "
        "camera angle with the school.",
        "Thefts stayed at about 6 a term: the cage was installed in Term 4, later than "
        "planned, so the result is not yet known.",
        "Order physical changes first; they took two terms to arrive. Marking bikes helped "
        "return two stolen ones even though thefts did not fall.",
        ("Fewer bikes stolen", "thefts a term", 6, 2, 6),
        "A locked rack removes the easy chance; marked bikes can be returned.",
    ),
    DemoNarrative(
        "Family harm: helping staff respond well",
        2024,
        "composite",
        "300_699",
        "family_harm",
        ("inquiry_approach", "other"),
        "partly",
        "Staff were unsure how to respond when a student disclosed harm at home.",
        "A shared response protocol with the local social service, a termly check-in with "
        "the Lead Police Contact, and training for every teacher.",
        "All teaching staff trained; referrals now reach the social service within a day. "
        "Relief staff were not yet included.",
        "Write the protocol with the social service, not for it. Include relief and support "
        "staff from the start.",
        ("Staff confident to respond to a disclosure", "% of staff", 35, 100, 88),
        "Staff who know the next step respond sooner and refer to the people who can help.",
    ),
)


def entry_id(index: int) -> str:
    """The same ids on every computer, so a second seeding finds nothing to add."""
    return str(uuid.uuid5(DEMO_NAMESPACE, f"demo-narrative-{index}"))


def add_knowledge_bank(session: Session) -> int:
    """Add the demo narratives as published, anonymous entries; returns how many."""
    for i, n in enumerate(NARRATIVES):
        if session.get(KnowledgeEntry, entry_id(i)) is None:
            session.add(_entry(i, n))
    return len(NARRATIVES)


def _entry(index: int, n: DemoNarrative) -> KnowledgeEntry:
    statement, unit, baseline, target, measured = n.aim
    aims = [
        {
            "statement": statement,
            "measure": unit,
            "unit": unit,
            "baseline": baseline,
            "target": target,
            "result": n.result,
            "measured_value": measured,
            "evidence": "School and Police records, term by term",
        }
    ]
    responses = [  # the intervention described once, under its first response
        {
            "kind": kind,
            "description": n.intervention if k == 0 else "",
            "rationale_evidence": "",
            "rationale_resourcing": "",
            "rationale_buy_in": "",
            "rationale_logic": n.why if k == 0 else "",
        }
        for k, kind in enumerate(n.kinds)
    ]
    reflection = {"what_happened": n.results, **n.reflection}
    published = datetime(n.year, 12, 5, tzinfo=UTC)
    return KnowledgeEntry(
        id=entry_id(index),
        school_id=None,
        narrative_id=None,
        year=n.year,
        state=KnowledgeState.PUBLISHED.value,
        named=False,
        school_name="",
        school_type=n.school_type,
        roll_band=n.roll_band,
        region=DEMO_DISTRICT,
        problem_type=n.problem_type,
        response_kinds=" " + " ".join(n.kinds) + " ",
        aims_result=n.result,
        title=n.title,
        context="",
        problem=n.problem,
        intervention=n.intervention,
        implementation="",
        results=n.results,
        lessons=n.lessons,
        aims_json=json.dumps(aims, ensure_ascii=False),
        responses_json=json.dumps(responses, ensure_ascii=False),
        reflection_json=json.dumps(reflection, ensure_ascii=False),
        details_text=details_text("", "", aims, responses, reflection),
        author="Demo district",
        submitted_at=published,
        reviewed_by="Demo district",
        reviewed_at=published,
        review_comment="",
        pending="",
        server_seq=0,
        updated_at=published,
    )
