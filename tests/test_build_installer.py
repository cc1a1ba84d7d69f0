"""The installer bundle works on a machine with no Python: built for real, then run with
a bare PATH and no Python variables."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.figures import FIGURE_PREFIX

ROOT = Path(__file__).resolve().parent.parent


def _bare_env(tmp_path: Path) -> dict[str, str]:
    """No venv, no PYTHONPATH, no Python on PATH: only what a fresh desktop has."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        "LPC_SMOKE_OUT": str(tmp_path / "smoke-out"),
    }


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the CI builds the Linux bundle")
def test_bundle_builds_and_runs_without_python(
    tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    build = subprocess.run(
        [sys.executable, "build_installer.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    print(build.stdout.strip().splitlines()[-2:])  # bundle and archive sizes, for the CI log
    from app import __version__

    bundle = ROOT / "dist" / f"lpc-partnerships-{__version__}"
    cli = bundle / "lpc-partnerships-cli"
    assert (bundle / "lpc-partnerships").exists() and cli.exists()
    assert (
        ROOT / "dist" / f"lpc-partnerships-{__version__}-linux-{os.uname().machine}.tar.gz"
    ).exists()
    assert (bundle / "lpc-partnerships.desktop").exists()
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
    record_property(FIGURE_PREFIX + "installer bundle size", f"{size / 1e6:.1f} MB")

    env = _bare_env(tmp_path)
    version = subprocess.run(
        [str(cli), "--version"], env=env, capture_output=True, text=True, timeout=120
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"LPC Partnerships {__version__}"

    smoke = subprocess.run(
        [str(cli), "--smoke"], env=env, capture_output=True, text=True, timeout=300
    )
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert "store ok" in smoke.stdout
    written = list((tmp_path / "smoke-out").glob("*.docx"))
    assert written, smoke.stdout
    from docx import Document

    text = "\n".join(p.text for p in Document(str(written[0])).paragraphs)
    assert text.strip()
