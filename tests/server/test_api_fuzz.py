"""Schemathesis against a live server process: every route but login, signed in with a
real token and the schema header, finds no failure.

Its checks include: no 500 for any content; a request the published schema allows is not
refused as invalid; a request it forbids is refused; answers match their declared
schemas and status codes. Bounded in time: a fixed number of examples per route and a
fixed seed (so CI is repeatable); set LPC_FUZZ_EXAMPLES / LPC_FUZZ_SEED to look further.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lpc_core.schema_version import SCHEMA_HEAD
from tests.server_harness import ROOT, RunningServer, login, seed_users

EXAMPLES = os.environ.get("LPC_FUZZ_EXAMPLES", "40")
SEED = os.environ.get("LPC_FUZZ_SEED", "20261203")


def test_schemathesis_finds_no_failure(sqlite_server: RunningServer, tmp_path: Path) -> None:
    users = seed_users(sqlite_server.database_url)
    token = login(sqlite_server, users.officer)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "SCHEMATHESIS_HOOKS": "tests.server.fuzz_hooks",
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{sqlite_server.url}/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--header",
            f"X-LPC-Schema: {SCHEMA_HEAD}",
            "--exclude-path",
            "/api/v1/login",
            "--checks",
            "all",
            "--max-examples",
            EXAMPLES,
            "--seed",
            SEED,
            "--workers",
            "1",
            "--request-timeout",
            "30",
        ],
        cwd=tmp_path,  # its report and example database stay out of the repository
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr[-5_000:]
    # every route but login (/ready and the four knowledge-bank routes included) was exercised
    assert "14 selected" in run.stdout
    assert "server_error" not in sqlite_server.log()
