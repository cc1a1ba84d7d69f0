"""What must be filled in before each stage of the partnership model can be marked complete.

The rules are the service's, not the form's: the stage navigator shows the same
``missing`` list the completion call refuses with. Each item says in words what is
missing, and as values which table, record and field it is in, so a screen can take the
officer there without reading the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models import PartnershipYear, Synced, spec_of
from app.models.vocabulary import PartnershipStatus, ResponseKind, Role, Stage
from app.services.records import SchoolRecords
from app.services.smart import aim_written_on, check_aim
from app.services.unit_of_work import UnitOfWork
from lpc_core.validation import FieldError, ValidationError


@dataclass(frozen=True)
class MissingItem:
    """One thing a stage still needs: ``table`` holds it (a record to start, or one with a
    blank ``field``); ``record_id`` is that record when it exists."""

    table: str
    text: str
    record_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class StageReport:
    stage: Stage
    items: tuple[MissingItem, ...]
    completed_on: date | None

    @property
    def missing(self) -> tuple[str, ...]:
        """The items in words, as the officer reads them."""
        return tuple(item.text for item in self.items)

    @property
    def ready(self) -> bool:
        return not self.items

    @property
    def complete(self) -> bool:
        return self.completed_on is not None


class StageIncompleteError(ValueError):
    def __init__(self, report: StageReport) -> None:
        self.report = report
        items = "; ".join(report.missing)
        super().__init__(f"Stage {report.stage.value} ({report.stage.label}) is not ready: {items}")


def _blank_fields(obj: Synced, fields: tuple[str, ...], what: str) -> list[MissingItem]:
    missing = []
    table: str = obj.__tablename__  # type: ignore[attr-defined]  # every mapped model has one
    for name in fields:
        value = getattr(obj, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            spec = spec_of(type(obj), name)
            text = f"{what}: {spec.label if spec else name}"
            missing.append(MissingItem(table, text, obj.id, name))
    return missing


# What a signed agreement needs: both protocols in full, and a name (with title or rank)
# for everyone who must sign. The board's presiding member signs only if the board wishes.
SHARING_PROTOCOL = (
    "information_sharing",
    "sharing_from_police",
    "sharing_from_school",
    "sharing_storage",
    "sharing_disclosure",
    "sharing_legal_basis",
    "sharing_review_on",
)
SERIOUS_OFFENDING_PROTOCOL = (
    "serious_offending_protocol",
    "serious_police_action",
    "serious_school_process",
    "serious_recording",
)
SIGNATURES_NEEDED = (
    "school_signatory",
    "school_signatory_role",
    "police_signatory",
    "police_signatory_role",
    "supervisor_signatory",
    "supervisor_signatory_role",
)
AGREEMENT_REQUIRED = (
    "parties",
    "police_commitments",
    "school_commitments",
    *SHARING_PROTOCOL,
    *SERIOUS_OFFENDING_PROTOCOL,
    *SIGNATURES_NEEDED,
    "agreed_on",
    "review_on",
)
PROFILE_REQUIRED = ("police_crime_data", "behaviour_concerns", "priorities")
SARA_REQUIRED = (
    "problem_statement",
    "scan_data",
    "theories",
    "data_tested",
    "why_it_occurs",
    "assessment_approach",
)
RATIONALE_FIELDS = (
    "rationale_evidence",
    "rationale_resourcing",
    "rationale_buy_in",
    "rationale_logic",
)
REFLECTION_REQUIRED = ("what_happened", "why_it_happened", "do_differently", "next_steps")
NARRATIVE_REQUIRED = ("problem", "intervention", "results", "lessons")


def _stage1(r: SchoolRecords) -> list[MissingItem]:
    missing: list[MissingItem] = []
    for role in (Role.LEAD_POLICE_CONTACT, Role.LEAD_SCHOOL_CONTACT):
        if not r.people_in_role(role):
            missing.append(MissingItem("people", f"Contacts: a {role.label}"))
    if r.agreement is None:
        missing.append(MissingItem("partnership_agreements", "Partnership agreement: not started"))
    else:
        missing += _blank_fields(r.agreement, AGREEMENT_REQUIRED, "Partnership agreement")
    if r.latest_profile is None:
        missing.append(MissingItem("school_profiles", "School profile: none for this year"))
    else:
        missing += _blank_fields(r.latest_profile, PROFILE_REQUIRED, "School profile")
    if not r.outcomes:
        missing.append(MissingItem("outcomes", "Agreed outcomes: at least one outcome"))
    for o in r.outcomes:
        missing += _blank_fields(o, ("measure", "baseline", "target"), f"Outcome “{o.description}”")
    return missing


def _stage2(r: SchoolRecords) -> list[MissingItem]:
    if r.sara_plan is None:
        return [MissingItem("sara_plans", "SARA plan: not started")]
    return _blank_fields(r.sara_plan, SARA_REQUIRED, "SARA plan")


def _stage3(r: SchoolRecords) -> list[MissingItem]:
    missing: list[MissingItem] = []
    if not r.aims:
        missing.append(MissingItem("response_aims", "Response aims: at least one SMART aim"))
    for aim in r.aims:
        # Judge time-bound against when the aim was written, not today, so an aim that
        # has since fallen due does not make a finished stage look unfinished.
        result = check_aim(aim, today=aim_written_on(aim))
        for f in result.failures:
            text = f"Aim “{aim.statement[:40]}”: {f.word} – {f.reason}"
            missing.append(MissingItem("response_aims", text, aim.id))
    if not r.responses:
        missing.append(MissingItem("responses", "Responses: choose at least one"))
    for resp in r.responses:
        label = ResponseKind(resp.kind).label
        missing += _blank_fields(resp, RATIONALE_FIELDS, f"Response “{label}”")
    plan = r.current_plan
    if plan is None:
        missing.append(MissingItem("annual_plans", "Annual partnership plan: not started"))
    else:
        activities = r.activities_of(plan)
        if not activities:
            missing.append(
                MissingItem("plan_activities", "Annual partnership plan: at least one activity")
            )
        for act in activities:
            missing += _blank_fields(act, ("due_on", "lead"), f"Activity “{act.title}”")
    return missing


def _stage4(r: SchoolRecords) -> list[MissingItem]:
    missing: list[MissingItem] = []
    for aim in r.aims:
        assessment = r.assessment_of(aim)
        if assessment is None:
            missing.append(
                MissingItem(
                    "aim_assessments", f"Assessment: aim “{aim.statement[:40]}” not assessed"
                )
            )
        else:
            missing += _blank_fields(
                assessment, ("evidence",), f"Assessment of “{aim.statement[:40]}”"
            )
    if r.reflection is None:
        missing.append(MissingItem("reflections", "Reflection: not started"))
    else:
        missing += _blank_fields(r.reflection, REFLECTION_REQUIRED, "Reflection")
    if any(resp.kind == ResponseKind.SCHOOL_WIDE_INTERVENTION for resp in r.responses):
        if r.narrative is None:
            missing.append(
                MissingItem(
                    "intervention_narratives",
                    "Intervention narrative: required after a school-wide intervention",
                )
            )
        else:
            missing += _blank_fields(r.narrative, NARRATIVE_REQUIRED, "Intervention narrative")
    return missing


_RULES = {
    Stage.RELATIONSHIP: _stage1,
    Stage.ANALYSIS: _stage2,
    Stage.RESPONSE: _stage3,
    Stage.ACHIEVEMENT: _stage4,
}


def stage_report(records: SchoolRecords, stage: Stage) -> StageReport:
    """The stage in the records' year: its rules over that year's records, and its
    completion date in that year."""
    year = records.partnership_year
    completed = year.completed_on(stage) if year is not None else None
    return StageReport(stage, tuple(_RULES[stage](records)), completed)


def all_reports(records: SchoolRecords) -> list[StageReport]:
    return [stage_report(records, s) for s in Stage]


def _year_row(uow: UnitOfWork, records: SchoolRecords) -> PartnershipYear:
    if records.partnership is not None and records.partnership.status == PartnershipStatus.CLOSED:
        raise ValueError("this partnership is closed; reopen it before completing stages")
    if records.partnership_year is None:
        raise ValueError(f"{records.school.name} has not started a partnership year {records.year}")
    return uow.get(PartnershipYear, records.partnership_year.id)


def complete_stage(
    uow: UnitOfWork, records: SchoolRecords, stage: Stage, on: date | None = None
) -> PartnershipYear:
    """Sign a stage off in the records' year once its rules hold, and move that year to
    the next stage. Other years are not touched."""
    report = stage_report(records, stage)
    if not report.ready:
        raise StageIncompleteError(report)
    year = _year_row(uow, records)
    if year.status == PartnershipStatus.MAINTAINING:
        raise ValueError(f"{year.year} was closed at stage 1 by agreement")
    for earlier in range(1, stage.value):
        if year.completed_on(earlier) is None:
            raise ValueError(f"complete stage {earlier} before stage {stage.value}")
    values: dict[str, object] = {f"stage{stage.value}_completed_on": on or date.today()}
    if stage.value < Stage.ACHIEVEMENT.value:
        values["stage"] = stage.value + 1
    return uow.update(year, **values)


def maintain_at_stage_one(
    uow: UnitOfWork, records: SchoolRecords, reason: str, on: date | None = None
) -> PartnershipYear:
    """Close the records' year at stage 1 as the end of the road, by agreement."""
    report = stage_report(records, Stage.RELATIONSHIP)
    if not report.ready:
        raise StageIncompleteError(report)
    year = _year_row(uow, records)
    if year.stage != Stage.RELATIONSHIP:
        raise ValueError("only a partnership at stage 1 can be maintained there by agreement")
    if not reason.strip():
        raise ValidationError(
            [
                FieldError(
                    "maintain_reason",
                    "Reason for maintaining at stage 1",
                    "is required; say why the school and Police agreed to stay at stage 1",
                )
            ]
        )
    return uow.update(
        year,
        status=PartnershipStatus.MAINTAINING.value,
        maintain_reason=reason,
        stage1_completed_on=on or date.today(),
    )
