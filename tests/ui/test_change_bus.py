"""One application-wide signal tells the screens what a write changed.

An op's committed writes reach ``change_bus().changed`` as one change set; each screen
re-reads only when the change set touches what it shows.
"""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import EngagementEntry, Person, School
from app.models.vocabulary import Role
from app.services.changes import ChangeSet
from app.services.editing import add_row, save_fields
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.dashboard import DashboardView
from app.ui.ops import Op, change_bus, listen, wait_for_all
from app.ui.workspace.school_workspace import REFRESH_MS, SchoolWorkspace
from tests.services.helpers import add_school
from tests.ui.windows import main_window, open_workspace

Heard = list[tuple[ChangeSet, QObject | None]]


def _count(monkeypatch: pytest.MonkeyPatch, ws: SchoolWorkspace, name: str) -> list[str]:
    """Record each call of one of the workspace's re-reads, still doing it."""
    calls: list[str] = []
    real = getattr(ws, name)

    def counted() -> None:
        calls.append(name)
        real()

    monkeypatch.setattr(ws, name, counted)
    return calls


def test_an_ops_writes_arrive_as_one_change_set_naming_what_changed(
    qtbot: QtBot, store: Store
) -> None:
    school_id = add_school(store, "Awatea School")
    owner = QWidget()
    qtbot.addWidget(owner)
    heard: Heard = []
    listen(owner, lambda changes, initiator: heard.append((changes, initiator)))

    def rename_twice() -> None:
        save_fields(store, "Sgt Aroha Ngata", School, school_id, {"name": "Awatea Kura"})
        save_fields(store, "Sgt Aroha Ngata", School, school_id, {"notes": "Tumuaki met"})

    with qtbot.waitSignal(change_bus().changed, timeout=10_000):
        Op(owner, rename_twice).run()
    assert len(heard) == 1  # one announcement per op, however many transactions
    changes, initiator = heard[0]
    assert initiator is owner
    assert changes.tables == {"schools"}
    assert changes.school_ids == {school_id}
    assert changes.record_ids == {school_id}
    assert [c.new for c in changes.changes] == [{"name": "Awatea Kura"}, {"notes": "Tumuaki met"}]


def test_a_write_that_rolls_back_is_not_announced_and_a_read_is_silent(
    qtbot: QtBot, store: Store
) -> None:
    school_id = add_school(store)
    owner = QWidget()
    qtbot.addWidget(owner)
    heard: Heard = []
    listen(owner, lambda changes, initiator: heard.append((changes, initiator)))

    def refused() -> None:
        with UnitOfWork(store, "Sgt Aroha Ngata") as uow:
            uow.update(uow.get(School, school_id), notes="kept only if committed")
            raise RuntimeError("the officer cancelled")

    failures: list[BaseException] = []
    Op(owner, refused).failure(failures.append).run()
    Op(owner, store.device_id.upper).run()
    wait_for_all()
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    qtbot.wait(50)
    assert heard == []


def test_what_committed_before_a_failure_is_still_announced(qtbot: QtBot, store: Store) -> None:
    school_id = add_school(store)
    owner = QWidget()
    qtbot.addWidget(owner)

    def half_done() -> None:
        save_fields(store, "Sgt Aroha Ngata", School, school_id, {"notes": "first step"})
        raise RuntimeError("the second step failed")

    with qtbot.waitSignal(change_bus().changed, timeout=10_000) as blocker:
        Op(owner, half_done).failure(lambda _exc: None).run()
    assert blocker.args[0].school_ids == {school_id}


