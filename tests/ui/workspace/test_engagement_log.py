from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import EngagementEntry
from app.services import engagements
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.main_window import MainWindow
from app.ui.ops import wait_for_all
from app.ui.workspace.engagement_log import EngagementLog
from app.ui.workspace.school_workspace import SchoolWorkspace
from app.ui.workspace.stage_navigator import LOG_PAGE
from lpc_core.formatting import format_nz_date
from tests.services.helpers import add_school
from tests.ui.windows import main_window

TODAY = date.today()


def _seed(store: Store) -> str:
    school_id = add_school(store, "Kōwhai Grove School")
    entries = [
        (40, "meeting", "Hemi Walker (LSC), Const. Aroha Ngata", "Agreed the term's priorities."),
        (12, "visit", "Whaea Mere, Year 7 teachers", "Kia Kaha session planning for Term 4."),
        (3, "call", "Hemi Walker", "Follow-up on bus-stop incidents; roster starts Monday."),
    ]
    with UnitOfWork(store, actor="Const. Aroha Ngata") as uow:
        for days, kind, people, summary in entries:
            engagements.add_engagement(
                uow,
                school_id,
                occurred_on=TODAY - timedelta(days=days),
                kind=kind,
                people=people,
                summary=summary,
            )
    return school_id


@pytest.fixture
def log(qtbot: QtBot, store: Store) -> Iterator[EngagementLog]:
    widget = EngagementLog(store, lambda: "Const. Aroha Ngata")
    qtbot.addWidget(widget)
    widget.resize(900, 520)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    wait_for_all()


def _entries(store: Store, school_id: str) -> list[engagements.EngagementView]:
    with store.session() as session:
        return engagements.list_engagements(session, school_id)


def test_lists_newest_first_and_adds_edits_deletes(
    qtbot: QtBot, store: Store, log: EngagementLog, output_dir: Path
) -> None:
    school_id = _seed(store)
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        log.load(school_id)
    assert [log.list.topLevelItem(i).text(1) for i in range(3)] == [
        "Phone call",
        "School visit",
        "Meeting",
    ]
    assert log.list.topLevelItem(0).text(0) == format_nz_date(TODAY - timedelta(days=3))
    log.grab().save(str(output_dir / "engagement_log.png"))

    log.new_entry()
    log.kind_edit.setCurrentIndex(log.kind_edit.findData("event"))
    qtbot.keyClicks(log.people_edit, "Kaumatua, whanau, LPC")
    log.summary_edit.setPlainText("Hui at the marae about the bus stop.")
    with qtbot.waitSignals([log.changed, log.loaded], timeout=10_000):
        log.save_button.click()
    rows = _entries(store, school_id)
    assert (rows[0].occurred_on, rows[0].kind, rows[0].people) == (
        TODAY,
        "event",
        "Kaumatua, whanau, LPC",
    )
    assert log.list.currentItem().text(1) == "Event / hui"

    log.list.setCurrentItem(log.list.topLevelItem(2))  # the visit, 12 days ago
    assert log.summary_edit.toPlainText() == "Kia Kaha session planning for Term 4."
    log.people_edit.setText("Whaea Mere")
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        log.save()
    assert [r.people for r in _entries(store, school_id)].count("Whaea Mere") == 1
    assert len(_entries(store, school_id)) == 4  # edited, not added

    log.confirm = lambda _title, _question: True
    log.list.setCurrentItem(log.list.topLevelItem(3))
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        log.delete_button.click()
    assert [r.kind for r in _entries(store, school_id)] == ["event", "call", "visit"]
    with store.session() as session:
        assert (
            session.query(EngagementEntry).filter(EngagementEntry.deleted_at.isnot(None)).count()
            == 1
        )


