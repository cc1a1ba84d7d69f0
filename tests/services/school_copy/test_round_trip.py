"""The school's copy out and back: exactly what the school changed, and only what the
officer accepted, reaches the store."""

from __future__ import annotations

import shutil
import subprocess
from copy import deepcopy
from datetime import date
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from sqlalchemy import func, select

from app.models import AuditEntry, PartnershipAgreement, Reflection, SchoolProfile
from app.models.vocabulary import Role
from app.services.export.pdf import convert_to_pdf
from app.services.history import school_history
from app.services.records import load_school
from app.services.school_copy import (
    apply_review,
    build_review,
    check_copy,
    open_returned_copy,
    send_school_copy,
)
from app.services.school_copy.fields import make_tag
from app.services.school_copy.reader import COMMITMENTS_TABLE, CONTACTS_TABLE, text_of
from app.services.school_copy.review import FIELD, ROW_ADDED, ROW_CHANGED, ROW_REMOVED, Review
from app.services.store import Store
from tests.ooxml import assert_valid_docx
from tests.services.school_copy.copies import (
    control,
    fill,
    open_docx,
    save,
    school_with_records,
    table,
)

OFFICER = "Const. Aroha Ngata"


def _ids(store: Store, school_id: str) -> dict[str, str]:
    with store.session() as session:
        records = load_school(session, school_id)
        assert records.agreement and records.latest_profile and records.reflection
        return {
            "agreement": records.agreement.id,
            "profile": records.latest_profile.id,
            "reflection": records.reflection.id,
        }


def _school_fills_in(store: Store, school_id: str, sent: Path, back: Path) -> dict[str, str]:
    """Three fields and one new commitment row, edited as Word saves them."""
    ids = _ids(store, school_id)
    doc = open_docx(sent)
    fill(doc, "agreement.sharing_from_school", ids["agreement"], "Stand-down totals, monthly")
    fill(doc, "profile.stand_downs", ids["profile"], "14")
    fill(doc, "reflection.why_it_happened", ids["reflection"], "Parents asked for it")
    table(doc, COMMITMENTS_TABLE).add_row().cells[0].text = "Host a termly hui with whānau"
    save(doc, back)
    return ids


def _review(store: Store, path: Path, school_id: str | None = None) -> Review:
    copy = open_returned_copy(path)
    with store.session() as session:
        check_copy(session, copy, school_id)
        return build_review(session, copy)


def _tag(sdt: object) -> str:
    return str(sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")))  # type: ignore[attr-defined]


def _audit_count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


@pytest.mark.slow
def test_the_copy_is_valid_word_converts_and_shows_the_fields(
    store: Store, output_dir: Path, tmp_path: Path
) -> None:
    school_id = school_with_records(store)
    path, manifest = send_school_copy(store, school_id, tmp_path)
    assert_valid_docx(path)
    ids = _ids(store, school_id)
    doc = open_docx(path)
    date_picker = control(doc, "agreement.agreed_on", ids["agreement"])
    assert date_picker.find(f"{qn('w:sdtPr')}/{qn('w:date')}") is not None  # type: ignore[attr-defined]
    for sdt in doc.element.body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val"))
        assert len(tag) <= 64
        if tag == "police":
            lock = sdt.find(f"{qn('w:sdtPr')}/{qn('w:lock')}")
            assert lock is not None and lock.get(qn("w:val")) == "sdtContentLocked"
    first_page = [p.text for p in doc.paragraphs[:7]]
    assert any(t.startswith("This copy is for Kōwhai Grove School to complete") for t in first_page)
    assert any("email it back to Const. Aroha Ngata" in t for t in first_page)
    assert manifest.school_id == school_id and manifest.commitments == ["Share concerns"]
    ((pdf, _),) = convert_to_pdf([path])
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(output_dir / "copy")],
                   check=True)  # fmt: skip
    assert (output_dir / "copy-1.png").is_file()
    shutil.copyfile(path, output_dir / "school_copy.docx")  # for a person to open in Word


