"""What the school workspace asks of the store, as plain calls the UI runs off its thread.

Each function opens its own session or unit of work, so a screen never holds one open
while a person types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.models import (
    AimAssessment,
    AnnualPlan,
    InterventionNarrative,
    Partnership,
    PartnershipAgreement,
    PlanActivity,
    PlanReview,
    Reflection,
    ResponseAim,
    SaraPlan,
    School,
    SchoolProfile,
    SchoolService,
    Synced,
)
from app.models.stage1 import DEFAULT_LEGAL_BASIS
from app.models.vocabulary import PartnershipStatus, Stage
from app.services import stages
from app.services.attachments import signed_copy_attached
from app.services.editing import form_fields
from app.services.records import SchoolRecords, live, load_school
from app.services.reminders import Reminder, compute_reminders
from app.services.school_list_read import read_school_list
from app.services.school_list_rows import SchoolList as SchoolList
from app.services.school_list_sql import session_rows
from app.services.schools import archive_school, create_school
from app.services.stages import StageReport
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import (
    NextYearChoices,
    NextYearOffer,
    current_year,
    list_years,
    next_year_offer,
    shown_status,
    start_next_year,
)


@dataclass(frozen=True)
class WorkspaceState:
    school_id: str
    school_name: str
    year: int
    is_current_year: bool
    stage: Stage
    status: PartnershipStatus
    maintain_reason: str
    reports: tuple[StageReport, ...]
    # A signed agreement is attached (a scan or photo of the signed paper).
    signed_copy_attached: bool = False
    years: tuple[int, ...] = ()  # every partnership year the school has, oldest first

    def report(self, stage: Stage) -> StageReport:
        return self.reports[stage.value - 1]

    def can_complete(self, stage: Stage) -> bool:
        """Ready, not yet signed off, earlier stages done, and the partnership open."""
        report = self.report(stage)
        earlier_done = all(self.report(Stage(s)).complete for s in range(1, stage.value))
        return (
            report.ready
            and not report.complete
            and earlier_done
            and self.status == PartnershipStatus.ACTIVE
        )


def _state(
    records: SchoolRecords, current: int, signed_copy: bool, years: tuple[int, ...]
) -> WorkspaceState:
    p, y = records.partnership, records.partnership_year
    return WorkspaceState(
        records.school.id,
        records.school.name,
        records.year,
        records.year == current,
        Stage(y.stage) if y else Stage.RELATIONSHIP,
        shown_status(p.status if p else None, y),
        (y.maintain_reason or "") if y else "",
        tuple(stages.all_reports(records)),
        signed_copy,
        years,
    )


def workspace_state(store: Store, school_id: str, year: int | None = None) -> WorkspaceState:
    """The workspace for one year of the school (its current year by default)."""
    with store.session() as session:
        records = load_school(session, school_id, year)
        agreement = records.agreement
        return _state(
            records,
            current_year(session, school_id),
            signed_copy_attached(session, school_id, agreement.id if agreement else None),
            tuple(y.year for y in list_years(session, school_id)),
        )


def mark_stage_complete(
    store: Store, actor: str, school_id: str, stage: Stage, year: int | None = None
) -> WorkspaceState:
    """Raises ``StageIncompleteError`` with the missing list when the rules do not hold."""
    with UnitOfWork(store, actor) as uow:
        stages.complete_stage(uow, load_school(uow.session, school_id, year), stage)
    return workspace_state(store, school_id, year)


def maintain_at_stage_one(
    store: Store, actor: str, school_id: str, reason: str, year: int | None = None
) -> WorkspaceState:
    with UnitOfWork(store, actor) as uow:
        stages.maintain_at_stage_one(uow, load_school(uow.session, school_id, year), reason)
    return workspace_state(store, school_id, year)


def offer_next_year(store: Store, school_id: str) -> NextYearOffer:
    """What the roll-over dialog offers (read on the store worker, shown as plain text)."""
    with store.session() as session:
        return next_year_offer(session, school_id)


def roll_over(store: Store, actor: str, school_id: str, choices: NextYearChoices) -> int:
    """Start the school's next year with what the officer chose; returns the new year."""
    with UnitOfWork(store, actor) as uow:
        return start_next_year(uow, school_id, choices).year.year


# -- the "one current record" documents --------------------------------------------------

SINGLETONS: dict[type[Synced], str] = {
    PartnershipAgreement: "agreement",
    SaraPlan: "sara_plan",
    AnnualPlan: "current_plan",
    Reflection: "reflection",
    InterventionNarrative: "narrative",
}
"""Documents a school has one current copy of, and the ``SchoolRecords`` property for it."""


def find_current(
    store: Store, school_id: str, model: type[Synced], year: int | None = None
) -> str | None:
    """The document of ``year`` (the school's current year by default), if started."""
    with store.session() as session:
        obj = getattr(load_school(session, school_id, year), SINGLETONS[model])
        return obj.id if obj is not None else None


def legal_basis_wording(district: str) -> str:
    """The legal basis a new agreement starts with: the district's wording when it has set
    one (Preferences), else the app's, which names the Privacy Act 2020."""
    return district.strip() or DEFAULT_LEGAL_BASIS


def _starting_values(
    model: type[Synced], school: School, year: int, legal_basis: str
) -> dict[str, Any]:
    if model is PartnershipAgreement:
        return {"sharing_legal_basis": legal_basis_wording(legal_basis)}
    if model is SaraPlan:
        return {"title": f"{school.name}: SARA plan {year}", "year": year}
    if model is InterventionNarrative:
        return {"title": f"{school.name}: school-wide intervention", "year": year}
    if model in (AnnualPlan, Reflection):
        return {"year": year}
    return {}


