"""What goes with each intervention level: its aims, the resources it brings and what the
partners are expected to do, from section 9 of the UK Safer School Partnerships guidance,
put in New Zealand terms. The UK levels 1 to 3 place a constable in the school full time;
New Zealand Police give every school a Lead Police Contact instead, with School Community
Officers for education programmes, so a level here says how much of that contact's time
and of the partners' effort the school needs, and names the UK arrangement beside it.
Kept apart from the level rules (``needs_audit``) because it is text an officer reads
beside the suggestion, not a rule that decides it.
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
_LINK = "The Lead School Contact, from the school's senior leadership (the UK's School Link)"
_SECONDEES = "Staff seconded from partner agencies"
_POLICE_DATA = "Police collate crime in and around the school and offending by its students"
_VIEWS = "The school gathers staff, student and whānau views on safety in and around it"
_EXPECTATIONS = (
    "A multi-agency steering group reviews the action plan every quarter",
    "An information-sharing protocol is agreed",
    "A multi-agency action plan sets objectives and percentage targets, with a plan for "
    "moving to a less intensive level",
    "A management group (the Lead School Contact, a senior leader, the Lead Police Contact "
    "and their supervisor) gives day-to-day support",
    "The Lead Police Contact is part of the school's behaviour team",
    "The Lead School Contact is a senior leader or the school's lead on behaviour",
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
            "The Lead Police Contact's time goes mostly to this school, as agreed with their "
            "supervisor (UK: a constable based at the school full time, with no other duties)",
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
        (
            "The Lead Police Contact is at the school for a large, regular part of every week "
            "(UK: a constable based at the school full time)",
            _LINK,
            _SECONDEES,
        ),
        _EXPECTATIONS,
    ),
    InterventionLevel.SUBSTANTIAL: LevelGuide(
        InterventionLevel.SUBSTANTIAL,
        _AIMS,
        (
            "The Lead Police Contact visits every week, beside their other duties (UK: a "
            "full-time constable who also takes other duties)",
            _LINK,
            _SECONDEES,
        ),
        _EXPECTATIONS,
    ),
    InterventionLevel.MODERATE: LevelGuide(
        InterventionLevel.MODERATE,
        _AIMS,
        (
            "The Lead Police Contact or a School Community Officer visits regularly, part of "
            "the time (UK: a part-time constable or other Police staff)",
            _LINK,
            _SECONDEES,
        ),
        _EXPECTATIONS,
    ),
    InterventionLevel.UNIVERSAL: LevelGuide(
        InterventionLevel.UNIVERSAL,
        (
            "Deliver a citizenship and safety education programme",
            "Improve how students see Police and partner agencies",
        ),
        (
            "The Lead Police Contact, with School Community Officers for education "
            "programmes, as needed",
        ),
        (_POLICE_DATA, _VIEWS),
    ),
}
