"""The annual plan's reviews: the list, and a line to record the next one.

A review covers the whole plan: short-term activities are reviewed monthly, long-term
ones quarterly. A review typed into the line and not yet recorded is recorded when the
officer leaves it (another tab, another school, closing the window): the workspace
flushes this panel's ``AutosaveController`` with its forms' (never on a pause: a review
half typed is not recorded), and a review it cannot record is named on closing.
"""

from __future__ import annotations

from datetime import date

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

from app.config import Actor
from app.models import PlanReview, spec_of
from app.services import plans
from app.services.editing import SaveResult
from app.services.store import Store
from app.ui.workspace.autosave import (
    AutosaveController,
    SaveOutcome,
    SavesAsTyped,
    SaveTarget,
    Values,
)
from lpc_core.formatting import format_nz_date

REVIEW_FIELDS = ("reviewed_on", "outcome")


def _label(field: str) -> str:
    spec = spec_of(PlanReview, field)
    return spec.label if spec else field


def empty_note(text: str) -> QLabel:
    """What an empty table says instead of showing a blank white box."""
    note = QLabel(text)
    note.setWordWrap(True)
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    note.setStyleSheet("color: #5f6b7a; border: 1px dashed #c8ced6; padding: 12px;")
    return note


class PlanReviews(QWidget, SavesAsTyped):
    """``recorded()`` after a review is stored; ``refused_with(message)`` when it is not."""

    recorded = Signal()
    refused_with = Signal(str)
    saved = Signal(object)  # SaveResult, as the workspace's forms report

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.school_id: str | None = None
        self.plan_id: str | None = None
        self.year: int | None = None  # the plan's partnership year
        self.autosave = AutosaveController(
            self,
            self._save,
            self._target,
            timed=False,
            failure_text="The review could not be saved",
            refusal_prefix="Action plan review: ",
        )
        self.autosave.finished.connect(self._finished)
        self.autosave.saved.connect(self.saved)

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
        self.outcome.textChanged.connect(self._typing)
        self.date.textChanged.connect(self._typing)
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
        self,
        school_id: str,
        plan_id: str | None,
        reviews: tuple[plans.ReviewView, ...],
        year: int | None = None,
    ) -> None:
        """``year``: the plan's; a past year's review is not dated today by default."""
        moved = (school_id, plan_id, year) != (self.school_id, self.plan_id, self.year)
        self.school_id, self.plan_id, self.year = school_id, plan_id, year
        if moved and not self.outcome.text().strip():
            self.date.setText(self._default_date())
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

    def _target(self) -> SaveTarget | None:
        if self.school_id is None:
            return None
        return SaveTarget((self.school_id, self.plan_id), self.actor())

    def _save(self, target: SaveTarget, values: Values) -> SaveResult:
        """Record a review of the plan (starting this year's plan if there is none)."""
        school_id, plan_id = target.record
        add = plans.add_review
        args = (school_id, values["reviewed_on"], values["outcome"], plan_id)
        plans.change_plan(self.store, target.actor, add, *args)
        return SaveResult(REVIEW_FIELDS, (), -1)

    def _typing(self) -> None:
        """A review typed is waiting to be recorded; an empty one is not a review."""
        reviewed_on, outcome = self.typed()
        if outcome.strip():
            self.autosave.edited({"reviewed_on": reviewed_on, "outcome": outcome})
        else:
            self.autosave.discard()

    def record_typed(self) -> None:
        """Record the typed review now (the button, Return)."""
        if self.autosave.in_flight:
            return  # one at a time: a second would record the same typing twice
        reviewed_on, outcome = self.typed()
        self.autosave.edited({"reviewed_on": reviewed_on, "outcome": outcome}, quiet=True)
        self.autosave.flush()

    def _finished(self, outcome: SaveOutcome) -> None:
        sent = (outcome.sent["reviewed_on"], outcome.sent["outcome"])
        if outcome.refused:
            if not self.outcome.text().strip():
                self.autosave.discard()  # nothing typed is waiting
            self.refused_with.emit("; ".join(outcome.refused))
            return
        if self.typed() == sent:  # what was recorded, not what was typed since
            self._clear()
        self.recorded.emit()

    def _clear(self) -> None:
        self.outcome.clear()
        self.date.setText(self._default_date())

    def _default_date(self) -> str:
        """Today for this year's plan; blank for a past year's, whose review was on a day
        only the officer knows (today would put it in the wrong year)."""
        today = date.today()
        return "" if self.year is not None and self.year < today.year else format_nz_date(today)

    # -- leaving with a review typed ----------------------------------------------------
