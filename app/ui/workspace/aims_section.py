"""Stage 3 response aims, with the SMART check live beside the fields being typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from app.config import Actor
from app.models import ResponseAim
from app.services.smart import judged_as_at
from app.services.store import Store
from app.ui.workspace.autosave import AutosaveController
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.shown_year import ShownYear
from app.ui.workspace.smart_panel import SmartPanel


class AimsSection(QWidget):
    def __init__(
        self,
        store: Store,
        actor: Actor,
        *,
        hints: dict[str, str] | None = None,
        shown: ShownYear | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.shown = shown or ShownYear()
        self.aims = ListEditor(
            store,
            actor,
            ResponseAim,
            noun="aim",
            new_values=lambda: {"statement": "New response aim"},
            hints=hints,
            empty_text="No response aims yet. Each aim is checked against SMART as you type.",
            shown=self.shown,
        )
        self.smart = SmartPanel()
        self.smart.setMinimumWidth(380)
        self.aims.editor.edited.connect(self._check)
        self.aims.editor.loaded.connect(self._check)
        splitter = QSplitter()
        splitter.addWidget(self.aims)
        splitter.addWidget(self.smart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 420])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def autosaves(self) -> list[AutosaveController]:
        return self.aims.autosaves()

    def focus_field(self, row_id: str, name: str) -> None:
        self.aims.focus_field(row_id, name)

    def select_record(self, row_id: str | None) -> None:
        self.aims.select_record(row_id)

    def load(self, school_id: str) -> None:
        self.aims.load(school_id)

    def _check(self, _name: str = "") -> None:
        """The SMART check as the aim's year saw it: a past year's aim is not failed for a
        due date that has passed since (the stage rules judge it the same way)."""
        values = self.aims.editor.form.values() if self.aims.editor.row_id else {}
        today = date.today()
        year = self.shown.year if self.shown.year is not None else today.year
        self.smart.show_values(values, judged_as_at(year, today))
