"""Demo data is marked by the store, not by the text of a school's district: checked both
ways against a real server process.

1. A real school whose district an officer renames to the demo district's name still
   syncs: its edits reach the server and another device, and stay on the laptop.
2. A demo school whose district is renamed to a real one still never leaves the laptop:
   the server holds no trace of it (no "Unnamed school" made of the edited fields).
"""

from __future__ import annotations

from sqlalchemy import select

from app.models import DemoSchool, OutboxEntry, School
from app.services.demo import DEMO_DISTRICT, seed_demo
from app.services.unit_of_work import UnitOfWork
from tests.server_harness import login
from tests.services.helpers import add_school
from tests.services.sync.devices import get_row
from tests.services.sync.live import Live


def _server_school_names(live: Live) -> set[str]:
    token = login(live.server, live.users.admin)
    with live.server.client(token) as client:
        schools = client.get("/sync/summary").json()["schools"]
        names = set()
        for school_id in schools:
            records = client.get(f"/sync/school/{school_id}").json()["records"]
            names |= {r["fields"].get("name") for r in records if r["table"] == "schools"}
    return names


def test_a_real_school_given_the_demo_districts_name_keeps_syncing(live: Live) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    school_id = add_school(laptop.store, "Rātā Street School", district="Waitematā")
    laptop.sync()
    with UnitOfWork(laptop.store) as uow:
        uow.update(uow.get(School, school_id), district=DEMO_DISTRICT, phone="09 444 5555")
    result = laptop.sync()
    assert result.pushed == 1 and laptop.count(OutboxEntry) == 0
    mine = get_row(laptop.store, "schools", school_id)
    assert (mine.district, mine.phone) == (DEMO_DISTRICT, "09 444 5555")  # kept here
    office.sync()
    theirs = get_row(office.store, "schools", school_id)
    assert (theirs.district, theirs.phone) == (DEMO_DISTRICT, "09 444 5555")  # and there
    assert laptop.sync().refetched == []  # the per-school check finds nothing to undo


def test_a_demo_school_given_a_real_district_never_leaves_the_laptop(live: Live) -> None:
    laptop = live.device("laptop", live.users.officer)
    seed_demo(laptop.store, count=2)
    with laptop.store.session() as s:
        demo_ids = list(s.scalars(select(DemoSchool.school_id)))
    assert len(demo_ids) == 2
    with UnitOfWork(laptop.store) as uow:
        uow.update(uow.get(School, demo_ids[0]), district="Waitematā", phone="09 123 4567")
    real = add_school(laptop.store, "Real School", district="Waitematā")
    laptop.sync()
    assert laptop.count(OutboxEntry) == 0
    assert _server_school_names(live) == {"Real School"}
    office = live.device("office", live.users.supervisor)
    office.sync()
    assert get_row(office.store, "schools", real) is not None
    assert all(get_row(office.store, "schools", d) is None for d in demo_ids)
    assert get_row(laptop.store, "schools", demo_ids[0]).phone == "09 123 4567"
