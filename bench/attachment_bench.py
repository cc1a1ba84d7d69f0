"""Attachment contents through a real district server process on loopback.

Device A attaches a 25 MB file (the largest allowed) and syncs: its records, then the
file's 100 chunks of 256 KiB. Device B, an empty store, syncs and fetches it. Then a
full sync with nothing to move, which costs one extra request (the status question),
and the quick automatic sync, which asks nothing once the files are settled.
Targets: 25 MB sent in under 10 s and fetched in under 10 s (about a minute on a
4 Mbit/s school connection, where the network, not this code, is the limit).

Both stores are encrypted (SQLCipher, passphrase mode); the server runs on SQLite unless
``--database-url`` is given. Run: ``python bench/attachment_bench.py [--mb 25]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.attachments import add_attachment, read_content  # noqa: E402
from app.services.schools import create_school  # noqa: E402
from app.services.sync.client import ApiClient  # noqa: E402
from app.services.sync.engine import SyncEngine  # noqa: E402
from app.services.unit_of_work import UnitOfWork  # noqa: E402
from bench.sync_bench import _login, _store  # noqa: E402
from tests.server_harness import seed_users, start_server  # noqa: E402

TARGET_S = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=25.0)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    size = int(args.mb * 1024 * 1024)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = start_server(root / "server", args.database_url)
        try:
            users = seed_users(server.database_url)
            a, b = _store(root / "a"), _store(root / "b")
            with UnitOfWork(a, actor="bench") as uow:
                school = create_school(uow, name="Bench School", district=users.district).id
            scan = root / "scan.pdf"
            scan.write_bytes(b"%PDF-1.7\n" + os.urandom(size - 16) + b"\n%%EOF\n")
            row_id = add_attachment(a, "bench", school, scan)
            token_a = _login(server.url, users.supervisor, users.password, a)
            token_b = _login(server.url, users.supervisor, users.password, b)

            t = time.perf_counter()
            with ApiClient(server.url, token_a) as api:
                sent = SyncEngine(a, api).sync()
            up = time.perf_counter() - t
            t = time.perf_counter()
            with ApiClient(server.url, token_b) as api:
                got = SyncEngine(b, api).sync()
            down = time.perf_counter() - t
            assert (sent.files_sent, got.files_received) == (1, 1)
            assert read_content(b, row_id)[1] == scan.read_bytes()
            with ApiClient(server.url, token_b) as api:
                t = time.perf_counter()
                idle = SyncEngine(b, api).sync()
                idle_s = time.perf_counter() - t
                t = time.perf_counter()
                quick = SyncEngine(b, api).sync(handshake=False, verify=False)
                quick_s = time.perf_counter() - t
            mb = size / 1024 / 1024
            print(f"file: {mb:.1f} MB, server on {server.database_url.split(':')[0]}")
            print(f"A sync sending it:   {up:6.2f} s ({mb / up:5.1f} MB/s; target < {TARGET_S} s)")
            print(
                f"B sync fetching it:  {down:6.2f} s ({mb / down:5.1f} MB/s; target < {TARGET_S} s)"
            )
            print(f"nothing to move:     {idle_s * 1000:6.0f} ms, {idle.requests} requests")
            print(f"quick automatic:     {quick_s * 1000:6.0f} ms, {quick.requests} request(s)")
            a.close()
            b.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
