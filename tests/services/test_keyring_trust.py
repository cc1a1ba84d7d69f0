"""Only the OS keyrings are trusted with the store key and the sync token: a plain-text
file under any class name, or any other backend, is refused unless the test setting
names it."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends.chainer import ChainerBackend
from keyrings.alt.file import PlaintextKeyring

from app.services import keys
from tests.keyring_backend import TmpFileKeyring


class RenamedPlaintext(PlaintextKeyring):
    """keyrings.alt's plain-text file under another class name."""


class ThirdParty(keyring.backend.KeyringBackend):
    priority = 5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        pass


@pytest.mark.parametrize("backend", [PlaintextKeyring(), RenamedPlaintext(), ThirdParty()])
def test_anything_but_an_os_keyring_is_refused(backend: keyring.backend.KeyringBackend) -> None:
    keyring.set_keyring(backend)
    assert not keys.keyring_usable()


def test_the_test_keyring_is_trusted_only_through_the_test_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keyring.set_keyring(TmpFileKeyring())
    assert keys.keyring_usable()
    monkeypatch.delenv(keys.TEST_KEYRING_ENV)
    assert not keys.keyring_usable()


def test_os_keyrings_are_trusted_by_their_exact_class() -> None:
    from keyring.backends import SecretService, kwallet, libsecret, null

    assert keys.keyring_trusted(SecretService.Keyring())
    assert keys.keyring_trusted(kwallet.DBusKeyring())
    assert keys.keyring_trusted(libsecret.Keyring())
    assert not keys.keyring_trusted(null.Keyring())


def test_a_chain_is_trusted_only_when_every_member_is(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import SecretService

    trusted = SecretService.Keyring()
    monkeypatch.setattr(ChainerBackend, "backends", [trusted])
    assert keys.keyring_trusted(ChainerBackend())
    monkeypatch.setattr(ChainerBackend, "backends", [trusted, RenamedPlaintext()])
    assert not keys.keyring_trusted(ChainerBackend())
