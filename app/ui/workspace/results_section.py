"""Measured results for the agreed outcomes: record one, correct one, see them charted.

One form at a time beside the list: a result chosen in the list is corrected in place and
saves as typed; "New result" (and an empty list) shows the form that records one. A
result is only stored once its outcome, date and value are all given (an empty result
would chart as a zero), so recording is an explicit step; a result typed and left
unrecorded is recorded when the officer moves on (another tab or school, closing), and
one that cannot be recorded is named on closing, like any other refused typing.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models import Outcome, OutcomeMeasurement
from app.services.editing import (
    LINK_LABELS,
    SaveResult,
    add_row,
    check_values,
    form_fields,
    link_choices,
)
from app.services.store import Store
from app.ui.ops import Op, pool
from app.ui.workspace.field_form import FieldForm
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.plan_section import embedded
from lpc_core.formatting import format_nz_date
from lpc_core.validation import FieldError, ValidationError

NO_OUTCOME = "Outcome: choose the outcome this result measures"


class ResultsSection(QWidget):
    """``recorded(row_id)`` after a result is stored."""

    recorded = Signal(str)
    changed = Signal()
    saved = Signal(object)  # SaveResult, as the workspace's forms report
    status_changed = Signal(str)
    autosaves = True  # the workspace records a result left typed, with its forms' typing

    def __init__(self, store: Store, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.school_id: str | None = None
        self._in_flight = 0
        self._refused: list[str] = []
        link = ("outcome_id", LINK_LABELS[(OutcomeMeasurement, "outcome_id")], True)
        self.form = FieldForm(form_fields(OutcomeMeasurement), [link])
        self.form.edited.connect(self._check_one)
        self.record_button = QPushButton("Record result")
        self.record_button.setAccessibleName("Record the result")
        self.record_button.clicked.connect(self.record)
        self.record_button.setEnabled(False)  # until the outcomes are known
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.new_box = QGroupBox("Record a new measured result")
        box_layout = QVBoxLayout(self.new_box)
        box_layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.record_button)
        box_layout.addLayout(row)
        box_layout.addStretch(1)

        self.results = ListEditor(
            store,
            actor,
            OutcomeMeasurement,
            noun="result",
            empty_text="No results recorded yet.",
        )
        # "New result" shows the recording form in place of the chosen result's form.
        self.results.add_button.setText("New result")
        self.results.add_button.setAccessibleName("New result")
        self.results.add_button.clicked.disconnect(self.results.add)
        self.results.add_button.clicked.connect(self.new_result)
        self.results.empty_add.hide()
        self.results.detail.addWidget(self.new_box)
        self.results.rows_loaded.connect(self._rows_loaded)
        self.results.list.currentItemChanged.connect(self._picked)
        self.results.editor.saved.connect(lambda _r: self._reload_charts())
        charts_class = embedded("app.ui.workspace.outcome_charts", "OutcomeCharts")
        self.charts: Any = charts_class(store) if charts_class else None
        lower = QSplitter()
        lower.addWidget(self.results)
        if self.charts is not None:
            lower.addWidget(self.charts)
            lower.setSizes([600, 400])
        lower.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(lower, 1)

    def load(self, school_id: str) -> None:
        if school_id != self.school_id:
            self.form.set_values({"value": "", "note": ""})  # flushed by the workspace
            self._refused = []
        self.school_id = school_id
        self.form.clear_errors()
        Op(self, link_choices, self.store, school_id, Outcome).success(
            partial(self._show_outcomes, school_id)
        ).run()
        self.results.load(school_id)
        self._reload_charts()

    def _show_outcomes(self, school_id: str, choices: list[tuple[str, str]]) -> None:
        if school_id != self.school_id:
            return
        self.form.set_link_choices("outcome_id", choices)
        if not self.form.value("measured_on"):
            self.form.set_values({"measured_on": format_nz_date(date.today())})
        self.record_button.setEnabled(bool(choices))
        self.note.setText("" if choices else "Agree an outcome in stage 1 first.")

    def _reload_charts(self) -> None:
        if self.charts is not None and self.school_id is not None:
            self.charts.load(self.school_id)

    # -- which form shows ---------------------------------------------------------------
    def new_result(self) -> None:
        """Show the form that records a new result (the chosen one's typing is saved)."""
        self.results.editor.flush()
        self.results.list.blockSignals(True)
        self.results.list.setCurrentRow(-1)
        self.results.list.clearSelection()
        self.results.list.blockSignals(False)
        self.results.editor.load(None)
        self.results.remove_button.setEnabled(False)
        self.results.detail.setCurrentWidget(self.new_box)
        self.form.editor("value").setFocus()

    def _picked(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.results.detail.setCurrentWidget(self.results.editor)

    def _rows_loaded(self, count: int) -> None:
        if count == 0:
            self.results.detail.setCurrentWidget(self.new_box)

    # -- recording ----------------------------------------------------------------------
    def _check_one(self, name: str) -> None:
        if name in self.form.fields:
            errors = check_values(OutcomeMeasurement, {name: self.form.value(name)})
            self.form.show_error(name, str(errors[0]) if errors else None)
        self.status_changed.emit("Editing…")

    def _typed(self) -> bool:
        """A value or a note typed and not yet recorded."""
        return any((self.form.value(n) or "").strip() for n in ("value", "note"))

    def _checked(self) -> dict[str, Any] | None:
        """The typed result if it can be recorded; else None, with the reasons shown."""
        values: dict[str, Any] = self.form.values()
        self.form.clear_errors()
        errors = check_values(OutcomeMeasurement, values)
        for error in errors:
            self.form.show_error(error.field, str(error))
        self._refused = [str(e) for e in errors]
        if not values.get("outcome_id"):
            self.note.setText("Choose the outcome this result measures.")
            self._refused.insert(0, NO_OUTCOME)
        return None if self._refused else values

    def record(self) -> None:
        if self.school_id is None or self._in_flight:
            return
        values = self._checked()
        if values is None:
            self.status_changed.emit(f"Not saved: {self._refused[0]}")
            return
        self._in_flight += 1
        Op(
            self, add_row, self.store, self.actor, OutcomeMeasurement, self.school_id, values
        ).success(partial(self._recorded, values)).failure(self._not_recorded).run()

    def _recorded(self, values: dict[str, Any], row_id: str) -> None:
        self._in_flight -= 1
        if self.form.values() == values:  # not what was typed since
            self.form.set_values({"value": "", "note": ""})
        self.note.setText("Result recorded.")
        self.results.reload(choose=row_id)
        self._reload_charts()
        self.status_changed.emit("Saved")
        self.saved.emit(SaveResult(tuple(values), (), -1))
        self.recorded.emit(row_id)
        self.changed.emit()

    def _not_recorded(self, exc: BaseException) -> None:
        self._in_flight -= 1
        errors: list[FieldError] = list(exc.errors) if isinstance(exc, ValidationError) else []
        for error in errors:
            self.form.show_error(error.field, str(error))
        self._refused = [str(e) for e in errors] or [f"Measured result not recorded: {exc}"]
        if not errors:
            self.note.setText(f"Not recorded: {exc}")
        self.status_changed.emit(f"Not saved: {self._refused[0]}")
        self.saved.emit(SaveResult((), (), -1))

    # -- leaving with a result typed ------------------------------------------------------
    @property
    def pending(self) -> bool:
        return self._typed() or self._in_flight > 0

    def refused(self) -> list[str]:
        """Why the typed result cannot be recorded (after trying)."""
        return [] if self._in_flight or not self._typed() else list(self._refused)

    def flush(self) -> None:
        """Record a typed result on the store worker (another tab, another school)."""
        if self._typed():
            self.record()

    def flush_now(self) -> None:
        """Record a typed result on this thread before returning (closing the window)."""
        pool("store").waitForDone()
        if self.school_id is None or self._in_flight or not self._typed():
            return  # nothing typed, or its recording already ran on the worker
        values = self._checked()
        if values is None:
            return
        try:
            add_row(self.store, self.actor, OutcomeMeasurement, self.school_id, values)
        except ValidationError as exc:
            self._refused = [str(e) for e in exc.errors]
            return
        self._refused = []
        self.form.set_values({"value": "", "note": ""})
        self.saved.emit(SaveResult(tuple(values), (), -1))
