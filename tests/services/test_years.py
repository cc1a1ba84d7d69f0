"""Partnership years: a school taken through year 1 to stage 4, rolled over, and taken
through year 2 keeps each year's records, stages and documents apart."""

from __future__ import annotations

import io
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import docx
import pytest
from sqlalchemy import select

from app.models import (
    SYNCED_MODELS,
    AimAssessment,
    AnnualPlan,
    Outcome,
    OutcomeMeasurement,
    PartnershipAgreement,
    PartnershipYear,
    Person,
    PlanActivity,
    Reflection,
    Response,
    ResponseAim,
    SaraPlan,
    SchoolProfile,
)
from app.models.vocabulary import ResponseKind, Role, Stage
from app.services import workspace
from app.services.export import DocumentKind, ExportOptions, export_schools
from app.services.records import load_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import (
    CarriedOutcome,
    NextYearChoices,
    add_year,
    current_year,
    list_years,
    next_year_offer,
    start_next_year,
)
from lpc_core.validation import ValidationError
from lpc_core.wire import row_to_wire
from tests.services.helpers import SIGNED_PROTOCOLS, add_school

YEAR_1, YEAR_2 = 2025, 2026
TODAY = date.today()  # aims are judged SMART against the day they are written


def _relationship(store: Store, school_id: str) -> str:
    """What spans the years: contacts, the agreement and an agreed outcome."""
    with UnitOfWork(store) as uow:
        for name, role in (
            ("Const. Aroha Ngata", Role.LEAD_POLICE_CONTACT),
            ("Hemi Walker", Role.LEAD_SCHOOL_CONTACT),
        ):
            uow.add(Person, school_id=school_id, name=name, role=role.value)
        uow.add(
            PartnershipAgreement,
            school_id=school_id,
            parties="Police and the school",
            police_commitments="Share data",
            school_commitments="Share concerns",
            **SIGNED_PROTOCOLS,
            agreed_on=date(YEAR_1, 2, 10),
            review_on=date(YEAR_1 + 2, 2, 10),
        )
        outcome = uow.add(
            Outcome,
            school_id=school_id,
            description="Fewer bullying reports",
            measure="reports per term",
            baseline=18,
            target=12,
        )
        uow.add(
            OutcomeMeasurement,
            school_id=school_id,
            outcome_id=outcome.id,
            measured_on=date(YEAR_1, 11, 20),
            value=14,
        )
        return outcome.id


def _work_the_year(store: Store, school_id: str, year: int, tag: str) -> None:
    """This year's profile, SARA plan, aim, response, plan, assessment and reflection,
    each marked with ``tag`` so a document shows which year it came from."""
    with UnitOfWork(store) as uow:
        uow.add(
            SchoolProfile,
            school_id=school_id,
            year=year,
            prepared_on=date(year, 2, 1),
            police_crime_data=f"{tag}: 12 thefts",
            behaviour_concerns="Bullying at the bus stop",
            priorities="Bus stop safety",
        )
        uow.add(
            SaraPlan,
            school_id=school_id,
            title=f"{tag} SARA plan",
            problem_statement="Bullying",
            scan_data="18 reports",
            theories="No adults present",
            data_tested="Report times",
            why_it_occurs="Gap after the bell",
            assessment_approach="Term counts",
        )
    with UnitOfWork(store) as uow:
        aim = uow.add(
            ResponseAim,
            school_id=school_id,
            statement=f"{tag} aim: fewer bus stop reports by Year 7 students",
            measure="reports per term",
            baseline=18,
            target=12,
            attainable="Done elsewhere",
            realistic="Two staff on duty",
            due_on=TODAY + timedelta(days=200),
        )
        uow.add(
            Response,
            school_id=school_id,
            aim_id=aim.id,
            kind=ResponseKind.KIA_KAHA.value,
            rationale_evidence="National evaluation",
            rationale_resourcing="One term",
            rationale_buy_in="Board agreed",
            rationale_logic="Skills to report",
        )
        plan = load_school(uow.session, school_id).current_plan
        plan = plan or uow.add(AnnualPlan, school_id=school_id, year=year)
        uow.add(
            PlanActivity,
            school_id=school_id,
            plan_id=plan.id,
            position=9,
            title=f"{tag} activity: launch assembly",
            due_on=date(year, 3, 20),
            lead="Hemi Walker",
        )
        uow.add(
            AimAssessment,
            school_id=school_id,
            aim_id=aim.id,
            result="achieved",
            measured_value=11,
            measured_on=date(year, 11, 1),
            evidence="Incident log",
        )
        uow.add(
            Reflection,
            school_id=school_id,
            what_happened="Fewer reports",
            why_it_happened="Adults present",
            do_differently="Start earlier",
            next_steps=f"{tag}: keep the roster\n- Survey whānau in Term 1",
        )


