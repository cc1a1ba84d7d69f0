"""``python -m app restore FILE``: put a backup back in place of the store.

The backup is proved sound (this store's key opens it, integrity holds, it belongs to this
app at a known schema) before anything is replaced; the replaced store is kept beside the
new one as ``lpc.db.before-restore`` so a restore can itself be undone.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.commands.common import open_for_command
from app.services.backup import BackupError, check_backup, restore_backup
from app.services.keys import StoreKeyError
from app.services.store import StoreError

HELP = "replace the store with a backup after checking the backup is sound"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", metavar="FILE", help="a backup written by 'backup' or an upgrade")
    parser.add_argument(
        "--yes", action="store_true", help="do not ask before replacing the current store"
    )


def run(args: argparse.Namespace) -> int:
    backup = Path(args.backup).expanduser().resolve()
    try:
        opened = open_for_command(args, empty=True)
    except (StoreError, StoreKeyError, SQLAlchemyError, sqlite3.Error, OSError) as exc:
        print(f"error: the store cannot be used: {exc}", file=sys.stderr)
        return 2
    store = opened.store
    key, db_path = store.key, store.path
    try:
        checked = check_backup(backup, key)
    except BackupError as exc:
        store.close()
        print(f"error: {exc} Nothing was changed.", file=sys.stderr)
        return 1
    store.close()
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
        restore_backup(backup, db_path, key)
    except (BackupError, OSError, sqlite3.Error) as exc:
        print(f"error: {exc} The store was not replaced.", file=sys.stderr)
        return 1
    print(f"Restored. The previous store is kept as {db_path.name}.before-restore.")
    return 0
