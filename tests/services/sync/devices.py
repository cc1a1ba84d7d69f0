"""Stores that act as separate devices, and ways to compare them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import keyring
from sqlalchemy import select

from app.config import AppPaths, AppSettings
from app.models import MODEL_BY_TABLE, SYNCED_MODELS
from app.services import crypto_store, keys
from app.services.store import Store, open_store


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


def snapshot(store: Store) -> dict[tuple[str, str], dict[str, Any]]:
    """Every synced row's content, version and tombstone, for comparing two devices."""
    from lpc_core.wire import row_to_wire

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


def school_assigned_by_supervisor(
    template_db: tuple[Path, str],
    folder: Path,
    server: Any,
    users: Any,
    name: str,
) -> str:
    """A supervisor adds ``name`` on their own device, syncs it, and the district admin
    assigns it to ``users.officer``: the school's id, waiting on the server."""
    from app.services.sync import run_sync
    from app.services.sync.account import sign_in
    from server.db import open_database
    from server.directory import assign, find_school, user_by_name
    from tests.services.helpers import add_school

    other, other_paths = make_store(template_db, folder)
    try:
        sign_in(
            AppSettings(other_paths), other.device_id, server.url, users.supervisor, users.password
        )
        school_id = add_school(other, name)
        run_sync(other, AppSettings(other_paths))
    finally:
        other.close()
    db = open_database(server.database_url)
    try:
        with db.writing() as session:
            officer = user_by_name(session, users.officer)
            assign(session, officer, find_school(session, school_id))
    finally:
        db.dispose()
    return school_id
