"""Tables of a rendered document, tidied so a reader is not told "Not recorded" row after row.

The context says "Not recorded" in every empty value so a reader can tell blank from left
out; in a table that is clutter when a whole column is empty. After rendering, each table
with a header row (the built-in tables repeat their header on each page; a district table
marked the same way is treated alike) is tidied:

- a column empty in every row goes, its room given to the others, and one line under the
  table names what was not recorded ("Nothing recorded yet under Unit and Evidence");
- a table with nothing in any row keeps its headings and says "Not recorded" once, across
  the whole width.

The first column (what each row is about) always stays. This works on the rendered XML,
after the template engine has finished, so it never sees user text as code.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor
from docx.table import Table

from app.templates import wordml
from app.templates.fields import NOT_RECORDED

NOTE_GREY = RGBColor(0x55, 0x5F, 0x6B)
_P, _T = qn("w:p"), qn("w:t")


def _blank(tc: CT_Tc) -> bool:
    """Nothing but "Not recorded" (a cell may hold several values, one per paragraph)."""
    return all(_text(p).strip() in ("", NOT_RECORDED) for p in tc.iter(_P))


def _text(element: BaseOxmlElement) -> str:
    return "".join(t.text or "" for t in element.iter(_T))


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def tidy_table(table: Table) -> None:
    if NOT_RECORDED not in _text(table._tbl):  # most tables: nothing to tidy, found fast
        return
    rows = list(table.rows)
    if len(rows) < 2 or not wordml.has_row_flag(rows[0], "tblHeader"):
        return
    body = rows[1:]
    if all(_blank(tc) for row in body for _, tc in wordml.grid_cells(row)):
        # Keep the row that says "Not recorded" (a group row above it may be blank).
        keep = next((row for row in body if _text(row._tr).strip()), body[0])
        for row in body:
            if row is not keep:
                table._tbl.remove(row._tr)
        wordml.span_row(table, keep)
        return
    header = dict(wordml.grid_cells(rows[0]))
    empty: list[int] = []
    for column in range(1, len(table._tbl.tblGrid.gridCol_lst)):
        title = header.get(column)
        if title is None or title.grid_span != 1:
            continue
        cells = [wordml.cell_at(row, column) for row in body]
        single = [tc for tc in cells if tc is not None and tc.grid_span == 1]
        if single and all(_blank(tc) for tc in single):
            empty.append(column)
    if not empty:
        return
    titles = [t for c in empty if (t := _text(header[c]).strip())]
    for column in reversed(empty):
        wordml.drop_column(table, column)
    if not titles:
        return
    note = wordml.paragraph_after(table)
    run = note.add_run(f"Nothing recorded yet under {_and(titles)}.")
    run.italic, run.font.size, run.font.color.rgb = True, Pt(9), NOTE_GREY
    note.paragraph_format.space_before = Pt(2)


def tidy_tables(document: DocxDocument) -> None:
    for table in document.tables:
        tidy_table(table)
