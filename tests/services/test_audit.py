"""Every change leaves an audit entry with old and new values; the trail cannot be edited,
and tampering with it is detected."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from app.models import AuditEntry, OutboxEntry, Partnership, School, SchoolProfile
from app.services.audit import history, verify_chain
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school


def _entries(store: Store) -> list[AuditEntry]:
    with store.session() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def test_every_change_records_who_when_where_and_old_and_new(store: Store) -> None:
    with UnitOfWork(store, actor="Const. Aroha Ngata") as uow:
        school = uow.add(School, name="Kōwhai Grove School", roll=120)
        uow.add(Partnership, school_id=school.id)
    with UnitOfWork(store, actor="Sgt Hemi Walker") as uow:
        uow.update(uow.get(School, school.id), roll="125", cluster="Kāhui Ako o Te Awa")
    with UnitOfWork(store, actor="Sgt Hemi Walker") as uow:
        uow.delete(uow.get(School, school.id))

    entries = _entries(store)
    assert [(e.table_name, e.operation, e.actor) for e in entries] == [
        ("schools", "insert", "Const. Aroha Ngata"),
        ("partnerships", "insert", "Const. Aroha Ngata"),
        ("schools", "update", "Sgt Hemi Walker"),
        ("schools", "delete", "Sgt Hemi Walker"),
    ]
    assert all(e.device_id == store.device_id for e in entries)
    assert json.loads(entries[0].changes)["name"] == [None, "Kōwhai Grove School"]
    assert json.loads(entries[2].changes) == {
        "roll": [120, 125],
        "cluster": ["", "Kāhui Ako o Te Awa"],
    }
    assert json.loads(entries[3].changes)["deleted_at"][0] is None
    with store.session() as s:
        items = history(s, school.id)
    assert [i.operation for i in items] == ["delete", "update", "insert"]
    assert items[1].changes["roll"] == (120, 125)


def test_a_refused_change_leaves_no_audit_entry(store: Store) -> None:
    school_id = add_school(store)
    before = len(_entries(store))
    with pytest.raises(ValueError), UnitOfWork(store) as uow:
        uow.add(SchoolProfile, school_id=school_id, year=1850)
    assert len(_entries(store)) == before


def test_entries_cannot_be_changed_or_removed(store: Store) -> None:
    add_school(store)
    with store.engine.connect() as conn:
        with pytest.raises((IntegrityError, OperationalError), match="append-only"):
            conn.execute(text("UPDATE audit_log SET actor = 'someone else'"))
        conn.rollback()
        with pytest.raises((IntegrityError, OperationalError), match="append-only"):
            conn.execute(text("DELETE FROM audit_log"))
        conn.rollback()
    assert len(_entries(store)) == 3  # the school, its partnership and its first year


def test_the_chain_detects_edited_and_missing_entries(store: Store) -> None:
    for n in range(3):
        add_school(store, name=f"School {n}")
    with store.session() as s:
        assert verify_chain(s) == []
    with store.engine.begin() as conn:  # an attacker with the key, bypassing the app
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2"))
        conn.execute(text("DELETE FROM audit_log WHERE seq = 4"))
    with store.session() as s:
        problems = verify_chain(s)
    messages = {(p.seq, p.message) for p in problems}
    assert (2, "its content was changed after it was written") in messages
    assert (5, "entries 4–4 are missing") in messages
    assert (5, "does not follow the entry before it") in messages


def test_outbox_and_audit_are_written_together(store: Store) -> None:
    add_school(store)
    with store.session() as s:
        outbox = s.scalars(select(OutboxEntry)).all()
    assert len(outbox) == len(_entries(store)) == 3
