"""``python -m app login`` and ``python -m app sync`` as real subprocesses against a real
server process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring

from app.services.bootstrap import open_app_store
from app.services.sync.account import TOKEN_SERVICE, token_key
from tests.server_harness import RunningServer, SeededUsers
from tests.services.helpers import add_school


def _app(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("LPC_PASSWORD", None)
    if password is not None:
        env["LPC_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_login_then_sync_pushes_and_reports(
    tmp_path: Path, sqlite_server: RunningServer, district_users: SeededUsers
) -> None:
    data = str(tmp_path / "laptop")
    before = _app("sync", "--data-dir", data)
    assert before.returncode == 4
    assert "Sign in first" in before.stderr

    login = _app(
        "login",
        "--data-dir",
        data,
        "--server",
        sqlite_server.url,
        "--user",
        district_users.officer,
        password=district_users.password,
    )
    assert login.returncode == 0, login.stderr
    assert f"Signed in to {sqlite_server.url} as officer.aroha (officer, Waitematā)" in login.stdout
    settings = json.loads((tmp_path / "laptop" / "settings.json").read_text(encoding="utf-8"))
    assert (settings["server_url"], settings["username"]) == (sqlite_server.url, "officer.aroha")
    token = keyring.get_password(TOKEN_SERVICE, token_key(sqlite_server.url, "officer.aroha"))
    assert token
    for path in (tmp_path / "laptop").rglob("*"):  # the token is in the keyring only
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path

    opened = open_app_store(data)
    try:
        add_school(opened.store, "Kōwhai Grove School")
    finally:
        opened.store.close()
    synced = _app("sync", "--data-dir", data)
    assert synced.returncode == 0, synced.stderr
    assert "Pushed:    3 changes" in synced.stdout  # school, partnership, first year
    assert "Conflicts: 0 new, 0 waiting for a choice" in synced.stdout

    again = _app("sync", "--data-dir", data)
    assert again.returncode == 0, again.stderr
    assert "Pushed:    0 changes" in again.stdout
    assert "Pulled:    0 records" in again.stdout

    sqlite_server.stop()
    offline = _app("sync", "--data-dir", data)
    assert offline.returncode == 3
    assert "cannot be reached" in offline.stderr


def test_login_with_a_wrong_password_says_so(
    tmp_path: Path, sqlite_server: RunningServer, district_users: SeededUsers
) -> None:
    result = _app(
        "login",
        "--data-dir",
        str(tmp_path / "d"),
        "--server",
        sqlite_server.url,
        "--user",
        district_users.officer,
        password="not the password",
    )
    assert result.returncode == 4
    assert "did not accept that username and password" in result.stderr


def test_login_without_a_terminal_or_password_explains(tmp_path: Path) -> None:
    result = _app(
        "login", "--data-dir", str(tmp_path / "d"), "--server", "http://127.0.0.1:9", "--user", "x"
    )
    assert result.returncode == 2
    assert "LPC_PASSWORD" in result.stderr
