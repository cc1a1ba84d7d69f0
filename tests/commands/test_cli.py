"""``python -m app`` as a real process: what a mistyped command is told."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import _window_args
from app.commands import COMMAND_MODULES

ROOT = Path(__file__).resolve().parents[2]


def test_an_unknown_command_is_answered_with_the_real_list_of_commands(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "frobnicate", "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr
    assert "(choose from )" not in result.stderr
    listed = result.stderr.split("choose from", 1)[1]
    for name in COMMAND_MODULES:
        assert f"'{name.replace('_', '-')}'" in listed, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "d").exists()  # nothing was opened or created


def test_opening_the_window_parses_its_options_without_the_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The window's own options are read without a sub-parser per command (3 ms of the
    start-up); a stray option is still refused with argparse's message."""
    args = _window_args(["--data-dir", "somewhere", "--empty"])
    assert (args.command, args.data_dir, args.empty, args.smoke) == (None, "somewhere", True, False)
    with pytest.raises(SystemExit) as refused:
        _window_args(["--data-dir", "somewhere", "--bogus"])
    assert refused.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err
