"""Devices (stores of their own) and an in-process district server for the engine tests.

The in-process server is the real ``server`` app driven through Starlette's test
transport: quick, and exact for the protocol. The tests that need a real process, a real
socket and a killed server use ``tests/server_harness.py`` (test_sync_live.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from sqlalchemy import select

from app.config import AppPaths
from app.models import MODEL_BY_TABLE, SYNCED_MODELS
from app.services import crypto_store, keys
from app.services.store import Store, open_store
from app.services.sync.client import ApiClient
from app.services.sync.engine import SyncEngine, SyncResult

PASSWORD = "kia-kaha-2026"
DISTRICT = "Tāmaki Makaurau"
OTHER_DISTRICT = "Waitematā"


def make_store(template_db: tuple[Path, str], folder: Path) -> tuple[Store, AppPaths]:
    """An empty migrated store with its own device id, like the ``store`` fixture."""
    source, key = template_db
    paths = AppPaths(folder).ensure()
    shutil.copyfile(source, paths.database)
    shutil.copyfile(keys.key_file_for(source), keys.key_file_for(paths.database))
    info = keys.read_key_info(paths.database)
    assert info is not None
    keyring.set_password(keys.KEYRING_SERVICE, info.key_id, key)
    conn = crypto_store.connect(paths.database, key)
    with conn:
        conn.execute("DELETE FROM local_settings WHERE key = 'device_id'")
    conn.close()
    return open_store(paths.database, paths.backups), paths


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


def snapshot(store: Store) -> dict[tuple[str, str], dict[str, Any]]:
    """Every synced row's content, version and tombstone, for comparing two devices."""
    from app.services.wire import row_to_wire

    rows: dict[tuple[str, str], dict[str, Any]] = {}
    with store.session() as session:
        for model in SYNCED_MODELS:
            for obj in session.scalars(select(model)):
                rows[(model.__tablename__, obj.id)] = {  # type: ignore[attr-defined]
                    **row_to_wire(obj),
                    "_version": obj.row_version,
                    "_deleted": obj.deleted_at is not None,
                }
    return rows


def get_row(store: Store, table: str, row_id: str) -> Any:
    with store.session() as session:
        return session.get(MODEL_BY_TABLE[table], row_id)


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
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
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
    client = TestClient(create_app(db), base_url="http://district.test")
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
