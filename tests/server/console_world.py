"""A server with two districts for the console tests (module-scoped, per backend):
schools, an assigned officer with a signed-in laptop in the other district, and a
supervisor who has set up their second factor."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from server.db import open_database
from server.directory import assign, create_user, find_school, user_by_name
from server.models import Device
from server.schools import import_schools
from tests.server.console_helpers import Console, user_id
from tests.server_harness import RunningServer, SeededUsers, login, seed_users, start_server

OTHER_SUPERVISOR = "sergeant.rawiri"


@dataclass
class World:
    server: RunningServer
    users: SeededUsers
    own_school: str
    other_school: str
    own_officer: int
    other_officer: int
    other_device: int
    supervisor_secret: str


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """One server per backend for the module: SQLite, and PostgreSQL (production)."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_cluster").new_database()
    server = start_server(tmp_path_factory.mktemp("console-security"), url)
    users = seed_users(server.database_url)
    db = open_database(server.database_url)
    with db.writing() as session:
        create_user(session, OTHER_SUPERVISOR, users.password, "supervisor", users.other_district)
        import_schools(session, [{"name": "Kōwhai Primary"}], users.district)
        import_schools(session, [{"name": "Tōtara Kura"}], users.other_district)
        own = find_school(session, "Kōwhai Primary").id
        other = find_school(session, "Tōtara Kura").id
        assign(session, user_by_name(session, users.other_officer), find_school(session, other))
    db.dispose()
    login(server, users.other_officer, device_name="Mere's laptop")
    db = open_database(server.database_url)
    with db.reading() as session:
        device = session.scalar(select(Device.id))
    db.dispose()
    assert device is not None
    supervisor = Console(server.url)
    secret = supervisor.sign_in(users.supervisor, users.password)
    supervisor.close()
    yield World(
        server,
        users,
        own,
        other,
        user_id(server.database_url, users.officer),
        user_id(server.database_url, users.other_officer),
        device,
        secret,
    )
    server.stop()
