"""The agreement's signatories and protocols and the plan's sign-off travel through a real
server process to a second laptop, and an edit made there comes back."""

from __future__ import annotations

from datetime import date

from app.models import AnnualPlan, PartnershipAgreement
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import SIGNED_PROTOCOLS, add_school, fill_stage_one
from tests.services.sync.devices import get_row
from tests.services.sync.live import Live

TODAY = date(2026, 11, 24)
SIGN_OFF = {
    "school_agreed_by": "Hemi Walker",
    "school_agreed_by_role": "Principal",
    "police_agreed_by": "Const. Aroha Ngata",
    "police_agreed_by_role": "Lead Police Contact",
}


def test_signatories_protocols_and_sign_off_reach_a_second_laptop(live: Live) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    school_id = add_school(laptop.store, "Rātā Street School", district="Waitematā")
    fill_stage_one(laptop.store, school_id, TODAY)
    with UnitOfWork(laptop.store) as uow:
        uow.update(
            uow.session.query(PartnershipAgreement).one(),
            board_signatory="Rangi Pākehō",
            sharing_legal_basis="Privacy Act 2020, principle 11(f)",
        )
        plan = uow.add(AnnualPlan, school_id=school_id, year=2026, **SIGN_OFF)
        agreement_id = uow.session.query(PartnershipAgreement).one().id
        plan_id = plan.id
    laptop.sync()
    office.sync()
    theirs = get_row(office.store, "partnership_agreements", agreement_id)
    for field, value in SIGNED_PROTOCOLS.items():
        assert getattr(theirs, field) == value, field
    assert theirs.board_signatory == "Rangi Pākehō"
    assert theirs.sharing_legal_basis == "Privacy Act 2020, principle 11(f)"
    their_plan = get_row(office.store, "annual_plans", plan_id)
    for field, value in SIGN_OFF.items():
        assert getattr(their_plan, field) == value, field

    with UnitOfWork(office.store) as uow:
        uow.update(
            uow.get(PartnershipAgreement, agreement_id),
            supervisor_signatory="Senior Sergeant Lisa Pōhatu",
        )
    office.sync()
    laptop.sync()
    mine = get_row(laptop.store, "partnership_agreements", agreement_id)
    assert mine.supervisor_signatory == "Senior Sergeant Lisa Pōhatu"
    assert mine.serious_recording == SIGNED_PROTOCOLS["serious_recording"]
