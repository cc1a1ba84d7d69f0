"""The domain's vocabulary, in one place.

The UI, the exporter, the validation rules and the sync layer all read these enums and
their labels; nobody re-types a stage name or a role. Values are stable identifiers stored
in the database and sent over the wire, labels are what people read.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum, StrEnum

# Defined apart so the window's menus need not build every enum here (see stages).
from app.models.stages import STAGE_LABELS as STAGE_LABELS
from app.models.stages import STAGE_SARA as STAGE_SARA
from app.models.stages import Stage as Stage


class Labelled(StrEnum):
    """A StrEnum whose members carry a human label (with macrons where te reo is used)."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Labelled:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label or value.replace("_", " ").capitalize()
        return obj

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class PartnershipStatus(Labelled):
    ACTIVE = "active", "Active"
    MAINTAINING = "maintaining", "Maintaining at stage 1 by agreement"
    CLOSED = "closed", "Closed"


class SchoolType(Labelled):
    CONTRIBUTING = "contributing", "Contributing primary (Years 1–6)"
    FULL_PRIMARY = "full_primary", "Full primary (Years 1–8)"
    INTERMEDIATE = "intermediate", "Intermediate (Years 7–8)"
    SECONDARY = "secondary", "Secondary (Years 9–13)"
    COMPOSITE = "composite", "Composite (Years 1–13)"
    KURA_KAUPAPA = "kura_kaupapa", "Kura Kaupapa Māori"
    SPECIAL = "special", "Special school"
    OTHER = "other", "Other"


class Role(Labelled):
    """Who a contact is around the school. Values are stored and synced: add, never rename
    (an older laptop or the server still holds the old ones)."""

    LEAD_POLICE_CONTACT = "lead_police_contact", "Lead Police Contact"
    LEAD_SCHOOL_CONTACT = "lead_school_contact", "Lead School Contact"
    SCHOOL_COMMUNITY_OFFICER = "school_community_officer", "School Community Officer"
    YOUTH_AID_OFFICER = "youth_aid_officer", "Youth Aid Officer"
    IWI_LIAISON_OFFICER = "iwi_liaison_officer", "Iwi Liaison Officer"
    COMMUNITY_CONSTABLE = "community_constable", "Community Constable"
    NEIGHBOURHOOD_POLICING_TEAM = "neighbourhood_policing_team", "Neighbourhood Policing Team"
    PUBLIC_SAFETY_TEAM = "public_safety_team", "Public Safety Team"
    CRIMINAL_INVESTIGATIONS = "criminal_investigations", "Criminal Investigations Branch (CIB)"
    ROAD_POLICING = "road_policing", "Road Policing"
    AREA_YOUTH_COMMUNITY_SUPERVISOR = (
        "area_youth_community_supervisor",
        "Area Youth and Community Supervisor",
    )
    PREVENTION_MANAGER = "prevention_manager", "District / Area Prevention Manager"
    PRINCIPAL = "principal", "Principal / Tumuaki"
    BOARD_MEMBER = "board_member", "Board member"
    OTHER = "other", "Other"


class Party(Labelled):
    """Which side of the partnership a contact is on, for grouping them in documents."""

    POLICE = "police", "New Zealand Police"
    SCHOOL = "school", "The school"
    OTHER = "other", "Other contacts"


SCHOOL_ROLES = frozenset({Role.LEAD_SCHOOL_CONTACT, Role.PRINCIPAL, Role.BOARD_MEMBER})


def party_of(role: str) -> Party:
    """Police for every Police role, the school for its staff and board, else other."""
    if role in SCHOOL_ROLES:
        return Party.SCHOOL
    if role == Role.OTHER or role not in Role._value2member_map_:
        return Party.OTHER
    return Party.POLICE


class OrganisationKind(Labelled):
    """The kinds of community organisation an LPC connects a school with."""

    IWI_MARAE = "iwi_marae", "Iwi / marae"
    SOCIAL_SERVICE = "social_service", "Social service"
    HEALTH = "health", "Health"
    COUNCIL = "council", "Council"
    OTHER = "other", "Other"


class EngagementKind(Labelled):
    VISIT = "visit", "School visit"
    MEETING = "meeting", "Meeting"
    CALL = "call", "Phone call"
    EMAIL = "email", "Email"
    EVENT = "event", "Event / hui"


class AttachmentKind(Labelled):
    """What an attached file is, so a signed agreement can be told from other papers."""

    SIGNED_AGREEMENT = "signed_agreement", "Signed agreement"
    SURVEY_RESULTS = "survey_results", "Survey results"
    MINUTES = "minutes", "Minutes"
    OTHER = "other", "Other"


