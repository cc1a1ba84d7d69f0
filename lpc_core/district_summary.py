"""The district summary's tables as cells, and as one Word document and two CSV files
(schools, outcome results), from a ``DistrictSummary`` of plain values.

The desktop's report and the district server's console download both write through
here, so the two files agree column for column. The document is built with python-docx
calls, not a template: nothing anyone typed is ever read as template code, only set as
the text of a cell. CSV cells that a spreadsheet would run as a formula are quoted.
"""

from __future__ import annotations

import copy
import csv
import io
import re
from collections.abc import Sequence

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from app.models.vocabulary import SECURITY_CLASSIFICATION, InterventionLevel, Stage
from app.templates import wordml
from lpc_core.district import DistrictSummary, OutcomeLine, SchoolStatus
from lpc_core.formatting import format_nz_date

SCHOOL_COLUMNS = (
    "School",
    "MoE no.",
    "Area",
    "Cluster",
    "Lead Police Contact",
    "Stage",
    "Status",
    "Intervention level",
    "Suggested level",
    "Needs audit date",
    "Overdue reviews",
    "Overdue activities",
    "Agreement review date",
    "Agreement review due",
    "Profile out of date",
    "Plan reviews in period",
)
OUTCOME_COLUMNS = (
    "School",
    "Outcome",
    "Measure of success",
    "Unit",
    "Baseline",
    "Target",
    "Latest result in period",
    "Measured on",
    "Results in period",
    "Progress to target (%)",
    "Target met",
)
# Columns of the schools table in the document (all of them go to the CSV).
DOC_SCHOOL_COLUMNS = (
    "School",
    "Area",
    "Lead Police Contact",
    "Stage",
    "Status",
    "Intervention level",
    "Overdue reviews",
    "Overdue activities",
    "Agreement review date",
    "Profile out of date",
    "Plan reviews in period",
)
DOC_OUTCOME_COLUMNS = (
    "School",
    "Outcome",
    "Baseline",
    "Target",
    "Latest result in period",
    "Measured on",
    "Target met",
)
SHORT_HEADERS = {"Intervention level": "Level (1–5)"}  # in the document's narrow column
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NAVY = RGBColor(0x12, 0x2B, 0x4A)
RED = RGBColor(0xA3, 0x1F, 0x1F)


