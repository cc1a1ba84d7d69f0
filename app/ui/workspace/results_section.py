"""Measured results for the agreed outcomes: record one, correct one, see them charted.

A result is only stored once its outcome, date and value are all given (an empty result
would chart as a zero), so recording is an explicit step; corrections then save as typed.
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
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models import Outcome, OutcomeMeasurement
from app.services.editing import (
    LINK_LABELS,
    add_row,
    check_values,
    form_fields,
    link_choices,
)
from app.services.formatting import format_nz_date
from app.services.store import Store
from app.services.validation import ValidationError
from app.ui.ops import Op
from app.ui.workspace.field_form import FieldForm
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.plan_section import embedded


class ResultsSection(QWidget):
    """``recorded(row_id)`` after a result is stored."""

    recorded = Signal(str)
    changed = Signal()

    def __init__(self, store: Store, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.school_id: str | None = None
        link = ("outcome_id", LINK_LABELS[(OutcomeMeasurement, "outcome_id")], True)
        self.form = FieldForm(form_fields(OutcomeMeasurement), [link])
        self.form.edited.connect(self._check_one)
        self.record_button = QPushButton("Record result")
        self.record_button.setAccessibleName("Record the result")
        self.record_button.clicked.connect(self.record)
        self.record_button.setEnabled(False)  # until the outcomes are known
        self.note = QLabel()
        self.note.setWordWrap(True)
        box = QGroupBox("Record a measured result")
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.record_button)
        box_layout.addLayout(row)

        self.results = ListEditor(
            store,
            actor,
            OutcomeMeasurement,
            noun="result",
            empty_text="No results recorded yet.",
        )
        self.results.add_button.hide()  # a result is recorded with the form above
        self.results.empty_add.hide()
        self.results.editor.saved.connect(lambda _r: self._reload_charts())
        charts_class = embedded("app.ui.outcome_charts", "OutcomeCharts")
        self.charts: Any = charts_class(store) if charts_class else None
        lower = QSplitter()
        lower.addWidget(self.results)
        if self.charts is not None:
            lower.addWidget(self.charts)
            lower.setSizes([560, 440])
        lower.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addWidget(lower, 1)

    def load(self, school_id: str) -> None:
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

    def _check_one(self, name: str) -> None:
        if name in self.form.fields:
            errors = check_values(OutcomeMeasurement, {name: self.form.value(name)})
            self.form.show_error(name, str(errors[0]) if errors else None)

    def record(self) -> None:
        if self.school_id is None:
            return
        values = self.form.values()
        errors = check_values(OutcomeMeasurement, values)
        if not values.get("outcome_id"):
            self.note.setText("Choose the outcome this result measures.")
            return
        self.form.clear_errors()
        for error in errors:
            self.form.show_error(error.field, str(error))
        if errors:
            return
        Op(
            self, add_row, self.store, self.actor, OutcomeMeasurement, self.school_id, values
        ).success(self._recorded).failure(self._refused).run()

    def _recorded(self, row_id: str) -> None:
        self.form.set_values({"value": "", "note": ""})
        self.note.setText("Result recorded.")
        self.results.reload(choose=row_id)
        self._reload_charts()
        self.recorded.emit(row_id)
        self.changed.emit()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            for error in exc.errors:
                self.form.show_error(error.field, str(error))
        else:
            self.note.setText(f"Not recorded: {exc}")
        self.note.setStyleSheet("")
