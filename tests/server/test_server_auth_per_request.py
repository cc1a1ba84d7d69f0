"""Every request reads who is asking from the store: nothing about a token is kept
between requests, so revoking a device or disabling an account takes effect on the very
next request, even on a connection that has just been answered (server.access)."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import create_engine, select, text, update

from server.models import Device
from server.security import token_hash
from tests.server.conftest import Env, change, new_id, new_school, push
from tests.server_harness import login


def _store(env: Env, sql: str, **values: Any) -> Any:
    """Run one statement on the server's store, as an administrator's tool would."""
    engine = create_engine(env.server.database_url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), values)
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()


def _synced(env: Env, username: str) -> tuple[str, httpx.Client]:
    """A new device of ``username`` that has just synced on a kept-alive connection (the
    caller closes the client)."""
    token = login(env.server, username, device_id=f"laptop-{new_id()}")
    client = env.server.client(token)
    assert client.get("/me").status_code == 200
    assert push(client, [new_school()]).status_code == 200
    assert client.get("/sync/pull").status_code == 200
    return token, client


def _refused(response: httpx.Response) -> str:
    assert response.status_code == 401, response.text
    message: str = response.json()["message"]
    return message


def test_a_revoked_device_is_refused_on_its_very_next_request(env: Env) -> None:
    token, client = _synced(env, env.users.officer)
    _store(
        env,
        "UPDATE devices SET revoked = :yes WHERE token_hash = :h",
        yes=True,
        h=token_hash(token),
    )
    with closing(client):
        _refused(client.get("/sync/pull"))
        sid = new_id()
        _refused(push(client, [new_school(sid), change("people", new_id(), sid)]))
        _refused(client.get("/me"))
    # Another device of the same officer is not affected.
    assert env.client("officer").get("/me").status_code == 200


def test_a_disabled_account_is_refused_on_its_very_next_request(env: Env) -> None:
    username = env.users.other_officer
    _token, client = _synced(env, username)
    try:
        _store(env, "UPDATE users SET disabled = :yes WHERE username = :u", yes=True, u=username)
        with closing(client):
            assert "disabled" in _refused(client.get("/sync/summary"))
    finally:
        _store(env, "UPDATE users SET disabled = :no WHERE username = :u", no=False, u=username)
    assert env.client("other_officer").get("/me").status_code == 200


def _last_seen(env: Env, token: str) -> datetime | None:
    engine = create_engine(env.server.database_url)
    try:
        with engine.connect() as conn:
            stmt = select(Device.last_seen_at).where(Device.token_hash == token_hash(token))
            return conn.execute(stmt).scalar_one()
    finally:
        engine.dispose()


def test_last_seen_is_written_at_most_once_a_minute(env: Env) -> None:
    token, client = _synced(env, env.users.supervisor)
    first = _last_seen(env, token)
    assert first is not None
    with closing(client):
        assert client.get("/me").status_code == 200
        assert _last_seen(env, token) == first  # within the minute: not written again
        long_ago = datetime.now(UTC) - timedelta(minutes=5)
        engine = create_engine(env.server.database_url)
        with engine.begin() as conn:
            conn.execute(
                update(Device)
                .where(Device.token_hash == token_hash(token))
                .values(last_seen_at=long_ago)
            )
        engine.dispose()
        assert client.get("/sync/summary").status_code == 200
    latest = _last_seen(env, token)
    assert latest is not None and latest > long_ago + timedelta(minutes=4)
