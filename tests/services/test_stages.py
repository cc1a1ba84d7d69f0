from __future__ import annotations

from datetime import date

import pytest

from app.models import Partnership, SchoolProfile
from app.models.vocabulary import PartnershipStatus, Stage
from app.services.records import load_school
from app.services.stages import (
    MissingItem,
    StageIncompleteError,
    complete_stage,
    maintain_at_stage_one,
    stage_report,
)
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from lpc_core.validation import ValidationError
from tests.services.helpers import (
    add_school,
    fill_stage_four,
    fill_stage_one,
    fill_stage_three,
    fill_stage_two,
)

TODAY = date(2026, 11, 24)


def _report(store: Store, school_id: str, stage: Stage) -> tuple[str, ...]:
    with store.session() as s:
        return stage_report(load_school(s, school_id), stage).missing


def _complete(store: Store, school_id: str, stage: Stage) -> Partnership:
    with UnitOfWork(store) as uow:
        return complete_stage(uow, load_school(uow.session, school_id), stage, TODAY)


def test_a_new_school_lists_what_stage_one_needs(store: Store) -> None:
    school_id = add_school(store)
    missing = _report(store, school_id, Stage.RELATIONSHIP)
    assert "Contacts: a Lead Police Contact" in missing
    assert "Contacts: a Lead School Contact" in missing
    assert "Partnership agreement: not started" in missing
    assert "School profile: none for this year" in missing
    assert "Agreed outcomes: at least one outcome" in missing
    with pytest.raises(StageIncompleteError, match=r"Stage 1 .* is not ready"):
        _complete(store, school_id, Stage.RELATIONSHIP)


def test_a_blank_field_is_named_in_the_missing_list(store: Store) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    with UnitOfWork(store) as uow:
        profile = uow.session.query(SchoolProfile).one()
        uow.update(profile, priorities="")
    assert _report(store, school_id, Stage.RELATIONSHIP) == ("School profile: Agreed priorities",)


def test_each_missing_item_names_its_table_record_and_field(store: Store) -> None:
    """What a screen needs to take the officer there, as values beside the words."""
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    with UnitOfWork(store) as uow:
        profile = uow.session.query(SchoolProfile).one()
        uow.update(profile, priorities="")
        profile_id = profile.id
    with store.session() as s:
        records = load_school(s, school_id)
        stage_one = stage_report(records, Stage.RELATIONSHIP)
        stage_two = stage_report(records, Stage.ANALYSIS)
    assert stage_one.items == (
        MissingItem(
            "school_profiles", "School profile: Agreed priorities", profile_id, "priorities"
        ),
    )
    assert stage_two.items == (MissingItem("sara_plans", "SARA plan: not started"),)
    assert stage_two.missing == ("SARA plan: not started",) and not stage_two.ready


def test_all_four_stages_complete_in_order(store: Store) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    assert _complete(store, school_id, Stage.RELATIONSHIP).stage == 2
    with pytest.raises(StageIncompleteError, match="SARA plan: not started"):
        _complete(store, school_id, Stage.ANALYSIS)
    fill_stage_two(store, school_id)
    assert _complete(store, school_id, Stage.ANALYSIS).stage == 3
    aim_id = fill_stage_three(store, school_id, TODAY)
    assert _complete(store, school_id, Stage.RESPONSE).stage == 4
    assert "Reflection: not started" in _report(store, school_id, Stage.ACHIEVEMENT)
    fill_stage_four(store, school_id, aim_id)
    done = _complete(store, school_id, Stage.ACHIEVEMENT)
    assert done.stage4_completed_on == TODAY and done.stage == 4


def test_a_later_stage_cannot_be_completed_first(store: Store) -> None:
    school_id = add_school(store)
    fill_stage_two(store, school_id)
    with pytest.raises(ValueError, match="complete stage 1 before stage 2"):
        _complete(store, school_id, Stage.ANALYSIS)


def test_stage_one_can_be_maintained_by_agreement(store: Store) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    with (
        pytest.raises(ValidationError, match="Reason for maintaining at stage 1: is required"),
        UnitOfWork(store) as uow,
    ):
        maintain_at_stage_one(uow, load_school(uow.session, school_id), "  ")
    with UnitOfWork(store) as uow:
        p = maintain_at_stage_one(uow, load_school(uow.session, school_id), "Low priority", TODAY)
    assert p.status == PartnershipStatus.MAINTAINING and p.stage == 1
    assert p.stage1_completed_on == TODAY
