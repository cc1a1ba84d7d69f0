"""A document a school keeps one current copy of: the agreement, the SARA plan…

Until the officer starts it, the section says so and offers one button; opening a tab
never creates a record by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from app.config import Actor
from app.models import PartnershipAgreement, Synced
from app.services.store import Store
from app.services.workspace import find_current, legal_basis_wording, start_current
from app.ui.ops import Op
from app.ui.workspace.autosave import AutosaveController
from app.ui.workspace.record_editor import RecordEditor
from app.ui.workspace.shown_year import ShownYear


class DocumentSection(QWidget):
    """One document of a school (the agreement, the SARA plan…): started once, then
    edited in place."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        model: type[Synced],
        *,
        hints: dict[str, str] | None = None,
        headings: dict[str, str] | None = None,
        exclude: Sequence[str] = (),
        shown: ShownYear | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.model = model
        self._shown = shown or ShownYear()
        self.school_id: str | None = None
        self._wanted: str | None = None  # a record asked for (a reminder's) while loading
        self._loading = False
        self.editor = RecordEditor(
            store, actor, model, hints=hints, headings=headings, exclude=exclude
        )
        noun = model.__label__
        self.start_button = QPushButton(f"Start the {noun}")
        self.start_button.setAccessibleName(f"Start the {noun}")
        self.start_button.clicked.connect(self.start)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        note = QLabel(f"<h3>No {noun} yet</h3><p>Start it here; it saves as you type.</p>")
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch(1)
        empty_layout.addWidget(note)
        empty_layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        self.stack.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def autosaves(self) -> list[AutosaveController]:
        return [self.editor.autosave]

    def load(self, school_id: str) -> None:
        self.editor.flush()
        self.school_id = school_id
        self._loading = True
        Op(self, find_current, self.store, school_id, self.model, self._shown.year).success(
            partial(self._loaded, school_id)
        ).run()

    def focus_field(self, row_id: str, name: str) -> None:
        self.editor.focus_field(row_id, name)

    def select_record(self, row_id: str | None) -> None:
        """Show this record (a reminder names it), now or once the section has loaded."""
        if row_id is None or row_id == self.editor.row_id:
            return
        if self._loading:
            self._wanted = row_id
        elif self.school_id is not None:
            self._show(self.school_id, row_id)

    def _loaded(self, school_id: str, row_id: str | None) -> None:
        if school_id != self.school_id:
            return
        self._loading = False
        if self._wanted is not None:
            row_id, self._wanted = self._wanted, None
        self._show(school_id, row_id)

    def _show(self, school_id: str, row_id: str | None) -> None:
        if school_id != self.school_id:
            return
        self.editor.load(row_id)
        self.stack.setCurrentIndex(0 if row_id is None else 1)

    def start(self) -> None:
        if self.school_id is None:
            return
        sid = self.school_id
        start = partial(start_current, year=self._shown.year, **self.start_options())
        Op(self, start, self.store, self.actor(), sid, self.model).success(
            partial(self._started, sid)
        ).run()

    def start_options(self) -> dict[str, Any]:
        """What ``start_current`` is told besides the school and the model."""
        return {}

    def _started(self, school_id: str, row_id: str) -> None:
        self._show(school_id, row_id)


LEGAL_BASIS = "sharing_legal_basis"


class AgreementSection(DocumentSection):
    """The partnership agreement. A new one starts with the district's wording of the
    legal basis for sharing (Preferences); the form offers that wording again on request,
    and never replaces what an officer typed unasked."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        district_wording: Callable[[], str],
        **options: Any,
    ) -> None:
        super().__init__(store, actor, PartnershipAgreement, **options)
        self.district_wording = district_wording  # asked each time: Preferences may change it
        self.use_district = self.editor.form.add_button(LEGAL_BASIS, "Use the district's wording")
        self.use_district.setToolTip(
            "Replace this legal basis with the district's wording, set in Preferences"
        )
        self.use_district.clicked.connect(self.use_district_wording)

    def start_options(self) -> dict[str, Any]:
        return {"legal_basis": self.district_wording()}

    def use_district_wording(self) -> None:
        """As if the officer had typed it: saved by the autosave, undone by typing again."""
        self.editor.form.type_into(LEGAL_BASIS, legal_basis_wording(self.district_wording()))
