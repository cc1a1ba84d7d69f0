"""What goes with each intervention level: its aims, the resources it brings and what the
partners are expected to do, from section 9 of the UK Safer School Partnerships guidance,
put in New Zealand terms. Kept apart from the level rules (``needs_audit``) because it is
text an officer reads beside the suggestion, not a rule that decides it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models.vocabulary import InterventionLevel


@dataclass(frozen=True, slots=True)
class LevelGuide:
    level: InterventionLevel
    aims: tuple[str, ...]
    resources: tuple[str, ...]
    expectations: tuple[str, ...]


_AIMS = (
    "Reduce offending by students",
    "Make the school and the streets around it safer",
    "Improve attendance and reduce truancy",
    "Reduce stand-downs, suspensions and exclusions",
    "Improve learning outcomes",
    "Improve how students and whānau see Police and partner agencies",
)
_LINK = "A School Link from the school's senior leadership"
_SECONDEES = "Staff seconded from partner agencies"
_POLICE_DATA = "Police collate crime in and around the school and offending by its students"
_VIEWS = "The school gathers staff, student and whānau views on safety in and around it"
_EXPECTATIONS = (
    "A multi-agency steering group reviews the action plan every quarter",
    "An information-sharing protocol is agreed",
    "A multi-agency action plan sets objectives and percentage targets, with a plan for "
    "moving to a less intensive level",
    "A management group (School Link, a senior leader, the officer and their supervisor) "
    "gives day-to-day support",
    "The officer is part of the school's behaviour team",
    "The School Link is a senior leader or the school's lead on behaviour",
    _POLICE_DATA,
    "The school supplies its absence, truancy, stand-down and achievement figures",
    _VIEWS,
    "A multi-agency panel picks out a group of young people for targeted support",
    "Individual plans are written and reviewed, with support matched to each young "
    "person's risk and protective factors",
    "Restorative practice is used across the school and behaviour policies are reviewed",
)
GUIDES: dict[InterventionLevel, LevelGuide] = {
    InterventionLevel.INTENSIVE: LevelGuide(
        InterventionLevel.INTENSIVE,
        _AIMS,
        (
            "A constable at the school full time, with no other duties",
            "One or more full-time project workers",
            _LINK + ", full time",
            "A full-time administrator",
            _SECONDEES,
        ),
        _EXPECTATIONS,
    ),
    InterventionLevel.HIGH: LevelGuide(
        InterventionLevel.HIGH,
        _AIMS,
        ("A constable at the school full time, with no other duties", _LINK, _SECONDEES),
        _EXPECTATIONS,
    ),
    InterventionLevel.SUBSTANTIAL: LevelGuide(
        InterventionLevel.SUBSTANTIAL,
        _AIMS,
        ("A full-time constable who also takes other duties", _LINK, _SECONDEES),
        _EXPECTATIONS,
    ),
    InterventionLevel.MODERATE: LevelGuide(
        InterventionLevel.MODERATE,
        _AIMS,
        ("A part-time constable or other Police staff", _LINK, _SECONDEES),
        _EXPECTATIONS,
    ),
    InterventionLevel.UNIVERSAL: LevelGuide(
        InterventionLevel.UNIVERSAL,
        (
            "Deliver a citizenship and safety education programme",
            "Improve how students see Police and partner agencies",
        ),
        ("A School Community Officer or other Police staff, as needed",),
        (_POLICE_DATA, _VIEWS),
    ),
}
