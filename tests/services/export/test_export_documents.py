"""What an officer sees in the exported Word documents, checked by reopening each file."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.table import Table
from export_data import TODAY, add_school, fill_school

from app.models import PlanActivity
from app.services.export import DocumentKind, ExportOptions, export_school, render_document
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork


def _export_all(
    store: Store, school_id: str, out: Path, include_empty: bool = False
) -> dict[DocumentKind, Document]:
    options = ExportOptions(out, today=TODAY, include_empty=include_empty)
    result = export_school(store, school_id, options)
    assert len(result.written) == 5
    return {f.kind: docx.Document(str(f.path)) for f in result.files}


def _table(doc: Document, first_header: str, header: str | None = None) -> Table:
    """The table whose header row starts with ``first_header`` (and has ``header``)."""
    for table in doc.tables:
        titles = [c.text for c in table.rows[0].cells]
        if titles[0] == first_header and (header is None or header in titles):
            return table
    raise AssertionError(f"no table headed {first_header!r}")


def _column(table: Table, header: str) -> list[str]:
    index = [c.text for c in table.rows[0].cells].index(header)
    return [row.cells[index].text for row in table.rows[1:]]


def _detail(doc: Document, label: str) -> str:
    for table in doc.tables:
        for row in table.rows:
            if row.cells[0].text == label:
                return str(row.cells[1].text)
    raise AssertionError(f"no detail row {label!r}")


def _after_heading(doc: Document, heading: str) -> str:
    paragraphs = doc.paragraphs
    for i, paragraph in enumerate(paragraphs):
        if paragraph.style.name.startswith("Heading") and paragraph.text == heading:  # type: ignore[union-attr]
            return str(paragraphs[i + 1].text)
    raise AssertionError(f"no heading {heading!r}")


def _header_footer_text(doc: Document) -> tuple[str, str]:
    section = doc.sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs)
    footer = "\n".join(p.text for p in section.footer.paragraphs)
    return header, footer


@pytest.fixture
def exported(store: Store, tmp_path: Path) -> dict[DocumentKind, Document]:
    return _export_all(store, fill_school(store), tmp_path / "out")


def test_every_document_has_school_date_and_classification_in_header_and_footer(
    exported: dict[DocumentKind, Document],
) -> None:
    for kind, doc in exported.items():
        header, footer = _header_footer_text(doc)
        assert "IN-CONFIDENCE" in header and "IN-CONFIDENCE" in footer, kind
        assert "Kōwhai Grove School" in header and "Kōwhai Grove School" in footer
        assert "02/03/2026" in header and kind.info.title in header
        fields = doc.sections[0].footer._element.xml
        assert " PAGE " in fields and " NUMPAGES " in fields


def test_agreement_puts_each_field_where_it_belongs(
    exported: dict[DocumentKind, Document],
) -> None:
    doc = exported[DocumentKind.AGREEMENT]
    assert _detail(doc, "Review date") == "10/02/2026"
    assert _detail(doc, "Date agreed") == "10/02/2025"
    assert _detail(doc, "Address") == "12 Rātā Street, Ōtautahi Christchurch"
    assert _after_heading(doc, "Purpose of the partnership") == (
        "Keep students safe on the way to and from school."
    )
    commitments = _table(doc, "Who")
    assert _column(commitments, "Who") == ["Police", "Police", "The school"]
    assert _column(commitments, "Commitment") == [
        "Share termly crime data",
        "Attend assemblies",
        "Report serious incidents the same day",
    ]
    contacts = _table(doc, "Name", "Role")
    # Grouped by party: a row across the table names each group before its contacts.
    assert _column(contacts, "Role")[1] == "Lead Police Contact"
    assert _column(contacts, "Phone") == [
        "New Zealand Police", "021 555 0102", "The school", "Not recorded"
    ]  # fmt: skip
    signatures = _table(doc, "For New Zealand Police")
    # Each signatory's block opens with who they sign as, then their name.
    assert signatures.rows[1].cells[0].paragraphs[1].text == "Inspector Rawiri Kingi"
    assert signatures.rows[1].cells[1].paragraphs[1].text == "Ngaire Brown"


def test_annual_plan_activities_table(exported: dict[DocumentKind, Document]) -> None:
    doc = exported[DocumentKind.ANNUAL_PLAN]
    activities = _table(doc, "Activity", "Lead")
    assert _column(activities, "Lead") == ["Whaea Mere 1", "Whaea Mere 2"]
    assert _column(activities, "Status") == ["In progress", "In progress"]
    assert _column(activities, "Timeframe")[0] == "02/03/2026 – 10/04/2026"
    assert _column(activities, "Steps")[0] == "Draft roster\nAgree with staff"  # line break kept
    aims = _table(doc, "Aim", "Due by")
    assert _column(aims, "Due by") == ["11/12/2026"]
    assert _column(aims, "Baseline") == ["18"]
    responses = _table(doc, "Response", "Aim it serves")
    assert _column(responses, "Response") == ["Safety education: Kia Kaha"]
    assert _column(responses, "Aim it serves") == [
        "Halve bullying reports at the bus stop by term 4"
    ]


def test_profile_sara_and_narrative_content(exported: dict[DocumentKind, Document]) -> None:
    profile = exported[DocumentKind.PROFILE]
    assert _detail(profile, "Stand-downs this year") == "6"
    assert _detail(profile, "Regular attendance (%)") == "87.5"
    assert _detail(profile, "Victimisation") == "Not recorded"
    assert _detail(profile, "Partnership stage") == "3 · Response (SARA: Respond)"
    assert _after_heading(profile, "Agreed priorities") == "Bus stop safety\nSafer crossings"
    outcomes = _table(profile, "Outcome")
    assert _column(outcomes, "Target") == ["9"]
    sara = exported[DocumentKind.SARA]
    assert _after_heading(sara, "Theories") == "No adults are present after the bell"
    narrative = exported[DocumentKind.NARRATIVE]
    aims = _table(narrative, "Aim", "Result")
    assert _column(aims, "Result") == ["Achieved"]
    assert _column(aims, "Measured (date)") == ["8\n01/12/2026"]
    assert _after_heading(narrative, "What we would do differently") == (
        "Start the roster in term 1"
    )


def test_text_typed_by_an_officer_is_printed_never_run(store: Store, tmp_path: Path) -> None:
    hostile = "{{ 7*7 }} {% for x in y %}loop{% endfor %} Tom & Jerry <b>bold</b> ]]>"
    sid = fill_school(
        store,
        "Rock & Roll <High> School",
        overrides={
            "SaraPlan": {"problem_statement": hostile},
            "PlanActivity": {"lead": "{{ school.name }}"},
        },
    )
    docs = _export_all(store, sid, tmp_path / "out")
    sara = docs[DocumentKind.SARA]
    assert _after_heading(sara, "Problem statement") == hostile
    assert "49" not in "\n".join(p.text for p in sara.paragraphs)
    header, _ = _header_footer_text(sara)
    assert "Rock & Roll <High> School" in header
    plan = docs[DocumentKind.ANNUAL_PLAN]
    assert _column(_table(plan, "Activity", "Lead"), "Lead")[0] == "{{ school.name }}"


def test_macrons_survive_in_content_and_file_names(store: Store, tmp_path: Path) -> None:
    sid = fill_school(
        store,
        "Te Kura o Ōtautahi",
        overrides={"School": {"district": "Te Whanganui-a-Tara Wellington"}},
    )
    result = export_school(store, sid, ExportOptions(tmp_path, today=TODAY))
    names = sorted(p.name for p in result.written)
    assert "Te Kura o Ōtautahi - Partnership Agreement 2026 - 2026-03-02.docx" in names
    doc = docx.Document(str(result.written[0]))
    assert _detail(doc, "Police district") == "Te Whanganui-a-Tara Wellington"
    assert "Te Kura o Ōtautahi" in _header_footer_text(doc)[0]


def test_empty_fields_and_lists_print_not_recorded(store: Store, tmp_path: Path) -> None:
    docs = _export_all(store, add_school(store, "Empty Valley School"), tmp_path, True)
    agreement = docs[DocumentKind.AGREEMENT]
    assert _after_heading(agreement, "Purpose of the partnership") == "Not recorded"
    assert _detail(agreement, "Review date") == "Not recorded"
    assert _column(_table(agreement, "Who"), "Who") == ["Not recorded"]
    plan = docs[DocumentKind.ANNUAL_PLAN]
    activities = _table(plan, "Activity", "Lead")
    # An empty list says so once, in one cell across the table under its headings.
    assert len(activities.rows) == 2 and len(activities.rows[1]._tr.tc_lst) == 1
    assert activities.rows[1].cells[0].text == "Not recorded"
    for kind, doc in docs.items():
        text = "\n".join(p.text for p in doc.paragraphs)
        assert "{{" not in text and "{%" not in text, kind


def test_deleted_rows_are_left_out(store: Store, tmp_path: Path) -> None:
    sid = fill_school(store)
    with UnitOfWork(store) as uow:
        first = uow.session.query(PlanActivity).filter_by(lead="Whaea Mere 1").one()
        uow.delete(first)
    docs = _export_all(store, sid, tmp_path)
    leads = _column(_table(docs[DocumentKind.ANNUAL_PLAN], "Activity", "Lead"), "Lead")
    assert leads == ["Whaea Mere 2"]


def test_render_document_returns_a_word_file_without_writing(store: Store) -> None:
    data = render_document(store, fill_school(store), DocumentKind.SARA)
    assert data[:2] == b"PK"


def _subtitle(doc: Document) -> str:
    """The grey line under the school's name (kicker, title, school, subtitle)."""
    return str(doc.paragraphs[3].text)


