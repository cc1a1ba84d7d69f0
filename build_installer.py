"""Build a bundle an officer's IT team can install: ``python build_installer.py``.

Steps: clean ``build/`` and ``dist/``, run PyInstaller on ``packaging/lpc.spec`` (one
folder, templates, migrations and resources inside), then pack it for this platform:

* Linux: ``dist/lpc-partnerships-VERSION-linux-ARCH.tar.gz`` with a ``.desktop`` entry
  and an ``install.sh`` that installs per user under ``~/.local``.
* Windows: a ``.zip`` plus ``lpc-partnerships.iss``, an Inno Setup script for a per-user
  install with a Start-menu shortcut (compile it with ``iscc`` on a Windows build host).
* macOS: a ``.tar.gz`` of the folder. A signed ``.app`` needs ``BUNDLE(...)`` in the spec,
  an Apple Developer ID for ``codesign`` and ``notarytool``, and a ``.icns`` icon; not
  built here (see README).

The version comes from ``app/__init__.py`` (the one source; pyproject.toml reads it too).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"
APP_ID = "lpc-partnerships"


def version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        raise SystemExit("no __version__ in app/__init__.py")
    return match.group(1)


def platform_tag() -> str:
    system = {"Linux": "linux", "Windows": "windows", "Darwin": "macos"}.get(
        platform.system(), platform.system().lower()
    )
    return f"{system}-{platform.machine().lower()}"


def run_pyinstaller(name: str) -> Path:
    env = {**os.environ, "LPC_BUILD_ROOT": str(ROOT), "LPC_BUNDLE_NAME": name}
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(BUILD),
        str(ROOT / "packaging" / "lpc.spec"),
    ]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    return DIST / name


DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=LPC Partnerships
GenericName=Police-School partnerships
Comment=Lead Police Contact tool for the Police-School Partnership Model
Exec={exec_path}
Icon={icon_path}
Terminal=false
Categories=Office;
"""

INSTALL_SH = """#!/bin/sh
# Per-user install: copies the app to ~/.local/share and adds a menu entry.
set -e
here=$(cd "$(dirname "$0")" && pwd)
target="$HOME/.local/share/{app_id}/app"
rm -rf "$target" && mkdir -p "$target" && cp -R "$here"/. "$target"/
mkdir -p "$HOME/.local/share/applications" "$HOME/.local/bin"
menu="$HOME/.local/share/applications/{app_id}.desktop"
sed "s#@TARGET@#$target#g" "$here/{app_id}.desktop" > "$menu"
ln -sf "$target/{app_id}-cli" "$HOME/.local/bin/{app_id}-cli"
echo "Installed to $target"
"""

INNO_SETUP = """; Inno Setup script: per-user install with a Start-menu shortcut.
[Setup]
AppId={{{{6B0C5E2A-3C1E-4A8B-9E0A-LPC-PARTNERSHIPS}}}}
AppName=LPC Partnerships
AppVersion={version}
DefaultDirName={{localappdata}}\\Programs\\LPC Partnerships
DefaultGroupName=LPC Partnerships
PrivilegesRequired=lowest
OutputBaseFilename={app_id}-{version}-setup
SetupIconFile=resources\\icons\\app.ico
Compression=lzma2
SolidCompression=yes

[Files]
Source: "{bundle}\\*"; DestDir: "{{app}}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{{group}}\\LPC Partnerships"; Filename: "{{app}}\\{app_id}.exe"
Name: "{{userdesktop}}\\LPC Partnerships"; Filename: "{{app}}\\{app_id}.exe"; Tasks: desktopicon

[Tasks]
Name: desktopicon; Description: "Create a desktop shortcut"; Flags: unchecked
"""


def pack(bundle: Path, ver: str) -> Path:
    system = platform.system()
    base = f"{APP_ID}-{ver}-{platform_tag()}"
    if system == "Linux":
        (bundle / f"{APP_ID}.desktop").write_text(
            DESKTOP_ENTRY.format(
                exec_path=f"@TARGET@/{APP_ID}",
                icon_path="@TARGET@/_internal/resources/icons/app-256.png",
            ),
            encoding="utf-8",
        )
        installer = bundle / "install.sh"
        installer.write_text(INSTALL_SH.format(app_id=APP_ID), encoding="utf-8")
        installer.chmod(0o755)
    if system == "Windows":
        (DIST / f"{APP_ID}.iss").write_text(
            INNO_SETUP.format(version=ver, app_id=APP_ID, bundle=bundle.name), encoding="utf-8"
        )
        archive = DIST / f"{base}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in bundle.rglob("*"):
                zf.write(path, Path(bundle.name) / path.relative_to(bundle))
        return archive
    archive = DIST / f"{base}.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        tf.add(bundle, arcname=bundle.name)
    return archive


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-archive", action="store_true", help="build the folder only")
    args = parser.parse_args()
    ver = version()
    name = f"{APP_ID}-{ver}"
    for folder in (BUILD, DIST / name):
        shutil.rmtree(folder, ignore_errors=True)
    bundle = run_pyinstaller(name)
    print(f"bundle: {bundle} ({folder_size(bundle) / 1e6:.0f} MB)")
    if not args.no_archive:
        archive = pack(bundle, ver)
        print(f"archive: {archive} ({archive.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
