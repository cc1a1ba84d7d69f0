"""The invented content of the demo district: places, people, the shape of a problem
scenario, the agreement's protocols and needs-audit profiles. Every name and figure here
is made up; ``app.services.demo`` writes them to a store."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.vocabulary import OrganisationKind, ResponseKind, Role, SchoolType


@dataclass(frozen=True, slots=True)
class Scenario:
    """A problem Police and schools often share, with several versions of each text.

    A school draws one version of each piece, and the pieces name its own place, year
    levels and figures, so no two schools read alike while every text stays something a
    Lead Police Contact and a principal could have written. Placeholders: {years} (year
    levels that fit the school), {spot} (where it happens), {place} (its locality) and
    the scan figures {baseline}, {count}, {police}, {suspensions}, {cost}; {result} in
    ``what_happened``."""

    key: str
    outcome: str  # the stage 1 outcome the school and Police agree
    problem: tuple[str, ...]  # the SARA title and the profile's concern
    measure: str
    unit: str  # what the baseline and target count, short enough for a table column
    baseline: tuple[int, int]  # range the school's baseline is drawn from
    change: tuple[int, int]  # how far the target moves; the sign says which way
    spots: tuple[str, ...]
    scan: tuple[str, ...]
    theories: tuple[str, ...]
    data_tested: tuple[str, ...]
    why: tuple[str, ...]
    considered: tuple[str, ...]
    assessment: str
    responses: tuple[ResponseKind, ...]
    description: tuple[str, ...]
    evidence: str
    resourcing: str
    buy_in: tuple[str, ...]
    logic: str
    activities: tuple[tuple[str, str, str], ...]  # title, steps, resources
    police_commitment: str
    school_commitment: str
    what_happened: tuple[str, ...]
    why_happened: str
    differently: tuple[str, ...]
    next_steps: str
    lessons: str


DEMO_DISTRICT = "Te Awa Roa (fictional demo district)"
AREAS = ("Awa North", "Awa South", "Kōtuku Coast")
CLUSTERS = ("Kāhui Ako o Te Awa", "Harbour Kāhui Ako", "Ranges Kāhui Ako", "Coastal cluster")
# Fictional localities of the fictional district; none is a real New Zealand place.
PLACES = (
    "Kōwhai Grove",
    "Kererū Vale",
    "Tūī Hollow",
    "Larkfield Rise",
    "Pūriri Bend",
    "Ashmeadow",  # first in the list by name, and at stage 1 like the first school
    "Hīnātore",
    "Stonefern Bay",
    "Mānuka Flats",
    "Heronvale",
    "Kōtare Heights",
    "Tidewater Flat",
    "Rātā Ridge",
    "Willowmere Park",
    "Ngā Toka Rise",
    "Saltbush Point",
    "Raupō Reach",
    "Glenhollow",
    "Te Pae Kōura",
    "Kestrel Downs",
    "Weka Vale",
    "Brackenvale",
    "Pūkeko Meadow",
    "Copperleaf",
    "Pōhutukawa Reach",
    "Fernmoss",
    "Kāhu Ridge",
    "Cobble Creek",
    "Harakeke Bend",
    "Marblewood",
    "Larchmere Bay",
    "Emberwood",
)
STREETS = (
    "Kōwhai Road",
    "Ferncourt Avenue",
    "Tūī Street",
    "Millrace Road",
    "Kahikatea Drive",
    "Ridgeline Road",
    "Te Ara Pounamu",
    "Baylight Crescent",
)
# Kura kaupapa Māori are named in te reo for a value, an ancestor's saying or the land.
KURA_NAMES = (
    "Te Kura Kaupapa Māori o Ngā Whetū Kōtuku",
    "Te Kura Kaupapa Māori o Te Rau Hīnātore",
    "Te Kura Kaupapa Māori o Ngā Pūriri Tū Tahi",
    "Te Kura Kaupapa Māori o Te Awa Hīrere",
    "Te Kura Kaupapa Māori o Ngā Kākano Hua Rau",
    "Te Kura Kaupapa Māori o Te Puna Kōrero Tawhito",
)
TYPES = (
    (SchoolType.CONTRIBUTING, "School", (80, 420)),
    (SchoolType.FULL_PRIMARY, "Primary School", (60, 520)),
    (SchoolType.INTERMEDIATE, "Intermediate", (250, 700)),
    (SchoolType.SECONDARY, "College", (400, 1600)),
    (SchoolType.KURA_KAUPAPA, "", (40, 160)),
)
# The year levels an aim may name, within each type's span (SchoolType's labels).
YEAR_GROUPS = {
    SchoolType.CONTRIBUTING: ("Years 4–6", "Years 5–6", "Years 3–6"),
    SchoolType.FULL_PRIMARY: ("Years 5–8", "Years 4–6", "Years 6–8"),
    SchoolType.INTERMEDIATE: ("Years 7–8", "Year 8", "Year 7"),
    SchoolType.SECONDARY: ("Years 9–10", "Years 9–11", "Year 11"),
    SchoolType.COMPOSITE: ("Years 7–10", "Years 9–11", "Years 5–8"),
    SchoolType.KURA_KAUPAPA: ("Years 5–8", "Years 4–8", "Years 6–8"),
}
MOE_BASE = 99_000  # five-digit numbers from 99000: no real school has one
MOE_SPAN = 1_000  # up to 99999; a bench's district beyond that has schools without one
GIVEN = (
    "Aroha",
    "Mere",
    "Tama",
    "Hemi",
    "Sione",
    "Grace",
    "Liam",
    "Priya",
    "Wiremu",
    "Ana",
    "Rāwiri",
    "Kiri",
    "Tom",
    "Mei",
    "Losa",
    "Hūhana",
    "James",
    "Ngaio",
)
OFFICERS = (
    "Aroha Ngata",
    "Sione Fonoti",
    "Grace Harrison",
    "Wiremu Kereama",
    "Priya Patel",
    "Hemi Te Whata",
    "James Reid",
)
FAMILY = (
    "Ngata",
    "Walker",
    "Tūhoe-Smith",
    "Patel",
    "Fonoti",
    "Brown",
    "Te Whata",
    "Chen",
    "Harrison",
    "Kereama",
    "Tūtara",
    "Wilson",
    "Faleolo",
    "Morrison",
    "Pōtae",
    "Reid",
)

# Needs audits: one profile per suggested level, spread over the district (schools that
# maintain at stage 1 by agreement have low needs). None: no audit yet.
AUDIT_PATTERN = (5, 4, 3, 5, 2, 4, None, 1, 5, 5, 4, 5, 3, None, 2)
AUDIT_PROFILES: dict[int, dict[str, object]] = {
    1: {
        "truancy_band": "top_decile",
        "absence_band": "top_decile",
        "offending": 0.12,
        "reports_per_week": 6.5,
        "unsafe_percent": 28,
        "exclusion_rate": 0.07,
        "local_concern": "high",
        "high_crime_area": "yes",
        "high_turnover": "yes",
        "rising_offending": "yes",
    },
    2: {
        "truancy_band": "top_quartile",
        "absence_band": "top_quartile",
        "offending": 0.06,
        "reports_per_week": 3.0,
        "unsafe_percent": 14,
        "exclusion_rate": 0.04,
        "local_concern": "high",
        "high_crime_area": "yes",
        "high_turnover": "no",
        "rising_offending": "no",
    },
    3: {
        "truancy_band": "top_quartile",
        "absence_band": "below_top_quartile",
        "offending": 0.03,
        "reports_per_week": 2.2,
        "unsafe_percent": 8,
        "exclusion_rate": 0.03,
        "local_concern": "some",
        "high_crime_area": "no",
        "high_turnover": "no",
        "rising_offending": "no",
    },
    4: {
        "truancy_band": "below_top_quartile",
        "absence_band": "top_quartile",
        "offending": 0.01,
        "reports_per_week": 1.2,
        "unsafe_percent": 6,
        "exclusion_rate": 0.02,
        "local_concern": "some",
        "high_crime_area": "no",
        "high_turnover": "no",
        "rising_offending": "yes",
    },
    5: {
        "truancy_band": "below_top_quartile",
        "absence_band": "below_top_quartile",
        "offending": 0.0,
        "reports_per_week": 0.3,
        "unsafe_percent": 3,
        "exclusion_rate": 0.01,
        "local_concern": "little",
        "high_crime_area": "no",
        "high_turnover": "no",
        "rising_offending": "no",
    },
}
OVERRIDDEN_SCHOOL = 11  # one agreed level differs from the suggestion, with a reason

LSC_ROLES = ("Deputy Principal", "Assistant Principal", "Dean", "Pastoral Care Leader")
ENGAGEMENTS = (
    "Went through this term's figures with {lsc}; agreed to look again at {spot}.",
    "Planning meeting with {lsc} on {problem}.",
    "Visited at lunchtime with the duty teacher; looked at {spot} and the way home.",
    "Called {lsc} about an incident near {spot}; no further action needed.",
    "Attended the school's safety committee; shared Police figures for the term.",
)


@dataclass(frozen=True, slots=True)
class Partners:
    """Who else works with a school on its kind of problem: a Police team (the contact's
    rank comes first in the name) and a community organisation named after the place."""

    role: Role
    rank: str
    organisation: str  # {place} is the school's locality
    kind: OrganisationKind
    purpose: str


PARTNERS: dict[str, Partners] = {
    "traffic": Partners(
        Role.ROAD_POLICING, "Senior Constable", "{place} District Council road safety team",
        OrganisationKind.COUNCIL, "Trains the crossing patrol and reviews the 40 km/h zone",
    ),
    "property": Partners(
        Role.NEIGHBOURHOOD_POLICING_TEAM, "Constable", "{place} Council parks team",
        OrganisationKind.COUNCIL, "Removes tags within two days and looks after the lighting",
    ),
    "vaping": Partners(
        Role.NEIGHBOURHOOD_POLICING_TEAM, "Constable", "{place} Community Health",
        OrganisationKind.HEALTH, "Runs quit-vaping sessions with the school nurse",
    ),
    "bullying": Partners(
        Role.CRIMINAL_INVESTIGATIONS, "Detective", "{place} Whānau Support Trust",
        OrganisationKind.SOCIAL_SERVICE, "Works with whānau when online harm follows students home",
    ),
    "attendance": Partners(
        Role.PUBLIC_SAFETY_TEAM, "Constable", "{place} Attendance Service",
        OrganisationKind.SOCIAL_SERVICE, "Follows up students who miss school, with their whānau",
    ),
}  # fmt: skip
# Cluster and district roles, each looking after several schools: (role, rank, every nth).
CLUSTER_ROLES = (
    (Role.AREA_YOUTH_COMMUNITY_SUPERVISOR, "Senior Sergeant", 4),
    (Role.PREVENTION_MANAGER, "Inspector", 10),
)