class AttachmentLink(Labelled):
    """The records an attachment may belong to, by table (values are table names)."""

    AGREEMENT = "partnership_agreements", "Partnership agreement"
    PROFILE = "school_profiles", "School profile"
    PLAN = "annual_plans", "Annual partnership plan"
    SURVEY = "needs_audits", "Needs audit survey"
    NARRATIVE = "intervention_narratives", "Intervention narrative"


class ResponseKind(Labelled):
    """The catalogue of responses an officer may choose in stage 3."""

    KIA_KAHA = "kia_kaha", "Safety education: Kia Kaha"
    KEEPING_OURSELVES_SAFE = "keeping_ourselves_safe", "Safety education: Keeping Ourselves Safe"
    ROAD_SAFE = "road_safe", "Safety education: Road Safe"
    CHOICE = "choice", "Safety education: Choice"
    SCHOOL_TRAFFIC_SAFETY_TEAM = "school_traffic_safety_team", "School Traffic Safety Team"
    PROGRAMME_APPROACH = "programme_approach", "Programme approach"
    INQUIRY_APPROACH = "inquiry_approach", "Inquiry approach"
    SCHOOL_WIDE_INTERVENTION = "school_wide_intervention", "School-wide intervention"
    OTHER = "other", "Other response"


class ActivityStatus(Labelled):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ActionHorizon(Labelled):
    """UK SSP guidance: short-term actions (< 6 months) are reviewed monthly."""

    SHORT_TERM = "short_term", "Short term (under 6 months)"
    LONG_TERM = "long_term", "Long term (6 months to 3 years)"


class AssessmentResult(Labelled):
    ACHIEVED = "achieved", "Achieved"
    PARTLY = "partly", "Partly achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"


class SafetyPerception(Labelled):
    VERY_SAFE = "very_safe", "Very safe"
    MOSTLY_SAFE = "mostly_safe", "Mostly safe"
    MIXED = "mixed", "Mixed"
    UNSAFE = "unsafe", "Often unsafe"
    UNKNOWN = "unknown", "Not surveyed"


class ServiceTier(Labelled):
    """The NZ Police operating model's kinds of service to a school; a school may have
    several. Every school gets the first; school-wide interventions are for a few."""

    RELATIONSHIP = "relationship", "Relationship and information sharing"
    EDUCATION = "education_programmes", "Support for Police-endorsed education programmes"
    TRAFFIC_SAFETY = "traffic_safety_team", "School traffic safety team"
    SCHOOL_WIDE = "school_wide_intervention", "School-wide intervention"

    @property
    def short(self) -> str:
        """A word or two for a list column."""
        return SERVICE_TIER_SHORT[self.value]


SERVICE_TIER_SHORT = {
    "relationship": "Relationship",
    "education_programmes": "Education",
    "traffic_safety_team": "Traffic team",
    "school_wide_intervention": "School-wide",
}


class RespondentGroup(Labelled):
    """Who answered a perceptions-of-safety survey; always a group, never a person."""

    STUDENTS = "students", "Students"
    STAFF = "staff", "Staff"
    PARENTS_WHANAU = "parents_whanau", "Parents and whānau"
    COMMUNITY = "community", "Community"


SECURITY_CLASSIFICATION = "IN-CONFIDENCE"


# -- Needs audit (UK Safer School Partnerships guidance, section 9) ----------------------
class InterventionLevel(IntEnum):
    """How intensive the partnership response is: 1 the most, 5 the least."""

    INTENSIVE = 1
    HIGH = 2
    SUBSTANTIAL = 3
    MODERATE = 4
    UNIVERSAL = 5

    @property
    def label(self) -> str:
        return INTERVENTION_LEVEL_LABELS[self]

    @property
    def title(self) -> str:
        return f"Level {self.value}: {self.label}"


INTERVENTION_LEVEL_LABELS: dict[InterventionLevel, str] = {
    InterventionLevel.INTENSIVE: "Intensive (dedicated officer and project team)",
    InterventionLevel.HIGH: "High (dedicated full-time officer)",
    InterventionLevel.SUBSTANTIAL: "Substantial (full-time officer with other duties)",
    InterventionLevel.MODERATE: "Moderate (part-time officer)",
    InterventionLevel.UNIVERSAL: "Universal (school officer as needed)",
}


