"""Reading a school's copy back: its fields by tag, its row tables, and any other text.

Reads the XML as Word and LibreOffice save it: text in runs (``w:t``), line breaks and
tabs, tracked insertions included and tracked deletions left out. A control is read by its
tag wherever it has moved to; a table is found by its caption, so the school may add,
remove and reorder rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

from app.services.school_copy.fields import parse_tag
from app.services.school_copy.layout import POLICE_TAG, ROW_SEPARATOR

TABLE_PREFIX = "lpc:"
_W_T, _W_BR, _W_CR, _W_TAB = qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")
_W_P, _W_SDT, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:sdt"), qn("w:tbl"), qn("w:tr"), qn("w:tc")


@dataclass
class TableRow:
    tags: list[str]  # the school-field tags of the controls in the row, in order
    cells: list[str]  # each cell's text

    @property
    def is_blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


@dataclass
class Body:
    fields: dict[str, str] = field(default_factory=dict)  # tag -> text
    tables: dict[str, list[TableRow]] = field(default_factory=dict)  # caption -> rows
    outside: list[str] = field(default_factory=list)  # paragraphs outside the fields


def text_of(element: etree._Element) -> str:
    """The text in ``element``: paragraphs joined by newlines, breaks kept."""
    paragraphs = [element] if element.tag == _W_P else list(element.iter(_W_P))
    if not paragraphs:
        paragraphs = [element]
    out = []
    for para in paragraphs:
        chars = []
        for node in para.iter(_W_T, _W_BR, _W_CR, _W_TAB):
            if node.tag == _W_T:
                chars.append(node.text or "")
            else:
                chars.append("\t" if node.tag == _W_TAB else "\n")
        out.append("".join(chars))
    return "\n".join(out)


def tag_of(sdt: etree._Element) -> str:
    tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
    return "" if tag is None else tag.get(qn("w:val"), "")


def is_school_tag(tag: str) -> bool:
    return tag != POLICE_TAG and parse_tag(tag.split(ROW_SEPARATOR)[0]) is not None


def _caption(tbl: etree._Element) -> str:
    cap = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
    return "" if cap is None else cap.get(qn("w:val"), "")


def _in_school_part(para: etree._Element) -> bool:
    for ancestor in para.iterancestors(_W_SDT, _W_TBL):
        if ancestor.tag == _W_SDT and is_school_tag(tag_of(ancestor)):
            return True
        if ancestor.tag == _W_TBL and _caption(ancestor).startswith(TABLE_PREFIX):
            return True
    return False


def _rows(tbl: etree._Element) -> list[TableRow]:
    rows = []
    for tr in tbl.findall(_W_TR)[1:]:  # the first row holds the headings
        tags = [t for s in tr.iter(_W_SDT) if is_school_tag(t := tag_of(s))]
        rows.append(TableRow(tags, [text_of(tc) for tc in tr.iter(_W_TC)]))
    return rows


def read_body(doc: DocxDocument) -> Body:
    body = doc.element.body
    found = Body()
    for sdt in body.iter(_W_SDT):
        tag = tag_of(sdt)
        if is_school_tag(tag) and tag not in found.fields:  # a copied control is a new row
            content = sdt.find(qn("w:sdtContent"))
            found.fields[tag] = "" if content is None else text_of(content)
    for tbl in body.iter(_W_TBL):
        caption = _caption(tbl)
        if caption.startswith(TABLE_PREFIX):
            found.tables[caption] = _rows(tbl)
    for para in body.iter(_W_P):
        if not _in_school_part(para) and (text := text_of(para).strip()):
            found.outside.append(text)
    return found
