"""Build a bundle an officer's IT team can install: ``python build_installer.py``.

Steps: clean ``build/`` and ``dist/``, run PyInstaller on ``packaging/lpc.spec`` (one
folder, templates, migrations and resources inside, with LICENSE, THIRD-PARTY-NOTICES.md
and every shipped project's licence files), then pack it for this platform:

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
import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


# The district server's dependencies: in pyproject.toml for the same environment, but
# excluded from the bundle by packaging/lpc.spec.
SERVER_ONLY = {
    "fastapi",
    "uvicorn",
    "psycopg",
    "httptools",
    "uvloop",
    "prometheus-client",
    # the admin console's
    "python-multipart",
    "pyotp",
    "qrcode",
    "swagger-ui-py",
}
LICENCE_FILE_WORDS = ("LICEN", "COPYING", "NOTICE", "AUTHORS")


def runtime_distributions() -> dict[str, importlib.metadata.Distribution]:
    """Every installed distribution the bundle ships, by canonical name: pyproject's
    dependencies (less the server's) and what they require on this platform."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    env = {**default_environment(), "extra": ""}
    found: dict[str, importlib.metadata.Distribution] = {}
    while wanted:
        req = wanted.pop()
        name = canonicalize_name(req.name)
        if name in found or name in SERVER_ONLY:
            continue
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        found[name] = importlib.metadata.distribution(req.name)
        wanted.extend(Requirement(r) for r in found[name].requires or [])
    return dict(sorted(found.items()))


def licence_files() -> list[tuple[Path, str]]:
    """(file, folder in the bundle) for each shipped distribution's own licence files and
    Python's, so every copyright notice travels with the app (THIRD-PARTY-NOTICES.md)."""
    files = []
    for name, dist in runtime_distributions().items():
        for entry in dist.files or []:
            if ".dist-info" in str(entry) and any(
                word in entry.name.upper() for word in LICENCE_FILE_WORDS
            ):
                files.append((Path(str(dist.locate_file(entry))), f"licenses/{name}"))
    base = Path(sys.base_prefix)
    ver = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for python_licence in (base / "lib" / ver / "LICENSE.txt", base / "LICENSE.txt"):
        if python_licence.is_file():
            files.append((python_licence, "licenses/python"))
            break
    return files


def write_versions(folder: Path) -> Path:
    """``VERSIONS.txt``: each shipped distribution and its version, for the notices."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"Python {platform.python_version()}"] + [
        f"{dist.metadata['Name']} {dist.version}" for dist in runtime_distributions().values()
    ]
    path = folder / "VERSIONS.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


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
Exec=@EXEC@
Icon=@ICON@
Terminal=false
Categories=Office;
"""

# The install folder is only known on the officer's machine ($HOME may hold spaces or
# worse), so install.sh fills in Exec and Icon itself, escaped as the Desktop Entry spec
# says: Exec's program is double-quoted, with \ " ` $ backslash-escaped inside the quotes,
# % written %%, and then every backslash doubled again by the file's string escaping;
# Icon is a plain string, where only a backslash needs escaping. Both lines are written
# whole with printf (not spliced into the file by sed), so no character in the path can
# break them.
INSTALL_SH = r"""#!/bin/sh
# Per-user install: copies the app to ~/.local/share and adds a menu entry.
set -e
here=$(cd "$(dirname "$0")" && pwd)
target="$HOME/.local/share/@APP_ID@/app"
rm -rf "$target" && mkdir -p "$target" && cp -R "$here"/. "$target"/
mkdir -p "$HOME/.local/share/applications" "$HOME/.local/bin"
menu="$HOME/.local/share/applications/@APP_ID@.desktop"
exec_arg=$(printf '%s' "$target/@APP_ID@" |
  sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g' -e 's/%/%%/g')
icon=$(printf '%s' "$target/@ICON_IN_BUNDLE@" | sed -e 's/\\/\\\\/g')
while IFS= read -r line; do
  case "$line" in
    Exec=@EXEC@) printf 'Exec="%s"\n' "$exec_arg" ;;
    Icon=@ICON@) printf 'Icon=%s\n' "$icon" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < "$here/@APP_ID@.desktop" > "$menu"
ln -sf "$target/@APP_ID@-cli" "$HOME/.local/bin/@APP_ID@-cli"
echo "Installed to $target"
"""

# A fixed, real GUID: Inno Setup recognises an installed copy (to upgrade or uninstall it)
# by this id, so it must never change. "{{" is Inno's escape for a literal "{".
INNO_APP_GUID = "787246E5-94E8-403D-B3EF-2ADBFBB5CD52"

INNO_SETUP = r"""; Inno Setup script: per-user install with a Start-menu shortcut.
; Written by build_installer.py beside the bundle folder; compile it there with iscc.
; Relative paths are relative to this file.
[Setup]
AppId={{@GUID@}
AppName=LPC Partnerships
AppVersion=@VERSION@
AppPublisher=LPC Partnerships team
DefaultDirName={localappdata}\Programs\LPC Partnerships
DefaultGroupName=LPC Partnerships
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=.
OutputBaseFilename=@APP_ID@-@VERSION@-setup
SetupIconFile=@ICON@
LicenseFile=@LICENSE@
UninstallDisplayIcon={app}\@APP_ID@.exe
Compression=lzma2
SolidCompression=yes

[Files]
Source: "@BUNDLE@\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Tasks]
Name: desktopicon; Description: "Create a desktop shortcut"; Flags: unchecked

[Icons]
Name: "{group}\LPC Partnerships"; Filename: "{app}\@APP_ID@.exe"
Name: "{userdesktop}\LPC Partnerships"; Filename: "{app}\@APP_ID@.exe"; Tasks: desktopicon
"""


def _in_bundle(bundle: Path, relative: str) -> Path:
    """Where PyInstaller put a data file (``_internal/`` since PyInstaller 6, the folder
    itself before), relative to the bundle folder."""
    for candidate in (bundle / "_internal" / relative, bundle / relative):
        if candidate.exists():
            return candidate.relative_to(bundle)
    raise SystemExit(f"{relative} is missing from the bundle {bundle}; check packaging/lpc.spec")


def _fill(template: str, **values: str) -> str:
    for name, value in values.items():
        template = template.replace(f"@{name.upper()}@", value)
    return template


def inno_setup_script(bundle: Path, ver: str) -> str:
    """The Inno Setup script for ``bundle``, to be saved in the bundle's parent folder:
    every file it names is given relative to there, as Inno resolves them."""

    def windows(relative: Path) -> str:
        return str(Path(bundle.name) / relative).replace("/", "\\")

    return _fill(
        INNO_SETUP,
        guid=INNO_APP_GUID,
        version=ver,
        app_id=APP_ID,
        bundle=bundle.name,
        icon=windows(_in_bundle(bundle, "resources/icons/app.ico")),
        license=windows(_in_bundle(bundle, "LICENSE")),
    )


def write_inno_setup(bundle: Path, ver: str) -> Path:
    iss = bundle.parent / f"{APP_ID}.iss"
    iss.write_text(inno_setup_script(bundle, ver), encoding="utf-8", newline="\r\n")
    return iss


def write_linux_installer(bundle: Path) -> None:
    """``APP_ID.desktop`` (a template install.sh completes) and ``install.sh``."""
    (bundle / f"{APP_ID}.desktop").write_text(DESKTOP_ENTRY, encoding="utf-8")
    icon = _in_bundle(bundle, "resources/icons/app-256.png").as_posix()
    installer = bundle / "install.sh"
    installer.write_text(
        _fill(INSTALL_SH, app_id=APP_ID, icon_in_bundle=icon), encoding="utf-8", newline="\n"
    )
    installer.chmod(0o755)


def pack(bundle: Path, ver: str) -> Path:
    system = platform.system()
    base = f"{APP_ID}-{ver}-{platform_tag()}"
    if system == "Linux":
        write_linux_installer(bundle)
    if system == "Windows":
        write_inno_setup(bundle, ver)
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
