from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.models import OutboxEntry, Partnership, School
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school


def _outbox(store: Store) -> list[OutboxEntry]:
    with store.session() as s:
        return list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def test_insert_writes_row_and_outbox_in_one_transaction(store: Store) -> None:
    school_id = add_school(store, roll=210, cluster="Kāhui Ako o Te Awa")
    entries = _outbox(store)
    assert [(e.table_name, e.operation) for e in entries] == [
        ("schools", "insert"),
        ("partnerships", "insert"),
        ("partnership_years", "insert"),
    ]
    fields = json.loads(entries[0].fields)
    assert fields["name"] == "Kōwhai Grove School" and fields["roll"] == 210
    assert entries[0].base_version == 0 and entries[0].new_version == 1
    assert entries[1].school_id == school_id
    with store.session() as s:
        school = s.get(School, school_id)
        assert school is not None and school.device_id == store.device_id


def test_update_bumps_version_and_records_only_changed_fields(store: Store) -> None:
    school_id = add_school(store, roll=210)
    with UnitOfWork(store) as uow:
        school = uow.get(School, school_id)
        uow.update(school, roll="215", name="Kōwhai Grove School")
        changes = uow.changeset.changes
    assert changes[0].old == {"roll": 210} and changes[0].new == {"roll": 215}
    last = _outbox(store)[-1]
    assert json.loads(last.fields) == {"roll": 215}
    assert (last.base_version, last.new_version) == (1, 2)


def test_an_update_with_nothing_changed_writes_nothing(store: Store) -> None:
    school_id = add_school(store, roll=210)
    before = len(_outbox(store))
    with UnitOfWork(store) as uow:
        uow.update(uow.get(School, school_id), roll=210)
    assert len(_outbox(store)) == before


def test_delete_leaves_a_tombstone(store: Store) -> None:
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        uow.delete(uow.get(School, school_id))
    with store.session() as s:
        school = s.get(School, school_id)
        assert school is not None and school.is_deleted and school.row_version == 2
    assert _outbox(store)[-1].operation == "delete"
    with pytest.raises(LookupError), UnitOfWork(store) as uow:
        uow.get(School, school_id)


def test_an_exception_rolls_back_everything(store: Store) -> None:
    before = len(_outbox(store))
    with pytest.raises(RuntimeError), UnitOfWork(store) as uow:
        uow.add(School, name="Ghost School")
        raise RuntimeError("power cut")
    assert len(_outbox(store)) == before
    with store.session() as s:
        assert s.scalars(select(School)).all() == []
        assert s.scalars(select(Partnership)).all() == []
