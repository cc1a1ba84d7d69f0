from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands.app_process import run_app


def _school_count(data: Path) -> str:
    result = run_app("doctor", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("Schools:"))


def test_backup_then_restore_brings_the_store_back(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert _school_count(data) == "Schools:      30"
    made = run_app("backup", "--data-dir", str(data), "--out", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.split("Backup written:")[1].splitlines()[0].strip())
    assert backup.is_file() and b"SQLite format 3" not in backup.read_bytes()[:16]
    assert "Schools in it:  30" in made.stdout

    # Lose the store's content (as a bad sync or a mistaken script might), then restore.
    (data / "lpc.db").unlink()
    for extra in ("lpc.db-wal", "lpc.db-shm"):
        (data / extra).unlink(missing_ok=True)
    refused = run_app("restore", "--data-dir", str(data), str(backup))
    assert refused.returncode == 1 and "--yes" in refused.stderr
    restored = run_app("restore", "--data-dir", str(data), str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert _school_count(data) == "Schools:      30"


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_a_damaged_backup_is_refused_and_the_store_is_kept(tmp_path: Path, damage: str) -> None:
    data = tmp_path / "d"
    _school_count(data)
    made = run_app("backup", "--data-dir", str(data), "--out", str(tmp_path / "bk"))
    backup = Path(made.stdout.split("Backup written:")[1].splitlines()[0].strip())
    raw = backup.read_bytes()
    backup.write_bytes(raw[: len(raw) // 3] if damage == "truncate" else b"x" * len(raw))
    before = (data / "lpc.db").read_bytes()
    result = run_app("restore", "--data-dir", str(data), str(backup), "--yes")
    assert result.returncode == 1
    assert "Nothing was changed" in result.stderr
    assert (data / "lpc.db").read_bytes() == before
    assert _school_count(data) == "Schools:      30"


def test_restore_replaces_the_store_and_keeps_the_old_one(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run_app("doctor", "--data-dir", str(data), "--empty")
    made = run_app("backup", "--data-dir", str(data), "--out", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.split("Backup written:")[1].splitlines()[0].strip())
    result = run_app("restore", "--data-dir", str(data), str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert (data / "lpc.db.before-restore").exists()
    assert _school_count(data) == "Schools:      0"
