"""Regenerate the five built-in Word templates: ``python -m app.templates.build_templates``.

The templates are generated rather than hand-edited so their look stays consistent, their
placeholders can only be names from the registry (``app.templates.fields``), and a change of
house style is one edit here. The generated .docx files are committed beside this script.
Every sentence of explanatory text below is the project's own wording.

Word repairs a file whose XML is out of the schema's order, so every element python-docx has
no call for is added through ``app.templates.wordml``; the tests validate what this
script makes (``tests/templates/test_template_ooxml.py``).
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from app.files import atomic_write_bytes
from app.paths import templates_dir
from app.templates import wordml
from app.templates.content import CONTENT, Writer
from app.templates.fields import NOT_RECORDED, PLACEHOLDERS, USES, DocumentKind
from app.templates.sections import SECTION_BY_NAME

NAVY = RGBColor(0x12, 0x2B, 0x4A)
GREY = RGBColor(0x55, 0x5F, 0x6B)
RED = RGBColor(0xA3, 0x1F, 0x1F)
HEADER_FILL = "122B4A"
LABEL_FILL = "E8EDF3"
RULE = "9AA8B8"
FONT = "Arial"
TEXT_WIDTH = Cm(17.0)  # A4 less 2 cm margins each side
# The narrowest a table column may be: "recorded" (of "Not recorded", printed in any empty
# cell) must fit on one line at 9.5 pt with the cell's margins, so it never breaks mid-word,
# even in DejaVu Sans, the wide font LibreOffice falls back to where Arial is missing. A
# column of dates needs about 2.6 cm for a whole dd/mm/yyyy.
MIN_COLUMN = Cm(2.1)
SIGN_LINE = "Signature: ______________________________"
DATE_LINE = "Date: ______ / ______ / __________"

Signatory = tuple[str, str, str, str]
"""(caption, name placeholder, role placeholder or "", words printed when an optional
signatory's name is blank; "" when the signatory is required)."""


def _set_fonts(rpr_parent: object, size: float | None = None) -> None:
    """Name the font for every script and drop theme fonts, which would otherwise win."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = wordml.child(rpr, "w:rFonts")
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    wordml.child(rpr, "w:lang").set(qn("w:val"), "en-NZ")


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) so page numbers are computed by Word or LibreOffice."""
    for kind in ("begin", None, "separate", "text", "end"):
        run = paragraph.add_run()
        if kind == "text":
            run.text = placeholder
            continue
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)


