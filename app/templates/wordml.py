"""WordprocessingML that python-docx has no call for, written where the schema wants it.

Word is stricter than LibreOffice. A property element out of the order the schema's
sequence gives (a paragraph border after the paragraph's spacing, say) makes Word say the
file has unreadable content and offer to repair it, while LibreOffice shows it happily.
python-docx keeps the order for the elements it knows; for the rest (borders, shading,
languages) every document the app writes goes through ``child`` below, which inserts an
element before the first sibling that the schema puts after it.

``blank_document`` is python-docx's default document without ``stylesWithEffects.xml``: a
copy of the styles that only Word 2010 reads, in place of ``styles.xml``. python-docx's copy
disagrees with its own ``styles.xml`` (Word treats that as damage), and any style the app
sets would be lost to Word 2010, which reads that copy instead. Word 2013 and later neither
need nor write it, and without it Word 2010 reads ``styles.xml``.
"""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

# Child order of the property elements the app writes into, from the ECMA-376 schema
# (transitional, wml.xsd). Only what python-docx or the app may put there is listed.
_ORDER: dict[str, tuple[str, ...]] = {
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    ),
    "w:pBdr": ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"),
    "w:rPr": (
        "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
        "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
        "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
        "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
        "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
        "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange",
    ),
    "w:tcPr": (
        "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
        "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
        "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
    ),
    # A content control's properties; then one type element (w:text, w:date; none is
    # rich text).
    "w:sdtPr": (
        "w:rPr", "w:alias", "w:tag", "w:id", "w:lock", "w:placeholder", "w:temporary",
        "w:showingPlcHdr", "w:dataBinding", "w:label", "w:tabIndex", "w:sdtLocked",
        "w:date", "w:richText", "w:text",
    ),
    "w:date": ("w:dateFormat", "w:lid", "w:storeMappedDataAs", "w:calendar"),
    "w:tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
        "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription",
    ),
    # A choice in the schema, so any order is valid; python-docx keeps this one.
    "w:trPr": (
        "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
        "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
        "w:ins", "w:del", "w:trPrChange",
    ),
}  # fmt: skip
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_ORDER_BY_TAG = {qn(parent): tuple(qn(t) for t in tags) for parent, tags in _ORDER.items()}


def child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """``parent``'s ``tag`` child (``"w:pBdr"``), added where the schema puts it if missing.

    Raises ``ValueError`` for a parent or child this module has no order for, so a new kind
    of element is added to ``_ORDER`` rather than appended wherever it lands.
    """
    order = _ORDER_BY_TAG.get(parent.tag)
    name = qn(tag)
    if order is None or name not in order:
        raise ValueError(f"no schema order known for {tag} inside {parent.tag}")
    existing = parent.find(name)
    if existing is not None:
        return existing
    element = OxmlElement(tag)
    later = order[order.index(name) + 1 :]
    for sibling in parent.iterchildren():
        if sibling.tag in later:
            sibling.addprevious(element)
            return element
    parent.append(element)
    return element


def blank_document() -> DocxDocument:
    """python-docx's default document, less its stale ``stylesWithEffects.xml``."""
    doc = Document()
    part = doc.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            part.drop_rel(r_id)
    return doc


def shade(cell: _Cell, fill: str) -> None:
    """Fill a table cell with the colour ``fill`` (hex RRGGBB)."""
    shd = child(cell._tc.get_or_add_tcPr(), "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def border(paragraph: Paragraph, side: str, color: str, size: int = 6, space: int = 4) -> None:
    """A single line on one ``side`` (top, bottom, left, right) of a paragraph; ``size`` in
    eighths of a point, ``space`` (gap to the text) in points."""
    edge = child(child(paragraph._p.get_or_add_pPr(), "w:pBdr"), f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space))):
        edge.set(qn(f"w:{key}"), value)
    edge.set(qn("w:color"), color)


def row_flag(row: _Row, flag: str) -> None:
    """``cantSplit`` keeps a table row on one page; ``tblHeader`` repeats it on each page."""
    child(row._tr.get_or_add_trPr(), f"w:{flag}")


