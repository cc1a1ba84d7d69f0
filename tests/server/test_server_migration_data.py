"""Upgrading a server store keeps every value (s0003 -> s0004 adds the console's columns
and tables; users keep their names, hashes, roles and districts, and the sign-in failures
the throttle counts stay counted)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from server.db import alembic_config
from tests.server_harness import sqlite_url


def test_users_and_devices_survive_the_console_migration(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "s0003")
        conn.execute(
            text("INSERT INTO districts (id, name, created_at) VALUES (1, 'Waitematā', :t)"),
            {"t": "2026-11-30 01:02:03.000000"},
        )
        conn.execute(
            text(
                "INSERT INTO users (id, username, password_hash, role, district_id, created_at) "
                "VALUES (7, 'kaiwhakahaere.ānaru', '$argon2id$hash', 'supervisor', 1, :t)"
            ),
            {"t": "2026-11-30 01:02:04.000000"},
        )
        conn.execute(
            text(
                "INSERT INTO devices (id, user_id, client_device_id, name, token_hash, revoked, "
                "created_at, last_seen_at) VALUES (3, 7, 'dev-1', 'Tūī laptop', 'abc', 1, :t, :t)"
            ),
            {"t": "2026-11-30 01:02:05.000000"},
        )
        conn.execute(
            text(
                "INSERT INTO login_failures (id, username, address, failed_at) "
                "VALUES (5, 'kaiwhakahaere.ānaru', '10.1.2.3', 1796000000.5)"
            )
        )
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
        user = conn.execute(
            text(
                "SELECT username, password_hash, role, district_id, created_at, disabled, "
                "must_change_password, totp_secret FROM users"
            )
        ).one()
        device = conn.execute(
            text("SELECT user_id, client_device_id, name, token_hash, revoked FROM devices")
        ).one()
        failure = conn.execute(
            text("SELECT id, username, address, failed_at FROM login_failures")
        ).one()
        tables = {
            name
            for (name,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        }
    engine.dispose()
    assert tuple(user) == (
        "kaiwhakahaere.ānaru",
        "$argon2id$hash",
        "supervisor",
        1,
        "2026-11-30 01:02:04.000000",
        0,
        0,
        None,
    )
    assert tuple(device) == (7, "dev-1", "Tūī laptop", "abc", 1)
    assert tuple(failure) == (5, "kaiwhakahaere.ānaru", "10.1.2.3", 1796000000.5)
    assert {"console_sessions", "recovery_codes", "console_actions"} <= tables
