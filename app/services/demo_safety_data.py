"""The demo district's perception surveys and Police data rows.

Written after the rest of a demo school, from a random stream of their own, so adding
them left every other demo value as it was. Like the app, they are school-level figures:
how many in a group answered and what share feel safe, and counts of offences or harm in
an area. Every place named here is a generic spot, never a real street or locality.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.models import PoliceDataRow, SafetySurvey, SchoolProfile
from app.models.vocabulary import RespondentGroup, SafetyPerception
from app.services.records import load_school
from app.services.unit_of_work import UnitOfWork

AREAS = ("Within 500 m of the school", "The school grounds", "Routes to and from school")
CATEGORIES = (
    ("Theft from cars", "Mostly weekday afternoons, near the staff car park."),
    ("Burglary", "Two of them in the school holidays."),
    ("Property damage and graffiti", "Weekends, around the courts and the bike shed."),
    ("Assault", "After school, near the dairy and the bus stop."),
    ("Disorder", "Groups gathering by the shops after 3 pm."),
    ("Crashes involving pedestrians or cyclists", "At the crossing at drop-off and pick-up."),
    ("Young people reported as victims", "Mostly online threats and fights after school."),
)
UNSAFE_PLACES = (
    "The bus stop after school",
    "The toilets near the gym",
    "The underpass on the way home",
    "Online, in group chats",
    "The crossing at pick-up time",
    "The back field at lunchtime",
)
NOTES = {
    RespondentGroup.STUDENTS: "Anonymous online survey in class time.",
    RespondentGroup.STAFF: "Asked at a staff meeting; paper forms.",
    RespondentGroup.PARENTS_WHANAU: "Asked at the whānau hui and through the school app.",
    RespondentGroup.COMMUNITY: "Asked at the community board meeting.",
}


# The least share of any group who feel safe at school, and the choice it reads as.
PERCEPTION_FLOORS = (
    (90.0, SafetyPerception.VERY_SAFE),
    (75.0, SafetyPerception.MOSTLY_SAFE),
    (60.0, SafetyPerception.MIXED),
    (0.0, SafetyPerception.UNSAFE),
)


def perception_from(safe_at_school: list[float]) -> SafetyPerception:
    """The profile's one choice, read from its surveys so the two never contradict each
    other: the group that feels least safe decides (one unsafe group is not "Very safe")."""
    if not safe_at_school:
        return SafetyPerception.UNKNOWN
    least = min(safe_at_school)
    return next(choice for floor, choice in PERCEPTION_FLOORS if least >= floor)


def add_safety_data(uow: UnitOfWork, school_id: str, i: int, today: date, seed: int) -> None:
    """Surveys in the year of the school's latest profile and a few Police data rows; the
    profile's perception of safety is then set from those surveys."""
    rng = random.Random(f"{seed}-safety-{i}")
    records = load_school(uow.session, school_id)
    profile = records.latest_profile
    if profile is None:
        return
    _add_police_rows(uow, profile, i, rng)
    shares = _add_surveys(uow, profile, records.school.roll or 200, i, today, rng)
    uow.update(profile, safety_perception=perception_from(shares).value)


def _add_police_rows(uow: UnitOfWork, profile: SchoolProfile, i: int, rng: random.Random) -> None:
    period = f"Jan–Dec {profile.year - 1}"
    for k in range(2 + i % 3):
        category, note = CATEGORIES[(i + 3 * k) % len(CATEGORIES)]
        uow.add(
            PoliceDataRow,
            school_id=profile.school_id,
            profile_id=profile.id,
            period=period,
            area=AREAS[(i + k) % len(AREAS)],
            category=category,
            count=rng.randint(1, 9),
            notes=note if rng.random() < 0.6 else "",
        )


def _groups(i: int) -> list[RespondentGroup]:
    groups = [RespondentGroup.STUDENTS]
    if i % 2 == 0:
        groups.append(RespondentGroup.PARENTS_WHANAU)
    if i % 3 == 0:
        groups.append(RespondentGroup.STAFF)
    if i % 7 == 3:
        groups.append(RespondentGroup.COMMUNITY)
    return groups


def _add_surveys(
    uow: UnitOfWork, profile: SchoolProfile, roll: int, i: int, today: date, rng: random.Random
) -> list[float]:
    """Returns each survey's share who feel safe at school."""
    first = date(profile.year, 2, 15)
    last = min(today, date(profile.year, 11, 30))
    if last < first:
        return []  # too early in the year for a survey
    shares = []
    for k, group in enumerate(_groups(i)):
        when = first + timedelta(days=rng.randint(0, (last - first).days))
        share = {RespondentGroup.STUDENTS: 0.6, RespondentGroup.STAFF: 0.06}.get(group, 0.25)
        count = max(8, round(roll * share * rng.uniform(0.5, 1.2)))
        shares.append(round(rng.uniform(70, 96), 1))
        uow.add(
            SafetySurvey,
            school_id=profile.school_id,
            surveyed_on=when,
            respondents=group.value,
            respondent_count=count,
            safe_at_school=shares[-1],
            safe_travelling=round(rng.uniform(45, 85), 1),
            unsafe_places=UNSAFE_PLACES[(i + k) % len(UNSAFE_PLACES)],
            notes=NOTES[group],
        )
    return shares
