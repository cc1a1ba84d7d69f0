"""Exported files get the user's normal permissions, private files stay 0600, and a name
another program takes while a document is being written is never overwritten."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_data import TODAY, fill_school

from app.config import AppPaths, Settings, save_settings
from app.files import atomic_write_bytes
from app.services import keys
from app.services.export import (
    DocumentKind,
    ExportOptions,
    OverwritePolicy,
    export_document,
    naming,
)
from app.services.export.naming import WriteOutcome, write_file
from app.services.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_exported_documents_follow_the_umask_and_private_files_stay_0600(
    store: Store, app_paths: AppPaths, tmp_path: Path, umask_022: None
) -> None:
    sid = fill_school(store)
    out = tmp_path / "shared folder"
    first = export_document(store, sid, DocumentKind.AGREEMENT, ExportOptions(out, today=TODAY))
    assert _mode(first.written[0]) == 0o644

    os.umask(0o027)  # an office that keeps files from "others"
    second = export_document(store, sid, DocumentKind.AGREEMENT, ExportOptions(out, today=TODAY))
    assert second.written[0].name.endswith(" (2).docx")
    assert _mode(second.written[0]) == 0o640

    os.umask(0o022)
    app_paths.ensure()
    save_settings(app_paths, Settings())
    assert _mode(app_paths.settings_file) == 0o600
    keys.write_key_info(app_paths.database, keys.KeyInfo("keyring", "k1", ""))
    assert _mode(keys.key_file_for(app_paths.database)) == 0o600


def test_a_file_saved_under_the_chosen_name_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another officer saves a file under the name just chosen, before ours lands."""
    existing = tmp_path / "Report.docx"
    existing.write_bytes(b"first")
    real_resolve = naming.resolve_target
    taken: list[Path] = []

    def someone_else_saves_first(
        path: Path, policy: OverwritePolicy, ask: naming.AskOverwrite | None = None
    ) -> tuple[Path, WriteOutcome]:
        target, outcome = real_resolve(path, policy, ask)
        if not taken and outcome is WriteOutcome.WRITTEN:
            target.write_bytes(b"theirs")
            taken.append(target)
        return target, outcome

    monkeypatch.setattr(naming, "resolve_target", someone_else_saves_first)

    path, outcome = write_file(existing, b"ours", OverwritePolicy.UNIQUE)
    assert taken == [tmp_path / "Report (2).docx"]
    assert (tmp_path / "Report (2).docx").read_bytes() == b"theirs"
    assert (path, outcome) == (tmp_path / "Report (3).docx", WriteOutcome.WRITTEN)
    assert path.read_bytes() == b"ours"

    taken.clear()
    fresh = tmp_path / "Plan.docx"
    path, outcome = write_file(fresh, b"ours", OverwritePolicy.SKIP)
    assert taken == [fresh] and outcome is WriteOutcome.SKIPPED
    assert fresh.read_bytes() == b"theirs"
    assert existing.read_bytes() == b"first"
    assert _leftovers(tmp_path) == []


def test_an_exclusive_write_refuses_an_existing_name_and_leaves_nothing_behind(
    tmp_path: Path,
) -> None:
    target = tmp_path / "Agreement.docx"
    target.write_bytes(b"officer's copy")
    with pytest.raises(FileExistsError):
        atomic_write_bytes(target, b"new", shared=True, exclusive=True)
    assert target.read_bytes() == b"officer's copy"
    assert _leftovers(tmp_path) == []
    atomic_write_bytes(tmp_path / "New.docx", b"new", shared=True, exclusive=True)
    assert (tmp_path / "New.docx").read_bytes() == b"new"
