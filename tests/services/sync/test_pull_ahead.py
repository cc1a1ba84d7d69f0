"""The next page is fetched while one is applied: stopping or failing part-way still
leaves exactly the applied pages, with the cursor after the last of them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from app.models import Person
from app.services.sync import engine
from app.services.sync.engine import SyncEngine
from app.services.sync.errors import CancelledError
from app.services.sync.state import get_cursor
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school
from tests.services.sync.conftest import Device
from tests.services.sync.devices import snapshot

MakeDevice = Callable[[str, str], Device]


def test_a_pull_stopped_after_one_page_keeps_that_page_and_its_cursor_only(
    make_device: MakeDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = make_device("laptop", "aroha")
    school_id = add_school(officer.store, "Kura Tuatahi")
    with UnitOfWork(officer.store) as uow:
        for i in range(10):
            uow.add(Person, school_id=school_id, name=f"Contact {i}")
    officer.sync()
    monkeypatch.setattr(engine, "PULL_LIMIT", 4)
    supervisor = make_device("office", "mere")
    stop = {"now": False}
    pages: list[int] = []

    def progress(phase: str, done: int, _total: int) -> None:
        if phase == "pull":
            pages.append(done)
            stop["now"] = done > 0  # stop once the first page is in

    api = supervisor.api()
    with pytest.raises(CancelledError):
        SyncEngine(supervisor.store, api, progress=progress, cancelled=lambda: stop["now"]).sync(
            verify=False
        )
    with supervisor.store.session() as s:
        held = s.scalar(select(func.count()).select_from(Person))
        cursor = get_cursor(s)
    assert pages == [0, 4]
    assert held == 1  # the first page: the school, its partnership and first year, a contact
    assert cursor > 0
    assert api.requests == 3  # /me, the first page and the page fetched ahead (nothing to push)

    supervisor.sync()
    assert snapshot(supervisor.store).keys() == snapshot(officer.store).keys()
