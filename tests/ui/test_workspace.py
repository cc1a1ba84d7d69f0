"""The school workspace driven like an officer would, against a real encrypted store."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import NeedsAudit, PartnershipAgreement
from app.models.vocabulary import AssessmentResult, PartnershipStatus, ResponseKind, Role, Stage
from app.services.records import load_school
from app.services.store import Store, open_store
from app.ui import ops
from app.ui.main_window import MainWindow
from app.ui.ops import pool
from app.ui.workspace.document_section import DocumentSection
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.profile_section import ProfileSection
from app.ui.workspace.record_editor import RecordEditor
from app.ui.workspace.school_workspace import SchoolWorkspace
from lpc_core.formatting import format_nz_date
from tests.services.helpers import add_school, fill_stage_one
from tests.ui.windows import main_window, open_workspace, workspace_alone

TODAY = date.today()
ACTOR = "Const. Aroha Ngata"


@pytest.fixture
def workspace(qtbot: QtBot, store: Store) -> SchoolWorkspace:
    return workspace_alone(qtbot, store, add_school(store))


def _settled(qtbot: QtBot, ws: SchoolWorkspace) -> None:
    """Every form saved and the stage reports re-read after the last save."""
    qtbot.waitUntil(lambda: not ws.pending, timeout=10_000)
    ws.refresh()
    qtbot.waitUntil(_idle, timeout=10_000)  # this refresh's answer, not an earlier one's


def _type(editor: RecordEditor, values: dict[str, str]) -> None:
    for name, text in values.items():
        editor.form.type_into(name, text)


def _add(qtbot: QtBot, lst: ListEditor) -> RecordEditor:
    with qtbot.waitSignals([lst.added, lst.editor.loaded], timeout=10_000):
        lst.add()
    qtbot.waitUntil(lambda: lst.editor.row_id == lst.current_id(), timeout=10_000)
    return lst.editor


def _idle() -> bool:
    """No store work queued or running, and every answer delivered to the screens."""
    return pool("store").activeThreadCount() == 0 and not ops._get_dispatcher().pending


def _start(qtbot: QtBot, section: DocumentSection | ProfileSection) -> RecordEditor:
    qtbot.waitUntil(lambda: section.start_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(section.editor.loaded, timeout=10_000):
        section.start_button.click()
    return section.editor


def _complete(qtbot: QtBot, ws: SchoolWorkspace, stage: Stage) -> None:
    _settled(qtbot, ws)
    ws.show_page(stage.value)
    assert ws.navigator.missing_items() == [], ws.navigator.missing_items()
    assert ws.navigator.complete_button.isEnabled()
    ws.navigator.complete_button.click()
    # Wait for the state that says so: an earlier reload (after a save) may land first.
    qtbot.waitUntil(
        lambda: ws.state is not None and ws.state.report(stage).complete, timeout=10_000
    )


def _picture(qtbot: QtBot, widget: QWidget, path: Path) -> None:
    """Once every read has arrived and been laid out, save a picture of ``widget``."""
    qtbot.waitUntil(_idle, timeout=10_000)
    QApplication.processEvents()
    widget.grab().save(str(path))


def _nz(days: int) -> str:
    return format_nz_date(TODAY + timedelta(days=days))


def test_all_four_stages_completed_through_the_forms(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    window = main_window(qtbot, store, app_paths)
    with qtbot.waitSignal(window.school_opened, timeout=10_000):
        window.add_school({"name": "Te Kura o Ōwairaka", "cluster": "Kāhui Ako o Ōwairaka"})
    ws = window.workspace
    assert ws is not None
    qtbot.waitUntil(lambda: ws.state is not None, timeout=10_000)
    assert ws.navigator.page == 0

    # Stage 1: contacts, agreement, profile, outcomes.
    people = ws.section(0, "Contacts")
    _type(
        _add(qtbot, people), {"name": "Const. Aroha Ngata", "role": Role.LEAD_POLICE_CONTACT.label}
    )
    _type(_add(qtbot, people), {"name": "Hēmi Walker", "role": Role.LEAD_SCHOOL_CONTACT.label})
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    agreement = _start(qtbot, ws.section(1, "Partnership agreement"))
    _type(
        agreement,
        {
            "parties": "NZ Police and Te Kura o Ōwairaka",
            "purpose": "Safe travel to and from kura",
            "police_commitments": "Share crash and crime data each term",
            "school_commitments": "Tell Police about safety concerns early",
            "information_sharing": "Termly summary; urgent matters by phone",
            "sharing_from_police": "Crash counts at the gate, each term",
            "sharing_from_school": "Road patrol reports, each month",
            "sharing_storage": "Principal's secure folder",
            "sharing_disclosure": "Only where the Privacy Act allows",
            "sharing_review_on": _nz(355),
            "serious_offending_protocol": "Principal calls 111, then the LPC",
            "serious_police_action": "Police attend and investigate",
            "serious_school_process": "The school's behaviour policy runs alongside",
            "serious_recording": "Both record it; the LPC reports back",
            "police_signatory": "Const. Aroha Ngata",
            "police_signatory_role": "Constable",
            "supervisor_signatory": "Sgt. Ana Te Rangi",
            "supervisor_signatory_role": "Sergeant, Youth and Community",
            "school_signatory": "Whaea Mere Tūhoe",
            "school_signatory_role": "Tumuaki",
            "agreed_on": _nz(-10),
            "review_on": _nz(355),
        },
    )
    ws.show_page(1, "School profile")
    profile = _start(qtbot, ws.section(1, "School profile"))
    _type(
        profile,
        {
            "police_crime_data": "Six thefts from the bike shed",
            "behaviour_concerns": "Scooter crashes at the gate",
            "priorities": "Safe arrival and departure",
            "stand_downs": "3",
            "attendance_rate": "87.5",
        },
    )
    ws.show_page(1, "Agreed outcomes")
    outcomes = ws.section(1, "Agreed outcomes")
    _type(
        _add(qtbot, outcomes),
        {
            "description": "Fewer scooter crashes at the gate",
            "measure": "crashes per term",
            "baseline": "9",
            "target": "4",
        },
    )
    _complete(qtbot, ws, Stage.RELATIONSHIP)
    assert ws.state is not None and ws.state.stage == Stage.ANALYSIS

    # Stage 2: the SARA plan.
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    sara = _start(qtbot, ws.section(2, "SARA plan"))
    _type(
        sara,
        {
            "problem_statement": "Scooter crashes at the gate at 3 pm",
            "scan_data": "Nine crashes last term",
            "theories": "Cars park on the crossing",
            "data_tested": "Crash times against parking counts",
            "why_it_occurs": "No drop-off zone",
            "assessment_approach": "Crash counts each term",
        },
    )
    _complete(qtbot, ws, Stage.ANALYSIS)

    # Stage 3: a SMART aim, a response with its rationale, the plan.
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    aims = ws.section(3, "Response aims")
    aim = _add(qtbot, aims.aims)
    _type(
        aim,
        {
            "statement": "Halve scooter crashes at the school gate by the end of term",
            "measure": "crashes per term",
            "baseline": "9",
            "target": "5",
            "unit": "crashes",
            "attainable": "Drop-off zone agreed with the council",
            "realistic": "Two road patrol staff each afternoon",
            "due_on": _nz(120),
        },
    )
    assert all(aims.smart.verdict(letter) == "✓ Passes" for letter in "SMART")
    ws.show_page(3, "Responses")
    response = _add(qtbot, ws.section(3, "Responses"))
    qtbot.waitUntil(lambda: response.form.editor("aim_id").count() == 2)  # (none) and the aim
    _type(
        response,
        {
            "aim_id": "Halve scooter crashes at the school gate by the end of term",
            "kind": ResponseKind.SCHOOL_TRAFFIC_SAFETY_TEAM.label,
            "rationale_evidence": "Road patrols cut crashes in other schools",
            "rationale_resourcing": "Training in week 2",
            "rationale_buy_in": "Board and whānau support",
            "rationale_logic": "Adults and patrol at the crossing",
        },
    )
    # A second response, a school-wide intervention: without its rationale it is missing.
    responses = ws.section(3, "Responses")
    whole_school = _add(qtbot, responses)
    qtbot.waitUntil(lambda: whole_school.form.editor("aim_id").count() == 2)
    wide = ResponseKind.SCHOOL_WIDE_INTERVENTION.label
    _type(
        whole_school,
        {
            "aim_id": "Halve scooter crashes at the school gate by the end of term",
            "kind": wide,
        },
    )
    _settled(qtbot, ws)
    ws.show_page(3)
    unexplained = [i for i in ws.navigator.missing_items() if i.startswith(f"Response “{wide}”")]
    assert len(unexplained) == 4, ws.navigator.missing_items()
    assert not ws.navigator.complete_button.isEnabled()
    ws.show_page(3, "Responses")
    _type(
        whole_school,
        {
            "rationale_evidence": "Whole-school road safety lifted other kura",
            "rationale_resourcing": "Assembly time each term",
            "rationale_buy_in": "Principal and whānau support",
            "rationale_logic": "Every child learns the safe crossing",
        },
    )
    ws.show_page(3, "Annual partnership plan")
    plan = ws.section(3, "Annual partnership plan").inner
    qtbot.waitUntil(lambda: plan.school_id == ws.school_id)
    with qtbot.waitSignal(plan.loaded, timeout=10_000):
        plan.add_activity()
    qtbot.waitUntil(lambda: len(plan.model.rows) == 1, timeout=10_000)
    for field, value in (("due_on", _nz(30)), ("lead", "Whaea Mere Tūhoe")):
        with qtbot.waitSignal(plan.loaded, timeout=10_000):
            plan.model.setData(plan.model.index(0, plan.model.column_of(field)), value)
    _complete(qtbot, ws, Stage.RESPONSE)
    _picture(qtbot, ws, output_dir / "workspace_stage3_complete.png")

    # Stage 4: the aim assessed, the reflection.
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assessments = ws.section(4, "Aim assessments")
    assessment = _add(qtbot, assessments.assessments)
    _type(
        assessment,
        {
            "result": AssessmentResult.ACHIEVED.label,
            "measured_value": "4",
            "measured_on": _nz(0),
            "evidence": "Crash log kept by the office",
        },
    )
    qtbot.waitUntil(lambda: "measured 4" in assessments.comparison.text(), timeout=10_000)
    assert "Baseline 9 crashes → target 5 crashes" in assessments.comparison.text()
    ws.show_page(4, "Reflection and next steps")
    reflection = _start(qtbot, ws.section(4, "Reflection and next steps"))
    _type(
        reflection,
        {
            "what_happened": "Crashes fell from nine to four",
            "why_it_happened": "The drop-off zone moved cars away",
            "do_differently": "Start the patrol in term 1",
            "next_steps": "Keep the roster; share with the Kāhui Ako",
        },
    )
    # A school-wide intervention was a response, so its narrative is needed too.
    _settled(qtbot, ws)
    ws.show_page(4)
    assert ws.navigator.missing_items() == [
        "Intervention narrative: required after a school-wide intervention"
    ]
    ws.show_page(4, "Intervention narrative")
    narrative = _start(qtbot, ws.section(4, "Intervention narrative"))
    _type(
        narrative,
        {
            "problem": "Scooter crashes at the gate at 3 pm",
            "intervention": "A drop-off zone and a road patrol, taught to every class",
            "results": "Crashes fell from nine a term to four",
            "lessons": "Begin with the council; involve whānau early",
        },
    )
    _complete(qtbot, ws, Stage.ACHIEVEMENT)
    _picture(qtbot, ws, output_dir / "workspace_all_complete.png")

    # What was typed is what the store holds.
    with store.session() as session:
        r = load_school(session, ws.school_id or "")
        assert r.partnership is not None and r.partnership_year is not None
        assert all(r.partnership_year.completed_on(s) == TODAY for s in (1, 2, 3, 4))
        assert sorted((p.name, p.role) for p in r.people) == [
            ("Const. Aroha Ngata", Role.LEAD_POLICE_CONTACT.value),
            ("Hēmi Walker", Role.LEAD_SCHOOL_CONTACT.value),
        ]
        assert r.agreement is not None
        assert r.agreement.school_signatory == "Whaea Mere Tūhoe"
        assert r.agreement.review_on == TODAY + timedelta(days=355)
        assert r.latest_profile is not None
        assert (r.latest_profile.year, r.latest_profile.stand_downs) == (TODAY.year, 3)
        assert r.latest_profile.attendance_rate == 87.5
        assert [(o.baseline, o.target) for o in r.outcomes] == [(9.0, 4.0)]
        assert r.sara_plan is not None and r.sara_plan.theories == "Cars park on the crossing"
        assert [a.due_on for a in r.aims] == [TODAY + timedelta(days=120)]
        assert sorted((x.kind, x.aim_id) for x in r.responses) == [
            (ResponseKind.SCHOOL_TRAFFIC_SAFETY_TEAM.value, r.aims[0].id),
            (ResponseKind.SCHOOL_WIDE_INTERVENTION.value, r.aims[0].id),
        ]
        assert [(a.lead, a.due_on) for a in r.activities] == [
            ("Whaea Mere Tūhoe", TODAY + timedelta(days=30))
        ]
        assert [(a.result, a.measured_value) for a in r.assessments] == [("achieved", 4.0)]
        assert r.reflection is not None
        assert r.reflection.next_steps == "Keep the roster; share with the Kāhui Ako"
        assert r.narrative is not None
        assert (r.narrative.results, r.narrative.lessons) == (
            "Crashes fell from nine a term to four",
            "Begin with the council; involve whānau early",
        )
    window.close()


def test_typing_survives_a_kill_after_the_debounce_save(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    school_id = add_school(store)
    ws = workspace_alone(qtbot, store, school_id)
    ws.show_page(1, "Partnership agreement")
    agreement = _start(qtbot, ws.section(1, "Partnership agreement"))
    with qtbot.waitSignal(agreement.saved, timeout=10_000):
        agreement.form.type_into("purpose", "Kia haumaru ngā tamariki: safe travel to kura")
    assert ws.save_indicator.text() == "✓ Saved"
    # The process dies here: no close event, no flush, the store never closed cleanly.
    ws.hide()
    ws.deleteLater()
    store.engine.dispose()

    again = open_store(app_paths.database, app_paths.backups)
    try:
        restarted = workspace_alone(qtbot, again, school_id)
        restarted.show_page(1, "Partnership agreement")
        section = restarted.section(1, "Partnership agreement")
        qtbot.waitUntil(
            lambda: (
                section.editor.form.value("purpose")
                == "Kia haumaru ngā tamariki: safe travel to kura"
            ),
            timeout=10_000,
        )
    finally:
        again.close()


def test_closing_and_switching_school_save_pending_typing(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    first = add_school(store, "Awatea School")
    second = add_school(store, "Pīwakawaka School")
    window = MainWindow(app_paths)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.schools_loaded, timeout=10_000):
        window.set_store(store)
    ws = window.open_school(first)
    assert ws is not None
    ws.show_page(0, "School details")
    qtbot.waitUntil(lambda: ws.details.form.value("name") == "Awatea School", timeout=10_000)
    ws.details.form.type_into("address", "12 Kōwhai Road")  # no pause: the timer is waiting
    assert ws.pending
    window.open_school(second)
    qtbot.waitUntil(lambda: ws.details.form.value("name") == "Pīwakawaka School", timeout=10_000)
    ws.details.form.type_into("notes", "Gate duty from term 2")
    window.close()  # saves on this thread before the window goes
    with store.session() as session:
        assert load_school(session, first).school.address == "12 Kōwhai Road"
        assert load_school(session, second).school.notes == "Gate duty from term 2"


def _typing_everywhere_else(qtbot: QtBot, ws: SchoolWorkspace, text: str) -> None:
    """Type into the forms that are not record editors: the needs audit, a measured result
    not yet recorded, a plan review not yet recorded. Their pages are opened first, then
    the typing happens with no tab change in between (a tab change saves by itself)."""
    audit = ws.section(1, "Needs audit")
    results = ws.section(4, "Outcome results")
    plan = ws.section(3, "Annual partnership plan").inner
    ws.show_page(1, "Needs audit")
    qtbot.waitUntil(lambda: audit.school_id == ws.school_id and audit.isEnabled(), timeout=10_000)
    ws.show_page(3, "Annual partnership plan")
    qtbot.waitUntil(lambda: plan.review_button.isEnabled(), timeout=10_000)
    ws.show_page(4, "Outcome results")
    qtbot.waitUntil(lambda: results.record_button.isEnabled(), timeout=10_000)
    qtbot.waitUntil(lambda: not ws.pending and _idle(), timeout=10_000)
    audit.inputs["reports_per_week"].setText("1.5")
    audit.notes.setPlainText(f"Audit notes: {text}")
    results.form.type_into("value", "12")
    results.form.type_into("note", f"Result: {text}")
    plan.review_outcome.setText(f"Review: {text}")
    assert ws.pending


def _typed_everywhere_else(store: Store, school_id: str) -> tuple[Any, ...]:
    with store.session() as session:
        r = load_school(session, school_id)
        audits = session.query(NeedsAudit).filter_by(school_id=school_id).all()
        return (
            [(a.reports_per_week, a.notes) for a in audits],
            [(m.value, m.note) for m in r.measurements],
            [rv.outcome for rv in r.reviews],
        )


def test_audit_result_and_review_typing_survive_switching_and_closing(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    first = add_school(store, "Awatea School")
    second = add_school(store, "Pīwakawaka School")
    for school_id in (first, second):
        fill_stage_one(store, school_id, TODAY)
    window = main_window(qtbot, store, app_paths)
    ws = open_workspace(qtbot, window, first)
    _typing_everywhere_else(qtbot, ws, "Awatea, typed before switching")
    window.open_school(second)
    qtbot.waitUntil(lambda: ws.state is not None and ws.state.school_id == second)
    qtbot.waitUntil(_idle, timeout=10_000)
    assert _typed_everywhere_else(store, first) == (
        [(1.5, "Audit notes: Awatea, typed before switching")],
        [(12.0, "Result: Awatea, typed before switching")],
        ["Review: Awatea, typed before switching"],
    )
    _typing_everywhere_else(qtbot, ws, "Pīwakawaka, typed before closing")
    window.close()  # saves on this thread before the window goes
    assert _typed_everywhere_else(store, second) == (
        [(1.5, "Audit notes: Pīwakawaka, typed before closing")],
        [(12.0, "Result: Pīwakawaka, typed before closing")],
        ["Review: Pīwakawaka, typed before closing"],
    )


def test_bad_input_is_named_inline_and_never_saved(
    qtbot: QtBot, workspace: SchoolWorkspace, store: Store, output_dir: Path
) -> None:
    ws = workspace
    ws.show_page(1, "Partnership agreement")
    agreement = _start(qtbot, ws.section(1, "Partnership agreement"))
    qtbot.waitUntil(
        lambda: "Partnership agreement: not started" not in ws.navigator.missing_items()
    )
    assert "Partnership agreement: Parties to the agreement" in ws.navigator.missing_items()
    form = agreement.form
    form.type_into("agreed_on", "31/02/2026")
    assert form.error_text("agreed_on") == ("Date agreed: “31/02/2026” is not a date (dd/mm/yyyy)")
    form.type_into("purpose", "Safe travel")
    with qtbot.waitSignal(agreement.saved, timeout=10_000) as saved:
        agreement.flush()
    result: Any = saved.args[0]
    assert result.saved == ("purpose",)
    assert "Not saved: Date agreed" in ws.save_indicator.text()
    # A rule across fields: the review must come after the date agreed.
    form.type_into("agreed_on", "01/03/2026")
    form.type_into("review_on", "01/02/2026")
    with qtbot.waitSignal(agreement.saved, timeout=10_000):
        agreement.flush()
    assert form.error_text("review_on") == "Review date: must be after the date agreed (01/03/2026)"
    _picture(qtbot, ws, output_dir / "workspace_bad_input.png")
    with store.session() as session:
        row = session.query(PartnershipAgreement).one()
        assert (row.purpose, row.agreed_on, row.review_on) == (
            "Safe travel",
            date(2026, 3, 1),
            None,
        )
    form.type_into("review_on", "1/3/2027")
    review = form.editor("review_on")
    assert isinstance(review, QLineEdit)
    review.editingFinished.emit()  # the officer tabs on: the date is shown the NZ way
    assert review.text() == "01/03/2027"
    with qtbot.waitSignal(agreement.saved, timeout=10_000):
        agreement.flush()
    assert form.error_text("review_on") == ""
    assert ws.save_indicator.text() == "✓ Saved"

    # A required name left blank is refused with the rule; the old name stays.
    ws.show_page(0, "School details")
    qtbot.waitUntil(lambda: ws.details.form.value("name") == "Kōwhai Grove School")
    ws.details.form.type_into("name", "")
    assert ws.details.form.error_text("name").startswith("School name: is required")
    ws.details.form.type_into("roll", "-5")
    assert "Roll: -5 is out of range" in ws.details.form.error_text("roll")


def test_smart_and_completeness_messages_for_a_weak_aim(
    qtbot: QtBot, workspace: SchoolWorkspace, output_dir: Path
) -> None:
    ws = workspace
    assert ws.state is not None
    ws.show_page(1)
    missing = ws.navigator.missing_items()
    assert "Contacts: a Lead Police Contact" in missing
    assert "Partnership agreement: not started" in missing
    assert not ws.navigator.complete_button.isEnabled()
    assert not ws.navigator.maintain_button.isEnabled()

    ws.show_page(3, "Response aims")
    aims = ws.section(3, "Response aims")
    aim = _add(qtbot, aims.aims)
    _type(aim, {"statement": "Improve safety", "due_on": _nz(-3)})
    assert aims.smart.verdict("S") == "✗ Needs work"
    assert "at least 6 words" in aims.smart.reason("S")
    assert "already passed" in aims.smart.reason("T")
    _picture(qtbot, ws, output_dir / "workspace_weak_aim.png")
    _settled(qtbot, ws)
    ws.show_page(3)
    items = ws.navigator.missing_items()
    assert any(i.startswith("Aim “Improve safety”: Specific") for i in items), items
    assert "Responses: choose at least one" in items
    assert ws.navigator.status.text().endswith("still missing")


def test_header_says_which_stage_is_viewed_and_which_is_current(
    qtbot: QtBot, workspace: SchoolWorkspace, output_dir: Path
) -> None:
    ws = workspace
    assert ws.state is not None and ws.state.stage == Stage.RELATIONSHIP
    # The header's year selector names the year shown, and that it is the current one.
    assert ws.year_bar.selector.currentText() == f"{ws.state.year} (current)"
    assert ws.year_bar.past.isHidden()
    assert ws.state.year == date.today().year and ws.state.is_current_year
    ws.show_page(1)
    assert ws.summary.text().startswith("<b>Current stage 1 · Relationship")
    assert "Viewing" not in ws.summary.text()
    ws.show_page(3)
    text = ws.summary.text()
    assert text.startswith(f"<b>Viewing stage 3 · {Stage.RESPONSE.label}</b>")
    assert f"current stage 1 · {Stage.RELATIONSHIP.label}" in text
    qtbot.keyClick(ws.navigator.pages, Qt.Key.Key_Down)  # the navigator, by keyboard
    assert ws.summary.text().startswith(f"<b>Viewing stage 4 · {Stage.ACHIEVEMENT.label}</b>")
    ws.show_page(0)
    assert ws.summary.text().startswith("<b>Current stage 1")
    _picture(qtbot, ws, output_dir / "workspace_viewing_another_stage.png")


def test_missing_list_is_only_as_tall_as_its_items(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    ws = workspace_alone(qtbot, store, school_id)
    ws.show_page(1)  # nothing missing: one line
    qtbot.waitUntil(_idle, timeout=10_000)
    missing = ws.navigator.missing
    assert missing.count() == 1
    one_line = missing.sizeHintForRow(0)
    assert missing.height() <= one_line * 3  # not a tall empty box under one line
    assert ws.navigator.complete_button.y() < missing.y() + one_line * 4  # just below it
    ws.show_page(2)  # one item missing: still one line
    assert missing.count() == 1 and missing.height() <= one_line * 3
    _picture(qtbot, ws, output_dir / "workspace_navigator_short_list.png")


def test_maintain_at_stage_one_by_agreement(qtbot: QtBot, store: Store, output_dir: Path) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    ws = workspace_alone(qtbot, store, school_id)
    ws.show_page(1)
    assert ws.navigator.maintain_button.isEnabled()
    ws.maintain("The school has few issues; both agree to keep in touch termly")
    qtbot.waitUntil(
        lambda: ws.state is not None and ws.state.status == PartnershipStatus.MAINTAINING,
        timeout=10_000,
    )
    qtbot.waitUntil(_idle, timeout=10_000)
    assert ws.navigator.status.text().startswith("✓ Maintained at stage 1 by agreement since")
    assert ws.navigator.status.text().endswith("both agree to keep in touch termly")
    assert not ws.navigator.complete_button.isEnabled()
    _picture(qtbot, ws, output_dir / "workspace_maintained.png")


def test_each_page_renders_at_1366x768(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    school_id = add_school(store, roll=312, cluster="Kāhui Ako o Te Awa")
    fill_stage_one(store, school_id, TODAY)
    window = main_window(qtbot, store, app_paths)
    ws = open_workspace(qtbot, window, school_id)
    for page, tabs in ws.sections.items():
        for tab, (title, _widget) in enumerate(tabs):
            ws.show_page(page, tab)
            qtbot.waitUntil(_idle, timeout=10_000)
            name = f"workspace_{page}_{title.lower().replace(' ', '_')}.png"
            _picture(qtbot, window, output_dir / name)


CHILD = r"""
import sys, time
from pathlib import Path
from app.config import AppPaths
from app.services.store import open_store
from app.ui.application import LpcApplication
from app.ui.main_window import MainWindow

