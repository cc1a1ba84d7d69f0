"""What the workspace asks of each of its tabs.

A tab is imported by the module that builds the pages (``sections``) and held as a
``WorkspaceTab``: the workspace loads it when its page is first shown for a school and
registers the autosave controllers it reports, so switching school, closing and Ctrl+S
reach every form that saves as typed, and mypy checks that each tab offers both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from app.ui.workspace.autosave import AutosaveController


class WorkspaceTab(Protocol):
    def load(self, school_id: str, /) -> None:
        """Show this school (saving what was typed for the last one first)."""

    def autosaves(self) -> Sequence[AutosaveController]:
        """The controllers of the forms in this tab that save as the officer types."""


@runtime_checkable
class SelectsRecord(Protocol):
    """A tab that can show one of its records (a reminder's, or one a stage lacks)."""

    def select_record(self, row_id: str | None, /) -> None: ...


@runtime_checkable
class FocusesField(Protocol):
    """A tab whose form can put the cursor in one field of the record it shows."""

    def focus_field(self, row_id: str, name: str, /) -> None: ...
