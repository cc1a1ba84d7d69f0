"""Console accounts against a real server: wrong codes throttled, recovery codes used
once, disabled and reset users refused (the app shows why) until they choose a new
password, and a browser that drops the cookie told why."""

from __future__ import annotations

import re

import httpx
import pyotp
import pytest
from sqlalchemy import select

from app.services.sync.client import ApiClient
from app.services.sync.errors import AccountRefusedError
from server.console.sessions import COOKIE
from server.db import open_database
from server.directory import create_user
from server.models import ConsoleAction, User
from tests.server.console_helpers import Console, user_id
from tests.server.console_world import World, world
from tests.server_harness import login

__all__ = ["world"]  # the module-scoped fixture, used by name


def test_wrong_codes_are_throttled_and_a_recovery_code_works_once(world: World) -> None:
    db = open_database(world.server.database_url)
    with db.writing() as session:
        create_user(session, "admin.kiri", world.users.password, "admin", world.users.district)
    db.dispose()
    admin = Console(world.server.url)
    admin.get("/admin/sign-in")
    admin.post("/admin/sign-in", {"username": "admin.kiri", "password": world.users.password})
    enrol = admin.get("/admin/enrol")
    assert "<svg" in enrol.text  # the QR code, drawn here
    secret = re.search(r'<code id="secret">([A-Z2-7]+)</code>', enrol.text)
    assert secret is not None
    codes_page = admin.post("/admin/enrol", {"code": pyotp.TOTP(secret.group(1)).now()})
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", codes_page.text)
    assert len(codes) == 10
    admin.close()
    db = open_database(world.server.database_url)
    with db.reading() as session:
        stored = session.execute(
            select(User.totp_secret).where(User.username == "admin.kiri")
        ).scalar_one()
        assert stored == secret.group(1)
        from server.models import RecoveryCode

        hashes = session.scalars(
            select(RecoveryCode.code_hash)
            .join(User, User.id == RecoveryCode.user_id)
            .where(User.username == "admin.kiri")
        ).all()
        assert len(hashes) == 10 and not any(c in h for c in codes for h in hashes)
    db.dispose()

    again = Console(world.server.url)
    again.get("/admin/sign-in")
    again.post("/admin/sign-in", {"username": "admin.kiri", "password": world.users.password})
    again.get("/admin/second-factor")
    used = again.post("/admin/second-factor", {"code": codes[0]})
    assert used.status_code == 303 and used.headers["location"] == "/admin/"
    again.close()
    third = Console(world.server.url)
    third.get("/admin/sign-in")
    third.post("/admin/sign-in", {"username": "admin.kiri", "password": world.users.password})
    third.get("/admin/second-factor")
    assert third.post("/admin/second-factor", {"code": codes[0]}).status_code == 401
    for _ in range(4):
        assert third.post("/admin/second-factor", {"code": "000000"}).status_code == 401
    right = third.post("/admin/second-factor", {"code": pyotp.TOTP(secret.group(1)).now()})
    assert right.status_code == 429  # five wrong codes: even the right one waits
    assert "Too many" in right.text
    third.close()


def test_disabled_and_reset_users_cannot_sync_until_they_choose_a_password(
    world: World,
) -> None:
    db = open_database(world.server.database_url)
    with db.writing() as session:
        create_user(session, "officer.tama", world.users.password, "officer", world.users.district)
    db.dispose()
    tama = user_id(world.server.database_url, "officer.tama")
    token = login(world.server, "officer.tama")
    supervisor = Console(world.server.url)
    supervisor.sign_in(world.users.supervisor, world.users.password, world.supervisor_secret)
    supervisor.get(f"/admin/users/{tama}")
    assert supervisor.post(f"/admin/users/{tama}/disable").status_code == 303
    with world.server.client(token) as api:
        refused = api.get("/me")
    assert refused.status_code == 401 and "disabled" in refused.json()["message"]
    with (
        ApiClient(world.server.url) as client,
        pytest.raises(AccountRefusedError, match="disabled"),
    ):
        client.login("officer.tama", world.users.password, "laptop", "d2")
    supervisor.get(f"/admin/users/{tama}")
    supervisor.post(f"/admin/users/{tama}/enable")
    shown = supervisor.post(f"/admin/users/{tama}/reset-password")
    temporary = re.search(r'id="temporary-password" class="big">([^<]+)<', shown.text)
    assert temporary is not None
    answer = httpx.post(
        f"{world.server.api}/login",
        json={"username": "officer.tama", "password": temporary.group(1), "device_id": "d1"},
    )
    assert answer.status_code == 401
    assert answer.json()["error"] == "password_change_required"
    # The desktop app's sign-in shows the server's sentence, with where to go.
    with (
        ApiClient(world.server.url) as client,
        pytest.raises(AccountRefusedError, match="/admin/new-password, then sign in again"),
    ):
        client.login("officer.tama", temporary.group(1), "laptop", "d1")

    officer = Console(world.server.url)
    officer.get("/admin/new-password")
    changed = officer.post(
        "/admin/new-password",
        {
            "username": "officer.tama",
            "temporary_password": temporary.group(1),
            "new_password": "kōwhai in spring",
            "repeat_password": "kōwhai in spring",
        },
    )
    assert changed.status_code == 200 and "Your password is changed" in changed.text
    login(world.server, "officer.tama", "kōwhai in spring")
    officer.close()
    supervisor.close()

    db = open_database(world.server.database_url)
    with db.reading() as session:
        logged = session.scalars(
            select(ConsoleAction.action).where(ConsoleAction.target_user_id == tama)
        ).all()
    db.dispose()
    assert logged == ["user_disabled", "user_enabled", "password_reset", "changed_password"]


def test_a_browser_that_drops_the_cookie_is_told_why(world: World) -> None:
    """Over plain HTTP to a name other than loopback a browser drops a Secure cookie: the
    page after the password says so instead of looping back to sign in."""
    console = Console(world.server.url)
    console.get("/admin/sign-in")
    answer = console.post(
        "/admin/sign-in", {"username": world.users.supervisor, "password": world.users.password}
    )
    assert answer.status_code == 303
    console.cookies.pop(COOKIE)
    page = console.get("/admin/second-factor")
    assert page.status_code == 400 and "sent only over HTTPS" in page.text
    console.close()
