"""Choosing between this device's value and the district server's, field by field.

Both values were kept when the conflict was found; the record shows the server's value
until a choice is made. The choice is an ordinary edit, so it syncs like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
from app.ui.ops import Op

if TYPE_CHECKING:
    from app.services.store import Store
    from app.services.sync.conflicts import ConflictItem


FIELD_EXPLAIN = (
    "The same field was changed here and on the district server before they synced. "
    "The record shows the server's value until you choose."
)
REFUSED_EXPLAIN = (
    "The district server refused this change: {message} "
    "Your change is kept on this computer. Try again once the reason is dealt with "
    "(for example when the school is assigned to you again), or discard your change."
)
DELETION_EXPLAIN = (
    "You changed this record here, but it was deleted on another device before they "
    "synced. Your changes are kept below so you can copy what you need."
)


def _load(store: Store) -> list[ConflictItem]:
    from app.services.sync.conflicts import load_conflicts

    return load_conflicts(store)


def _resolve(store: Store, actor: str, conflict_id: int, choice: str, edited: str) -> None:
    from app.services.sync.conflicts import resolve_conflict

    resolve_conflict(store, actor, conflict_id, choice, edited)


def _text_box(name: str, read_only: bool) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(read_only)
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(90)
    return box


class ConflictsDialog(QDialog):
    """Emits ``resolved(int)`` (how many are left) after each choice."""

    resolved = Signal(int)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.items: list[ConflictItem] = []
        self.setWindowTitle("Sync conflicts")
        self.resize(860, 460)

        self.list = QListWidget()
        self.list.setAccessibleName("Conflicts")
        self.list.currentRowChanged.connect(self._show_current)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.explain = QLabel(FIELD_EXPLAIN)
        self.explain.setWordWrap(True)
        self.explain.setTextFormat(Qt.TextFormat.PlainText)
        self.mine = _text_box("Your value (this device)", read_only=True)
        self.theirs = _text_box("District server's value", read_only=True)
        self.edited = _text_box("Edited value", read_only=False)
        self.keep_mine = QPushButton("Keep mine")
        self.keep_theirs = QPushButton("Keep theirs")
        self.use_edited = QPushButton("Use edited value")
        self.keep_mine.clicked.connect(lambda: self._choose(self._mine_choice()))
        self.keep_theirs.clicked.connect(lambda: self._choose("theirs"))
        self.use_edited.clicked.connect(lambda: self._choose("edited"))

        sides = QGridLayout()
        mine_box, theirs_box = QGroupBox("Yours (this device)"), QGroupBox("District server")
        QVBoxLayout(mine_box).addWidget(self.mine)
        QVBoxLayout(theirs_box).addWidget(self.theirs)
        sides.addWidget(mine_box, 0, 0)
        sides.addWidget(theirs_box, 0, 1)
        sides.addWidget(self.keep_mine, 1, 0)
        sides.addWidget(self.keep_theirs, 1, 1)
        edited_box = QGroupBox("Or type the value to keep")
        self.edited_box = edited_box
        edited_layout = QHBoxLayout(edited_box)
        edited_layout.addWidget(self.edited, 1)
        edited_layout.addWidget(self.use_edited, 0, Qt.AlignmentFlag.AlignBottom)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.explain)
        detail_layout.addLayout(sides)
        detail_layout.addWidget(edited_box)
        detail_layout.addWidget(self.error)
        detail_layout.addStretch(1)
        self.detail = detail

        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setSizes([260, 600])

        self.empty = QLabel("<h3>No conflicts</h3><p>Nothing is waiting for you to choose.</p>")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(buttons)
        self.splitter = splitter
        self.empty.hide()
        self._enable(False)
        self.reload()

    def reload(self) -> None:
        Op(self, _load, self.store).success(self._fill).failure(
            lambda exc: self.error.setText(str(exc))
        ).run()

    def _fill(self, items: list[ConflictItem]) -> None:
        self.items = items
        self.list.clear()
        for item in items:
            label = item.record_label[:1].upper() + item.record_label[1:]
            entry = QListWidgetItem(f"{item.school_name}\n{label}: {item.field_label}")
            entry.setToolTip(f"{item.school_name} · {item.record_label} · {item.field_label}")
            self.list.addItem(entry)
        has_any = bool(items)
        self.splitter.setVisible(has_any)
        self.empty.setVisible(not has_any)
        self._enable(has_any)
        if has_any:
            self.list.setCurrentRow(0)

    def _show_current(self, row: int) -> None:
        self.error.clear()
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        self.heading.setText(
            f"<h3>{item.field_label}</h3><p>{item.school_name} · {item.record_label}</p>"
        )
        self.mine.setPlainText(item.mine_text)
        self.theirs.setPlainText(item.theirs_text)
        self.edited.setPlainText(
            "" if item.is_deletion or item.mine in (None, "") else item.mine_text
        )
        self._enable(True)
        if item.is_refused:
            self.explain.setText(REFUSED_EXPLAIN.format(message=item.message.rstrip(".") + "."))
            self.edited.clear()
        else:
            self.explain.setText(DELETION_EXPLAIN if item.is_deletion else FIELD_EXPLAIN)
        self.keep_mine.setText("Try again" if item.is_refused else "Keep mine")
        self.keep_theirs.setText(
            "Discard my change"
            if item.is_refused
            else "Accept the deletion"
            if item.is_deletion
            else "Keep theirs"
        )
        self.edited_box.setVisible(not item.is_refused)
        for w in (self.keep_mine, self.use_edited, self.edited):
            w.setEnabled(not item.is_deletion)

    def _mine_choice(self) -> str:
        item = self.current()
        return "retry" if item is not None and item.is_refused else "mine"

    def current(self) -> ConflictItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _choose(self, choice: str) -> None:
        item = self.current()
        if item is None:
            return
        self._enable(False)
        self.error.clear()
        Op(
            self, _resolve, self.store, self.actor(), item.id, choice, self.edited.toPlainText()
        ).success(lambda _none: self._after_choice()).failure(self._refused).run()

    def _after_choice(self) -> None:
        self.resolved.emit(max(0, len(self.items) - 1))
        self.reload()

    def _refused(self, exc: BaseException) -> None:
        self._enable(True)
        self.error.setText(str(exc))

    def _enable(self, on: bool) -> None:
        for w in (self.keep_mine, self.keep_theirs, self.use_edited, self.edited):
            w.setEnabled(on)
