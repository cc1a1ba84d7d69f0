"""``python -m app report``: the district summary from the command line."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from docx import Document

from app.cli import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=180,
    )


def test_report_writes_docx_and_csv_for_the_period(tmp_path: Path) -> None:
    data, out = tmp_path / "d", tmp_path / "out"
    assert main(["--data-dir", str(data), "doctor"]) == 0  # creates the demo district
    result = _run(
        "report", "--data-dir", str(data), "--out", str(out), "--from", "01/02/2026",
        "--to", "31/10/2026",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    printed = [Path(line) for line in result.stdout.splitlines()]
    assert [p.name for p in printed] == [
        "District summary 2026-02-01 to 2026-10-31.docx",
        "District summary 2026-02-01 to 2026-10-31 - schools.csv",
        "District summary 2026-02-01 to 2026-10-31 - outcomes.csv",
    ]
    assert all(p.is_file() for p in printed)
    doc = Document(str(printed[0]))
    assert any(p.text == "Period: 01/02/2026 to 31/10/2026" for p in doc.paragraphs)
    schools = list(csv.DictReader(io.StringIO(printed[1].read_text("utf-8-sig"))))
    assert len(schools) == 30
    assert len(doc.tables[1].rows) == 31

    again = _run("report", "--data-dir", str(data), "--out", str(out), "--from", "01/02/2026",
                 "--to", "31/10/2026", "--if-exists", "skip")  # fmt: skip
    assert again.returncode == 0
    assert again.stdout == "" and again.stderr.count("skipped (already exists)") == 3


def test_default_period_is_this_year_so_far(tmp_path: Path) -> None:
    data, out = tmp_path / "d", tmp_path / "out"
    assert main(["--data-dir", str(data), "doctor", "--empty"]) == 0
    assert main(["--data-dir", str(data), "report", "--out", str(out)]) == 0
    today = date.today()
    name = f"District summary {today.year}-01-01 to {today.isoformat()}.docx"
    assert (out / name).is_file()


def test_report_refuses_bad_dates_and_a_missing_store(tmp_path: Path) -> None:
    bad = _run("report", "--data-dir", str(tmp_path / "d"), "--out", str(tmp_path),
               "--from", "31/13/2026")  # fmt: skip
    assert bad.returncode == 2 and "not a date; use dd/mm/yyyy" in bad.stderr
    backwards = _run("report", "--data-dir", str(tmp_path / "d"), "--out", str(tmp_path),
                     "--from", "01/06/2026", "--to", "01/05/2026")  # fmt: skip
    assert backwards.returncode == 2 and "before --from" in backwards.stderr
    missing = _run("report", "--data-dir", str(tmp_path / "none"), "--out", str(tmp_path))
    assert missing.returncode == 2 and "there is no store" in missing.stderr
    assert not (tmp_path / "none" / "lpc.db").exists()
    assert "Traceback" not in bad.stderr + backwards.stderr + missing.stderr
