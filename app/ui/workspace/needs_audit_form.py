"""The needs audit form: a school's indicators, the level they suggest and why, and the
officer's decision (accept it, or agree another level and say why).

The suggestion is worked out afresh on every keystroke by the same pure rules the save
uses (``app.services.needs_audit``), so what the officer sees is what gets stored.

Like every other form in the workspace it saves as the officer types (after a pause, at
most a second after the first edit), and the workspace flushes it on switching school
and on closing. The form edits the audit it shows; "Start a new audit" keeps that one as
it was and writes a new one from the next edit on.
"""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
from app.models import NeedsAudit, spec_of
from app.models.vocabulary import InterventionLevel
from app.services.audit_form import AuditDraft, AuditFormData, load_audit_form
from app.services.needs_audit import INDICATOR_FIELDS, Indicators, Suggestion, suggest_level
from app.ui.ops import Op
from app.ui.workspace.audit_inputs import AuditInputs
from app.ui.workspace.autosave import SaveOutcome, SavesAsTyped
from app.ui.workspace.needs_audit_saver import AuditSaved, audit_autosave
from lpc_core.formatting import format_nz_date
from lpc_core.validation import InvalidFieldError, clean_value

if TYPE_CHECKING:
    from app.services.store import Store

UK_GUIDANCE = (
    "An optional assessment after the UK Safer School Partnerships guidance. Its levels "
    "describe UK staffing; in New Zealand, record the Police services a school receives "
    "under School and contacts, Police services."
)


NUMBER_FIELDS = ("roll", "exclusions", "offenders_on_roll", "reports_per_week", "unsafe_percent")
ERROR = "#b3261e"


def _bullets(items: Any) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(str(i))}</li>" for i in items) + "</ul>"


