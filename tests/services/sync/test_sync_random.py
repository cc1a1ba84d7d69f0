"""Three devices make random edits, adds and deletes, sync in random order, and lose
replies at random. Once every conflict is settled and everyone has synced, all three hold
the same rows at the same versions, with no duplicates, and every field holds a value
somebody actually wrote."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable

import pytest
from sqlalchemy import select

from app.models import Person, School, SyncConflict
from app.services.audit import verify_chain
from app.services.sync.conflicts import load_conflicts, resolve_conflict
from app.services.sync.errors import OfflineError
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school
from tests.services.sync.conftest import Device, InProcServer
from tests.services.sync.devices import snapshot
from tests.services.sync.test_engine_edges import CutAfter

MakeDevice = Callable[[str, str], Device]
FIELDS = ("roll", "phone", "notes", "cluster")


def _value(rng: random.Random, field: str, n: int) -> object:
    return rng.randint(1, 2000) if field == "roll" else f"{field} {n}"


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_offline_work_converges(
    seed: int, make_device: MakeDevice, inproc_server: InProcServer
) -> None:
    rng = random.Random(seed)
    devices = [
        make_device("laptop", "aroha"),
        make_device("office", "mere"),
        make_device("tablet", "mere"),
    ]
    schools = [add_school(devices[0].store, f"Kura {i}") for i in range(3)]
    for d in devices:
        d.sync()
        d.sync()
    written: dict[tuple[str, str], set[object]] = {}
    for counter in range(1, 121):
        d = rng.choice(devices)
        action = rng.random()
        if action < 0.45:
            school_id, field = rng.choice(schools), rng.choice(FIELDS)
            value = _value(rng, field, counter)
            with UnitOfWork(d.store) as uow:
                uow.update(uow.get(School, school_id), **{field: value})
            written.setdefault((school_id, field), set()).add(value)
        elif action < 0.6:
            with UnitOfWork(d.store) as uow:
                uow.add(Person, school_id=rng.choice(schools), name=f"Person {counter}")
        elif action < 0.7:
            with d.store.session() as s:
                alive = list(s.scalars(select(Person.id).where(Person.deleted_at.is_(None))))
            if alive:
                with UnitOfWork(d.store) as uow:
                    uow.delete(uow.get(Person, rng.choice(alive)))
        else:
            cut = rng.random()
            if cut < 0.2:
                d.transport = CutAfter(inproc_server.transport, "/sync/push")
            elif cut < 0.35:
                d.transport = CutAfter(inproc_server.transport, "/sync/pull")
            with contextlib.suppress(OfflineError):
                d.sync(verify=rng.random() < 0.5)
            d.transport = inproc_server.transport

    for _round in range(4):
        for d in devices:
            d.sync()
            for item in load_conflicts(d.store):
                resolve_conflict(d.store, d.name, item.id, "theirs")
    for d in devices:
        d.sync()
    first = snapshot(devices[0].store)
    for d in devices[1:]:
        assert snapshot(d.store) == first, d.name
    with devices[0].store.session() as s:
        names = list(s.scalars(select(Person.name)))
        assert len(names) == len(set(names))
        for school_id in schools:
            school = s.get(School, school_id)
            assert school is not None
            for field in FIELDS:
                values = written.get((school_id, field))
                if values:
                    assert getattr(school, field) in values, (school_id, field)
    for d in devices:
        with d.store.session() as s:
            open_ = s.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None)))
            assert list(open_) == []
            assert verify_chain(s) == []  # pulled changes joined the hash chain properly
