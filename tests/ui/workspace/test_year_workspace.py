"""The workspace's years: the roll-over dialog carries exactly what the officer ticks into
the new year and leaves last year as it was; the selector shows a past year, marked as
past, and goes back to the current one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.models import Outcome
from app.models.vocabulary import Stage
from app.services.records import load_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.workspace import WorkspaceState
from app.services.years import NextYearChoices, start_next_year
from app.ui.ops import pool
from app.ui.workspace.next_year_dialog import NextYearDialog
from app.ui.workspace.school_workspace import SchoolWorkspace
from tests.services.helpers import add_school
from tests.services.test_years import (
    YEAR_1,
    YEAR_2,
    _complete_year,
    _relationship,
    _rows_of_year,
    _work_the_year,
)

ACTOR = "Const. Aroha Ngata"


def _year_one(store: Store) -> tuple[str, str]:
    """A school through year 1 to stage 4 with two open outcomes; returns it and the
    outcome to carry."""
    school_id = add_school(store, "Rātā Street School", started_on=date(YEAR_1, 2, 3))
    carried = _relationship(store, school_id)
    with UnitOfWork(store) as uow:
        uow.add(
            Outcome,
            school_id=school_id,
            description="Safer crossing at the gate",
            measure="near misses per term",
            baseline=6,
            target=2,
        )
    _work_the_year(store, school_id, YEAR_1, "Year one")
    _complete_year(store, school_id, YEAR_1)
    return school_id, carried


def _shown(qtbot: QtBot, ws: SchoolWorkspace, year: int) -> None:
    """Wait until the workspace shows ``year`` and every page's reads have arrived."""
    qtbot.waitUntil(lambda: ws.state is not None and ws.state.year == year, timeout=10_000)
    qtbot.waitUntil(lambda: pool("store").activeThreadCount() == 0, timeout=10_000)
    qtbot.wait(50)  # the replies' callbacks run on this thread


def _open(qtbot: QtBot, store: Store, school_id: str) -> SchoolWorkspace:
    ws = SchoolWorkspace(store, lambda: ACTOR)
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    with qtbot.waitSignal(ws.state_loaded, timeout=10_000):
        ws.load(school_id)
    return ws


def _aims_listed(ws: SchoolWorkspace) -> list[str]:
    aims = ws.section(3, "Response aims").aims.list
    return [aims.item(i).text() for i in range(aims.count())]


