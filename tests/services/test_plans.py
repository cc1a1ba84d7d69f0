from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models import AnnualPlan, PlanActivity
from app.services import plans
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from lpc_core.validation import ValidationError
from tests.services.helpers import add_school


def _view(store: Store, school_id: str) -> plans.PlanView:
    with store.session() as session:
        return plans.load_plan(session, school_id)


def test_loading_a_school_without_a_plan_writes_nothing(store: Store) -> None:
    school_id = add_school(store)
    view = _view(store, school_id)
    assert view.plan_id is None and view.activities == () and view.year == date.today().year
    with store.session() as session:
        assert session.query(AnnualPlan).count() == 0


def test_first_activity_starts_this_years_plan_and_appends(store: Store) -> None:
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        plans.add_activity(uow, school_id, title="Launch assembly")
        plans.add_activity(uow, school_id, title="Staff briefing")
    view = _view(store, school_id)
    assert view.year == date.today().year and view.plan_id is not None
    assert [(a.title, a.position) for a in view.activities] == [
        ("Launch assembly", 0),
        ("Staff briefing", 1),
    ]


def test_move_renumbers_and_mark_done_stamps_the_date(store: Store) -> None:
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        ids = [plans.add_activity(uow, school_id, title=t).id for t in ("A", "B", "C")]
    with UnitOfWork(store) as uow:
        assert plans.move_activity(uow, ids[2], -1) == [ids[0], ids[2], ids[1]]
    with UnitOfWork(store) as uow:
        plans.move_activity(uow, ids[0], -1)  # already first: nothing moves
        assert not uow.changeset
    with UnitOfWork(store) as uow:
        plans.mark_done(uow, ids[1], date(2026, 3, 2))
    view = _view(store, school_id)
    assert [a.title for a in view.activities] == ["A", "C", "B"]
    done = view.activities[2]
    assert done.status == "done" and done.completed_on == date(2026, 3, 2)
    with UnitOfWork(store) as uow:  # reopening clears the completion date
        plans.update_activity(uow, ids[1], status="in_progress")
    assert _view(store, school_id).activities[2].completed_on is None


def test_due_before_start_is_refused_and_nothing_changes(store: Store) -> None:
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        activity_id = plans.add_activity(uow, school_id, title="A", starts_on="01/03/2026").id
    with pytest.raises(ValidationError) as err, UnitOfWork(store) as uow:
        plans.update_activity(uow, activity_id, due_on="20/02/2026")
    assert str(err.value.for_field("due_on")) == "Due: must be on or after the start (01/03/2026)"
    with store.session() as session:
        assert session.get(PlanActivity, activity_id).due_on is None  # type: ignore[union-attr]


def test_overdue_ignores_closed_activities(store: Store) -> None:
    today = date(2026, 5, 1)
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        plans.add_activity(uow, school_id, title="Late", due_on=today - timedelta(days=1))
        plans.add_activity(
            uow, school_id, title="Done", due_on=today - timedelta(days=1), status="done"
        )
    late, done = _view(store, school_id).activities
    assert late.overdue(today) and not done.overdue(today)


def test_reviews_newest_first_and_delete_tombstones(store: Store) -> None:
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        activity_id = plans.add_activity(uow, school_id, title="A").id
        plans.add_review(uow, school_id, date(2026, 3, 1), "On track")
        plans.add_review(uow, school_id, "01/04/2026", "Two actions late")
    with UnitOfWork(store) as uow:
        plans.delete_activity(uow, activity_id)
    view = _view(store, school_id)
    assert [r.outcome for r in view.reviews] == ["Two actions late", "On track"]
    assert view.activities == ()
    with store.session() as session:
        assert session.get(PlanActivity, activity_id).deleted_at is not None  # type: ignore[union-attr]
