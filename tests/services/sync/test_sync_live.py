"""Two devices against a real server process (SQLite and PostgreSQL), through a proxy
that cuts connections where the test says, and a server killed and started again.

After every interruption the next sync must converge: both devices and the server hold
the same rows, at the same versions, with no duplicates and no lost edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.models import OutboxEntry, School, SyncBatch
from app.services.store import Store
from app.services.sync import OfflineError, SchemaMismatchError, SyncError
from app.services.sync.batches import freeze_next_batch
from app.services.sync.client import ApiClient
from app.services.sync.conflicts import list_conflicts, resolve_conflict
from app.services.unit_of_work import UnitOfWork
from tests.server_harness import RunningServer
from tests.services.helpers import add_school
from tests.services.sync.devices import get_row, snapshot
from tests.services.sync.live import Live, LiveDevice, running_live
from tests.services.sync.tcp_proxy import Cut

PUSH = b"POST /api/v1/sync/push"
PULL = b"GET /api/v1/sync/pull"


@pytest.fixture(params=["sqlite", "postgres"])
def live(
    request: pytest.FixtureRequest, tmp_path: Path, template_db: tuple[Path, str]
) -> Iterator[Live]:
    server: RunningServer = request.getfixturevalue(f"{request.param}_server")
    yield from running_live(server, template_db, tmp_path)


def assert_converged(*devices: LiveDevice) -> None:
    """Every device syncs cleanly, holds identical rows and agrees with the server's digests."""
    for _ in range(2):  # the second round carries what the first pushed to the others
        for d in devices:
            d.sync()
    for d in devices:
        again = d.sync()
        assert (again.pushed, again.pulled, again.refetched) == (0, 0, []), d.name
        assert d.count(OutboxEntry) == 0 and d.count(SyncBatch) == 0
    first = snapshot(devices[0].store)
    for d in devices[1:]:
        assert snapshot(d.store) == first, d.name
    with devices[0].store.session() as s:
        names = list(s.scalars(select(School.name)))
    assert len(names) == len(set(names)), "a school was duplicated"


def _edit(store: Store, row_id: str, **values: Any) -> None:
    with UnitOfWork(store) as uow:
        uow.update(uow.get(School, row_id), **values)


def test_conflict_is_kept_resolved_and_reaches_the_other_device(live: Live) -> None:
    a = live.device("laptop", live.users.officer)
    b = live.device("office", live.users.supervisor)
    school_id = add_school(a.store, "Rātā Street School")
    a.sync()
    b.sync()
    _edit(a.store, school_id, phone="09 111 1111", roll=250)
    _edit(b.store, school_id, phone="09 222 2222", cluster="Kāhui Ako ki Rātā")
    a.sync()
    result = b.sync()
    assert result.conflicts == 1 and result.open_conflicts == 1
    with b.store.session() as s:
        [item] = list_conflicts(s)
    assert (item.field_label, item.mine_text, item.theirs_text) == (
        "School phone",
        "09 222 2222",
        "09 111 1111",
    )
    row = get_row(b.store, "schools", school_id)
    assert (row.roll, row.cluster) == (250, "Kāhui Ako ki Rātā")  # merged without asking
    resolve_conflict(b.store, "Sgt Hemi", item.id, "edited", "09 333 3333")
    assert_converged(a, b)
    assert get_row(a.store, "schools", school_id).phone == "09 333 3333"


def test_a_push_cut_before_the_server_has_it_all_is_sent_again(live: Live) -> None:
    a = live.device("laptop", live.users.officer)
    b = live.device("office", live.users.supervisor)
    add_school(a.store, "Kauri Park School")
    live.proxy.arm(Cut(PUSH, request_bytes=300))
    with pytest.raises(OfflineError):
        a.sync()
    assert live.proxy.cut_count == 1
    assert a.count(SyncBatch) == 1
    assert_converged(a, b)
    assert b.count(School) == 1


def test_a_push_whose_reply_is_lost_replays_without_duplicates(live: Live) -> None:
    a = live.device("laptop", live.users.officer)
    b = live.device("office", live.users.supervisor)
    school_id = add_school(a.store, "Kauri Park School")
    live.proxy.arm(Cut(PUSH, reply_bytes=20))
    with pytest.raises(OfflineError):
        a.sync()
    assert live.proxy.cut_count == 1 and a.count(SyncBatch) == 1
    _edit(a.store, school_id, roll=300)  # an edit while the batch waits for its answer
    assert_converged(a, b)
    assert get_row(b.store, "schools", school_id).roll == 300
    assert b.count(School) == 1