def test_bad_values_are_named_and_nothing_is_saved(
    qtbot: QtBot, store: Store, log: EngagementLog, output_dir: Path
) -> None:
    school_id = _seed(store)
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        log.load(school_id)
    log.new_entry()
    log.date_edit.setText("32/13/2026")
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        log.save()
    assert "Date: “32/13/2026” is not a date (dd/mm/yyyy)" in log.error.text()
    assert "Summary: is required" in log.error.text()
    assert log.summary_edit.styleSheet() and not log.people_edit.styleSheet()
    assert log.date_edit.text() == "32/13/2026"  # kept to correct
    assert len(_entries(store, school_id)) == 3
    log.grab().save(str(output_dir / "engagement_log_error.png"))


def test_typing_saves_after_a_pause_and_a_new_entry_is_created_once(
    qtbot: QtBot, store: Store, log: EngagementLog, output_dir: Path
) -> None:
    school_id = _seed(store)
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        log.load(school_id)
    log.new_entry()
    qtbot.keyClicks(log.people_edit, "Hemi Walker (LSC)")
    with qtbot.waitSignal(log.saved, timeout=10_000) as first:
        pass  # the pause: a draft without a summary is refused, named, and kept
    assert [str(e) for e in first.args[0].errors] == ["Summary: is required"]
    assert log.error.text() == "⚠ Summary: is required" and log.summary_edit.styleSheet()
    assert log.people_edit.text() == "Hemi Walker (LSC)"
    assert log.status.text() == "Not saved" and log.editing_id is None
    assert len(_entries(store, school_id)) == 3

    qtbot.keyClicks(log.summary_edit, "Walked the bus stop at 3 pm")
    with qtbot.waitSignals([log.saved, log.loaded], timeout=10_000):
        pass
    rows = _entries(store, school_id)
    assert len(rows) == 4
    assert (rows[0].people, rows[0].summary) == ("Hemi Walker (LSC)", "Walked the bus stop at 3 pm")
    assert log.editing_id == rows[0].id and not log.error.isVisible()
    assert log.status.text() == "✓ Saved"
    log.grab().save(str(output_dir / "engagement_log_saved.png"))

    # Two pauses in a row: the second save updates the entry the first one created.
    qtbot.keyClicks(log.summary_edit, " with the principal.")
    log.flush()
    qtbot.keyClicks(log.summary_edit, " Roster agreed.")
    qtbot.waitUntil(lambda: not log.pending, timeout=10_000)
    rows = _entries(store, school_id)
    assert len(rows) == 4
    assert rows[0].summary == "Walked the bus stop at 3 pm with the principal. Roster agreed."


def test_a_brand_new_entry_typed_twice_quickly_is_added_once(
    qtbot: QtBot, store: Store, log: EngagementLog
) -> None:
    school_id = _seed(store)
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        log.load(school_id)
    log.new_entry()
    log.summary_edit.setPlainText("Hui with whānau")
    log.flush()  # the create is queued on the store worker…
    log.people_edit.setText("Whaea Mere")
    log.flush()  # …and this save, sent before it returns, must not add a second entry
    qtbot.waitUntil(lambda: not log.pending, timeout=10_000)
    rows = _entries(store, school_id)
    assert len(rows) == 4
    assert (rows[0].summary, rows[0].people) == ("Hui with whānau", "Whaea Mere")


def _window_at_log(
    qtbot: QtBot, store: Store, app_paths: AppPaths, school_id: str
) -> tuple[MainWindow, SchoolWorkspace, EngagementLog]:
    window = main_window(qtbot, store, app_paths)
    ws = window.open_school(school_id)
    assert ws is not None
    log = ws.section(LOG_PAGE, "Engagement log")
    assert isinstance(log, EngagementLog)
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        ws.show_page(LOG_PAGE)
    return window, ws, log


