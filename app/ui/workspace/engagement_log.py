"""The school's engagement log: visits, meetings, calls and hui, newest first.

A list above and one form below: pick an entry to edit it, or start a new one. The form
saves as the officer types, like every other form: after a short pause, on switching
entry or school, and on closing (the workspace flushes it with its record editors). A new
entry is created on its first valid save; until then a refused value is marked on its
field and named in the message, and what was typed stays in the form. The saving itself is
the workspace's ``AutosaveController``; this module says what a save means for the log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
from app.models.vocabulary import EngagementKind
from app.services import engagements
from app.services.editing import SaveResult
from app.services.engagements import EngagementView
from app.services.store import Store
from app.ui.ops import Op
from app.ui.workspace.autosave import (
    AutosaveController,
    SaveOutcome,
    SavesAsTyped,
    SaveState,
    SaveStatus,
    SaveTarget,
)
from app.ui.workspace.engagement_form import EngagementForm, field_label
from lpc_core.formatting import format_nz_date
from lpc_core.validation import ValidationError

Confirm = Callable[[str, str], bool]
SAVED_STYLE = "color: #2e6b30;"
NOT_SAVED_STYLE = "color: #a4262c;"


@dataclass
class _Draft:
    """The entry the form is writing to. Saves run one after another on the store worker
    and each reads ``id`` there, so a second pause while the first save (which creates the
    entry) is still queued updates that entry instead of adding another."""

    school_id: str
    id: str | None = None


def _kind_label(value: str) -> str:
    try:
        return EngagementKind(value).label
    except ValueError:
        return value


def _save(store: Store, actor: str, draft: _Draft, values: dict[str, Any]) -> SaveResult:
    draft.id, result = engagements.save_engagement(store, actor, draft.school_id, draft.id, values)
    return result


class EngagementLog(QWidget, SavesAsTyped):
    """``saved(SaveResult)`` after every save; ``autosave`` is what the workspace holds."""

    changed = Signal()
    loaded = Signal()
    saved = Signal(object)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.school_id: str | None = None
        self.entries: list[EngagementView] = []
        self.draft: _Draft | None = None
        self.confirm: Confirm = self._ask
        self._select_after_load: str | None = None
        self.autosave = AutosaveController(self, self._save, self._target)
        self.autosave.finished.connect(self._show_outcome)
        self.autosave.state_changed.connect(self._set_status)
        self.autosave.saved.connect(self.saved)

        heading = QLabel("<b>Engagement log</b> — visits, meetings, calls and hui, newest first")
        self.new_button = QPushButton("&New entry")
        self.new_button.setToolTip("Start a new entry (Ctrl+Shift+N)")
        self.delete_button = QPushButton("De&lete entry")
        self.new_button.clicked.connect(self.new_entry)
        self.delete_button.clicked.connect(self.delete_selected)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)

        self.list = QTreeWidget()
        self.list.setAccessibleName("Engagement entries")
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setHeaderLabels([field_label(f) for f in engagements.ENGAGEMENT_FIELDS])
        header = self.list.header()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.list.currentItemChanged.connect(self._edit_current)

        self.form = EngagementForm()
        self.form.edited.connect(self._on_edit)
        # The fields by name, as tests and the rest of the log know them.
        self.date_edit = self.form.date_edit
        self.kind_edit = self.form.kind_edit
        self.people_edit = self.form.people_edit
        self.summary_edit = self.form.summary_edit
        self.widgets = self.form.widgets
        self.form_title = QLabel()

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem saving the entry")
        self.error.setStyleSheet("color: #8a1c22;")
        self.error.hide()
        self.status = QLabel()
        self.status.setAccessibleName("Entry save status")
        # Wide enough for its longest word, so the button does not shift as it changes.
        self.status.setMinimumWidth(self.status.fontMetrics().horizontalAdvance("Not saved") + 12)
        self.save_button = QPushButton("&Save now")
        self.save_button.setToolTip("Entries save as you type; this saves at once (Ctrl+Return)")
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addWidget(self.error, 1)
        save_row.addStretch(0)  # keeps the button its own size when there is no message
        self.status.setMinimumHeight(self.save_button.sizeHint().height())
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        save_row.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.form_title)
        layout.addWidget(self.form)
        layout.addLayout(save_row)

        panel = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.new_entry, context=panel)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save, context=panel)
        QShortcut(
            QKeySequence("Delete"),
            self.list,
            self.delete_selected,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.new_entry()
        self._update_buttons()

    # -- loading -------------------------------------------------------------------------
    def load(self, school_id: str) -> None:
        if school_id != self.school_id:
            self.school_id = school_id
            self.new_entry()
        self._reload()

    def _reload(self) -> None:
        if self.school_id is None:
            return
        school_id = self.school_id
        Op(self, engagements.read_engagements, self.store, school_id).success(
            lambda rows: self._show(school_id, rows)
        ).failure(lambda exc: self._show_error(f"The log could not be loaded: {exc}")).run()

    def _show(self, school_id: str, rows: list[EngagementView]) -> None:
        if school_id != self.school_id:
            return
        self.entries = rows
        self.list.blockSignals(True)  # refilling is not the officer choosing an entry
        self.list.clear()
        for entry in rows:
            item = QTreeWidgetItem(
                [
                    format_nz_date(entry.occurred_on),
                    _kind_label(entry.kind),
                    entry.people,
                    " ".join(entry.summary.split()),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            item.setToolTip(3, entry.summary)
            self.list.addTopLevelItem(item)
            if entry.id in (self._select_after_load, self.editing_id):
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._select_after_load = None
        self._update_buttons()
        self.loaded.emit()

    # -- the form ------------------------------------------------------------------------
    @property
    def editing_id(self) -> str | None:
        """The entry in the form; None for a new one not yet saved."""
        return self.draft.id if self.draft is not None else None

    def new_entry(self) -> None:
        self.flush()  # what was typed into the previous entry is saved first
        self.list.blockSignals(True)
        self.list.setCurrentIndex(QModelIndex())
        self.list.clearSelection()
        self.list.blockSignals(False)
        self.draft = _Draft(self.school_id) if self.school_id is not None else None
        self.form_title.setText("<b>New entry</b> — saved once it has a date and a summary")
        self.form.fill(
            {
                "occurred_on": format_nz_date(date.today()),
                "kind": EngagementKind.VISIT.value,
                "people": "",
                "summary": "",
            }
        )
        self.autosave.discard()
        self._show_error("")
        self._set_status(SaveState(SaveStatus.IDLE))
        self._update_buttons()

    def _edit_current(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        entry_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        entry = next((e for e in self.entries if e.id == entry_id), None)
        if entry is None or self.school_id is None:
            return
        self.flush()
        self.draft = _Draft(self.school_id, entry.id)
        self.form_title.setText(f"<b>Entry of {format_nz_date(entry.occurred_on)}</b>")
        self.form.fill(
            {
                "occurred_on": format_nz_date(entry.occurred_on),
                "kind": entry.kind,
                "people": entry.people,
                "summary": entry.summary,
            }
        )
        self.autosave.discard()
        self._show_error("")
        self._set_status(SaveState(SaveStatus.IDLE))
        self._update_buttons()

    def values(self) -> dict[str, Any]:
        return self.form.values()

    # -- saving --------------------------------------------------------------------------
    def _target(self) -> SaveTarget | None:
        return SaveTarget(self.draft, self.actor()) if self.draft is not None else None

    def _save(self, target: SaveTarget, values: dict[str, Any]) -> SaveResult:
        return _save(self.store, target.actor, target.record, values)

    def _on_edit(self) -> None:
        if self.draft is not None:
            self.autosave.edited(self.values())

    def save(self) -> None:
        """Save the form now, typed into or not (the button, Ctrl+Return)."""
        if self.draft is not None:
            self.autosave.edited(self.values(), quiet=True)
        self.flush()

    def _show_outcome(self, outcome: SaveOutcome) -> None:
        draft: _Draft = outcome.target.record
        result, exc = outcome.result, outcome.error
        if exc is not None:
            if outcome.current and isinstance(exc, LookupError):
                self.autosave.discard()  # the entry has gone: nothing to save it into
                self._refused_entry(exc)
            elif outcome.current:
                self._show_error(f"The entry could not be saved: {exc}")
            self.loaded.emit()
            return
        if result.saved:
            self.changed.emit()
        if not outcome.current:  # saved on the way out of an entry no longer shown
            if result.saved and draft.school_id == self.school_id:
                self._reload()  # the list shows what it now says
            return
        message = "\n".join(str(e) for e in result.errors)
        self._show_error(message, {e.field for e in result.errors})
        if result.saved and draft.id is not None:
            self.form_title.setText(f"<b>Entry of {self.date_edit.text()}</b>")
            self._select_after_load = draft.id
            self._reload()
        else:
            self.loaded.emit()  # nothing changed; the list still shows the store
        self._update_buttons()

    def _refused_entry(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._show_error("\n".join(str(e) for e in exc.errors), {e.field for e in exc.errors})
        elif isinstance(exc, LookupError):
            self.new_entry()
            self._show_error("This entry no longer exists; it may have been deleted elsewhere.")
            self._reload()
        else:
            self._show_error(f"The entry could not be changed: {exc}")
        self.loaded.emit()  # nothing changed; the list still shows the store

    def delete_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        entry_id = str(item.data(0, Qt.ItemDataRole.UserRole))
        if not self.confirm(
            "Delete entry",
            f"Delete the {item.text(1).lower()} of {item.text(0)} from the log? "
            "It stays in the record history.",
        ):
            return
        self.flush()

        def deleted(_result: object) -> None:
            self.new_entry()
            self.changed.emit()
            self._reload()

        remove = engagements.remove_engagement
        Op(self, remove, self.store, self.actor(), entry_id).success(deleted).failure(
            self._refused_entry
        ).run()

    # -- feedback ------------------------------------------------------------------------
    def _show_error(self, message: str, fields: set[str] | frozenset[str] = frozenset()) -> None:
        self.error.setText(f"⚠ {message}" if message else "")
        self.error.setVisible(bool(message))
        self.form.mark(message, fields)

    def _set_status(self, state: SaveState) -> None:
        if state.status is SaveStatus.SAVED and self.pending:
            return
        # The message beside the form names each field; here a short word is enough.
        shown = {SaveStatus.SAVED: "✓ Saved", SaveStatus.NOT_SAVED: "Not saved"}
        self.status.setText(shown.get(state.status, state.status.value))
        self.status.setToolTip(str(state))
        styles = {SaveStatus.SAVED: SAVED_STYLE, SaveStatus.NOT_SAVED: NOT_SAVED_STYLE}
        self.status.setStyleSheet(styles.get(state.status, ""))

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.list.currentItem() is not None)
        self.save_button.setEnabled(self.school_id is not None)
        self.new_button.setEnabled(self.school_id is not None)

    def _ask(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes
