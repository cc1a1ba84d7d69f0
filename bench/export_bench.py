"""Export benchmark: one document against plain docxtpl, and a bulk export.

1. Rendering one document the app's way (read the school from the store, build the
   context, render in the sandbox with a fresh renderer) against a raw docxtpl render of the
   same template with a ready-made context. Target: ratio <= 1.2.
2. Bulk export of the 5 documents for 100 schools to a folder. Target: < 15 s on 2 cores.

Creates its own encrypted store in a temporary folder. Run: ``python bench/export_bench.py
[--schools N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "services" / "export"))  # the test data builder

from export_data import TODAY, fill_school  # noqa: E402

from app.services.export import (  # noqa: E402
    DocumentKind,
    ExportOptions,
    Renderer,
    builtin_template,
    export_schools,
    load_context,
    render_document,
)
from app.services.export.context import for_document  # noqa: E402
from app.services.export.render import render_raw  # noqa: E402
from app.services.store import open_store  # noqa: E402


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lpc-export-bench-") as tmp:
        store = open_store(Path(tmp) / "data" / "lpc.db", passphrase="benchmark passphrase")
        try:
            start = time.perf_counter()
            ids = [
                fill_school(store, f"Bench School {n:03d}", moe_number=1000 + n, activities=4)
                for n in range(args.schools)
            ]
            print(f"Filled {len(ids)} schools in {time.perf_counter() - start:.1f} s")

            kind = DocumentKind.ANNUAL_PLAN
            template = builtin_template(kind)
            with store.sessions() as session:
                context = for_document(load_context(session, ids[0], TODAY), kind)
            render_raw(template, context)  # warm imports and the file cache
            raw = _median(lambda: render_raw(template, context), args.runs)
            ours_cold = _median(
                lambda: render_document(store, ids[0], kind, today=TODAY, renderer=Renderer()),
                args.runs,
            )
            warm = Renderer()
            ours_warm = _median(
                lambda: render_document(store, ids[0], kind, today=TODAY, renderer=warm),
                args.runs,
            )
            print(f"One {kind.info.title}, median of {args.runs}:")
            print(f"  raw docxtpl render (context ready)       {raw * 1000:7.1f} ms")
            print(f"  app, fresh renderer (store read + render) {ours_cold * 1000:7.1f} ms")
            print(f"  app, warm renderer  (store read + render) {ours_warm * 1000:7.1f} ms")
            ratio = ours_cold / raw
            print(f"  ratio (fresh) {ratio:.2f}  target <= 1.2  {'OK' if ratio <= 1.2 else 'SLOW'}")

            out = Path(tmp) / "out"
            start = time.perf_counter()
            result = export_schools(store, ids, ExportOptions(out, today=TODAY))
            bulk = time.perf_counter() - start
            n = len(result.written)
            print(
                f"Bulk export: {n} documents ({len(ids)} schools x 5) in {bulk:.1f} s "
                f"({bulk / max(n, 1) * 1000:.0f} ms each)  target < 15 s  "
                f"{'OK' if bulk < 15 else 'SLOW'}"
            )
            return 0 if ratio <= 1.2 and bulk < 15 else 1
        finally:
            store.close()


if __name__ == "__main__":
    sys.exit(main())
