"""The needs audit form: live suggestion, accept or override with a reason, saved for real."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from app.models import NeedsAudit
from app.models.vocabulary import InterventionLevel
from app.services.needs_audit import latest_audits
from app.services.store import Store
from app.ui.workspace.needs_audit_form import NeedsAuditForm
from tests.services.helpers import add_school

ACTOR = "Constable Aroha Ngata"


def _form(qtbot: QtBot, store: Store, school_id: str) -> NeedsAuditForm:
    form = NeedsAuditForm(store, lambda: ACTOR)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    qtbot.waitExposed(form)
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.load(school_id)
    return form


def _type(form: NeedsAuditForm, field: str, text: str) -> None:
    widget = form.inputs[field]
    assert isinstance(widget, QLineEdit)
    widget.setText(text)


def _choose(form: NeedsAuditForm, field: str, value: str) -> None:
    widget = form.inputs[field]
    assert isinstance(widget, QComboBox)
    widget.setCurrentIndex(widget.findData(value))


def test_suggestion_follows_the_figures_and_the_audit_is_saved(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    school = add_school(store, "Tōtara Heights School", roll=500)
    form = _form(qtbot, store, school)
    assert "Tōtara Heights School" in form.heading.text()
    assert form.saved_note.text().startswith("No needs audit yet for this school")
    roll = form.inputs["roll"]
    assert isinstance(roll, QLineEdit) and roll.text() == "500"  # from the school record
    assert form.suggestion.level is InterventionLevel.UNIVERSAL

    _type(form, "reports_per_week", "1.5")
    assert form.suggestion.level is InterventionLevel.MODERATE
    assert "Level 4" in form.level.text()
    _type(form, "offenders_on_roll", "30")  # 6% of 500
    _choose(form, "high_crime_area", "yes")
    assert form.suggestion.level is InterventionLevel.HIGH
    assert form.hints["offenders_on_roll"].text() == "= 6.0% of the roll"
    assert "Offending: 30 students known to Police, 6% of the roll" in form.why.text()
    assert "UK: a constable based at the school full time" in form.guide.toPlainText()
    _type(form, "unsafe_percent", "lots")  # not a number: shown, not counted
    assert "is not a number" in form.why.text()
    form.save_button.click()
    assert "Correct the figures" in form.status.text()
    _type(form, "unsafe_percent", "12")
    form.date.setDate(QDate(2026, 3, 2))
    form.grab().save(str(output_dir / "needs_audit_form.png"))

    with qtbot.waitSignal(form.changed, timeout=10_000):
        form.save_button.click()
    assert form.status.text() == "Saved: level 2 agreed on the audit of 02/03/2026."
    with store.session() as session:
        audit = latest_audits(session)[school]
        assert (audit.suggested_level, audit.accepted_level) == (2, 2)
        assert audit.assessed_on == date(2026, 3, 2)
        assert audit.assessed_by == ACTOR
        assert audit.unsafe_percent == 12 and audit.high_crime_area == "yes"
        assert "6% of the roll" in audit.criteria


def test_override_needs_a_reason(qtbot: QtBot, store: Store, output_dir: Path) -> None:
    school = add_school(store, roll=200)
    form = _form(qtbot, store, school)
    _type(form, "reports_per_week", "0.2")
    assert form.suggestion.level is InterventionLevel.UNIVERSAL
    assert not form.reason.isEnabled()
    form.override.setChecked(True)
    assert form.reason.isEnabled()
    form.chosen.setCurrentIndex(form.chosen.findData(3))
    form.save_button.click()
    qtbot.waitUntil(lambda: "Not saved" in form.status.text(), timeout=10_000)
    assert "Reason for a level other than the one suggested: is required" in form.status.text()
    form.grab().save(str(output_dir / "needs_audit_reason_missing.png"))
    with store.session() as session:
        assert session.query(NeedsAudit).count() == 0

    form.reason.setPlainText("Two serious incidents this term; the board asked for more.")
    form.grab().save(str(output_dir / "needs_audit_override.png"))
    with qtbot.waitSignal(form.changed, timeout=10_000):
        form.save_button.click()
    with store.session() as session:
        audit = latest_audits(session)[school]
        assert (audit.suggested_level, audit.accepted_level) == (5, 3)
        assert audit.override_reason.startswith("Two serious incidents")

    # Reopened, the form shows the decision as it was made.
    again = _form(qtbot, store, school)
    assert again.override.isChecked()
    assert again.chosen.currentData() == 3
    assert again.reason.toPlainText().startswith("Two serious incidents")
    assert again.saved_note.text().startswith("Last audit")


def test_same_date_updates_new_audit_keeps_history(qtbot: QtBot, store: Store) -> None:
    school = add_school(store, roll=300)
    form = _form(qtbot, store, school)
    form.date.setDate(QDate(2026, 2, 1))
    with qtbot.waitSignal(form.changed, timeout=10_000):
        form.save_button.click()
    _type(form, "reports_per_week", "1.2")
    with qtbot.waitSignal(form.changed, timeout=10_000):
        form.save_button.click()  # same date: the same audit, updated
    with store.session() as session:
        assert session.query(NeedsAudit).count() == 1
    form.start_new()
    assert form.audit_date() == date.today()
    with qtbot.waitSignal(form.changed, timeout=10_000):
        form.save_button.click()
    with store.session() as session:
        audits = session.query(NeedsAudit).order_by(NeedsAudit.assessed_on).all()
        assert [a.assessed_on for a in audits] == [date(2026, 2, 1), date.today()]
        assert [a.suggested_level for a in audits] == [4, 4]


def test_the_audit_saves_as_typed_and_names_what_it_cannot_save(qtbot: QtBot, store: Store) -> None:
    school = add_school(store, roll=400)
    form = _form(qtbot, store, school)
    assert not form.pending  # opening the form writes nothing
    _type(form, "reports_per_week", "1.5")
    assert form.pending
    with qtbot.waitSignal(form.changed, timeout=10_000):
        pass  # no button: the pause saves it
    qtbot.waitUntil(lambda: not form.pending, timeout=10_000)
    with store.session() as session:
        (audit,) = session.query(NeedsAudit).all()
        assert (audit.reports_per_week, audit.suggested_level) == (1.5, 4)
    _type(form, "reports_per_week", "2")  # the same audit, updated
    _type(form, "unsafe_percent", "lots")
    form.flush_now()
    assert form.refused() == [
        "Students and staff who feel unsafe (%): “lots” is not a number from 0 to 100"
    ]
    with store.session() as session:
        (audit,) = session.query(NeedsAudit).all()
        assert audit.reports_per_week == 1.5  # held back with the bad figure, not half-saved
