"""Attachments and sync (issue 16): the record travels through a real server to a second
laptop and the file's bytes follow it (test_attachment_contents_live.py goes further);
the laptop that attached it keeps them; removal travels as a tombstone; and nothing in
it trips the server's checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.models import Attachment, PartnershipAgreement
from app.models.vocabulary import AttachmentKind, AttachmentLink
from app.services.attachments import (
    add_attachment,
    list_attachments,
    read_content,
    remove_attachment,
)
from app.services.unit_of_work import UnitOfWork
from app.services.workspace import workspace_state
from tests.services import attachment_files as f
from tests.services.helpers import add_school
from tests.services.sync.devices import get_row
from tests.services.sync.live import Live


def test_an_attachment_record_syncs_with_its_content(live: Live, tmp_path: Path) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    school_id = add_school(laptop.store, "Rātā Street School", district="Waitematā")
    with UnitOfWork(laptop.store) as uow:
        agreement = uow.add(
            PartnershipAgreement, school_id=school_id, agreed_on=date(2026, 3, 2)
        ).id
    scan = f.write(tmp_path, "Signed agreement.pdf", f.PDF)
    row_id = add_attachment(
        laptop.store,
        "Const. Aroha Ngata",
        school_id,
        scan,
        title="Signed agreement 2026",
        kind=AttachmentKind.SIGNED_AGREEMENT,
        linked_to=(AttachmentLink.AGREEMENT, agreement),
    )
    laptop.sync()
    office.sync()

    theirs = get_row(office.store, "attachments", row_id)
    assert isinstance(theirs, Attachment)
    assert (theirs.title, theirs.kind, theirs.file_name, theirs.size) == (
        "Signed agreement 2026",
        "signed_agreement",
        "Signed agreement.pdf",
        len(f.PDF),
    )
    [listed] = list_attachments(office.store, school_id)
    assert listed.on_this_computer
    assert read_content(office.store, row_id) == ("Signed agreement.pdf", f.PDF)
    assert workspace_state(office.store, school_id).signed_copy_attached
    assert read_content(laptop.store, row_id)[1] == f.PDF  # nothing lost by syncing

    remove_attachment(laptop.store, "Const. Aroha Ngata", row_id)
    laptop.sync()
    office.sync()
    tomb = get_row(office.store, "attachments", row_id)
    assert tomb is not None and tomb.is_deleted
    assert list_attachments(office.store, school_id) == []
    assert not workspace_state(office.store, school_id).signed_copy_attached
