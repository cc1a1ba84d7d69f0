"""``python -m app backup``: an encrypted copy of the whole store, on demand.

IT staff run it before handing a laptop on or reinstalling; the copy is encrypted with the
store's own key, so it is as safe to keep as the store itself.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.commands.common import open_for_command
from app.services.backup import check_backup, make_backup
from app.services.keys import StoreKeyError
from app.services.store import StoreError

HELP = "write an encrypted backup of the store (to the backups folder, or --out DIR)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", help="folder for the backup file")


def run(args: argparse.Namespace) -> int:
    try:
        opened = open_for_command(args)
    except (StoreError, StoreKeyError, SQLAlchemyError, sqlite3.Error, OSError) as exc:
        print(f"error: the store cannot be used: {exc}", file=sys.stderr)
        return 2
    store = opened.store
    try:
        folder = Path(args.out).expanduser().resolve() if args.out else opened.paths.backups
        path = make_backup(store, folder)
        checked = check_backup(path, store.key)
    except (OSError, sqlite3.Error) as exc:
        print(f"error: the backup could not be written: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"Backup written: {path}")
    print(f"Schools in it:  {checked.schools}")
    return 0
