"""Migrations give exactly the models' schema, form one line, and keep data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.models import Base
from app.models.knowledge import outside_models
from app.services import crypto_store, migrate
from app.services.store import make_engine, open_store
from lpc_core.schema_version import SCHEMA_HEAD


def test_upgrade_of_empty_database_matches_models(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "empty.db")
    migrate.upgrade_to_head(engine)
    with engine.connect() as conn:
        # The FTS5 search index (migration 0013) is SQL the models cannot declare.
        context = MigrationContext.configure(conn, opts={"include_name": outside_models})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_revision_chain_is_linear() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = list(script.walk_revisions())
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    for rev in revisions:
        assert not isinstance(rev.down_revision, tuple), f"{rev.revision} is a merge"
    assert script.get_current_head() == SCHEMA_HEAD


def _revisions_oldest_first() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.mark.parametrize("start", _revisions_oldest_first())
def test_data_survives_upgrade_from_every_revision(tmp_path: Path, start: str) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), start)
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO schools (id, created_at, updated_at, row_version, device_id, name, "
            "moe_number, school_type, roll, address, cluster, district, area, phone, notes, "
            "archived) VALUES ('s1', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 3, 'd', "
            "'Ōtaki Kura', 4321, 'full_primary', 210, '', 'Kāhui Ako', '', '', '', '', 0)"
        )
    store = open_store(path, tmp_path / "backups")  # also encrypts the plain file
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT name, moe_number, roll, row_version FROM schools").one()
    assert tuple(row) == ("Ōtaki Kura", 4321, 210, 3)
    assert migrate.current_revision(store.engine) == SCHEMA_HEAD
    if start != SCHEMA_HEAD:
        assert store.backup_made is not None and store.backup_made.exists()
        conn = crypto_store.connect(store.backup_made, store.key)
        assert conn.execute("SELECT name FROM schools").fetchone() == ("Ōtaki Kura",)
        conn.close()
    else:
        assert store.backup_made is None
    store.close()