app = LpcApplication(sys.argv)
paths = AppPaths(Path(sys.argv[1])).ensure()
window = MainWindow(paths, open_store(paths.database, paths.backups))
window.show()


def spin(ready):
    end = time.monotonic() + 30
    while not ready():
        app.processEvents()
        time.sleep(0.005)
        if time.monotonic() > end:
            sys.exit(3)


def spin_for(seconds):
    end = time.monotonic() + seconds
    spin(lambda: time.monotonic() >= end)


ws = window.open_school(sys.argv[2])
ws.show_page(1, "Partnership agreement")
section = ws.section(1, "Partnership agreement")
spin(lambda: section.start_button.isEnabled())
loaded = []
section.editor.loaded.connect(lambda: loaded.append(1))
section.start_button.click()
spin(lambda: loaded)
section.editor.form.type_into("purpose", "Haumaru: safe travel to kura")
spin(lambda: not section.editor.pending)
print("SAVED", flush=True)
# Steady typing, a word every 300 ms for 3 s: never the pause a debounce waits for.
words = []
start = time.monotonic()
while time.monotonic() - start < 3.0:
    words.append(f"kupu{len(words) + 1}")
    section.editor.form.type_into("parties", " ".join(words))
    print(f"TYPED {len(words)} {time.monotonic():.3f}", flush=True)
    spin_for(0.3)
