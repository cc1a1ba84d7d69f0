"""``python -m app …`` as IT staff run it: a separate process, no standard input."""

from __future__ import annotations

import os
import subprocess
import sys

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
"""Environment for a computer with no OS keyring (the store then needs a passphrase)."""


def run_app(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
