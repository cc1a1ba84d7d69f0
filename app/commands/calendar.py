"""``python -m app calendar --out FILE.ics``: the partnership's due dates for Outlook.

Agreement reviews, profile updates, plan reviews and activity due dates, one all-day event
each (see ``app.services.calendar_file`` for which dates go in and why). Importing a newer
file updates the events an earlier one made.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.commands.common import open_for_command
from app.config import AppPaths, resolve_data_dir
from app.services.keys import StoreKeyError
from app.services.store import StoreError

HELP = "write the due dates (reviews, profiles, plan activities) as a calendar file (.ics)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", metavar="FILE.ics", required=True, help="the calendar file to write"
    )


def _fail(message: str, status: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    from app.services.calendar_file import write_calendar

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".ics":
        return _fail(f"--out must name a calendar file ending in .ics, not “{out.name}”")
    if out.is_dir():
        return _fail(f"--out names a folder ({out}); give a file name ending in .ics")
    database = AppPaths(resolve_data_dir(args.data_dir)).database
    if not database.is_file():  # a calendar must never create an officer's store
        return _fail(f"there is no store at {database}; open the app once, or check --data-dir")
    try:
        store = open_for_command(args).store
    except (StoreError, StoreKeyError, SQLAlchemyError, sqlite3.Error, OSError) as exc:
        return _fail(f"the store cannot be used: {exc}")
    try:
        try:
            written = write_calendar(store, out.resolve())
        except OSError as exc:
            return _fail(f"the calendar could not be written to {out}: {exc}", 1)
        print(f"Calendar written: {written.path}")
        print(written.summary)
        return 0
    finally:
        store.close()
