"""A school ready to be sent its copy, and helpers that edit a copy as Word saves it."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table

from app.models import Person, Reflection
from app.models.vocabulary import Role
from app.services.school_copy.fields import make_tag
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school, fill_stage_one

TODAY = date(2026, 12, 3)


def school_with_records(store: Store, name: str = "Kōwhai Grove School", moe: int = 1234) -> str:
    """A school with an agreement, a profile, a reflection and a principal."""
    school_id = add_school(store, name, moe_number=moe)
    fill_stage_one(store, school_id, TODAY)
    with UnitOfWork(store, actor="Const. Aroha Ngata") as uow:
        uow.add(Person, school_id=school_id, name="Mere Tākuta", role=Role.PRINCIPAL.value,
                email="mere@kowhai.school.nz")  # fmt: skip
        uow.add(Reflection, school_id=school_id, what_happened="Bus stop patrols ran all term")
    return school_id


def control(doc: DocxDocument, key: str, record_id: str = "", prop: str = "w:tag") -> object:
    """The control tagged ``key`` + ``record_id``, or with ``prop="w:alias"`` titled ``key``."""
    wanted = make_tag(key, record_id) if prop == "w:tag" else key
    for sdt in doc.element.body.iter(qn("w:sdt")):
        found = sdt.find(f"{qn('w:sdtPr')}/{qn(prop)}")
        if found is not None and found.get(qn("w:val")) == wanted:
            return sdt
    raise LookupError(wanted)


def fill(doc: DocxDocument, key: str, record_id: str, text: str, prop: str = "w:tag") -> None:
    """Type ``text`` into a control as Word saves it: one run in its first paragraph."""
    sdt = control(doc, key, record_id, prop)
    texts = list(sdt.iter(qn("w:t")))  # type: ignore[attr-defined]
    if texts:
        texts[0].text = text
        for extra in texts[1:]:
            extra.text = ""
        return
    run = next(sdt.iter(qn("w:r")), None)  # type: ignore[attr-defined]
    if run is None:
        para = next(sdt.iter(qn("w:p")))  # type: ignore[attr-defined]
        run = para.makeelement(qn("w:r"), {})
        para.append(run)
    t = run.makeelement(qn("w:t"), {})
    t.text = text
    run.append(t)


def table(doc: DocxDocument, caption: str) -> Table:
    for tbl in doc.element.body.iter(qn("w:tbl")):
        cap = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        if cap is not None and cap.get(qn("w:val")) == caption:
            return Table(tbl, doc._body)
    raise LookupError(caption)


def open_docx(path: Path) -> DocxDocument:
    return Document(str(path))


def save(doc: DocxDocument, path: Path) -> Path:
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path