def start_current(
    store: Store,
    actor: str,
    school_id: str,
    model: type[Synced],
    today: date | None = None,
    year: int | None = None,
    legal_basis: str = "",
) -> str:
    """Create the school's document (a required title is filled in to edit), in ``year``
    (its current year by default); a new agreement takes ``legal_basis``, the district's
    wording (blank: the app's own)."""
    with UnitOfWork(store, actor) as uow:
        school = uow.get(School, school_id)
        year = year if year is not None else current_year(uow.session, school_id, today)
        values = _starting_values(model, school, year, legal_basis)
        return uow.add(model, school_id=school_id, **values).id


# -- school profiles by year -------------------------------------------------------------

COUNTED_AFRESH = (
    "year",
    "prepared_on",
    "stand_downs",
    "suspensions",
    "exclusions",
    "attendance_rate",
)


def profile_years(store: Store, school_id: str) -> list[tuple[int, str]]:
    """(year, id) of the school's profiles, newest first."""
    with store.session() as session:
        profiles = live(session, SchoolProfile, school_id)
        return sorted(((p.year, p.id) for p in profiles), reverse=True)


def profile_years_shown(
    store: Store, school_id: str, year: int | None = None
) -> tuple[int, list[tuple[int, str]]]:
    """The partnership year shown (``year``, or the school's current one) and every
    profile's (year, id), newest first: the profile tab offers to start the shown year's."""
    with store.session() as session:
        shown = year if year is not None else current_year(session, school_id)
    return shown, profile_years(store, school_id)


def start_profile_from_last_year(uow: UnitOfWork, school_id: str, year: int) -> SchoolProfile:
    """This year's profile, starting from a copy of the latest earlier one.

    The figures that are counted afresh each year (stand-downs, suspensions, exclusions,
    attendance) start blank; the narrative fields carry over for the officer to update.
    """
    earlier = [p for p in live(uow.session, SchoolProfile, school_id) if p.year < year]
    values: dict[str, Any] = {"year": year, "prepared_on": date.today()}
    if earlier:
        last = max(earlier, key=lambda p: p.year)
        for f in form_fields(SchoolProfile):
            if f.name not in COUNTED_AFRESH:
                values[f.name] = getattr(last, f.name)
    return uow.add(SchoolProfile, school_id=school_id, **values)


def start_profile(store: Store, actor: str, school_id: str, year: int) -> str:
    with UnitOfWork(store, actor) as uow:
        return start_profile_from_last_year(uow, school_id, year).id


# -- schools ---------------------------------------------------------------------------


def new_school(store: Store, actor: str, values: dict[str, Any]) -> str:
    """Raises ``ValidationError`` naming each bad field; nothing is saved then."""
    with UnitOfWork(store, actor) as uow:
        return create_school(uow, **values).id


def set_archived(store: Store, actor: str, school_id: str, archived: bool) -> None:
    with UnitOfWork(store, actor) as uow:
        archive_school(uow, school_id, archived)


def load_reminders(store: Store, today: date | None = None) -> list[Reminder]:
    with store.session() as session:
        return compute_reminders(session, today)


def add_assessment(store: Store, actor: str, school_id: str, year: int | None = None) -> str:
    """Assess the first aim of ``year`` (the current year by default) not yet assessed."""
    with UnitOfWork(store, actor) as uow:
        records = load_school(uow.session, school_id, year)
        if not records.aims:
            raise ValueError("Add a response aim in stage 3 first; each assessment is of an aim.")
        aim = next((a for a in records.aims if records.assessment_of(a) is None), None)
        if aim is None:
            raise ValueError("Every response aim already has an assessment.")
        return uow.add(AimAssessment, school_id=school_id, aim_id=aim.id, year=records.year).id


def aim_comparison(store: Store, assessment_id: str) -> str:
    """One line setting the measured result beside the aim's baseline and target."""
    with store.session() as session:
        assessment = session.get(AimAssessment, assessment_id)
        if assessment is None:
            return ""
        aim = session.get(ResponseAim, assessment.aim_id)
        if aim is None:
            return "The aim this assessed has been removed."

        def num(v: float | None) -> str:
            return "not set" if v is None else f"{v:g}"

        unit = f" {aim.unit}" if aim.unit else ""
        line = (
            f"Aim: {aim.statement}\nBaseline {num(aim.baseline)}{unit} → target "
            f"{num(aim.target)}{unit}; measured {num(assessment.measured_value)}{unit}"
        )
        if (
            aim.baseline is not None
            and aim.target is not None
            and assessment.measured_value is not None
            and aim.target != aim.baseline
        ):
            share = (assessment.measured_value - aim.baseline) / (aim.target - aim.baseline)
            line += f" ({share:.0%} of the planned change)"
        return line


SCHOOL_LIST_TABLES = frozenset(
    m.__tablename__
    for m in (
        School,
        SchoolService,
        Partnership,
        PartnershipAgreement,
        SchoolProfile,
        AnnualPlan,
        PlanActivity,
        PlanReview,
    )
)
"""What the schools list and the reminders read: a change to anything else (a contact, an
engagement, an aim) leaves them as they are."""


def load_school_list(
    store: Store, include_archived: bool = False, today: date | None = None
) -> SchoolList:
    """Reminders are computed once and serve both the list's "next due" column and the
    reminders panel, so a refresh walks the plans and reviews a single time. The start-up
    read (``app.services.quick_list``) gives the same list through the same code."""
    today = today or date.today()
    with store.session() as session:
        reminders = compute_reminders(session, today)
        return read_school_list(session_rows(session), today, include_archived, reminders)
