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


def _need(tool: str | None, what: str) -> None:
    if tool:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI but was not found")
    pytest.skip(f"{what} is not installed here")


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
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        assert 1 <= pages <= 4, (kind, pages)
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
