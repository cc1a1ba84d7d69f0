"""Backups of the whole store, on demand and before migrations, and restoring one.

A backup is encrypted with the store's own key, so a copied backups folder is as safe as
the store. Restore proves the backup sound (key opens it, integrity check passes, it is a
store of this app) before anything is replaced, and keeps the current file aside until the
restored one is in place.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from app.services import crypto_store, migrate
from app.services.store import Store, backup_file


class BackupError(Exception):
    """The backup cannot be used; nothing was changed."""


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    schools: int
    tables: dict[str, int]
    kept_as: Path | None = None  # where a restore put the store it replaced


def make_backup(store: Store, backups_dir: Path, label: str = "manual") -> Path:
    return backup_file(store.path, store.key, backups_dir, label)


def check_backup(path: Path, key: str | None) -> BackupCheck:
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    try:
        counts = crypto_store.verify(path, key)
    except crypto_store.WrongKeyError as exc:
        raise BackupError(
            f"{path.name} cannot be opened with this store's key: it is damaged, or it was "
            "made from another store."
        ) from exc
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path.name} is damaged ({exc}); choose another backup.") from exc
    if "schools" not in counts or "alembic_version" not in counts:
        raise BackupError(f"{path.name} is not a backup of this app's store.")
    conn = crypto_store.connect(path, key)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    if revision is None or not migrate.is_known_revision(revision[0]):
        raise BackupError(f"{path.name} was made by a newer version of this app.")
    return BackupCheck(path, counts["schools"], counts)


def restore_backup(backup: Path, db_path: Path, key: str | None) -> BackupCheck:
    """Replace the store at ``db_path`` (which must be closed, and need not open) with
    ``backup``.

    The backup is checked first, copied beside the store and checked again; only then is
    the old store (with its journals, which may hold its last changes) moved aside as
    ``lpc.db.before-restore`` rather than deleted, so a restore can be undone. A stop
    between the two renames is finished at the next start (``finish_interrupted_conversion``
    puts the checked copy in place).
    """
    checked = check_backup(backup, key)
    staging = crypto_store.sibling(db_path, crypto_store.RESTORING)
    if key is None:
        staging.write_bytes(backup.read_bytes())
    else:
        crypto_store.export_encrypted(backup, key, staging, key)
    try:
        check_backup(staging, key)
    except BackupError:
        staging.unlink(missing_ok=True)
        raise
    kept = None
    if db_path.exists():
        kept = crypto_store.sibling(db_path, ".before-restore")
        for journal in crypto_store.JOURNALS:
            old = crypto_store.sibling(db_path, journal)
            if old.exists():
                old.replace(crypto_store.sibling(kept, journal))
            else:
                crypto_store.sibling(kept, journal).unlink(missing_ok=True)
        db_path.replace(kept)
    for journal in crypto_store.JOURNALS:  # none may meet the restored file
        crypto_store.sibling(db_path, journal).unlink(missing_ok=True)
    staging.replace(db_path)
    return replace(checked, kept_as=kept)
