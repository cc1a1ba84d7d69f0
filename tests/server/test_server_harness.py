"""The harness itself: a real server starts, answers, survives restart and SIGKILL."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.server_harness import (
    PostgresCluster,
    RunningServer,
    SeededUsers,
    login,
    start_server,
)


def test_sqlite_server_answers_and_restarts(
    sqlite_server: RunningServer, district_users: SeededUsers
) -> None:
    assert httpx.get(f"{sqlite_server.api}/health").json()["status"] == "ok"
    token = login(sqlite_server, district_users.officer)
    sqlite_server.kill()
    assert not sqlite_server.running
    sqlite_server.restart()
    with sqlite_server.client(token) as client:
        me = client.get("/me")
    assert me.status_code == 200
    assert me.json()["username"] == district_users.officer


def test_postgres_server_answers(tmp_path: Path, postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database()
    with start_server(tmp_path, url) as server:
        assert server.database_url.startswith("postgresql+psycopg://")
        assert httpx.get(f"{server.api}/health").status_code == 200
