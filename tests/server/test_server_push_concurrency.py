"""Pushes on PostgreSQL run side by side: a push waits only for pushes to the same
records, and for the moment another transaction holds the seq counter (from taking its
seqs to its commit), which keeps seqs visible in order. Collisions on what no push
could lock beforehand (the same batch sent twice at once) are run again, not refused."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.server.conftest import change, new_id, new_school, person_fields, pull_all, push
from tests.server_harness import RunningServer, SeededUsers, login, seed_users, start_server

WAIT = 3.0  # seconds a push is given to show that it is not held up


@pytest.fixture
def pg(tmp_path: Path, postgres_url: str) -> Iterator[tuple[RunningServer, SeededUsers]]:
    server = start_server(tmp_path, postgres_url)
    yield server, seed_users(postgres_url)
    server.stop()


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _client(server: RunningServer, users: SeededUsers) -> httpx.Client:
    return server.client(login(server, users.officer))


def _school_with_two_contacts(client: httpx.Client) -> tuple[str, str, str]:
    sid, a, b = new_id(), new_id(), new_id()
    rows = [
        new_school(sid, "Pōhutukawa School"),
        change("people", a, sid, person_fields(sid, "Whaea Ana")),
        change("people", b, sid, person_fields(sid, "Matua Ben")),
    ]
    assert push(client, rows).status_code == 200
    return sid, a, b


def _rename(client: httpx.Client, sid: str, row_id: str, name: str) -> int:
    row = change("people", row_id, sid, {"name": name}, op="update", base_version=1)
    return push(client, [row]).status_code


def test_a_push_waits_only_for_pushes_to_the_same_record(
    pg: tuple[RunningServer, SeededUsers],
) -> None:
    server, users = pg
    with _client(server, users) as client, ThreadPoolExecutor(2) as pool:
        sid, a, b = _school_with_two_contacts(client)
        with psycopg.connect(_libpq(server.database_url)) as other:  # a push working on a
            other.execute("SELECT 1 FROM records WHERE row_id = %s FOR UPDATE", (a,))
            same: Future[int] = pool.submit(_rename, client, sid, a, "Whaea Ana Smith")
            different: Future[int] = pool.submit(_rename, client, sid, b, "Matua Ben Jones")
            assert different.result(timeout=WAIT * 10) == 200  # not held up
            wait([same], timeout=WAIT)
            assert not same.done(), "a push to the locked record must wait its turn"
            other.rollback()
        assert same.result(timeout=60) == 200
        names = {r["row_id"]: r["fields"]["name"] for r in pull_all(client)}
        assert (names[a], names[b]) == ("Whaea Ana Smith", "Matua Ben Jones")


def test_seqs_taken_by_an_open_transaction_hold_back_later_ones(
    pg: tuple[RunningServer, SeededUsers],
) -> None:
    """While a transaction holds seqs it has not committed, no larger seq becomes
    visible: a puller that moved past it would never see the smaller one."""
    server, users = pg
    with _client(server, users) as client, ThreadPoolExecutor(1) as pool:
        sid, a, _b = _school_with_two_contacts(client)
        cursor = max(r["seq"] for r in pull_all(client))
        with psycopg.connect(_libpq(server.database_url)) as other:
            (held,) = other.execute(
                "UPDATE seq_counter SET value = value + 1 RETURNING value"
            ).fetchone() or (0,)
            pushing: Future[int] = pool.submit(_rename, client, sid, a, "Whaea Ana Smith")
            wait([pushing], timeout=WAIT)
            assert not pushing.done(), "the push must wait for the seqs before its own"
            assert pull_all(client, cursor) == []
            other.commit()
        assert pushing.result(timeout=60) == 200
        [record] = pull_all(client, cursor)
        assert record["row_id"] == a and record["seq"] > held


def test_the_same_batch_sent_at_once_through_two_processes_is_applied_once(
    pg: tuple[RunningServer, SeededUsers], tmp_path: Path
) -> None:
    server, users = pg
    second = start_server(tmp_path / "second", server.database_url)
    token = login(server, users.officer)
    try:
        sid = new_id()
        body = {
            "batch_id": new_id(),
            "changes": [new_school(sid, "Kahikatea School")]
            + [change("people", new_id(), sid, person_fields(sid, f"P{i}")) for i in range(50)],
        }

        def send(i: int) -> httpx.Response:
            with (server if i % 2 else second).client(token) as client:
                return client.post("/sync/push", json=body)

        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(send, range(6)))
        assert [a.status_code for a in answers] == [200] * 6, [a.text for a in answers]
        assert all(a.json() == answers[0].json() for a in answers)
        assert {r["status"] for r in answers[0].json()["results"]} == {"applied"}
        with server.client(token) as client:
            records = [r for r in pull_all(client) if r["school_id"] == sid]
        assert len(records) == 51
        assert all(r["row_version"] == 1 for r in records)
    finally:
        second.stop()
