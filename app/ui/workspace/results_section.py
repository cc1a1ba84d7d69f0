"""Measured results for the agreed outcomes: record one, correct one, see them charted.

One form at a time beside the list: a result chosen in the list is corrected in place and
saves as typed; "New result" (and an empty list) shows the form that records one. A
result is only stored once its outcome, date and value are all given (an empty result
would chart as a zero), so recording is an explicit step; a result typed and left
unrecorded is recorded when the officer moves on (another tab or school, closing), and
one that cannot be recorded is named on closing, like any other refused typing: the
workspace flushes this form's ``AutosaveController`` with the others (never on a pause).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
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
from app.services.survey_figures import SurveyFigure, survey_figures
from app.ui.ops import Op
from app.ui.workspace.autosave import (
    AutosaveController,
    SaveOutcome,
    SavesAsTyped,
    SaveTarget,
    Values,
)
from app.ui.workspace.field_form import FieldForm
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.outcome_charts import OutcomeCharts
from lpc_core.formatting import Shown, display_text, format_nz_date

NO_OUTCOME = "Outcome: choose the outcome this result measures"


@dataclass(frozen=True)
class Recorded(SaveResult):
    """A result stored as a new record."""

    row_id: str = ""


class ResultsSection(QWidget, SavesAsTyped):
    """``recorded(row_id)`` after a result is stored."""

    recorded = Signal(str)
    changed = Signal()
    saved = Signal(object)  # SaveResult, as the workspace's forms report

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.school_id: str | None = None
        self.autosave = AutosaveController(
            self,
            self._save,
            self._target,
            timed=False,
            check=self._problems,
            collect=lambda _edited: self.form.values(),
            failure_text="Measured result not recorded",
        )
        self.autosave.finished.connect(self._finished)
        self.autosave.saved.connect(self.saved)
        link = ("outcome_id", LINK_LABELS[(OutcomeMeasurement, "outcome_id")], True)
        self.form = FieldForm(form_fields(OutcomeMeasurement), [link])
        self.form.edited.connect(self._check_one)
        self.record_button = QPushButton("Record result")
        self.record_button.setAccessibleName("Record the result")
        self.record_button.clicked.connect(self.record)
        self.record_button.setEnabled(False)  # until the outcomes are known
        self.survey_button = QPushButton("Fill from a &survey…")
        self.survey_button.setToolTip(
            "Use a figure from this school's perceptions-of-safety surveys (Profile tab)"
        )
        self.survey_button.clicked.connect(self._ask_surveys)
        self.survey_menu = QMenu(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.new_box = QGroupBox("Record a new measured result")
        box_layout = QVBoxLayout(self.new_box)
        box_layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.survey_button)
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
        self.charts = OutcomeCharts(store)
        lower = QSplitter()
        lower.addWidget(self.results)
        lower.addWidget(self.charts)
        lower.setSizes([600, 400])
        lower.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(lower, 1)

    def load(self, school_id: str) -> None:
        if school_id != self.school_id:
            self.form.set_values({"value": "", "note": ""})  # flushed by the workspace
            self.autosave.discard()
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
        if self.school_id is not None:
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

    # -- a figure from a survey -----------------------------------------------------------
    def _ask_surveys(self) -> None:
        if self.school_id is not None:
            school_id = self.school_id
            Op(self, survey_figures, self.store, school_id).success(
                partial(self._offer_figures, school_id)
            ).run()

    def _offer_figures(self, school_id: str, figures: list[SurveyFigure]) -> None:
        """A menu of the figures under the button; none gives a note saying where surveys
        are recorded rather than an empty menu."""
        if school_id != self.school_id:
            return
        self.survey_menu.clear()
        if not figures:
            self.note.setText("No safety surveys recorded yet: add them in the Profile tab.")
            return
        for figure in figures:
            action = self.survey_menu.addAction(figure.label)
            action.triggered.connect(partial(self.fill_from, figure))
        self.survey_menu.popup(
            self.survey_button.mapToGlobal(self.survey_button.rect().bottomLeft())
        )

    def fill_from(self, figure: SurveyFigure) -> None:
        """Fill the form with a survey figure; the officer still picks the outcome."""
        self.form.set_values(
            {
                "measured_on": format_nz_date(figure.measured_on),
                "value": display_text(None, figure.value, Shown.FORM),
                "note": figure.note,
            }
        )
        self._check_one("value")
        self.note.setText("Survey figure filled in: choose its outcome, then record it.")
        self.form.editor("outcome_id").setFocus()

    # -- recording ----------------------------------------------------------------------
    def autosaves(self) -> list[AutosaveController]:
        return [self.autosave, *self.results.autosaves()]

    def _target(self) -> SaveTarget | None:
        return SaveTarget(self.school_id, self.actor()) if self.school_id is not None else None

    def _save(self, target: SaveTarget, values: Values) -> SaveResult:
        model = OutcomeMeasurement
        row_id = add_row(self.store, target.actor, model, target.record, values)
        return Recorded(tuple(values), (), -1, row_id)

    def _check_one(self, name: str) -> None:
        if name in self.form.fields:
            errors = check_values(OutcomeMeasurement, {name: self.form.value(name)})
            self.form.show_error(name, str(errors[0]) if errors else None)
        if self._typed():
            self.autosave.edited(self.form.values())
        else:
            self.autosave.discard()  # nothing typed is waiting to be recorded

    def _typed(self) -> bool:
        """A value or a note typed and not yet recorded."""
        return any((self.form.value(n) or "").strip() for n in ("value", "note"))

    def _problems(self, values: Values) -> list[str]:
        """Why the typed result cannot be recorded, shown on the form; none when it can."""
        self.form.clear_errors()
        errors = check_values(OutcomeMeasurement, values)
        for error in errors:
            self.form.show_error(error.field, str(error))
        problems = [str(e) for e in errors]
        if not values.get("outcome_id"):
            self.note.setText("Choose the outcome this result measures.")
            problems.insert(0, NO_OUTCOME)
        return problems

    def record(self) -> None:
        if self.autosave.in_flight:
            return  # one at a time: a second would record the same typing twice
        self.autosave.edited(self.form.values(), quiet=True)
        self.autosave.flush()
        if not self._typed() and not self.autosave.in_flight:
            self.autosave.discard()  # an empty form refused is not typing left behind

    def _finished(self, outcome: SaveOutcome) -> None:
        if isinstance(outcome.result, Recorded):
            if self.form.values() == outcome.sent:  # not what was typed since
                self.form.set_values({"value": "", "note": ""})
                self.autosave.discard()
            self.note.setText("Result recorded.")
            self.results.reload(choose=outcome.result.row_id)
            self._reload_charts()
            self.recorded.emit(outcome.result.row_id)
            self.changed.emit()
            return
        for error in outcome.result.errors:
            self.form.show_error(error.field, str(error))
        if outcome.error is not None:
            self.note.setText(f"Not recorded: {outcome.error}")

    # -- leaving with a result typed ------------------------------------------------------
