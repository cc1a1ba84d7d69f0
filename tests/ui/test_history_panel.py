from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services import plans
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.history_panel import HistoryPanel
from app.ui.ops import wait_for_all
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
    panel.grab().save(str(output_dir / "history_school.png"))

    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show_record("no-such-record")
    assert panel.stack.currentWidget() is panel.empty
    wait_for_all()
