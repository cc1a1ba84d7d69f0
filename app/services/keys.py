"""The database key: made at random and kept in the OS keyring, or derived from a passphrase.

A lost laptop must not give up the store, so the key never touches the disk in clear.
Beside the database sits a small, non-secret key file (``lpc.key.json``) that says how to
find the key: a keyring entry id, or the scrypt salt for a passphrase. With no usable
keyring the app asks for a passphrase; it never falls back to a plain-text store.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import APP_ID
from app.files import atomic_write_text

# The keyring package is imported where it is used: about 70 ms that a passphrase store,
# whose key is derived beside the window at start-up, never needs.

KEYRING_SERVICE = f"{APP_ID}/database-key"
ANCHOR_SERVICE = f"{APP_ID}/audit-head"  # not secret; kept outside the store it vouches for
KEY_FILE_SUFFIX = ".key.json"
# scrypt cost: about 0.1 s and 64 MiB here; slows guessing without slowing an officer.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1
MIN_PASSPHRASE = 10


class StoreKeyError(Exception):
    """The database key cannot be had; the message says what to do."""


class PassphraseRequiredError(StoreKeyError):
    """No usable OS keyring: the officer must give the store's passphrase."""


class KeyringUnavailableError(StoreKeyError):
    pass


@dataclass(frozen=True)
class KeyInfo:
    mode: str  # "keyring" | "passphrase"
    key_id: str
    salt: str = ""

    def to_json(self) -> str:
        return json.dumps({"mode": self.mode, "key_id": self.key_id, "salt": self.salt})


def key_file_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + KEY_FILE_SUFFIX)


def read_key_info(db_path: Path) -> KeyInfo | None:
    try:
        raw = json.loads(key_file_for(db_path).read_text(encoding="utf-8"))
        return KeyInfo(raw["mode"], raw["key_id"], raw.get("salt", ""))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreKeyError(f"The key file {key_file_for(db_path)} is damaged ({exc}).") from exc


def write_key_info(db_path: Path, info: KeyInfo) -> None:
    atomic_write_text(key_file_for(db_path), info.to_json())


# The OS keyrings, by exact class: each keeps secrets encrypted under the user's login.
# Anything else (keyrings.alt's files under any class name, or any other third-party
# backend) may keep them in a file anyone with the laptop can read, so it is refused.
TRUSTED_KEYRINGS = frozenset(
    {
        "keyring.backends.Windows.WinVaultKeyring",  # Windows Credential Manager
        "keyring.backends.macOS.Keyring",  # macOS Keychain
        "keyring.backends.SecretService.Keyring",  # Secret Service (GNOME Keyring …)
        "keyring.backends.libsecret.Keyring",  # Secret Service through libsecret
        "keyring.backends.kwallet.DBusKeyring",  # KWallet
        "keyring.backends.kwallet.DBusKeyringKWallet4",
    }
)
# For the test suite only: the one backend class ("module.Class") a test run may trust
# besides the OS keyrings (tests/conftest.py names its temporary-file keyring here).
TEST_KEYRING_ENV = "LPC_TEST_TRUSTED_KEYRING"


def _class_name(backend: object) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def keyring_trusted(backend: object) -> bool:
    """An OS keyring (a chain of them counts when every member is one), or the backend
    the test setting names."""
    import keyring.backends.chainer

    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        members = list(backend.backends)
        return bool(members) and all(keyring_trusted(m) for m in members)
    name = _class_name(backend)
    return name in TRUSTED_KEYRINGS or name == os.environ.get(TEST_KEYRING_ENV, "\0")


def keyring_usable() -> bool:
    """A trusted keyring is present (see ``TRUSTED_KEYRINGS``); without one the store asks
    for a passphrase and sync refuses to sign in."""
    import keyring

    backend = keyring.get_keyring()
    try:
        return keyring_trusted(backend) and backend.priority > 0
    except RuntimeError:  # a backend that is not viable here raises on asking
        return False


# The last key derived, so the window can start deriving it while it starts up
# (``derive_early``) and the store's opening finds it done. Keyed by a digest of the
# passphrase, never the passphrase; the key itself is held by the open store anyway.
_derived: dict[tuple[str, str], str] = {}
_derive_lock = threading.Lock()