def test_a_destroyed_listener_is_no_longer_called(qtbot: QtBot, store: Store) -> None:
    school_id = add_school(store)
    heard: Heard = []
    gone = QObject()
    listen(gone, lambda changes, initiator: heard.append((changes, initiator)))
    gone.deleteLater()
    qtbot.waitUntil(lambda: gc.collect() >= 0 and not _alive(gone), timeout=5_000)
    owner = QWidget()
    qtbot.addWidget(owner)
    with qtbot.waitSignal(change_bus().changed, timeout=10_000):
        Op(owner, save_fields, store, "", School, school_id, {"notes": "after"}).run()
    assert heard == []


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_a_change_refreshes_exactly_the_screens_that_show_that_school(
    qtbot: QtBot, store: Store, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = add_school(store, "Awatea School")
    other = add_school(store, "Pīwakawaka School")
    window = main_window(qtbot, store, app_paths)
    window.show_dashboard()  # built, then hidden behind the workspace
    hidden_dashboard = window.dashboard
    assert hidden_dashboard is not None
    qtbot.waitUntil(lambda: bool(hidden_dashboard.statuses), timeout=10_000)
    ws = open_workspace(qtbot, window, shown)
    ws.show_page(0, "School details")
    qtbot.waitUntil(lambda: ws.details.form.value("name") == "Awatea School", timeout=10_000)
    district = DashboardView(store)  # a district view on screen: it shows every school
    qtbot.addWidget(district)
    district.show()
    with qtbot.waitSignal(district.loaded, timeout=10_000):
        district.refresh()
    reloads = _count(monkeypatch, ws, "reload")
    state_reads = _count(monkeypatch, ws, "refresh")
    hidden_loads: list[None] = []
    hidden_dashboard.loaded.connect(lambda: hidden_loads.append(None))
    list_loads: list[int] = []
    window.schools_loaded.connect(list_loads.append)
    outsider = QWidget()  # e.g. the conflicts dialog: not part of the workspace
    qtbot.addWidget(outsider)

    # Another school changes: the visible district view re-reads; the workspace, which
    # shows one school, the hidden dashboard and the hidden list do not.
    with qtbot.waitSignal(district.loaded, timeout=10_000):
        Op(outsider, save_fields, store, "", School, other, {"name": "Pīwakawaka Kura"}).run()
    qtbot.wait(REFRESH_MS * 2)
    assert reloads == [] and state_reads == [] and hidden_loads == [] and list_loads == []

    # Something the district view does not count (an engagement): it stays as it is.
    district_loads: list[None] = []
    district.loaded.connect(lambda: district_loads.append(None))
    visit = {"occurred_on": "02/12/2026", "summary": "Met the tumuaki about the hui"}
    with qtbot.waitSignal(change_bus().changed, timeout=10_000) as blocker:
        Op(outsider, add_row, store, "", EngagementEntry, other, visit).run()
    assert blocker.args[0].tables == {"engagement_entries"}
    qtbot.wait(300)
    assert district_loads == [] and reloads == [] and list_loads == []

    # The open school changes elsewhere: the workspace reads it in full.
    with qtbot.waitSignal(ws.state_loaded, timeout=10_000):
        Op(outsider, save_fields, store, "", School, shown, {"name": "Awatea Kura"}).run()
    qtbot.waitUntil(lambda: ws.details.form.value("name") == "Awatea Kura", timeout=10_000)
    assert reloads == ["reload"]
    assert "Awatea Kura" in ws.title.text()

    # The workspace's own form saves: it already shows the value, so only the stage
    # reports are re-read (once, after the save).
    with qtbot.waitSignal(ws.state_loaded, timeout=10_000):
        ws.details.form.type_into("notes", "Tumuaki agreed to meet each term")
        ws.flush()
    assert reloads == ["reload"] and state_reads
    assert hidden_loads == [] and list_loads == []

    # Back to the list: read once, with every change made meanwhile.
    with qtbot.waitSignal(window.schools_loaded, timeout=10_000):
        window.show_schools()
    qtbot.waitUntil(lambda: len(list_loads) >= 1, timeout=10_000)
    names = {s.name for s in window.schools.model.rows}
    assert {"Awatea Kura", "Pīwakawaka Kura"} <= names

    # While the list is shown it re-reads at once; the workspace, now hidden but still
    # holding the first school, ignores a change to the other.
    reads_before = len(list_loads)
    with qtbot.waitSignal(window.schools_loaded, timeout=10_000):
        Op(outsider, save_fields, store, "", School, other, {"name": "Pīwakawaka"}).run()
    assert len(list_loads) == reads_before + 1
    assert "Pīwakawaka" in {s.name for s in window.schools.model.rows}
    assert reloads == ["reload"] and hidden_loads == []

    # A change the list does not show (a contact) is not a reason to read it again.
    reads_before = len(list_loads)
    contact = {"name": "Hemi Walker", "role": Role.LEAD_SCHOOL_CONTACT.value}
    with qtbot.waitSignal(change_bus().changed, timeout=10_000) as blocker:
        Op(outsider, add_row, store, "", Person, other, contact).run()
    assert blocker.args[0].tables == {"people"}
    qtbot.wait(300)
    assert len(list_loads) == reads_before
