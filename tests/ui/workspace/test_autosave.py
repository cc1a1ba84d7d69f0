"""The autosave controller on its own: what it holds (dirty, in flight, refused) and when
it saves (after a pause, at most MAX_WAIT_MS after the first edit, on flush, on
flush_now), with a real store behind it."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.models import School
from app.services.editing import SaveResult, save_fields
from app.services.store import Store
from app.ui.ops import wait_for_all
from app.ui.workspace.autosave import AutosaveController, SaveState, SaveStatus, SaveTarget
from app.ui.workspace.save_timer import MAX_WAIT_MS
from tests.services.helpers import add_school

ACTOR = "Const. Aroha Ngata"


class _Screen:
    """What a form would be: the record on screen, and every state the controller said."""

    def __init__(self, qtbot: QtBot, store: Store, school_id: str | None, **kw: Any) -> None:
        self.store = store
        self.school_id = school_id
        self.states: list[SaveState] = []
        self.parent = QObject()
        self.controller = AutosaveController(self.parent, self.save, self.target, **kw)
        self.controller.state_changed.connect(self.states.append)

    def target(self) -> SaveTarget | None:
        return SaveTarget(self.school_id, ACTOR) if self.school_id is not None else None

    def save(self, target: SaveTarget, values: dict[str, Any]) -> SaveResult:
        return save_fields(self.store, target.actor, School, target.record, values)

    @property
    def statuses(self) -> list[SaveStatus]:
        return [s.status for s in self.states]


def _school(store: Store, school_id: str) -> School:
    with store.session() as session:
        school = session.get(School, school_id)
        assert school is not None
        session.expunge(school)
        return school


def test_an_edit_is_dirty_then_in_flight_then_flushed(qtbot: QtBot, store: Store) -> None:
    school_id = add_school(store)
    screen = _Screen(qtbot, store, school_id, timed=False)
    c = screen.controller
    assert not c.pending and c.dirty == {} and c.in_flight == 0
    c.edited({"notes": "Gate duty from term 2"})
    assert c.pending and c.dirty == {"notes": "Gate duty from term 2"} and c.in_flight == 0
    assert screen.statuses == [SaveStatus.EDITING]
    with qtbot.waitSignal(c.saved, timeout=10_000) as saved:
        c.flush()
        assert c.dirty == {} and c.in_flight == 1 and c.pending  # sent, not yet answered
        assert screen.statuses[-1] is SaveStatus.SAVING
    assert saved.args[0].saved == ("notes",)
    assert not c.pending and c.in_flight == 0 and c.refused() == []
    assert screen.statuses[-1] is SaveStatus.SAVED
    assert str(screen.states[-1]) == "Saved"
    assert _school(store, school_id).notes == "Gate duty from term 2"
    c.flush()  # nothing waiting: nothing sent twice
    assert c.in_flight == 0


def test_a_refused_value_stays_unsaved_and_is_named(qtbot: QtBot, store: Store) -> None:
    school_id = add_school(store, roll=312)
    screen = _Screen(qtbot, store, school_id, timed=False)
    c = screen.controller
    c.edited({"roll": "-5", "notes": "Roll checked"})
    with qtbot.waitSignal(c.finished, timeout=10_000) as finished:
        c.flush()
    outcome = finished.args[0]
    assert outcome.current and outcome.result.saved == ("notes",)
    assert c.dirty == {"roll": "-5"}  # kept, so closing still names it
    assert c.pending
    (reason,) = c.refused()
    assert reason.startswith("Roll: -5 is out of range")
    assert screen.states[-1].status is SaveStatus.NOT_SAVED
    assert str(screen.states[-1]) == f"Not saved: {reason}"
    school = _school(store, school_id)
    assert (school.roll, school.notes) == (312, "Roll checked")


def test_flush_now_saves_on_this_thread(qtbot: QtBot, store: Store) -> None:
    school_id = add_school(store)
    screen = _Screen(qtbot, store, school_id)
    c = screen.controller
    c.edited({"notes": "Typed just before closing"})
    assert c.timer.waiting()
    c.flush_now()  # no waiting for a signal: the store has it when this returns
    assert _school(store, school_id).notes == "Typed just before closing"
    assert not c.pending and not c.timer.waiting()


def test_typing_that_goes_on_is_saved_within_the_cap(qtbot: QtBot, store: Store) -> None:
    school_id = add_school(store)
    screen = _Screen(qtbot, store, school_id)
    c = screen.controller
    started = time.monotonic()
    sent_at: list[float] = []
    c.state_changed.connect(
        lambda s: sent_at.append(time.monotonic()) if s.status is SaveStatus.SAVING else None
    )
    text = ""
    while not sent_at and time.monotonic() - started < 3:
        text += "a"
        c.edited({"notes": text})  # never a pause as long as the debounce
        qtbot.wait(50)
    assert sent_at, "steady typing was never saved"
    # The timer fires at the cap; the rest is the event loop under load.
    assert sent_at[0] - started < MAX_WAIT_MS / 1000 + 0.25
    wait_for_all()
    qtbot.waitUntil(lambda: c.in_flight == 0, timeout=10_000)
    assert _school(store, school_id).notes is not None


def test_a_form_that_only_records_on_flush_never_saves_on_a_pause(
    qtbot: QtBot, store: Store
) -> None:
    school_id = add_school(store)
    screen = _Screen(qtbot, store, school_id, timed=False)
    c = screen.controller
    c.edited({"notes": "Half typed"})
    qtbot.wait(MAX_WAIT_MS + 400)
    assert c.in_flight == 0 and c.pending
    assert _school(store, school_id).notes in (None, "")
    c.flush_now()
    assert _school(store, school_id).notes == "Half typed"


def test_a_check_holds_the_values_back_and_names_why(qtbot: QtBot, store: Store) -> None:
    school_id = add_school(store)
    screen = _Screen(
        qtbot, store, school_id, timed=False, check=lambda v: ["Roll: fix the figures first"]
    )
    c = screen.controller
    c.edited({"notes": "Would be saved"})
    c.flush_now()
    assert c.in_flight == 0 and c.dirty == {"notes": "Would be saved"}
    assert c.refused() == ["Roll: fix the figures first"]
    assert str(screen.states[-1]) == "Not saved: Roll: fix the figures first"
    assert _school(store, school_id).notes in (None, "")


def test_a_refusal_for_a_record_no_longer_shown_is_not_brought_back(
    qtbot: QtBot, store: Store
) -> None:
    first = add_school(store, roll=312)
    second = add_school(store, "Pīwakawaka School", roll=120)
    screen = _Screen(qtbot, store, first, timed=False)
    c = screen.controller
    c.edited({"roll": "-5"})
    with qtbot.waitSignal(c.finished, timeout=10_000) as finished:
        c.flush()
        screen.school_id = second  # the officer moved on before the answer came
    assert not finished.args[0].current
    assert c.dirty == {} and not c.pending  # the next school's form is not marked with it
    assert screen.states[-1].status is SaveStatus.NOT_SAVED  # but the officer is told
    assert (_school(store, first).roll, _school(store, second).roll) == (312, 120)


def test_nothing_is_sent_without_a_target(qtbot: QtBot, store: Store) -> None:
    screen = _Screen(qtbot, store, None)
    c = screen.controller
    c.edited({"notes": "No school open"})
    c.flush()
    c.flush_now()
    assert c.in_flight == 0 and c.dirty == {"notes": "No school open"}
    c.discard()
    assert not c.pending and not c.timer.waiting()
