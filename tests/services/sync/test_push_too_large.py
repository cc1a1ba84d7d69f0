"""A server that takes smaller requests than this app sends: sync still gets everything
through, in smaller batches (the server here refuses bodies over 256 KiB)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import AuditEntry, OutboxEntry, School, SyncBatch
from app.services.sync.state import AUDIT_PUSHED_KEY, get_setting
from app.services.unit_of_work import UnitOfWork
from server.models import ClientAuditEntry, Record
from tests.services.helpers import add_school
from tests.services.sync.conftest import Device, InProcServer, start_inproc_server
from tests.services.sync.devices import get_row

MakeDevice = Callable[[str, str], Device]


@pytest.fixture
def inproc_server(tmp_path: Path) -> Iterator[InProcServer]:
    yield from start_inproc_server(tmp_path, max_body=256 * 1024)


def test_batches_refused_as_too_large_are_rebuilt_smaller_until_sync_converges(
    make_device: MakeDevice, inproc_server: InProcServer
) -> None:
    officer = make_device("laptop", "aroha")
    note = "He kōrero roa mō te kura. " * 700  # about 18 kB a note
    school_ids = [add_school(officer.store, f"Kura {i}") for i in range(30)]
    for i, school_id in enumerate(school_ids):
        with UnitOfWork(officer.store) as uow:
            uow.update(uow.get(School, school_id), notes=f"{note}{i}")

    result = officer.sync()

    assert result.pushed > 0
    with officer.store.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
        assert s.scalar(select(func.count()).select_from(SyncBatch)) == 0
        last_seq = s.scalar(select(func.max(AuditEntry.seq)))
        assert get_setting(s, AUDIT_PUSHED_KEY) == str(last_seq)
        own_entries = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.device_id != "server")
        )
    with inproc_server.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ClientAuditEntry)) == own_entries
        notes = {
            r.row_id: r.fields["notes"]
            for r in session.scalars(select(Record).where(Record.table_name == "schools"))
        }
    assert notes == {sid: f"{note}{i}" for i, sid in enumerate(school_ids)}
    assert get_row(officer.store, "schools", school_ids[-1]).notes == f"{note}29"
