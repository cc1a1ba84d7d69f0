"""README's backup and restore of the server store, done as README says (pg_dump and
pg_restore; SQLite's online backup API), after which laptops sync with nothing lost."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.config import AppSettings
from app.models import Person
from app.services.unit_of_work import UnitOfWork
from tests.server_harness import PostgresCluster, RunningServer, seed_users, start_server
from tests.services.helpers import add_school
from tests.services.sync.devices import make_store, snapshot
from tests.services.sync.live import LiveDevice
from tests.services.sync.test_sync_live import assert_converged


def _laptop(
    name: str,
    server: RunningServer,
    username: str,
    password: str,
    tmp: Path,
    template: tuple[Path, str],
) -> LiveDevice:
    from app.services.sync.account import sign_in

    store, paths = make_store(template, tmp / name)
    sign_in(AppSettings(paths), store.device_id, server.url, username, password)
    return LiveDevice(name, store, paths)


def _backup_and_restore_postgres(
    server: RunningServer, cluster: PostgresCluster, tmp: Path
) -> None:
    url = make_url(server.database_url)
    where = ["-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres"]
    dump = tmp / "lpc.dump"
    subprocess.run(
        [str(cluster.bin / "pg_dump"), *where, "-Fc", "-f", str(dump), str(url.database)],
        check=True,
        capture_output=True,
    )
    server.stop()
    with psycopg.connect(
        f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres", autocommit=True
    ) as conn:  # the disaster: the store is gone; an empty database of the same name
        conn.execute(f'DROP DATABASE "{url.database}"')
        conn.execute(f'CREATE DATABASE "{url.database}"')
    subprocess.run(
        [str(cluster.bin / "pg_restore"), *where, "--no-owner", "-d", str(url.database), str(dump)],
        check=True,
        capture_output=True,
    )


def _backup_and_restore_sqlite(server: RunningServer, tmp: Path) -> None:
    store = Path(str(make_url(server.database_url).database))
    backup = tmp / "district-backup.db"
    # The online backup API, with the server still running (README's one line).
    source, target = sqlite3.connect(store), sqlite3.connect(backup)
    source.backup(target)
    source.close()
    target.close()
    server.stop()
    for path in store.parent.glob(store.name + "*"):
        path.unlink()  # the disaster: the store and its write-ahead log are gone
    backup.replace(store)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_restored_store_syncs_with_nothing_lost(
    backend: str, tmp_path: Path, template_db: tuple[Path, str], request: pytest.FixtureRequest
) -> None:
    cluster: PostgresCluster | None = None
    url = None
    if backend == "postgres":
        cluster = request.getfixturevalue("postgres_cluster")
        assert cluster is not None
        url = cluster.new_database()
    server = start_server(tmp_path / "server", url)
    users = seed_users(server.database_url)
    laptop = _laptop("laptop", server, users.officer, users.password, tmp_path, template_db)
    office = None
    try:
        school = add_school(laptop.store, "Tōtara Grove School")
        with UnitOfWork(laptop.store) as uow:
            for name in ("Whaea Mere", "Matua Rawiri"):
                uow.add(Person, school_id=school, name=name)
        laptop.sync()
        before = snapshot(laptop.store)

        if cluster is not None:
            _backup_and_restore_postgres(server, cluster, tmp_path)
        else:
            _backup_and_restore_sqlite(server, tmp_path)
        server.start()  # same port, same database name: the laptop notices nothing

        again = laptop.sync()  # the token is in the restored store too
        assert (again.pushed, again.pulled, again.refetched) == (0, 0, [])
        assert snapshot(laptop.store) == before
        office = _laptop("office", server, users.supervisor, users.password, tmp_path, template_db)
        office.sync()
        assert snapshot(office.store) == before  # everything came back from the restore
        with UnitOfWork(laptop.store) as uow:
            uow.add(Person, school_id=school, name="Whaea Hine")
        assert_converged(laptop, office)
        assert len(snapshot(office.store)) == len(before) + 1
    finally:
        laptop.store.close()
        if office is not None:
            office.store.close()
        server.stop()
