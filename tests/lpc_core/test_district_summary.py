"""The district summary's files from plain values: the cells a person reads in the
.docx and the CSV, and text that a spreadsheet would run kept as text."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from docx import Document

from app.models.vocabulary import InterventionLevel, PartnershipStatus, Stage
from lpc_core.district import (
    DistrictSummary,
    OutcomePoint,
    OutcomeSeries,
    SchoolStatus,
    count,
    outcome_lines,
    period_as_of,
)
from lpc_core.district_summary import schools_csv, summary_docx

START, END = date(2026, 1, 1), date(2026, 12, 31)


def _school(name: str, area: str, **late: object) -> SchoolStatus:
    values: dict[str, object] = {
        "overdue_reviews": 0,
        "overdue_activities": 0,
        "agreement_due": False,
        "profile_out_of_date": False,
        **late,
    }
    return SchoolStatus(
        id=name,
        name=name,
        moe_number=None,
        area=area,
        cluster="",
        officers=("Const. Aroha Ngata",),
        stage=Stage.ANALYSIS,
        status=PartnershipStatus.ACTIVE,
        level=InterventionLevel(3),
        suggested_level=InterventionLevel(3),
        audited_on=date(2026, 2, 3),
        agreement_review_on=date(2026, 11, 1),
        **values,  # type: ignore[arg-type]
    )


def _summary() -> DistrictSummary:
    schools = [
        _school("Kōwhai Primary", "@SUM(A1:A9)", overdue_reviews=2, profile_out_of_date=True),
        _school("-Rimu School", "North Shore"),
    ]
    series = [
        OutcomeSeries(
            "o1", "Kōwhai Primary", "Fewer stand-downs", "Stand-downs", "", 12, 6,
            (OutcomePoint(date(2025, 6, 1), 10), OutcomePoint(date(2026, 6, 1), 7)),
        )
    ]  # fmt: skip
    names = {s.id: s.name for s in schools}
    return DistrictSummary(
        START, END, date(2026, 11, 24), date(2026, 11, 24), "Waitematā", schools,
        {"Kōwhai Primary": 1}, count(schools), outcome_lines(series, names, START, END),
    )  # fmt: skip


def test_csv_quotes_formulas_and_keeps_figures() -> None:
    text = schools_csv(_summary()).decode("utf-8-sig")
    rows = {r["School"]: r for r in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {"Kōwhai Primary", "'-Rimu School"}
    assert rows["Kōwhai Primary"]["Area"] == "'@SUM(A1:A9)"
    assert rows["Kōwhai Primary"]["Overdue reviews"] == "2"
    assert rows["Kōwhai Primary"]["Profile out of date"] == "Yes"
    assert rows["Kōwhai Primary"]["Plan reviews in period"] == "1"
    assert rows["'-Rimu School"]["Overdue reviews"] == "0"


def test_docx_puts_each_figure_in_its_cell() -> None:
    doc = Document(io.BytesIO(summary_docx(_summary())))
    glance = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows[1:]}
    assert glance["Overdue plan reviews"] == "2"
    assert glance["School profiles out of date"] == "1"
    header = [c.text for c in doc.tables[1].rows[0].cells]
    first = dict(zip(header, (c.text for c in doc.tables[1].rows[1].cells), strict=True))
    assert first["School"] == "Kōwhai Primary" and first["Area"] == "@SUM(A1:A9)"
    assert first["Overdue reviews"] == "2" and first["Profile out of date"] == "Yes"
    outcome = [c.text for c in doc.tables[2].rows[1].cells]
    assert outcome[:5] == ["Kōwhai Primary", "Fewer stand-downs", "12", "6", "7"]


def test_period_must_not_end_before_it_starts() -> None:
    assert period_as_of(START, END, date(2026, 11, 24)) == date(2026, 11, 24)
    assert period_as_of(START, date(2026, 3, 1), date(2026, 11, 24)) == date(2026, 3, 1)
    with pytest.raises(ValueError, match="before it starts"):
        period_as_of(END, START, date(2026, 11, 24))
