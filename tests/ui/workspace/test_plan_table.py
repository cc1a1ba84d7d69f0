from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import AnnualPlan, PlanActivity, PlanReview
from app.services import plans
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.main_window import MainWindow
from app.ui.ops import wait_for_all
from app.ui.workspace.plan_table import PlanTable
from lpc_core.formatting import format_nz_date
from tests.services.helpers import add_school

TODAY = date.today()


def _seed(store: Store) -> tuple[str, list[str]]:
    school_id = add_school(store, "Kōwhai Grove School")
    rows = [
        ("Launch assembly with Kia Kaha", "Book hall\nBrief staff", -30, -10, "done"),
        ("Staff briefing on reporting bullying", "Agenda; slides", -20, -3, "planned"),
        ("Bus-stop duty roster", "Draft roster\nAgree with principal", 0, 25, "in_progress"),
        ("Term review with whānau", "Invite whānau via newsletter", 30, 60, "planned"),
    ]
    ids = []
    with UnitOfWork(store, actor="Const. Aroha Ngata") as uow:
        for n, (title, steps, start, due, status) in enumerate(rows):
            ids.append(
                plans.add_activity(
                    uow,
                    school_id,
                    title=title,
                    steps=steps,
                    starts_on=TODAY + timedelta(days=start),
                    due_on=TODAY + timedelta(days=due),
                    resources="Hall, projector" if n % 2 == 0 else "Staff room",
                    lead="Const. Aroha Ngata" if n % 2 else "Hemi Walker",
                    status=status,
                    horizon="long_term" if n == 3 else "short_term",
                    completed_on=TODAY - timedelta(days=10) if status == "done" else None,
                ).id
            )
        plans.add_review(uow, school_id, TODAY - timedelta(days=28), "Assembly went ahead.")
    return school_id, ids


@pytest.fixture
def table(qtbot: QtBot, store: Store) -> Iterator[PlanTable]:
    widget = PlanTable(store, lambda: "Const. Aroha Ngata")
    qtbot.addWidget(widget)
    widget.resize(1280, 560)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    wait_for_all()


def _do(qtbot: QtBot, table: PlanTable, action: Callable[[], object]) -> None:
    """Run ``action`` and wait until the table shows the store again."""
    with qtbot.waitSignal(table.loaded, timeout=10_000):
        action()


def _activity(store: Store, activity_id: str) -> PlanActivity:
    with store.session() as session:
        row = session.get(PlanActivity, activity_id)
        assert row is not None
        return row


def _editor(table: PlanTable, row: int, field: str) -> QWidget:
    index = table.model.index(row, table.model.column_of(field))
    table.table.setCurrentIndex(index)
    table.table.edit(index)
    editor = table.table.indexWidget(index)
    assert editor is not None
    return editor


def test_typing_into_a_cell_saves_the_row(qtbot: QtBot, store: Store, table: PlanTable) -> None:
    school_id, ids = _seed(store)
    _do(qtbot, table, lambda: table.load(school_id))
    assert table.model.rowCount() == 4
    assert table.heading.text() == f"<b>Annual partnership plan {TODAY.year}</b>"
    editor = _editor(table, 1, "lead")
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClicks(editor, "Sgt Mere Tane")
    with qtbot.waitSignals([table.changed, table.loaded], timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _activity(store, ids[1]).lead == "Sgt Mere Tane"
    assert table.model.index(1, table.model.column_of("lead")).data() == "Sgt Mere Tane"

    combo = _editor(table, 3, "horizon")
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("short_term"))
    with qtbot.waitSignal(table.loaded, timeout=10_000):
        table.table.commitData(combo)
    assert _activity(store, ids[3]).horizon == "short_term"