def test_the_roll_over_dialog_carries_only_what_is_ticked(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    school_id, carried = _year_one(store)
    before = _rows_of_year(store, school_id, YEAR_1)
    ws = _open(qtbot, store, school_id)
    bar = ws.year_bar
    assert bar.selector.currentText() == f"{YEAR_1} (current)"
    assert bar.past.isHidden()

    bar.next_button.click()
    qtbot.waitUntil(lambda: bar.dialog is not None and bar.dialog.isVisible(), timeout=10_000)
    dialog = bar.dialog
    assert isinstance(dialog, NextYearDialog)
    # Nothing is ticked for the officer.
    boxes = [b for _i, b, _e, _d in dialog.outcomes] + [b for _l, b in dialog.steps]
    boxes += [b for _i, b in dialog.activities] + [dialog.profile]
    assert not any(b.isChecked() for b in boxes)
    assert [d for *_x, d in dialog.outcomes] == [
        "Fewer bullying reports",
        "Safer crossing at the gate",
    ]
    assert [line for line, _b in dialog.steps] == [
        "Year one: keep the roster",
        "Survey whānau in Term 1",
    ]
    dialog.grab().save(str(output_dir / "next_year_dialog.png"))

    outcome_box, target = next((b, e) for i, b, e, _d in dialog.outcomes if i == carried)
    outcome_box.setChecked(True)
    target.setText("ten")
    dialog.steps[1][1].setChecked(True)
    dialog.activities[0][1].setChecked(True)
    dialog.start_button.click()
    # A target that is not a number is refused by name, and the dialog stays open.
    assert dialog.isVisible() and "New target for “Fewer bullying reports”" in dialog.error.text()
    dialog.grab().save(str(output_dir / "next_year_dialog_refused.png"))
    assert _rows_of_year(store, school_id, YEAR_1) == before
    target.setText("10")
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    _shown(qtbot, ws, YEAR_2)

    # The new year holds exactly what was ticked; last year is unchanged.
    with store.session() as session:
        new = load_school(session, school_id, YEAR_2)
        aims = {a.statement: (a.outcome_id, a.target) for a in new.aims}
        assert aims == {
            "Fewer bullying reports": (carried, 10),
            "Survey whānau in Term 1": (None, None),
        }
        assert [a.title for a in new.activities] == ["Year one activity: launch assembly"]
        assert [p.year for p in new.profiles if p.year == YEAR_2] == []  # not ticked
    assert _rows_of_year(store, school_id, YEAR_1) == before

    assert bar.selector.currentText() == f"{YEAR_2} (current)"
    assert bar.past.isHidden()
    ws.show_page(3, "Response aims")
    _shown(qtbot, ws, YEAR_2)
    assert sorted(_aims_listed(ws)) == ["Fewer bullying reports", "Survey whānau in Term 1"]
    assert "Current stage" in ws.navigator.pages.item(1).text()  # year 2 starts at stage 1
    assert ws.minimumSizeHint().width() <= 1366  # the header fits a 1366x768 laptop
    ws.grab().save(str(output_dir / "workspace_new_year.png"))
    ws.show_page(1, "School profile")
    _shown(qtbot, ws, YEAR_2)
    profile = ws.section(1, "School profile")
    assert profile.start_button.text() == f"Start the {YEAR_2} profile"  # not ticked: offered
    assert profile.start_button.isEnabled()
    ws.show_page(3, "Response aims")

    # The selector shows last year, marked as past, with its own aims and stages.
    past_index = bar.selector.findData(YEAR_1)
    bar.selector.setCurrentIndex(past_index)
    bar.selector.activated.emit(past_index)
    _shown(qtbot, ws, YEAR_1)
    state: WorkspaceState | None = ws.state
    assert state is not None and not state.is_current_year
    assert bar.past.isVisible() and f"Past year {YEAR_1}" in bar.past.text()
    assert not bar.next_button.isVisible()  # only the current year rolls over
    assert _aims_listed(ws) == ["Year one aim: fewer bus stop reports by Year 7 students"]
    assert all(r.complete for r in state.reports)
    assert "Complete" in ws.navigator.pages.item(4).text()
    assert ws.minimumSizeHint().width() <= 1366  # the header fits a 1366x768 laptop
    ws.grab().save(str(output_dir / "workspace_past_year.png"))
    ws.show_page(1, "School profile")
    _shown(qtbot, ws, YEAR_1)
    assert profile.years.currentText() == str(YEAR_1)  # the past year's own profile
    assert not profile.start_button.isEnabled()
    ws.show_page(3, "Response aims")

    # And back to the current year.
    current = bar.selector.findData(YEAR_2)
    bar.selector.setCurrentIndex(current)
    bar.selector.activated.emit(current)
    _shown(qtbot, ws, YEAR_2)
    assert bar.past.isHidden() and ws.state is not None and ws.state.is_current_year
    assert sorted(_aims_listed(ws)) == ["Fewer bullying reports", "Survey whānau in Term 1"]

    # Mark stage complete works on the year shown: stage 1 of the new year.
    ws.show_page(1)
    assert ws.navigator.complete_button.isEnabled()
    ws.navigator.complete_button.click()
    qtbot.waitUntil(
        lambda: ws.state is not None and ws.state.report(Stage.RELATIONSHIP).complete,
        timeout=10_000,
    )
    assert ws.state is not None and ws.state.year == YEAR_2
    with store.session() as session:
        assert load_school(session, school_id, YEAR_2).partnership_year.stage1_completed_on
    assert _rows_of_year(store, school_id, YEAR_1) == before


def test_cancelling_the_roll_over_starts_nothing(qtbot: QtBot, store: Store) -> None:
    school_id, _ = _year_one(store)
    ws = _open(qtbot, store, school_id)
    ws.year_bar.next_button.click()
    qtbot.waitUntil(lambda: ws.year_bar.dialog is not None, timeout=10_000)
    dialog = ws.year_bar.dialog
    assert dialog is not None
    dialog.steps[0][1].setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: pool("store").activeThreadCount() == 0, timeout=10_000)
    with store.session() as session:
        assert load_school(session, school_id).year == YEAR_1
    assert ws.year_bar.selector.count() == 1


def test_a_record_added_on_a_past_year_goes_into_that_year(qtbot: QtBot, store: Store) -> None:
    school_id, _ = _year_one(store)
    with UnitOfWork(store) as uow:
        start_next_year(uow, school_id, NextYearChoices())
    ws = _open(qtbot, store, school_id)
    assert ws.state is not None and ws.state.year == YEAR_2
    ws.show_page(3, "Response aims")
    ws.show_year(YEAR_1)
    _shown(qtbot, ws, YEAR_1)
    aims = ws.section(3, "Response aims").aims
    aims.add()
    qtbot.waitUntil(lambda: aims.list.count() == 2, timeout=10_000)
    with store.session() as session:
        assert len(load_school(session, school_id, YEAR_1).aims) == 2
        assert load_school(session, school_id, YEAR_2).aims == []
