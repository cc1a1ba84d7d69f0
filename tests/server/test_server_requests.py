"""Authentication and the refusals of docs/sync-protocol.md: 401, 409, 413, 422."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from lpc_core.schema_version import SCHEMA_HEAD
from tests.server.conftest import (
    Env,
    change,
    new_id,
    new_school,
    person_fields,
    push,
    pushed,
    server_records,
)
from tests.server_harness import login, run_admin


def _error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error", "message"}
    assert body["error"] == code
    message: str = body["message"]
    assert message
    return message


def test_login_returns_a_token_and_the_user(sqlite_env: Env) -> None:
    users = sqlite_env.users
    response = httpx.post(
        f"{sqlite_env.server.api}/login",
        json={
            "username": users.supervisor,
            "password": users.password,
            "device_name": "Office PC",
            "device_id": "device-1",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["device_id"] == "device-1"
    assert body["user"] == {
        "username": users.supervisor,
        "role": "supervisor",
        "district": users.district,
    }
    with sqlite_env.server.client(body["token"]) as client:
        me = client.get("/me").json()
    assert me == {
        "username": users.supervisor,
        "role": "supervisor",
        "district": users.district,
        "device_id": "device-1",
        "schema": SCHEMA_HEAD,
    }


def test_bad_password_and_unknown_user_are_401(sqlite_env: Env) -> None:
    api = sqlite_env.server.api
    for username, password in [
        (sqlite_env.users.officer, "wrong password"),
        ("nobody", sqlite_env.users.password),
    ]:
        response = httpx.post(
            f"{api}/login",
            json={"username": username, "password": password, "device_id": "d"},
        )
        assert "wrong" in _error(response, 401, "unauthorised")
        assert "token" not in response.json()


def test_missing_or_unknown_token_is_401(sqlite_env: Env) -> None:
    with sqlite_env.server.client() as anonymous:
        _error(anonymous.get("/me"), 401, "unauthorised")
        _error(anonymous.get("/sync/pull"), 401, "unauthorised")
    with sqlite_env.server.client("made-up-token") as forged:
        _error(forged.get("/sync/summary"), 401, "unauthorised")


def test_unauthenticated_malformed_push_is_401_not_422(sqlite_env: Env) -> None:
    with sqlite_env.server.client() as anonymous:
        _error(anonymous.post("/sync/push", json={"nonsense": True}), 401, "unauthorised")


def test_revoked_device_is_401_and_a_new_sign_in_works(sqlite_env: Env) -> None:
    server, users = sqlite_env.server, sqlite_env.users
    device = f"laptop-{new_id()}"
    name = f"Laptop {new_id()[:8]}"
    token = login(server, users.officer, device_id=device, device_name=name)
    listing = run_admin(server.database_url, "list-devices")
    assert listing.returncode == 0, listing.stderr
    assert token not in listing.stdout
    [line] = [row for row in listing.stdout.splitlines() if name in row]
    assert users.officer in line and "active" in line
    device_pk = line.split()[0]

    revoked = run_admin(server.database_url, "revoke-device", device_pk)
    assert revoked.returncode == 0, revoked.stderr

    with server.client(token) as client:
        _error(client.get("/me"), 401, "unauthorised")
    with server.client(login(server, users.officer, device_id=device)) as client:
        assert client.get("/me").status_code == 200
    after = run_admin(server.database_url, "list-devices").stdout
    [line] = [row for row in after.splitlines() if name in row]
    assert "revoked" in line


def test_schema_mismatch_is_409_and_changes_nothing(sqlite_env: Env) -> None:
    server = sqlite_env.server
    token = login(server, sqlite_env.users.officer)
    sid = new_id()
    with server.client(token, schema="0000") as old_app:
        response = push(old_app, [new_school(sid)])
        _error(response, 409, "schema_mismatch")
        assert response.json()["server_schema"] == SCHEMA_HEAD
        _error(old_app.get("/sync/pull"), 409, "schema_mismatch")
        _error(old_app.get("/sync/summary"), 409, "schema_mismatch")
        _error(old_app.get(f"/sync/school/{sid}"), 409, "schema_mismatch")
        assert old_app.get("/me").status_code == 200  # "Test connection" still works
    assert server_records(server.database_url, row_id=sid) == []


def test_body_over_8_mib_is_413_with_or_without_content_length(sqlite_env: Env) -> None:
    client = sqlite_env.client("officer")
    filler = "x" * (9 * 1024 * 1024)
    big = {"batch_id": new_id(), "changes": [], "audit": [{"id": new_id(), "pad": filler}]}
    _error(client.post("/sync/push", json=big), 413, "too_large")

    def chunks() -> Iterator[bytes]:  # a generator body is sent chunked, no Content-Length
        yield b'{"batch_id": "b", "changes": [], "audit": [{"id": "a", "pad": "'
        for _ in range(9):
            yield b"y" * (1024 * 1024)
        yield b'"}]}'

    response = client.post(
        "/sync/push", content=chunks(), headers={"Content-Type": "application/json"}
    )
    _error(response, 413, "too_large")


def test_more_than_2000_changes_is_413(sqlite_env: Env) -> None:
    sid = new_id()
    changes = [change("people", new_id(), sid, {"name": "n"}) for _ in range(2001)]
    message = _error(push(sqlite_env.client("officer"), changes), 413, "too_large")
    assert "2,000" in message


def test_malformed_payloads_are_422_naming_the_field(sqlite_env: Env) -> None:
    client = sqlite_env.client("officer")
    sid = new_id()
    pushed(client, [new_school(sid, "Valid School")])
    good = change("people", new_id(), sid, person_fields(sid, "Ana"))

    cases = {
        "changes[0].op": {**good, "op": "upsert"},
        "changes[0].table": {**good, "table": "students"},
        "changes[0].fields.favourite_colour": {**good, "fields": {"favourite_colour": "red"}},
        "changes[0].fields.role": {**good, "fields": {**good["fields"], "role": "wizard"}},
        "changes[0].fields.name": {**good, "fields": {**good["fields"], "name": ""}},
        "changes[0].base_version": {k: v for k, v in good.items() if k != "base_version"},
    }
    for field, bad in cases.items():
        message = _error(push(client, [bad]), 422, "invalid")
        assert message.startswith(field), (field, message)
    date_field = client.post(
        "/sync/push",
        json={
            "batch_id": new_id(),
            "changes": [change("schools", sid, sid, {"roll": "many"}, "update", 1)],
        },
    )
    assert "changes[0].fields.roll" in _error(date_field, 422, "invalid")
    moved = push(client, [change("schools", new_id(), new_id(), {}, "update", 1)])
    assert _error(moved, 422, "invalid").startswith("changes[0].school_id")
    other = new_id()
    pushed(client, [new_school(other, "Other School")])
    person = change("people", new_id(), sid, person_fields(sid, "Mover"))
    pushed(client, [person])
    relocate = {**person, "change_id": new_id(), "school_id": other, "fields": {}, "op": "update"}
    assert _error(push(client, [relocate]), 422, "invalid").startswith("changes[0].school_id")
    fraction = push(client, [change("schools", sid, sid, {"roll": 3.5}, "update", 1)])
    assert _error(fraction, 422, "invalid").startswith("changes[0].fields.roll")
    flag = push(client, [change("schools", sid, sid, {"archived": "yes"}, "update", 1)])
    assert _error(flag, 422, "invalid").startswith("changes[0].fields.archived")
    _error(client.post("/sync/push", content=b"{not json"), 422, "invalid")
    assert "batch_id" in _error(client.post("/sync/push", json={"changes": []}), 422, "invalid")
    assert "limit" in _error(client.get("/sync/pull", params={"limit": 5000}), 422, "invalid")
    assert "cursor" in _error(client.get("/sync/pull", params={"cursor": "x"}), 422, "invalid")


def test_text_and_choice_values_the_forms_refuse_are_refused_naming_the_field(
    sqlite_env: Env,
) -> None:
    """Text and choice fields take a quick path through the server's checks; whatever it
    does not accept still meets the app's own rules, so nothing the forms refuse is stored."""
    client = sqlite_env.client("officer")
    sid = new_id()
    pushed(client, [new_school(sid, "Quick Path School")])

    def person(**fields: object) -> dict[str, object]:
        return change("people", new_id(), sid, {**person_fields(sid, "Hēmi"), **fields})

    refused = {
        "changes[0].fields.name": person(name="   "),  # required: blanks are not a name
        "changes[0].fields.role_detail": person(role_detail="tab\x07bell"),
        "changes[0].fields.phone": person(phone="0" * 41),  # 40 characters at most
        "changes[0].fields.email": person(email=42),
        "changes[0].fields.role": person(role="Principal"),  # the stored value, not the label
    }
    for field, bad in refused.items():
        message = _error(push(client, [bad]), 422, "invalid")
        assert message.startswith(field), (field, message)
    url = sqlite_env.server.database_url
    assert server_records(url, table_name="people", school_id=sid) == []

    accepted = person(role_detail="", phone="0" * 40, email="hemi@kura.school.nz")
    pushed(client, [accepted])
    stored = server_records(url, table_name="people", school_id=sid)
    assert [(r.row_id, r.fields["name"], r.fields["phone"]) for r in stored] == [
        (accepted["row_id"], "Hēmi", "0" * 40)
    ]


def test_openapi_schema_and_docs_are_served(sqlite_env: Env) -> None:
    schema = httpx.get(f"{sqlite_env.server.url}/openapi.json").json()
    assert "/api/v1/sync/push" in schema["paths"]
    assert "/api/v1/login" in schema["paths"]
    assert httpx.get(f"{sqlite_env.server.url}/docs").status_code == 200


def test_server_log_holds_no_token_password_or_content(sqlite_env: Env) -> None:
    server, users = sqlite_env.server, sqlite_env.users
    token = login(server, users.officer)
    sid = new_id()
    with server.client(token) as client:
        pushed(client, [new_school(sid, "Whakarongo Confidential School")])
    httpx.post(
        f"{server.api}/login",
        json={"username": users.officer, "password": "hunter2-wrong", "device_id": "d"},
    )
    log = server.log()
    for secret in (token, users.password, "hunter2-wrong", "Whakarongo Confidential"):
        assert secret not in log
