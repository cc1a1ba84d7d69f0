from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.cli import main


def _run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_doctor_creates_demo_store_and_counts_by_stage(tmp_path: Path) -> None:
    result = _run("doctor", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
    assert "Integrity:    ok" in result.stdout
    assert "Schools:      30" in result.stdout
    assert "Stage 1 Relationship and information sharing" in result.stdout
    assert (tmp_path / "d" / "lpc.db").exists()


def test_doctor_empty_and_data_dir_from_environment(tmp_path: Path) -> None:
    result = _run("doctor", "--empty", env_extra={"LPC_DATA_DIR": str(tmp_path / "env")})
    assert result.returncode == 0, result.stderr
    assert "Schools:      0" in result.stdout
    assert (tmp_path / "env" / "lpc.db").exists()


def test_doctor_refuses_an_unreadable_store_with_a_clear_message(tmp_path: Path) -> None:
    data = tmp_path / "bad"
    data.mkdir()
    (data / "lpc.db").write_bytes(b"this is not a database" * 100)
    result = _run("doctor", "--data-dir", str(data))
    assert result.returncode == 2
    assert "error: the store cannot be used" in result.stderr
    # Not "encrypted but its key file is missing": it is no database at all.
    assert "is not an LPC store: it is neither an SQLite database nor an encrypted" in (
        result.stderr
    )
    assert "key file" not in result.stderr
    assert f"There is no backup in {data / 'backups'}" in result.stderr
    assert "Traceback" not in result.stderr
    assert (data / "lpc.db").read_bytes().startswith(b"this is not")  # left untouched


def test_help_lists_every_command(capsys: object) -> None:
    try:
        main(["--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    for name in ("doctor",):
        assert name in out


def test_data_dir_before_the_command_is_kept(tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path / "x"), "doctor", "--empty"]) == 0
    assert (tmp_path / "x" / "lpc.db").exists()
