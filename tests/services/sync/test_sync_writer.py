"""A sync writes to the local store only through the writer it is given (in the window, the
store worker), and a pulled page is written in slices that a cut leaves consistent."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from sqlalchemy import event, func, select

from app.models import AuditEntry, OutboxEntry, Person
from app.services.audit import verify_chain
from app.services.sync import engine
from app.services.sync.state import SERVER_DEVICE, get_cursor
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school
from tests.services.sync.conftest import Device
from tests.services.sync.devices import snapshot

MakeDevice = Callable[[str, str], Device]
T = TypeVar("T")
_WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE", "REPLACE")


class _Writer:
    """Runs each write on a thread of its own, like the store worker, and counts them."""

    def __init__(self) -> None:
        self.inside = threading.local()
        self.calls = 0
        self.fail_at: int | None = None

    def __call__(self, fn: Callable[[], T]) -> T:
        self.calls += 1
        if self.calls == self.fail_at:
            raise OSError("the laptop was closed")
        box: dict[str, Any] = {}

        def run() -> None:
            self.inside.active = True
            try:
                box["value"] = fn()
            except BaseException as exc:
                box["error"] = exc

        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
        if "error" in box:
            raise box["error"]
        return box["value"]  # type: ignore[no-any-return]


def _watch_writes(device: Device, writer: _Writer) -> list[str]:
    """Statements that wrote to the store outside the writer."""
    stray: list[str] = []

    def check(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(_WRITES) and not getattr(
            writer.inside, "active", False
        ):
            stray.append(statement.split("\n")[0][:80])

    event.listen(device.store.engine, "before_cursor_execute", check)
    return stray


def _school_with_contacts(device: Device, contacts: int) -> str:
    school_id = add_school(device.store, "Kura o Te Awa")
    with UnitOfWork(device.store) as uow:
        for i in range(contacts):
            uow.add(Person, school_id=school_id, name=f"Contact {i}")
    return school_id


def test_every_write_of_a_sync_goes_through_the_writer(make_device: MakeDevice) -> None:
    officer = make_device("laptop", "aroha")
    supervisor = make_device("office", "mere")
    _school_with_contacts(officer, 3)
    for device in (officer, supervisor):  # a push, then a pull and the digest check
        writer = _Writer()
        stray = _watch_writes(device, writer)
        device.engine(writer=writer).sync()
        assert stray == []
        assert writer.calls >= 2  # the handshake's binding and marking the sync done
    with officer.store.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    assert snapshot(supervisor.store).keys() == snapshot(officer.store).keys()


def test_a_page_cut_between_slices_is_applied_once_when_fetched_again(
    make_device: MakeDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = make_device("laptop", "aroha")
    _school_with_contacts(officer, 9)  # 11 records: school, partnership, 9 contacts
    officer.sync()
    monkeypatch.setattr(engine, "APPLY_SLICE", 4)
    supervisor = make_device("office", "mere")
    writer = _Writer()
    writer.fail_at = 5  # handshake, the (empty) push, two slices, then the third fails
    with pytest.raises(OSError):
        supervisor.engine(writer=writer).sync(verify=False)
    pulled_entries = select(func.count()).where(AuditEntry.device_id == SERVER_DEVICE)
    with supervisor.store.session() as s:
        assert get_cursor(s) == 0  # the cursor moves only with a page's last slice
        assert s.scalar(pulled_entries) == 8  # two slices of four records, one entry each
    records = len(snapshot(officer.store))

    again = supervisor.sync(verify=False)
    assert again.pulled == records - 8  # the records applied before the cut are unchanged
    assert snapshot(supervisor.store) == snapshot(officer.store)
    with supervisor.store.session() as s:
        assert verify_chain(s) == []
        assert s.scalar(pulled_entries) == records  # one per record, none twice
