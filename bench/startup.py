"""Start-up benchmark: process start to the main window shown with 2,500 schools.

Two moments are timed, each from the moment the process is started:

* **window shown**: the main window is on screen and Qt has processed its first events;
  the store is opened and the list filled after this, in the background. Target: at most
  1.3 times a bare PySide6 window shown the same way.
* **list filled**: the store is open (the passphrase's scrypt, the schema checked at head)
  and all the schools are in the list's model with every column the list shows. Target:
  at most 4 times the bare window. The list is read straight from the SQLCipher file
  (``app.services.quick_list``); the ORM store's normal opening follows and is printed
  too (**store opened**); the app quits after both, so the CPU figure covers both.

Both are compared with a bare PySide6 window started the same way (same interpreter, same
platform plugin), so the figures say what the app adds, not how fast this machine is.
The app's modules are compiled to bytecode first, as an installed app's are: where
``PYTHONDONTWRITEBYTECODE`` is set (CI, some shells) every start would otherwise compile
the whole app from source, which no officer's start does.
Run: ``python bench/startup.py [--schools N] [--runs N] [--reuse DIR]``. The machine it
runs on may be shared and busy: the figures are then upper bounds under load.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SHOWN = 1.3  # window shown, app / bare PySide6 window
TARGET_FILLED = 4.0  # list filled, app / bare PySide6 window
sys.path.insert(0, str(ROOT))

BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QTableView()); w.resize(1280, 760); w.show()
app.processEvents()
print(f"shown_at={time.time():.6f}", flush=True)
"""


def _times(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from process start to each ``name_at=`` mark the process printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time the process used from start to exit (it quits once the list is filled):
    # unlike the wall clock, other work on a busy machine hardly changes it.
    marks = {"cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)}
    for line in out.stdout.splitlines():
        for part in line.split():
            if part.endswith(tuple("0123456789")) and "_at=" in part:
                name, value = part.split("_at=")
                marks[name] = float(value) - start
    if "shown" not in marks:
        raise RuntimeError(f"no 'shown_at' from {cmd}: {out.stdout}\n{out.stderr}")
    return marks


def _prepare(data_dir: Path, schools: int) -> None:
    from app.services.bootstrap import open_app_store
    from app.services.demo import seed_demo

    opened = open_app_store(data_dir, empty=True, passphrase=os.environ["LPC_PASSPHRASE"])
    started = time.perf_counter()
    seed_demo(opened.store, count=schools)
    print(f"prepared {schools:,} schools in {time.perf_counter() - started:.1f} s")
    opened.store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="keep the prepared store in DIR and reuse it on later runs (preparing takes minutes)",
    )
    args = parser.parse_args()
    # A passphrase store, so the benchmark runs the same on machines with and without an
    # OS keyring (and leaves no key behind in one).
    os.environ.setdefault("LPC_PASSPHRASE", "benchmark passphrase")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "LPC_EXIT_AFTER_SHOW": "1",
    }
    for package in ("app", "lpc_core"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    with tempfile.TemporaryDirectory(prefix="lpc-bench-") as tmp:
        data = Path(args.reuse) if args.reuse else Path(tmp) / "data"
        if not (data / "lpc.db").exists():
            _prepare(data, args.schools)
        app_cmd = [sys.executable, "-m", "app", "--data-dir", str(data)]
        bare_cmd = [sys.executable, "-c", BARE]
        _times(app_cmd, env)  # warm the OS file cache for both
        _times(bare_cmd, env)
        app_runs = [_times(app_cmd, env) for _ in range(args.runs)]
        bare_runs = [_times(bare_cmd, env) for _ in range(args.runs)]
    shown = statistics.median(r["shown"] for r in app_runs)
    loaded = statistics.median(r["loaded"] for r in app_runs)
    bare = statistics.median(r["shown"] for r in bare_runs)
    n = f"{args.schools:,}"
    print(f"Median of {args.runs} runs, each timed from process start, {n} schools in the store:")
    print(f"  bare PySide6 window shown  {bare * 1000:7.0f} ms  (the yardstick)")
    print(f"  app window shown           {_against(shown, bare, TARGET_SHOWN)}")
    print("      the window is on screen; the store is still opening and the list is empty")
    print(f"  app list filled            {_against(loaded, bare, TARGET_FILLED)}")
    print(f"      the store is open (scrypt included) and all {n} schools are listed")
    if all("opened" in r for r in app_runs):
        opened = statistics.median(r["opened"] for r in app_runs)
        print(f"  app store opened           {opened * 1000:7.0f} ms  (no target)")
        print("      the ORM store's normal opening, after the list is on screen")
    cpu_app = statistics.median(r["cpu"] for r in app_runs)
    cpu_bare = statistics.median(r["cpu"] for r in bare_runs)
    print(
        f"  CPU used, start to exit:   app {cpu_app * 1000:.0f} ms, bare {cpu_bare * 1000:.0f} ms "
        f"(ratio {cpu_app / cpu_bare:.2f}; the app quits once its list is filled and "
        "its store open)"
    )
    print("The machine is shared and busy: these figures are upper bounds under load.")


def _against(seconds: float, bare: float, target: float) -> str:
    ratio = seconds / bare
    verdict = "meets" if ratio <= target else "MISSES"
    return f"{seconds * 1000:7.0f} ms  ratio {ratio:.2f}, target <= {target} ({verdict} it)"


if __name__ == "__main__":
    main()
