"""Signing this device in to the district server, and the device token.

The server address and username live in settings.json; the token lives only in the OS
keyring. There is deliberately no plain-text fallback: a lost laptop must not carry a
token that opens the district's records (see STYLE.md, item 13).
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

import httpx
import keyring
import keyring.errors

from app.config import AppSettings, Settings
from app.services import keys
from app.services.sync.client import ApiClient, normalise_url
from app.services.sync.errors import NotSetUpError, SignInRequiredError, SyncError

TOKEN_SERVICE = "lpc-partnerships-sync"


def token_key(server_url: str, username: str) -> str:
    return f"{normalise_url(server_url)}|{username}"


def _require_keyring() -> None:
    if not keys.keyring_usable():
        raise SyncError(
            "This computer has no OS keyring (Credential Manager, Keychain or Secret "
            "Service), so the sign-in cannot be kept safely. Sync needs one."
        )


def load_token(server_url: str, username: str) -> str | None:
    if not server_url or not username:
        return None
    try:
        return keyring.get_password(TOKEN_SERVICE, token_key(server_url, username))
    except keyring.errors.KeyringError:
        return None


def save_token(server_url: str, username: str, token: str) -> None:
    _require_keyring()
    try:
        keyring.set_password(TOKEN_SERVICE, token_key(server_url, username), token)
    except keyring.errors.KeyringError as exc:
        raise SyncError(f"The sign-in could not be saved in the OS keyring: {exc}") from exc


def delete_token(server_url: str, username: str) -> None:
    try:
        keyring.delete_password(TOKEN_SERVICE, token_key(server_url, username))
    except keyring.errors.PasswordDeleteError:
        pass  # already gone
    except keyring.errors.KeyringError as exc:
        raise SyncError(f"The sign-in could not be removed from the OS keyring: {exc}") from exc


@dataclass(frozen=True)
class Account:
    server_url: str
    username: str
    role: str
    district: str


def sign_in(
    settings: AppSettings,
    device_id: str,
    server_url: str,
    username: str,
    password: str,
    transport: httpx.BaseTransport | None = None,
) -> Account:
    """Log in, keep the token in the keyring and the address and username in settings."""
    _require_keyring()
    server_url = normalise_url(server_url)
    username = username.strip()
    if not server_url or not username:
        raise SyncError("Enter the server address and your username.")
    if not password:
        raise SyncError("Enter your password.")
    with ApiClient(server_url, transport=transport) as api:
        answer = api.login(username, password, platform.node() or "desktop", device_id)
    token = answer.get("token")
    if not isinstance(token, str) or not token:
        raise SyncError("The district server did not send a sign-in token.")
    before = settings.get()
    if before.server_url and (before.server_url, before.username) != (server_url, username):
        delete_token(before.server_url, before.username)
    save_token(server_url, username, token)
    # Only these two keys: Preferences may be saving others on the UI thread meanwhile.
    settings.update(server_url=server_url, username=username)
    user = answer.get("user") or {}
    return Account(server_url, username, str(user.get("role", "")), str(user.get("district", "")))


def sign_out(settings: AppSettings) -> None:
    """Forget the token; the address and username stay so signing in again is quick."""
    current = settings.get()
    if current.server_url and current.username:
        delete_token(current.server_url, current.username)


def signed_in_token(settings: Settings) -> str:
    """The token for the configured server and user, or ``SignInRequiredError``."""
    if not settings.server_url or not settings.username:
        raise NotSetUpError("No district server is set up. Sign in first.")
    token = load_token(settings.server_url, settings.username)
    if not token:
        raise SignInRequiredError(
            f"This device is not signed in to {settings.server_url}. Sign in again."
        )
    return token
