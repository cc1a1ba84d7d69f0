"""Stage 2's Similar interventions tab: found from the plan's words, cited, removed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.models import KnowledgeCitation, Response
from app.services.demo_knowledge import NARRATIVES, add_knowledge_bank, entry_id
from app.services.store import Store
from app.services.sync.state import write_session
from app.ui.workspace.shown_year import ShownYear
from app.ui.workspace.similar_panel import ID_ROLE, SimilarPanel
from tests.services.helpers import add_school, fill_stage_three, fill_stage_two


def test_similar_interventions_are_cited_in_the_plan(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    with write_session(store) as session:
        add_knowledge_bank(session)
    school_id = add_school(store, "Kererū Vale School")
    fill_stage_two(store, school_id)  # a plan about bullying at the bus stop
    panel = SimilarPanel(store, lambda: "Const. Aroha Ngata", ShownYear())
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitExposed(panel)
    with (
        qtbot.waitSignal(panel.cited, timeout=10_000),
        qtbot.waitSignal(panel.found, timeout=10_000) as found,
    ):
        panel.load(school_id)
    assert 0 < found.args[0] < len(NARRATIVES)
    assert panel.results.item(0).data(ID_ROLE) == entry_id(0)  # the bus stop narrative
    first = panel.results.itemWidget(panel.results.item(0))
    assert "Adults at the bus <b>stop</b> after the final <b>bell</b>" in first.text()  # type: ignore[attr-defined]

    panel.results.setCurrentRow(0)
    panel.note.setText("Same stop, same hour")
    with qtbot.waitSignal(panel.cited, timeout=10_000):
        panel.cite_button.click()
    assert panel.citations.count() == 1
    assert panel.citations.item(0).text().endswith("— Same stop, same hour · in the SARA plan")
    with store.session() as session:
        [citation] = session.query(KnowledgeCitation).all()
        assert (citation.year, citation.response_id) == (date.today().year, None)
    panel.grab().save(str(output_dir / "similar_interventions.png"))

    panel.citations.setCurrentRow(0)
    with qtbot.waitSignal(panel.cited, timeout=10_000):
        panel.remove_button.click()
    assert panel.citations.count() == 0


def test_stage_three_cites_for_a_response(qtbot: QtBot, store: Store) -> None:
    with write_session(store) as session:
        add_knowledge_bank(session)
    school_id = add_school(store, "Kererū Vale School")
    fill_stage_two(store, school_id)
    fill_stage_three(store, school_id, date.today())
    panel = SimilarPanel(store, lambda: "Const. Aroha Ngata", ShownYear(), prefer_response=True)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.cited, timeout=10_000):
        panel.load(school_id)
    qtbot.waitUntil(lambda: panel.results.count() > 0, timeout=10_000)
    assert [panel.target.itemText(i) for i in range(panel.target.count())] == [
        "The SARA plan",
        "Response: Safety education: Kia Kaha",
    ]
    assert panel.target.currentIndex() == 1
    panel.results.setCurrentRow(0)
    with qtbot.waitSignal(panel.cited, timeout=10_000):
        panel.cite_button.click()
    assert panel.citations.item(0).text().endswith("· in response: Safety education: Kia Kaha")
    with store.session() as session:
        [citation] = session.query(KnowledgeCitation).all()
        assert citation.response_id == session.query(Response).one().id
