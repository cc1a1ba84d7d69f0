"""Two server processes on different ports over one PostgreSQL store, with the laptops
split between them (as behind a load balancer, or ``serve --workers``): devices syncing
at the same time through either process end up with the same rows, and the store holds
each change once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from app.config import AppSettings
from app.models import Person, School
from app.services.sync.account import sign_in
from app.services.unit_of_work import UnitOfWork
from server.models import ChangeLog, Record
from tests.server_harness import RunningServer, seed_users, start_server
from tests.services.helpers import add_school
from tests.services.sync.devices import make_store, snapshot
from tests.services.sync.live import LiveDevice
from tests.services.sync.test_sync_live import assert_converged

ROUNDS = 3


@pytest.fixture
def two_servers(tmp_path: Path, postgres_url: str) -> Iterator[tuple[RunningServer, ...]]:
    servers = (
        start_server(tmp_path / "one", postgres_url),
        start_server(tmp_path / "two", postgres_url),
    )
    yield servers
    for server in servers:
        server.stop()


def _laptop(
    name: str,
    server: RunningServer,
    username: str,
    password: str,
    tmp: Path,
    template: tuple[Path, str],
) -> LiveDevice:
    store, paths = make_store(template, tmp / name)
    sign_in(AppSettings(paths), store.device_id, server.url, username, password)
    return LiveDevice(name, store, paths)


def _work(device: LiveDevice, school_ids: list[str], n: int) -> None:
    """A round of an officer's day: a new school, a contact at each school, an edit."""
    school_ids.append(add_school(device.store, f"{device.name} kura {n}"))
    with UnitOfWork(device.store) as uow:
        for sid in school_ids:
            uow.add(Person, school_id=sid, name=f"Whaea {device.name} {n}")
        uow.update(uow.get(School, school_ids[0]), notes=f"{device.name} round {n}")


def test_laptops_split_across_two_processes_converge(
    two_servers: tuple[RunningServer, ...], tmp_path: Path, template_db: tuple[Path, str]
) -> None:
    one, two = two_servers
    users = seed_users(one.database_url)
    laptops = [
        _laptop("aroha-laptop", one, users.officer, users.password, tmp_path, template_db),
        _laptop("aroha-tablet", two, users.officer, users.password, tmp_path, template_db),
        _laptop("hemi-office", one, users.supervisor, users.password, tmp_path, template_db),
        _laptop("hemi-laptop", two, users.supervisor, users.password, tmp_path, template_db),
    ]
    schools: dict[str, list[str]] = {d.name: [] for d in laptops}
    try:
        with ThreadPoolExecutor(len(laptops)) as pool:
            for n in range(ROUNDS):
                for d in laptops:
                    _work(d, schools[d.name], n)
                # Every laptop syncs at once, half of them through each process.
                for result in pool.map(lambda d: d.sync(), laptops):
                    assert result.open_conflicts == 0
        # An officer's two devices agree, and so do the supervisor's; the supervisor
        # sees the whole district, the officer's own schools among it, alike.
        assert_converged(*laptops[:2])
        assert_converged(*laptops[2:])
        officer_rows = snapshot(laptops[0].store)
        rows = snapshot(laptops[2].store)
        assert {k: rows.get(k) for k in officer_rows} == officer_rows
        made = sum(len(ids) for ids in schools.values())
        assert sum(1 for table, _ in rows if table == "schools") == made
        # Each laptop added a contact per school it had, in every round.
        assert sum(1 for table, _ in rows if table == "people") == sum(
            len(ids) * (len(ids) + 1) // 2 for ids in schools.values()
        )
        engine = create_engine(one.database_url)
        with Session(engine) as session:
            stored = session.scalar(select(func.count()).select_from(Record))
            seqs = session.scalar(select(func.count(func.distinct(Record.seq))))
            logged = session.scalar(select(func.count()).select_from(ChangeLog))
            changes = session.scalar(select(func.count(func.distinct(ChangeLog.change_id))))
        engine.dispose()
        assert stored == len(rows) == seqs  # every row once, every seq its own
        assert logged == changes  # no change applied twice
        for d in laptops:  # the notes edited by one laptop reached the others
            assert rows[("schools", schools[d.name][0])]["notes"] == f"{d.name} round {ROUNDS - 1}"
    finally:
        for d in laptops:
            d.store.close()
