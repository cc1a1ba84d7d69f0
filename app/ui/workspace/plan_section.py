"""Stage 3's annual partnership plan tab: the plan table, under the title the workspace
and its reminders know it by."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.config import Actor
from app.services.store import Store
from app.ui.workspace.autosave import AutosaveController
from app.ui.workspace.plan_table import PlanTable
from app.ui.workspace.shown_year import ShownYear


class PlanSection(QWidget):
    """Hosts the ``PlanTable`` (as ``inner``); its changes reach the workspace on the
    change bus."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        shown: ShownYear | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.inner = PlanTable(store, actor, shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.inner)

    def autosaves(self) -> list[AutosaveController]:
        return self.inner.autosaves()

    def load(self, school_id: str) -> None:
        self.inner.load(school_id)

    def select_record(self, row_id: str | None) -> None:
        """An activity (select it) or the plan (its review line) that a reminder names."""
        self.inner.select_record(row_id)
