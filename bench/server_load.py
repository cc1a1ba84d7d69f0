"""Load on the district server from many devices at once, on PostgreSQL.

Sets up a store of the national size (12 districts, 2,500 schools, 250,000 records,
1,200 officers each with a signed-in device and about two schools), starts
``python -m server serve`` on it, then:

1. a bare ``GET /api/v1/health`` load: the yardstick for what the same server
   configuration answers per second when the work is nothing;
2. the **morning storm**: every device syncs once (``/me``, a push of 5-30 updates to
   contacts of its schools, pull from its cursor to the end, summary), arrivals spread
   over 60 s;
3. the **burst**: the same 1,200 device syncs arriving within 10 s (after an outage).

Every figure is printed beside its target. At the end the database is checked: every
pushed change is in the change log exactly once and every record holds the value its
device pushed last; each device's pull after its push brought back its own changes.
The exit status is non-zero on an error or a lost or duplicated change (not on a missed
performance target: this machine is shared, so the figures are upper bounds).

    python bench/server_load.py [--workers N] [--database-url URL] [--smoke]

``--smoke`` runs the same steps on a tiny store in a few seconds (the test suite runs it).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import random
import ssl
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server_load_check import Ledger, verify  # noqa: E402
from bench.server_load_report import Phase, ProcessUsage, print_phase, print_targets  # noqa: E402
from bench.server_load_seed import NATIONAL, SMOKE, Officer, Seeded, Size, seed  # noqa: E402

HEALTH_CLIENTS = 32
RESENDS = 3
# Well below uvicorn's 5 s keep-alive (a busy generator answers late), so the client never
# sends on a connection the server
# is closing (an error of the bench, not of the server).
KEEPALIVE = 2.0


class Device:
    """One officer's laptop: its cursor and the versions of the contacts it has edited."""

    def __init__(self, officer: Officer, cursor: int, rng: random.Random) -> None:
        self.officer = officer
        self.cursor = cursor
        self.rng = rng
        self.versions: dict[str, int] = {}
        self.headers = {"Authorization": f"Bearer {officer.token}"}

    def batch(self, ledger: Ledger, low: int, high: int) -> dict[str, Any]:
        count = min(len(self.officer.people), self.rng.randint(low, high))
        changes = []
        for row_id in self.rng.sample(self.officer.people, count):
            change_id = ledger.new_change(row_id)
            base = self.versions.get(row_id, 1)
            changes.append(
                {
                    "change_id": change_id,
                    "table": "people",
                    "row_id": row_id,
                    "school_id": self.school_of(row_id),
                    "op": "update",
                    "fields": {"phone": ledger.value_of(change_id)},
                    "base_version": base,
                    "new_version": base + 1,
                }
            )
        return {"batch_id": ledger.new_batch(), "changes": changes}

    def school_of(self, row_id: str) -> str:
        return self.officer.school_of[row_id]


async def _timed(
    phase: Phase, name: str, call: Any, *args: Any, **kwargs: Any
) -> httpx.Response | None:
    """The answer (any status other than 200 counted as an error); None when the
    connection failed, so the caller may send again."""
    start = time.perf_counter()
    try:
        response: httpx.Response = await call(*args, **kwargs)
    except httpx.HTTPError as err:
        phase.error(name, type(err).__name__)
        return None
    phase.latency(name, time.perf_counter() - start)
    if response.status_code != 200:
        phase.error(name, f"HTTP {response.status_code}: {response.text[:200]}")
    return response


def _ok(response: httpx.Response | None) -> bool:
    return response is not None and response.status_code == 200


async def device_sync(
    client: httpx.AsyncClient, device: Device, phase: Phase, ledger: Ledger, size: tuple[int, int]
) -> None:
    """/me, push, pull to the end, summary: what the app does on "Sync now"."""
    start = time.perf_counter()
    h = device.headers
    if not _ok(await _timed(phase, "me", client.get, "/me", headers=h)):
        return
    body = device.batch(ledger, *size)
    for _attempt in range(RESENDS):  # as the app does: the same batch until answered
        pushed = await _timed(phase, "push", client.post, "/sync/push", json=body, headers=h)
        if pushed is not None:
            break
    if pushed is None or not _ok(pushed):
        return
    phase.changes += len(body["changes"])
    bases = {c["change_id"]: (c["row_id"], c["base_version"]) for c in body["changes"]}
    for result in pushed.json()["results"]:
        row_id, base = bases[result["change_id"]]
        if result["status"] != "applied":
            phase.error("push", f"change {result['status']}: {result['message']}")
            continue
        ledger.answered(result["change_id"])
        if result["row_version"] == base + 1:  # the app's rule: exactly mine plus this
            device.versions[row_id] = result["row_version"]
    seen: set[str] = set()
    while True:
        params = {"cursor": device.cursor, "limit": 500}
        page = await _timed(phase, "pull", client.get, "/sync/pull", params=params, headers=h)
        if page is None or not _ok(page):
            return
        data = page.json()
        for record in data["records"]:
            seen.add(record["row_id"])
            device.versions[record["row_id"]] = record["row_version"]
        device.cursor = data["next_cursor"]
        if not data["more"]:
            break
    ledger.pulled_back([c["change_id"] for c in body["changes"]], seen)
    if not _ok(await _timed(phase, "summary", client.get, "/sync/summary", headers=h)):
        return
    phase.syncs.append(time.perf_counter() - start)