class TemplateBuilder:
    """Writes one document; every placeholder goes through ``ph`` so it is checked."""

    def __init__(self, kind: DocumentKind) -> None:
        self.kind = kind
        self.doc: DocxDocument = wordml.blank_document()
        self.used: set[str] = set()
        self._styles()
        self._page()

    # -- placeholders -------------------------------------------------------------------
    def ph(self, name: str) -> str:
        if name not in USES[self.kind]:
            raise KeyError(f"{name} is not registered for {self.kind.value} in fields.USES")
        self.used.add(name)
        placeholder = PLACEHOLDERS[name]
        section = SECTION_BY_NAME.get(placeholder.section)
        if section is not None and section.is_list:
            return f"{{{{ {section.loop_var}.{placeholder.field} }}}}"
        return f"{{{{ {name} }}}}"

    def if_recorded(self, name: str, then: str, otherwise: str = "") -> str:
        """Jinja printing ``then`` when ``name`` has a value, else ``otherwise``: for lines
        such as a subtitle, where "Not recorded" in mid-sentence would read badly."""
        self.ph(name)  # registers the use
        return f'{{% if {name} != "{NOT_RECORDED}" %}}{then}{{% else %}}{otherwise}{{% endif %}}'

    @staticmethod
    def label(name: str) -> str:
        return PLACEHOLDERS[name].meaning

    # -- page furniture -----------------------------------------------------------------
    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(10.5)
        normal.font.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15
        _set_fonts(normal.element)
        for name, size, before in (("Heading 1", 14, 16), ("Heading 2", 11.5, 10)):
            style = styles[name]
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.color.rgb = NAVY
            style.paragraph_format.space_before = Pt(before)
            style.paragraph_format.space_after = Pt(4)
            _set_fonts(style.element)
        for name in ("Header", "Footer"):  # one right-aligned stop at the text's edge
            stops = styles[name].paragraph_format.tab_stops
            stops.clear_all()
            stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
            _set_fonts(styles[name].element)
        title = styles["Title"]
        title.font.size = Pt(24)
        title.font.color.rgb = NAVY
        title.paragraph_format.space_after = Pt(2)
        _set_fonts(title.element)
        # The Title style carries a bottom border in the default template; keep the page calm.
        p_pr = title.element.find(qn("w:pPr"))
        if p_pr is not None:
            for border in p_pr.findall(qn("w:pBdr")):
                p_pr.remove(border)

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.0))
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
        assert section.start_type == WD_SECTION.NEW_PAGE
        header = section.header.paragraphs[0]
        self._small(header, self.ph("classification"), bold=True, color=RED)
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line = section.header.add_paragraph(style=self.doc.styles["Header"])
        self._small(line, self.ph("school.name"), bold=True)
        self._small(line, " · " + self.ph("document_title"))
        self._small(line, "\t" + self.ph("exported_on"))
        wordml.border(line, "bottom", RULE)
        footer = section.footer.paragraphs[0]
        wordml.border(footer, "top", RULE)
        self._small(footer, self.ph("school.name") + " · produced " + self.ph("exported_on"))
        self._small(footer, "\tPage ")
        _field(footer, "PAGE", "1")
        self._small(footer, " of ")
        _field(footer, "NUMPAGES", "1")
        for run in footer.runs:
            run.font.size, run.font.color.rgb = Pt(8.5), GREY
        mark = section.footer.add_paragraph(style=self.doc.styles["Footer"])
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._small(mark, self.ph("classification"), bold=True, color=RED)
        core = self.doc.core_properties
        core.title = self.kind.info.title
        core.subject = "Police-School Partnership"
        core.author = "Lead Police Contact"
        core.comments = "Generated from the LPC Partnerships built-in template."
        core.keywords = ""

    @staticmethod
    def _small(
        paragraph: Paragraph, text: str, *, bold: bool = False, color: RGBColor = GREY
    ) -> None:
        for i, part in enumerate(text.split("\t")):
            if i:
                paragraph.add_run().add_tab()
            run = paragraph.add_run(part)
            run.font.size, run.font.bold, run.font.color.rgb = Pt(8.5), bold, color
        paragraph.paragraph_format.space_after = Pt(2)

    # -- body blocks --------------------------------------------------------------------
    def title_block(self, subtitle: str) -> None:
        info = self.kind.info
        kicker = self.doc.add_paragraph()
        run = kicker.add_run(
            f"Police–School Partnership · Stage {info.stage.value}: {info.stage.label} "
            f"(SARA: {info.stage.sara})"
        )
        run.font.size, run.font.bold, run.font.color.rgb = Pt(8.5), True, GREY
        kicker.paragraph_format.space_after = Pt(0)
        self.doc.add_paragraph(info.title, style="Title")
        sub = self.doc.add_paragraph()
        run = sub.add_run(self.ph("school.name"))
        run.font.size, run.font.bold, run.font.color.rgb = Pt(15), True, NAVY
        sub.paragraph_format.space_after = Pt(2)
        if subtitle:
            self.text(subtitle, color=GREY)

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level=level)

    def text(self, text: str, *, italic: bool = False, color: RGBColor | None = None) -> None:
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(text)
        run.italic = italic
        if color is not None:
            run.font.color.rgb = color

    def field_text(self, name: str, heading: str | None = None, level: int = 1) -> None:
        """A long-text field under its own heading (the field's label unless given)."""
        self.heading(heading or self.label(name), level)
        self.text(self.ph(name))

    def _table(self, columns: int, widths: Sequence[float]) -> Table:
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(widths)
        narrow = [w for w in widths if TEXT_WIDTH * w / total < MIN_COLUMN]
        if narrow:
            raise ValueError(
                f"{self.kind.value}: a column of weight {narrow[0]} of {total} is narrower than "
                f"{MIN_COLUMN.cm:.1f} cm, so “{NOT_RECORDED}” would break mid-word"
            )
        for i, w in enumerate(widths):
            table.columns[i].width = int(TEXT_WIDTH * w / total)
        return table

    def _row(self, table: Table, texts: Sequence[str], widths: Sequence[float]) -> list[_Cell]:
        row = table.add_row()
        wordml.row_flag(row, "cantSplit")
        cells = row.cells
        total = sum(widths)
        for cell, text, w in zip(cells, texts, widths, strict=True):
            cell.width = int(TEXT_WIDTH * w / total)
            for i, line in enumerate(text.split("\n")):
                paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                paragraph.paragraph_format.space_after = Pt(1)
                run = paragraph.add_run(line)
                run.font.size = Pt(9.5)
        return cells

    def _header_row(self, table: Table, titles: Sequence[str], widths: Sequence[float]) -> None:
        cells = self._row(table, titles, widths)
        wordml.row_flag(table.rows[-1], "tblHeader")
        for cell in cells:
            wordml.shade(cell, HEADER_FILL)
            for run in cell.paragraphs[0].runs:
                run.font.bold, run.font.color.rgb = True, RGBColor(0xFF, 0xFF, 0xFF)
                run.font.size = Pt(9)

    def details(self, names: Sequence[str], labels: dict[str, str] | None = None) -> None:
        """A two-column table of label and value for one record's short fields."""
        widths = (1.0, 2.2)
        table = self._table(2, widths)
        for name in names:
            label = (labels or {}).get(name, self.label(name))
            cells = self._row(table, (label, self.ph(name)), widths)
            wordml.shade(cells[0], LABEL_FILL)
            cells[0].paragraphs[0].runs[0].font.bold = True
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)

    def loop_table(
        self, section: str, columns: Sequence[tuple[str, str, float]], group: str = ""
    ) -> None:
        """A table with a header row and one row per list item (a docxtpl row loop).

        With ``group`` (a field the list is sorted by), a shaded row across the table
        names each group before its first item: contacts under "New Zealand Police"."""
        alias = SECTION_BY_NAME[section].loop_var
        widths = [w for _, _, w in columns]
        table = self._table(len(columns), widths)
        self._header_row(table, [title for title, _, _ in columns], widths)
        blank = [""] * (len(columns) - 1)
        self._row(table, [f"{{%tr for {alias} in {section} %}}", *blank], widths)
        if group:
            self._row(table, [f"{{%tr if loop.changed({alias}.{group}) %}}", *blank], widths)
            heading = self._row(table, [self.ph(f"{section}[].{group}"), *blank], widths)
            label = wordml.merge_across(heading)
            wordml.shade(label, LABEL_FILL)
            label.paragraphs[0].runs[0].font.bold = True
            self._row(table, ["{%tr endif %}", *blank], widths)
        texts = []
        for _, fields, _ in columns:
            parts = [self.ph(f"{section}[].{f}") for f in fields.split("+")]
            texts.append("\n".join(parts))
        self._row(table, texts, widths)
        self._row(table, ["{%tr endfor %}", *blank], widths)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)

    def signatures(self, columns: Sequence[tuple[str, Sequence[Signatory]]]) -> None:
        """Side-by-side blocks, one column per party, each signatory with a line to sign
        on and a line for the date, so the printed copy is what people sign."""
        widths = [1.0] * len(columns)
        # Keep the heading and its sentence on the page the blocks start on.
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        table = self._table(len(columns), widths)
        self._header_row(table, [party for party, _ in columns], widths)
        depth = max(len(people) for _, people in columns)
        for i in range(depth):
            texts = []
            for _, people in columns:
                texts.append(self._signatory(people[i]) if i < len(people) else "")
            for cell in self._row(table, texts, widths):
                if cell.paragraphs[0].runs:
                    cell.paragraphs[0].runs[0].font.bold = True
        for row in table.rows[:2]:  # the header row stays with the first blocks
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)

    def _signatory(self, who: Signatory) -> str:
        caption, name, role, optional = who
        lines = [caption]
        lines.append(self.if_recorded(name, self.ph(name), optional) if optional else self.ph(name))
        lines.append(self.ph(role) if role else "")  # a blank keeps the lines level across
        return "\n".join([*lines, "", SIGN_LINE, "", DATE_LINE])

    # -- assembling ---------------------------------------------------------------------
    def build(self, write: Writer) -> DocxDocument:
        write(self)
        missing = set(USES[self.kind]) - self.used
        if missing:
            raise RuntimeError(f"{self.kind.value}: registry names unused: {sorted(missing)}")
        return self.doc


def _stable_zip(data: bytes) -> bytes:
    """The same .docx bytes on every run (fixed entry times), so git shows real changes only."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(item.filename))
    return out.getvalue()


def build(kind: DocumentKind, folder: Path) -> Path:
    target = folder / kind.info.template_file
    buffer = io.BytesIO()
    TemplateBuilder(kind).build(CONTENT[kind]).save(buffer)
    atomic_write_bytes(target, _stable_zip(buffer.getvalue()))
    return target


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for kind in DocumentKind:
        print(build(kind, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
