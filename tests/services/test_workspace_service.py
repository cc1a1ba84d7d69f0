"""The workspace's calls: stage state, sign-off, yearly profiles, assessments, filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models import AimAssessment, PartnershipAgreement, SaraPlan, SchoolProfile
from app.models.stage1 import DEFAULT_LEGAL_BASIS
from app.models.vocabulary import PartnershipStatus, Stage
from app.services.editing import save_fields
from app.services.school_filters import SchoolFilter, clusters
from app.services.schools import list_school_summaries
from app.services.stages import StageIncompleteError
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.workspace import (
    add_assessment,
    aim_comparison,
    find_current,
    load_school_list,
    maintain_at_stage_one,
    mark_stage_complete,
    profile_years,
    set_archived,
    start_current,
    start_profile,
    workspace_state,
)
from tests.services.helpers import add_school, fill_stage_one, fill_stage_three, fill_stage_two

TODAY = date.today()


def test_state_and_sign_off(store: Store) -> None:
    school_id = add_school(store)
    state = workspace_state(store, school_id)
    assert state.stage == Stage.RELATIONSHIP
    assert not state.can_complete(Stage.RELATIONSHIP)
    with pytest.raises(StageIncompleteError) as refused:
        mark_stage_complete(store, "t", school_id, Stage.RELATIONSHIP)
    assert "Partnership agreement: not started" in refused.value.report.missing
    fill_stage_one(store, school_id, TODAY)
    fill_stage_two(store, school_id)
    state = workspace_state(store, school_id)
    assert state.can_complete(Stage.RELATIONSHIP)
    assert not state.can_complete(Stage.ANALYSIS)  # stage 1 first
    state = mark_stage_complete(store, "t", school_id, Stage.RELATIONSHIP)
    assert state.report(Stage.RELATIONSHIP).completed_on == TODAY
    assert state.stage == Stage.ANALYSIS
    assert state.can_complete(Stage.ANALYSIS)


def test_maintain_at_stage_one(store: Store) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    state = maintain_at_stage_one(store, "t", school_id, "Agreed with the principal")
    assert state.status == PartnershipStatus.MAINTAINING
    assert state.maintain_reason == "Agreed with the principal"
    assert not state.can_complete(Stage.ANALYSIS)


def test_current_documents_start_on_request(store: Store) -> None:
    school_id = add_school(store, "Tūī Ridge School")
    assert find_current(store, school_id, SaraPlan) is None
    row = start_current(store, "t", school_id, SaraPlan, today=TODAY)
    assert find_current(store, school_id, SaraPlan) == row
    with store.session() as s:
        plan = s.get(SaraPlan, row)
        assert plan is not None and plan.title == f"Tūī Ridge School: SARA plan {TODAY.year}"


DISTRICT_WORDING = (
    "Shared under the Privacy Act 2020 and the Oranga Tamariki Act 1989 information-sharing "
    "provisions, as the Awa District protocol of 2026 sets out."
)


def _legal_basis(store: Store, row: str) -> str:
    with store.session() as s:
        agreement = s.get(PartnershipAgreement, row)
        assert agreement is not None
        return agreement.sharing_legal_basis


def test_a_new_agreement_takes_the_districts_wording_and_an_existing_one_keeps_its_own(
    store: Store,
) -> None:
    first = add_school(store, "Tūī Ridge School")
    second = add_school(store, "Kererū Vale School")
    third = add_school(store, "Miro Bay School")
    # No wording set (or only spaces): the app's own, naming the Privacy Act 2020.
    plain = start_current(store, "t", first, PartnershipAgreement, TODAY, legal_basis="  ")
    assert _legal_basis(store, plain) == DEFAULT_LEGAL_BASIS
    assert "Privacy Act 2020" in DEFAULT_LEGAL_BASIS
    officer_text = "Agreed with the tumuaki: Privacy Act 2020, principles 10 and 11."
    save_fields(store, "t", PartnershipAgreement, plain, {"sharing_legal_basis": officer_text})

    district = start_current(
        store, "t", second, PartnershipAgreement, TODAY, legal_basis=f" {DISTRICT_WORDING}\n"
    )
    assert _legal_basis(store, district) == DISTRICT_WORDING
    # The district changes its wording: new agreements take it, existing ones keep theirs.
    reworded = DISTRICT_WORDING.replace("2026", "2027")
    later = start_current(store, "t", third, PartnershipAgreement, TODAY, legal_basis=reworded)
    assert _legal_basis(store, later) == reworded
    assert _legal_basis(store, plain) == officer_text
    assert _legal_basis(store, district) == DISTRICT_WORDING


def test_this_years_profile_starts_from_last_years(store: Store) -> None:
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        uow.add(
            SchoolProfile,
            school_id=school_id,
            year=TODAY.year - 1,
            police_crime_data="Thefts from bikes",
            priorities="Safe arrival",
            stand_downs=4,
            attendance_rate=88.0,
        )
    new_id = start_profile(store, "t", school_id, TODAY.year)
    with store.session() as s:
        profile = s.get(SchoolProfile, new_id)
        assert profile is not None
        assert (profile.year, profile.prepared_on) == (TODAY.year, TODAY)
        assert (profile.police_crime_data, profile.priorities) == (
            "Thefts from bikes",
            "Safe arrival",
        )
        assert (profile.stand_downs, profile.attendance_rate) == (None, None)
    assert [y for y, _ in profile_years(store, school_id)] == [TODAY.year, TODAY.year - 1]


def test_assessments_go_to_unassessed_aims(store: Store) -> None:
    school_id = add_school(store)
    with pytest.raises(ValueError, match="Add a response aim in stage 3 first"):
        add_assessment(store, "t", school_id)
    fill_stage_three(store, school_id, TODAY)
    row = add_assessment(store, "t", school_id)
    with pytest.raises(ValueError, match="already has an assessment"):
        add_assessment(store, "t", school_id)

    save_fields(store, "t", AimAssessment, row, {"measured_value": "15"})
    text = aim_comparison(store, row)
    assert "Baseline 18 → target 12; measured 15 (50% of the planned change)" in text


def test_archived_schools_leave_the_list(store: Store) -> None:
    keep = add_school(store, "Awatea School")
    gone = add_school(store, "Pīwakawaka School")
    set_archived(store, "t", gone, True)
    assert [s.id for s in load_school_list(store).rows] == [keep]
    listed = load_school_list(store, include_archived=True)
    assert {s.id for s in listed.rows} == {keep, gone} and listed.archived == {gone}


def test_school_filter(store: Store) -> None:
    a = add_school(store, "Kōwhai Grove School", cluster="Kāhui Ako o Te Awa", moe_number=9000)
    add_school(store, "Awatea School", cluster="Coastal cluster")
    fill_stage_one(store, a, TODAY - timedelta(days=400))  # its agreement review is overdue
    with store.session() as s:
        rows = list_school_summaries(s)
    names = lambda f: [r.name for r in rows if f.matches(r)]  # noqa: E731
    assert names(SchoolFilter(text="kowhai")) == ["Kōwhai Grove School"]
    assert names(SchoolFilter(text="9000")) == ["Kōwhai Grove School"]
    assert names(SchoolFilter(text="KĀHUI AKO")) == ["Kōwhai Grove School"]
    assert names(SchoolFilter(cluster="Coastal cluster")) == ["Awatea School"]
    assert names(SchoolFilter(stage=Stage.ANALYSIS)) == []
    assert names(SchoolFilter(overdue_only=True)) == ["Awatea School", "Kōwhai Grove School"]
    assert clusters(rows) == ["Coastal cluster", "Kāhui Ako o Te Awa"]
    assert not SchoolFilter().active and SchoolFilter(text=" x").active


def test_the_school_list_and_reminders_share_one_computation(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.orm import Session

    import app.services.schools as schools_service
    import app.services.workspace as workspace_service
    from app.services.reminders import Reminder, compute_reminders

    late = add_school(store, "Kōwhai Grove School")
    add_school(store, "Awatea School")
    fill_stage_one(store, late, TODAY - timedelta(days=400))  # agreement review overdue
    calls: list[int] = []

    def counted(session: Session, today: date | None = None) -> list[Reminder]:
        calls.append(1)
        return compute_reminders(session, today)

    monkeypatch.setattr(schools_service, "compute_reminders", counted)
    monkeypatch.setattr(workspace_service, "compute_reminders", counted)
    listed = load_school_list(store)
    assert len(calls) == 1
    with store.session() as session:
        assert listed.reminders == compute_reminders(session)
    by_name = {r.name: r for r in listed.rows}
    first = next(r for r in listed.reminders if r.school_id == late)
    assert by_name["Kōwhai Grove School"].next_due == first
    assert by_name["Kōwhai Grove School"].overdue_count == sum(
        1 for r in listed.reminders if r.school_id == late and r.overdue(TODAY)
    )
