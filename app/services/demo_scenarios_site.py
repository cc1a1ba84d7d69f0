"""Demo scenarios about the school's gate and grounds: traffic safety at the gate and
property damage. Placeholders and the way a school draws its text: ``demo_data.Scenario``.
Every name and figure is invented; each sentence is written for this demo."""

from __future__ import annotations

from app.models.vocabulary import ResponseKind
from app.services.demo_data import Scenario

TRAFFIC = Scenario(
    key="traffic",
    outcome="Children arrive and leave safely through {spot}",
    problem=(
        "Unsafe driving and parking at {spot}",
        "Near misses with children crossing at {spot}",
    ),
    measure="near misses at {spot} per month",
    unit="near misses per month",
    baseline=(7, 12),
    change=(-5, -3),
    spots=("the main gate", "the drop-off zone", "the back gate"),
    scan=(
        "Staff on duty recorded {baseline} near misses a month at {spot}. Police had "
        "{police} parking complaints near the school last year.",
        "Whānau complaints about double parking at {spot}; duty staff counted "
        "{baseline} near misses a month.",
    ),
    theories=(
        "Parents stop on the yellow lines because the drop-off zone is too short.",
        "Children cross between parked cars where drivers cannot see them.",
        "Most near misses happen in the ten minutes before the bell.",
    ),
    data_tested=(
        "Duty staff logged every near miss for four weeks, with the time and place.",
        "The Lead Police Contact and the council's road safety officer watched the gate at "
        "8.30 am on three days and counted stops on the lines.",
    ),
    why=(
        "Too many cars arrive in the same ten minutes and the kerb has room for six.",
        "There is no supervised crossing point, so children cross where cars stop.",
        "Drivers do not expect children between parked cars on a bend.",
    ),
    considered=(
        "A School Traffic Safety Team with a kea crossing; council yellow lines and signs; "
        "a walking school bus; Police parking enforcement in the first week.",
        "A kea crossing staffed by senior students; staggered finish times; a "
        "council review of the drop-off zone.",
    ),
    assessment="Duty staff log near misses for two weeks a term; compare the monthly "
    "figure with the baseline.",
    responses=(ResponseKind.SCHOOL_TRAFFIC_SAFETY_TEAM, ResponseKind.ROAD_SAFE),
    description=(
        "A School Traffic Safety Team of senior students runs a kea crossing at {spot} "
        "each morning and afternoon, trained by the Lead Police Contact.",
        "Road safety lessons for {years}, a walking school bus from the church car park and "
        "Police attendance at {spot} in the first week of each term.",
    ),
    evidence="School Traffic Safety Teams are trained and supported by Police across the "
    "country; crossing points with patrols reduce conflict between cars and children.",
    resourcing="Police train the team over two sessions; the council supplies signs and "
    "the school provides the vests.",
    buy_in=(
        "The board and the council's road safety officer agreed the crossing site together.",
        "Whānau asked for the crossing at the annual meeting; senior students volunteered.",
    ),
    logic="A single supervised crossing point and fewer cars stopping on the lines remove "
    "the moments when children step out between parked cars.",
    activities=(
        (
            "Train the traffic safety team",
            "Two sessions with Police; practice at the gate",
            "Vests",
        ),
        ("Install crossing signs", "Council installs signs and paints lines", "Council budget"),
        ("Parent newsletter on drop-off", "Map of safe drop-off places; reminders", "Newsletter"),
    ),
    police_commitment="Train and refresh the School Traffic Safety Team each year and "
    "attend the gate in the first week of each term.",
    school_commitment="Roster staff at the gate each morning and log near misses.",
    what_happened=(
        "Near misses fell to {result} a month once the crossing opened.",
        "After the patrol started, duty staff logged {result} near misses a month.",
    ),
    why_happened="Drivers slowed for the patrol, and children used the one crossing.",
    differently=(
        "Ask the council for the yellow lines before the crossing opens, not after.",
        "Train two reserve patrollers for days when the team is away on camp.",
    ),
    next_steps="Retrain the team each Term 1 and ask the council for a longer drop-off zone.",
    lessons="A visible patrol changes drivers' habits faster than newsletters do.",
)

