"""What every headless command does first: open the officer's store, asking for the
passphrase only where there is no OS keyring."""

from __future__ import annotations

import argparse
import getpass
import os
import sqlite3
import sys

from sqlalchemy.exc import SQLAlchemyError

from app.config import PASSPHRASE_ENV, AppPaths, resolve_data_dir
from app.services.bootstrap import Opened, open_app_store
from app.services.keys import PassphraseRequiredError, StoreKeyError
from app.services.store import Store, StoreError


def open_for_command(args: argparse.Namespace, empty: bool = False) -> Opened:
    """Open the store named by ``--data-dir``; on a computer with no keyring, take the
    passphrase from ``LPC_PASSPHRASE`` or ask for it on the terminal."""
    passphrase = os.environ.get(PASSPHRASE_ENV)
    try:
        return open_app_store(args.data_dir, empty=empty, passphrase=passphrase)
    except PassphraseRequiredError as exc:
        if passphrase is not None or not sys.stdin.isatty():
            raise PassphraseRequiredError(
                f"{exc} For scripts, set {PASSPHRASE_ENV}; or run the command in a terminal."
            ) from exc
        print(exc, file=sys.stderr)
        return open_app_store(
            args.data_dir, empty=empty, passphrase=getpass.getpass("Store passphrase: ")
        )


class CommandError(Exception):
    """A command cannot go on; ``fail`` prints the message and gives the exit status."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def fail(message: str, status: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return status


def existing_store(args: argparse.Namespace) -> Store:
    """The officer's store for a command that only reads it (export, report, calendar):
    such a command must never create a store, so a missing one is an error, not a new
    empty store."""
    database = AppPaths(resolve_data_dir(args.data_dir)).database
    if not database.is_file():
        raise CommandError(
            f"there is no store at {database}; open the app once, or check --data-dir"
        )
    try:
        return open_for_command(args).store
    except (StoreError, StoreKeyError, SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise CommandError(f"the store cannot be used: {exc}") from exc


def year_arg(value: str) -> int:
    """``--year``: a partnership year, named as people write it (2025)."""
    from app.models.vocabulary import YEAR_MAX, YEAR_MIN

    if not value.isdigit() or not YEAR_MIN <= int(value) <= YEAR_MAX:
        raise argparse.ArgumentTypeError(
            f"must be a year from {YEAR_MIN} to {YEAR_MAX}, not {value!r}"
        )
    return int(value)
