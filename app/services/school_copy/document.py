"""Writing the copy a school completes: the agreement, the profile and the reflection.

One file per send, so one document id covers everything the school was asked for. The
first page says in plain words what to fill in and how to send it back; then each part
shows the Police text locked and the school's fields open (see ``layout``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK

from app.models import PartnershipAgreement, Person, Reflection, SchoolProfile, Synced
from app.models.vocabulary import Role
from app.services.export.context import commitment_lines
from app.services.records import SchoolRecords
from app.services.school_copy import layout
from app.services.school_copy.fields import (
    COMMITMENTS,
    CONTACT_FIELDS,
    POLICE_FIELDS,
    PROFILE_FIGURES,
    SCHOOL_FIELDS,
    SCHOOL_ROLES,
    FieldRef,
    make_tag,
)
from app.services.school_copy.manifest import Manifest, attach
from app.services.school_copy.reader import (
    COMMITMENTS_TABLE,
    CONTACTS_TABLE,
    FIGURES_TABLE,
    TABLE_HEADINGS,
    read_body,
)
from app.templates import wordml
from lpc_core.formatting import Shown, choice_label, display_text, format_nz_date

ROLE_SPEC = FieldRef(Person, "role", "").spec
TITLES: dict[type[Synced], str] = {
    PartnershipAgreement: "Partnership Agreement",
    SchoolProfile: "School Profile",
    Reflection: "Reflection",
}

INSTRUCTIONS = (
    "This copy is for {school} to complete. Please fill in the parts shaded yellow: they "
    "are the school's. The other parts are written by Police and cannot be changed here; "
    "if something in them needs changing, say so in your email.",
    "Click in a yellow box and type. A date box opens a calendar. In the tables, add a row "
    "for each new commitment or contact (click in the last row, then Insert ▸ Row Below, "
    "or press Tab in the last cell); to remove one, delete its row.",
    "Please keep to school-level information: never name or describe an individual student.",
    "When you have finished, save the file as a Word document (.docx) without changing its "
    "name and email it back to {officer}. Nothing you write is recorded until your Lead "
    "Police Contact has looked at each change.",
)


def _value(ref: FieldRef, obj: Synced) -> str:
    return display_text(ref.spec, getattr(obj, ref.field), Shown.FORM)


def _first_page(doc: DocxDocument, records: SchoolRecords, sent_on: str) -> None:
    doc.add_heading(f"{records.school.name}: for the school to complete", level=0)
    officers = [p.name for p in records.people_in_role(Role.LEAD_POLICE_CONTACT)]
    officer = officers[0] if officers else "your Lead Police Contact"
    doc.add_paragraph(f"Sent on {sent_on}. IN-CONFIDENCE.").runs[0].italic = True
    for text in INSTRUCTIONS:
        doc.add_paragraph(text.format(school=records.school.name, officer=officer))
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _field(doc: DocxDocument, ref: FieldRef, obj: Synced, manifest: Manifest) -> None:
    spec = ref.spec
    value = _value(ref, obj)
    layout.label(doc, spec.label, spec.help)
    kind = {"long_text": "rich", "date": "date"}.get(spec.kind, "text")
    iso = getattr(obj, ref.field).isoformat() if kind == "date" and value else ""
    title = manifest.title_for(ref.tag, spec.label)
    layout.block(doc, value, ref.tag, title, kind, date_value=iso)
    manifest.sent[ref.tag] = value


def _police(doc: DocxDocument, ref: FieldRef, obj: Synced) -> None:
    label = ref.spec.label
    layout.label(doc, label if "Police" in label else f"{label} (Police)")
    value = display_text(ref.spec, getattr(obj, ref.field), Shown.DOCUMENT)
    layout.block(doc, value, layout.POLICE_TAG, "", locked=True)


def _part(doc: DocxDocument, obj: Synced, manifest: Manifest) -> None:
    model = type(obj)
    doc.add_heading(TITLES[model], level=1)
    for name in POLICE_FIELDS[model]:
        _police(doc, FieldRef(model, name, obj.id), obj)
    if isinstance(obj, PartnershipAgreement):
        _commitments(doc, obj, manifest)
    if isinstance(obj, SchoolProfile):
        _figures(doc, obj, manifest)
    for name in SCHOOL_FIELDS[model]:
        _field(doc, FieldRef(model, name, obj.id), obj, manifest)
    manifest.records[model.__tablename__] = obj.id  # type: ignore[attr-defined]


def _commitments(doc: DocxDocument, agreement: PartnershipAgreement, manifest: Manifest) -> None:
    layout.label(doc, "The school's commitments", "One commitment per row.")
    grid = layout.table(doc, COMMITMENTS_TABLE, TABLE_HEADINGS[COMMITMENTS_TABLE])
    tag = make_tag(COMMITMENTS, agreement.id)
    manifest.commitments = commitment_lines(agreement.school_commitments)
    for number, line in enumerate(manifest.commitments):
        row_tag = f"{tag}{layout.ROW_SEPARATOR}{number}"
        layout.row(grid, [(line, row_tag, manifest.title_for(row_tag, f"Commitment {number + 1}"))])
    layout.row(grid, [("", None, "")])  # an empty row to start typing in


def _figures(doc: DocxDocument, profile: SchoolProfile, manifest: Manifest) -> None:
    layout.label(doc, f"The school's figures for {profile.year}")
    grid = layout.table(doc, FIGURES_TABLE, TABLE_HEADINGS[FIGURES_TABLE])
    for name in PROFILE_FIGURES:
        ref = FieldRef(SchoolProfile, name, profile.id)
        value = manifest.sent[ref.tag] = _value(ref, profile)
        title = manifest.title_for(ref.tag, ref.spec.label)
        layout.row(grid, [(ref.spec.label, None, ""), (value, ref.tag, title)])


def _contacts(doc: DocxDocument, people: Iterable[Person], manifest: Manifest) -> None:
    doc.add_heading("The school's contacts", level=1)
    layout.label(doc, "Who Police contact at the school", "Add a row for a new contact.")
    grid = layout.table(doc, CONTACTS_TABLE, TABLE_HEADINGS[CONTACTS_TABLE])
    for person in people:
        cells: dict[str, layout.Cell] = {}
        for name in CONTACT_FIELDS:
            ref = FieldRef(Person, name, person.id)
            value = manifest.sent[ref.tag] = _value(ref, person)
            title = manifest.title_for(ref.tag, f"{ref.spec.label} of {person.name}")
            cells[name] = (value, ref.tag, title)
        role = (choice_label(ROLE_SPEC, person.role), layout.POLICE_TAG, "")
        layout.row(grid, [cells["name"], role, cells["email"], cells["phone"]])
        manifest.contacts.append(person.id)
    layout.row(grid, [("", None, "")] * 4)


def build(records: SchoolRecords, now: datetime | None = None) -> tuple[DocxDocument, Manifest]:
    """The school's copy of every part it has records for, and the manifest it carries."""
    now = now or datetime.now(UTC)
    manifest = Manifest(str(uuid.uuid4()), records.school.id, records.school.name, now.isoformat())
    doc = wordml.blank_document()
    doc.core_properties.title = f"{records.school.name}: for the school to complete"
    doc.core_properties.subject = records.school.name
    _first_page(doc, records, format_nz_date(now.astimezone().date()))
    parts: list[Any] = [records.agreement, records.latest_profile, records.reflection]
    for obj in parts:
        if obj is not None:
            _part(doc, obj, manifest)
    people = [p for p in records.people if p.role in {r.value for r in SCHOOL_ROLES}]
    _contacts(doc, people, manifest)
    manifest.outside = read_body(doc).outside
    attach(doc, manifest)
    return doc, manifest