class NeedsAuditForm(QWidget, SavesAsTyped):
    """Enter the audit, see the suggested level live, accept or override, save."""

    changed = Signal()  # an audit was saved
    loaded = Signal()
    saved = Signal(object)  # SaveResult, as the workspace's other forms report

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.school_id: str | None = None
        self._filling = False
        self.draft: AuditDraft | None = None  # the audit on screen, which saves write to
        self.autosave = audit_autosave(self, store)
        self.autosave.saved.connect(self.saved)
        self.autosave.finished.connect(self._finished)
        self.suggestion: Suggestion = suggest_level(Indicators())
        self.errors: dict[str, str] = {}

        self.heading = QLabel(f"<h3>Needs audit</h3><p>{UK_GUIDANCE}</p>")
        self.heading.setWordWrap(True)
        self.saved_note = QLabel()
        self.saved_note.setStyleSheet("color: #5f6b7a;")
        indicators = AuditInputs(self._recompute)
        self.date, self.by, self.notes = indicators.date, indicators.by, indicators.notes
        self.inputs, self.hints = indicators.inputs, indicators.hints

        self.level = QLabel()
        self.level.setWordWrap(True)
        self.level.setAccessibleName("Suggested intervention level")
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.RichText)
        self.guide = QTextBrowser()
        self.guide.setAccessibleName("Resources and expectations for this level")
        self.accept = QRadioButton("Accept the suggested level")
        self.override = QRadioButton("Agree a different level:")
        self.accept.setChecked(True)
        choice = QButtonGroup(self)
        choice.addButton(self.accept)
        choice.addButton(self.override)
        self.chosen = QComboBox()
        self.chosen.setAccessibleName("Agreed intervention level")
        for lv in InterventionLevel:
            self.chosen.addItem(lv.title, lv.value)
        self.reason = QPlainTextEdit(placeholderText="Why a different level? (required)")
        self.reason.setAccessibleName("Reason for a different level")
        self.reason.setMaximumHeight(70)
        for w in (self.accept, self.override):
            w.toggled.connect(self._decision_changed)
        other = QHBoxLayout()
        other.addWidget(self.override)
        other.addWidget(self.chosen, 1)
        self.save_button = QPushButton("Save now")
        self.save_button.setToolTip("The audit saves as you type; this saves at once")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton("Start a new audit")
        self.new_button.setToolTip("Keep this audit as it was and record a new one dated today")
        self.new_button.clicked.connect(self.start_new)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().height() * 2 + 6)
        self.reason.textChanged.connect(self.status.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        decision = QGroupBox("Suggested intervention level")
        side = QVBoxLayout(decision)
        side.addWidget(self.level)
        side.addWidget(self.why)
        side.addWidget(self.guide, 1)
        side.addWidget(self.accept)
        side.addLayout(other)
        side.addWidget(self.reason)
        side.addWidget(self.status)
        side.addLayout(buttons)

        body = QHBoxLayout()
        body.addWidget(indicators, 1)
        body.addWidget(decision, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.saved_note)
        layout.addLayout(body, 1)
        self.setEnabled(False)
        self._decision_changed()
        self._recompute()
        self._watch_edits()

    def _watch_edits(self) -> None:
        """Every change the officer makes starts the save timer."""
        self.date.dateChanged.connect(self._on_edit)
        self.by.textChanged.connect(self._on_edit)
        for widget in self.inputs.values():
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._on_edit)
            elif isinstance(widget, QLineEdit):
                widget.textChanged.connect(self._on_edit)
        self.notes.textChanged.connect(self._on_edit)
        self.accept.toggled.connect(self._on_edit)
        self.chosen.activated.connect(self._on_edit)
        self.reason.textChanged.connect(self._on_edit)

    @property
    def audit_id(self) -> str | None:
        """The audit the form shows and writes to; None until a new one is first saved."""
        return self.draft.id if self.draft is not None else None

    # -- loading ----------------------------------------------------------------------
    def load(self, school_id: str) -> None:
        self.flush()  # what was typed for the last school is saved first
        self.school_id = school_id
        self.setEnabled(False)
        Op(self, load_audit_form, self.store, school_id).success(self._fill).failure(
            lambda exc: self._show_status(f"The audit could not be loaded: {exc}", error=True)
        ).run()

    def _fill(self, data: AuditFormData) -> None:
        if data.school_id != self.school_id:
            return
        self._filling = True  # showing the store is not the officer typing
        try:
            self._show_values(data)
        finally:
            self._filling = False
        self.status.clear()
        self.setEnabled(True)
        self._recompute()
        self.loaded.emit()

    def _show_values(self, data: AuditFormData) -> None:
        v = data.values
        self._show_draft(AuditDraft(data.school_id, data.audit_id))
        self.heading.setText(
            f"<h3>Needs audit: {html.escape(data.school_name)}</h3><p>{UK_GUIDANCE}</p>"
        )
        self.saved_note.setText(
            f"Last audit {format_nz_date(v['assessed_on'])}"
            + (f" by {v['assessed_by']}" if v.get("assessed_by") else "")
            if data.audit_id
            else "No needs audit yet for this school; it saves as you type."
        )
        self.date.setDate(QDate(v.get("assessed_on") or date.today()))
        self.by.setText(v.get("assessed_by") or self.actor())
        for field in INDICATOR_FIELDS:
            widget = self.inputs[field]
            value = v.get(field)
            if field == "roll" and value is None:
                value = data.school_roll
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value or "unknown"), 0))
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else f"{value:g}")
        self.notes.setPlainText(v.get("notes") or "")
        overridden = bool(data.audit_id) and v.get("accepted_level") != v.get("suggested_level")
        self.override.setChecked(overridden)
        self.accept.setChecked(not overridden)
        if overridden:
            self.chosen.setCurrentIndex(self.chosen.findData(v.get("accepted_level")))
        self.reason.setPlainText(v.get("override_reason") or "")

    def start_new(self) -> None:
        """Keep the audit shown as it was; the next save writes a new one dated today."""
        if self.school_id is None:
            return
        self.flush()  # what was typed belongs to the audit shown until now
        self._show_draft(AuditDraft(self.school_id))
        self._filling = True
        self.date.setDate(QDate(date.today()))
        self.by.setText(self.actor())
        self._filling = False
        self._show_status(
            "A new audit, starting from the last one's figures; it saves as you type."
        )
        self._on_edit()

    def audit_date(self) -> date:
        value = self.date.date().toPython()
        assert isinstance(value, date)
        return value

    # -- live suggestion --------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the form holds, as the service takes it (text numbers are parsed there)."""
        out: dict[str, Any] = {"assessed_on": self.audit_date()}
        out["assessed_by"] = self.by.text().strip()
        for field, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                out[field] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                out[field] = widget.text().strip()
        out["notes"] = self.notes.toPlainText()
        return out

    def _indicators(self) -> Indicators:
        parsed: dict[str, Any] = {}
        self.errors = {}
        for field, value in self.values().items():
            if field not in INDICATOR_FIELDS:
                continue
            spec = spec_of(NeedsAudit, field)
            assert spec is not None
            try:
                parsed[field] = clean_value(spec, field, value)
            except InvalidFieldError as err:
                self.errors[field] = str(err.error)
        return Indicators.of(parsed)

    def _recompute(self) -> None:
        self.status.clear()  # it spoke of the form as it was
        ind = self._indicators()
        s = self.suggestion = suggest_level(ind)
        self.level.setText(f"<h2 style='color:#122b4a'>{html.escape(s.level.title)}</h2>")
        why = f"<b>Why:</b>{_bullets(c.text for c in s.criteria)}"
        if s.missing:
            why += (
                "<span style='color:#5f6b7a'>Not entered yet: "
                + html.escape(", ".join(s.missing))
                + "</span>"
            )
        if self.errors:
            why += (
                f"<p style='color:{ERROR}'>"
                + "<br>".join(html.escape(e) for e in self.errors.values())
                + "</p>"
            )
        self.why.setText(why)
        g = s.guide
        self.guide.setHtml(
            f"<b>Aims</b>{_bullets(g.aims)}<b>Resources</b>{_bullets(g.resources)}"
            f"<b>Expectations</b>{_bullets(g.expectations)}"
        )
        share, rate = ind.offending_percent, ind.exclusion_rate
        self.hints["offenders_on_roll"].setText(
            f"= {share:.1f}% of the roll" if share is not None else ""
        )
        self.hints["exclusions"].setText(
            f"= {rate:.1f} per 100 students" if rate is not None else ""
        )
        self._decision_changed()

    def _decision_changed(self) -> None:
        overriding = self.override.isChecked()
        self.chosen.setEnabled(overriding)
        self.reason.setEnabled(overriding)
        if not overriding:
            self.chosen.setCurrentIndex(self.chosen.findData(self.suggestion.level.value))

    # -- saving (the ``AutosaveController`` decides when) ------------------------------

    def _show_draft(self, draft: AuditDraft) -> None:
        """The audit on screen from now on (what was typed for the last is flushed first)."""
        self.draft = draft
        self.autosave.discard()

    def _on_edit(self, *_args: object) -> None:
        if not self._filling and self.draft is not None:
            self.autosave.edited(self.sent())

    def save(self) -> None:
        """Save now, typed into or not (the form's button)."""
        if self.draft is not None:
            self.autosave.edited(self.sent(), quiet=True)
            self.flush()

    def sent(self) -> dict[str, Any]:
        overriding = self.override.isChecked()
        accepted = self.chosen.currentData() if overriding else None
        reason = self.reason.toPlainText() if overriding else ""
        return {"values": self.values(), "accepted": accepted, "reason": reason}

    def bad_figures(self) -> list[str]:
        self._indicators()
        return list(self.errors.values())

    def _finished(self, outcome: SaveOutcome) -> None:
        if not outcome.current:
            return
        if outcome.refused:
            self.show_refused(list(outcome.refused))
        elif isinstance(outcome.result, AuditSaved):
            self._saved(outcome.sent["values"], outcome.result.level)

    def _saved(self, values: dict[str, Any], level: int) -> None:
        when = format_nz_date(values["assessed_on"])
        by = values.get("assessed_by")
        self.saved_note.setText(f"Last audit {when}" + (f" by {by}" if by else ""))
        self._show_status(f"Saved: level {level} agreed on the audit of {when}.")
        self.changed.emit()

    def show_refused(self, messages: list[str]) -> None:
        self._show_status("Not saved. " + "; ".join(messages), error=True)

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(f"color: {ERROR};" if error else "color: #2f855a;")
        self.status.setText(text)
