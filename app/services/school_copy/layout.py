"""Building blocks of the school's copy: labelled fields, locked Police text, row tables.

Everything here writes WordprocessingML through ``app.templates.wordml`` so element order
is the schema's. The school's fields are shaded pale yellow; the Police parts are plain and
locked, so in Word the school can type only where it is asked to.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.templates import wordml

SCHOOL_FILL = "FFF6D5"  # pale yellow: "write here"
HEADER_FILL = "D9E2F3"
POLICE_TAG = "police"  # locked controls: shown, never read back as a field
ROW_SEPARATOR = "#"  # a row's tag is its table's field tag + "#" + the row's number


def label(doc: DocxDocument, text: str, help_text: str = "") -> None:
    para = doc.add_paragraph()
    para.paragraph_format.space_before = Pt(8)
    para.paragraph_format.space_after = Pt(2)
    para.paragraph_format.keep_with_next = True
    para.add_run(text).bold = True
    if help_text:
        hint = para.add_run(f"  {help_text}")
        hint.italic = True
        hint.font.size = Pt(9)


def _shade_paragraph(para: Paragraph, fill: str) -> None:
    shd = wordml.child(para._p.get_or_add_pPr(), "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def block(
    doc: DocxDocument,
    value: str,
    tag: str,
    alias: str,
    kind: str = "rich",
    locked: bool = False,
    date_value: str = "",
) -> None:
    """A control holding ``value`` (one paragraph per line) in the body of the document."""
    lines = value.split("\n") if value else [""]
    paragraphs = [doc.add_paragraph(line) for line in lines]
    if not locked:
        for para in paragraphs:
            _shade_paragraph(para, SCHOOL_FILL)
    sdt = wordml.content_control(paragraphs[0]._p, tag, alias, kind, locked, date_value)
    content = sdt.find(qn("w:sdtContent"))
    for para in paragraphs[1:]:
        content.append(para._p)


def table(doc: DocxDocument, caption: str, headers: Sequence[str]) -> Table:
    """A bordered table named ``caption`` with a shaded header row repeated on each page."""
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    wordml.table_caption(grid._tbl, caption)
    header = grid.rows[0]
    wordml.row_flag(header, "tblHeader")
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        wordml.shade(cell, HEADER_FILL)
    return grid


Cell = tuple[str, str | None, str]


def row(grid: Table, cells: Sequence[Cell]) -> None:
    """A row; each cell is (text, tag, title): a tag makes the cell a field the school may
    edit, ``None`` leaves it plain (locked Police text is tagged ``POLICE_TAG``)."""
    new = grid.add_row()
    wordml.row_flag(new, "cantSplit")
    for cell, (text, tag, title) in zip(new.cells, cells, strict=True):
        para = cell.paragraphs[0]
        run = para.add_run(text)
        if tag is None:
            if not text:
                wordml.shade(cell, SCHOOL_FILL)
            continue
        locked = tag == POLICE_TAG
        if not locked:
            wordml.shade(cell, SCHOOL_FILL)
        wordml.content_control(run._r, tag, title, "text", locked)
