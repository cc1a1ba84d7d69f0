"""Devices signed in to a real server process through a cutting proxy (shared by the live
sync tests and the UI tests)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from app.config import AppSettings
from app.services.store import Store
from app.services.sync import run_sync
from app.services.sync.account import sign_in
from app.services.sync.engine import SyncResult
from tests.server_harness import RunningServer, SeededUsers, seed_users
from tests.services.sync.devices import make_store
from tests.services.sync.tcp_proxy import CuttingProxy


def fresh_transport() -> httpx.HTTPTransport:
    """A new connection per request, so the proxy sees each request on its own."""
    return httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))


@dataclass
class LiveDevice:
    name: str
    store: Store
    paths: Any

    def sync(self, **kwargs: Any) -> SyncResult:
        return run_sync(self.store, AppSettings(self.paths), transport=fresh_transport(), **kwargs)

    def count(self, model: type) -> int:
        with self.store.session() as s:
            return s.scalar(select(func.count()).select_from(model)) or 0


@dataclass
class Live:
    server: RunningServer
    users: SeededUsers
    proxy: CuttingProxy
    template_db: tuple[Path, str]
    tmp_path: Path
    devices: list[LiveDevice] = field(default_factory=list)

    def device(self, name: str, username: str) -> LiveDevice:
        store, paths = make_store(self.template_db, self.tmp_path / name)
        sign_in(
            AppSettings(paths),
            store.device_id,
            self.proxy.url,
            username,
            self.users.password,
            transport=fresh_transport(),
        )
        d = LiveDevice(name, store, paths)
        self.devices.append(d)
        return d


def running_live(
    server: RunningServer,
    template_db: tuple[Path, str],
    tmp_path: Path,
    users: SeededUsers | None = None,
) -> Iterator[Live]:
    """Devices on ``server`` through a cutting proxy, closed afterwards (a fixture's
    body: ``yield from running_live(...)``); ``users`` are seeded unless given."""
    users = users if users is not None else seed_users(server.database_url)
    proxy = CuttingProxy(server.port)
    env = Live(server, users, proxy, template_db, tmp_path)
    try:
        yield env
    finally:
        proxy.close()
        for d in env.devices:
            d.store.close()
