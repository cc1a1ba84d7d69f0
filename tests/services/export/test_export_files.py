"""File handling: names, never overwriting without permission, progress, cancel, district
templates and the PDF-unavailable message."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from export_data import TODAY, fill_school

from app.paths import templates_dir
from app.services.export import (
    DocumentKind,
    ExportError,
    ExportOptions,
    OverwritePolicy,
    WriteOutcome,
    check_template,
    check_template_dir,
    choose_template,
    export_document,
    export_schools,
    pdf_unavailable_reason,
    safe_name,
)
from app.services.store import Store
from tests.templates.district_copies import district_copy

AGREEMENT = "Kōwhai Grove School - Partnership Agreement 2026 - 2026-03-02.docx"


def _options(out: Path, **kw: object) -> ExportOptions:
    return ExportOptions(out, today=TODAY, **kw)  # type: ignore[arg-type]


def test_safe_names_keep_macrons_and_drop_what_filesystems_refuse() -> None:
    assert safe_name("Te Kura o Ōtautahi") == "Te Kura o Ōtautahi"
    assert safe_name('St. Mary\'s: "A/B" <Kura>?') == "St. Mary's A B Kura"
    assert safe_name("CON") == "_CON"
    assert safe_name(" ... ") == "Untitled"
    assert safe_name("O\u0304tautahi") == "Ōtautahi"  # decomposed macron is composed
    assert len(safe_name("x" * 400)) == 150


def test_existing_files_are_never_replaced_without_permission(store: Store, tmp_path: Path) -> None:
    sid = fill_school(store)
    first = export_document(store, sid, DocumentKind.AGREEMENT, _options(tmp_path))
    assert [p.name for p in first.written] == [AGREEMENT]
    original = (tmp_path / AGREEMENT).read_bytes()
    (tmp_path / AGREEMENT).write_bytes(b"the officer's edited copy")

    unique = export_document(store, sid, DocumentKind.AGREEMENT, _options(tmp_path))
    assert unique.written[0].name == AGREEMENT.replace(".docx", " (2).docx")

    skip = export_document(
        store, sid, DocumentKind.AGREEMENT, _options(tmp_path, policy=OverwritePolicy.SKIP)
    )
    assert skip.written == [] and skip.files[0].outcome is WriteOutcome.SKIPPED

    asked: list[Path] = []

    def say_no(path: Path) -> bool:
        asked.append(path)
        return False

    refused = export_document(
        store,
        sid,
        DocumentKind.AGREEMENT,
        _options(tmp_path, policy=OverwritePolicy.ASK, ask=say_no),
    )
    assert asked == [tmp_path / AGREEMENT] and refused.written == []
    assert (tmp_path / AGREEMENT).read_bytes() == b"the officer's edited copy"

    with pytest.raises(ValueError, match="ask"):
        export_document(
            store, sid, DocumentKind.AGREEMENT, _options(tmp_path, policy=OverwritePolicy.ASK)
        )

    allowed = export_document(
        store,
        sid,
        DocumentKind.AGREEMENT,
        _options(tmp_path, policy=OverwritePolicy.ASK, ask=lambda _p: True),
    )
    assert allowed.files[0].outcome is WriteOutcome.REPLACED
    assert len((tmp_path / AGREEMENT).read_bytes()) == len(original)
    assert not list(tmp_path.glob(".*.part"))  # no temporary files left behind


def test_bulk_export_reports_progress_and_stops_when_cancelled(
    store: Store, tmp_path: Path
) -> None:
    ids = [fill_school(store, f"School {n}", moe_number=100 + n, activities=1) for n in range(3)]
    calls: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, message: str) -> None:
        calls.append((done, total, message))

    out = tmp_path / "out"
    result = export_schools(
        store, ids, _options(out), progress=progress, cancelled=lambda: len(calls) >= 7
    )
    assert result.cancelled
    assert len(result.written) == 7  # documents finished before the cancel are complete
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in result.written)
    for path in result.written:
        docx.Document(str(path))  # each one opens
    assert calls[0] == (0, 15, "School 0: Partnership Agreement")
    assert calls[-1] == (7, 15, "Export cancelled")

    calls.clear()
    done = export_schools(store, ids[:1], _options(tmp_path / "all"), progress=progress)
    assert not done.cancelled and len(done.written) == 5
    assert calls[-1] == (5, 5, "Exported 5 file(s)")
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_misspelt_district_placeholders_are_located_and_the_builtin_is_used(
    store: Store, tmp_path: Path
) -> None:
    districts = tmp_path / "district"
    bad = district_copy(
        districts,
        DocumentKind.ANNUAL_PLAN,
        {"{{ a.lead }}": "{{ a.leed }}", "{{ plan.notes }}": "{{ plan.nots }}"},
    )
    check = check_template(bad)
    assert not check.ok
    problems = {p.placeholder: p for p in check.problems}
    assert problems["a.leed"].suggestion == "a.lead"
    assert problems["a.leed"].location.startswith("table ")
    assert "column 6" in problems["a.leed"].location
    assert problems["plan.nots"].suggestion == "plan.notes"
    assert problems["plan.nots"].location.startswith("paragraph ")
    assert "Did you mean “a.lead”?" in str(problems["a.leed"])

    choice = choose_template(DocumentKind.ANNUAL_PLAN, districts)
    assert not choice.is_district and choice.path == templates_dir() / "annual_plan.docx"
    assert "was not used" in choice.message and "a.leed" in choice.message

    result = export_schools(
        store,
        [fill_school(store)],
        _options(tmp_path / "out", kinds=(DocumentKind.ANNUAL_PLAN,), template_dir=districts),
    )
    assert any("was not used" in m for m in result.messages)
    doc = docx.Document(str(result.written[0]))
    assert "Whaea Mere 1" in [c.text for t in doc.tables for r in t.rows for c in r.cells]


def test_clean_district_template_is_used(store: Store, tmp_path: Path) -> None:
    districts = tmp_path / "district"
    district_copy(
        districts, DocumentKind.SARA, {"SARA stands for": "Canterbury District: SARA stands for"}
    )
    header_bad = district_copy(districts, DocumentKind.AGREEMENT, {})
    doc = docx.Document(str(header_bad))
    doc.sections[0].header.paragraphs[0].runs[0].text = "{{ clasification }}"
    doc.save(str(header_bad))

    checks = check_template_dir(districts)
    assert set(checks) == {DocumentKind.SARA, DocumentKind.AGREEMENT}
    assert checks[DocumentKind.SARA].ok
    (problem,) = checks[DocumentKind.AGREEMENT].problems
    assert problem.location == "header (section 1)"
    assert problem.suggestion == "classification"

    result = export_schools(
        store,
        [fill_school(store)],
        _options(tmp_path / "out", kinds=(DocumentKind.SARA,), template_dir=districts),
    )
    assert any("Using the district template" in m for m in result.messages)
    text = "\n".join(p.text for p in docx.Document(str(result.written[0])).paragraphs)
    assert "Canterbury District: SARA stands for" in text


def test_broken_loop_and_unknown_filter_are_reported(tmp_path: Path) -> None:
    path = district_copy(
        tmp_path,
        DocumentKind.ANNUAL_PLAN,
        {"{%tr for a in activities %}": "{%tr for a in activites %}",
         "{{ plan.year }}": "{{ plan.year|shout }}"},
    )  # fmt: skip
    found = {(p.placeholder, p.message) for p in check_template(path).problems}
    assert ("activites", "is not a known placeholder") in found
    assert any("unknown filter “shout”" in message for _, message in found)


def test_pdf_is_refused_with_a_reason_when_libreoffice_is_missing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    reason = pdf_unavailable_reason()
    assert reason is not None and "LibreOffice" in reason
    with pytest.raises(ExportError, match="LibreOffice"):
        export_schools(store, [fill_school(store)], _options(tmp_path / "out", pdf=True))
    assert not (tmp_path / "out").exists()  # refused before writing anything
