"""Master-detail editing for a school's lists: contacts, outcomes, aims, responses…

The list on the left names each record; the form on the right edits the chosen one and
saves as the officer types. Adding creates the record at once (with a starting title to
overtype), so nothing typed into a new record waits on a separate "save".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
from app.models import Synced
from app.services.editing import RowSummary, SaveResult, add_row, delete_row, list_rows
from app.services.store import Store
from app.ui.notify import notify
from app.ui.ops import Op
from app.ui.workspace.autosave import AutosaveController
from app.ui.workspace.record_editor import RecordEditor
from app.ui.workspace.shown_year import ShownYear

ID_ROLE = Qt.ItemDataRole.UserRole


class ListEditor(QWidget):
    """``rows_loaded(count)`` after the list is (re)read; ``added(row_id)`` after Add."""

    rows_loaded = Signal(int)
    added = Signal(str)
    changed = Signal()  # a record was added or removed (saves report through the editor)

    def __init__(
        self,
        store: Store,
        actor: Actor,
        model: type[Synced],
        *,
        noun: str,
        new_values: Callable[[], dict[str, Any]] | None = None,
        where_field: str | None = None,
        hints: dict[str, str] | None = None,
        exclude: Sequence[str] = (),
        empty_text: str = "",
        adder: Callable[[Store, str, str, int | None], str] | None = None,
        shown: ShownYear | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.model = model
        self.noun = noun
        self._new_values = new_values or (lambda: {})
        self._where_field = where_field
        self._adder = adder
        self._shown = shown or ShownYear()
        self._choose: str | None = None  # the record to show once the list arrives
        self.school_id: str | None = None
        self._where: dict[str, str] = {}
        hidden = (*exclude, where_field) if where_field else tuple(exclude)
        self.editor = RecordEditor(store, actor, model, exclude=hidden, hints=hints)
        self.editor.saved.connect(self._after_save)

        self.list = QListWidget()
        self.list.setAccessibleName(f"{noun.capitalize()} list")
        self.list.setWordWrap(True)
        self.list.setMinimumWidth(160)
        self.list.currentItemChanged.connect(self._current_changed)
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName(f"Remove {noun}")
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        left_layout.addLayout(buttons)

        self.empty_label = QLabel(empty_text or f"Nothing here yet. Add the first {noun}.")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_add = QPushButton(f"Add the first {noun}")
        self.empty_add.clicked.connect(self.add)
        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.empty_add, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.detail = QStackedWidget()
        self.detail.addWidget(self.empty)
        self.detail.addWidget(self.editor)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([200, 760])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        # Tab goes list, Add, Remove, then down the form (creation order would put the form
        # first). Every field is placed in turn: moving only the first would leave it cut
        # off from the fields below it.
        stops: list[QWidget] = [self.list, self.add_button, self.remove_button]
        stops += [self.editor.form.editor(name) for name in self.editor.form.names()]
        for before, after in pairwise(stops):
            QWidget.setTabOrder(before, after)
        self._update_buttons()

    # -- loading -----------------------------------------------------------------------------
    def autosaves(self) -> list[AutosaveController]:
        return [self.editor.autosave]

    def load(self, school_id: str, parent_id: str | None = None) -> None:
        self.editor.flush()
        self.school_id = school_id
        self._where = {self._where_field: parent_id} if self._where_field and parent_id else {}
        self.add_button.setEnabled(not self._where_field or parent_id is not None)
        self.empty_add.setEnabled(self.add_button.isEnabled())
        self.empty_add.setVisible(not self.add_button.isHidden())
        self.reload()

    def reload(self, choose: str | None = None) -> None:
        if self.school_id is None:
            return
        if choose is not None:
            self._choose = choose
        year = self._shown.year
        Op(self, list_rows, self.store, self.model, self.school_id, self._where, year).success(
            partial(self._show_rows, self.school_id)
        ).run()

    def _show_rows(self, school_id: str | None, rows: list[RowSummary]) -> None:
        if school_id != self.school_id:
            return
        # Decided now, not when asked: the officer may have picked another record meanwhile.
        keep, self._choose = self._choose or self.editor.row_id, None
        self.list.blockSignals(True)
        self.list.clear()
        chosen = None
        for r in rows:
            item = QListWidgetItem(r.title)
            item.setData(ID_ROLE, r.id)
            self.list.addItem(item)
            if r.id == keep:
                chosen = item
        self.list.blockSignals(False)
        if chosen is None and self.list.count():
            chosen = self.list.item(0)
        if chosen is not None:
            if chosen.data(ID_ROLE) == self.editor.row_id:
                self.list.blockSignals(True)
                self.list.setCurrentItem(chosen)
                self.list.blockSignals(False)
            else:
                self.list.setCurrentItem(chosen)
        else:
            self.editor.load(None)
        self.detail.setCurrentWidget(self.editor if rows else self.empty)
        self._update_buttons()
        self.rows_loaded.emit(len(rows))

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.editor.load(None if current is None else current.data(ID_ROLE))
        self._update_buttons()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(ID_ROLE))

    def focus_field(self, row_id: str, name: str) -> None:
        self.editor.focus_field(row_id, name)

    def select_record(self, row_id: str | None) -> None:
        """Show a record a reminder or a missing item names (once the list has it)."""
        if row_id is None:
            return
        if any(self.list.item(i).data(ID_ROLE) == row_id for i in range(self.list.count())):
            self.select_row(row_id)
        else:
            self.reload(choose=row_id)

    def select_row(self, row_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == row_id:
                self.list.setCurrentRow(i)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.list.currentItem() is not None)

    def _after_save(self, result: SaveResult) -> None:
        if result.saved:
            self.reload()

    # -- adding and removing ------------------------------------------------------------------
    def add(self) -> None:
        if self.school_id is None:
            return
        op: Op[str]
        if self._adder is not None:
            op = Op(self, self._adder, self.store, self.actor(), self.school_id, self._shown.year)
        else:
            values = {**self._new_values(), **self._where}
            sid, year = self.school_id, self._shown.year
            op = Op(self, add_row, self.store, self.actor(), self.model, sid, values, year)
        op.success(self._added).failure(lambda exc: self._notify_failure(exc)).run()

    def _notify_failure(self, exc: BaseException) -> None:
        notify(self, f"Could not add the {self.noun}", str(exc))

    def _added(self, row_id: str) -> None:
        self.reload(choose=row_id)
        self.added.emit(row_id)
        self.changed.emit()
        first = self.editor.form.names()
        if first:
            self.editor.form.editor(first[0]).setFocus()

    def remove(self, confirm: bool = True) -> None:
        row_id = self.current_id()
        if row_id is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self, f"Remove this {self.noun}?", f"Remove “{self.list.currentItem().text()}”?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.editor.flush()
        self.editor.load(None)
        Op(self, delete_row, self.store, self.actor(), self.model, row_id).success(
            self._removed
        ).run()

    def _removed(self, _result: object) -> None:
        self.reload()
        self.changed.emit()