def test_the_review_lists_exactly_the_schools_four_changes(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    ids = _school_fills_in(store, school_id, sent, tmp_path / "back.docx")

    review = _review(store, tmp_path / "back.docx", school_id)

    assert [(c.kind, c.label, c.current, c.school) for c in review.changes] == [
        (FIELD, "Information sharing: what the school shares", "Stand-down totals, each term",
         "Stand-down totals, monthly"),
        (FIELD, "Stand-downs this year", "", "14"),
        (FIELD, "Why it happened", "", "Parents asked for it"),
        (ROW_ADDED, "School commitment", "", "Host a termly hui with whānau"),
    ]  # fmt: skip
    assert review.outside == [] and review.notes == []
    assert ids  # the changes name their records
    assert {c.record_id for c in review.changes} == {
        ids["agreement"],
        ids["profile"],
        ids["reflection"],
    }


def test_only_the_accepted_changes_are_stored_and_the_history_names_the_copy(
    store: Store, tmp_path: Path
) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    ids = _school_fills_in(store, school_id, sent, tmp_path / "back.docx")
    review = _review(store, tmp_path / "back.docx")
    accepted = [c.number for c in review.changes if c.label in (
        "Information sharing: what the school shares", "School commitment")]  # fmt: skip
    assert len(accepted) == 2

    result = apply_review(store, review, accepted, OFFICER)

    assert result.ok, result.errors
    with store.session() as session:
        agreement = session.get(PartnershipAgreement, ids["agreement"])
        profile = session.get(SchoolProfile, ids["profile"])
        reflection = session.get(Reflection, ids["reflection"])
        assert agreement and profile and reflection
        assert agreement.sharing_from_school == "Stand-down totals, monthly"
        assert agreement.school_commitments == "Share concerns\nHost a termly hui with whānau"
        assert profile.stand_downs is None  # rejected
        assert reflection.why_it_happened == ""  # rejected
        actors = set(session.scalars(
            select(AuditEntry.actor).where(AuditEntry.row_id.in_(ids.values()))
        ))  # fmt: skip
        entries = list(session.scalars(
            select(AuditEntry).where(AuditEntry.actor.like("from the school's copy%"))
        ))  # fmt: skip
    expected = f"from the school's copy of {review.sent_on}, accepted by {OFFICER}"
    assert expected in actors
    assert [e.row_id for e in entries] == [ids["agreement"]]  # one update, both fields
    assert '"sharing_from_school"' in entries[0].changes
    assert '"school_commitments"' in entries[0].changes


def test_text_typed_outside_the_fields_is_shown_and_not_imported(
    store: Store, tmp_path: Path
) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    doc = open_docx(sent)
    doc.add_paragraph("PS: our new principal starts in Term 2.")
    police = next(s for s in doc.element.body.iter(qn("w:sdt")) if _tag(s) == "police")
    next(police.iter(qn("w:t"))).text = "Police and the school and the board"
    save(doc, tmp_path / "back.docx")
    before = _audit_count(store)

    review = _review(store, tmp_path / "back.docx", school_id)

    assert review.changes == []
    assert review.outside == [
        "Police and the school and the board",
        "PS: our new principal starts in Term 2.",
    ]
    assert apply_review(store, review, [], OFFICER).ok
    assert _audit_count(store) == before
    with store.session() as session:
        agreement = session.get(PartnershipAgreement, _ids(store, school_id)["agreement"])
        assert agreement is not None and agreement.parties == "Police and the school"


def test_a_reworded_commitment_and_a_removed_contact_are_listed_and_applied(
    store: Store, tmp_path: Path
) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    agreement_id = _ids(store, school_id)["agreement"]
    doc = open_docx(sent)
    row_tag = make_tag("agreement.school_commitments", agreement_id) + "#0"
    row = next(s for s in doc.element.body.iter(qn("w:sdt")) if _tag(s) == row_tag)
    next(row.iter(qn("w:t"))).text = "Share concerns each week"
    contacts = table(doc, CONTACTS_TABLE)
    principal = next(r for r in contacts.rows if text_of(r._tr).startswith("Mere Tākuta"))
    principal._tr.getparent().remove(principal._tr)
    save(doc, tmp_path / "back.docx")

    review = _review(store, tmp_path / "back.docx", school_id)

    assert [(c.kind, c.current, c.school) for c in review.changes] == [
        (ROW_CHANGED, "Share concerns", "Share concerns each week"),
        (ROW_REMOVED, "Mere Tākuta", ""),
    ]
    assert apply_review(store, review, [1, 2], OFFICER).ok
    with store.session() as session:
        records = load_school(session, school_id)
        assert records.agreement is not None
        assert records.agreement.school_commitments == "Share concerns each week"
        assert [p.name for p in records.people_in_role(Role.PRINCIPAL)] == []


def test_a_new_contact_row_becomes_a_contact_with_its_role(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    doc = open_docx(sent)
    cells = table(doc, CONTACTS_TABLE).add_row().cells
    for cell, text in zip(
        cells, ["Tama Rāwiri", "Board member", "tama@kowhai.nz", ""], strict=True
    ):
        cell.text = text
    save(doc, tmp_path / "back.docx")

    review = _review(store, tmp_path / "back.docx", school_id)
    assert [(c.kind, c.school) for c in review.changes] == [
        (ROW_ADDED, "Tama Rāwiri · Board member · tama@kowhai.nz")
    ]
    assert apply_review(store, review, [1], OFFICER).ok
    with store.session() as session:
        board = load_school(session, school_id).people_in_role(Role.BOARD_MEMBER)
    assert [(p.name, p.email) for p in board] == [("Tama Rāwiri", "tama@kowhai.nz")]


def test_a_value_the_rules_refuse_is_named_and_nothing_is_kept(
    store: Store, tmp_path: Path
) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    ids = _ids(store, school_id)
    doc = open_docx(sent)
    fill(doc, "profile.stand_downs", ids["profile"], "lots")
    fill(doc, "reflection.why_it_happened", ids["reflection"], "Parents asked for it")
    save(doc, tmp_path / "back.docx")
    review = _review(store, tmp_path / "back.docx", school_id)
    before = _audit_count(store)

    result = apply_review(store, review, [1, 2], OFFICER)

    assert not result.ok
    assert result.errors == ["Stand-downs this year: “lots” is not a whole number from 0 to 10,000"]
    assert _audit_count(store) == before


def test_make_tag_refuses_a_tag_word_would_cut() -> None:
    with pytest.raises(ValueError, match="longer than 64"):
        make_tag("agreement.serious_school_process", "x" * 40)


def test_a_date_and_several_paragraphs_come_back_as_typed_and_the_history_says_whence(
    store: Store, tmp_path: Path
) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    ids = _ids(store, school_id)
    doc = open_docx(sent)
    fill(doc, "agreement.agreed_on", ids["agreement"], "05/12/2026")  # as the picker writes
    concerns = control(doc, "profile.behaviour_concerns", ids["profile"])
    first = next(concerns.iter(qn("w:p")))  # type: ignore[attr-defined]
    second = deepcopy(first)
    first.addnext(second)
    next(first.iter(qn("w:t"))).text = "Bullying at the bus stop"
    next(second.iter(qn("w:t"))).text = "Vaping in the toilets"
    review = _review(store, save(doc, tmp_path / "back.docx"), school_id)
    assert [(c.label, c.school) for c in review.changes] == [
        ("Date agreed", "05/12/2026"),
        ("Behaviour concerns (school data)", "Bullying at the bus stop\nVaping in the toilets"),
    ]

    assert apply_review(store, review, [1, 2], OFFICER).ok

    with store.session() as session:
        agreement = session.get(PartnershipAgreement, ids["agreement"])
        profile = session.get(SchoolProfile, ids["profile"])
        assert agreement is not None and profile is not None
        assert agreement.agreed_on == date(2026, 12, 5)
        assert profile.behaviour_concerns == "Bullying at the bus stop\nVaping in the toilets"
        lines = [h for h in school_history(session, school_id) if h.field == "agreed_on"]
    assert lines[0].actor == f"from the school's copy of {review.sent_on}, accepted by {OFFICER}"
    assert (lines[0].old, lines[0].new) == ("03/11/2026", "05/12/2026")
