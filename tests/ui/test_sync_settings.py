"""The sync settings dialog: signing in and out against a real server process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from app.config import AppPaths, AppSettings
from app.services.store import Store
from app.services.sync.account import TOKEN_SERVICE, token_key
from app.ui.ops import wait_for_all
from app.ui.sync_settings import SyncSettingsDialog
from tests.server_harness import RunningServer, SeededUsers


@pytest.fixture(autouse=True)
def _settle() -> Iterator[None]:
    yield
    wait_for_all()


def _dialog(qtbot: QtBot, store: Store, paths: AppPaths) -> SyncSettingsDialog:
    dialog = SyncSettingsDialog(store, AppSettings(paths))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.who.text() != "Checking…", timeout=10_000)
    return dialog


def _sign_in(qtbot: QtBot, dialog: SyncSettingsDialog, url: str, user: str, pw: str) -> None:
    dialog.server.setText(url)
    dialog.username.setText(user)
    qtbot.keyClicks(dialog.password, pw)
    dialog.sign_in_button.click()


def test_sign_in_shows_who_and_keeps_the_token_in_the_keyring_only(
    qtbot: QtBot,
    store: Store,
    app_paths: AppPaths,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
    output_dir: Path,
) -> None:
    dialog = _dialog(qtbot, store, app_paths)
    assert "not connected to a district server" in dialog.who.text()
    assert not dialog.sign_out_button.isEnabled()
    dialog.grab().save(str(output_dir / "settings_not_set_up.png"))

    with qtbot.waitSignal(dialog.account_changed, timeout=30_000):
        _sign_in(qtbot, dialog, sqlite_server.url, "officer.aroha", district_users.password)
    qtbot.waitUntil(lambda: "Signed in to" in dialog.who.text(), timeout=10_000)
    assert dialog.who.text() == (
        f"Signed in to <b>{sqlite_server.url}</b> as <b>officer.aroha</b>."
    )
    assert dialog.message.text() == "Signed in as officer.aroha (officer, Waitematā)."
    assert dialog.password.text() == ""
    token = keyring.get_password(TOKEN_SERVICE, token_key(sqlite_server.url, "officer.aroha"))
    assert token
    settings = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert token not in json.dumps(settings)
    qtbot.waitUntil(dialog.sign_out_button.isEnabled)
    dialog.grab().save(str(output_dir / "settings_signed_in.png"))

    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Connected"), timeout=10_000)
    assert "officer.aroha (officer, Waitematā)" in dialog.message.text()

    with qtbot.waitSignal(dialog.account_changed, timeout=10_000):
        dialog.sign_out_button.click()
    qtbot.waitUntil(lambda: dialog.who.text().startswith("Not signed in"), timeout=10_000)
    assert (
        keyring.get_password(TOKEN_SERVICE, token_key(sqlite_server.url, "officer.aroha")) is None
    )
    dialog.grab().save(str(output_dir / "settings_signed_out.png"))


def test_a_wrong_password_is_said_in_the_dialog(
    qtbot: QtBot,
    store: Store,
    app_paths: AppPaths,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
    output_dir: Path,
) -> None:
    dialog = _dialog(qtbot, store, app_paths)
    _sign_in(qtbot, dialog, sqlite_server.url, "officer.aroha", "wrong password")
    qtbot.waitUntil(lambda: "did not accept" in dialog.message.text(), timeout=30_000)
    assert dialog.message.text() == "The server did not accept that username and password."
    assert dialog.sign_in_button.isEnabled()
    assert not dialog.sign_out_button.isEnabled() and not dialog.test_button.isEnabled()
    dialog.grab().save(str(output_dir / "settings_wrong_password.png"))


def test_no_server_at_that_address_is_said_plainly(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    dialog = _dialog(qtbot, store, app_paths)
    _sign_in(qtbot, dialog, "http://127.0.0.1:9", "officer.aroha", "whatever")
    qtbot.waitUntil(lambda: "cannot be reached" in dialog.message.text(), timeout=30_000)
