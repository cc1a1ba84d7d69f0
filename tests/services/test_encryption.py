"""A lost laptop gives up nothing: the store is encrypted, a wrong key is refused clearly,
a plain store converts without losing a row, and backups restore exactly."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from sqlalchemy import select

from app.models import School
from app.services import keys
from app.services.backup import BackupError, check_backup, make_backup, restore_backup
from app.services.demo import seed_demo
from app.services.store import Store, StoreLockedError, make_engine, open_store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school

SECRET = "Whetūrangi Secret School"


def _names(store: Store) -> list[str]:
    with store.session() as s:
        return sorted(s.scalars(select(School.name)))


def test_the_file_holds_none_of_the_schools_text(store: Store) -> None:
    add_school(store, name=SECRET, address="12 Kōkako Road")
    store.close()
    raw = b"".join(
        p.read_bytes() for p in store.path.parent.iterdir() if p.name.startswith("lpc.db")
    )
    assert not raw.startswith(b"SQLite format 3")
    for text in (SECRET, "Whet", "Kōkako", "schools", "CREATE TABLE"):
        assert text.encode("utf-8") not in raw, text


def test_a_wrong_key_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # a laptop with no keyring
    store = open_store(tmp_path / "p.db", passphrase="correct horse battery")
    add_school(store, name=SECRET)
    store.close()
    before = (tmp_path / "p.db").read_bytes()
    with pytest.raises(StoreLockedError, match="could not be unlocked: the passphrase is wrong"):
        open_store(tmp_path / "p.db", passphrase="wrong horse battery")
    with pytest.raises(keys.PassphraseRequiredError, match="Enter the passphrase"):
        open_store(tmp_path / "p.db")
    assert (tmp_path / "p.db").read_bytes() == before  # nothing replaced, nothing created
    again = open_store(tmp_path / "p.db", passphrase="correct horse battery")
    assert _names(again) == [SECRET]
    again.close()


def test_no_keyring_and_no_passphrase_asks_for_one(tmp_path: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(keys.PassphraseRequiredError, match="No OS keyring"):
        open_store(tmp_path / "lpc.db")
    with pytest.raises(keys.PassphraseRequiredError, match="at least 10 characters"):
        open_store(tmp_path / "lpc.db", passphrase="short")
    assert not (tmp_path / "lpc.db").exists()


def test_the_key_is_in_the_keyring_not_on_disk(store: Store) -> None:
    assert store.key is not None
    for path in store.path.parent.rglob("*"):
        if path.is_file():
            assert store.key.encode() not in path.read_bytes(), path
    info = keys.read_key_info(store.path)
    assert info is not None and info.mode == "keyring"
    assert keyring.get_password(keys.KEYRING_SERVICE, info.key_id) == store.key


def test_a_plain_store_is_converted_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "lpc.db"
    plain = open_store(path, encrypted=False)
    seed_demo(plain)
    expected = _names(plain)
    with plain.engine.connect() as conn:
        outbox = conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar()
    plain.close()
    assert path.read_bytes().startswith(b"SQLite format 3")

    converted = open_store(path)
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert _names(converted) == expected and len(expected) == 30
    with converted.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar() == outbox
    assert sorted(p.name for p in tmp_path.iterdir() if "plain" in p.name) == []
    converted.close()


def test_backup_restores_to_an_identical_store(store: Store, tmp_path: Path) -> None:
    seed_demo(store)
    backup = make_backup(store, tmp_path / "backups")
    before = _names(store)
    added = add_school(store, name="Added after backup")
    with UnitOfWork(store) as uow:
        uow.update(uow.get(School, added), roll=5)
    store.close()
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    checked = restore_backup(backup, store.path, store.key)
    assert checked.schools == 30
    reopened = open_store(store.path)
    assert _names(reopened) == before
    reopened.close()


def test_a_corrupted_backup_is_refused_and_nothing_changes(store: Store, tmp_path: Path) -> None:
    add_school(store, name=SECRET)
    backup = make_backup(store, tmp_path / "backups")
    data = bytearray(backup.read_bytes())
    for i in range(5000, 5100):
        data[i] ^= 0xFF
    backup.write_bytes(bytes(data))
    store.close()
    current = store.path.read_bytes()
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(backup, store.path, store.key)
    assert store.path.read_bytes() == current
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_bytes(b"hello" * 1000)
    with pytest.raises(BackupError):
        check_backup(not_a_db, store.key)


def test_temp_store_is_memory(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2
    assert store.engine_versions()[1].startswith("4.")


def test_plain_engine_cannot_read_the_store(store: Store) -> None:
    store.close()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(store.path).execute("SELECT * FROM schools").fetchall()
    engine = make_engine(store.path)  # no key
    with pytest.raises(Exception, match="file is not a database"), engine.connect() as c:
        c.exec_driver_sql("SELECT * FROM schools").fetchall()
    engine.dispose()


def test_privacy_unlock_checks_the_passphrase_only_for_passphrase_stores(
    store: Store, tmp_path: Path
) -> None:
    assert store.key is not None
    assert keys.unlock_check(store.path, store.key) is None  # keyring store
    keyring.set_keyring(keyring.backends.fail.Keyring())
    other = open_store(tmp_path / "p.db", passphrase="kupu huna pai rawa")
    assert other.key is not None
    check = keys.unlock_check(other.path, other.key)
    assert check is not None
    assert check("kupu huna pai rawa") and not check("kupu huna")
    other.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_store_backups_and_new_folders_are_readable_by_the_officer_alone(
    tmp_path: Path,
) -> None:
    old_umask = os.umask(0o022)
    try:
        data = tmp_path / "fresh" / "data"
        store = open_store(data / "lpc.db")
        add_school(store, name=SECRET)
        backup = make_backup(store, data / "backups")
        store.close()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "backups").stat().st_mode) == 0o700
    for path in (data / "lpc.db", backup):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_key_derived_early_is_used_once_and_a_wrong_passphrase_still_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: keyring.backends.fail.Keyring())
    db = tmp_path / "p.db"
    open_store(db, passphrase="correct horse battery").close()
    monkeypatch.setattr(keys, "_derived", {})  # as in a new process: nothing derived yet
    real = keys.hashlib.scrypt
    calls: list[bytes] = []

    def counted(password: bytes, **kwargs: object) -> bytes:
        calls.append(password)
        return real(password, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(keys.hashlib, "scrypt", counted)
    worker = threading.Thread(target=keys.derive_early, args=(db, "correct horse battery"))
    worker.start()
    store = open_store(db, passphrase="correct horse battery")  # may wait for the thread
    worker.join()
    store.close()
    assert calls == [b"correct horse battery"]  # derived once, not twice
    with pytest.raises(StoreLockedError):
        open_store(db, passphrase="wrong horse battery")
