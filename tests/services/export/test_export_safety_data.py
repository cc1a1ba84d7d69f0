"""An officer's perception surveys and Police data rows print in the School Profile: each
in its own table, one row per record, with the profile's year deciding which surveys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
from docx.table import Table
from export_data import TODAY, fill_school

from app.models import PoliceDataRow, SafetySurvey, SchoolProfile
from app.models.vocabulary import RespondentGroup
from app.services.export import DocumentKind, ExportOptions, export_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.ooxml import assert_valid_docx

SURVEYS = [
    {
        "surveyed_on": date(2026, 3, 9),
        "respondents": RespondentGroup.STUDENTS.value,
        "respondent_count": 212,
        "safe_at_school": 87.5,
        "safe_travelling": 64.0,
        "unsafe_places": "The bus stop on Kōwhai Road after school",
        "notes": "Years 9 and 10, anonymous",
    },
    {
        "surveyed_on": date(2026, 5, 18),
        "respondents": RespondentGroup.PARENTS_WHANAU.value,
        "respondent_count": 56,
        "safe_at_school": 92.0,
        "safe_travelling": 58.0,
        "unsafe_places": "Pick-up on Rātā Street",
        "notes": "Asked at the whānau hui",
    },
]
OLD_SURVEY = {  # last year's: not this profile's
    "surveyed_on": date(2025, 9, 1),
    "respondents": RespondentGroup.STAFF.value,
    "respondent_count": 31,
    "safe_at_school": 79.0,
}
POLICE_ROWS = [
    {
        "period": "Term 1 2026",
        "area": "Within 500 m of the school",
        "category": "Theft from cars",
        "count": 14,
        "notes": "Weekday afternoons",
    },
    {
        "period": "Jan-Jun 2026",
        "area": "Rātā Street crossing",
        "category": "Crashes involving young people",
        "count": 2,
        "notes": "",
    },
]


def _table(doc: docx.document.Document, first_header: str, second: str) -> Table:
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] == [first_header, second]:
            return table
    raise AssertionError(f"no table headed {first_header}, {second}")


def test_surveys_and_police_data_rows_print_in_the_profile(store: Store, tmp_path: Path) -> None:
    school_id = fill_school(store)
    with UnitOfWork(store) as uow:
        profile = uow.session.query(SchoolProfile).one()
        for values in (*SURVEYS, OLD_SURVEY):
            uow.add(SafetySurvey, school_id=school_id, **values)
        for values in POLICE_ROWS:
            uow.add(PoliceDataRow, school_id=school_id, profile_id=profile.id, **values)
    result = export_school(store, school_id, ExportOptions(tmp_path / "out", today=TODAY))
    path = next(f.path for f in result.files if f.kind is DocumentKind.PROFILE)
    assert_valid_docx(path, "profile")
    doc = docx.Document(str(path))

    surveys = _table(doc, "Date", "Group")
    assert [c.text for c in surveys.rows[0].cells] == [
        "Date",
        "Group",
        "Number",
        "Safe at school (%)",
        "Safe to and from school (%)",
        "Where they feel unsafe",
        "Notes",
    ]
    assert [[c.text for c in row.cells] for row in surveys.rows[1:]] == [
        ["09/03/2026", "Students", "212", "87.5", "64", "The bus stop on Kōwhai Road after "
         "school", "Years 9 and 10, anonymous"],
        ["18/05/2026", "Parents and whānau", "56", "92", "58", "Pick-up on Rātā Street",
         "Asked at the whānau hui"],
    ]  # fmt: skip

    police = _table(doc, "Period", "Area")
    assert [c.text for c in police.rows[0].cells] == [
        "Period",
        "Area",
        "Offence or harm",
        "Count",
        "Notes",
    ]
    rows = [[c.text for c in row.cells] for row in police.rows[1:]]
    assert rows[0] == [
        "Term 1 2026",
        "Within 500 m of the school",
        "Theft from cars",
        "14",
        "Weekday afternoons",
    ]
    assert rows[1][:4] == ["Jan-Jun 2026", "Rātā Street crossing", "Crashes involving young "
                           "people", "2"]  # fmt: skip
    assert len(rows) == 2
    # The free-text Police data is still printed beside the table.
    texts = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "14 thefts from cars near the gate" in texts


def test_a_profile_with_no_surveys_or_rows_says_so(store: Store, tmp_path: Path) -> None:
    school_id = fill_school(store)
    result = export_school(store, school_id, ExportOptions(tmp_path / "out", today=TODAY))
    path = next(f.path for f in result.files if f.kind is DocumentKind.PROFILE)
    assert_valid_docx(path, "profile")
    doc = docx.Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style and p.style.name.startswith("Heading")]
    assert "Perceptions of safety surveys" in headings
    assert "Police data by period, area and category" in headings
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert cells.count("Not recorded") >= 2
