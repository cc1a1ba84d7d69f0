from __future__ import annotations

from datetime import date

import pytest

from app.services import engagements
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from lpc_core.validation import ValidationError
from tests.services.helpers import add_school


def test_entries_newest_first_edit_and_delete(store: Store) -> None:
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        old = engagements.add_engagement(
            uow, school_id, occurred_on="03/02/2026", kind="call", summary="Term plans"
        ).id
        new = engagements.add_engagement(
            uow, school_id, occurred_on=date(2026, 3, 9), kind="visit", summary="Assembly"
        ).id
    with UnitOfWork(store) as uow:
        engagements.update_engagement(uow, old, people="Hemi Walker")
    with store.session() as session:
        rows = engagements.list_engagements(session, school_id)
    assert [r.id for r in rows] == [new, old]
    assert rows[1].people == "Hemi Walker"
    with UnitOfWork(store) as uow:
        engagements.delete_engagement(uow, new)
    with store.session() as session:
        assert [r.id for r in engagements.list_engagements(session, school_id)] == [old]


def test_summary_is_required(store: Store) -> None:
    school_id = add_school(store)
    with pytest.raises(ValidationError) as err, UnitOfWork(store) as uow:
        engagements.add_engagement(uow, school_id, occurred_on="03/02/2026", summary="")
    assert err.value.for_field("summary") is not None


def test_a_draft_is_created_on_its_first_valid_save_then_updated(store: Store) -> None:
    school_id = add_school(store)
    draft = {"occurred_on": "9/3/2026", "kind": "visit", "people": "Hemi", "summary": ""}
    entry_id, result = engagements.save_engagement(store, "LPC", school_id, None, draft)
    assert entry_id is None and [str(e) for e in result.errors] == ["Summary: is required"]
    with store.session() as session:
        assert engagements.list_engagements(session, school_id) == []

    draft["summary"] = "Gate duty"
    entry_id, result = engagements.save_engagement(store, "LPC", school_id, None, draft)
    assert entry_id is not None and result.ok
    draft.update(summary="Gate duty agreed", occurred_on="31/02/2026")
    same_id, result = engagements.save_engagement(store, "LPC", school_id, entry_id, draft)
    assert same_id == entry_id
    assert [e.field for e in result.errors] == ["occurred_on"]  # the rest is kept
    with store.session() as session:
        (row,) = engagements.list_engagements(session, school_id)
    assert (row.summary, row.occurred_on) == ("Gate duty agreed", date(2026, 3, 9))
