"""The load bench's smoke mode: the same steps as the national run (seed, health
yardstick, storm, burst, the check against the database) on a tiny store, so the bench
keeps working between the runs recorded in README."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.server_harness import ROOT, PostgresCluster


def test_smoke_run_syncs_every_device_and_loses_nothing(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "server_load.py"),
            "--smoke",
            "--database-url",
            postgres_cluster.new_database(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    for phase in ("health", "storm", "burst"):
        assert f"\n{phase}: " in out
    assert "device sync n=8 " in out  # every device of the tiny store, in both phases
    assert out.count("device sync n=8 ") == 2
    assert "errors (storm + burst)               0 " in out
    assert "lost or duplicated changes           0 " in out
    assert "storm p95 device sync" in out and "< 250 ms" in out
    # Every phase says where the CPU went (PostgreSQL's only when the bench started it).
    assert out.count("CPU per request (ms): server ") == 3
    assert out.count("PostgreSQL CPU: not measured") == 3
