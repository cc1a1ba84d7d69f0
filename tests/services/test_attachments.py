"""Attachments on this laptop: a file goes in and comes back byte for byte, a refused file
is never stored, removal leaves a tombstone for sync, and the data folder gives nothing
of a file away without the key."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import (
    AnnualPlan,
    Attachment,
    AttachmentChunk,
    AttachmentContent,
    OutboxEntry,
    PartnershipAgreement,
)
from app.models.attachment import CHUNK_SIZE
from app.models.vocabulary import AttachmentKind, AttachmentLink
from app.services.attachment_links import LinkChoice, link_choices, set_link
from app.services.attachments import (
    RefusedFileError,
    TempCopies,
    add_attachment,
    list_attachments,
    read_content,
    remove_attachment,
    signed_copy_attached,
)
from app.services.backup import make_backup, restore_backup
from app.services.store import Store, open_store
from app.services.unit_of_work import UnitOfWork
from app.services.workspace import workspace_state
from tests.services import attachment_files as f
from tests.services.helpers import add_school


def _count(store: Store, model: type) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_add_open_remove_round_trip_byte_for_byte(store: Store, tmp_path: Path) -> None:
    school = add_school(store)
    with UnitOfWork(store) as uow:
        agreement = uow.add(PartnershipAgreement, school_id=school, agreed_on=date(2026, 3, 2)).id
    big = f.PDF + b"%" + bytes(range(256)) * 9000  # over four chunks
    path = f.write(tmp_path, "Signed agreement 2026.pdf", big)
    row_id = add_attachment(
        store,
        "Sgt Aroha Ngata",
        school,
        path,
        title="Signed agreement",
        kind=AttachmentKind.SIGNED_AGREEMENT,
        linked_to=(AttachmentLink.AGREEMENT, agreement),
    )
    [row] = list_attachments(store, school)
    assert (row.title, row.kind, row.file_name, row.media_type, row.size) == (
        "Signed agreement",
        AttachmentKind.SIGNED_AGREEMENT,
        "Signed agreement 2026.pdf",
        "application/pdf",
        len(big),
    )
    assert row.linked_to is AttachmentLink.AGREEMENT and row.on_this_computer
    assert _count(store, AttachmentChunk) == -(-len(big) // CHUNK_SIZE) > 4
    with store.session() as s:
        assert signed_copy_attached(s, school, agreement)
    assert workspace_state(store, school).signed_copy_attached

    name, data = read_content(store, row_id)
    assert (name, data) == ("Signed agreement 2026.pdf", big)
    copies = TempCopies(tmp_path / "open")
    copy = copies.write(name, data)
    assert copy.name == name and copy.read_bytes() == big
    assert copy.stat().st_mode & 0o077 == 0  # this user's only
    copies.remove_all()
    assert not copy.exists() and not copy.parent.exists()

    remove_attachment(store, "Sgt Aroha Ngata", row_id)
    assert list_attachments(store, school) == []
    with store.session() as s:
        tomb = s.get(Attachment, row_id)
        assert tomb is not None and tomb.is_deleted and tomb.row_version == 2
        ops = [o.operation for o in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
        assert ops[-2:] == ["insert", "delete"]
        assert not signed_copy_attached(s, school, agreement)
    # The last live use gone, the content goes; the record stays as a tombstone.
    assert _count(store, AttachmentChunk) == _count(store, AttachmentContent) == 0
    with pytest.raises(LookupError, match="removed"):
        read_content(store, row_id)


def test_a_signed_copy_belongs_to_the_agreement_and_is_in_backups(
    store: Store, tmp_path: Path
) -> None:
    school = add_school(store)
    with UnitOfWork(store) as uow:
        agreement = uow.add(PartnershipAgreement, school_id=school, parties="Police and kura")
    scan = f.write(tmp_path, "scan.jpg", f.JPEG + b"signed" * 1000)
    row_id = add_attachment(store, "", school, scan, kind=AttachmentKind.SIGNED_AGREEMENT)
    [row] = list_attachments(store, school)
    assert row.linked_to is AttachmentLink.AGREEMENT
    with store.session() as s:
        assert s.get(Attachment, row_id).linked_id == agreement.id  # type: ignore[union-attr]
    backup = make_backup(store, tmp_path / "backups")
    store.close()
    restore_backup(backup, store.path, store.key)
    again = open_store(store.path, tmp_path / "backups")
    try:
        assert read_content(again, row_id) == ("scan.jpg", scan.read_bytes())
    finally:
        again.close()


def test_the_same_file_twice_is_stored_once_and_kept_while_used(
    store: Store, tmp_path: Path
) -> None:
    school = add_school(store)
    path = f.write(tmp_path, "minutes.docx", f.docx_bytes())
    first = add_attachment(store, "", school, path, kind=AttachmentKind.MINUTES)
    second = add_attachment(store, "", school, path, title="Minutes again")
    assert _count(store, AttachmentContent) == 1
    remove_attachment(store, "", first)
    assert read_content(store, second)[1] == path.read_bytes()


def test_the_metadata_is_what_sync_pushes(store: Store, tmp_path: Path) -> None:
    school = add_school(store)
    path = f.write(tmp_path, "results.xlsx", f.XLSX)
    row_id = add_attachment(store, "", school, path, kind=AttachmentKind.SURVEY_RESULTS)
    with store.session() as s:
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.row_id == row_id)).one()
    fields = json.loads(entry.fields)
    assert entry.table_name == "attachments" and entry.school_id == school
    assert fields["sha256"] and fields["size"] == len(f.XLSX)
    assert "data" not in fields  # the bytes are not a field of the record


def test_a_renamed_executable_with_a_pdf_name_is_refused(store: Store, tmp_path: Path) -> None:
    school = add_school(store)
    path = f.write(tmp_path, "Signed agreement.pdf", Path("/bin/true").read_bytes())
    with pytest.raises(RefusedFileError, match=r"Signed agreement\.pdf cannot be attached.*PDF"):
        add_attachment(store, "", school, path)
    assert _count(store, Attachment) == _count(store, AttachmentChunk) == 0


def test_an_over_size_file_is_refused_before_it_is_read(store: Store, tmp_path: Path) -> None:
    school = add_school(store)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(25 * 1024 * 1024 + 1)
    with pytest.raises(RefusedFileError, match="at most 25 MB"):
        add_attachment(store, "", school, path)
    assert _count(store, Attachment) == 0


def test_the_data_folder_does_not_reveal_the_content(store: Store, tmp_path: Path) -> None:
    school = add_school(store)
    text = ("Kōrero for the data folder test: " + f.MARKER + "\n") * 50
    add_attachment(store, "", school, f.write(tmp_path, "notes.txt", text.encode()))
    add_attachment(store, "", school, f.write(tmp_path, "agreement.pdf", f.PDF))
    folder = store.path.parent

    def raw() -> bytes:
        return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())

    for snapshot in (raw(), (store.close(), raw())[1]):  # open (WAL in use), then closed
        assert len(snapshot) > len(text)
        for needle in (f.MARKER, "Kōrero for the data", "agreement.pdf", "notes.txt", "%PDF-1.4"):
            assert needle.encode() not in snapshot, needle


def test_an_attachment_belongs_to_one_of_its_schools_records(store: Store, tmp_path: Path) -> None:
    school = add_school(store)
    other = add_school(store, name="Tōtara School")
    with UnitOfWork(store) as uow:
        plan = uow.add(AnnualPlan, school_id=school, year=2026)
        theirs = uow.add(AnnualPlan, school_id=other, year=2026)
    row_id = add_attachment(store, "", school, f.write(tmp_path, "plan.pdf", f.PDF))
    choices = link_choices(store, school)
    assert [(c.link, c.record_id, c.label) for c in choices] == [
        (AttachmentLink.PLAN, plan.id, "Annual partnership plan 2026")
    ]
    set_link(store, "", row_id, choices[0])
    [row] = list_attachments(store, school)
    assert (row.linked_to, row.linked_id) == (AttachmentLink.PLAN, plan.id)
    stranger = LinkChoice(AttachmentLink.PLAN, theirs.id, "Annual partnership plan 2026")
    with pytest.raises(ValueError, match=r"Belongs to: .* not one of this school's records"):
        set_link(store, "", row_id, stranger)
    set_link(store, "", row_id, None)
    [row] = list_attachments(store, school)
    assert (row.linked_to, row.linked_id) == (None, "")


def test_a_signed_copy_counts_only_for_the_agreement_it_belongs_to(
    store: Store, tmp_path: Path
) -> None:
    """No agreement yet: a signed scan is kept but nothing says "signed copy attached";
    once this year's agreement is made, last year's signed copy is not its signature."""
    school = add_school(store)
    scan = f.write(tmp_path, "Signed.pdf", f.PDF)
    add_attachment(store, "Sgt Aroha Ngata", school, scan, kind=AttachmentKind.SIGNED_AGREEMENT)
    assert not workspace_state(store, school).signed_copy_attached
    with UnitOfWork(store) as uow:
        old = uow.add(PartnershipAgreement, school_id=school, agreed_on=date(2025, 3, 2)).id
    add_attachment(store, "Sgt Aroha Ngata", school, scan, kind=AttachmentKind.SIGNED_AGREEMENT)
    assert workspace_state(store, school).signed_copy_attached  # linked to the one in force
    with UnitOfWork(store) as uow:
        new = uow.add(PartnershipAgreement, school_id=school, agreed_on=date(2026, 3, 2)).id
    assert not workspace_state(store, school).signed_copy_attached
    with store.session() as s:
        assert signed_copy_attached(s, school, old) and not signed_copy_attached(s, school, new)
