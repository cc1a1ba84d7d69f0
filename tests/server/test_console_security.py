"""The admin console's defences, against a real server process: every route refuses an
anonymous request and an officer; a supervisor cannot reach another district's users,
devices, schools or audit; posts need the CSRF token; the cookie and headers are strict."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
from fastapi.routing import APIRoute
from sqlalchemy import select

from server.console import ROUTERS
from server.console.sessions import COOKIE, SIGNED_IN
from server.console.web import PREFIX
from server.db import open_database
from server.models import Assignment, ConsoleSession, Device, RegistrySchool, User
from server.security import new_token, token_hash
from tests.server.console_helpers import Console
from tests.server.console_world import World, world

__all__ = ["world"]  # the module-scoped fixture, used by name


def _routes(w: World, user: int, device: int, school: str) -> list[tuple[str, str]]:
    return [
        ("GET", "/admin/"),
        ("GET", "/admin/users"),
        ("GET", f"/admin/users/{user}"),
        ("GET", "/admin/devices"),
        ("GET", "/admin/schools"),
        ("GET", f"/admin/schools/{school}"),
        ("GET", "/admin/audit"),
        ("GET", "/admin/summary"),
        ("POST", "/admin/users"),
        ("POST", f"/admin/users/{user}/disable"),
        ("POST", f"/admin/users/{user}/enable"),
        ("POST", f"/admin/users/{user}/reset-password"),
        ("POST", f"/admin/users/{user}/reset-second-factor"),
        ("POST", f"/admin/users/{user}/role"),
        ("POST", f"/admin/devices/{device}/revoke"),
        ("POST", "/admin/schools/import"),
        ("POST", f"/admin/schools/{school}/assign"),
        ("POST", f"/admin/schools/{school}/unassign"),
    ]


PUBLIC = {
    "/admin/static/console.css",
    "/admin/sign-in",
    "/admin/second-factor",
    "/admin/enrol",
    "/admin/password",
    "/admin/sign-out",
    "/admin/new-password",
}


def test_the_route_list_here_is_every_console_route(world: World) -> None:
    registered = {
        (method, PREFIX + route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and PREFIX + route.path not in PUBLIC
        for method in route.methods
        if method != "HEAD"
    }
    listed = {
        (m, re.sub(r"/(\d+|[0-9a-f-]{36})(/|$)", lambda x: "/{id}" + x.group(2), p))
        for m, p in _routes(world, 1, 2, world.own_school)
    }
    normalised = {(m, re.sub(r"\{[a-z_]+\}", "{id}", p)) for m, p in registered}
    assert normalised == listed


def _send(client: Console, method: str, path: str) -> httpx.Response:
    if method == "GET":
        return client.get(path)
    return client.post(path, {"user_id": "1", "role": "admin", "username": "x"})


def test_every_route_sends_an_anonymous_request_to_sign_in(world: World) -> None:
    anonymous = Console(world.server.url)
    for method, path in _routes(world, world.own_officer, world.other_device, world.own_school):
        answer = _send(anonymous, method, path)
        assert answer.status_code == 303, (method, path)
        assert answer.headers["location"] == "/admin/sign-in", (method, path)
        assert "Kōwhai" not in answer.text
    anonymous.close()


def test_an_officer_cannot_sign_in_nor_use_a_forged_session(world: World) -> None:
    officer = Console(world.server.url)
    officer.get("/admin/sign-in")
    refused = officer.post(
        "/admin/sign-in", {"username": world.users.officer, "password": world.users.password}
    )
    assert refused.status_code == 403
    assert "officers use the desktop app" in refused.text
    assert COOKIE not in officer.cookies

    cookie = new_token()
    db = open_database(world.server.database_url)
    with db.writing() as session:
        session.add(
            ConsoleSession(
                id_hash=token_hash(cookie),
                user_id=world.own_officer,
                stage=SIGNED_IN,
                csrf_token="forged-token",
                notice="",
            )
        )
    db.dispose()
    officer.cookies[COOKIE] = cookie
    officer.csrf = "forged-token"
    for method, path in _routes(world, world.own_officer, world.other_device, world.own_school):
        answer = _send(officer, method, path)
        assert answer.status_code == 403, (method, path)
        assert "Kōwhai" not in answer.text
    officer.close()


def test_a_supervisor_cannot_reach_another_district(world: World) -> None:
    supervisor = Console(world.server.url)
    supervisor.sign_in(world.users.supervisor, world.users.password, world.supervisor_secret)
    for method, path in _routes(world, world.other_officer, world.other_device, world.other_school):
        ids = (f"/{world.other_officer}/", f"/{world.other_device}/", world.other_school)
        if not any(i in path + "/" for i in ids):
            continue  # list pages and creation: checked below for what they show and do
        answer = _send(supervisor, method, path)
        assert answer.status_code in (403, 404), (method, path, answer.status_code)
        assert "Tōtara" not in answer.text and world.users.other_officer not in answer.text
    # An officer of their own district is fine; so is their own school.
    assert supervisor.get(f"/admin/users/{world.own_officer}").status_code == 200
    assert supervisor.get(f"/admin/schools/{world.own_school}").status_code == 200
    for path in ("/admin/", "/admin/users", "/admin/devices", "/admin/schools", "/admin/audit"):
        page = supervisor.get(path)
        assert page.status_code == 200, path
        assert "Tōtara" not in page.text and world.users.other_officer not in page.text, path
        assert "Mere&#39;s laptop" not in page.text, path
    for query in ({"school": "Tōtara"}, {"user": "mere"}, {"device": str(world.other_device)}):
        page = supervisor.get("/admin/audit", **query)
        assert "Nothing matches." in page.text, query
    # Not even an admin-only choice of district reaches the other one.
    other = supervisor.get("/admin/", district="2")
    assert world.users.district in other.text and "Tōtara" not in other.text
    imported = supervisor.post(
        "/admin/schools/import",
        {"district_id": "2"},
        files={"file": ("s.csv", b"name\nRimu School\n", "text/csv")},
    )
    assert imported.status_code == 303
    supervisor.close()

    db = open_database(world.server.database_url)
    with db.reading() as session:
        mere = session.get(User, world.other_officer)
        assert mere is not None and not mere.disabled and not mere.must_change_password
        assert mere.role == "officer"
        device = session.get(Device, world.other_device)
        assert device is not None and not device.revoked
        assert session.scalars(
            select(Assignment.user_id).where(Assignment.school_id == world.other_school)
        ).all() == [world.other_officer]
        rimu = session.scalar(select(RegistrySchool).where(RegistrySchool.name == "Rimu School"))
        assert rimu is not None and rimu.district_id == 1  # into their own district only
    db.dispose()


def test_a_form_post_without_the_csrf_token_is_refused(world: World) -> None:
    supervisor = Console(world.server.url)
    supervisor.sign_in(world.users.supervisor, world.users.password, world.supervisor_secret)
    path = f"/admin/users/{world.own_officer}/disable"
    for token in (None, "wrong"):
        data = {} if token is None else {"csrf_token": token}
        answer = supervisor.post(path, data, csrf=False)
        assert answer.status_code == 403
        assert "Form expired" in answer.text
    db = open_database(world.server.database_url)
    with db.reading() as session:
        officer = session.get(User, world.own_officer)
        assert officer is not None and not officer.disabled
    db.dispose()
    # The sign-in form too: no token, no sign-in.
    fresh = Console(world.server.url)
    answer = fresh.post(
        "/admin/sign-in",
        {"username": world.users.supervisor, "password": world.users.password},
        csrf=False,
    )
    assert answer.status_code == 403 and COOKIE not in fresh.cookies
    supervisor.close()
    fresh.close()


def test_cookie_flags_headers_and_idle_timeout(world: World) -> None:
    console = Console(world.server.url)
    console.sign_in(world.users.supervisor, world.users.password, world.supervisor_secret)
    session_cookies = [h for h in console.set_cookie_headers if h.startswith(f"{COOKIE}=")]
    assert session_cookies
    for header in session_cookies:
        flags = {part.strip().lower() for part in header.split(";")[1:]}
        assert {"secure", "httponly", "samesite=strict", "path=/admin"} <= flags, header
    for path in ("/admin/", "/admin/sign-in", "/admin/static/console.css", "/admin/users/999"):
        answer = console.get(path)
        csp = answer.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp
        assert "frame-ancestors 'none'" in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "<script" not in answer.text and "style=" not in answer.text

    db = open_database(world.server.database_url)
    with db.writing() as session:
        row = session.get(ConsoleSession, token_hash(console.cookies[COOKIE]))
        assert row is not None
        row.last_seen_at = datetime.now(UTC) - timedelta(minutes=16)
    db.dispose()
    timed_out = console.get("/admin/users")
    assert timed_out.status_code == 303 and timed_out.headers["location"] == "/admin/sign-in"

    console.sign_in(world.users.supervisor, world.users.password, world.supervisor_secret)
    console.get("/admin/")
    signed_out = console.post("/admin/sign-out")
    assert signed_out.status_code == 303
    assert console.get("/admin/").status_code == 303
    console.close()


def test_api_docs_load_nothing_from_outside(world: World) -> None:
    docs = httpx.get(f"{world.server.url}/docs")
    assert docs.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert httpx.get(f"{world.server.url}{source}").status_code == 200, source
    assert httpx.get(f"{world.server.url}/redoc").status_code == 404


def test_malformed_requests_get_a_refusal_not_a_crash(world: World) -> None:
    admin = Console(world.server.url)
    admin.sign_in(world.users.supervisor, world.users.password, world.supervisor_secret)
    admin.get("/admin/users")
    answers = [
        admin.get("/admin/users/not-a-number"),
        admin.get("/admin/schools/no-such-school"),
        admin.get("/admin/audit", **{"from": "yesterday"}),
        admin.post("/admin/users", {"username": "x", "district_id": "abc"}),
        admin.post("/admin/users", {"username": "", "role": "officer"}),
        admin.post("/admin/schools/import", {"file": "not a file"}),
        admin.post(f"/admin/schools/{world.own_school}/assign", {"user_id": "many"}),
    ]
    for answer in answers:
        assert 400 <= answer.status_code < 500, (answer.request.url, answer.status_code)
    assert "Username: A user needs a name." in answers[4].text
    assert "From: “yesterday” is not a date; use dd/mm/yyyy." in answers[2].text
    admin.close()
