"""The sync engine against the real server app, in process: push, pull, conflicts, merges."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from app.models import (
    AuditEntry,
    OutboxEntry,
    Person,
    School,
    SyncBatch,
    SyncConflict,
    SyncRowState,
)
from app.services.audit import verify_chain
from app.services.sync.conflicts import list_conflicts, resolve_conflict
from app.services.sync.state import SERVER_ACTOR
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school
from tests.services.sync.conftest import Device
from tests.services.sync.devices import get_row, snapshot

MakeDevice = Callable[[str, str], Device]


def _edit(
    device: Device, table_model: type, row_id: str, actor: str = "", **values: object
) -> None:
    with UnitOfWork(device.store, actor=actor) as uow:
        uow.update(uow.get(table_model, row_id), **values)


def _count(device: Device, model: type) -> int:
    with device.store.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_school_made_offline_reaches_the_supervisor(make_device: MakeDevice) -> None:
    officer = make_device("laptop", "aroha")
    supervisor = make_device("office", "mere")
    school_id = add_school(officer.store, "Kōwhai Grove School", moe_number=1234)

    first = officer.sync()
    assert first.pushed == 3  # the school, its partnership record and its first year
    assert _count(officer, OutboxEntry) == 0
    got = supervisor.sync()
    assert got.pulled == 3  # the school, its partnership and its first year
    assert get_row(supervisor.store, "schools", school_id).name == "Kōwhai Grove School"
    assert snapshot(officer.store).keys() == snapshot(supervisor.store).keys()
    # Versions agree, so the digests agree and nothing is fetched again.
    again = supervisor.sync()
    assert again.refetched == [] and again.pulled == 0
    assert officer.sync().refetched == []


def test_consecutive_offline_edits_are_not_conflicts_with_themselves(
    make_device: MakeDevice,
) -> None:
    officer = make_device("laptop", "aroha")
    school_id = add_school(officer.store)
    officer.sync()
    for roll in (100, 110, 120):  # three edits offline, local row_version moves to 4
        _edit(officer, School, school_id, roll=roll)
    result = officer.sync()
    assert result.conflicts == 0 and result.open_conflicts == 0
    with officer.store.session() as s:
        state = s.get(SyncRowState, ("schools", school_id))
        assert state is not None
        assert get_row(officer.store, "schools", school_id).row_version == state.server_version
    assert get_row(officer.store, "schools", school_id).roll == 120


def test_several_edits_of_one_row_travel_as_one_change(make_device: MakeDevice) -> None:
    officer = make_device("laptop", "aroha")
    school_id = add_school(officer.store)
    _edit(officer, School, school_id, roll=100)
    _edit(officer, School, school_id, phone="09 555 0100")
    engine = officer.engine()
    with officer.store.sessions.begin() as session:
        from app.services.sync.batches import freeze_next_batch

        batch = freeze_next_batch(session)
        assert batch is not None
        changes = json.loads(batch.body)["changes"]
    schools = [c for c in changes if c["table"] == "schools"]
    assert len(schools) == 1
    assert schools[0]["op"] == "insert"
    assert schools[0]["fields"]["roll"] == 100 and schools[0]["fields"]["phone"] == "09 555 0100"
    engine.sync()
    assert _count(officer, SyncBatch) == 0


def test_same_field_edited_on_two_devices_keeps_both_and_resolution_syncs(
    make_device: MakeDevice,
) -> None:
    a = make_device("laptop", "aroha")
    b = make_device("office", "mere")
    school_id = add_school(a.store, "Rātā Street School")
    a.sync()
    b.sync()
    _edit(a, School, school_id, phone="09 111 1111")
    _edit(b, School, school_id, phone="09 222 2222")
    a.sync()
    result = b.sync()
    assert result.conflicts == 1
    with b.store.session() as s:
        items = list_conflicts(s)
    assert len(items) == 1
    item = items[0]
    assert (item.field, item.field_label) == ("phone", "School phone")
    assert (item.mine, item.theirs) == ("09 222 2222", "09 111 1111")
    assert item.school_name == "Rātā Street School"
    # Until someone chooses, both devices show what the server holds.
    assert get_row(b.store, "schools", school_id).phone == "09 111 1111"

    resolve_conflict(b.store, "Sgt Mere Tane", item.id, "mine")
    b.sync()
    a.sync()
    assert get_row(a.store, "schools", school_id).phone == "09 222 2222"
    assert get_row(b.store, "schools", school_id).phone == "09 222 2222"
    with b.store.session() as s:
        c = s.get(SyncConflict, item.id)
        assert c is not None and c.resolution == "mine" and c.resolved_at is not None
    assert snapshot(a.store) == snapshot(b.store)


def test_different_fields_merge_without_asking(make_device: MakeDevice) -> None:
    a = make_device("laptop", "aroha")
    b = make_device("office", "mere")
    school_id = add_school(a.store)
    a.sync()
    b.sync()
    _edit(a, School, school_id, phone="09 333 3333")
    _edit(b, School, school_id, roll=432)
    a.sync()
    result = b.sync()
    a.sync()
    assert result.conflicts == 0
    for d in (a, b):
        row = get_row(d.store, "schools", school_id)
        assert (row.phone, row.roll) == ("09 333 3333", 432)
    assert snapshot(a.store) == snapshot(b.store)


def test_pull_keeps_fields_with_unpushed_edits_and_the_server_still_judges_them(
    make_device: MakeDevice,
) -> None:
    a = make_device("laptop", "aroha")
    b = make_device("office", "mere")
    school_id = add_school(a.store)
    a.sync()
    b.sync()
    _edit(a, School, school_id, phone="09 444 4444", roll=50)
    a.sync()
    _edit(b, School, school_id, phone="09 555 5555")
    engine = b.engine()
    from app.services.sync.engine import SyncResult

    engine.pull(SyncResult())  # pull before pushing: the local phone edit stays
    row = get_row(b.store, "schools", school_id)
    assert row.phone == "09 555 5555" and row.roll == 50
    result = engine.sync()  # now the push meets the server's newer phone: a conflict
    assert result.conflicts == 1


def test_tombstones_apply_as_soft_deletes(make_device: MakeDevice) -> None:
    a = make_device("laptop", "aroha")
    b = make_device("office", "mere")
    school_id = add_school(a.store)
    with UnitOfWork(a.store) as uow:
        person = uow.add(Person, school_id=school_id, name="Hemi Walker")
        person_id = person.id
    a.sync()
    b.sync()
    with UnitOfWork(a.store) as uow:
        uow.delete(uow.get(Person, person_id))
    a.sync()
    b.sync()
    row = get_row(b.store, "people", person_id)
    assert row is not None and row.deleted_at is not None
    assert snapshot(a.store).keys() == snapshot(b.store).keys()


def test_a_replayed_batch_changes_nothing(make_device: MakeDevice) -> None:
    a = make_device("laptop", "aroha")
    school_id = add_school(a.store)
    with a.store.sessions.begin() as session:
        from app.services.sync.batches import freeze_next_batch

        batch = freeze_next_batch(session)
        assert batch is not None
        body = batch.body
    api = a.api()
    first = api.push(body)
    second = api.push(body)
    assert [r["status"] for r in second["results"]] == [r["status"] for r in first["results"]]
    a.sync()  # resends the frozen batch: answered as a replay
    with a.store.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncBatch)) == 0
    assert get_row(a.store, "schools", school_id).row_version == 1


def test_pulled_changes_are_audited_with_who_made_them_and_where(
    make_device: MakeDevice,
) -> None:
    a = make_device("laptop", "aroha")
    b = make_device("office", "mere")
    school_id = add_school(a.store)
    a.sync()
    b.sync()
    with b.store.session() as s:
        pulled = set(s.execute(select(AuditEntry.actor, AuditEntry.device_id)))
        assert pulled == {("aroha on laptop (via the district server)", "server")}
        assert verify_chain(s) == []
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    _edit(b, School, school_id, actor="Sgt Mere Parata", roll=321)
    b.sync()
    a.sync()
    with a.store.session() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        assert (last.actor, last.changes) == (
            "mere on office (via the district server)",
            '{"roll": [null, 321]}',
        )
        assert verify_chain(s) == []
    # Nothing pulled goes back up: the server's copy of A's trail holds only A's entries.
    assert a.sync().pushed == 0


def test_a_pulled_record_without_an_author_is_the_servers() -> None:
    from app.services.sync.apply import author_actor

    assert author_actor(None) == SERVER_ACTOR
    assert author_actor({"user": " ", "device": "x"}) == SERVER_ACTOR
    assert author_actor({"user": "hemi", "device": ""}) == "hemi (via the district server)"


def test_an_edit_to_a_record_deleted_elsewhere_is_kept_as_a_conflict(
    make_device: MakeDevice,
) -> None:
    a = make_device("laptop", "aroha")
    b = make_device("office", "mere")
    school_id = add_school(a.store)
    with UnitOfWork(a.store) as uow:
        person_id = uow.add(Person, school_id=school_id, name="Hemi Walker").id
    a.sync()
    b.sync()
    with UnitOfWork(a.store) as uow:
        uow.delete(uow.get(Person, person_id))
    _edit(b, Person, person_id, email="hemi@kura.school.nz")
    a.sync()
    result = b.sync()
    assert result.conflicts == 1
    with b.store.session() as s:
        [item] = list_conflicts(s)
    assert item.is_deletion
    assert item.field_label == "Deleted on the district server"
    assert "Email: hemi@kura.school.nz" in item.mine_text
    assert get_row(b.store, "people", person_id).deleted_at is not None
    with pytest.raises(ValueError, match="accept the deletion"):
        resolve_conflict(b.store, "Sgt Mere", item.id, "mine")
    resolve_conflict(b.store, "Sgt Mere", item.id, "theirs")
    a.sync()
    b.sync()
    assert snapshot(a.store) == snapshot(b.store)
