"""What a district's IT sees of a running server: alive and ready checks, Prometheus
figures (only when allowed), several workers, TLS without a proxy, forwarded client
addresses believed only from a trusted proxy, and JSON log lines."""

from __future__ import annotations

import json
import ssl
import subprocess
import uuid
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from tests.server.conftest import new_school, pushed
from tests.server.console_helpers import Console
from tests.server_harness import PASSWORD, RunningServer, login, seed_users, start_server


def _sign_in(server: RunningServer, username: str, password: str, **headers: str) -> int:
    response = httpx.post(
        f"{server.api}/login",
        json={"username": username, "password": password, "device_id": "ops-test"},
        headers=headers,
        timeout=60,
        verify=False,
    )
    return response.status_code


def test_ready_says_when_the_schema_is_not_this_servers(tmp_path: Path, postgres_url: str) -> None:
    with start_server(tmp_path, postgres_url) as server:
        ready = httpx.get(f"{server.api}/ready", timeout=30)
        assert ready.status_code == 200, ready.text
        assert ready.json()["status"] == "ready"
        engine = create_engine(postgres_url)
        with engine.begin() as conn:  # as if an older server's store had been restored
            conn.execute(text("UPDATE server_alembic_version SET version_num = 's0001'"))
        engine.dispose()
        not_ready = httpx.get(f"{server.api}/ready", timeout=30)
        assert not_ready.status_code == 503
        body = not_ready.json()
        assert body["error"] == "not_ready"
        assert "schema is s0001" in body["message"]
        assert httpx.get(f"{server.api}/health", timeout=30).status_code == 200  # alive


def test_metrics_need_the_setting(sqlite_server: RunningServer) -> None:
    assert httpx.get(f"{sqlite_server.url}/metrics", timeout=30).status_code == 404


def test_two_workers_share_the_port_and_add_up_their_metrics(
    tmp_path: Path, postgres_url: str
) -> None:
    with start_server(tmp_path, postgres_url, ["--workers", "2", "--metrics"]) as server:
        family = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(family) >= 2, "two worker processes under the supervisor"
        users = seed_users(postgres_url)
        for _ in range(3):
            assert _sign_in(server, users.officer, "wrong") == 401
        with server.client(login(server, users.officer)) as client:
            for _ in range(4):  # new connections, so both workers are likely to answer
                [result] = pushed(client, [new_school()])
                assert result["status"] == "applied"
        scrape = ""
        for _ in range(4):  # whichever worker answers, the figures are the server's
            response = httpx.get(f"{server.url}/metrics", timeout=30)
            assert response.status_code == 200
            scrape = response.text
            assert "lpc_sign_in_failures_total 3.0" in scrape
            assert 'lpc_pushed_changes_total{status="applied"} 4.0' in scrape
        assert 'route="/api/v1/login"' in scrape and 'status="401"' in scrape
        assert "lpc_http_request_duration_seconds_bucket" in scrape


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_tls_without_a_proxy(tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path)
    args = ["--certfile", str(cert), "--keyfile", str(key)]
    with start_server(tmp_path / "server", None, args) as server:
        assert server.url.startswith("https://")
        trust = ssl.create_default_context(cafile=str(cert))
        answer = httpx.get(f"{server.api}/health", verify=trust, timeout=30)
        assert answer.status_code == 200
        plain = server.url.replace("https://", "http://")
        try:
            refused = httpx.get(f"{plain}/api/v1/health", timeout=30).status_code
        except httpx.HTTPError:
            refused = 0
        assert refused != 200, "plain HTTP must not be answered"


def test_forwarded_addresses_only_from_a_trusted_proxy(tmp_path: Path) -> None:
    """Behind a trusted proxy each client address has its own count; from anyone else
    the header is ignored, so a guesser cannot reset the count by inventing addresses."""
    trusting = start_server(tmp_path / "trusting", None, ["--trusted-proxy", "127.0.0.1"])
    with trusting:
        users = seed_users(trusting.database_url, PASSWORD)
        for _ in range(5):
            forwarded = {"X-Forwarded-For": "10.0.0.9"}
            assert _sign_in(trusting, users.officer, "guess", **forwarded) == 401
        assert _sign_in(trusting, users.officer, PASSWORD, **{"X-Forwarded-For": "10.0.0.9"}) == 429
        assert _sign_in(trusting, users.officer, PASSWORD, **{"X-Forwarded-For": "10.0.0.7"}) == 200
    with start_server(tmp_path / "plain") as plain:
        users = seed_users(plain.database_url, PASSWORD)
        for n in range(5):
            forged = {"X-Forwarded-For": f"10.0.1.{n}"}
            assert _sign_in(plain, users.officer, "guess", **forged) == 401
        fresh = {"X-Forwarded-For": "10.0.2.1"}
        assert _sign_in(plain, users.officer, PASSWORD, **fresh) == 429


def test_json_log_lines(tmp_path: Path) -> None:
    with start_server(tmp_path, None, ["--json-log"]) as server:
        users = seed_users(server.database_url)
        device = str(uuid.uuid4())
        login(server, users.officer, device_id=device)
        assert _sign_in(server, users.officer, "wrong") == 401
        lines = [line for line in server.log().splitlines() if line.strip()]
    parsed = [json.loads(line) for line in lines]  # every line is one JSON object
    messages = [p["message"] for p in parsed]
    assert any("signed in on device" in m for m in messages)
    assert "refused sign-in" in messages
    assert {"time", "level", "logger", "message"} <= set(parsed[0])
    assert PASSWORD not in server.log() and users.password not in server.log()


def test_console_sign_ins_refused_are_counted_with_the_apps(tmp_path: Path) -> None:
    """One figure for wrong passwords wherever they were typed: the desktop app's sign-in
    and the admin console's."""
    with start_server(tmp_path, None, ["--metrics"]) as server:
        users = seed_users(server.database_url, PASSWORD)
        assert _sign_in(server, users.officer, "wrong") == 401
        console = Console(server.url)
        try:
            console.get("/admin/sign-in")
            for _ in range(5):
                refused = console.post("/admin/sign-in", {"username": users.admin, "password": "x"})
                assert refused.status_code == 401
            throttled = console.post("/admin/sign-in", {"username": users.admin, "password": "x"})
            assert throttled.status_code == 429
        finally:
            console.close()
        scrape = httpx.get(f"{server.url}/metrics", timeout=30).text
    assert "lpc_sign_in_failures_total 6.0" in scrape
    assert "lpc_sign_in_throttled_total 1.0" in scrape
