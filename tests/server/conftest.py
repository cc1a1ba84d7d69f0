"""Builders and module-scoped servers for the server tests.

Starting a server costs about a second, so most modules share one server (per backend)
and keep tests apart with fresh ids rather than fresh databases.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from server.models import Record
from server.schools import school_defaults
from tests.server_harness import (
    PostgresCluster,
    RunningServer,
    SeededUsers,
    login,
    seed_users,
    start_server,
)


def new_id() -> str:
    return str(uuid.uuid4())


def school_fields(name: str, **extra: Any) -> dict[str, Any]:
    """Every content field of a school, as the client's insert sends them."""
    return {**school_defaults(), "name": name, **extra}


def person_fields(school_id: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "school_id": school_id,
        "name": name,
        "role": "principal",
        "role_detail": "",
        "email": "",
        "phone": "",
        **extra,
    }


def change(
    table: str,
    row_id: str,
    school_id: str,
    fields: dict[str, Any] | None = None,
    op: str = "insert",
    base_version: int = 0,
    change_id: str | None = None,
) -> dict[str, Any]:
    return {
        "change_id": change_id or new_id(),
        "table": table,
        "row_id": row_id,
        "school_id": school_id,
        "op": op,
        "fields": fields or {},
        "base_version": base_version,
        "new_version": base_version + 1,
    }


def new_school(school_id: str | None = None, name: str = "Kōwhai Primary") -> dict[str, Any]:
    sid = school_id or new_id()
    return change("schools", sid, sid, school_fields(name))


def push(
    client: httpx.Client, changes: list[dict[str, Any]], batch_id: str | None = None, **more: Any
) -> httpx.Response:
    return client.post(
        "/sync/push", json={"batch_id": batch_id or new_id(), "changes": changes, **more}
    )


def pushed(client: httpx.Client, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Push and return the results, failing loudly on anything but 200."""
    response = push(client, changes)
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def pull_all(client: httpx.Client, cursor: int = 0, limit: int = 500) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    while True:
        page = client.get("/sync/pull", params={"cursor": cursor, "limit": limit})
        assert page.status_code == 200, page.text
        body = page.json()
        records.extend(body["records"])
        cursor = body["next_cursor"]
        if not body["more"]:
            return records


def server_records(database_url: str, **where: Any) -> list[Record]:
    """Read the server's store directly, as an admin would."""
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            stmt = select(Record).order_by(Record.seq)
            for column, value in where.items():
                stmt = stmt.where(getattr(Record, column) == value)
            return list(session.scalars(stmt))
    finally:
        engine.dispose()


@dataclass
class Env:
    """One running server with seeded users and a signed-in client per user."""

    server: RunningServer
    users: SeededUsers
    clients: dict[str, httpx.Client]

    def client(self, who: str) -> httpx.Client:
        return self.clients[who]


def _env(server: RunningServer) -> Env:
    users = seed_users(server.database_url)
    names = {
        "officer": users.officer,
        "supervisor": users.supervisor,
        "other_officer": users.other_officer,
        "admin": users.admin,
    }
    clients = {key: server.client(login(server, name)) for key, name in names.items()}
    return Env(server, users, clients)


def _close(env: Env) -> None:
    for client in env.clients.values():
        client.close()
    env.server.stop()


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    env = _env(start_server(tmp_path_factory.mktemp("sqlite-server")))
    yield env
    _close(env)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def env(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """The same tests against both stores."""
    folder = tmp_path_factory.mktemp(f"{request.param}-server")
    url = None
    if request.param == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
        url = cluster.new_database()
    environment = _env(start_server(folder, url))
    yield environment
    _close(environment)