def _finish_drafts(store: Store, school_id: str) -> None:
    """The officer makes each carried draft aim SMART and assesses it, as stage 3 and 4
    require: a draft is offered, never taken as finished."""
    with UnitOfWork(store) as uow:
        for aim in load_school(uow.session, school_id).aims:
            if aim.attainable:
                continue
            uow.update(
                aim,
                statement=f"{aim.statement} with every Year 7 family",
                measure=aim.measure or "families surveyed",
                baseline=aim.baseline if aim.baseline is not None else 0,
                target=aim.target if aim.target is not None else 40,
                attainable="Done elsewhere",
                realistic="Two staff on duty",
                due_on=TODAY + timedelta(days=200),
            )
            uow.add(
                AimAssessment,
                school_id=school_id,
                aim_id=aim.id,
                result="partly",
                measured_on=date(YEAR_2, 11, 1),
                evidence="Survey returns",
            )


def _complete_year(store: Store, school_id: str, year: int) -> None:
    for stage in Stage:
        workspace.mark_stage_complete(store, "t", school_id, stage, year)


def _rows_of_year(store: Store, school_id: str, year: int) -> dict[tuple[str, str], Any]:
    """Every row year 1 owns or reads, as it would travel (content and version)."""
    with store.session() as session:
        records = load_school(session, school_id, year)
        rows: list[Any] = [
            records.partnership_year,
            *records.profiles,
            *records.sara_plans,
            *records.aims,
            *records.responses,
            *records.plans,
            *records.activities,
            *records.assessments,
            *records.reflections,
            *records.outcomes,
            *records.measurements,
            *records.agreements,
        ]
        return {(type(r).__tablename__, r.id): (row_to_wire(r), r.row_version) for r in rows}


@pytest.fixture
def two_years(store: Store) -> tuple[str, str, dict[tuple[str, str], Any]]:
    """A school through year 1 to stage 4, rolled over, and through year 2 to stage 4.
    Also returns year 1's rows as they were just before the roll-over."""
    school_id = add_school(store, "Rātā Street School", started_on=date(YEAR_1, 2, 3))
    outcome_id = _relationship(store, school_id)
    _work_the_year(store, school_id, YEAR_1, "Year one")
    _complete_year(store, school_id, YEAR_1)
    before = _rows_of_year(store, school_id, YEAR_1)
    with store.session() as session:
        offer = next_year_offer(session, school_id)
    assert offer.year == YEAR_2
    assert offer.next_steps == ("Year one: keep the roster", "Survey whānau in Term 1")
    with UnitOfWork(store) as uow:
        start_next_year(
            uow,
            school_id,
            NextYearChoices(
                outcomes=(CarriedOutcome(outcome_id, new_target=10),),
                draft_aims=offer.next_steps[1:],
            ),
        )
    _work_the_year(store, school_id, YEAR_2, "Year two")
    return school_id, outcome_id, before


def test_the_roll_over_changes_nothing_of_last_year(
    store: Store, two_years: tuple[str, str, dict[tuple[str, str], Any]]
) -> None:
    school_id, _outcome_id, before = two_years
    assert _rows_of_year(store, school_id, YEAR_1) == before
    with store.session() as session:
        assert [y.year for y in list_years(session, school_id)] == [YEAR_1, YEAR_2]
        assert current_year(session, school_id) == YEAR_2


