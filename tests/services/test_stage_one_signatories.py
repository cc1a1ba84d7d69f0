"""Stage 1 cannot be signed off until the agreement is one that can be signed: everyone
who must sign named with a title or rank, and both protocols filled in."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import PartnershipAgreement
from app.models.vocabulary import Stage
from app.services.records import load_school
from app.services.stages import (
    SERIOUS_OFFENDING_PROTOCOL,
    SHARING_PROTOCOL,
    MissingItem,
    StageIncompleteError,
    complete_stage,
    stage_report,
)
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school, fill_stage_one

TODAY = date(2026, 11, 24)


def _blank(store: Store, *fields: str) -> str:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    with UnitOfWork(store) as uow:
        agreement = uow.session.query(PartnershipAgreement).one()
        uow.update(agreement, **dict.fromkeys(fields, ""))
    return school_id


def _items(store: Store, school_id: str) -> tuple[MissingItem, ...]:
    with store.session() as s:
        return stage_report(load_school(s, school_id), Stage.RELATIONSHIP).items


def test_stage_one_needs_the_principal_the_lead_police_contact_and_a_supervisor(
    store: Store,
) -> None:
    signers = (
        "school_signatory",
        "school_signatory_role",
        "police_signatory",
        "police_signatory_role",
        "supervisor_signatory",
        "supervisor_signatory_role",
    )
    school_id = _blank(store, *signers)
    items = _items(store, school_id)
    assert [(i.table, i.field) for i in items] == [("partnership_agreements", f) for f in signers]
    assert [i.text for i in items] == [
        "Partnership agreement: Principal / tumuaki signing",
        "Partnership agreement: Principal's title",
        "Partnership agreement: Lead Police Contact signing",
        "Partnership agreement: Lead Police Contact's rank",
        "Partnership agreement: Police supervisor signing",
        "Partnership agreement: Supervisor's rank and role",
    ]
    with UnitOfWork(store) as uow, pytest.raises(StageIncompleteError, match="supervisor"):
        complete_stage(uow, load_school(uow.session, school_id), Stage.RELATIONSHIP, TODAY)


def test_the_board_presiding_member_is_optional(store: Store) -> None:
    school_id = _blank(store, "board_signatory")
    assert _items(store, school_id) == ()
    with UnitOfWork(store) as uow:
        partnership = complete_stage(
            uow, load_school(uow.session, school_id), Stage.RELATIONSHIP, TODAY
        )
    assert partnership.stage1_completed_on == TODAY


def test_stage_one_needs_both_protocols_in_full(store: Store) -> None:
    school_id = _blank(store, *SHARING_PROTOCOL, *SERIOUS_OFFENDING_PROTOCOL)
    fields = [i.field for i in _items(store, school_id)]
    assert fields == [*SHARING_PROTOCOL, *SERIOUS_OFFENDING_PROTOCOL]