PROPERTY = Scenario(
    key="property",
    outcome="A school site the community cares for, free of damage and tagging",
    problem=(
        "Property damage and tagging on the school grounds after hours",
        "Broken windows and graffiti around {spot} at weekends",
    ),
    measure="property damage incidents per term",
    unit="incidents per term",
    baseline=(9, 16),
    change=(-6, -4),
    spots=("the hall", "the junior block", "the sports pavilion"),
    scan=(
        "The caretaker logged {baseline} incidents of damage last term, mostly around {spot}; "
        "repairs cost the school about ${cost} last year.",
        "Police attended {police} reports of wilful damage at the school last year; the "
        "caretaker's log shows {baseline} incidents last term.",
    ),
    theories=(
        "Young people gather on the grounds at weekends because there is nowhere else to go.",
        "Damage follows events at the park next door.",
        "The same few tags recur, so a small group is responsible.",
    ),
    data_tested=(
        "Matched the caretaker's log with Police reports: most damage was on Friday and "
        "Saturday nights near {spot}.",
        "Photographed and mapped tags for a month with the council's graffiti team.",
    ),
    why=(
        "The grounds are open, dark and out of sight of the road after 9 pm.",
        "Local rangatahi use the grounds as a meeting place and some bring alcohol.",
        "Unrepaired damage invites more; tags stayed up for weeks.",
    ),
    considered=(
        "Security lighting and cameras; a Friday-night youth programme with the marae; "
        "fast graffiti removal with the council; Police patrols on weekend nights.",
        "Locking the grounds; a mural painted by students; neighbours reporting through "
        "the community patrol; Police patrols after events at the park.",
    ),
    assessment="Count damage incidents in the caretaker's log each term and compare with "
    "the baseline, alongside Police reports of wilful damage.",
    responses=(ResponseKind.INQUIRY_APPROACH, ResponseKind.SCHOOL_WIDE_INTERVENTION),
    description=(
        "Students in {years} led an inquiry into the damage and designed a mural for {spot}; "
        "the council removes tags within two days and Police patrol after weekend events.",
        "Lighting around {spot}, removal of tags within two days and a Friday-night sports "
        "programme for rangatahi run with the marae.",
    ),
    evidence="Prompt graffiti removal and giving young people a place to go both reduced "
    "damage at other schools in the district.",
    resourcing="The council funds removal and paint; the marae runs the programme with "
    "two volunteers; Police add the school to weekend patrols.",
    buy_in=(
        "The board, the marae and the community patrol agreed the plan at a hui.",
        "Neighbours offered to report activity; the student council chose the mural design.",
    ),
    logic="A cared-for site, a place for rangatahi to go and more eyes on the grounds "
    "remove the reasons damage happens there.",
    activities=(
        ("Paint the mural", "Design with students; paint over two weekends", "Paint"),
        ("Start the Friday sports night", "Marae and school agree a venue and roster", "Gym"),
        ("Fast graffiti removal", "Caretaker reports tags; council removes in two days", "Council"),
    ),
    police_commitment="Include the school grounds in weekend patrols and share reports of "
    "damage at the school each term.",
    school_commitment="Keep the caretaker's damage log and report damage to Police.",
    what_happened=(
        "Damage fell to {result} incidents a term; the mural has not been tagged.",
        "The caretaker logged {result} incidents last term, most of them minor.",
    ),
    why_happened="Rangatahi had somewhere to go on Friday nights and tags did not last.",
    differently=(
        "Bring the neighbours in at the start; their reports were the most useful.",
        "Light {spot} before winter, when damage peaks.",
    ),
    next_steps="Keep the sports night going with the marae and review the lighting.",
    lessons="Work with the people who use the grounds at night, not only against them.",
)
