"""What the school changed, laid out for the officer to accept or reject item by item.

A change is what differs between the copy as sent (the manifest) and as returned; the
store's current value is shown beside the school's so an edit the officer made while the
copy was out is not overwritten unseen. Text typed outside the fields is listed so the
officer can read it, and is never imported.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.models import PartnershipAgreement, Person, Synced
from app.services.school_copy.document import TITLES
from app.services.school_copy.fields import (
    COMMITMENTS,
    FieldRef,
    make_tag,
    parse_tag,
    school_may_edit,
)
from app.services.school_copy.intake import ReturnedCopy, check_copy, open_returned_copy
from app.services.school_copy.layout import ROW_SEPARATOR
from app.services.school_copy.reader import COMMITMENTS_TABLE, CONTACTS_TABLE, TableRow
from app.services.store import Store
from lpc_core.formatting import Shown, display_text

FIELD, ROW_ADDED, ROW_REMOVED, ROW_CHANGED = "changed", "row added", "row removed", "row changed"


@dataclass(frozen=True)
class ProposedChange:
    """One thing the school changed. ``number`` is how the officer names it (1, 2, …)."""

    number: int
    kind: str  # FIELD, ROW_ADDED, ROW_REMOVED, ROW_CHANGED
    where: str  # "Partnership Agreement", "Contact: Hemi Walker"
    label: str  # the field's label, or what the row is
    current: str  # in the store now ("" for a new row)
    school: str  # in the school's copy ("" for a removed row)
    model: type[Synced]
    record_id: str
    column: str = ""  # the field changed (a FIELD change, or a commitment row)
    values: dict[str, str] = field(default_factory=dict)  # a new row's cells
    sent: str = ""  # a commitment row's text as sent, to find it among today's lines


@dataclass
class Review:
    school_id: str
    school_name: str
    sent_on: str  # dd/mm/yyyy
    changes: list[ProposedChange] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # shown, never imported
    notes: list[str] = field(default_factory=list)  # fields the school's copy lost


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _where(session: Session, ref: FieldRef) -> str:
    if ref.model is Person:
        person = session.get(Person, ref.record_id)
        return f"Contact: {person.name}" if person is not None else "Contact"
    return TITLES.get(ref.model, ref.model.__label__)


def _current(session: Session, model: type[Synced], record_id: str, name: str) -> str | None:
    obj: Any = session.get(model, record_id)
    if obj is None or obj.is_deleted:
        return None
    return display_text(FieldRef(model, name, record_id).spec, getattr(obj, name), Shown.FORM)


class _Builder:
    def __init__(self, session: Session, copy: ReturnedCopy) -> None:
        m = copy.manifest
        self.session, self.copy = session, copy
        self.review = Review(m.school_id, m.school_name, m.sent_on.strftime("%d/%m/%Y"))

    def add(
        self,
        kind: str,
        where: str,
        label: str,
        current: str,
        school: str,
        model: type[Synced],
        record_id: str,
        **extra: Any,
    ) -> None:
        number = len(self.review.changes) + 1
        self.review.changes.append(
            ProposedChange(number, kind, where, label, current, school, model, record_id, **extra)
        )

    def ours(self, model: type[Synced], record_id: str) -> bool:
        """Whether the record is this school's: tags come from the file, and a copy must
        never reach another school's records."""
        obj: Any = self.session.get(model, record_id)
        return obj is None or getattr(obj, "school_id", None) == self.review.school_id

    def fields(self, removed_people: set[str]) -> None:
        returned = self.copy.body.fields
        for tag, sent in self.copy.manifest.sent.items():
            ref = parse_tag(tag)
            if ref is None or ref.record_id in removed_people:
                continue
            if not school_may_edit(ref.model, ref.field) or not self.ours(ref.model, ref.record_id):
                self.review.notes.append(f"{ref.spec.label}: not the school's to change; ignored")
                continue
            if tag not in returned:
                self.review.notes.append(
                    f"{ref.spec.label}: its field was removed from the copy, so it is left as it is"
                )
                continue
            school = normalise(returned[tag])
            if school == normalise(sent):
                continue
            current = _current(self.session, ref.model, ref.record_id, ref.field)
            if current is None:
                self.review.notes.append(f"{ref.spec.label}: the record has since been deleted")
                continue
            self.add(
                FIELD,
                _where(self.session, ref),
                ref.spec.label,
                current,
                school,
                ref.model,
                ref.record_id,
                column=ref.field,
            )

    def commitments(self, rows: list[TableRow]) -> None:
        agreement_id = self.copy.manifest.records.get(PartnershipAgreement.__tablename__)
        if agreement_id is None or not self.ours(PartnershipAgreement, agreement_id):
            return
        sent = self.copy.manifest.commitments
        prefix = make_tag(COMMITMENTS, agreement_id) + ROW_SEPARATOR
        seen: set[int] = set()
        where, label = TITLES[PartnershipAgreement], "School commitment"
        for row in rows:
            text = normalise(" ".join(row.cells))
            numbers = [
                int(t.removeprefix(prefix))
                for t in row.tags
                if t.startswith(prefix) and t.removeprefix(prefix).isdigit()
            ]
            number = numbers[0] if numbers and numbers[0] < len(sent) else None
            if number is None or number in seen:
                if text:
                    self.add(
                        ROW_ADDED,
                        where,
                        label,
                        "",
                        text,
                        PartnershipAgreement,
                        agreement_id,
                        column="school_commitments",
                    )
                continue
            seen.add(number)
            if text != normalise(sent[number]):
                self.add(
                    ROW_CHANGED,
                    where,
                    label,
                    sent[number],
                    text,
                    PartnershipAgreement,
                    agreement_id,
                    column="school_commitments",
                    sent=sent[number],
                )
        for number, line in enumerate(sent):
            if number not in seen:
                self.add(
                    ROW_REMOVED,
                    where,
                    label,
                    line,
                    "",
                    PartnershipAgreement,
                    agreement_id,
                    column="school_commitments",
                    sent=line,
                )

    def removed_people(self) -> list[Person]:
        """Contacts whose whole row the school deleted."""
        present = {ref.record_id for t in self.copy.body.fields if (ref := parse_tag(t))}
        people = (self.session.get(Person, pid) for pid in self.copy.manifest.contacts)
        return [
            p
            for p in people
            if p is not None
            and not p.is_deleted
            and p.school_id == self.review.school_id
            and p.id not in present
        ]

    def contacts(self, rows: list[TableRow], removed: list[Person]) -> None:
        for person in removed:
            self.add(
                ROW_REMOVED,
                f"Contact: {person.name}",
                "Contact",
                person.name,
                "",
                Person,
                person.id,
            )
        for row in rows:
            if row.tags or row.is_blank:
                continue
            cells = [normalise(c) for c in (row.cells + [""] * 4)[:4]]
            values = dict(zip(("name", "role", "email", "phone"), cells, strict=True))
            shown = " · ".join(c for c in cells if c)
            self.add(
                ROW_ADDED,
                "Contacts",
                "New contact",
                "",
                shown,
                Person,
                self.review.school_id,
                values=values,
            )

    def outside(self) -> None:
        sent = Counter(normalise(t) for t in self.copy.manifest.outside)
        for text in self.copy.body.outside:
            key = normalise(text)
            if sent[key] > 0:
                sent[key] -= 1
            else:
                self.review.outside.append(text)


def build_review(session: Session, copy: ReturnedCopy) -> Review:
    """Every difference between the copy as sent and as returned, numbered from 1."""
    builder = _Builder(session, copy)
    tables = copy.body.tables
    removed = builder.removed_people()
    builder.fields({p.id for p in removed})
    builder.commitments(tables.get(COMMITMENTS_TABLE, []))
    builder.contacts(tables.get(CONTACTS_TABLE, []), removed)
    builder.outside()
    return builder.review


def review_file(store: Store, path: Path, school_id: str | None = None) -> Review:
    """Open, check and review a returned file in one call (``CopyRefusedError`` if not)."""
    copy = open_returned_copy(path)
    with store.session() as session:
        check_copy(session, copy, school_id)
        return build_review(session, copy)
