"""A returned file is input from outside: a copy whose id or tags were edited can reach
neither a Police field nor another school's records, and a bad id is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from app.models import PartnershipAgreement
from app.services.records import load_school
from app.services.school_copy import CopyRefusedError, intake, review_file, send_school_copy
from app.services.school_copy.fields import make_tag
from app.services.school_copy.manifest import NAMESPACE
from app.services.store import Store
from tests.services.school_copy.copies import open_docx, save, school_with_records


def _manifest_part(doc: DocxDocument) -> object:
    for rel in doc.part.rels.values():
        if rel.reltype == RT.CUSTOM_XML and NAMESPACE.encode() in rel.target_part.blob:
            return rel.target_part
    raise LookupError("no manifest")


def _edit_manifest(doc: DocxDocument, edit: object) -> None:
    part = _manifest_part(doc)
    root = etree.fromstring(part.blob)  # type: ignore[attr-defined]
    data = json.loads(root.text)
    edit(data)  # type: ignore[operator]
    root.text = json.dumps(data)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8")  # type: ignore[attr-defined]


def _retag_police_part(doc: DocxDocument, tag: str, text: str) -> None:
    """Turn the first locked Police control into one tagged ``tag`` holding ``text``."""
    for sdt in doc.element.body.iter(qn("w:sdt")):
        found = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if found is not None and found.get(qn("w:val")) == "police":
            found.set(qn("w:val"), tag)
            next(sdt.iter(qn("w:t"))).text = text
            return
    raise LookupError("police")


def _agreement_id(store: Store, school_id: str) -> str:
    with store.session() as session:
        agreement = load_school(session, school_id).agreement
        assert agreement is not None
        return agreement.id


def test_a_copy_edited_to_name_a_police_field_changes_nothing(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    tag = make_tag("agreement.parties", _agreement_id(store, school_id))
    doc = open_docx(sent)
    _retag_police_part(doc, tag, "The school alone")
    _edit_manifest(doc, lambda data: data["sent"].update({tag: "Police and the school"}))
    review = review_file(store, save(doc, tmp_path / "back.docx"), school_id)

    assert review.changes == []
    assert review.notes == ["Parties to the agreement: not the school's to change; ignored"]


def test_a_copy_edited_to_name_another_schools_record_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    school_id = school_with_records(store)
    other = school_with_records(store, "Rātā Street School", 4321)
    tag = make_tag("agreement.sharing_from_school", _agreement_id(store, other))
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    doc = open_docx(sent)
    _retag_police_part(doc, tag, "Everything, daily")
    _edit_manifest(doc, lambda data: data["sent"].update({tag: "Stand-down totals, each term"}))
    review = review_file(store, save(doc, tmp_path / "back.docx"), school_id)

    assert review.changes == []
    assert review.notes == [
        "Information sharing: what the school shares: not the school's to change; ignored"
    ]
    with store.session() as session:
        theirs = session.get(PartnershipAgreement, _agreement_id(store, other))
        assert theirs is not None and theirs.sharing_from_school == "Stand-down totals, each term"


def test_a_copy_with_a_malformed_id_is_refused(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    doc = open_docx(sent)
    _edit_manifest(doc, lambda data: data.update(sent=["not", "a", "map"]))
    with pytest.raises(CopyRefusedError, match="is not a copy sent to a school"):
        review_file(store, save(doc, tmp_path / "back.docx"), school_id)


def test_a_copy_that_unpacks_too_large_is_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    school_id = school_with_records(store)
    sent, _ = send_school_copy(store, school_id, tmp_path / "out")
    monkeypatch.setattr(intake, "MAX_UNPACKED", 10_000)
    with pytest.raises(CopyRefusedError, match="is too large once unpacked"):
        review_file(store, sent, school_id)