def test_closing_or_switching_school_mid_typing_saves_the_entry(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    first = _seed(store)
    second = add_school(store, "Pīwakawaka School")
    window, ws, log = _window_at_log(qtbot, store, app_paths, first)
    log.new_entry()
    qtbot.keyClicks(log.summary_edit, "Phoned about the gate")
    assert ws.pending  # no pause yet
    window.open_school(second)
    qtbot.waitUntil(lambda: not ws.pending, timeout=10_000)
    assert _entries(store, first)[0].summary == "Phoned about the gate"
    qtbot.waitUntil(lambda: log.school_id == second, timeout=10_000)

    log.new_entry()
    qtbot.keyClicks(log.people_edit, "Tumuaki")
    qtbot.keyClicks(log.summary_edit, "Typed at the marae")
    ws.show_page(LOG_PAGE)
    qtbot.waitUntil(lambda: not log.pending, timeout=10_000)
    QApplication.processEvents()
    window.grab().save(str(output_dir / "engagement_log_in_workspace.png"))
    qtbot.keyClicks(log.summary_edit, "; typed just before closing")
    assert ws.pending
    assert window.close()  # saves on this thread before the window goes
    assert [(r.people, r.summary) for r in _entries(store, second)] == [
        ("Tumuaki", "Typed at the marae; typed just before closing")
    ]


def test_closing_with_an_unsavable_draft_warns_once(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    school_id = _seed(store)
    window, _ws, log = _window_at_log(qtbot, store, app_paths, school_id)
    log.new_entry()
    qtbot.keyClicks(log.people_edit, "Hemi Walker")  # no summary: cannot be added yet
    assert not window.close()
    notice = window.findChild(QMessageBox)
    assert notice is not None and "Summary: is required" in notice.text()
    assert log.people_edit.text() == "Hemi Walker"  # still there to finish
    notice.close()
    assert window.close()
    assert len(_entries(store, school_id)) == 3


def test_choosing_another_entry_mid_typing_saves_the_first_and_lists_it(
    qtbot: QtBot, store: Store, log: EngagementLog
) -> None:
    school_id = _seed(store)
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        log.load(school_id)
    log.new_entry()
    qtbot.keyClicks(log.summary_edit, "Quick call about the fair")
    log.list.setCurrentItem(log.list.topLevelItem(2))  # before the pause
    assert log.summary_edit.toPlainText() == "Agreed the term's priorities."
    qtbot.waitUntil(lambda: log.list.topLevelItemCount() == 4, timeout=10_000)
    assert "Quick call about the fair" in [r.summary for r in _entries(store, school_id)]
    assert log.summary_edit.toPlainText() == "Agreed the term's priorities."  # form untouched
    assert log.list.currentItem().text(3) == "Agreed the term's priorities."


def test_a_date_typed_short_is_shown_dd_mm_yyyy_once_left(
    qtbot: QtBot, store: Store, log: EngagementLog
) -> None:
    school_id = _seed(store)
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        log.load(school_id)
    log.new_entry()
    log.date_edit.clear()
    qtbot.keyClicks(log.date_edit, "4/5/2026")
    log.date_edit.editingFinished.emit()
    assert log.date_edit.text() == "04/05/2026"
    log.summary_edit.setPlainText("Board meeting")
    with qtbot.waitSignal(log.saved, timeout=10_000):
        log.flush()
    assert date(2026, 5, 4) in [r.occurred_on for r in _entries(store, school_id)]


def test_steady_typing_is_saved_within_a_second(
    qtbot: QtBot, store: Store, log: EngagementLog
) -> None:
    """A keystroke every 300 ms never gives the debounce its pause; the cap still saves."""
    school_id = _seed(store)
    with qtbot.waitSignal(log.loaded, timeout=10_000):
        log.load(school_id)
    log.list.setCurrentItem(log.list.topLevelItem(0))
    first_summary = "Follow-up on bus-stop incidents"
    started = time.monotonic()
    saved_at: list[float] = []
    log.saved.connect(lambda _r: saved_at.append(time.monotonic()))
    for n in range(8):
        log.summary_edit.setPlainText(f"{first_summary}; note {n}")
        qtbot.wait(300)
    assert saved_at, "nothing was saved in 2.4 s of steady typing"
    assert saved_at[0] - started < 1.0
    wait_for_all()
    qtbot.waitUntil(lambda: not log.pending, timeout=10_000)
    entry = next(e for e in _entries(store, school_id) if e.summary.startswith(first_summary))
    assert entry.summary.startswith(f"{first_summary}; note ")
