"""Push edge cases that once lost an edit or blocked sync for good."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, func, select

from app.models import AuditEntry, OutboxEntry, School, SyncBatch, SyncConflict
from app.services.schools import create_school
from app.services.sync.batches import MAX_BODY, freeze_next_batch
from app.services.sync.engine import SyncResult
from app.services.sync.state import AUDIT_PUSHED_KEY, get_setting, write_session
from app.services.unit_of_work import UnitOfWork
from server.models import ClientAuditEntry
from tests.services.helpers import add_school
from tests.services.sync.conftest import Device, InProcServer
from tests.services.sync.devices import get_row

MakeDevice = Callable[[str, str], Device]


def _edit(device: Device, row_id: str, **values: object) -> None:
    with UnitOfWork(device.store) as uow:
        uow.update(uow.get(School, row_id), **values)


def test_an_edit_after_a_push_whose_pull_was_cut_still_meets_the_other_change(
    make_device: MakeDevice,
) -> None:
    officer = make_device("laptop", "aroha")
    supervisor = make_device("office", "mere")
    school_id = add_school(officer.store, "Kōtuku School")
    officer.sync()
    supervisor.sync()
    _edit(supervisor, school_id, phone="09 222 2222")
    supervisor.sync()

    _edit(officer, school_id, roll=200)
    engine = officer.engine()
    engine.handshake()
    engine.push(SyncResult())  # the push is answered, then the pull is cut
    # The officer has never seen the supervisor's phone number and types another.
    _edit(officer, school_id, phone="09 111 1111")
    officer.sync()

    with officer.store.session() as s:
        conflicts = list(s.scalars(select(SyncConflict)))
    assert [(c.field, c.mine, c.theirs) for c in conflicts] == [
        ("phone", '"09 111 1111"', '"09 222 2222"')
    ]
    supervisor.sync()
    # Nothing was overwritten unseen: the server still has the supervisor's number until
    # the officer chooses, and both devices show it.
    assert get_row(supervisor.store, "schools", school_id).phone == "09 222 2222"
    assert get_row(officer.store, "schools", school_id).phone == "09 222 2222"
    assert get_row(supervisor.store, "schools", school_id).roll == 200


def test_a_push_nobody_else_touched_still_moves_the_known_version_on(
    make_device: MakeDevice,
) -> None:
    officer = make_device("laptop", "aroha")
    school_id = add_school(officer.store)
    officer.sync()
    _edit(officer, school_id, roll=150)
    engine = officer.engine()
    engine.handshake()
    engine.push(SyncResult())  # pull cut: the push alone shows nothing else changed
    _edit(officer, school_id, roll=160)
    result = officer.sync()
    assert result.conflicts == 0
    with officer.store.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncConflict)) == 0


def test_a_long_audit_trail_alone_is_sent_in_batches_the_server_takes(
    make_device: MakeDevice, inproc_server: InProcServer
) -> None:
    officer = make_device("laptop", "aroha")
    school_id = add_school(officer.store, "Kura Kōrero Roa")
    officer.sync()
    note = "Kōrero " * 2_800
    for i in range(250):  # each audit entry carries about 40 kB of before and after
        _edit(officer, school_id, notes=f"{note[:19_000]}{i}")
    with write_session(officer.store) as s:  # as if the changes had been set aside
        s.execute(delete(OutboxEntry))
    with write_session(officer.store) as s:
        batch = freeze_next_batch(s)
        assert batch is not None
        assert len(batch.body.encode("utf-8")) <= MAX_BODY
        s.rollback()

    officer.sync()

    with officer.store.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncBatch)) == 0
        last_own = s.scalar(
            select(func.max(AuditEntry.seq)).where(AuditEntry.device_id != "server")
        )
        assert int(get_setting(s, AUDIT_PUSHED_KEY)) >= (last_own or 0) > 250
    with inproc_server.db.reading() as session:
        stored = session.scalar(
            select(func.count())
            .select_from(ClientAuditEntry)
            .where(ClientAuditEntry.school_id == school_id)
        )
    assert stored == 253  # the school, its partnership, its first year and the 250 edits


def test_quotes_backslashes_and_new_lines_reach_the_server_exactly(
    make_device: MakeDevice, inproc_server: InProcServer
) -> None:
    officer = make_device("laptop", "aroha")
    actor = 'Const. "Bex" O\\Neill\tTāmaki'
    notes = 'Line one\nLine "two" \\ end\u2028'
    with UnitOfWork(officer.store, actor=actor) as uow:
        school_id = create_school(uow, name='Te Kura "Hou"', notes=notes).id
    officer.sync()
    with inproc_server.db.reading() as session:
        entries = list(
            session.scalars(select(ClientAuditEntry).where(ClientAuditEntry.school_id == school_id))
        )
    assert {e.entry["actor"] for e in entries} == {actor}
    created = next(e.entry for e in entries if e.entry["table"] == "schools")
    assert created["changes"]["notes"] == [None, notes]
    supervisor = make_device("office", "mere")
    supervisor.sync()
    pulled = get_row(supervisor.store, "schools", school_id)
    assert (pulled.name, pulled.notes) == ('Te Kura "Hou"', notes)