print("TYPING", flush=True)
time.sleep(120)
"""
# What "loses at most the last second" allows, with a little room for a loaded machine.
KILL_LOSS_S = 1.1


def test_sigkill_during_typing_keeps_what_was_saved(store: Store, app_paths: AppPaths) -> None:
    """Typing never pauses long enough for the debounce, yet what was typed more than a
    second before the kill is in the store after it."""
    school_id = add_school(store)
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(app_paths.data_dir), school_id],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    lines: list[str] = []
    typed: dict[int, float] = {}  # words typed -> when (the clock is shared with the child)
    try:
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith("TYPED "):
                _word, count, when = line.split()
                typed[int(count)] = float(when)
            if line.strip() == "TYPING":
                break
        killed_at = time.monotonic()
        assert lines[0] == "SAVED" and lines[-1] == "TYPING", lines
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert len(typed) >= 8, typed  # it really typed for three seconds
    again = open_store(app_paths.database, app_paths.backups)
    try:
        with again.session() as session:
            agreement = load_school(session, school_id).agreement
            assert agreement is not None
            assert agreement.purpose == "Haumaru: safe travel to kura"
            assert again.integrity_check() == "ok"
            kept = len((agreement.parties or "").split())
    finally:
        again.close()
    must_keep = max(n for n, when in typed.items() if when <= killed_at - KILL_LOSS_S)
    assert kept >= must_keep, (
        f"{kept} words saved; {must_keep} were typed over {KILL_LOSS_S} s before the kill"
    )


def test_results_are_recorded_and_charted(qtbot: QtBot, store: Store, output_dir: Path) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    ws = workspace_alone(qtbot, store, school_id)
    ws.show_page(4, "Outcome results")
    results = ws.section(4, "Outcome results")
    qtbot.waitUntil(lambda: results.record_button.isEnabled(), timeout=10_000)
    # One form on screen at a time: with no results yet, the one that records a result.
    qtbot.waitUntil(lambda: results.new_box.isVisible(), timeout=10_000)
    assert not results.results.editor.isVisible()
    assert results.form.value("measured_on") == format_nz_date(TODAY)
    results.form.type_into("value", "lots")
    assert "Measured value: “lots” is not a number" in results.form.error_text("value")
    results.record()
    assert results.results.list.count() == 0
    results.form.type_into("value", "15")
    results.form.type_into("note", "Term 1 count")
    with qtbot.waitSignal(results.recorded, timeout=10_000):
        results.record()
    qtbot.waitUntil(lambda: results.results.list.count() == 1, timeout=10_000)
    assert results.results.list.item(0).text() == f"{format_nz_date(TODAY)} · 15"
    assert results.form.value("value") == ""
    # The recorded result is now the form beside the list, to correct in place …
    qtbot.waitUntil(lambda: results.results.editor.isVisible(), timeout=10_000)
    assert not results.new_box.isVisible()
    qtbot.waitUntil(lambda: results.results.editor.form.value("value") == "15", timeout=10_000)
    _picture(qtbot, ws, output_dir / "workspace_results.png")
    # … and "New result" brings back the recording form in its place.
    results.results.add_button.click()
    assert results.new_box.isVisible() and not results.results.editor.isVisible()
    assert results.results.list.currentItem() is None
    with store.session() as session:
        (m,) = load_school(session, school_id).measurements
        assert (m.value, m.note, m.measured_on) == (15.0, "Term 1 count", TODAY)


def test_history_tab_shows_the_schools_changes(qtbot: QtBot, workspace: SchoolWorkspace) -> None:
    history = workspace.section(0, "History")
    with qtbot.waitSignal(history.loaded, timeout=10_000):
        workspace.show_page(0, "History")
    assert any(line.record == "School" or "School" in line.record for line in history.lines)


def test_closing_with_a_bad_value_warns_once(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    school_id = add_school(store)
    window = main_window(qtbot, store, app_paths, size=None)
    ws = window.open_school(school_id)
    assert ws is not None
    ws.show_page(0, "School details")
    qtbot.waitUntil(lambda: ws.details.form.value("name") == "Kōwhai Grove School")
    ws.details.form.type_into("roll", "about 300")
    ws.details.form.type_into("phone", "09 555 0199")
    assert not window.close()  # kept open, with a notice naming the field
    notice = window.findChild(QMessageBox)
    assert notice is not None and "Roll: “about 300” is not a whole number" in notice.text()
    with store.session() as session:
        assert load_school(session, school_id).school.phone == "09 555 0199"
    notice.close()
    assert window.close()  # the second close goes ahead


def test_switching_records_saves_the_first_and_keeps_its_errors_to_itself(
    qtbot: QtBot, workspace: SchoolWorkspace, store: Store
) -> None:
    ws = workspace
    ws.show_page(1, "Agreed outcomes")
    outcomes = ws.section(1, "Agreed outcomes")
    _type(_add(qtbot, outcomes), {"description": "Fewer crashes at the gate", "baseline": "9"})
    editor = _add(qtbot, outcomes)  # the same form, now showing the new outcome
    _type(editor, {"description": "Safer crossings", "baseline": "lots"})
    assert editor.form.error_text("baseline") == "Baseline: “lots” is not a number"
    outcomes.list.setCurrentRow(0)  # straight to the other record, before the pause
    qtbot.waitUntil(
        lambda: editor.form.value("description") == "Fewer crashes at the gate", timeout=10_000
    )
    qtbot.waitUntil(lambda: not ws.pending and _idle(), timeout=10_000)
    assert editor.form.value("description") == "Fewer crashes at the gate"
    assert editor.form.value("baseline") == "9"
    assert editor.form.error_text("baseline") == ""
    with store.session() as session:
        saved = {
            (o.description, o.baseline) for o in load_school(session, ws.school_id or "").outcomes
        }
    assert saved == {("Fewer crashes at the gate", 9.0), ("Safer crossings", None)}
