"""``python -m app login``: sign this device in to the district server.

The password is asked for on the terminal (or read from ``LPC_PASSWORD`` for scripts); the
token the server returns goes into the OS keyring, never into a file.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sqlite3
import sys

from sqlalchemy.exc import SQLAlchemyError

from app.commands.common import open_for_command
from app.config import AppSettings
from app.services.keys import StoreKeyError
from app.services.store import StoreError
from app.services.sync.account import sign_in
from app.services.sync.errors import OfflineError, SyncError

HELP = "sign this device in to the district server (the token is kept in the OS keyring)"
PASSWORD_ENV = "LPC_PASSWORD"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--server", metavar="URL", help="district server address (default: the one in settings)"
    )
    parser.add_argument(
        "--user", metavar="NAME", help="your username (default: the one in settings)"
    )


def run(args: argparse.Namespace) -> int:
    try:
        opened = open_for_command(args, empty=True)
    except (StoreError, StoreKeyError, SQLAlchemyError, sqlite3.Error, OSError) as exc:
        print(f"error: the store cannot be used: {exc}", file=sys.stderr)
        return 2
    try:
        settings = AppSettings(opened.paths)
        server = args.server or settings.get().server_url
        user = args.user or settings.get().username
        if not server or not user:
            print("error: give --server URL and --user NAME", file=sys.stderr)
            return 2
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            if not sys.stdin.isatty():
                print(
                    f"error: no terminal to ask for the password; set {PASSWORD_ENV}",
                    file=sys.stderr,
                )
                return 2
            password = getpass.getpass(f"Password for {user}: ")
        try:
            account = sign_in(settings, opened.store.device_id, server, user, password)
        except OfflineError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 3
        except SyncError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 4
        district = f", {account.district}" if account.district else ""
        print(
            f"Signed in to {account.server_url} as {account.username} ({account.role}{district})."
        )
        return 0
    finally:
        opened.store.close()
