"""One record's form, saved as the officer types through its ``AutosaveController``.

Edits wait for a short pause (``DEBOUNCE_MS``), or at most ``MAX_WAIT_MS`` after the first
unsaved edit while typing goes on, and are then committed on the store's worker, one
transaction each time, so a crash or a kill loses at most the last second of typing.
Fields that fail a rule stay on screen, marked, and are not saved; the others are.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from app.config import Actor
from app.models import Synced
from app.services.editing import (
    LINK_LABELS,
    LINK_TARGETS,
    FormData,
    SaveResult,
    check_values,
    form_fields,
    load_form,
    save_fields,
)
from app.services.store import Store
from app.ui.ops import Op
from app.ui.workspace.autosave import (
    AutosaveController,
    SaveOutcome,
    SavesAsTyped,
    SaveStatus,
    SaveTarget,
)
from app.ui.workspace.field_form import FieldForm


class _FormScroll(QScrollArea):
    """A scroll area that never lets the form grow wider than what is visible.

    Word-wrapped labels make the form's height depend on its width, and QScrollArea then
    can keep the width it had before the vertical scroll bar appeared, clipping the right
    edge; following the viewport's own resizes keeps the two in step.
    """

    def __init__(self) -> None:
        super().__init__()
        self.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.viewport():
            widget = self.widget()
            if widget is not None:
                widget.setMaximumWidth(self.viewport().width())
        return super().eventFilter(watched, event)


class RecordEditor(QWidget, SavesAsTyped):
    """``saved(SaveResult)`` after every save; ``autosave`` is what the workspace holds."""

    saved = Signal(object)
    loaded = Signal()
    edited = Signal(str)

    def __init__(
        self,
        store: Store,
        actor: Actor,
        model: type[Synced],
        *,
        exclude: Sequence[str] = (),
        hints: dict[str, str] | None = None,
        headings: dict[str, str] | None = None,
        scroll: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.model = model
        links = [
            (name, LINK_LABELS[(m, name)], not self._nullable(name))
            for (m, name) in LINK_TARGETS
            if m is model and name not in exclude
        ]
        self.form = FieldForm(form_fields(model, tuple(exclude)), links, hints, headings)
        self._has_links = bool(links)
        self.form.edited.connect(self._on_edit)
        self.row_id: str | None = None
        self._shown = False  # the record's values are on screen (not still being read)
        self._focus: tuple[str, str] | None = None  # (record, field) for the cursor, once shown
        self.autosave = AutosaveController(self, self._save, self._target)
        self.autosave.finished.connect(self._show_outcome)
        self.autosave.saved.connect(self.saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if scroll:
            area = _FormScroll()
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(self.form)
            layout.addWidget(area)
        else:
            layout.addWidget(self.form)
        self.setEnabled(False)

    def _nullable(self, name: str) -> bool:
        return bool(self.model.__table__.columns[name].nullable)  # type: ignore[attr-defined]

    # -- loading -----------------------------------------------------------------------------
    def load(self, row_id: str | None) -> None:
        """Show a record (flushing what was typed into the previous one first)."""
        self.flush()
        self.row_id = row_id
        self._shown = False
        self.autosave.discard()
        self.form.clear_errors()
        self.setEnabled(row_id is not None)
        if row_id is None:
            self.form.set_values({name: None for name in self.form.names()})
            return
        Op(self, load_form, self.store, self.model, row_id).success(
            partial(self._show, row_id)
        ).failure(lambda exc: self.autosave.report(SaveStatus.UNREADABLE, str(exc))).run()

    def showEvent(self, event: QShowEvent) -> None:
        """Links point at other records that may have changed since: read their names again."""
        super().showEvent(event)
        if self._has_links and self.row_id is not None:
            Op(self, load_form, self.store, self.model, self.row_id).success(
                partial(self._show_choices, self.row_id)
            ).run()

    def _show_choices(self, row_id: str, data: FormData) -> None:
        if row_id == self.row_id:
            for name, choices in data.choices.items():
                self.form.set_link_choices(name, choices)

    def _show(self, row_id: str, data: FormData) -> None:
        if row_id != self.row_id:
            return  # another record was chosen meanwhile
        for name, choices in data.choices.items():
            self.form.set_link_choices(name, choices)
        self.form.set_values(data.values, keep=set(self.autosave.dirty))
        self._shown = True
        self._take_focus()
        self.loaded.emit()

    def focus_field(self, row_id: str, name: str) -> None:
        """Put the cursor in a record's field (one a stage lacks), once that record is on
        screen: now, or when the list or section choosing it has shown it."""
        self._focus = (row_id, name)
        if self._shown:
            self._take_focus()

    def _take_focus(self) -> None:
        if self._focus is None or self._focus[0] != self.row_id:
            return  # another record is shown; the one asked for may follow
        name = self._focus[1]
        self._focus = None
        if name in self.form.names():
            self.form.editor(name).setFocus()

    # -- saving ------------------------------------------------------------------------------
    def _target(self) -> SaveTarget | None:
        return SaveTarget(self.row_id, self.actor()) if self.row_id is not None else None

    def _save(self, target: SaveTarget, values: dict[str, Any]) -> SaveResult:
        return save_fields(self.store, target.actor, self.model, target.record, values)

    def _on_edit(self, name: str) -> None:
        value = self.form.value(name)
        errors = check_values(self.model, {name: value}) if name in self.form.fields else []
        self.form.show_error(name, str(errors[0]) if errors else None)
        self.autosave.edited({name: value})
        self.edited.emit(name)

    def _show_outcome(self, outcome: SaveOutcome) -> None:
        if not outcome.current:
            return  # saved on the way out of a record no longer shown
        for name in outcome.result.saved:
            self.form.show_error(name, None)
        for error in outcome.result.errors:
            self.form.show_error(error.field, str(error))
