from __future__ import annotations

from app.services import history, plans
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school


def test_history_lines_use_labels_and_nz_formats(store: Store) -> None:
    school_id = add_school(store)
    with UnitOfWork(store, actor="Const. Aroha Ngata") as uow:
        activity_id = plans.add_activity(
            uow, school_id, title="Launch assembly", due_on="20/03/2026"
        ).id
    with UnitOfWork(store, actor="Sgt Mere Tane") as uow:
        plans.update_activity(uow, activity_id, due_on="27/03/2026", status="in_progress")
    with UnitOfWork(store) as uow:
        plans.delete_activity(uow, activity_id)
    with store.session() as session:
        lines = history.record_history(session, activity_id)
        school_lines = history.school_history(session, school_id)
    assert lines[0].operation == "Deleted"
    changed = {ln.field_label: ln for ln in lines if ln.operation == "Changed"}
    assert (changed["Due"].old, changed["Due"].new) == ("20/03/2026", "27/03/2026")
    assert (changed["Status"].old, changed["Status"].new) == ("Planned", "In progress")
    assert changed["Due"].actor == "Sgt Mere Tane"
    created = {ln.field_label: ln.new for ln in lines if ln.operation == "Created"}
    assert created["Activity"] == "Launch assembly"
    assert "School" not in created and "Plan id" not in created
    assert len(lines[0].when) == len("25/11/2026 14:03")
    assert {ln.record for ln in school_lines} >= {
        "School",
        "Plan activity",
        "Annual partnership plan",
    }


def test_zero_is_shown_and_places_count_from_one(store: Store) -> None:
    from app.models import SchoolProfile

    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        profile_id = uow.add(SchoolProfile, school_id=school_id, year=2026, stand_downs=0).id
        ids = [plans.add_activity(uow, school_id, title=t).id for t in ("A", "B")]
    with UnitOfWork(store) as uow:
        plans.move_activity(uow, ids[1], -1)
    with store.session() as session:
        created = {ln.field_label: ln.new for ln in history.record_history(session, profile_id)}
        moved = history.record_history(session, ids[1])[0]
    assert created["Stand-downs this year"] == "0"
    assert (moved.field_label, moved.old, moved.new) == ("Place in plan", "2", "1")
