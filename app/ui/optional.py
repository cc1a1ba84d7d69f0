"""Widgets that another part of the app provides, found by name when they are needed.

Looking a screen up here, rather than importing it at the top of a module, keeps heavy
screens (the dashboard, export) out of start-up and lets a slimmed build leave one out.
"""

from __future__ import annotations

import importlib
from typing import Any


def embedded(module_name: str, class_name: str) -> type[Any] | None:
    """A widget class another part of the app provides, or None while it is missing."""
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    found = getattr(module, class_name, None)
    return found if isinstance(found, type) else None


def available(module_name: str) -> bool:
    """Whether a screen's module exists, without importing it."""
    import importlib.util

    return importlib.util.find_spec(module_name) is not None
