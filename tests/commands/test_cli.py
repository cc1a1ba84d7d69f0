"""``python -m app`` as a real process: what a mistyped command is told."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
