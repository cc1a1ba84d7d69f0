"""Stage 3 response aims, with the SMART check live beside the fields being typed."""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from app.models import ResponseAim
from app.services.smart import check_aim
from app.services.store import Store
from app.ui.workspace.list_editor import ListEditor


class _PlainSmartCheck(QLabel):
    """Stands in for the SMART panel where that widget is not installed."""

    def show_values(self, values: dict[str, Any]) -> None:
        self.setText(check_aim(values).summary())


def _smart_panel() -> QWidget:
    try:
        module = importlib.import_module("app.ui.workspace.smart_panel")
        panel: QWidget = module.SmartPanel()
    except (ImportError, AttributeError):
        panel = _PlainSmartCheck()
        panel.setWordWrap(True)
    return panel


class AimsSection(QWidget):
    def __init__(
        self,
        store: Store,
        actor: str,
        *,
        hints: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.aims = ListEditor(
            store,
            actor,
            ResponseAim,
            noun="aim",
            new_values=lambda: {"statement": "New response aim"},
            hints=hints,
            empty_text="No response aims yet. Each aim is checked against SMART as you type.",
        )
        self.smart = _smart_panel()
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

    def load(self, school_id: str) -> None:
        self.aims.load(school_id)

    def _check(self, _name: str = "") -> None:
        values = self.aims.editor.form.values() if self.aims.editor.row_id else {}
        self.smart.show_values(values)  # type: ignore[attr-defined]
