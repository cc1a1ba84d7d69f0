"""Stage 4's Knowledge bank tab: check, confirm the findings, submit, see the state."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.models import KnowledgeEntry
from app.services.store import Store
from app.ui.workspace.knowledge_panel import KnowledgePanel
from app.ui.workspace.shown_year import ShownYear
from tests.services.helpers import add_school
from tests.services.knowledge_helpers import finished_school


def _panel(qtbot: QtBot, store: Store, school_id: str) -> KnowledgePanel:
    panel = KnowledgePanel(store, lambda: "Const. Aroha Ngata", ShownYear())
    qtbot.addWidget(panel)
    panel.resize(900, 560)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(panel.status_shown, timeout=10_000):
        panel.load(school_id)
    return panel


def test_findings_must_be_confirmed_before_submitting(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    finished_school(store, lessons="Ring the roster on 027 555 0101.")
    with store.session() as session:
        from app.models import School

        school_id = session.query(School).one().id
    panel = _panel(qtbot, store, school_id)
    assert "Not submitted to the knowledge bank." in panel.state.text()
    assert not panel.submit_button.isEnabled()

    panel.problem.setCurrentIndex(panel.problem.findData("bullying"))
    with qtbot.waitSignal(panel.checked, timeout=10_000) as checked:
        panel.check_button.click()
    assert checked.args == [1]
    assert "“027 555 0101” a phone number" in panel.found.text()
    assert panel.confirm.isVisible() and not panel.submit_button.isEnabled()
    panel.grab().save(str(output_dir / "knowledge_submit_findings.png"))

    panel.confirm.setChecked(True)
    assert panel.submit_button.isEnabled()
    with qtbot.waitSignal(panel.status_shown, timeout=10_000):
        panel.submit_button.click()
    assert "Submitted: waiting for a district supervisor" in panel.state.text()
    assert "sent at the next sync" in panel.state.text()
    assert not panel.check_button.isEnabled() and not panel.submit_button.isEnabled()
    with store.session() as session:
        entry = session.query(KnowledgeEntry).one()
        assert (entry.problem_type, entry.named, entry.pending) == ("bullying", False, "submit")
    panel.grab().save(str(output_dir / "knowledge_submitted.png"))


def test_a_school_without_a_narrative_is_told_to_write_one(qtbot: QtBot, store: Store) -> None:
    panel = _panel(qtbot, store, add_school(store, "Weka Vale School"))
    assert panel.state.text() == "Write this year's intervention narrative first."
    assert not panel.check_button.isEnabled() and not panel.submit_button.isEnabled()