class NationalBand(Labelled):
    """Where a school's figure sits against all schools nationally (higher is worse)."""

    TOP_DECILE = "top_decile", "In the highest 10% nationally"
    TOP_QUARTILE = "top_quartile", "In the highest 25% (not the highest 10%)"
    BELOW_TOP_QUARTILE = "below_top_quartile", "Below the highest 25%"
    UNKNOWN = "unknown", "Not known"


class ConcernLevel(Labelled):
    """Local concern over crime and anti-social behaviour by the school's students."""

    HIGH = "high", "High level of local concern"
    SOME = "some", "Some local concern"
    LITTLE = "little", "Little or none"
    UNKNOWN = "unknown", "Not known"


class AuditFlag(Labelled):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


# -- Partnership years ---------------------------------------------------------------------
# The New Zealand school year runs Term 1 to Term 4 inside one calendar year, so a
# partnership year is named by that calendar year and the year a date falls in is the
# date's calendar year. The model (app/models/years.py) explains which records a year owns.

YEAR_MIN = 2000
YEAR_MAX = 2100

YEAR_TABLES: tuple[str, ...] = (
    "partnership_years",
    "school_profiles",
    "sara_plans",
    "response_aims",
    "responses",
    "annual_plans",
    "aim_assessments",
    "reflections",
    "intervention_narratives",
    "knowledge_citations",
)
"""Tables whose rows carry a ``year`` column and belong to that one partnership year."""

YEAR_IN_FORMS: tuple[str, ...] = ("school_profiles", "annual_plans")
"""Per-year tables whose form shows the year (it names the record); the others take the
year they are made in and never show it as a field to change."""

PLAN_CHILD_TABLES: tuple[str, ...] = ("plan_activities", "plan_reviews")
"""Tables in a year through their annual plan (``plan_id``); they carry no year of their own."""

ACROSS_YEARS_TABLES: tuple[str, ...] = (
    "partnership_agreements",
    "outcomes",
    "outcome_measurements",
)
"""Records that span years: the agreement keeps its own term, and agreed outcomes carry
from year to year with their measurements kept over the whole history."""


def school_year_of(day: date) -> int:
    """The partnership year a date falls in (the school year is one calendar year)."""
    return day.year


def year_label(year: int) -> str:
    """How a year is named to people and in file names: "2026"."""
    return str(year)


# -- Knowledge bank (app/models/knowledge.py explains why an entry is a snapshot) --------
class ProblemType(Labelled):
    """What a school-wide intervention was about, so officers can find like with like.
    Values are stored and synced across districts: add, never rename."""

    BULLYING = "bullying", "Bullying and harassment"
    ONLINE_HARM = "online_harm", "Online safety and cyberbullying"
    VIOLENCE = "violence", "Fighting and violence"
    THEFT = "theft", "Theft and burglary"
    PROPERTY_DAMAGE = "property_damage", "Vandalism and property damage"
    DRUGS_ALCOHOL = "drugs_alcohol", "Drugs, alcohol and vaping"
    TRUANCY = "truancy", "Truancy and attendance"
    ROAD_SAFETY = "road_safety", "Road and traffic safety"
    FAMILY_HARM = "family_harm", "Family harm"
    OTHER = "other", "Other"


class KnowledgeState(Labelled):
    """Where a narrative is on its way into the bank. Only a district supervisor moves it
    from submitted to published or returned; published is final."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for approval"
    RETURNED = "returned", "Returned with a comment"
    PUBLISHED = "published", "Published"


class RollBand(Labelled):
    """A school's roll in bands wide enough that an anonymous entry does not name it."""

    UNDER_100 = "under_100", "Under 100 students"
    FROM_100 = "100_299", "100 to 299 students"
    FROM_300 = "300_699", "300 to 699 students"
    FROM_700 = "700_1499", "700 to 1,499 students"
    FROM_1500 = "1500_up", "1,500 students or more"
    UNKNOWN = "unknown", "Roll not recorded"


_ROLL_BAND_FLOORS: tuple[tuple[int, RollBand], ...] = (
    (1500, RollBand.FROM_1500),
    (700, RollBand.FROM_700),
    (300, RollBand.FROM_300),
    (100, RollBand.FROM_100),
    (0, RollBand.UNDER_100),
)


def roll_band(roll: int | None) -> RollBand:
    """The band a roll falls in; a roll never recorded stays unknown, not "under 100"."""
    if roll is None:
        return RollBand.UNKNOWN
    return next(band for floor, band in _ROLL_BAND_FLOORS if roll >= floor)