async def run_phase(
    api: str,
    devices: list[Device],
    spread: float,
    ledger: Ledger,
    size: tuple[int, int],
    usage: ProcessUsage,
    name: str,
) -> Phase:
    """Each device starts at a random moment within ``spread`` seconds, on a client (and
    so a connection) of its own, as a real laptop has.

    One shared client for 1,200 devices would be cheaper to write, but its connection
    pool scans every connection for each request it queues or finishes (httpcore 1.0),
    so under a burst the generator spent four times its storm cost per request on that
    scan, on the cores the server needs.
    """
    phase = Phase(name, spread)
    clients = [_device_client(api) for _ in devices]
    try:
        usage.start()
        began = time.perf_counter()

        async def one(client: httpx.AsyncClient, device: Device, at: float) -> None:
            await asyncio.sleep(max(0.0, began + at - time.perf_counter()))
            await device_sync(client, device, phase, ledger, size)

        rng = random.Random(name)
        await asyncio.gather(
            *(one(c, d, rng.uniform(0, spread)) for c, d in zip(clients, devices, strict=True))
        )
        phase.elapsed = time.perf_counter() - began
        phase.usage = usage.stop()
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return phase


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every device's client (the bench speaks plain HTTP; httpx
    would otherwise build and load a context per client)."""
    return ssl.create_default_context()


def _device_client(api: str) -> httpx.AsyncClient:
    limits = httpx.Limits(
        max_connections=1, max_keepalive_connections=1, keepalive_expiry=KEEPALIVE
    )
    client = httpx.AsyncClient(base_url=api, timeout=120, limits=limits, verify=_tls())
    client.headers["X-LPC-Schema"] = _schema()
    return client


async def health_load(api: str, seconds: float, usage: ProcessUsage) -> Phase:
    """As many bare health checks as ``HEALTH_CLIENTS`` connections get answered."""
    phase = Phase("health", seconds)
    limits = httpx.Limits(max_connections=HEALTH_CLIENTS, keepalive_expiry=KEEPALIVE)
    async with httpx.AsyncClient(base_url=api, timeout=60, limits=limits) as client:
        usage.start()
        began = time.perf_counter()
        deadline = began + seconds

        async def loop() -> None:
            while time.perf_counter() < deadline:
                await _timed(phase, "health", client.get, "/health")

        await asyncio.gather(*(loop() for _ in range(HEALTH_CLIENTS)))
        phase.elapsed = time.perf_counter() - began
        phase.usage = usage.stop()
    return phase


def _schema() -> str:
    from lpc_core.schema_version import SCHEMA_HEAD

    return SCHEMA_HEAD


async def _run(
    args: argparse.Namespace, size: Size, api: str, url: str, pid: int, database_pid: int | None
) -> int:
    seeded = seed_and_map(url, size)
    devices = _devices(seeded)
    ledger = Ledger()
    usage = ProcessUsage(pid, database_pid)
    health = await health_load(api, 0.5 if args.smoke else 5.0, usage)
    print_phase(health)
    storm = await run_phase(api, devices, args.storm, ledger, (5, 30), usage, "storm")
    print_phase(storm)
    burst = await run_phase(api, devices, args.burst, ledger, (5, 30), usage, "burst")
    print_phase(burst)
    problems = verify(url, ledger)
    print_targets(health, storm, burst, problems, smoke=args.smoke)
    return 1 if problems or storm.errors or burst.errors else 0


def seed_and_map(url: str, size: Size) -> Seeded:
    t = time.perf_counter()
    print(
        f"Seeding {size.districts} districts, {size.schools:,} schools, {size.records:,} "
        f"records, {size.devices:,} officers and devices…",
        flush=True,
    )
    seeded = seed(url, size)
    print(f"  seeded in {time.perf_counter() - t:.1f} s", flush=True)
    return seeded


def _devices(seeded: Seeded) -> list[Device]:
    return [
        Device(officer, seeded.head_seq, random.Random(n))
        for n, officer in enumerate(seeded.officers)
    ]


def _postmaster(data: Path) -> int:
    """The pid of the bench's own PostgreSQL (its backends are its children)."""
    return int((data / "postmaster.pid").read_text().split()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny store, a few seconds")
    parser.add_argument(
        "--workers", type=int, default=0, help="serve --workers N (default: not given)"
    )
    parser.add_argument("--database-url", help="an empty PostgreSQL database to fill")
    parser.add_argument("--storm", type=float, help="storm arrivals spread (s; default 60)")
    parser.add_argument("--burst", type=float, help="burst arrivals spread (s; default 10)")
    args = parser.parse_args(argv)
    args.storm = args.storm or (1.0 if args.smoke else 60.0)
    args.burst = args.burst or (0.5 if args.smoke else 10.0)
    size = SMOKE if args.smoke else NATIONAL

    from tests.server_harness import PostgresCluster, postgres_bin, start_server

    cluster = None
    url = args.database_url
    if url is None:
        bin_dir = postgres_bin()
        if bin_dir is None:
            print("PostgreSQL is not installed (initdb, pg_ctl).", file=sys.stderr)
            return 2
        cluster = PostgresCluster(bin_dir)
        cluster.start()
        url = cluster.new_database()
    try:
        with tempfile.TemporaryDirectory(prefix="lpc-load-") as tmp:
            extra = ["--workers", str(args.workers)] if args.workers else []
            server = start_server(Path(tmp), url, extra)
            try:
                database_pid = _postmaster(cluster.data) if cluster is not None else None
                return asyncio.run(_run(args, size, server.api, url, server.pid, database_pid))
            finally:
                server.stop()
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
