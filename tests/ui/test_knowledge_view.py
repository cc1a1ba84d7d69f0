"""The Knowledge bank view over the demo bank: search, filters, highlights, a page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import KnowledgeEntry
from app.services.changes import ChangeSet
from app.services.demo_knowledge import NARRATIVES, add_knowledge_bank
from app.services.store import Store
from app.services.sync.state import write_session
from app.ui.knowledge_view import KnowledgeView
from app.ui.ops import change_bus
from tests.ui.windows import main_window


def _view(qtbot: QtBot, store: Store) -> KnowledgeView:
    with write_session(store) as session:
        add_knowledge_bank(session)
    view = KnowledgeView(store)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.load()
    return view


def _row_html(view: KnowledgeView, row: int) -> str:
    label = view.results.itemWidget(view.results.item(row))
    assert isinstance(label, QLabel)
    return label.text()


def test_search_highlights_and_opens_a_narrative(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    view = _view(qtbot, store)
    assert view.results.count() == len(NARRATIVES)
    assert view.count.text() == f"{len(NARRATIVES)} narratives found"
    assert [view.year.itemText(i) for i in range(view.year.count())] == ["Any", "2025", "2024"]

    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.search.setText("whanau roster")  # no macron typed
    assert view.count.text() == "1 narrative found"
    html = _row_html(view, 0)
    assert "<b>whānau</b>" in html and "<b>roster</b>" in html
    assert "Bullying and harassment · Full primary (Years 1–8) · 2025 · Aims achieved" in html

    with qtbot.waitSignal(view.page_shown, timeout=15_000):
        view.results.setCurrentRow(0)
    text = view.page.toPlainText()
    for expected in (
        "Adults at the bus stop after the final bell",
        "Full primary (Years 1–8) · 300 to 699 students · Te Awa Roa",
        "Aims: baseline → result",
        "18 → 9 reports a term (target 9) — Achieved",
        "Safety education: Kia Kaha",
        "Lessons for other schools",
        "Start the roster in Term 1",
    ):
        assert expected in text, expected
    view.grab().save(str(output_dir / "knowledge_bank_search.png"))
    view.page.grab().save(str(output_dir / "knowledge_bank_page.png"))


def test_filters_narrow_the_list(qtbot: QtBot, store: Store, output_dir: Path) -> None:
    view = _view(qtbot, store)
    view.grab().save(str(output_dir / "knowledge_bank_all.png"))
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.aims.setCurrentIndex(view.aims.findData("not_achieved"))
    assert view.results.count() == 2
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.school_type.setCurrentIndex(view.school_type.findData("secondary"))
    assert view.results.count() == 1
    assert "Bikes stolen" in _row_html(view, 0)
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.search.setText("skateboard")
    assert view.results.count() == 0
    assert view.count.text() == "Nothing found: try fewer or other words"
    view.grab().save(str(output_dir / "knowledge_bank_filtered.png"))


def test_what_people_typed_is_shown_as_text(qtbot: QtBot, store: Store) -> None:
    with write_session(store) as session:
        session.add(
            KnowledgeEntry(
                id="e1",
                year=2026,
                state="published",
                named=False,
                school_type="secondary",
                roll_band="unknown",
                problem_type="other",
                response_kinds=" other ",
                aims_result="partly",
                title="<img src=x> & <b>bold</b> claims",
                lessons="Use <script>alert(1)</script> never",
                aims_json="[]",
                responses_json="[]",
                reflection_json="{}",
                details_text="",
                pending="",
                server_seq=1,
            )
        )
    view = _view(qtbot, store)
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.search.setText("claims")
    html = _row_html(view, 0)
    assert "&lt;img src=x&gt; &amp; &lt;b&gt;bold&lt;/b&gt; <b>claims</b>" in html
    with qtbot.waitSignal(view.page_shown, timeout=15_000):
        view.results.setCurrentRow(0)
    assert "Use <script>alert(1)</script> never" in view.page.toPlainText()


def test_the_main_window_opens_the_bank_with_ctrl_k(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    with write_session(store) as session:
        add_knowledge_bank(session)
    window = main_window(qtbot, store, app_paths)
    [action] = [a for a in window.findChildren(QAction) if a.shortcut().toString() == "Ctrl+K"]
    assert action.text() == "&Knowledge bank"
    action.trigger()
    view = window.knowledge_bank
    assert view is not None and window.stack.currentWidget() is view
    qtbot.waitUntil(lambda: view.results.count() == len(NARRATIVES), timeout=15_000)


def test_entries_a_sync_brings_show_in_the_open_view(qtbot: QtBot, store: Store) -> None:
    """The bank is open and empty; a sync pulls entries and says so on the change bus
    (as the sync engine does): the view searches again without being reopened."""
    view = KnowledgeView(store)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.load()
    assert view.results.count() == 0
    with write_session(store) as session:
        add_knowledge_bank(session)
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        change_bus().changed.emit(ChangeSet(tables={KnowledgeEntry.__tablename__}), None)
    assert view.results.count() == len(NARRATIVES)
    assert view.year.count() == 3  # "Any" and the bank's two years