# -- cell values, shared by the document and the CSV files --------------------------------
def _num(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _level(level: InterventionLevel | None) -> str:
    return "" if level is None else str(level.value)


def school_cells(summary: DistrictSummary, s: SchoolStatus) -> dict[str, str]:
    level = _level(s.level)
    return {
        "School": s.name,
        "MoE no.": "" if s.moe_number is None else str(s.moe_number),
        "Area": s.area,
        "Cluster": s.cluster,
        "Lead Police Contact": ", ".join(s.officers),
        "Stage": f"{s.stage.value} {s.stage.label}",
        "Status": s.status.label,
        "Intervention level": f"{level}*" if s.level_overridden else level,
        "Suggested level": _level(s.suggested_level),
        "Needs audit date": format_nz_date(s.audited_on),
        "Overdue reviews": str(s.overdue_reviews),
        "Overdue activities": str(s.overdue_activities),
        "Agreement review date": format_nz_date(s.agreement_review_on),
        "Agreement review due": _yes_no(s.agreement_due),
        "Profile out of date": _yes_no(s.profile_out_of_date),
        "Plan reviews in period": str(summary.reviews_in_period.get(s.id, 0)),
    }


def doc_school_cells(summary: DistrictSummary, s: SchoolStatus) -> dict[str, str]:
    """The document's shorter cells: stage as number and SARA step, due reviews marked."""
    cells = school_cells(summary, s)
    cells["Stage"] = f"{s.stage.value} ({s.stage.sara})"
    if s.agreement_due:
        cells["Agreement review date"] += " (due)"
    return cells


def outcome_cells(o: OutcomeLine) -> dict[str, str]:
    return {
        "School": o.school,
        "Outcome": o.description,
        "Measure of success": o.measure,
        "Unit": o.unit,
        "Baseline": _num(o.baseline),
        "Target": _num(o.target),
        "Latest result in period": _num(o.latest.value) if o.latest else "",
        "Measured on": format_nz_date(o.latest.on) if o.latest else "",
        "Results in period": str(o.results_in_period),
        "Progress to target (%)": "" if o.progress is None else f"{o.progress * 100:.0f}",
        "Target met": _yes_no(o.target_met) if o.latest else "No result",
    }


# -- CSV ----------------------------------------------------------------------------------
def _csv_safe(text: str) -> str:
    """A cell a spreadsheet will show, not run: text starting like a formula gets a quote."""
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _csv(columns: Sequence[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_safe(row[c]) for c in columns])
    return out.getvalue().encode("utf-8-sig")  # the BOM lets Excel read macrons right


def schools_csv(summary: DistrictSummary) -> bytes:
    return _csv(SCHOOL_COLUMNS, [school_cells(summary, s) for s in summary.schools])


def outcomes_csv(summary: DistrictSummary) -> bytes:
    return _csv(OUTCOME_COLUMNS, [outcome_cells(o) for o in summary.outcomes])


# -- Word ---------------------------------------------------------------------------------
def _text(value: str) -> str:
    return _XML_UNSAFE.sub("", value)


def _table(
    doc: object,
    columns: Sequence[str],
    rows: list[dict[str, str]],
    widths_cm: Sequence[float],
    flag: Sequence[str] = (),
) -> Table:
    """A table with a shaded header row repeated on each page; rows never split across
    pages; cells of ``flag`` columns holding anything but 0 or "No" are bold."""
    table: Table = doc.add_table(rows=1, cols=len(columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    wordml.row_flag(header, "tblHeader")
    for cell, title in zip(header.cells, columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(SHORT_HEADERS.get(title, title))
        run.bold = True
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        wordml.shade(cell, "122B4A")
    # Word reads the cell widths, LibreOffice the grid's: set both.
    for column_, width in zip(table.columns, widths_cm, strict=True):
        column_.width = Cm(width)
    for cell, width in zip(header.cells, widths_cm, strict=True):
        cell.width = Cm(width)
    if rows:
        _add_rows(table, columns, rows, widths_cm, flag)
    return table


def _add_rows(
    table: Table,
    columns: Sequence[str],
    rows: list[dict[str, str]],
    widths_cm: Sequence[float],
    flag: Sequence[str],
) -> None:
    """Body rows copied from one prototype row: python-docx's per-cell calls cost
    seconds over a district of 2,500 schools; copying the XML costs a fraction."""
    proto = table.add_row()
    wordml.row_flag(proto, "cantSplit")
    for cell, width in zip(proto.cells, widths_cm, strict=True):
        cell.width = Cm(width)
    proto_tr = proto._tr
    tbl = table._tbl
    tbl.remove(proto_tr)
    for row in rows:
        tr = copy.deepcopy(proto_tr)
        for tc, column in zip(tr.iterchildren(qn("w:tc")), columns, strict=True):
            value = _text(row[column]).replace("\n", " ")
            run = OxmlElement("w:r")
            if column in flag and value not in ("", "0", "No"):
                props = OxmlElement("w:rPr")
                props.append(OxmlElement("w:b"))
                colour = OxmlElement("w:color")
                colour.set(qn("w:val"), str(RED))
                props.append(colour)
                run.append(props)
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = value
            run.append(t)
            tc.find(qn("w:p")).append(run)
        tbl.append(tr)


def summary_docx(summary: DistrictSummary) -> bytes:
    doc = wordml.blank_document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    section.header.paragraphs[0].text = SECURITY_CLASSIFICATION
    doc.core_properties.title = f"District summary {summary.period}"

    title = doc.add_heading("District summary", level=0)
    title.runs[0].font.color.rgb = NAVY
    c = summary.counts
    for line in (
        summary.district,
        f"Period: {summary.period}"
        + (f"; stages as in partnership year {summary.year}" if summary.year else ""),
        f"Overdue items and needs audits as at {format_nz_date(summary.as_of)}; "
        f"prepared {format_nz_date(summary.prepared_on)}",
    ):
        if line:
            doc.add_paragraph(_text(line))

    doc.add_heading("At a glance", level=1)
    glance = [
        ("Schools", str(c.schools)),
        *((f"Stage {s.value}: {s.label}", str(c.by_stage[s])) for s in Stage),
        *((s.label, str(n)) for s, n in c.by_status.items()),
        *((lv.title if lv else "No needs audit yet", str(n)) for lv, n in c.by_level.items()),
        ("Overdue plan reviews", str(c.overdue_reviews)),
        ("Overdue plan activities", str(c.overdue_activities)),
        ("Partnership agreement reviews due", str(c.agreements_due)),
        ("School profiles out of date", str(c.profiles_out_of_date)),
    ]
    _table(doc, ("Measure", "Count"), [{"Measure": k, "Count": v} for k, v in glance], (11, 2))

    doc.add_heading("Schools", level=1)
    _table(
        doc,
        DOC_SCHOOL_COLUMNS,
        [doc_school_cells(summary, s) for s in summary.schools],
        (4.0, 2.1, 3.3, 2.3, 2.4, 2.3, 2.0, 2.0, 2.6, 1.8, 1.9),
        flag=("Overdue reviews", "Overdue activities", "Profile out of date"),
    )
    doc.add_paragraph(
        "Intervention level: the level agreed at the latest needs audit (1 is the most "
        "intensive). * marks a level that differs from the one suggested by the audit."
    )

    doc.add_heading("Outcome results", level=1)
    if summary.outcomes:
        _table(
            doc,
            DOC_OUTCOME_COLUMNS,
            [outcome_cells(o) for o in summary.outcomes],
            (4.5, 9.2, 2.0, 2.0, 2.6, 2.4, 2.0),
        )
    else:
        doc.add_paragraph("No agreed outcomes are recorded yet.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
