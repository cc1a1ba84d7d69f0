"""The annual plan's reviews: the list, and a line to record the next one.

A review covers the whole plan: short-term activities are reviewed monthly, long-term
ones quarterly. A review typed into the line and not yet recorded is recorded when the
officer leaves it (another tab, another school, closing the window): the workspace
flushes this panel with its forms, and a review it cannot record is named on closing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models import PlanReview, spec_of
from app.services import plans
from app.services.editing import SaveResult
from app.services.store import Store
from app.ui.ops import Op, pool
from lpc_core.formatting import format_nz_date
from lpc_core.validation import ValidationError

REVIEW_FIELDS = ("reviewed_on", "outcome")


def _label(field: str) -> str:
    spec = spec_of(PlanReview, field)
    return spec.label if spec else field


def _message_of(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(e) for e in exc.errors)
    return f"The review could not be saved: {exc}"


def empty_note(text: str) -> QLabel:
    """What an empty table says instead of showing a blank white box."""
    note = QLabel(text)
    note.setWordWrap(True)
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    note.setStyleSheet("color: #5f6b7a; border: 1px dashed #c8ced6; padding: 12px;")
    return note


class PlanReviews(QWidget):
    """``recorded()`` after a review is stored; ``refused(message)`` when it is not."""

    recorded = Signal()
    refused_with = Signal(str)
    saved = Signal(object)  # SaveResult, as the workspace's forms report
    status_changed = Signal(str)
    autosaves = True  # the workspace flushes the typed review with its forms

    def __init__(self, store: Store, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.school_id: str | None = None
        self.plan_id: str | None = None
        self._in_flight = 0
        self._refused: list[str] = []

        heading = QLabel(
            "<b>Action plan reviews</b> — short-term activities are reviewed monthly, "
            "long-term ones quarterly"
        )
        heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Action plan reviews")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([_label(f) for f in REVIEW_FIELDS])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = empty_note(
            "No reviews yet. Record each review below: its date and what it found and agreed."
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)
        self.stack.setMaximumHeight(150)

        self.date = QLineEdit(format_nz_date(date.today()))
        self.date.setPlaceholderText("dd/mm/yyyy")
        self.date.setAccessibleName(_label("reviewed_on"))
        self.date.setMaximumWidth(110)
        self.outcome = QLineEdit()
        self.outcome.setPlaceholderText("What the review found and agreed")
        self.outcome.setAccessibleName(_label("outcome"))
        self.button = QPushButton("&Record review")
        self.button.setEnabled(False)
        self.button.clicked.connect(self.record_typed)
        self.outcome.returnPressed.connect(self.record_typed)
        self.outcome.textEdited.connect(lambda _t: self.status_changed.emit("Editing…"))
        line = QHBoxLayout()
        line.addWidget(self.date)
        line.addWidget(self.outcome, 1)
        line.addWidget(self.button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.stack)
        layout.addLayout(line)

    def show_reviews(
        self, school_id: str, plan_id: str | None, reviews: tuple[plans.ReviewView, ...]
    ) -> None:
        self.school_id, self.plan_id = school_id, plan_id
        self.tree.clear()
        for review in reviews:
            item = QTreeWidgetItem([format_nz_date(review.reviewed_on), review.outcome])
            item.setToolTip(1, review.outcome)
            self.tree.addTopLevelItem(item)
        self.stack.setCurrentWidget(self.tree if reviews else self.empty)
        self.button.setEnabled(True)

    def typed(self) -> tuple[str, str]:
        return self.date.text(), self.outcome.text()

    # -- recording ---------------------------------------------------------------------
    def record_review(self, reviewed_on: date | str, outcome: str) -> None:
        """Save a review of the current plan (starting this year's plan if there is none)."""
        if self.school_id is None or self._in_flight:
            return  # one at a time: a second would record the same typing twice
        sent = (str(reviewed_on), outcome)
        self._in_flight += 1
        Op(
            self,
            plans.change_plan,
            self.store,
            self.actor,
            plans.add_review,
            self.school_id,
            reviewed_on,
            outcome,
            self.plan_id,
        ).success(lambda _r: self._recorded(sent)).failure(self._not_recorded).run()

    def record_typed(self) -> None:
        self.record_review(*self.typed())

    def _recorded(self, sent: tuple[str, str]) -> None:
        self._in_flight -= 1
        self._refused = []
        if self.typed() == sent:  # what was recorded, not what was typed since
            self._clear()
        self.status_changed.emit("Saved")
        self.saved.emit(SaveResult(REVIEW_FIELDS, (), -1))
        self.recorded.emit()

    def _not_recorded(self, exc: BaseException) -> None:
        self._in_flight -= 1
        self._refused = [_message_of(exc)]
        self.status_changed.emit(f"Not saved: {self._refused[0]}")
        self.saved.emit(SaveResult((), (), -1))
        self.refused_with.emit(self._refused[0])

    def _clear(self) -> None:
        self.outcome.clear()
        self.date.setText(format_nz_date(date.today()))

    # -- leaving with a review typed ----------------------------------------------------
    @property
    def pending(self) -> bool:
        """A review typed and not yet recorded (or on its way)."""
        return bool(self.outcome.text().strip()) or self._in_flight > 0

    def refused(self) -> list[str]:
        """Why the typed review cannot be recorded (after trying)."""
        if self._in_flight or not self.outcome.text().strip():
            return []
        return [f"Action plan review: {m}" for m in self._refused]

    def flush(self) -> None:
        """Record the typed review on the store worker (another tab, another school)."""
        if self.outcome.text().strip():
            self.record_typed()

    def flush_now(self) -> None:
        """Record the typed review on this thread before returning (closing the window)."""
        pool("store").waitForDone()
        reviewed_on, outcome = self.typed()
        if self.school_id is None or self._in_flight or not outcome.strip():
            return  # nothing typed, or its recording already ran on the worker
        args: tuple[Any, ...] = (self.school_id, reviewed_on, outcome, self.plan_id)
        try:
            plans.change_plan(self.store, self.actor, plans.add_review, *args)
        except Exception as exc:  # named on closing, like any other refused typing
            self._refused = [_message_of(exc)]
            self.refused_with.emit(self._refused[0])
            return
        self._refused = []
        self._clear()
        self.saved.emit(SaveResult(REVIEW_FIELDS, (), -1))
