"""Signing in keeps the token in the OS keyring only, and never without one."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring

from app.config import AppPaths, AppSettings, Settings, load_settings, save_settings
from app.services.store import Store
from app.services.sync.account import (
    TOKEN_SERVICE,
    load_token,
    sign_in,
    sign_out,
    signed_in_token,
    token_key,
)
from app.services.sync.client import normalise_url
from app.services.sync.errors import SignInRequiredError, SyncError
from tests.services.sync.conftest import PASSWORD, InProcServer


def test_sign_in_keeps_the_token_in_the_keyring_and_the_rest_in_settings(
    store: Store, app_paths: AppPaths, inproc_server: InProcServer
) -> None:
    account = sign_in(
        AppSettings(app_paths),
        store.device_id,
        inproc_server.url + "/",
        "aroha",
        PASSWORD,
        transport=inproc_server.transport,
    )
    assert (account.username, account.role, account.district) == (
        "aroha",
        "officer",
        "Tāmaki Makaurau",
    )
    settings = load_settings(app_paths)
    assert (settings.server_url, settings.username) == (inproc_server.url, "aroha")
    token = keyring.get_password(TOKEN_SERVICE, f"{inproc_server.url}|aroha")
    assert token and signed_in_token(settings) == token
    assert token not in json.dumps(json.loads(app_paths.settings_file.read_text()))
    sign_out(AppSettings(app_paths))
    assert load_token(settings.server_url, settings.username) is None
    with pytest.raises(SignInRequiredError, match="Sign in again"):
        signed_in_token(settings)


def test_no_keyring_means_no_sign_in(
    store: Store, app_paths: AppPaths, inproc_server: InProcServer
) -> None:
    keyring.set_keyring(NoKeyring())
    with pytest.raises(SyncError, match="no OS keyring"):
        sign_in(
            AppSettings(app_paths),
            store.device_id,
            inproc_server.url,
            "aroha",
            PASSWORD,
            transport=inproc_server.transport,
        )
    assert (
        not app_paths.settings_file.exists() or "aroha" not in app_paths.settings_file.read_text()
    )


def test_a_wrong_password_is_refused(
    store: Store, app_paths: AppPaths, inproc_server: InProcServer
) -> None:
    with pytest.raises(SignInRequiredError, match="did not accept that username and password"):
        sign_in(
            AppSettings(app_paths),
            store.device_id,
            inproc_server.url,
            "aroha",
            "not it",
            transport=inproc_server.transport,
        )


def test_no_server_set_up_asks_to_sign_in(app_paths: AppPaths) -> None:
    save_settings(app_paths, Settings())
    with pytest.raises(SignInRequiredError, match="Sign in first"):
        signed_in_token(load_settings(app_paths))


def test_addresses_are_normalised() -> None:
    assert normalise_url(" district.police.test/ ") == "https://district.police.test"
    assert normalise_url("http://127.0.0.1:8000/api/v1/") == "http://127.0.0.1:8000"
    assert token_key("http://127.0.0.1:8000/", "aroha") == "http://127.0.0.1:8000|aroha"
