"""The installer: the Windows and Linux install scripts name files that exist and survive
odd install paths (fast, on fake bundles), and the real bundle works on a machine with no
Python (slow: built for real, then run with an empty PATH and no Python variables)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

import pytest
from packaging.utils import canonicalize_name

import build_installer
from tests.figures import FIGURE_PREFIX

ROOT = Path(__file__).resolve().parent.parent
GUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")


def _fake_bundle(dist: Path, *, exe_suffix: str) -> Path:
    """A folder shaped like PyInstaller 6's output: programs at the top, data in _internal."""
    bundle = dist / "lpc-partnerships-9.8.7"
    icons = bundle / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    for name in ("app.ico", "app-256.png"):
        (icons / name).write_bytes(b"icon")
    (bundle / "_internal" / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    for program in ("lpc-partnerships", "lpc-partnerships-cli"):
        exe = bundle / f"{program}{exe_suffix}"
        exe.write_text('#!/bin/sh\necho "$0 $*" > "$HOME/ran"\n', encoding="utf-8")
        exe.chmod(0o755)
    return bundle


def _iss_path(iss: Path, value: str) -> Path:
    """A path as Inno Setup reads it: Windows separators, relative to the script."""
    return iss.parent.joinpath(*PureWindowsPath(value.strip('"')).parts)


def test_inno_setup_script_names_files_that_exist_and_a_real_app_id(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path / "dist", exe_suffix=".exe")
    iss = build_installer.write_inno_setup(bundle, "9.8.7")
    assert iss.parent == bundle.parent
    text = iss.read_text(encoding="utf-8")

    app_ids = re.findall(r"^AppId=(.*)$", text, re.M)
    assert len(app_ids) == 1
    # "{{" is Inno's escape for "{", so the id Windows records is "{GUID}".
    assert re.fullmatch(r"\{\{" + GUID.pattern + r"\}", app_ids[0]), app_ids[0]
    assert build_installer.inno_setup_script(bundle, "9.8.7") == text  # the id never changes

    named = re.findall(r"^(?:SetupIconFile|LicenseFile)=(.+)$", text, re.M)
    assert len(named) == 2
    for value in named:
        assert _iss_path(iss, value).is_file(), value
    sources = re.findall(r'^Source: "([^"]+)"', text, re.M)
    assert sources == ["lpc-partnerships-9.8.7\\*"]
    for source in sources:
        folder = _iss_path(iss, source).parent
        assert folder == bundle and any(folder.iterdir())
    for program in re.findall(r'Filename: "\{app\}\\([^"]+)"', text):
        assert (bundle / program).is_file(), program
    assert "AppVersion=9.8.7" in text


def _desktop_string(value: str) -> str:
    """Undo the Desktop Entry spec's escapes for string values."""
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), "\\" + m.group(1)), value)


def _exec_arguments(value: str) -> list[str]:
    """Split an Exec value as the spec says: string escapes first, then quoting (inside
    double quotes a backslash escapes " ` $ and itself), then %% means %."""
    text = _desktop_string(value)
    args, i = [], 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        arg = ""
        if text[i] == '"':
            i += 1
            while text[i] != '"':
                if text[i] == "\\" and text[i + 1] in '"`$\\':
                    i += 1
                arg += text[i]
                i += 1
            i += 1
        else:
            while i < len(text) and text[i] != " ":
                assert text[i] not in '"`$\\', f"unquoted reserved character in {value!r}"
                arg += text[i]
                i += 1
        args.append(arg.replace("%%", "%"))
    return args


@pytest.mark.skipif(sys.platform == "win32", reason="install.sh is the Linux installer")
def test_linux_menu_entry_starts_the_app_from_a_home_folder_with_spaces_and_quotes(
    tmp_path: Path,
) -> None:
    bundle = _fake_bundle(tmp_path / "dist", exe_suffix="")
    build_installer.write_linux_installer(bundle)
    home = tmp_path / 'Aroha Ngata\'s "home" $HOME 100% `x` back\\slash'
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home)}
    install = subprocess.run(
        ["sh", str(bundle / "install.sh")], env=env, capture_output=True, text=True, timeout=60
    )
    assert install.returncode == 0, install.stderr
    target = home / ".local" / "share" / "lpc-partnerships" / "app"

    entry = (home / ".local/share/applications/lpc-partnerships.desktop").read_text("utf-8")
    assert entry.startswith("[Desktop Entry]\n")
    values = dict(line.split("=", 1) for line in entry.splitlines()[1:] if "=" in line)
    argv = _exec_arguments(values["Exec"])
    assert argv == [str(target / "lpc-partnerships")]
    assert Path(_desktop_string(values["Icon"])) == target / "_internal/resources/icons/app-256.png"
    assert Path(_desktop_string(values["Icon"])).is_file()

    started = subprocess.run(argv, env=env, timeout=60)  # as the menu would start it
    assert started.returncode == 0
    assert (home / "ran").read_text(encoding="utf-8").startswith(str(target / "lpc-partnerships"))
    assert (home / ".local/bin/lpc-partnerships-cli").resolve() == target / "lpc-partnerships-cli"


def test_third_party_notices_list_every_distribution_the_bundle_ships() -> None:
    notices = (ROOT / "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8")
    listed = {
        canonicalize_name(re.sub(r" \(.*\)$", "", row.split("|")[1].strip()))
        for row in notices.splitlines()
        if row.startswith("| ") and not row.startswith("| Distribution")
    }
    shipped = set(build_installer.runtime_distributions())
    assert {"pyside6-essentials", "shiboken6", "sqlalchemy", "docxtpl"} <= shipped
    assert shipped - listed == set(), "add these to THIRD-PARTY-NOTICES.md"
    assert not shipped & build_installer.SERVER_ONLY


def _bare_env(tmp_path: Path) -> dict[str, str]:
    """No venv, no PYTHONPATH, no Python: PATH is an empty folder, as if nothing at all
    were installed, so the bundle can only use what it carries."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    return {
        "PATH": str(empty),
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

    internal = bundle / "_internal"
    for shipped in ("LICENSE", "THIRD-PARTY-NOTICES.md", "licenses/LGPL-3.0.txt"):
        assert (internal / shipped).is_file(), shipped
    assert (internal / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    versions = (internal / "licenses" / "VERSIONS.txt").read_text(encoding="utf-8")
    assert "PySide6_Essentials 6." in versions or "PySide6-Essentials 6." in versions
    assert any((internal / "licenses" / "sqlalchemy").iterdir())
    # Nothing ships that the notices do not cover (PyInstaller copies some dist-info).
    bundled = {
        canonicalize_name(folder.name.removesuffix(".dist-info").rsplit("-", 1)[0])
        for folder in internal.glob("*.dist-info")
    }
    assert bundled - set(build_installer.runtime_distributions()) == set()
    # The Windows installer script names the icon and licence where this build put them.
    iss = build_installer.write_inno_setup(bundle, __version__)
    for value in re.findall(r"^(?:SetupIconFile|LicenseFile)=(.+)$", iss.read_text("utf-8"), re.M):
        assert _iss_path(iss, value).is_file(), value
    iss.unlink()

    env = _bare_env(tmp_path)
    assert shutil.which("python3", path=env["PATH"]) is None
    assert shutil.which("python", path=env["PATH"]) is None
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
