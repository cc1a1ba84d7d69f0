"""Devices (stores of their own) and an in-process district server for the engine tests.

The in-process server is the real ``server`` app driven through Starlette's test
transport: quick, and exact for the protocol. The tests that need a real process, a real
socket and a killed server use ``tests/server_harness.py`` (test_sync_live.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.config import AppPaths
from app.services.store import Store
from app.services.sync.client import ApiClient
from app.services.sync.engine import SyncEngine, SyncResult
from tests.server_harness import RunningServer
from tests.services.sync.devices import make_store
from tests.services.sync.live import Live, running_live

PASSWORD = "kia-kaha-2026"
DISTRICT = "Tāmaki Makaurau"
OTHER_DISTRICT = "Waitematā"


@dataclass
class Device:
    name: str
    store: Store
    paths: AppPaths
    base_url: str
    token: str = ""
    transport: httpx.BaseTransport | None = None
    clients: list[ApiClient] = field(default_factory=list)

    def api(self) -> ApiClient:
        client = ApiClient(self.base_url, self.token, transport=self.transport)
        self.clients.append(client)
        return client

    def engine(self, **kwargs: Any) -> SyncEngine:
        return SyncEngine(self.store, self.api(), **kwargs)

    def sync(self, **kwargs: Any) -> SyncResult:
        return self.engine().sync(**kwargs)

    def close(self) -> None:
        for c in self.clients:
            c.close()
        self.store.close()


@dataclass
class InProcServer:
    url: str
    transport: httpx.BaseTransport
    db: Any

    def login(self, device: Device, username: str, password: str = PASSWORD) -> None:
        with ApiClient(self.url, transport=self.transport) as api:
            answer = api.login(username, password, device.name, device.store.device_id)
        device.token = answer["token"]
        device.transport = self.transport


@pytest.fixture
def inproc_server(tmp_path: Path) -> Iterator[InProcServer]:
    yield from start_inproc_server(tmp_path)


def start_inproc_server(tmp_path: Path, max_body: int | None = None) -> Iterator[InProcServer]:
    """The server app with its users, in process; ``max_body`` lowers its request limit."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from server.api import create_app
    from server.db import open_database
    from server.directory import create_district, create_user

    db = open_database(f"sqlite:///{tmp_path / 'server.db'}")
    with db.writing() as session:
        create_district(session, DISTRICT)
        create_district(session, OTHER_DISTRICT)
        create_user(session, "aroha", PASSWORD, "officer", DISTRICT)
        create_user(session, "mere", PASSWORD, "supervisor", DISTRICT)
        create_user(session, "tama", PASSWORD, "officer", OTHER_DISTRICT)
    app = create_app(db) if max_body is None else create_app(db, max_body)
    client = TestClient(app, base_url="http://district.test")
    yield InProcServer("http://district.test", client._transport, db)
    client.close()
    db.dispose()


@pytest.fixture
def make_device(
    template_db: tuple[Path, str], tmp_path: Path, inproc_server: InProcServer
) -> Iterator[Callable[[str, str], Device]]:
    made: list[Device] = []

    def factory(name: str, username: str) -> Device:
        store, paths = make_store(template_db, tmp_path / name)
        device = Device(name, store, paths, inproc_server.url)
        inproc_server.login(device, username)
        made.append(device)
        return device

    yield factory
    for d in made:
        d.close()


@pytest.fixture
def live(
    sqlite_server: RunningServer, tmp_path: Path, template_db: tuple[Path, str]
) -> Iterator[Live]:
    """Laptops syncing with a real server process on SQLite (the live tests' default)."""
    yield from running_live(sqlite_server, template_db, tmp_path)
