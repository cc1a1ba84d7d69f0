"""``python -m app export``, in process and as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from export_data import fill_school

from app.cli import main
from app.config import AppPaths
from app.services.store import Store

ROOT = Path(__file__).resolve().parents[3]


def test_exports_named_documents_for_a_school_by_moe_number(
    store: Store, app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_school(store, "Kōwhai Grove School", moe_number=4321)
    fill_school(store, "Other School", moe_number=999)
    out = tmp_path / "out"
    status = main(
        ["export", "--data-dir", str(app_paths.data_dir), "--out", str(out),
         "--school", "4321", "--doc", "agreement", "annual-plan"]
    )  # fmt: skip
    printed = capsys.readouterr().out.splitlines()
    assert status == 0
    assert len(printed) == 2
    assert all(Path(line).parent == out and Path(line).is_file() for line in printed)
    assert "Kōwhai Grove School - Partnership Agreement 2026 - " in printed[0]
    assert "Annual Partnership Plan" in printed[1]
    header = docx.Document(printed[0]).sections[0].header.paragraphs[1].text
    assert header.startswith("Kōwhai Grove School")


def test_all_schools_by_default_and_names_match_without_macrons(
    store: Store, app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_school(store, "Te Kura o Ōtautahi", moe_number=11)
    args = ["export", "--data-dir", str(app_paths.data_dir), "--out", str(tmp_path / "o")]
    assert main([*args, "--school", "te kura o otautahi", "--doc", "sara"]) == 0
    assert "Te Kura o Ōtautahi - SARA Problem-Solving Plan" in capsys.readouterr().out
    assert main(args) == 0
    assert len(capsys.readouterr().out.splitlines()) == 5


def test_unknown_school_fails_with_a_clear_message(
    store: Store, app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_school(store, "Kōwhai Grove School")
    status = main(
        ["export", "--data-dir", str(app_paths.data_dir), "--out", str(tmp_path / "o"),
         "--school", "Kowhai Grve School"]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status != 0
    assert "No school called or numbered “Kowhai Grve School”" in err
    assert "Did you mean: Kōwhai Grove School?" in err
    assert not (tmp_path / "o").exists()


def test_pdf_without_libreoffice_fails_with_a_reason(
    store: Store,
    app_paths: AppPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill_school(store)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    status = main(
        ["export", "--data-dir", str(app_paths.data_dir), "--out", str(tmp_path / "o"), "--pdf"]
    )
    assert status != 0
    assert "PDF export needs LibreOffice" in capsys.readouterr().err


def test_missing_store_and_bad_document_name_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "nothing-here"
    assert main(["export", "--data-dir", str(empty), "--out", str(tmp_path / "o")]) != 0
    assert "there is no store" in capsys.readouterr().err
    assert not (empty / "lpc.db").exists()
    with pytest.raises(SystemExit):
        main(["export", "--out", str(tmp_path), "--doc", "minutes"])
    assert "unknown document “minutes”" in capsys.readouterr().err


def test_python_dash_m_app_export_in_a_subprocess(
    store: Store, app_paths: AppPaths, tmp_path: Path
) -> None:
    fill_school(store, "Rātā Road School", moe_number=77)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "app", "export", "--data-dir", str(app_paths.data_dir),
         "--out", str(out), "--school", "Rātā Road School", "--doc", "narrative"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert Path(line).name.startswith("Rātā Road School - School-wide Intervention Narrative")
    assert Path(line).is_file()


def test_part_of_a_name_finds_the_one_school_it_fits(store: Store) -> None:
    from app.services.export.exporter import find_schools
    from app.services.schools import create_school
    from app.services.unit_of_work import UnitOfWork

    with UnitOfWork(store, actor="Sgt Test") as uow:
        create_school(uow, name="Kōwhai Grove School", moe_number=4101)
        create_school(uow, name="Tōtara Heights School", moe_number=4102)
        create_school(uow, name="Tōtara Heights College", moe_number=4103)
    with store.session() as session:
        assert [s.moe_number for s in find_schools(session, ["kowhai"])] == [4101]
        with pytest.raises(LookupError, match=r"2 schools match .*4102.*4103"):
            find_schools(session, ["Totara Heights"])


def test_export_of_a_year_writes_only_that_years_documents(
    store: Store, app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.models import SaraPlan
    from app.services.unit_of_work import UnitOfWork
    from app.services.years import add_year

    school_id = fill_school(store, "Kōwhai Grove School", moe_number=4321)  # its 2026 year
    fill_school(store, "Other School", moe_number=999)  # has no 2025
    with UnitOfWork(store) as uow:
        add_year(uow, school_id, 2025)
        uow.add(SaraPlan, school_id=school_id, year=2025, title="Crossing plan of 2025")
    out = tmp_path / "out"
    status = main(
        ["export", "--data-dir", str(app_paths.data_dir), "--out", str(out), "--year", "2025",
         "--doc", "sara", "annual-plan"]
    )  # fmt: skip
    captured = capsys.readouterr()
    printed = captured.out.splitlines()
    assert status == 0
    # 2025 holds a SARA plan only: its annual plan (empty that year) is left out.
    assert [Path(p).name.split(" - ")[:2] for p in printed] == [
        ["Kōwhai Grove School", "SARA Problem-Solving Plan 2025"],
    ]
    assert "Other School has no partnership year 2025" in captured.err
    sara = "\n".join(
        c.text for t in docx.Document(printed[0]).tables for r in t.rows for c in r.cells
    )
    assert "Crossing plan of 2025" in sara
    with pytest.raises(SystemExit) as refused:
        main(["export", "--data-dir", str(app_paths.data_dir), "--out", str(out),
              "--year", "1999"])  # fmt: skip
    assert refused.value.code == 2
    assert "argument --year: must be a year from 2000 to 2100" in capsys.readouterr().err
