"""A plain store's conversion to an encrypted one can stop at any step (power cut, killed
process) and the next start still finds every school; a file that is no store at all is
named as such."""

from __future__ import annotations

import secrets
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from sqlalchemy import select

from app.models import School
from app.services import crypto_store, keys
from app.services.demo import seed_demo
from app.services.store import Store, StoreError, StoreLockedError, open_store

STEPS = [
    "checkpointed",
    "copied",
    "verified",
    "moved-aside",
    "journals-wiped",
    "swapped",
    "wiped",
]
LEFTOVERS = (".plain-old", ".encrypting", ".plain-old-wal", ".plain-old-shm")


class Crash(BaseException):
    """Stands for the process stopping: nothing after the step runs."""


def _names(store: Store) -> list[str]:
    with store.session() as s:
        return sorted(s.scalars(select(School.name)))


def _plain_demo_store(path: Path) -> list[str]:
    plain = open_store(path, encrypted=False)
    seed_demo(plain)
    names = _names(plain)
    plain.close()
    assert len(names) == 30
    return names


def _convert_until(path: Path, step: str, passphrase: str | None = None) -> None:
    """What opening a plain store does (make a key, convert), stopped after ``step``."""

    def stop(name: str) -> None:
        if name == step:
            raise Crash(name)

    _info, key = keys.new_key_info(path, passphrase)
    with pytest.raises(Crash):
        crypto_store.encrypt_plain_store(path, key, on_step=stop)


def _leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.endswith(LEFTOVERS))


@pytest.mark.parametrize("step", STEPS)
def test_a_conversion_stopped_at_any_step_keeps_every_school(tmp_path: Path, step: str) -> None:
    path = tmp_path / "lpc.db"
    expected = _plain_demo_store(path)
    _convert_until(path, step)

    reopened = open_store(path)
    assert _names(reopened) == expected
    reopened.close()
    assert not crypto_store.is_plain_sqlite(path)
    assert _leftovers(path) == []


def test_a_stopped_conversion_of_a_passphrase_store_waits_for_the_passphrase(
    tmp_path: Path,
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    path = tmp_path / "lpc.db"
    expected = _plain_demo_store(path)
    _convert_until(path, "journals-wiped", passphrase="kupu huna pai rawa")
    assert not path.exists()
    with pytest.raises(keys.PassphraseRequiredError):
        open_store(path)
    assert not path.exists()  # nothing made, nothing wiped while waiting for the passphrase
    assert _leftovers(path) == ["lpc.db.encrypting", "lpc.db.plain-old"]
    reopened = open_store(path, passphrase="kupu huna pai rawa")
    assert _names(reopened) == expected
    reopened.close()
    assert _leftovers(path) == []


def test_a_damaged_encrypted_copy_falls_back_to_the_plain_one(tmp_path: Path) -> None:
    path = tmp_path / "lpc.db"
    expected = _plain_demo_store(path)
    _convert_until(path, "journals-wiped")
    copy = path.with_name("lpc.db.encrypting")
    copy.write_bytes(secrets.token_bytes(copy.stat().st_size))

    reopened = open_store(path)
    assert _names(reopened) == expected
    reopened.close()
    assert not crypto_store.is_plain_sqlite(path) and _leftovers(path) == []


def test_no_new_empty_store_when_no_copy_can_be_trusted(tmp_path: Path) -> None:
    path = tmp_path / "lpc.db"
    _plain_demo_store(path)
    _convert_until(path, "journals-wiped")
    for name in ("lpc.db.encrypting", "lpc.db.plain-old"):
        copy = tmp_path / name
        copy.write_bytes(secrets.token_bytes(copy.stat().st_size))
    with pytest.raises(StoreError, match="Nothing has been removed"):
        open_store(path)
    assert not path.exists()
    assert _leftovers(path) == ["lpc.db.encrypting", "lpc.db.plain-old"]


def test_a_text_file_is_named_as_no_store_at_all(tmp_path: Path) -> None:
    path = tmp_path / "lpc.db"
    path.write_bytes(b"this is not a database\n" * 100)
    with pytest.raises(StoreError, match="is not an LPC store: it is neither an SQLite"):
        open_store(path)
    # With a key file beside it the answer is the same, not "the passphrase is wrong".
    keys.new_key_info(path, None)
    with pytest.raises(StoreError, match="is not an LPC store") as raised:
        open_store(path)
    assert not isinstance(raised.value, StoreLockedError)
    assert path.read_bytes().startswith(b"this is not a database")


def test_an_encrypted_looking_file_without_its_key_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "lpc.db"
    path.write_bytes(secrets.token_bytes(8 * 4096))
    with pytest.raises(StoreLockedError, match=r"its key file \(lpc\.key\.json\) is missing"):
        open_store(path)


def test_a_restore_stopped_between_its_renames_is_finished(store: Store, tmp_path: Path) -> None:
    from app.services.backup import make_backup

    seed_demo(store)
    expected = _names(store)
    backup = make_backup(store, tmp_path / "bk")
    store.close()
    assert store.key is not None
    # What restore_backup leaves if it stops after moving the old store aside.
    staging = store.path.with_name("lpc.db.restoring")
    crypto_store.export_encrypted(backup, store.key, staging, store.key)
    store.path.replace(store.path.with_name("lpc.db.before-restore"))

    reopened = open_store(store.path)
    assert _names(reopened) == expected
    reopened.close()
    assert not staging.exists()