def derive_key(passphrase: str, salt_hex: str) -> str:
    """scrypt; a caller that arrives while the same key is being derived waits for it
    rather than deriving it a second time."""
    digest = hashlib.sha256(passphrase.encode("utf-8")).hexdigest()
    with _derive_lock:
        key = _derived.get((salt_hex, digest))
        if key is None:
            raw = hashlib.scrypt(
                passphrase.encode("utf-8"),
                salt=bytes.fromhex(salt_hex),
                n=SCRYPT_N,
                r=SCRYPT_R,
                p=SCRYPT_P,
                maxmem=128 * 1024 * 1024,
                dklen=32,
            )
            _derived.clear()
            key = _derived[(salt_hex, digest)] = raw.hex()
    return key


def derive_early(db_path: Path, passphrase: str) -> None:
    """Derive a passphrase store's key ahead of opening it (scrypt lets other threads run
    meanwhile). Any problem is left for the opening to report."""
    with contextlib.suppress(StoreKeyError, ValueError):
        info = read_key_info(db_path)
        if info is not None and info.mode == "passphrase":
            derive_key(passphrase, info.salt)


def new_key_info(db_path: Path, passphrase: str | None) -> tuple[KeyInfo, str]:
    """Make the key for a new (or newly encrypted) store and record how to find it."""
    # Here, not at import: a normal start makes no key, and uuid (with platform) and
    # secrets (with random) are about 3 ms before the window shows.
    import secrets
    import uuid

    import keyring
    from keyring.errors import KeyringError

    key_id = str(uuid.uuid4())
    if keyring_usable() and passphrase is None:
        key = secrets.token_hex(32)
        try:
            keyring.set_password(KEYRING_SERVICE, key_id, key)
        except KeyringError as exc:
            raise PassphraseRequiredError(
                f"The OS keyring refused to store the database key ({exc}). "
                "Choose a passphrase for this store instead."
            ) from exc
        info = KeyInfo("keyring", key_id)
    else:
        if passphrase is None:
            raise PassphraseRequiredError(
                "No OS keyring is available on this computer. Choose a passphrase "
                f"(at least {MIN_PASSPHRASE} characters) to protect this store."
            )
        if len(passphrase) < MIN_PASSPHRASE:
            raise PassphraseRequiredError(f"Passphrase: use at least {MIN_PASSPHRASE} characters.")
        info = KeyInfo("passphrase", key_id, secrets.token_hex(16))
        key = derive_key(passphrase, info.salt)
    write_key_info(db_path, info)
    return info, key


def existing_key(db_path: Path, info: KeyInfo, passphrase: str | None) -> str:
    if info.mode == "passphrase":
        if passphrase is None:
            raise PassphraseRequiredError("Enter the passphrase for this store.")
        return derive_key(passphrase, info.salt)
    import keyring
    from keyring.errors import KeyringError

    try:
        key = keyring.get_password(KEYRING_SERVICE, info.key_id)
    except KeyringError as exc:
        raise KeyringUnavailableError(
            f"The OS keyring cannot be read ({exc}). Unlock your keyring and try again."
        ) from exc
    if not key:
        raise KeyringUnavailableError(
            "The key for this store is not in this computer's keyring (was the data folder "
            "copied from another computer or user?). Restore a backup made on this computer, "
            "or ask IT to restore the key."
        )
    return key


def forget_key(info: KeyInfo) -> None:
    import keyring
    from keyring.errors import KeyringError

    if info.mode == "keyring":
        with contextlib.suppress(KeyringError):
            keyring.delete_password(KEYRING_SERVICE, info.key_id)
        with contextlib.suppress(KeyringError):
            keyring.delete_password(ANCHOR_SERVICE, info.key_id)


def read_anchor(info: KeyInfo | None) -> str | None:
    """The audit-trail head recorded for this store (see ``app.services.audit.verify_head``),
    kept next to its key; None for passphrase stores or when the keyring cannot be read."""
    import keyring
    from keyring.errors import KeyringError

    if info is None or info.mode != "keyring":
        return None
    try:
        return keyring.get_password(ANCHOR_SERVICE, info.key_id)
    except KeyringError:
        return None


def write_anchor(info: KeyInfo | None, value: str) -> bool:
    import keyring
    from keyring.errors import KeyringError

    if info is None or info.mode != "keyring":
        return False
    try:
        keyring.set_password(ANCHOR_SERVICE, info.key_id, value)
    except KeyringError:
        return False
    return True


def unlock_check(db_path: Path, key: str) -> Callable[[str], bool] | None:
    """For the privacy lock: a passphrase check if this store has a passphrase, else None
    (a keyring-protected store relies on the OS session lock)."""
    info = read_key_info(db_path)
    if info is None or info.mode != "passphrase":
        return None
    salt = info.salt

    def check(passphrase: str) -> bool:
        import hmac

        return hmac.compare_digest(derive_key(passphrase, salt), key)

    return check
