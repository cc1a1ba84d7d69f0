"""``python -m app export --for-school`` and ``python -m app import-school-copy FILE``."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.config import AppPaths
from app.models import PartnershipAgreement, SchoolProfile
from app.services.records import load_school
from app.services.store import Store
from tests.ooxml import assert_valid_docx
from tests.services.school_copy.copies import fill, open_docx, save, school_with_records


def test_the_round_trip_on_the_command_line(
    store: Store, app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school_id = school_with_records(store)
    school_with_records(store, "Rātā Street School", 4321)
    data = ["--data-dir", str(app_paths.data_dir)]
    out = tmp_path / "out"
    assert main(["export", *data, "--out", str(out), "--school", "1234", "--for-school"]) == 0
    (printed,) = capsys.readouterr().out.splitlines()
    sent = Path(printed)
    assert sent.parent == out and "for the school to complete" in sent.name
    assert_valid_docx(sent)
    with store.session() as session:
        records = load_school(session, school_id)
        assert records.agreement and records.latest_profile
        agreement_id, profile_id = records.agreement.id, records.latest_profile.id
    doc = open_docx(sent)
    fill(doc, "agreement.school_signatory_role", agreement_id, "Tumuaki")
    fill(doc, "profile.suspensions", profile_id, "2")
    back = save(doc, tmp_path / "back.docx")

    assert main(["import-school-copy", str(back), *data]) == 0
    listed = capsys.readouterr().out
    assert "1. Partnership Agreement · Principal's title (changed)" in listed
    assert "2. School Profile · Suspensions this year (changed)" in listed
    assert "Nothing stored." in listed
    with store.session() as session:
        agreement = session.get(PartnershipAgreement, agreement_id)
        assert agreement is not None and agreement.school_signatory_role == "Principal"

    status = main(["import-school-copy", str(back), *data, "--accept", "2", "--officer", "Sgt Ana"])
    assert status == 0
    assert "Stored 1 change(s), accepted by Sgt Ana." in capsys.readouterr().out
    with store.session() as session:
        profile = session.get(SchoolProfile, profile_id)
        agreement = session.get(PartnershipAgreement, agreement_id)
        assert profile is not None and profile.suspensions == 2
        assert agreement is not None and agreement.school_signatory_role == "Principal"


def test_for_school_refuses_options_that_do_not_apply(
    store: Store, app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school_with_records(store)
    args = ["export", "--data-dir", str(app_paths.data_dir), "--out", str(tmp_path / "o")]
    assert main([*args, "--for-school", "--doc", "agreement"]) == 2
    assert "--doc, --pdf and --template-dir do not apply" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_refused_file_exits_with_its_reason(
    store: Store, app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school_with_records(store)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    assert main(["import-school-copy", str(notes), "--data-dir", str(app_paths.data_dir)]) == 2
    assert "notes.txt is not a Word document (.docx)" in capsys.readouterr().err
