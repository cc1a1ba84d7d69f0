"""A school's Attachments tab: the files kept with it, added by drop or file dialog,
opened with the system viewer, and removed.

Adding and removing go through the store worker (``Op``); reading a file back and
writing its temporary copy run in the background pool, so a 25 MB scan never holds up
the window or a save. The decrypted copy handed to the viewer is removed
``COPY_LIFETIME_MS`` after opening (the viewer has read it by then; one that keeps the
file locked, as on Windows, makes the removal wait for the next sweep), and every copy
left is removed when the app closes and swept again when the tab is next built.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
from app.models import Attachment
from app.models.vocabulary import AttachmentKind
from app.services.attachment_links import LinkChoice, link_choices, set_link
from app.services.attachments import (
    AttachmentRow,
    TempCopies,
    add_attachment,
    list_attachments,
    read_content,
    remove_attachment,
)
from app.services.changes import ChangeSet
from app.services.file_types import ALLOWED, MAX_SIZE
from app.services.store import Store
from app.ui.notify import notify
from app.ui.ops import Op, listen
from app.ui.workspace.autosave import AutosaveController
from app.ui.workspace.record_editor import RecordEditor
from lpc_core.formatting import format_nz_date

COPY_LIFETIME_MS = 10 * 60 * 1000
COLUMNS = ("Title", "Kind", "Date", "File", "Size")
HINT = (
    f"Drop files here or choose “Attach a file…”. {ALLOWED}, up to {MAX_SIZE // 2**20} MB "
    "each. Files are kept encrypted in this app's store."
)


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(1, round(n / 1024))} kB"


class _DropTable(QTableWidget):
    """The list of files; files dropped on it are announced by ``files_dropped``."""

    files_dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


class AttachmentsPanel(QWidget):
    """``opened(path)`` once a decrypted copy is handed to the system viewer."""

    opened = Signal(Path)

    def __init__(
        self,
        store: Store,
        actor: Actor,
        copies: TempCopies | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.school_id: str | None = None
        self.rows: list[AttachmentRow] = []
        self.copies = copies or TempCopies()
        self.copies.sweep(COPY_LIFETIME_MS / 1000)  # what a crash left behind
        app = QCoreApplication.instance()
        if app is not None:  # a bound slot: Qt drops the connection with this widget
            app.aboutToQuit.connect(self._remove_copies)

        self.table = _DropTable()
        self.table.setAccessibleName("Attachments")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.files_dropped.connect(self.add_files)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())

        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of the files added")
        for member in AttachmentKind:
            self.kind.addItem(member.label, member.value)
        self.kind.setCurrentIndex(self.kind.findData(AttachmentKind.OTHER.value))
        self.add_button = QPushButton("Attach a file…")
        self.add_button.clicked.connect(self._choose_files)
        self.open_button = QPushButton("Open")
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("Remove…")
        self.remove_button.clicked.connect(self._confirm_remove)
        self.status = QLabel(HINT)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Attachments status")
        self.belongs = QComboBox()
        self.belongs.setAccessibleName("Belongs to")
        self.belongs.setEnabled(False)
        self.belongs.activated.connect(self._link_chosen)
        self.editor = RecordEditor(
            store,
            actor,
            Attachment,
            exclude=("linked_table", "linked_id", "file_name", "media_type", "size", "sha256"),
        )

        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Add as"))
        buttons.addWidget(self.kind)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status)
        splitter = QSplitter()
        splitter.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor)
        belongs_row = QHBoxLayout()
        belongs_row.addWidget(QLabel("Belongs to"))
        belongs_row.addWidget(self.belongs, 1)
        right_layout.addLayout(belongs_row)
        right_layout.addStretch(1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([680, 380])
        self.editor.setMinimumWidth(340)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        listen(self, self._data_changed)
        self._selected()

    def _remove_copies(self) -> None:
        self.copies.remove_all()

    # -- WorkspaceTab --------------------------------------------------------------------------
    def autosaves(self) -> Sequence[AutosaveController]:
        return [self.editor.autosave]

    def load(self, school_id: str) -> None:
        self.editor.flush()
        self.school_id = school_id
        self.reload()

    def reload(self) -> None:
        if self.school_id is not None:
            sid = self.school_id
            Op(self, list_attachments, self.store, sid).success(partial(self._show, sid)).run()

    def _show(self, school_id: str, rows: list[AttachmentRow]) -> None:
        if school_id != self.school_id:
            return
        chosen = self.selected_id()
        self.rows = rows
        self.table.blockSignals(True)  # one selection change at the end, not one per row
        self.table.clearSelection()
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            file = (
                r.file_name if r.on_this_computer else f"{r.file_name} (not on this computer yet)"
            )
            values = (
                r.title,
                r.kind.label,
                format_nz_date(r.dated_on),
                file,
                _size(r.size),
            )
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))
            if r.id == chosen:
                self.table.selectRow(i)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self._selected()

    def _data_changed(self, changes: ChangeSet, _initiator: object) -> None:
        if self.school_id is not None and changes.touches(self.school_id, ("attachments",)):
            self.reload()

    # -- selection -----------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        picked = self.table.selectionModel().selectedRows()
        return (
            self.rows[picked[0].row()].id if picked and picked[0].row() < len(self.rows) else None
        )

    def _selected(self) -> None:
        row_id = self.selected_id()
        self.open_button.setEnabled(row_id is not None)
        self.remove_button.setEnabled(row_id is not None)
        if row_id != self.editor.row_id:
            self.editor.load(row_id)
        self._load_links()

    # -- the record it belongs to --------------------------------------------------------------
    def _load_links(self) -> None:
        self.belongs.setEnabled(False)
        if self.school_id is not None and self.selected_id() is not None:
            sid = self.school_id
            Op(self, link_choices, self.store, sid).success(partial(self._show_links, sid)).run()

    def _show_links(self, school_id: str, choices: list[LinkChoice]) -> None:
        row = next((r for r in self.rows if r.id == self.selected_id()), None)
        if school_id != self.school_id or row is None:
            return
        self.belongs.clear()
        self.belongs.addItem("The school as a whole", None)
        for choice in choices:
            self.belongs.addItem(choice.label, choice)
            if (choice.link, choice.record_id) == (row.linked_to, row.linked_id):
                self.belongs.setCurrentIndex(self.belongs.count() - 1)
        self.belongs.setEnabled(True)

    def _link_chosen(self, index: int) -> None:
        row_id = self.selected_id()
        if row_id is not None:
            choice = self.belongs.itemData(index)
            Op(self, set_link, self.store, self.actor(), row_id, choice).failure(
                self._not_linked
            ).run()

    def _not_linked(self, exc: BaseException) -> None:
        self.status.setText(f"Not changed: {exc}")
        self._load_links()  # show what is stored

    # -- adding --------------------------------------------------------------------------------
    def _choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, "Attach files to this school")
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        """Attach each file (in order, on the store worker); a refused one is reported by
        name with the reason and the others still go in."""
        if self.school_id is None:
            return
        kind = AttachmentKind(self.kind.currentData())
        for path in paths:
            self.status.setText(f"Attaching {path.name}…")
            Op(self, self._add, self.actor(), self.school_id, path, kind).success(
                partial(self._attached, path.name)
            ).failure(self._refused).run()

    def _attached(self, name: str, _row_id: str) -> None:
        self.status.setText(f"Attached {name}.")

    def _add(self, actor: str, school_id: str, path: Path, kind: AttachmentKind) -> str:
        return add_attachment(self.store, actor, school_id, path, kind=kind)

    def _refused(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, (ValueError, LookupError, OSError)) else repr(exc)
        self.status.setText(f"Not attached: {text}")
        notify(self, "Not attached", text)

    # -- opening and removing ------------------------------------------------------------------
    def open_selected(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        Op(self, self._decrypt_copy, row_id).in_background().success(self._hand_to_viewer).failure(
            self._cannot_open
        ).run()

    def _cannot_open(self, exc: BaseException) -> None:
        self.status.setText(f"Not opened: {exc}")
        notify(self, "Cannot open", str(exc))

    def _decrypt_copy(self, row_id: str) -> Path:
        return self.copies.write(*read_content(self.store, row_id))

    def _hand_to_viewer(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        QTimer.singleShot(COPY_LIFETIME_MS, partial(self.copies.remove, path))
        self.opened.emit(path)

    def _confirm_remove(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove attachment",
            "Remove this file from the school? It is removed on every computer at the next sync.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: (
                self.remove(row_id)
                if box.standardButton(button) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        box.open()

    def remove(self, row_id: str) -> None:
        Op(self, remove_attachment, self.store, self.actor(), row_id).failure(self._refused).run()