def test_the_roll_over_carries_exactly_what_was_chosen(
    store: Store, two_years: tuple[str, str, dict[tuple[str, str], Any]]
) -> None:
    school_id, outcome_id, _ = two_years
    with store.session() as session:
        year_two = load_school(session, school_id, YEAR_2)
        carried = [a for a in year_two.aims if a.outcome_id == outcome_id]
        assert len(carried) == 1
        # The carried outcome's new aim starts from its last measurement, aims at the new
        # target, and the outcome itself (shared by both years) keeps its own target.
        assert (carried[0].baseline, carried[0].target) == (14, 10)
        assert session.get(Outcome, outcome_id).target == 12  # type: ignore[union-attr]
        drafts = [a.statement for a in year_two.aims if a.outcome_id is None]
        assert drafts[0] == "Survey whānau in Term 1"  # the next step chosen, as a draft
        assert not any("keep the roster" in s for s in drafts)  # the one not chosen
        # No profile copied and no activity carried: none was chosen.
        assert [p.year for p in year_two.profiles] == [YEAR_1, YEAR_2]


def test_stage_completion_in_year_two_leaves_year_one_alone(
    store: Store, two_years: tuple[str, str, dict[tuple[str, str], Any]]
) -> None:
    school_id, _, before = two_years
    state = workspace.workspace_state(store, school_id)
    assert (state.year, state.stage, state.is_current_year) == (YEAR_2, Stage.RELATIONSHIP, True)
    assert not any(r.complete for r in state.reports)  # year 2 starts at stage 1
    state = workspace.mark_stage_complete(store, "t", school_id, Stage.RELATIONSHIP)
    assert state.report(Stage.RELATIONSHIP).complete
    past = workspace.workspace_state(store, school_id, YEAR_1)
    assert past.is_current_year is False
    assert all(r.complete for r in past.reports)
    assert _rows_of_year(store, school_id, YEAR_1) == before
    with store.session() as session:
        years = {y.year: y for y in session.scalars(select(PartnershipYear))}
        assert years[YEAR_1].stage4_completed_on is not None
        assert years[YEAR_2].stage2_completed_on is None


def _plan_cells(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def test_each_years_annual_plan_lists_only_its_own_aims_and_activities(
    store: Store,
    two_years: tuple[str, str, dict[tuple[str, str], Any]],
    tmp_path: Path,
    output_dir: Path,
) -> None:
    school_id, _, _ = two_years
    _finish_drafts(store, school_id)
    _complete_year(store, school_id, YEAR_2)
    files = {}
    for year in (YEAR_1, YEAR_2):
        options = ExportOptions(tmp_path / str(year), (DocumentKind.ANNUAL_PLAN,), year=year)
        (exported,) = export_schools(store, [school_id], options).files
        assert f"Annual Partnership Plan {year} - " in exported.path.name
        files[year] = _plan_cells(exported.path)
        shutil.copy(exported.path, output_dir / exported.path.name)  # to look at
    one, two = files[YEAR_1], files[YEAR_2]
    assert "Year one aim: fewer bus stop reports by Year 7 students" in one
    assert "Year one activity: launch assembly" in one
    assert not any("Year two" in cell for cell in one)
    assert "Year two aim: fewer bus stop reports by Year 7 students" in two
    assert "Year two activity: launch assembly" in two
    # The draft aim carried from year 1's next steps, as the officer finished it.
    assert "Survey whānau in Term 1 with every Year 7 family" in two
    assert not any("Year one" in cell for cell in two)
    assert str(YEAR_1) in one and str(YEAR_2) in two  # the partnership year is printed


def test_export_of_a_year_leaves_out_schools_without_it(store: Store, tmp_path: Path) -> None:
    started = add_school(store, "Kōwhai School", started_on=date(YEAR_2, 2, 3))
    options = ExportOptions(tmp_path, (DocumentKind.AGREEMENT,), year=YEAR_1)
    result = export_schools(store, [started], options)
    assert result.files == []
    assert any(f"no partnership year {YEAR_1}" in m for m in result.messages)


def test_a_year_row_has_the_same_id_on_every_device(store: Store) -> None:
    school_id = add_school(store, "Kōwhai School", started_on=date(YEAR_1, 2, 3))
    with store.session() as session:
        (row,) = list_years(session, school_id)
    from app.models.years import year_row_id

    assert row.id == year_row_id(school_id, YEAR_1)
    assert {m.__tablename__ for m in SYNCED_MODELS} >= {"partnership_years"}  # type: ignore[attr-defined]


def test_the_district_summary_shows_the_chosen_years_stage(
    store: Store, two_years: tuple[str, str, dict[tuple[str, str], Any]]
) -> None:
    from app.services.district_report import build_summary, summary_docx

    with store.session() as session:
        past = build_summary(session, date(YEAR_1, 1, 1), date(YEAR_1, 12, 31), year=YEAR_1)
        now = build_summary(session, date(YEAR_2, 1, 1), date(YEAR_2, 12, 31))
    assert [s.stage for s in past.schools] == [Stage.ACHIEVEMENT]
    assert [s.stage for s in now.schools] == [Stage.RELATIONSHIP]  # year 2 just started
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(summary_docx(past))).paragraphs)
    assert f"stages as in partnership year {YEAR_1}" in text


