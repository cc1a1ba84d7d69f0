"""Sync benchmark against a real district server process on loopback.

1. Push + pull of 10,000 changed rows: device A pushes 10,000 new rows (100 schools, each
   with its partnership record and 98 contacts), device B (a new, empty store) pulls
   them. Target: push + pull < 3 s. The figures say how much of it is the server.
2. A sync with nothing to do, two ways:
   - the automatic sync the app runs every five minutes once it has said hello to the
     server: one request (``GET /sync/pull`` returning nothing). Target: < 100 ms.
   - a full sync (``GET /me`` handshake + pull + ``GET /sync/summary`` digest check, with
     the local digests computed over every row): three requests. The app does this at
     start-up, on "Sync now" and every sixth automatic sync.

Both stores are encrypted (SQLCipher, passphrase mode so no OS keyring is needed); the
server runs on SQLite unless ``--database-url`` is given. Run:
``python bench/sync_bench.py [--rows 10000] [--runs 20]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.models import Person  # noqa: E402
from app.services.schools import create_school  # noqa: E402
from app.services.store import Store, open_store  # noqa: E402
from app.services.sync.client import ApiClient  # noqa: E402
from app.services.sync.engine import SyncEngine, SyncResult  # noqa: E402
from app.services.unit_of_work import UnitOfWork  # noqa: E402
from tests.server_harness import seed_users, start_server  # noqa: E402

PASSPHRASE = "benchmark passphrase, not a secret"


def _store(folder: Path) -> Store:
    return open_store(folder / "lpc.db", folder / "backups", passphrase=PASSPHRASE)


def _fill(store: Store, rows: int) -> None:
    """Schools of 100 rows each: the school, its partnership record and 98 contacts."""
    for start in range(0, rows, 100):
        with UnitOfWork(store, actor="bench") as uow:
            school = create_school(uow, name=f"Bench School {start // 100:04d}", roll=240)
            for i in range(min(98, rows - start - 2)):
                uow.add(Person, school_id=school.id, name=f"Contact {start + i:05d}")


class TimedClient(ApiClient):
    """Counts the time spent waiting for the server (request sent to answer parsed)."""

    waited = 0.0

    def push(self, body: str) -> dict[str, object]:
        t = time.perf_counter()
        try:
            return super().push(body)
        finally:
            self.waited += time.perf_counter() - t

    def pull(self, cursor: int, limit: int) -> dict[str, object]:
        t = time.perf_counter()
        try:
            return super().pull(cursor, limit)
        finally:
            self.waited += time.perf_counter() - t


def _engine(store: Store, url: str, token: str) -> SyncEngine:
    return SyncEngine(store, TimedClient(url, token))


def _login(url: str, user: str, password: str, store: Store) -> str:
    with ApiClient(url) as api:
        return str(api.login(user, password, "bench", store.device_id)["token"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows to push and pull")
    parser.add_argument("--runs", type=int, default=20, help="no-op syncs to time")
    parser.add_argument("--database-url", help="server database (default: SQLite in a temp dir)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lpc-sync-bench-") as tmp:
        folder = Path(tmp)
        server = start_server(folder / "server", args.database_url)
        try:
            users = seed_users(server.database_url)
            a, b = _store(folder / "a"), _store(folder / "b")
            print(f"Creating {args.rows:,} rows on device A…", flush=True)
            _fill(a, args.rows)
            engine_a = _engine(a, server.url, _login(server.url, users.officer, users.password, a))
            engine_b = _engine(
                b, server.url, _login(server.url, users.supervisor, users.password, b)
            )
            engine_a.handshake()
            engine_b.handshake()

            pushed = SyncResult()
            t0 = time.perf_counter()
            engine_a.push(pushed)
            t1 = time.perf_counter()
            pulled = SyncResult()
            engine_b.pull(pulled)
            t2 = time.perf_counter()
            wait_a = engine_a.api.waited  # type: ignore[attr-defined]
            wait_b = engine_b.api.waited  # type: ignore[attr-defined]
            print(
                f"Push:   {pushed.pushed:>6,} changes in {t1 - t0:6.2f} s "
                f"(server {wait_a:.2f} s, client {t1 - t0 - wait_a:.2f} s)"
            )
            print(
                f"Pull:   {pulled.pulled:>6,} records in {t2 - t1:6.2f} s "
                f"(server {wait_b:.2f} s, client {t2 - t1 - wait_b:.2f} s)"
            )
            total = t2 - t0
            verdict = "OK" if total < 3 else "over target"
            print(f"Push + pull: {total:.2f} s (target < 3 s: {verdict})")

            engine_b.sync()  # settle: B's digest check, A's pull of its own echo
            engine_a.sync()
            quick: list[float] = []
            requests_quick = 0
            for _ in range(args.runs):
                start_requests = engine_b.api.requests
                t = time.perf_counter()
                result = engine_b.sync(handshake=False, verify=False)
                quick.append(time.perf_counter() - t)
                requests_quick = engine_b.api.requests - start_requests
                assert result.pushed == 0 and result.pulled == 0
            full: list[float] = []
            requests_full = 0
            for _ in range(max(3, args.runs // 4)):
                start_requests = engine_b.api.requests
                t = time.perf_counter()
                result = engine_b.sync()
                full.append(time.perf_counter() - t)
                requests_full = engine_b.api.requests - start_requests
                assert result.refetched == []
            q = statistics.median(quick) * 1000
            f = statistics.median(full) * 1000
            verdict = "OK" if q < 100 else "over target"
            print(
                f"No-op sync, automatic ({requests_quick} request): median {q:.1f} ms "
                f"(target < 100 ms: {verdict})"
            )
            print(
                f"No-op sync, full ({requests_full} requests: /me, pull, summary over "
                f"{args.rows:,} rows): median {f:.1f} ms"
            )
            a.close()
            b.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