def test_a_pull_cut_mid_page_starts_again_from_the_stored_cursor(live: Live) -> None:
    a = live.device("laptop", live.users.officer)
    for i in range(40):
        add_school(a.store, f"Kura {i:02d}")
    a.sync()
    b = live.device("office", live.users.supervisor)
    live.proxy.arm(Cut(PULL, reply_bytes=6000))
    with pytest.raises(OfflineError):
        b.sync()
    assert live.proxy.cut_count == 1
    assert b.count(School) == 0  # nothing half-applied
    assert_converged(a, b)
    assert b.count(School) == 40


def test_a_server_killed_mid_push_and_restarted_converges(live: Live) -> None:
    a = live.device("laptop", live.users.officer)
    b = live.device("office", live.users.supervisor)
    school_id = add_school(a.store, "Tōtara School")
    a.sync()
    b.sync()
    _edit(a.store, school_id, roll=111)
    live.proxy.arm(Cut(PUSH, reply_bytes=0, on_cut=live.server.kill))
    with pytest.raises(OfflineError):
        a.sync()
    assert not live.server.running
    with pytest.raises(OfflineError):  # the server is down: offline, not an error
        b.sync()
    live.server.restart()
    assert_converged(a, b)
    assert get_row(b.store, "schools", school_id).roll == 111


def test_a_server_killed_mid_pull_and_restarted_converges(live: Live) -> None:
    a = live.device("laptop", live.users.officer)
    for i in range(20):
        add_school(a.store, f"Kura {i:02d}")
    a.sync()
    b = live.device("office", live.users.supervisor)
    live.proxy.arm(Cut(PULL, reply_bytes=2000, on_cut=live.server.kill))
    with pytest.raises(OfflineError):
        b.sync()
    assert not live.server.running
    live.server.restart()
    assert_converged(a, b)
    assert b.count(School) == 20


def test_a_replayed_batch_is_a_no_op(live: Live) -> None:
    a = live.device("laptop", live.users.officer)
    add_school(a.store)
    with a.store.sessions.begin() as session:
        batch = freeze_next_batch(session)
        assert batch is not None
        body = batch.body
    from app.config import load_settings
    from app.services.sync.account import load_token

    settings = load_settings(a.paths)
    token = load_token(settings.server_url, settings.username) or ""
    with ApiClient(live.server.url, token) as api:
        first = api.push(body)
        summary = api.summary()
        again = api.push(body)
        assert again == first
        assert api.summary() == summary
    a.sync()
    assert a.count(SyncBatch) == 0


def test_an_officer_cannot_pull_another_districts_school(live: Live) -> None:
    a = live.device("laptop", live.users.officer)
    other = live.device("elsewhere", live.users.other_officer)
    school_id = add_school(a.store, "Kōwhai Grove School")
    a.sync()
    other.sync()
    assert other.count(School) == 0
    from app.config import load_settings
    from app.services.sync.account import load_token

    settings = load_settings(other.paths)
    token = load_token(settings.server_url, settings.username) or ""
    with ApiClient(live.server.url, token) as api, pytest.raises(SyncError, match="may not see"):
        api.school(school_id)


def test_a_schema_mismatch_says_what_to_do(live: Live) -> None:
    a = live.device("laptop", live.users.officer)
    from app.config import load_settings
    from app.services.sync.account import load_token

    settings = load_settings(a.paths)
    token = load_token(settings.server_url, settings.username) or ""
    with ApiClient(live.server.url, token) as api:
        api._http.headers["X-LPC-Schema"] = "0001"
        with pytest.raises(SchemaMismatchError) as caught:
            api.pull(0, 10)
    assert "Update the app, or ask IT to update the server" in str(caught.value)


def test_the_audit_trail_reaches_the_server_with_the_changes(live: Live) -> None:
    from server.db import open_database
    from server.models import ClientAuditEntry

    a = live.device("laptop", live.users.officer)
    school_id = add_school(a.store, "Kauri Park School")
    with UnitOfWork(a.store, actor="Const. Aroha Ngata") as uow:
        uow.update(uow.get(School, school_id), roll=321)
    a.sync()
    db = open_database(live.server.database_url)
    try:
        with db.writing() as session:
            entries = [
                e.entry
                for e in session.scalars(
                    select(ClientAuditEntry).where(ClientAuditEntry.school_id == school_id)
                )
            ]
    finally:
        db.dispose()
    changes = [e for e in entries if e["operation"] == "update" and e["table"] == "schools"]
    assert len(changes) == 1
    (change,) = changes
    assert change["actor"] == "Const. Aroha Ngata"
    assert change["device_id"] == a.store.device_id
    assert change["changes"]["roll"][1] == 321
    assert len(change["hash"]) == 64 and change["prev_hash"]
    a.sync()  # nothing new: the entries are not sent twice
    db = open_database(live.server.database_url)
    try:
        with db.writing() as session:
            again = session.scalars(
                select(ClientAuditEntry).where(ClientAuditEntry.school_id == school_id)
            ).all()
    finally:
        db.dispose()
    assert len(again) == len(entries)
