"""``python -m app restore FILE``: put a backup back in place of the store.

The current store is never opened: restoring is what an officer does when it cannot be.
The key comes from the key file beside the store (``lpc.key.json``: the keyring entry, or
the salt for the passphrase, which is asked for). The backup is proved sound (that key
opens it, integrity holds, it belongs to this app at a known schema) before anything is
replaced; the replaced store is kept beside the new one as ``lpc.db.before-restore`` so a
restore can itself be undone.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sqlite3
import sys
from pathlib import Path

from app.commands.common import PASSPHRASE_ENV
from app.config import AppPaths, resolve_data_dir
from app.services import crypto_store, keys
from app.services.backup import BackupError, check_backup, restore_backup
from app.services.store import reanchor

HELP = "replace the store with a backup after checking the backup is sound"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", metavar="FILE", help="a backup written by 'backup' or an upgrade")
    parser.add_argument(
        "--yes", action="store_true", help="do not ask before replacing the current store"
    )


def backup_key(db_path: Path, backup: Path) -> str | None:
    """The key that opens backups of the store at ``db_path``, without opening the store.

    None for a plain backup from before encryption (the store is converted when next
    opened). Raises ``keys.StoreKeyError`` with what to do when the key cannot be had.
    """
    if crypto_store.is_plain_sqlite(backup):
        return None
    info = keys.read_key_info(db_path)
    if info is None:
        raise keys.StoreKeyError(
            f"The key file {keys.key_file_for(db_path).name} is missing from {db_path.parent}, "
            "and backups are encrypted with the key it points to. Put it back from a copy of "
            "the data folder, then run restore again."
        )
    passphrase = None
    if info.mode == "passphrase":
        passphrase = os.environ.get(PASSPHRASE_ENV)
        if passphrase is None:
            if not sys.stdin.isatty():
                raise keys.PassphraseRequiredError(
                    f"This store has a passphrase: set {PASSPHRASE_ENV}, or run the command "
                    "in a terminal to be asked for it."
                )
            passphrase = getpass.getpass("Store passphrase: ")
    return keys.existing_key(db_path, info, passphrase)


def run(args: argparse.Namespace) -> int:
    backup = Path(args.backup).expanduser().resolve()
    paths = AppPaths(resolve_data_dir(args.data_dir)).ensure()
    db_path = paths.database
    try:
        key = backup_key(db_path, backup)
    except keys.StoreKeyError as exc:
        print(f"error: {exc} Nothing was changed.", file=sys.stderr)
        return 2
    try:
        checked = check_backup(backup, key)
    except BackupError as exc:
        hint = ""
        info = keys.read_key_info(db_path)
        if info is not None and info.mode == "passphrase":
            hint = " If the passphrase was mistyped, run the command again."
        print(f"error: {exc}{hint} Nothing was changed.", file=sys.stderr)
        return 1
    print(f"{backup.name}: sound, {checked.schools} schools.")
    if not args.yes:
        if not sys.stdin.isatty():
            print("error: add --yes to replace the store from a script.", file=sys.stderr)
            return 1
        answer = input(f"Replace the store at {db_path} with this backup? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return 1
    try:
        restored = restore_backup(backup, db_path, key)
    except (BackupError, OSError, sqlite3.Error) as exc:
        print(f"error: {exc} The store was not replaced.", file=sys.stderr)
        return 1
    reanchor(db_path, key)  # the older trail is now the right one
    if restored.kept_as is not None:
        print(f"Restored. The previous store is kept as {restored.kept_as.name}.")
    else:
        print("Restored.")
    return 0