def test_bad_dates_show_the_field_named_message_and_change_nothing(
    qtbot: QtBot, store: Store, table: PlanTable, output_dir: Path
) -> None:
    school_id, ids = _seed(store)
    _do(qtbot, table, lambda: table.load(school_id))
    before = _activity(store, ids[2])
    editor = _editor(table, 2, "due_on")
    editor.clear()  # type: ignore[attr-defined]
    early = TODAY - timedelta(days=5)
    qtbot.keyClicks(editor, format_nz_date(early))
    with qtbot.waitSignal(table.loaded, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    start = format_nz_date(before.starts_on)
    assert table.error.isVisible()
    assert table.error.text() == (
        f"⚠ “Bus-stop duty roster”: Due: must be on or after the start ({start})"
    )
    after = _activity(store, ids[2])
    assert (after.due_on, after.row_version) == (before.due_on, before.row_version)
    cell = table.model.index(2, table.model.column_of("due_on"))
    assert cell.data() == format_nz_date(early)  # what was typed stays, to be corrected
    assert cell.data(Qt.ItemDataRole.ToolTipRole).startswith("Due: must be on or after")
    table.grab().save(str(output_dir / "plan_table_error.png"))

    editor = _editor(table, 2, "due_on")
    editor.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "not a date")
    with qtbot.waitSignal(table.loaded, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "Due: “not a date” is not a date (dd/mm/yyyy)" in table.error.text()
    assert _activity(store, ids[2]).row_version == before.row_version

    editor = _editor(table, 2, "due_on")
    editor.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, format_nz_date(TODAY + timedelta(days=40)))
    with qtbot.waitSignal(table.loaded, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert not table.error.isVisible()
    assert _activity(store, ids[2]).due_on == TODAY + timedelta(days=40)


def test_keyboard_reorder_mark_done_delete_and_add(
    qtbot: QtBot, store: Store, table: PlanTable
) -> None:
    school_id, ids = _seed(store)
    _do(qtbot, table, lambda: table.load(school_id))
    table.table.setFocus()
    table.table.setCurrentIndex(table.model.index(2, 0))
    _do(
        qtbot,
        table,
        lambda: qtbot.keyClick(table.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier),
    )
    assert [_activity(store, i).position for i in ids] == [0, 2, 1, 3]
    assert table.selected_id() == ids[2]  # the moved row stays selected
    _do(
        qtbot,
        table,
        lambda: qtbot.keyClick(table.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier),
    )
    assert [_activity(store, i).position for i in ids] == [0, 1, 2, 3]

    table.table.setCurrentIndex(table.model.index(1, 0))
    _do(qtbot, table, table.done_button.click)
    done = _activity(store, ids[1])
    assert (done.status, done.completed_on) == ("done", TODAY)
    status = table.model.index(1, table.model.column_of("status")).data()
    assert status == "Done"

    asked: list[str] = []

    def say_no(_title: str, question: str) -> bool:
        asked.append(question)
        return False

    table.confirm = say_no
    table.table.setCurrentIndex(table.model.index(3, 0))
    qtbot.keyClick(table.table, Qt.Key.Key_Delete)
    assert asked == [
        "Delete “Term review with whānau” from the plan? It stays in the record history."
    ]
    assert _activity(store, ids[3]).deleted_at is None  # answered no
    table.confirm = lambda _title, _question: True
    _do(qtbot, table, lambda: qtbot.keyClick(table.table, Qt.Key.Key_Delete))
    assert _activity(store, ids[3]).deleted_at is not None
    assert table.model.rowCount() == 3

    _do(qtbot, table, lambda: qtbot.keyClick(table.table, Qt.Key.Key_Insert))
    assert table.model.rowCount() == 4
    assert table.model.rows[-1].title == "New activity" and table.model.rows[-1].position == 3
    assert table.table.indexWidget(table.model.index(3, 0)) is not None  # ready to type


def test_overdue_rows_are_marked_in_words_and_colour(
    qtbot: QtBot, store: Store, table: PlanTable, output_dir: Path
) -> None:
    school_id, _ids = _seed(store)
    _do(qtbot, table, lambda: table.load(school_id))
    status = table.model.column_of("status")
    assert table.model.index(1, status).data() == "Planned — overdue"
    assert table.model.index(0, status).data() == "Done"  # due earlier, but done
    assert table.model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert table.model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert table.reviews.topLevelItem(0).text(1) == "Assembly went ahead."
    table.table.setCurrentIndex(table.model.index(2, 0))
    table.grab().save(str(output_dir / "plan_table.png"))


def test_a_school_without_a_plan_starts_one_with_a_review(
    qtbot: QtBot, store: Store, table: PlanTable, output_dir: Path
) -> None:
    school_id = add_school(store, "Te Kura o Awa")
    _do(qtbot, table, lambda: table.load(school_id))
    assert "not started yet" in table.heading.text()
    with store.session() as session:
        assert session.query(AnnualPlan).count() == 0  # viewing wrote nothing
    # Empty tables say what goes in them rather than showing blank white boxes.
    assert table.table_stack.currentWidget() is table.no_activities
    assert "No activities yet" in table.no_activities.text()
    assert table.review_panel.stack.currentWidget() is table.review_panel.empty
    assert "No reviews yet" in table.review_panel.empty.text()
    assert "long-term ones quarterly" in table.review_panel.findChildren(QLabel)[0].text()
    table.grab().save(str(output_dir / "plan_table_empty.png"))
    table.review_date.setText("bad")
    table.review_outcome.setText("All on track")
    _do(qtbot, table, table.review_button.click)
    assert "Date reviewed" in table.error.text()
    assert table.review_panel.refused() == [
        "Action plan review: Date reviewed: “bad” is not a date (dd/mm/yyyy)"
    ]  # what closing the window would name
    table.review_date.setText(format_nz_date(TODAY))
    _do(qtbot, table, table.review_button.click)
    with store.session() as session:
        review = session.query(PlanReview).one()
        assert (review.reviewed_on, review.outcome) == (TODAY, "All on track")
    assert table.reviews.topLevelItemCount() == 1
    assert table.review_panel.stack.currentWidget() is table.reviews
    assert table.review_outcome.text() == ""
    assert not table.review_panel.pending
    _do(qtbot, table, table.add_activity)
    assert table.table_stack.currentWidget() is table.table


def test_an_open_cell_editor_survives_the_refresh_after_a_save(
    qtbot: QtBot, store: Store, table: PlanTable
) -> None:
    school_id, _ids = _seed(store)
    _do(qtbot, table, lambda: table.load(school_id))
    editor = _editor(table, 1, "resources")
    _do(qtbot, table, lambda: table.load(school_id))  # as after saving the cell before
    assert table.table.indexWidget(table.model.index(1, table.model.column_of("resources")))
    assert editor.isVisible()


def test_last_years_plan_offers_to_start_this_years(
    qtbot: QtBot, store: Store, table: PlanTable
) -> None:
    school_id = add_school(store, "Te Kura o Awa")
    with UnitOfWork(store) as uow:
        last_year = plans.ensure_plan(uow, school_id, TODAY.year - 1)
        plans.add_activity(uow, school_id, last_year.id, title="Last year's assembly")
    _do(qtbot, table, lambda: table.load(school_id))
    assert f"there is no plan for {TODAY.year} yet" in table.heading.text()
    assert table.new_year_button.isVisible()
    _do(qtbot, table, table.new_year_button.click)
    assert table.heading.text() == f"<b>Annual partnership plan {TODAY.year}</b>"
    assert table.model.rowCount() == 0 and not table.new_year_button.isVisible()
    with store.session() as session:
        assert sorted(p.year for p in session.query(AnnualPlan)) == [TODAY.year - 1, TODAY.year]


def _plan(store: Store, school_id: str) -> AnnualPlan:
    with store.session() as session:
        return session.query(AnnualPlan).filter_by(school_id=school_id).one()


def test_date_agreed_and_notes_save_as_typed(
    qtbot: QtBot, store: Store, table: PlanTable, output_dir: Path
) -> None:
    school_id, _ids = _seed(store)
    with qtbot.waitSignal(table.plan_form.loaded, timeout=10_000):
        table.load(school_id)
    form = table.plan_form.form
    assert table.plan_form.isEnabled() and form.value("agreed_on") == ""
    agreed = TODAY - timedelta(days=20)
    with qtbot.waitSignal(table.plan_form.saved, timeout=10_000):
        form.type_into("agreed_on", f"{agreed.day}/{agreed.month}/{agreed.year}")
    with qtbot.waitSignal(table.plan_form.saved, timeout=10_000):
        form.type_into("notes", "Agreed with the principal and the board; reviewed monthly.")
    plan = _plan(store, school_id)
    assert plan.agreed_on == agreed
    assert plan.notes == "Agreed with the principal and the board; reviewed monthly."

    form.type_into("agreed_on", "31/02/2026")
    assert form.error_text("agreed_on").startswith("Date agreed:")
    with qtbot.waitSignal(table.plan_form.saved, timeout=10_000):
        table.plan_form.flush()
    assert _plan(store, school_id).agreed_on == agreed  # refused, not stored
    assert form.value("agreed_on") == "31/02/2026"  # kept on screen to correct
    table.grab().save(str(output_dir / "plan_table_header_error.png"))

    # Saving an activity re-reads the table but leaves what is being typed alone.
    with qtbot.waitSignal(table.loaded, timeout=10_000):
        table.add_activity()
    assert form.value("agreed_on") == "31/02/2026"


def test_a_plan_not_started_has_nothing_to_type_into_until_it_starts(
    qtbot: QtBot, store: Store, table: PlanTable
) -> None:
    school_id = add_school(store, "Te Kura o Awa")
    _do(qtbot, table, lambda: table.load(school_id))
    assert not table.plan_form.isEnabled()
    with qtbot.waitSignal(table.plan_form.loaded, timeout=10_000):
        table.add_activity()
    assert table.plan_form.isEnabled()
    with qtbot.waitSignal(table.plan_form.saved, timeout=10_000):
        table.plan_form.form.type_into("notes", "Started with the first activity")
    assert _plan(store, school_id).notes == "Started with the first activity"


def test_closing_the_window_mid_typing_saves_the_plan_fields(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    school_id, _ids = _seed(store)
    window = MainWindow(app_paths)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.schools_loaded, timeout=10_000):
        window.set_store(store)
    ws = window.open_school(school_id)
    assert ws is not None
    plan_table = ws.section(3, "Annual partnership plan").inner
    assert isinstance(plan_table, PlanTable)
    with qtbot.waitSignal(plan_table.plan_form.loaded, timeout=10_000):
        ws.show_page(3, "Annual partnership plan")
    plan_table.plan_form.form.type_into("notes", "Typed just before closing")
    assert ws.pending  # no pause yet: the debounce timer is still waiting
    window.close()  # saves on this thread before the window goes
    assert _plan(store, school_id).notes == "Typed just before closing"


def test_the_plan_offered_is_the_schools_current_year_not_the_calendars(
    qtbot: QtBot, store: Store, table: PlanTable
) -> None:
    """A school still in last year's partnership year is offered that year's plan: the
    next calendar year's starts with the roll-over, not from the plan table."""
    last = TODAY.year - 1
    school_id = add_school(store, "Te Kura o Awa", started_on=date(last, 2, 3))
    with UnitOfWork(store) as uow:
        earlier = plans.ensure_plan(uow, school_id, last - 1)
        plans.add_activity(uow, school_id, earlier.id, title="An earlier assembly")
    _do(qtbot, table, lambda: table.load(school_id))
    assert f"there is no plan for {last} yet" in table.heading.text()
    assert table.new_year_button.text() == f"&Start the {last} plan"
    _do(qtbot, table, table.new_year_button.click)
    assert table.heading.text() == f"<b>Annual partnership plan {last}</b>"
    with store.session() as session:
        assert sorted(p.year for p in session.query(AnnualPlan)) == [last - 1, last]