def test_subtitles_read_well_whether_or_not_the_record_exists(store: Store, tmp_path: Path) -> None:
    filled = _export_all(store, fill_school(store), tmp_path / "filled")
    assert _subtitle(filled[DocumentKind.PROFILE]).startswith("Profile for 2026 · prepared ")
    assert _subtitle(filled[DocumentKind.SARA]) == "Bus stop bullying"
    assert _subtitle(filled[DocumentKind.ANNUAL_PLAN]) == "Plan year 2026 · agreed 24/02/2026"
    assert _subtitle(filled[DocumentKind.NARRATIVE]) == (
        "Safer afternoons at the bus stop · written 05/12/2026"
    )
    empty = _export_all(store, add_school(store, "Empty Valley School"), tmp_path / "e", True)
    assert _subtitle(empty[DocumentKind.PROFILE]) == "Profile not recorded yet"
    assert _subtitle(empty[DocumentKind.SARA]) == "Plan not recorded yet"
    assert _subtitle(empty[DocumentKind.ANNUAL_PLAN]) == "Plan not recorded yet"
    assert _subtitle(empty[DocumentKind.NARRATIVE]) == "Narrative not recorded yet"
    for kind, doc in empty.items():
        assert "Not recorded ·" not in _subtitle(doc), kind