def test_undone_activities_and_the_profile_are_carried_only_when_chosen(
    store: Store,
) -> None:
    school_id = add_school(store, "Kōwhai School", started_on=date(YEAR_1, 2, 3))
    _relationship(store, school_id)
    _work_the_year(store, school_id, YEAR_1, "Year one")
    with UnitOfWork(store) as uow:
        plan = load_school(uow.session, school_id).current_plan
        assert plan is not None
        for title, status in (("Road patrol", "done"), ("Whānau hui", "planned")):
            uow.add(PlanActivity, school_id=school_id, plan_id=plan.id, title=title, status=status)
    with store.session() as session:
        offer = next_year_offer(session, school_id)
    undone = [a.title for a in offer.undone_activities]
    assert "Whānau hui" in undone and "Road patrol" not in undone
    assert offer.has_profile
    chosen = next(a.id for a in offer.undone_activities if a.title == "Whānau hui")
    before = _rows_of_year(store, school_id, YEAR_1)
    with UnitOfWork(store) as uow:
        result = start_next_year(
            uow, school_id, NextYearChoices(activity_ids=(chosen,), copy_profile=True)
        )
    assert _rows_of_year(store, school_id, YEAR_1) == before
    with store.session() as session:
        year_two = load_school(session, school_id, YEAR_2)
        assert year_two.current_plan is not None and year_two.current_plan.year == YEAR_2
        copied = year_two.activities_of(year_two.current_plan)
        assert [(a.title, a.status) for a in copied] == [("Whānau hui", "planned")]
        profile = year_two.latest_profile
        assert profile is not None and profile.year == YEAR_2
        assert profile.police_crime_data == "Year one: 12 thefts"  # carried for updating
        assert year_two.aims == [] and year_two.sara_plans == []  # nothing else was chosen
        assert set(result.created) == {
            year_two.partnership_year.id,  # type: ignore[union-attr]
            year_two.current_plan.id,
            copied[0].id,
            profile.id,
        }
    # A year is started once: starting it again is refused, naming the field and year.
    refused = pytest.raises(ValidationError, match=f"already has a partnership year {YEAR_2}")
    with refused, UnitOfWork(store) as uow:
        add_year(uow, school_id, YEAR_2)


def test_reminders_and_dashboard_read_only_the_current_year(
    store: Store, two_years: tuple[str, str, dict[tuple[str, str], Any]]
) -> None:
    from app.services.dashboard import school_statuses
    from app.services.reminders import compute_reminders

    today = date(YEAR_2, 6, 1)  # both years' launch assemblies are past their dates
    with store.session() as session:
        (status,) = school_statuses(session, today)
        reminded = [r.message for r in compute_reminders(session, today)]
    assert status.overdue_activities == 1
    assert any("Year two activity" in d for d in reminded)
    assert not any("Year one activity" in d for d in reminded)


def test_record_lists_show_one_year(
    store: Store, two_years: tuple[str, str, dict[tuple[str, str], Any]]
) -> None:
    from app.services.editing import list_rows

    school_id, _, _ = two_years
    now = [r.title for r in list_rows(store, ResponseAim, school_id)]
    past = [r.title for r in list_rows(store, ResponseAim, school_id, year=YEAR_1)]
    assert past == ["Year one aim: fewer bus stop reports by Year 7 students"]
    assert "Year two aim: fewer bus stop reports by Year 7 students" in now
    assert not any(t.startswith("Year one") for t in now)
    people = list_rows(store, Person, school_id)  # contacts span the years
    assert len(people) == 2
