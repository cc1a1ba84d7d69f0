"""PDF copies through LibreOffice, checked with poppler's pdfinfo and pdftotext.

Skipped on a machine without LibreOffice, but a failure in CI (which installs it), so the
PDF path can never go silently untested there. The pages are also rendered to PNG in
test-output/ for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from export_data import TODAY, fill_school

from app.services.export import DocumentKind, ExportOptions, export_school
from app.services.export.pdf import soffice_path
from app.services.store import Store

pytestmark = pytest.mark.slow

# Pages each document of the filled school takes (four activities); a change in layout
# that moves a page break shows here, to be looked at in test-output/.
PAGES = {
    DocumentKind.AGREEMENT: 3,  # both protocols field by field and four signature blocks
    DocumentKind.PROFILE: 2,
    DocumentKind.SARA: 2,
    DocumentKind.ANNUAL_PLAN: 2,
    DocumentKind.NARRATIVE: 2,
}
SPARSE_PAGES = {
    DocumentKind.AGREEMENT: 3,
    DocumentKind.PROFILE: 2,
    DocumentKind.SARA: 2,
    DocumentKind.ANNUAL_PLAN: 2,
    DocumentKind.NARRATIVE: 2,
}


def _need(tool: str | None, what: str) -> None:
    if tool:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI but was not found")
    pytest.skip(f"{what} is not installed here")


def _pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def test_every_document_converts_to_a_readable_pdf(
    store: Store, tmp_path: Path, output_dir: Path
) -> None:
    _need(soffice_path(), "LibreOffice (soffice)")
    _need(shutil.which("pdftotext") and shutil.which("pdfinfo"), "poppler-utils")
    sid = fill_school(store, "Te Kura o Ōtautahi", activities=4)
    result = export_school(store, sid, ExportOptions(tmp_path / "out", pdf=True, today=TODAY))
    pdfs = {f.kind: f.path for f in result.files if f.path.suffix == ".pdf"}
    assert set(pdfs) == set(DocumentKind)
    for kind, pdf in pdfs.items():
        pages = _pdf_pages(pdf)
        assert pages == PAGES[kind], (kind, pages)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
        ).stdout
        assert text.count("IN-CONFIDENCE") >= 2 * pages, kind  # header and footer, every page
        assert "Te Kura o Ōtautahi" in text
        assert f"Page {pages} of {pages}" in text
        assert kind.info.title in text
        if shutil.which("pdftoppm"):
            short = kind.value
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", str(pdf), str(output_dir / short)], check=True
            )
    plan = subprocess.run(
        ["pdftotext", str(pdfs[DocumentKind.ANNUAL_PLAN]), "-"], capture_output=True, text=True
    ).stdout
    assert "Mere 4" in plan and "02/03/2026 –" in plan  # the lead column may wrap


def test_empty_values_print_whole_in_narrow_columns_and_titles(
    store: Store, tmp_path: Path, output_dir: Path
) -> None:
    _need(soffice_path(), "LibreOffice (soffice)")
    _need(shutil.which("pdftotext") and shutil.which("pdfinfo"), "poppler-utils")
    blank_unit = {"unit": ""}
    sid = fill_school(
        store,
        "Sparse Hill School",
        overrides={
            "Outcome": blank_unit,
            "ResponseAim": blank_unit,
            "InterventionNarrative": {"written_on": None},
            "AnnualPlan": {"agreed_on": None},
        },
    )
    result = export_school(store, sid, ExportOptions(tmp_path / "out", pdf=True, today=TODAY))
    pdfs = {f.kind: f.path for f in result.files if f.path.suffix == ".pdf"}
    assert set(pdfs) == set(DocumentKind)
    for kind, pdf in pdfs.items():
        assert _pdf_pages(pdf) == SPARSE_PAGES[kind], (kind, _pdf_pages(pdf))
        text = _pdf_text(pdf)
        # "Not recorded" may wrap between its words, never inside one.
        assert text.count("recorde") == text.count("recorded"), kind
        assert "Not recorded ·" not in text and "written Not recorded" not in text, kind
        if shutil.which("pdftoppm"):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", str(pdf), str(output_dir / f"sparse-{kind}")],
                check=True,
            )
    first_lines = {kind: _pdf_text(pdf).splitlines() for kind, pdf in pdfs.items()}
    assert "Safer afternoons at the bus stop" in first_lines[DocumentKind.NARRATIVE]
    assert "Plan year 2026 · not yet agreed" in first_lines[DocumentKind.ANNUAL_PLAN]
