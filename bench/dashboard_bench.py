"""District view benchmark: dashboard counts and the district summary over many schools.

Prints the median time to read every school's standing (the one store read behind the
dashboard), to re-filter it (what a change of filter costs), and to build the district
summary report. Run: ``python bench/dashboard_bench.py [--schools N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("LPC_PASSPHRASE", "benchmark passphrase")

    from app.services.bootstrap import open_app_store
    from app.services.dashboard import (
        DashboardFilter,
        SchoolStatus,
        make_dashboard,
        school_statuses,
    )
    from app.services.demo import AREAS, seed_demo
    from app.services.district_report import build_summary, summary_docx

    today = date.today()
    with tempfile.TemporaryDirectory(prefix="lpc-bench-") as tmp:
        opened = open_app_store(Path(tmp), empty=True, passphrase=os.environ["LPC_PASSPHRASE"])
        store = opened.store
        started = time.perf_counter()
        seed_demo(store, count=args.schools, today=today)
        print(f"prepared {args.schools:,} schools in {time.perf_counter() - started:.1f} s")

        def load() -> list[SchoolStatus]:
            with store.session() as session:
                return school_statuses(session, today)

        statuses = load()
        read = _median(load, args.runs)
        refilter = _median(
            lambda: make_dashboard(statuses, DashboardFilter(area=AREAS[0]), today), args.runs
        )

        def report() -> bytes:
            with store.session() as session:
                return summary_docx(build_summary(session, date(today.year, 1, 1), today, today))

        summary = _median(report, max(1, args.runs // 2))
        store.close()
    n = f"{args.schools:,}"
    print(f"dashboard read, {n} schools:      {read * 1000:8.0f} ms")
    print(f"dashboard re-filter, {n} schools: {refilter * 1000:8.1f} ms")
    print(f"district summary .docx, {n}:      {summary * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
