"""Out-of-range and badly encoded input is a 422 naming the field, never a 500, on a
connection that stays open (docs/sync-protocol.md, "What the server refuses")."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from typing import Any

import httpx

from lpc_core.schema_version import SCHEMA_HEAD
from tests.server.conftest import (
    Env,
    change,
    new_id,
    new_school,
    pushed,
    server_records,
)
from tests.server_harness import login


def _refusal(response: httpx.Response) -> str:
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid"
    return str(response.json()["message"])


def test_bad_input_is_422_naming_the_field_on_a_connection_that_stays_open(
    env: Env,
) -> None:
    server = env.server
    token = login(server, env.users.officer)
    sid = new_id()
    pushed(env.client("officer"), [new_school(sid, "Tūī Ridge School")])
    headers = {
        "Authorization": f"Bearer {token}",
        "X-LPC-Schema": SCHEMA_HEAD,
        "Content-Type": "application/json",
    }

    def body(fields: dict[str, Any], **extra: Any) -> bytes:
        text = json.dumps(
            {
                "batch_id": new_id(),
                "changes": [change("schools", sid, sid, fields, "update", 1)],
                **extra,
            }
        )
        return text.encode()

    surrogate = body({}).replace(b'"fields": {}', b'"fields": {"name": "T\\ud800"}')
    nan = body({}).replace(b'"fields": {}', b'"fields": {"roll": NaN}')
    audit_key = body({}, audit=[]).replace(
        b'"audit": []', f'"audit": [{{"id": "{new_id()}", "\\udc00": 1}}]'.encode()
    )
    requests: list[tuple[str, str, bytes | None, str]] = [
        ("GET", "/sync/pull?cursor=9223372036854775808", None, "cursor"),
        ("GET", "/sync/pull?cursor=-1", None, "cursor"),
        ("GET", "/sync/pull?limit=0", None, "limit"),
        ("GET", "/sync/school/not-a-uuid", None, "school_id"),
        ("POST", "/sync/push", surrogate, "changes[0].fields.name"),
        ("POST", "/sync/push", nan, "changes[0].fields.roll"),
        ("POST", "/sync/push", audit_key, "audit[0]"),
        ("POST", "/sync/push", b'{"batch_id": "\xff"}', "body"),
        ("POST", "/sync/push", body({"moe_number": 2**70}), "changes[0].fields.moe_number"),
        (
            "POST",
            "/sync/push",
            body({}).replace(b'"base_version": 1', b'"base_version": true'),
            "changes[0].base_version",
        ),
    ]
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    conn.connect()
    sock = conn.sock
    for method, path, data, field in requests:
        conn.request(method, f"/api/v1{path}", body=data, headers=headers)
        answer = conn.getresponse()
        text = answer.read().decode("utf-8")
        assert answer.status == 422, (path, field, text)
        message = json.loads(text)["message"]
        assert message.startswith(field), (field, message)
        assert conn.sock is sock, f"the connection was closed after {path}"
    login_body = b'{"username": "aroha\\ud800", "password": "x", "device_id": "d"}'
    conn.request("POST", "/api/v1/login", body=login_body, headers=headers)
    answer = conn.getresponse()
    assert answer.status == 422 and json.loads(answer.read())["message"].startswith("username")
    conn.request("GET", "/api/v1/sync/pull?cursor=0&limit=5", headers=headers)
    assert conn.getresponse().status == 200 and conn.sock is sock
    conn.close()
    assert "Traceback" not in server.log() and "server_error" not in server.log()
    [school] = server_records(server.database_url, row_id=sid)
    assert school.fields["name"] == "Tūī Ridge School" and school.row_version == 1


def test_a_failure_inside_the_server_is_answered_not_raised(tmp_path: Path) -> None:
    """The last line of defence: a bug is a 500 in the usual shape, sent as an answer
    (the server then keeps the connection), with only the kind of failure logged."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from server.api import create_app
    from server.db import open_database

    db = open_database(f"sqlite:///{tmp_path / 'server.db'}")
    app = create_app(db)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a secret value the log must not hold")

    with TestClient(app, raise_server_exceptions=True) as client:
        answer = client.get("/boom")
        assert answer.status_code == 500
        assert answer.json()["error"] == "server_error"
        assert client.get("/api/v1/health").status_code == 200
    db.dispose()
