"""The school's annual partnership plan: its activities, editable in place, and its reviews.

Every edit is saved at once through the plan services on the store worker; a refused
value stays in its cell, marked, with the field-named reason above the table. Nothing
here crashes on bad input: every failure becomes a message.

The reviews below the table are ``PlanReviews``, which records a review left typed when
the officer moves on, as the workspace's forms save their typing.

Above the table, the plan's own fields (date agreed, notes) are a ``RecordEditor``, the
same autosaving form as the rest of the workspace, so the workspace flushes it on close,
on switching school and on Ctrl+S without knowing it is here. The date agreed matters:
the review reminders (monthly for short-term activities, quarterly for long-term ones)
count from it.

Keys: Insert or Ctrl+Shift+N adds an activity, Delete removes one (after asking),
Alt+Up / Alt+Down move it, Ctrl+Shift+D marks it done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
from app.models import AnnualPlan
from app.services import plans
from app.services.store import Store
from app.ui.ops import Op
from app.ui.workspace.autosave import AutosaveController
from app.ui.workspace.plan_model import CellError, PlanDelegate, PlanModel
from app.ui.workspace.plan_reviews import PlanReviews, empty_note
from app.ui.workspace.record_editor import RecordEditor
from app.ui.workspace.shown_year import ShownYear
from lpc_core.validation import ValidationError

Confirm = Callable[[str, str], bool]  # (title, question) -> yes?
PLAN_HINTS = {"agreed_on": "The review reminders count from this date"}


def _message_of(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(e) for e in exc.errors)
    if isinstance(exc, LookupError):
        return "That activity no longer exists (it may have been deleted on another device)."
    return f"The change could not be saved: {exc}"


class PlanTable(QWidget):
    changed = Signal()
    loaded = Signal()  # the table shows the store's current state (after load or a save)

    def __init__(
        self,
        store: Store,
        actor: Actor,
        shown: ShownYear | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.shown = shown or ShownYear()
        self.school_id: str | None = None
        self.view: plans.PlanView | None = None
        self.confirm: Confirm = self._ask
        self._select_after_load: tuple[str, int] | None = None
        self._edit_after_load = False
        self._loading = False

        self.heading = QLabel("<b>Annual partnership plan</b>")
        self.new_year_button = QPushButton()
        self.new_year_button.setToolTip("Start a new, empty plan for this year")
        self.new_year_button.clicked.connect(self.start_this_years_plan)
        self.new_year_button.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem saving the plan")
        self.error.setStyleSheet(
            "color: #8a1c22; background: #fde7e9; border: 1px solid #e3a5aa; padding: 4px;"
        )
        self.error.hide()

        # The plan's own fields; disabled until there is a plan (viewing never starts one).
        self.plan_form = RecordEditor(
            store, actor, AnnualPlan, exclude=("year",), hints=PLAN_HINTS, scroll=False
        )
        self.plan_form.setAccessibleName("Plan details")
        self.plan_form.setToolTip("Add an activity or a review to start the plan")
        notes = self.plan_form.form.editor("notes")
        notes.setMaximumHeight(notes.fontMetrics().lineSpacing() * 3 + 14)
        self._reread_plan_form = False

        self.model = PlanModel(self)
        self.model.edit_requested.connect(self._save_cell)
        self.table = QTableView()
        self.table.setAccessibleName("Plan activities")
        self.table.setModel(self.model)
        self.table.setItemDelegate(PlanDelegate(self.model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.model.column_of("steps"), QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(70)
        for field, width in (("title", 240), ("resources", 120), ("lead", 140)):
            self.table.setColumnWidth(self.model.column_of(field), width)
        for field in ("starts_on", "due_on", "status", "horizon", "completed_on"):
            header.setSectionResizeMode(
                self.model.column_of(field), QHeaderView.ResizeMode.ResizeToContents
            )

        self.add_button = QPushButton("&Add activity")
        self.add_button.setToolTip("Add an activity at the end of the plan (Insert)")
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip("Delete the selected activity (Delete)")
        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip("Move the selected activity up (Alt+Up)")
        self.down_button = QPushButton("Move do&wn")
        self.down_button.setToolTip("Move the selected activity down (Alt+Down)")
        self.done_button = QPushButton("&Mark done")
        self.done_button.setToolTip("Set the status to Done and record today's date (Ctrl+Shift+D)")
        self.add_button.clicked.connect(self.add_activity)
        self.delete_button.clicked.connect(self.delete_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.done_button.clicked.connect(self.mark_selected_done)
        buttons = QHBoxLayout()
        for b in (
            self.add_button,
            self.delete_button,
            self.up_button,
            self.down_button,
            self.done_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.review_panel = PlanReviews(store, actor)
        self.review_panel.recorded.connect(self._review_recorded)
        self.review_panel.refused_with.connect(self._review_refused)
        # The review parts by their old names (tests and the workspace know them).
        self.reviews = self.review_panel.tree
        self.review_date = self.review_panel.date
        self.review_outcome = self.review_panel.outcome
        self.review_button = self.review_panel.button

        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.new_year_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading_row)
        layout.addWidget(self.plan_form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.no_activities = empty_note(
            "No activities yet. Add what will be done, by whom and by when "
            "(Add activity, or Insert)."
        )
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.no_activities)
        self.table_stack.addWidget(self.table)
        layout.addWidget(self.table_stack, 1)
        layout.addWidget(self.review_panel)

        self._shortcuts()
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def _shortcuts(self) -> None:
        panel = Qt.ShortcutContext.WidgetWithChildrenShortcut
        table = Qt.ShortcutContext.WidgetShortcut  # not while a cell editor has the keys
        for keys in ("Insert", "Ctrl+Shift+N"):
            QShortcut(QKeySequence(keys), self, self.add_activity, context=panel)
        QShortcut(QKeySequence("Ctrl+Shift+D"), self, self.mark_selected_done, context=panel)
        QShortcut(QKeySequence("Delete"), self.table, self.delete_selected, context=table)
        QShortcut(QKeySequence("Alt+Up"), self.table, lambda: self.move_selected(-1), context=table)
        QShortcut(
            QKeySequence("Alt+Down"), self.table, lambda: self.move_selected(1), context=table
        )

    # -- loading -----------------------------------------------------------------------
    def autosaves(self) -> list[AutosaveController]:
        return [self.plan_form.autosave, self.review_panel.autosave]

    def load(self, school_id: str) -> None:
        if school_id != self.school_id:
            self.model.clear_errors()
            self._show_error("")
            self.plan_form.load(None)  # saves the last school's typing; nothing to type into
        self.school_id = school_id
        self._reread_plan_form = True  # asked to show the store again: the plan fields too
        self._reload()

    def _reload(self) -> None:
        if self.school_id is None:
            return
        self._loading = True
        Op(self, plans.read_plan, self.store, self.school_id, self.shown.year).success(
            self._show
        ).failure(self._not_loaded).run()

    def _not_loaded(self, exc: BaseException) -> None:
        self._loading = False
        self._show_error(f"The plan could not be loaded: {exc}")

    def _show(self, view: plans.PlanView) -> None:
        if view.school_id != self.school_id:
            return  # an answer for a school no longer shown
        self._loading = False
        self.view = view
        if view.plan_id != self.plan_form.row_id or self._reread_plan_form:
            self._reread_plan_form = False
            self.plan_form.load(view.plan_id)
            self.plan_form.setToolTip(
                "" if view.plan_id else "Add an activity or a review to start the plan"
            )
        self.model.set_rows(list(view.activities))
        self.table_stack.setCurrentWidget(self.table if view.activities else self.no_activities)
        this_year = view.shown_year  # the school's partnership year, not the calendar's
        started = "" if view.plan_id else " — not started yet; add an activity to start it"
        if view.plan_id and view.year < this_year:
            started = f" — there is no plan for {this_year} yet"
        self.heading.setText(f"<b>Annual partnership plan {view.year}</b>{started}")
        self.new_year_button.setText(f"&Start the {this_year} plan")
        self.new_year_button.setVisible(bool(view.plan_id) and view.year < this_year)
        year = view.shown_year or view.year  # a review recorded here goes into this year's
        self.review_panel.show_reviews(view.school_id, view.plan_id, view.reviews, year)
        self._restore_selection()
        self._update_buttons()
        self.loaded.emit()

    def select_record(self, row_id: str | None) -> None:
        """Select the activity a reminder names, or for the plan itself (a review is due)
        put the cursor in the review line; now, or once the load in progress lands."""
        if row_id is None:
            return
        self._select_after_load = (row_id, self.model.column_of("title"))
        if not self._loading:
            self._restore_selection()

    def _restore_selection(self) -> None:
        if self._select_after_load is None:
            return
        row_id, column = self._select_after_load
        self._select_after_load = None
        if self.view is not None and row_id == self.view.plan_id:
            self.review_outcome.setFocus()  # the plan's review is what is due
            return
        row = self.model.row_of(row_id)
        if row is None:
            return
        index = self.model.index(row, column)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.table.scrollTo(index)
        if self._edit_after_load:
            self._edit_after_load = False
            self.table.setFocus()
            self.table.edit(index)

    # -- writing -------------------------------------------------------------------------
    def _run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_error: Callable[[BaseException], str | None] | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        def done(result: Any) -> None:
            self._show_error("")
            if on_done is not None:
                on_done(result)
            self.changed.emit()
            self._reload()

        def failed(exc: BaseException) -> None:
            message = on_error(exc) if on_error is not None else None
            self._show_error(message or _message_of(exc))
            self._reload()

        Op(self, plans.change_plan, self.store, self.actor(), fn, *args).success(done).failure(
            failed
        ).run()

    def _save_cell(self, row_id: str, field: str, value: Any) -> None:
        self._select_after_load = (row_id, self.model.column_of(field))

        row = self.model.row_of(row_id)
        title = self.model.rows[row].title if row is not None else ""

        def refused(exc: BaseException) -> str:
            message = _message_of(exc)
            if isinstance(exc, ValidationError):
                error = exc.for_field(field) or (exc.errors[0] if exc.errors else None)
                message = str(error) if error else message
            self.model.set_error(row_id, field, CellError(message, value))
            return f"“{title}”: {message}" if title else message

        self._run(
            plans.update_activity_field,
            row_id,
            field,
            value,
            on_error=refused,
            on_done=lambda _r: self.model.set_error(row_id, field, None),
        )

    def add_activity(self) -> None:
        if self.school_id is None:
            return
        plan_id = self.view.plan_id if self.view else None

        def edit_new(new_id: Any) -> None:
            self._select_after_load = (str(new_id), self.model.column_of("title"))
            self._edit_after_load = True

        self._run(plans.new_activity, self.school_id, plan_id, on_done=edit_new)

    def start_this_years_plan(self) -> None:
        if self.school_id is not None and self.view is not None:
            self._run(plans.start_plan, self.school_id, self.view.shown_year)

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()].id

    def delete_selected(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        row = self.model.rows[self.model.row_of(row_id) or 0]
        if not self.confirm(
            "Delete activity",
            f"Delete “{row.title}” from the plan? It stays in the record history.",
        ):
            return
        self._run(plans.delete_activity, row_id)

    def move_selected(self, offset: int) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        self._select_after_load = (row_id, self.table.currentIndex().column())
        self._run(plans.move_activity, row_id, offset)

    def mark_selected_done(self) -> None:
        row_id = self.selected_id()
        if row_id is None:
            return
        self._select_after_load = (row_id, self.table.currentIndex().column())
        self._run(plans.mark_done, row_id)

    def _review_recorded(self) -> None:
        self._show_error("")
        self.changed.emit()
        self._reload()

    def _review_refused(self, message: str) -> None:
        self._show_error(message)
        self._reload()

    # -- feedback ------------------------------------------------------------------------
    def _show_error(self, message: str) -> None:
        self.error.setText(f"⚠ {message}" if message else "")
        self.error.setVisible(bool(message))

    def _update_buttons(self) -> None:
        has_school = self.school_id is not None
        selected = self.selected_id() is not None
        self.add_button.setEnabled(has_school)
        for b in (self.delete_button, self.up_button, self.down_button, self.done_button):
            b.setEnabled(selected)

    def _ask(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes
