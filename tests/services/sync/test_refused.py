"""A change the district server refuses for good (403, 422) is set aside, not resent
forever: later edits push normally, and the officer can send it again or discard it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

from app.models import OutboxEntry, Person, School, SyncBatch
from app.services.audit import verify_chain
from app.services.sync.conflicts import RETRY, THEIRS, load_conflicts, resolve_conflict
from app.services.unit_of_work import UnitOfWork
from server.db import open_database
from server.directory import assign, find_school, user_by_name
from server.models import Assignment
from tests.server_harness import RunningServer, seed_users
from tests.services.helpers import add_school
from tests.services.sync.devices import get_row
from tests.services.sync.live import Live, LiveDevice
from tests.services.sync.tcp_proxy import CuttingProxy


@pytest.fixture(params=["sqlite", "postgres"])
def live(
    request: pytest.FixtureRequest, tmp_path: Path, template_db: tuple[Path, str]
) -> Iterator[Live]:
    server: RunningServer = request.getfixturevalue(f"{request.param}_server")
    users = seed_users(server.database_url)
    proxy = CuttingProxy(server.port)
    env = Live(server, users, proxy, template_db, tmp_path)
    yield env
    proxy.close()
    for d in env.devices:
        d.store.close()


def _edit(device: LiveDevice, school_id: str, **values: Any) -> None:
    with UnitOfWork(device.store, actor=device.name) as uow:
        uow.update(uow.get(School, school_id), **values)


def _server_assignment(live: Live, school_id: str, assigned: bool) -> None:
    """The admin takes the school off the officer (no directory function does that yet,
    so the row goes with SQLAlchemy), or gives it back."""
    db = open_database(live.server.database_url)
    try:
        with db.writing() as session:
            officer = user_by_name(session, live.users.officer)
            if assigned:
                assign(session, officer, find_school(session, school_id))
            else:
                session.execute(
                    delete(Assignment).where(
                        Assignment.user_id == officer.id, Assignment.school_id == school_id
                    )
                )
    finally:
        db.dispose()


def test_a_school_taken_off_the_officer_sets_the_edit_aside(live: Live) -> None:
    laptop = live.device("laptop", live.users.officer)
    kowhai = add_school(laptop.store, "Kōwhai Grove School", phone="09 111 1111")
    rata = add_school(laptop.store, "Rātā Street School")
    laptop.sync()

    _edit(laptop, kowhai, phone="09 222 2222")
    _edit(laptop, rata, phone="09 444 4444")  # same batch; this school is still theirs
    _server_assignment(live, kowhai, assigned=False)
    first = laptop.sync()
    assert first.set_aside == 1 and first.open_refused == 1 and first.open_conflicts == 1
    assert first.pushed == 1  # the other school's edit went in the next batch
    assert laptop.count(SyncBatch) == 0 and laptop.count(OutboxEntry) == 0
    assert get_row(laptop.store, "schools", kowhai).phone == "09 222 2222"  # kept

    # The refused batch no longer blocks: an edit to another school goes through.
    _edit(laptop, rata, roll=320)
    second = laptop.sync()
    assert (second.pushed, second.set_aside) == (1, 0)
    office = live.device("office", live.users.supervisor)
    office.sync()
    assert (
        get_row(office.store, "schools", rata).roll,
        get_row(office.store, "schools", rata).phone,
    ) == (320, "09 444 4444")
    assert get_row(office.store, "schools", kowhai).phone == "09 111 1111"

    [item] = load_conflicts(laptop.store)
    assert item.is_refused and item.school_name == "Kōwhai Grove School"
    assert "school you may not see" in item.message
    assert item.mine_text == "School phone: 09 222 2222"
    assert item.theirs_text == "School phone: 09 111 1111"

    # Given the school back, "Try again" sends it on the version known now.
    _server_assignment(live, kowhai, assigned=True)
    resolve_conflict(laptop.store, "Sgt Hemi Walker", item.id, RETRY)
    assert load_conflicts(laptop.store) == []
    third = laptop.sync()
    assert third.pushed == 1 and third.open_conflicts == 0
    office.sync()
    assert get_row(office.store, "schools", kowhai).phone == "09 222 2222"

    # Taken off again, a new edit is refused; "Discard my change" puts back the server's.
    _edit(laptop, kowhai, phone="09 333 3333", archived=True)
    _server_assignment(live, kowhai, assigned=False)
    assert laptop.sync().set_aside == 1
    [item] = load_conflicts(laptop.store)
    resolve_conflict(laptop.store, "Sgt Hemi Walker", item.id, THEIRS)
    row = get_row(laptop.store, "schools", kowhai)
    assert (row.phone, row.archived) == ("09 222 2222", False)
    assert laptop.count(OutboxEntry) == 0
    final = laptop.sync()
    assert (final.pushed, final.open_conflicts) == (0, 0)
    with laptop.store.session() as session:
        assert verify_chain(session) == []


def test_a_value_the_server_rejects_sets_aside_only_that_change(live: Live) -> None:
    laptop = live.device("laptop", live.users.officer)
    kowhai = add_school(laptop.store, "Kōwhai Grove School", roll=200)
    rata = add_school(laptop.store, "Rātā Street School")
    laptop.sync()
    # A value this app would not write today (an older version's, say) reaches the outbox.
    with laptop.store.sessions() as session, session.begin():
        session.add(
            OutboxEntry(
                change_id=str(uuid.uuid4()),
                table_name="schools",
                row_id=kowhai,
                school_id=kowhai,
                operation="update",
                fields=json.dumps({"roll": "lots"}),
                base_version=1,
                new_version=2,
                created_at=datetime.now(UTC),
            )
        )
    _edit(laptop, rata, roll=320)
    result = laptop.sync()
    assert (result.set_aside, result.pushed) == (1, 1)
    [item] = load_conflicts(laptop.store)
    assert item.message.startswith("Roll: "), item.message
    assert item.row_id == kowhai
    resolve_conflict(laptop.store, "Sgt Hemi Walker", item.id, THEIRS)
    assert get_row(laptop.store, "schools", kowhai).roll == 200
    office = live.device("office", live.users.supervisor)
    office.sync()
    assert get_row(office.store, "schools", rata).roll == 320


def test_a_refused_new_record_and_deletion_are_undone_by_discarding(live: Live) -> None:
    laptop = live.device("laptop", live.users.officer)
    kowhai = add_school(laptop.store, "Kōwhai Grove School")
    with UnitOfWork(laptop.store) as uow:
        hemi = uow.add(Person, school_id=kowhai, name="Hemi Walker").id
    laptop.sync()
    with UnitOfWork(laptop.store) as uow:
        uow.delete(uow.get(Person, hemi))
        mere = uow.add(Person, school_id=kowhai, name="Mere Tane").id
    _server_assignment(live, kowhai, assigned=False)
    assert laptop.sync().set_aside == 2

    items = {item.row_id: item for item in load_conflicts(laptop.store)}
    assert items[hemi].mine_text == "Delete this contact."
    assert items[hemi].theirs_text == "The contact is kept on the district server."
    assert items[mere].mine_text == "New contact:\nName: Mere Tane\nRole: Other"
    for item in items.values():
        resolve_conflict(laptop.store, "Sgt Hemi Walker", item.id, THEIRS)
    assert get_row(laptop.store, "people", mere) is None
    assert get_row(laptop.store, "people", hemi).deleted_at is None
    assert laptop.count(OutboxEntry) == 0
    with laptop.store.session() as session:
        assert verify_chain(session) == []
