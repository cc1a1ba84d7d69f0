"""Sync at the edges: access, assignment, lost replies, cancelling, errors, demo data."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import func, select

from app.models import OutboxEntry, School, SyncBatch
from app.services.demo import seed_demo
from app.services.sync.client import ApiClient
from app.services.sync.engine import SyncEngine, SyncResult
from app.services.sync.errors import (
    CancelledError,
    OfflineError,
    SchemaMismatchError,
    SignInRequiredError,
    SyncError,
)
from app.services.sync.state import get_cursor
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school
from tests.services.sync.conftest import Device, InProcServer
from tests.services.sync.devices import get_row, snapshot

MakeDevice = Callable[[str, str], Device]


class CutAfter(httpx.BaseTransport):
    """Forwards a request to the server, then loses the reply (the server did the work)."""

    def __init__(self, inner: httpx.BaseTransport, path: str, times: int = 1) -> None:
        self.inner, self.path, self.times = inner, path, times

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path.endswith(self.path) and self.times > 0:
            self.times -= 1
            response.read()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


def _count(device: Device, model: type) -> int:
    with device.store.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_lost_push_reply_replays_as_a_no_op(
    make_device: MakeDevice, inproc_server: InProcServer
) -> None:
    a = make_device("laptop", "aroha")
    b = make_device("office", "mere")
    school_id = add_school(a.store)
    a.transport = CutAfter(inproc_server.transport, "/sync/push")
    with pytest.raises(OfflineError):
        a.sync()
    assert _count(a, SyncBatch) == 1  # frozen, waiting for its answer
    with UnitOfWork(a.store) as uow:  # an edit made while offline joins the next batch
        uow.update(uow.get(School, school_id), roll=321)
    a.transport = inproc_server.transport
    result = a.sync()
    assert result.pushed == 4  # the replayed batch (school, partnership, year) + the new edit
    assert _count(a, SyncBatch) == 0 and _count(a, OutboxEntry) == 0
    b.sync()
    assert get_row(b.store, "schools", school_id).roll == 321
    assert snapshot(a.store) == snapshot(b.store)
    assert a.sync().refetched == [] and b.sync().refetched == []


def test_a_lost_pull_reply_is_fetched_again(
    make_device: MakeDevice, inproc_server: InProcServer
) -> None:
    a = make_device("laptop", "aroha")
    b = make_device("office", "mere")
    add_school(a.store)
    a.sync()
    b.transport = CutAfter(inproc_server.transport, "/sync/pull")
    with pytest.raises(OfflineError):
        b.sync()
    with b.store.session() as s:
        assert get_cursor(s) == 0
    b.transport = inproc_server.transport
    b.sync()
    assert snapshot(a.store) == snapshot(b.store)


def test_a_school_assigned_later_arrives_through_the_digest_check(
    make_device: MakeDevice, inproc_server: InProcServer
) -> None:
    from server.directory import assign, find_school, user_by_name

    supervisor = make_device("office", "mere")
    officer = make_device("laptop", "aroha")
    school_id = add_school(supervisor.store, "Pōhutukawa College")
    supervisor.sync()
    add_school(officer.store, "Tōtara School")
    officer.sync()  # not assigned yet; its cursor moves past the college's records
    assert get_row(officer.store, "schools", school_id) is None
    with inproc_server.db.writing() as session:
        assign(session, user_by_name(session, "aroha"), find_school(session, school_id))
    result = officer.sync()
    assert result.refetched == [school_id]
    assert get_row(officer.store, "schools", school_id).name == "Pōhutukawa College"
    assert officer.sync().refetched == []


def test_an_officer_cannot_pull_another_districts_school(make_device: MakeDevice) -> None:
    a = make_device("laptop", "aroha")
    other = make_device("elsewhere", "tama")
    school_id = add_school(a.store)
    a.sync()
    other.sync()
    assert get_row(other.store, "schools", school_id) is None
    with pytest.raises(SyncError, match="may not see"):
        other.api().school(school_id)


def test_schema_mismatch_is_a_clear_error_and_changes_nothing(
    make_device: MakeDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = make_device("laptop", "aroha")
    add_school(a.store)
    api = a.api()
    api._http.headers["X-LPC-Schema"] = "0001"
    with pytest.raises(SchemaMismatchError, match="Update the app"):
        SyncEngine(a.store, api).sync()
    assert _count(a, OutboxEntry) == 3  # the school, its partnership and its first year


def test_a_revoked_or_wrong_token_asks_to_sign_in_again(make_device: MakeDevice) -> None:
    a = make_device("laptop", "aroha")
    a.token = "not-a-token"
    with pytest.raises(SignInRequiredError, match="Sign in again"):
        a.sync()


def test_no_server_is_offline_not_a_failure(make_device: MakeDevice) -> None:
    a = make_device("laptop", "aroha")
    a.transport = None
    a.base_url = "http://127.0.0.1:9"  # discard port: nothing listens
    with pytest.raises(OfflineError, match="cannot be reached"):
        a.sync()


def test_cancelling_stops_between_requests_and_the_next_sync_finishes(
    make_device: MakeDevice,
) -> None:
    a = make_device("laptop", "aroha")
    for i in range(3):
        add_school(a.store, f"School {i}")
    phases: list[tuple[str, int, int]] = []
    stop = {"now": False}

    def progress(phase: str, done: int, total: int) -> None:
        phases.append((phase, done, total))
        if phase == "pull":
            stop["now"] = True

    with pytest.raises(CancelledError):
        SyncEngine(a.store, a.api(), progress=progress, cancelled=lambda: stop["now"]).sync()
    assert ("push", 9, 9) in phases  # three rows for each of the three schools
    result = a.sync()
    assert result.pushed == 0


def test_demo_schools_never_leave_this_computer(make_device: MakeDevice) -> None:
    a = make_device("laptop", "aroha")
    seed_demo(a.store, count=2)
    real = add_school(a.store, "Real School")
    result = a.sync()
    assert _count(a, OutboxEntry) == 0
    b = make_device("office", "mere")
    b.sync()
    with b.store.session() as s:
        names = set(s.scalars(select(School.name)))
    assert names == {"Real School"}
    assert get_row(b.store, "schools", real) is not None
    assert result.pushed >= 2


def test_progress_reports_pull_counts(make_device: MakeDevice) -> None:
    a = make_device("laptop", "aroha")
    add_school(a.store)
    a.sync()
    b = make_device("office", "mere")
    seen: list[tuple[str, int, int]] = []
    SyncEngine(b.store, b.api(), progress=lambda *p: seen.append(p)).sync()
    assert seen[0] == ("pull", 0, 0)
    assert isinstance(SyncResult().pulled, int)


def test_me_answers_for_the_signed_in_device(make_device: MakeDevice) -> None:
    a = make_device("laptop", "aroha")
    me = a.engine().handshake()
    assert me["username"] == "aroha" and me["device_id"] == a.store.device_id
    assert isinstance(a.api(), ApiClient)


def test_a_child_that_arrives_a_page_before_its_parent_is_applied(
    make_device: MakeDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.models import Person
    from app.services.sync import engine

    a = make_device("laptop", "aroha")
    school_id = add_school(a.store, "Kōwhai Grove School")
    with UnitOfWork(a.store) as uow:
        person_id = uow.add(Person, school_id=school_id, name="Hemi Walker").id
    a.sync()
    with UnitOfWork(a.store) as uow:  # the school's latest change now comes after the person
        uow.update(uow.get(School, school_id), roll=99)
    a.sync()
    monkeypatch.setattr(engine, "PULL_LIMIT", 1)  # one record per page, in the server's order
    b = make_device("office", "mere")
    b.sync()
    assert get_row(b.store, "people", person_id).school_id == school_id
    assert get_row(b.store, "schools", school_id).roll == 99
    with b.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
