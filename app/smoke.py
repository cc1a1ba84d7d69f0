"""``--smoke``: prove an installed build works without touching the officer's data.

Opens a store in a temporary folder (SQLCipher, every migration), fills it with the demo
district, renders the first school's partnership agreement, and exits 0 when all of that
worked. ``LPC_SMOKE_OUT`` names a folder to keep the document in (the bundle test reads it).
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile
from pathlib import Path

from app import APP_NAME, __version__
from app.files import atomic_write_bytes
from app.services.bootstrap import open_app_store
from app.services.export import DocumentKind, all_school_ids, render_document

SMOKE_OUT_ENV = "LPC_SMOKE_OUT"


def run_smoke(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="lpc-smoke-") as tmp:
        # A throwaway passphrase: the smoke test must not leave keys in the OS keyring.
        opened = open_app_store(Path(tmp) / "data", passphrase=secrets.token_urlsafe(24))
        try:
            integrity = opened.store.integrity_check()
            print(f"{APP_NAME} {__version__}: store ok ({integrity}), {opened.seeded} demo schools")
            with opened.store.session() as session:
                first = all_school_ids(session)[0]
            data = render_document(opened.store, first, DocumentKind.AGREEMENT)
        finally:
            opened.store.close()
        out = Path(os.environ.get(SMOKE_OUT_ENV) or Path(tmp) / "out")
        target = out / "smoke-partnership-agreement.docx"
        atomic_write_bytes(target, data)
        print(f"rendered {target.name} ({len(data):,} bytes)")
    return 0 if integrity == "ok" else 1
