"""Reading a school's copy back: its fields by tag, its row tables, and any other text.

Reads the XML as Word and LibreOffice save it: text in runs (``w:t``), line breaks and
tabs, tracked insertions included and tracked deletions left out. A control is read by its
tag wherever it has moved to; a table is found by its caption, so the school may add,
remove and reorder rows.

LibreOffice (7.4) keeps a control's title (``w:alias``) but drops its tag and a table's
caption when it saves a .docx. So every school's control also has a title unique in its
copy, the manifest maps each title to its tag, and a table is also known by the words in
its heading row: a copy filled in LibreOffice reads back the same as one from Word.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

from app.services.school_copy.fields import parse_tag
from app.services.school_copy.layout import POLICE_TAG, ROW_SEPARATOR

COMMITMENTS_TABLE = "lpc:commitments"
CONTACTS_TABLE = "lpc:contacts"
FIGURES_TABLE = "lpc:figures"
TABLE_HEADINGS: dict[str, tuple[str, ...]] = {
    COMMITMENTS_TABLE: ("The school commits to",),
    CONTACTS_TABLE: ("Name", "Role", "Email", "Phone"),
    FIGURES_TABLE: ("Figure", "Value"),
}
_BY_HEADINGS = {headings: caption for caption, headings in TABLE_HEADINGS.items()}
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


def is_school_tag(tag: str) -> bool:
    return tag != POLICE_TAG and parse_tag(tag.split(ROW_SEPARATOR)[0]) is not None


def _prop(sdt: etree._Element, name: str) -> str:
    found = sdt.find(f"{qn('w:sdtPr')}/{qn(name)}")
    return "" if found is None else str(found.get(qn("w:val"), ""))


class _Reader:
    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases

    def tag_of(self, sdt: etree._Element) -> str:
        return _prop(sdt, "w:tag") or self.aliases.get(_prop(sdt, "w:alias"), "")

    def caption(self, tbl: etree._Element) -> str:
        named = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        caption = "" if named is None else str(named.get(qn("w:val"), ""))
        if caption in TABLE_HEADINGS:
            return caption
        first = tbl.find(_W_TR)
        if first is None:
            return ""
        headings = tuple(text_of(tc).strip() for tc in first.iter(_W_TC))
        return _BY_HEADINGS.get(headings, "")

    def outside_text(self, para: etree._Element) -> str:
        """The paragraph's text outside any school's control inside it (LibreOffice saves
        a control as part of a paragraph, not around it)."""
        if self.in_school_part(para):
            return ""
        inner = [s for s in para.iter(_W_SDT) if is_school_tag(self.tag_of(s))]
        if not inner:
            return text_of(para)
        copy = etree.fromstring(etree.tostring(para))
        for sdt in list(copy.iter(_W_SDT)):
            if is_school_tag(self.tag_of(sdt)):
                sdt.getparent().remove(sdt)
        return text_of(copy)

    def in_school_part(self, para: etree._Element) -> bool:
        for ancestor in para.iterancestors(_W_SDT, _W_TBL):
            if ancestor.tag == _W_SDT and is_school_tag(self.tag_of(ancestor)):
                return True
            if ancestor.tag == _W_TBL and self.caption(ancestor):
                return True
        return False

    def rows(self, tbl: etree._Element) -> list[TableRow]:
        rows = []
        for tr in tbl.findall(_W_TR)[1:]:  # the first row holds the headings
            tags = [t for s in tr.iter(_W_SDT) if is_school_tag(t := self.tag_of(s))]
            rows.append(TableRow(tags, [text_of(tc) for tc in tr.iter(_W_TC)]))
        return rows


def read_body(doc: DocxDocument, aliases: dict[str, str] | None = None) -> Body:
    """The copy's contents; ``aliases`` (title -> tag) stands in for tags that were lost."""
    reader = _Reader(aliases or {})
    body = doc.element.body
    found = Body()
    for sdt in body.iter(_W_SDT):
        tag = reader.tag_of(sdt)
        if is_school_tag(tag) and tag not in found.fields:  # a copied control is a new row
            content = sdt.find(qn("w:sdtContent"))
            found.fields[tag] = "" if content is None else text_of(content)
    for tbl in body.iter(_W_TBL):
        if caption := reader.caption(tbl):
            found.tables[caption] = reader.rows(tbl)
    for para in body.iter(_W_P):
        if text := reader.outside_text(para).strip():
            found.outside.append(text)
    return found
