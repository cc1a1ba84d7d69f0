"""The invented content of the demo district: places, people, problems and needs-audit
profiles. Every name and figure here is made up; ``app.services.demo`` writes them to a
store."""

from __future__ import annotations

from app.models.vocabulary import SchoolType

DEMO_DISTRICT = "Te Awa Roa (fictional demo district)"
AREAS = ("Awa North", "Awa South", "Kōtuku Coast")
CLUSTERS = ("Kāhui Ako o Te Awa", "Harbour Kāhui Ako", "Ranges Kāhui Ako", "Coastal cluster")
PLACES = (
    "Kōwhai Grove",
    "Tōtara Heights",
    "Raupō Bay",
    "Kererū Valley",
    "Mānuka Hills",
    "Tūī Ridge",
    "Karaka Point",
    "Ngaio Downs",
    "Kahikatea Flat",
    "Pūriri Lane",
    "Awatea",
    "Te Rito",
    "Whetūrangi",
    "Maunga Tī",
    "Riverbend",
    "Seaview Terrace",
    "Hillcrest North",
    "Westbrook",
    "Eastfield",
    "Harakeke Park",
    "Pīwakawaka",
    "Rātā Street",
    "Kākā Point",
    "Matariki Rise",
    "Ōkārito Road",
    "Wharau Grove",
    "Korimako",
    "Huia Valley",
    "Kawakawa Bay",
    "Tawa Park",
    "Hīnau Heights",
    "Aroha Downs",
)
TYPES = (
    (SchoolType.CONTRIBUTING, "School", (80, 420)),
    (SchoolType.FULL_PRIMARY, "Primary School", (60, 520)),
    (SchoolType.INTERMEDIATE, "Intermediate", (250, 700)),
    (SchoolType.SECONDARY, "College", (400, 1600)),
    (SchoolType.KURA_KAUPAPA, "", (40, 160)),
)
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
PROBLEMS = (
    ("Bullying between students on the way home", "bullying reports per term", 18, 12),
    ("Unsafe driving and parking at the school gate", "near-miss reports per month", 9, 4),
    (
        "Online harm and image sharing among Year 7–8 students",
        "online harm referrals per term",
        7,
        4,
    ),
    ("Theft from bags and lockers at lunchtime", "thefts reported per term", 14, 8),
    ("Students feeling unsafe at the bus stop", "% students who feel safe at the bus stop", 58, 75),
    ("Vaping and alcohol near the sports field after school", "incidents reported per term", 11, 6),
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
