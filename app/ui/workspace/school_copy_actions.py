"""Sending a school its copy and taking the returned copy in, from the workspace.

The reading, checking and storing run through ``Op`` on the store worker (the files are
small; the store work must queue with the officer's saves); this object only asks where,
shows the review and reports. A refused file is explained in a message and changes
nothing.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from app.config import Actor
from app.services.school_copy import (
    ApplyResult,
    CopyRefusedError,
    Manifest,
    Review,
    apply_review,
    review_file,
    send_school_copy,
)
from app.services.school_copy.sends import SendRecord, copy_out, describe
from app.services.store import Store
from app.ui.notify import notify
from app.ui.ops import Op
from app.ui.school_copy_dialog import SchoolCopyReviewDialog


class SchoolCopyActions(QObject):
    """``review_shown(dialog)`` once a returned copy's review is on screen;
    ``finished(text)`` after a send, a refusal or a store, with what the officer was told."""

    review_shown = Signal(object)
    finished = Signal(str)
    status = Signal(str, str, bool)  # text, the parts out (a tooltip), over three weeks

    def __init__(self, owner: QWidget, store: Store, actor: Actor) -> None:
        super().__init__(owner)  # the owner is reached as ``parent()``: a Python
        # reference to it from here would keep a closed workspace's wrapper alive
        self.store = store
        self.actor = actor
        self.dialog: SchoolCopyReviewDialog | None = None

    @property
    def owner(self) -> QWidget:
        parent = self.parent()
        assert isinstance(parent, QWidget)
        return parent

    # -- tracking ----------------------------------------------------------------------
    def refresh_status(self, school_id: str) -> None:
        Op(self, copy_out, self.store, school_id).success(
            lambda record: self._show_status(school_id, record)
        ).run()

    def _show_status(self, school_id: str, record: SendRecord | None) -> None:
        if getattr(self.owner, "school_id", None) != school_id:
            return  # the officer has moved on to another school
        if record is None:
            self.status.emit("", "", False)
            return
        today = date.today()
        parts = ", ".join(record.parts)
        self.status.emit(describe(record, today), parts, record.overdue(today))

    # -- sending -----------------------------------------------------------------------
    def choose_folder_and_send(self, school_id: str) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.owner, "Save the school's copy in this folder", str(Path.home())
        )
        if folder:
            self.send(school_id, Path(folder))

    def send(self, school_id: str, folder: Path) -> None:
        Op(self, send_school_copy, self.store, school_id, folder).success(self._sent).failure(
            self._failed
        ).run()

    def _sent(self, sent: tuple[Path, Manifest]) -> None:
        path = sent[0]
        self._tell(
            "Copy ready to send",
            f"<p>Saved {escape(path.name)} in {escape(str(path.parent))}.</p><p>Email it to "
            "the school; when it comes back, drop the file on this workspace.</p>",
        )

    # -- taking in ---------------------------------------------------------------------
    def choose_file_and_take_in(self, school_id: str) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.owner, "The school's completed copy", str(Path.home()), "Word (*.docx)"
        )
        if chosen:
            self.take_in(Path(chosen), school_id)

    def take_in(self, path: Path, school_id: str | None) -> None:
        Op(self, review_file, self.store, path, school_id).success(self._show).failure(
            self._failed
        ).run()

    def _show(self, review: Review) -> None:
        if not review.changes and not review.outside:
            self._tell("Nothing to take in", "<p>The school changed none of its fields.</p>")
            return
        dialog = SchoolCopyReviewDialog(review, self.owner)
        self.dialog = dialog
        dialog.finished.connect(lambda result: self._reviewed(dialog, result))
        dialog.open()
        self.review_shown.emit(dialog)

    def _reviewed(self, dialog: SchoolCopyReviewDialog, result: int) -> None:
        dialog.deleteLater()
        self.dialog = None
        chosen = dialog.accepted_numbers()
        if result != QDialog.DialogCode.Accepted or not chosen:
            self._tell("Nothing stored", "<p>No change from the school's copy was stored.</p>")
            return
        review = dialog.review
        Op(self, apply_review, self.store, review, chosen, self.actor()).success(
            self._stored
        ).failure(self._failed).run()

    def _stored(self, result: ApplyResult) -> None:
        if result.ok:
            count = len(result.changeset.record_ids)
            self._tell("Changes stored", f"<p>Stored the ticked changes ({count} record(s)).</p>")
            return
        errors = "".join(f"<li>{escape(e)}</li>" for e in result.errors)
        self._tell("Nothing stored", f"<p>These values are not allowed:</p><ul>{errors}</ul>")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, CopyRefusedError):
            self._tell("This file cannot be taken in", f"<p>{escape(str(exc))}</p>")
        else:
            self._tell("Something went wrong", f"<p>{escape(str(exc))}</p>")

    def _tell(self, title: str, text: str) -> None:
        notify(self.owner, title, text)
        school_id = getattr(self.owner, "school_id", None)
        if isinstance(school_id, str):
            self.refresh_status(school_id)
        self.finished.emit(title)
