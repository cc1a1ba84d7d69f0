from __future__ import annotations

from datetime import date

import pytest

from app.services import engagements
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.validation import ValidationError
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
