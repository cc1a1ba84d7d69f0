"""The school's engagement log: visits, meetings, calls and hui, newest first.

A list above and one form below: pick an entry to edit it, or start a new one. Saving
goes through the engagement services on the store worker; a refused value is marked on
its field and named in the message, and what was typed stays in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models import EngagementEntry, spec_of
from app.models.vocabulary import EngagementKind
from app.services import engagements
from app.services.engagements import EngagementView
from app.services.formatting import format_nz_date
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.validation import ValidationError
from app.ui.ops import Op

Confirm = Callable[[str, str], bool]
ERROR_STYLE = "border: 2px solid #a4262c;"


def _label(field: str) -> str:
    spec = spec_of(EngagementEntry, field)
    return spec.label if spec else field


def _kind_label(value: str) -> str:
    try:
        return EngagementKind(value).label
    except ValueError:
        return value


def _read(store: Store, school_id: str) -> list[EngagementView]:
    with store.session() as session:
        return engagements.list_engagements(session, school_id)


def _save(
    store: Store, actor: str, school_id: str, entry_id: str | None, values: dict[str, Any]
) -> str:
    with UnitOfWork(store, actor=actor) as uow:
        if entry_id is None:
            return engagements.add_engagement(uow, school_id, **values).id
        return engagements.update_engagement(uow, entry_id, **values).id


def _delete(store: Store, actor: str, entry_id: str) -> None:
    with UnitOfWork(store, actor=actor) as uow:
        engagements.delete_engagement(uow, entry_id)


class EngagementLog(QWidget):
    changed = Signal()
    loaded = Signal()

    def __init__(self, store: Store, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.school_id: str | None = None
        self.entries: list[EngagementView] = []
        self.editing_id: str | None = None
        self.confirm: Confirm = self._ask
        self._select_after_load: str | None = None

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
        self.list.setHeaderLabels([_label(f) for f in engagements.ENGAGEMENT_FIELDS])
        header = self.list.header()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.list.currentItemChanged.connect(self._edit_current)

        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("dd/mm/yyyy")
        self.date_edit.setMaximumWidth(120)
        self.kind_edit = QComboBox()
        self.kind_edit.setMaximumWidth(260)
        for value, label in EngagementKind.choices():
            self.kind_edit.addItem(label, value)
        self.people_edit = QLineEdit()
        self.people_edit.setPlaceholderText("Who was there, in their roles")
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setPlaceholderText("What was discussed and agreed")
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setMaximumHeight(90)
        self.widgets: dict[str, QWidget] = {
            "occurred_on": self.date_edit,
            "kind": self.kind_edit,
            "people": self.people_edit,
            "summary": self.summary_edit,
        }
        self.form_title = QLabel()
        form = QFormLayout()
        for field, widget in self.widgets.items():
            widget.setAccessibleName(_label(field))
            form.addRow(f"{_label(field)}:", widget)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem saving the entry")
        self.error.setStyleSheet("color: #8a1c22;")
        self.error.hide()
        self.save_button = QPushButton("&Save entry")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addWidget(self.error, 1)
        save_row.addStretch(0)  # keeps the button its own size when there is no message
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.form_title)
        layout.addLayout(form)
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
        Op(self, _read, self.store, school_id).success(
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
    def new_entry(self) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentIndex(QModelIndex())
        self.list.clearSelection()
        self.list.blockSignals(False)
        self.editing_id = None
        self.form_title.setText("<b>New entry</b>")
        self.date_edit.setText(format_nz_date(date.today()))
        self.kind_edit.setCurrentIndex(self.kind_edit.findData(EngagementKind.VISIT.value))
        self.people_edit.clear()
        self.summary_edit.clear()
        self._show_error("")
        self._update_buttons()

    def _edit_current(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        entry_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        entry = next((e for e in self.entries if e.id == entry_id), None)
        if entry is None:
            return
        self.editing_id = entry.id
        self.form_title.setText(f"<b>Entry of {format_nz_date(entry.occurred_on)}</b>")
        self.date_edit.setText(format_nz_date(entry.occurred_on))
        self.kind_edit.setCurrentIndex(max(self.kind_edit.findData(entry.kind), 0))
        self.people_edit.setText(entry.people)
        self.summary_edit.setPlainText(entry.summary)
        self._show_error("")
        self._update_buttons()

    def values(self) -> dict[str, Any]:
        return {
            "occurred_on": self.date_edit.text(),
            "kind": self.kind_edit.currentData(),
            "people": self.people_edit.text(),
            "summary": self.summary_edit.toPlainText(),
        }

    def save(self) -> None:
        if self.school_id is None:
            return
        school_id = self.school_id
        Op(self, _save, self.store, self.actor, school_id, self.editing_id, self.values()).success(
            lambda entry_id: self._saved(school_id, entry_id)
        ).failure(self._refused).run()

    def _saved(self, school_id: str, entry_id: str) -> None:
        self.changed.emit()
        if school_id != self.school_id:
            return  # saved, but the officer has moved on to another school
        self._show_error("")
        self.editing_id = entry_id
        self._select_after_load = entry_id
        self.form_title.setText("<b>Entry saved</b>")
        self._reload()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._show_error("\n".join(str(e) for e in exc.errors), {e.field for e in exc.errors})
        elif isinstance(exc, LookupError):
            self._show_error("This entry no longer exists; it may have been deleted elsewhere.")
            self.new_entry()
            self._reload()
        else:
            self._show_error(f"The entry could not be saved: {exc}")
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

        def deleted(_result: object) -> None:
            self.new_entry()
            self.changed.emit()
            self._reload()

        Op(self, _delete, self.store, self.actor, entry_id).success(deleted).failure(
            self._refused
        ).run()

    # -- feedback ------------------------------------------------------------------------
    def _show_error(self, message: str, fields: set[str] | frozenset[str] = frozenset()) -> None:
        self.error.setText(f"⚠ {message}" if message else "")
        self.error.setVisible(bool(message))
        for field, widget in self.widgets.items():
            widget.setStyleSheet(ERROR_STYLE if field in fields else "")
            spec_label = _label(field)
            widget.setAccessibleDescription(
                next((line for line in message.splitlines() if line.startswith(spec_label)), "")
                if field in fields
                else ""
            )

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.list.currentItem() is not None)
        self.save_button.setEnabled(self.school_id is not None)
        self.new_button.setEnabled(self.school_id is not None)

    def _ask(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes
