"""What every headless command does first: open the officer's store, asking for the
passphrase only where there is no OS keyring."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.services.bootstrap import Opened, open_app_store
from app.services.keys import PassphraseRequiredError

PASSPHRASE_ENV = "LPC_PASSPHRASE"


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
