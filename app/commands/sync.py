"""``python -m app sync``: push this device's changes, pull the district's, report.

Exits 0 when the store and the server agree (conflicts are reported, not failures: they
wait in the store for the officer to choose), non-zero with the reason otherwise.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys

from sqlalchemy.exc import SQLAlchemyError

from app.commands.common import open_for_command
from app.config import AppSettings
from app.services.keys import StoreKeyError
from app.services.store import StoreError
from app.services.sync import OfflineError, SignInRequiredError, SyncError, run_sync

HELP = "sync with the district server: push local changes, pull others', report conflicts"

EXIT_OFFLINE = 3
EXIT_SIGN_IN = 4
EXIT_REFUSED = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the per-school digest check (push and pull only)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        opened = open_for_command(args, empty=True)
    except (StoreError, StoreKeyError, SQLAlchemyError, sqlite3.Error, OSError) as exc:
        print(f"error: the store cannot be used: {exc}", file=sys.stderr)
        return 2
    try:
        result = run_sync(opened.store, AppSettings(opened.paths), verify=not args.quick)
    except OfflineError as exc:
        print(f"error: offline: {exc}", file=sys.stderr)
        return EXIT_OFFLINE
    except SignInRequiredError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_SIGN_IN
    except SyncError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        opened.store.close()
    print(f"Pushed:    {result.pushed} changes")
    print(f"Pulled:    {result.pulled} records")
    print(f"Conflicts: {result.conflicts} new, {result.open_conflicts} waiting for a choice")
    if result.refetched:
        print(f"Fetched again after the digest check: {len(result.refetched)} schools")
    if result.files_sent or result.files_received:
        print(f"Files:     {result.files_sent} sent, {result.files_received} received")
    for problem in result.file_problems:
        print(f"File not synced: {problem}", file=sys.stderr)
    return 0