def content_control(
    content: BaseOxmlElement,
    tag: str,
    alias: str,
    kind: str = "rich",
    locked: bool = False,
    date_value: str = "",
) -> BaseOxmlElement:
    """Wrap ``content`` (a paragraph, run, or a cell's paragraphs) in a content control.

    ``kind`` is ``rich`` (several paragraphs, formatting), ``text`` (plain, may have line
    breaks) or ``date`` (a date picker showing dd/mm/yyyy; ``date_value`` ISO or empty).
    ``locked`` stops the content being edited in Word: how the Police parts are shown.
    The control takes ``content``'s place; the caller moves any further siblings in.
    """
    sdt = OxmlElement("w:sdt")
    content.addprevious(sdt)
    props = OxmlElement("w:sdtPr")
    sdt.append(props)
    if alias:
        child(props, "w:alias").set(qn("w:val"), alias)
    child(props, "w:tag").set(qn("w:val"), tag)
    if locked:
        child(props, "w:lock").set(qn("w:val"), "sdtContentLocked")
    if kind == "text":
        child(props, "w:text").set(qn("w:multiLine"), "1")
    elif kind == "date":
        picker = child(props, "w:date")
        if date_value:
            picker.set(qn("w:fullDate"), f"{date_value}T00:00:00Z")
        child(picker, "w:dateFormat").set(qn("w:val"), "dd/MM/yyyy")
        child(picker, "w:lid").set(qn("w:val"), "en-NZ")
        child(picker, "w:storeMappedDataAs").set(qn("w:val"), "dateTime")
        child(picker, "w:calendar").set(qn("w:val"), "gregorian")
    elif kind != "rich":
        raise ValueError(f"unknown content control kind {kind!r}")
    body = OxmlElement("w:sdtContent")
    sdt.append(body)
    body.append(content)
    return sdt


def table_caption(table: BaseOxmlElement, caption: str) -> None:
    """Name a table (``w:tblCaption``): screen readers read it, and the app finds it by it."""
    child(table.tblPr, "w:tblCaption").set(qn("w:val"), caption)


def merge_across(cells: list[_Cell]) -> _Cell:
    """One cell spanning ``cells`` (neighbours in a row), holding only the first's text:
    python-docx's merge keeps every merged cell's empty paragraph, which makes the row tall."""
    merged = cells[0].merge(cells[-1])
    for paragraph in merged.paragraphs[1:]:
        if not paragraph.text:
            merged._tc.remove(paragraph._p)
    return merged


def has_row_flag(row: _Row, flag: str) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn(f"w:{flag}")) is not None


def grid_cells(row: _Row) -> list[tuple[int, CT_Tc]]:
    """The row's cells with the grid column each starts in (a cell may span several)."""
    out, column = [], 0
    for tc in row._tr.tc_lst:
        out.append((column, tc))
        column += tc.grid_span
    return out


def cell_at(row: _Row, column: int) -> CT_Tc | None:
    """The cell covering grid ``column`` in ``row`` (None when the row is short)."""
    for start, tc in grid_cells(row):
        if start <= column < start + tc.grid_span:
            return tc
    return None


def drop_column(table: Table, column: int) -> None:
    """Remove grid ``column``: its single cells go, cells spanning it span one fewer, and
    the other columns widen in proportion so the table keeps its width."""
    cols = table._tbl.tblGrid.gridCol_lst
    total = sum(c.w or 0 for c in cols)
    for row in table.rows:
        tc = cell_at(row, column)
        if tc is None:
            continue
        if tc.grid_span > 1:
            tc.grid_span -= 1
        else:
            row._tr.remove(tc)
    table._tbl.tblGrid.remove(cols[column])
    _refit(table, total)


def span_row(table: Table, row: _Row) -> None:
    """Make ``row`` one cell across the whole table, keeping the first cell's content."""
    tcs = row._tr.tc_lst
    for tc in tcs[1:]:
        row._tr.remove(tc)
    tcs[0].grid_span = len(table._tbl.tblGrid.gridCol_lst)
    _refit(table, sum(c.w or 0 for c in table._tbl.tblGrid.gridCol_lst))


def _refit(table: Table, total: int) -> None:
    cols = table._tbl.tblGrid.gridCol_lst
    now = sum(c.w or 0 for c in cols)
    if total and now:
        for c in cols:
            c.w = Length(int((c.w or 0) * total / now))
    widths = [int(c.w or 0) for c in cols]
    for row in table.rows:
        for start, tc in grid_cells(row):
            tc.width = Length(sum(widths[start : start + tc.grid_span]))


def paragraph_after(table: Table) -> Paragraph:
    """A new, empty paragraph straight after ``table``."""
    p = OxmlElement("w:p")
    table._tbl.addnext(p)
    return Paragraph(p, table._parent)
