"""Every Word file the app writes opens in Word without a repair: each document of a demo
school at each stage, a district's own template, awkward typed text, the district summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from export_data import TODAY, fill_school
from sqlalchemy import select

from app.models.years import PartnershipYear
from app.services.demo import seed_demo
from app.services.district_report import write_district_report
from app.services.export import (
    DocumentKind,
    ExportOptions,
    export_school,
    export_schools,
    render_document,
)
from app.services.store import Store
from tests.ooxml import assert_valid_docx, docx_errors
from tests.templates.district_copies import district_copy

DEMO_SCHOOLS = 10  # the demo's first ten cover every stage, and maintaining at stage 1


def _one_school_per_stage_and_status(store: Store) -> dict[str, str]:
    """A school for each of stage 1 to 4 (stage 4 in progress and completed) and for
    maintaining at stage 1 by agreement."""
    chosen: dict[str, str] = {}
    with store.sessions() as session:
        for p in session.scalars(select(PartnershipYear).order_by(PartnershipYear.school_id)):
            done = " completed" if p.stage4_completed_on else ""
            chosen.setdefault(f"stage {p.stage} {p.status}{done}", p.school_id)
    return chosen


def test_every_document_of_a_demo_school_at_each_stage_is_valid(
    store: Store, tmp_path: Path
) -> None:
    seed_demo(store, count=DEMO_SCHOOLS)  # as of today: its stage rules use the date
    chosen = _one_school_per_stage_and_status(store)
    assert {key.split()[1] for key in chosen} == {"1", "2", "3", "4"}, chosen
    assert {"stage 1 maintaining", "stage 4 active completed"} <= set(chosen), chosen
    result = export_schools(
        store, list(chosen.values()), ExportOptions(tmp_path, include_empty=True)
    )
    assert len(result.written) == 5 * len(chosen)
    errors = {path.name: docx_errors(path) for path in result.written}
    assert not {name: found for name, found in errors.items() if found}


def test_district_summary_report_is_valid(store: Store, tmp_path: Path) -> None:
    seed_demo(store, count=DEMO_SCHOOLS)  # as of today: its stage rules use the date
    today = date.today()
    written = write_district_report(store, tmp_path, date(today.year, 1, 1), today)
    reports = [w.path for w in written if w.path.suffix == ".docx"]
    assert len(reports) == 1
    assert_valid_docx(reports[0])


def test_typed_text_with_line_breaks_and_markup_stays_valid(store: Store, tmp_path: Path) -> None:
    awkward = "Line one\nLine two & <b>three</b> {{ 7*7 }} “quoted” – mā tātou"
    sid = fill_school(
        store,
        "Te Kura o <Ōtautahi> & Rātā",
        overrides={"PartnershipAgreement": {"purpose": awkward, "parties": awkward}},
    )
    result = export_school(store, sid, ExportOptions(tmp_path, today=TODAY))
    assert len(result.written) == 5
    for path in result.written:
        assert_valid_docx(path)
    preview = render_document(store, sid, DocumentKind.AGREEMENT, today=TODAY)  # never saved
    assert_valid_docx(preview, "agreement preview")


def test_a_district_template_still_exports_and_is_valid(store: Store, tmp_path: Path) -> None:
    folder = district_copy(
        tmp_path / "district", DocumentKind.AGREEMENT, {"Commitments": "Our commitments"}
    ).parent
    sid = fill_school(store)
    options = ExportOptions(
        tmp_path / "out", (DocumentKind.AGREEMENT,), template_dir=folder, today=TODAY
    )
    result = export_school(store, sid, options)
    assert result.messages == [
        f"Using the district template {folder / 'partnership_agreement.docx'}."
    ]
    assert len(result.written) == 1
    assert_valid_docx(result.written[0])
