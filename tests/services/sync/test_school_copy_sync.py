"""Changes taken in from a school's copy travel like typed edits: a sync pushes them, and
the supervisor's device receives exactly the accepted values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.services.records import load_school
from app.services.school_copy import (
    apply_review,
    build_review,
    check_copy,
    open_returned_copy,
    send_school_copy,
)
from tests.services.school_copy.copies import fill, open_docx, save, school_with_records
from tests.services.sync.conftest import Device
from tests.services.sync.devices import get_row

MakeDevice = Callable[[str, str], Device]


def test_accepted_changes_from_the_schools_copy_reach_the_supervisor(
    make_device: MakeDevice, tmp_path: Path
) -> None:
    officer = make_device("laptop", "aroha")
    supervisor = make_device("office", "mere")
    school_id = school_with_records(officer.store)
    officer.sync()
    supervisor.sync()
    with officer.store.session() as session:
        records = load_school(session, school_id)
        assert records.agreement is not None and records.latest_profile is not None
        agreement_id, profile_id = records.agreement.id, records.latest_profile.id
    sent, _ = send_school_copy(officer.store, school_id, tmp_path / "out")
    doc = open_docx(sent)
    fill(doc, "agreement.sharing_from_school", agreement_id, "Stand-down totals, monthly")
    fill(doc, "profile.stand_downs", profile_id, "14")
    back = save(doc, tmp_path / "back.docx")
    copy = open_returned_copy(back)
    with officer.store.session() as session:
        check_copy(session, copy, school_id)
        review = build_review(session, copy)
    assert apply_review(officer.store, review, [1], "Const. Aroha Ngata").ok

    pushed = officer.sync()
    assert pushed.pushed == 1
    supervisor.sync()
    agreement = get_row(supervisor.store, "partnership_agreements", agreement_id)
    profile = get_row(supervisor.store, "school_profiles", profile_id)
    assert agreement.sharing_from_school == "Stand-down totals, monthly"
    assert profile.stand_downs is None  # rejected, so never sent
