"""The district summary: reopen the .docx with python-docx and read the CSV files back."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document

from app.models import School
from app.services.demo import seed_demo
from app.services.district_report import (
    DOC_OUTCOME_COLUMNS,
    DOC_SCHOOL_COLUMNS,
    OUTCOME_COLUMNS,
    SCHOOL_COLUMNS,
    SHORT_HEADERS,
    build_summary,
    write_district_report,
)
from app.services.export.naming import OverwritePolicy, WriteOutcome
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school

TODAY = date(2026, 11, 24)
START, END = date(2026, 1, 1), date(2026, 11, 24)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _table_rows(table: object) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]  # type: ignore[attr-defined]


def test_report_files_hold_every_school_and_outcome(store: Store, output_dir: Path) -> None:
    seed_demo(store, today=TODAY)
    out = output_dir / "district"
    shutil.rmtree(out, ignore_errors=True)
    files = write_district_report(store, out, START, END, today=TODAY)
    names = sorted(f.path.name for f in files)
    assert names == [
        "District summary 2026-01-01 to 2026-11-24 - outcomes.csv",
        "District summary 2026-01-01 to 2026-11-24 - schools.csv",
        "District summary 2026-01-01 to 2026-11-24.docx",
    ]
    docx_path, schools_path, outcomes_path = (f.path for f in files)

    schools = _csv_rows(schools_path)
    assert list(schools[0]) == list(SCHOOL_COLUMNS)
    assert len(schools) == 30
    by_moe = {row["MoE no."]: row for row in schools}
    # School 9 (MoE 99009) is maintaining at stage 1, its needs at level 5; school 7 is at 1.
    assert by_moe["99009"]["Status"] == "Maintaining at stage 1 by agreement"
    assert by_moe["99009"]["Intervention level"] == "5"
    assert by_moe["99007"]["Intervention level"] == "1"
    # School 11's agreed level (4) differs from the suggested one (5): starred.
    assert (by_moe["99011"]["Intervention level"], by_moe["99011"]["Suggested level"]) == (
        "4*",
        "5",
    )
    assert by_moe["99006"]["Intervention level"] == ""  # no audit yet
    assert sum(int(r["Overdue activities"]) for r in schools) == 4  # short-term ones only
    assert sum(r["Profile out of date"] == "Yes" for r in schools) == 9
    assert by_moe["99000"]["Lead Police Contact"] == "Constable Aroha Ngata"

    outcomes = _csv_rows(outcomes_path)
    assert list(outcomes[0]) == list(OUTCOME_COLUMNS)
    assert len(outcomes) == 24  # one agreed outcome for each of the 24 schools with stage 1 done
    measured = [o for o in outcomes if o["Latest result in period"]]
    assert measured and all(o["Target met"] in ("Yes", "No") for o in measured)
    for o in measured:
        day, month, year = (int(x) for x in o["Measured on"].split("/"))
        assert START <= date(year, month, day) <= END

    doc = Document(str(docx_path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "District summary" in text
    assert "Period: 01/01/2026 to 24/11/2026" in text
    assert "Te Awa Roa (fictional demo district)" in text
    assert doc.sections[0].header.paragraphs[0].text == "IN-CONFIDENCE"
    glance, school_table, outcome_table = doc.tables
    glance_rows = dict((r[0], r[1]) for r in _table_rows(glance)[1:])
    assert glance_rows["Schools"] == "30"
    assert glance_rows["Stage 4: Achievement of goals"] == "10"
    assert glance_rows["Level 1: Intensive (dedicated officer and project team)"] == "2"
    assert glance_rows["No needs audit yet"] == "4"
    assert glance_rows["Overdue plan activities"] == "4"
    rows = _table_rows(school_table)
    assert rows[0] == [SHORT_HEADERS.get(c, c) for c in DOC_SCHOOL_COLUMNS]
    assert "Level (1–5)" in rows[0]
    assert len(rows) == 31
    csv_first = schools[0]
    doc_first = dict(zip(DOC_SCHOOL_COLUMNS, rows[1], strict=True))
    for column in DOC_SCHOOL_COLUMNS:  # the same values as the CSV, shortened in two columns
        if column == "Stage":
            assert doc_first[column] == csv_first[column].split()[0] + " (Scan)"
        elif column == "Agreement review date":
            assert doc_first[column].startswith(csv_first[column])
        else:
            assert doc_first[column] == csv_first[column]
    due = [r for r in rows[1:] if r[8].endswith("(due)")]
    assert len(due) == 10
    orows = _table_rows(outcome_table)
    assert orows[0] == list(DOC_OUTCOME_COLUMNS)
    assert len(orows) == 25


def test_period_limits_outcome_results_and_reviews(store: Store) -> None:
    seed_demo(store, count=5, today=TODAY)
    with store.session() as session:
        whole = build_summary(session, START, END, today=TODAY)
        early = build_summary(session, date(2020, 1, 1), date(2020, 12, 31), today=TODAY)
    assert sum(whole.reviews_in_period.values()) >= 1
    assert early.reviews_in_period == {}
    assert all(o.latest is None and o.results_in_period == 0 for o in early.outcomes)
    assert early.as_of == date(2020, 12, 31)
    assert all(s.level is None for s in early.schools)  # no audit had been done by then
    with pytest.raises(ValueError, match="ends"), store.session() as session:
        build_summary(session, END, START, today=TODAY)


def test_typed_text_is_data_in_both_files(store: Store, tmp_path: Path) -> None:
    school = add_school(store, '=HYPERLINK("x") {{ 7*7 }} & <b>Kura</b>', area="-Awa")
    with UnitOfWork(store) as uow:
        uow.update(uow.get(School, school), cluster="@cluster")
    files = write_district_report(store, tmp_path, START, END, today=TODAY)
    rows = _csv_rows(files[1].path)
    assert rows[0]["School"] == '\'=HYPERLINK("x") {{ 7*7 }} & <b>Kura</b>'
    assert rows[0]["Area"] == "'-Awa" and rows[0]["Cluster"] == "'@cluster"
    doc = Document(str(files[0].path))
    assert doc.tables[1].rows[1].cells[0].text == '=HYPERLINK("x") {{ 7*7 }} & <b>Kura</b>'


def test_existing_files_are_kept_unless_told(store: Store, tmp_path: Path) -> None:
    add_school(store)
    first = write_district_report(store, tmp_path, START, END, today=TODAY)
    again = write_district_report(store, tmp_path, START, END, today=TODAY)
    assert again[0].path.name == "District summary 2026-01-01 to 2026-11-24 (2).docx"
    skipped = write_district_report(
        store, tmp_path, START, END, today=TODAY, policy=OverwritePolicy.SKIP
    )
    assert all(f.outcome is WriteOutcome.SKIPPED for f in skipped)
    replaced = write_district_report(
        store,
        tmp_path,
        START,
        END,
        today=TODAY + timedelta(days=1),
        policy=OverwritePolicy.OVERWRITE,
    )
    assert [f.path for f in replaced] == [f.path for f in first]
    assert not list(tmp_path.glob("*.part"))
