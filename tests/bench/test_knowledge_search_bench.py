"""The knowledge search bench on a small bank, so it keeps working between runs; the
figure for 5,000 entries is printed by the bench itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.server_harness import ROOT


def test_bench_runs_and_prints_the_target(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "knowledge_search_bench.py"), "--entries", "300"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "LPC_PASSPHRASE": "benchmark passphrase"},
    )
    out = result.stdout
    assert "prepared 300 entries" in out, out + result.stderr
    assert "200 searches" in out
    assert "target: 95th percentile under 50 ms" in out
