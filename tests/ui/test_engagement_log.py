from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.models import EngagementEntry
from app.services import engagements
from app.services.formatting import format_nz_date
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.engagement_log import EngagementLog
from app.ui.ops import wait_for_all
from tests.services.helpers import add_school

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
    widget = EngagementLog(store, "Const. Aroha Ngata")
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
