"""Repeated wrong passwords: after five in five minutes the same username from the same
address is refused (429, Retry-After) until the window has passed; a success resets."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from app.services.sync.client import ApiClient
from app.services.sync.errors import SignInRequiredError, SyncError
from server.db import open_database
from server.throttle import LoginThrottle
from tests.server.conftest import Env
from tests.server_harness import RunningServer, seed_users, sqlite_url, start_server

PASSWORD = "kia kaha 2026"


def _add_user(env: Env, username: str) -> None:
    from server.db import open_database
    from server.directory import create_user

    db = open_database(env.server.database_url)
    try:
        with db.writing() as session:
            create_user(session, username, PASSWORD, "officer", env.users.district)
    finally:
        db.dispose()


def _login(env: Env, username: str, password: str) -> httpx.Response:
    return httpx.post(
        f"{env.server.api}/login",
        json={"username": username, "password": password, "device_id": "throttle-test"},
    )


def test_five_wrong_passwords_refuse_even_the_right_one_for_a_while(sqlite_env: Env) -> None:
    _add_user(sqlite_env, "constable.rewi")
    for _ in range(5):
        assert _login(sqlite_env, "constable.rewi", "guess").status_code == 401

    refused = _login(sqlite_env, "Constable.Rewi", PASSWORD)  # any spelling of the name

    assert refused.status_code == 429, refused.text
    assert 240 <= int(refused.headers["Retry-After"]) <= 300
    body = refused.json()
    assert body["error"] == "too_many_attempts"
    assert "Too many wrong passwords for “Constable.Rewi”" in body["message"]
    assert "Wait 5 minutes" in body["message"]
    assert "token" not in body
    # The app says the same to the officer.
    with ApiClient(sqlite_env.server.url) as api, pytest.raises(SyncError) as raised:
        api.login("constable.rewi", PASSWORD, "Laptop", "throttle-test")
    assert not isinstance(raised.value, SignInRequiredError)
    assert "Too many wrong passwords" in str(raised.value)
    # Someone else signing in from the same computer is not held up.
    users = sqlite_env.users
    assert _login(sqlite_env, users.supervisor, users.password).status_code == 200


def test_a_successful_sign_in_clears_the_count(sqlite_env: Env) -> None:
    _add_user(sqlite_env, "constable.hine")
    for _ in range(4):
        assert _login(sqlite_env, "constable.hine", "guess").status_code == 401
    assert _login(sqlite_env, "constable.hine", PASSWORD).status_code == 200
    for _ in range(4):
        assert _login(sqlite_env, "constable.hine", "guess").status_code == 401
    assert _login(sqlite_env, "constable.hine", PASSWORD).status_code == 200


@pytest.mark.parametrize("kept_in", ["memory", "database"])
def test_the_refusal_ends_when_the_oldest_failure_leaves_the_window(
    kept_in: str, tmp_path: Path
) -> None:
    now = [1_000.0]
    db = open_database(sqlite_url(tmp_path)) if kept_in == "database" else None
    throttle = LoginThrottle(max_failures=5, window=300, clock=lambda: now[0], db=db)
    for _ in range(5):
        throttle.failed("aroha", "10.0.0.5")
        now[0] += 10
    assert throttle.retry_after("aroha", "10.0.0.5") == 250
    assert throttle.retry_after("aroha", "10.0.0.6") == 0  # another computer
    now[0] += 249
    assert throttle.retry_after("AROHA", "10.0.0.5") == 1
    now[0] += 1
    assert throttle.retry_after("aroha", "10.0.0.5") == 0
    throttle.failed("aroha", "10.0.0.5")  # four of the five are still in the window
    assert throttle.retry_after("aroha", "10.0.0.5") == 10


def test_five_wrong_passwords_across_two_server_processes_trip_it(
    tmp_path: Path, postgres_url: str
) -> None:
    """The count lives in the store: three tries at one process and two at another are
    five, and both then refuse even the right password."""
    first = start_server(tmp_path / "a", postgres_url)
    second = start_server(tmp_path / "b", postgres_url)
    try:
        users = seed_users(postgres_url, PASSWORD)

        def attempt(server: RunningServer, password: str) -> httpx.Response:
            return httpx.post(
                f"{server.api}/login",
                json={"username": users.officer, "password": password, "device_id": "d"},
                timeout=60,
            )

        for server in (first, second, first, second, first):
            assert attempt(server, "guess").status_code == 401
        for server in (first, second):
            refused = attempt(server, PASSWORD)
            assert refused.status_code == 429, refused.text
            assert 240 <= int(refused.headers["Retry-After"]) <= 300
    finally:
        first.stop()
        second.stop()


def test_failures_join_a_write_transaction_the_caller_holds(tmp_path: Path) -> None:
    """The admin console counts failures inside its own write transaction: on SQLite a
    second write transaction would wait for that one to end (30 s, then fail)."""
    db = open_database(sqlite_url(tmp_path))
    try:
        throttle = LoginThrottle(max_failures=2, window=300, db=db)
        start = time.monotonic()
        with db.writing() as session:
            throttle.failed("aroha", "10.0.0.5", session)
            throttle.failed("aroha", "10.0.0.5", session)
        assert time.monotonic() - start < 5
        assert throttle.retry_after("aroha", "10.0.0.5") > 0  # committed with the caller's
        with db.writing() as session:
            throttle.succeeded("aroha", "10.0.0.5", session)
        assert throttle.retry_after("aroha", "10.0.0.5") == 0
    finally:
        db.dispose()
