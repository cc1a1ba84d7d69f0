from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services import plans
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.ops import wait_for_all
from app.ui.workspace.history_panel import HistoryPanel
from tests.services.helpers import add_school


def test_history_shows_old_and_new_values_after_an_edit(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    school_id = add_school(store, "Kōwhai Grove School")
    with UnitOfWork(store, actor="Const. Aroha Ngata") as uow:
        activity_id = plans.add_activity(
            uow,
            school_id,
            title="Launch assembly",
            due_on=date(2026, 3, 20),
            lead="Hemi Walker",
            resources="Hall, projector",
        ).id
    with UnitOfWork(store, actor="Sgt Mere Tane") as uow:
        plans.update_activity(uow, activity_id, due_on="27/03/2026", status="in_progress")
    with UnitOfWork(store, actor="Const. Aroha Ngata") as uow:
        plans.mark_done(uow, activity_id, date(2026, 3, 26))

    panel = HistoryPanel(store)
    qtbot.addWidget(panel)
    panel.resize(1100, 420)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show_record(activity_id)
    rows = panel.rows()
    changed = {r[4]: r for r in rows if r[3] == "Plan activity (changed)"}
    assert changed["Due"][5] == "20/03/2026 → 27/03/2026"
    assert changed["Due"][1] == "Sgt Mere Tane"
    assert changed["Due"][2] == "This device"
    assert rows[0][4:] == ["Status", "In progress → Done"]  # newest first
    assert changed["Completed"][5] == "(empty) → 26/03/2026"
    created = {r[4]: r[5] for r in rows if r[3] == "Plan activity (created)"}
    assert created["Activity"] == "Launch assembly"
    assert len(rows[0][0]) == len("25/11/2026 14:03") and rows[0][0][2] == "/"
    assert not panel.tree.editTriggers()  # read-only
    panel.grab().save(str(output_dir / "history_record.png"))

    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show_school(school_id)
    records = {r[3] for r in panel.rows()}
    assert {"School (created)", "Annual partnership plan (created)"} <= records
    assert not panel.filter_row.isHidden()
    titles = [panel.record_filter.itemText(i) for i in range(panel.record_filter.count())]
    assert titles[0] == "All records"
    assert "Plan activity: Launch assembly" in titles
    assert "School: Kōwhai Grove School" in titles
    panel.grab().save(str(output_dir / "history_school.png"))

    # Narrowed to the activity: only its lines, as in the record's own history.
    panel.show_only(activity_id)
    assert {r[3].split(" (")[0] for r in panel.rows()} == {"Plan activity"}
    assert len(panel.rows()) == len(rows)
    panel.grab().save(str(output_dir / "history_school_one_record.png"))
    # Double-clicking a line of another record narrows to that one instead.
    panel.show_only("")
    school_line = next(
        panel.tree.topLevelItem(i)
        for i in range(panel.tree.topLevelItemCount())
        if panel.tree.topLevelItem(i).text(3) == "School (created)"  # type: ignore[union-attr]
    )
    assert school_line is not None
    panel.tree.itemDoubleClicked.emit(school_line, 0)
    assert {r[3] for r in panel.rows()} == {"School (created)"}

    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show_record("no-such-record")
    assert panel.stack.currentWidget() is panel.empty
    wait_for_all()
