"""Where the app's own files (migrations, templates, resources) are, in a source tree or a
PyInstaller bundle. Everything that loads a shipped file goes through here."""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder holding ``app/``, ``migrations/`` and ``resources/``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def migrations_dir() -> Path:
    return bundle_root() / "migrations"


def templates_dir() -> Path:
    return bundle_root() / "app" / "templates"


def resources_dir() -> Path:
    return bundle_root() / "resources"
