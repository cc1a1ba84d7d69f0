"""The import arrows the layers promise, checked in fresh interpreters.

Each check runs in a new process so that modules imported by other tests cannot hide an
arrow that points the wrong way.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Prints which forbidden packages got imported, after importing the named modules (or every
# module under the named packages).
_PROBE = """
import importlib, pkgutil, sys
targets, forbidden = sys.argv[1].split(","), sys.argv[2].split(",")
for name in targets:
    module = importlib.import_module(name)
    for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
        if ".migrations." in info.name + ".":
            continue  # Alembic scripts run inside Alembic, not on import
        importlib.import_module(info.name)
loaded = sorted(
    m for m in sys.modules if any(m == f or m.startswith(f + ".") for f in forbidden)
)
print(",".join(loaded))
"""


def _imported(targets: list[str], forbidden: list[str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(targets), ",".join(forbidden)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return [name for name in result.stdout.strip().split(",") if name]


@pytest.mark.parametrize("package", ["lpc_core", "server"])
def test_shared_package_and_server_import_no_desktop_services_and_no_qt(package: str) -> None:
    assert _imported([package], ["app.services", "app.ui", "PySide6"]) == []


@pytest.mark.parametrize("module", ["app.config", "app.templates.build_templates"])
def test_settings_and_templates_sit_below_the_services(module: str) -> None:
    # app.services imports app.config; an arrow back would make a cycle.
    assert _imported([module], ["app.services", "app.ui", "PySide6"]) == []


def test_probe_sees_a_forbidden_import() -> None:
    # The checks above must be able to fail: a probe of a service sees it imported.
    assert "app.services" in _imported(["app.services.store"], ["app.services"])
