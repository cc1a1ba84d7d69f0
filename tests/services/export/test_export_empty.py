"""Documents with nothing to say are left out and reported; tables drop empty columns.

Checked in the files a principal would open: the paragraphs and table cells of the .docx.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.shared import Cm
from docx.table import Table
from export_data import TODAY, add_school, fill_school
from ooxml import assert_valid_docx

from app.cli import main
from app.config import AppPaths
from app.models import SaraPlan
from app.models.vocabulary import ActionHorizon
from app.services.export import DocumentKind, ExportOptions, export_school, export_schools
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork


def _tables(doc: Document, first_header: str) -> list[Table]:
    return [t for t in doc.tables if t.rows[0].cells[0].text == first_header]


def _headers(table: Table) -> list[str]:
    return [c.text for c in table.rows[0].cells]


def _column(table: Table, header: str) -> list[str]:
    index = _headers(table).index(header)
    return [row.cells[index].text for row in table.rows[1:]]


def _width_cm(table: Table, column: int) -> float:
    return float(table._tbl.tblGrid.gridCol_lst[column].w.cm)


def test_an_empty_document_is_left_out_and_the_result_says_why(
    store: Store, tmp_path: Path
) -> None:
    filled = fill_school(store)
    empty = add_school(store, "Empty Valley School")
    with UnitOfWork(store) as uow:  # the empty school has a SARA plan and nothing else
        uow.add(SaraPlan, school_id=empty, title="Gate at home time")
    result = export_schools(store, [filled, empty], ExportOptions(tmp_path, today=TODAY))
    assert len(result.written) == 6
    written = {(f.school_name, f.kind) for f in result.files}
    assert ("Empty Valley School", DocumentKind.SARA) in written
    left = {(item.school_name, item.kind): item.reason for item in result.left_out}
    assert left == {
        ("Empty Valley School", DocumentKind.AGREEMENT): "no agreement recorded yet",
        ("Empty Valley School", DocumentKind.PROFILE): (
            "no profile, agreed outcomes or community organisations recorded yet"
        ),
        ("Empty Valley School", DocumentKind.ANNUAL_PLAN): (
            "no annual plan, response aims or responses recorded yet"
        ),
        ("Empty Valley School", DocumentKind.NARRATIVE): (
            "no narrative, reflection or assessment of an aim recorded yet"
        ),
    }
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("Empty")) == [
        f"Empty Valley School - SARA Problem-Solving Plan {TODAY.year} - 2026-03-02.docx"
    ]
    everything = export_school(
        store, empty, ExportOptions(tmp_path / "all", today=TODAY, include_empty=True)
    )
    assert len(everything.written) == 5 and everything.left_out == []


def test_the_export_command_reports_what_it_left_out(
    store: Store, app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_school(store, "Empty Valley School", moe_number=808)
    args = ["export", "--data-dir", str(app_paths.data_dir), "--school", "808"]
    assert main([*args, "--out", str(tmp_path / "a"), "--doc", "sara"]) == 0
    printed = capsys.readouterr()
    assert printed.out == ""
    assert (
        "left out (empty): Empty Valley School, SARA Problem-Solving Plan: "
        "no SARA plan recorded yet" in printed.err
    )
    assert "--include-empty" in printed.err
    assert not (tmp_path / "a").exists() or not any((tmp_path / "a").iterdir())
    out = tmp_path / "b"
    assert main([*args, "--out", str(out), "--doc", "sara", "--include-empty"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert Path(line).parent == out and Path(line).is_file()


def test_annual_plan_shows_each_activity_horizon(store: Store, tmp_path: Path) -> None:
    sid = fill_school(store, overrides={"PlanActivity": {"horizon": ActionHorizon.LONG_TERM.value}})
    result = export_school(
        store, sid, ExportOptions(tmp_path, (DocumentKind.ANNUAL_PLAN,), today=TODAY)
    )
    doc = docx.Document(str(result.written[0]))
    (activities,) = _tables(doc, "Activity")
    assert _headers(activities) == [
        "Activity", "Steps", "Timeframe", "Horizon", "Resources", "Lead", "Status"
    ]  # fmt: skip
    assert _column(activities, "Horizon") == ["Long term (6 months to 3 years)"] * 2
    assert _column(activities, "Lead") == ["Whaea Mere 1", "Whaea Mere 2"]


def test_a_column_empty_in_every_row_goes_and_is_named_once(store: Store, tmp_path: Path) -> None:
    sid = fill_school(store, overrides={"ResponseAim": {"unit": ""}})
    result = export_school(
        store, sid, ExportOptions(tmp_path, (DocumentKind.NARRATIVE,), today=TODAY)
    )
    path = result.written[0]
    assert_valid_docx(path)
    doc = docx.Document(str(path))
    aims, achieved = _tables(doc, "Aim")
    assert _headers(aims) == ["Aim", "Baseline", "Target"]
    assert _column(aims, "Target") == ["9"]
    text = [p.text for p in doc.paragraphs]
    assert "Nothing recorded yet under Unit." in text
    assert "Not recorded" not in [c.text for row in aims.rows for c in row.cells]
    # The table keeps the width of the text line: the dropped column's room went to the rest.
    assert sum(c.w for c in aims._tbl.tblGrid.gridCol_lst) == pytest.approx(Cm(17.0), rel=0.01)
    assert "Result" in _headers(achieved)


def test_narrative_aims_have_room_to_read_as_sentences(store: Store, tmp_path: Path) -> None:
    sid = fill_school(store)
    result = export_school(
        store, sid, ExportOptions(tmp_path, (DocumentKind.NARRATIVE,), today=TODAY)
    )
    doc = docx.Document(str(result.written[0]))
    aims, achieved = _tables(doc, "Aim")
    assert _column(achieved, "Result") == ["Achieved"]
    # Seven narrow columns gave the aim 3.2 cm, one word a line; now no table has more
    # than four and the aim has at least 5 cm in each.
    for table in (aims, achieved):
        assert len(table.columns) <= 4
        assert _width_cm(table, 0) >= 5.0
