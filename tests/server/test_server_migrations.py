"""The server's migrations build exactly its models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, select, text

from server.db import alembic_config, open_database
from server.models import Base, SeqCounter, outside_models
from tests.server_harness import sqlite_url


def _assert_matches_models(url: str) -> None:
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "version_table": "server_alembic_version",
                    # PostgreSQL's full-text index (s0009) is SQL the models cannot declare.
                    "include_name": outside_models,
                },
            )
            assert compare_metadata(context, Base.metadata) == []
        with db.reading() as session:
            assert session.scalars(select(SeqCounter)).one().value == 0
        open_database(url).dispose()  # a second upgrade is a no-op
    finally:
        db.dispose()


def test_sqlite_schema_matches_models(tmp_path: Path) -> None:
    _assert_matches_models(sqlite_url(tmp_path))


def test_postgres_schema_matches_models(postgres_url: str) -> None:
    _assert_matches_models(postgres_url)


def test_revision_chain_is_linear() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert [r.down_revision for r in script.walk_revisions()][-1] is None


# One row in every table of the first revision, as a store in service would hold them.
_ROWS_AT_S0001: dict[str, list[dict[str, object]]] = {
    "districts": [{"id": 1, "name": "Waitematā", "created_at": "2026-11-25 01:00:00"}],
    "users": [
        {
            "id": 1,
            "username": "aroha.t",
            "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
            "role": "officer",
            "district_id": 1,
            "created_at": "2026-11-25 01:00:00",
        }
    ],
    "devices": [
        {
            "id": 1,
            "user_id": 1,
            "client_device_id": "device-1",
            "name": "Aroha's laptop",
            "token_hash": "ab" * 32,
            "revoked": False,
            "created_at": "2026-11-25 01:00:00",
            "last_seen_at": "2026-11-26 02:00:00",
        }
    ],
    "school_registry": [
        {
            "id": "s1",
            "district_id": 1,
            "name": "Ōtaki Kura",
            "moe_number": 4321,
            "created_at": "2026-11-25 01:00:00",
        }
    ],
    "assignments": [{"user_id": 1, "school_id": "s1", "created_at": "2026-11-25 01:00:00"}],
    "records": [
        {
            "table_name": "schools",
            "row_id": "s1",
            "school_id": "s1",
            "fields": '{"name": "Ōtaki Kura", "roll": 210}',
            "row_version": 3,
            "field_versions": '{"name": 1, "roll": 3}',
            "deleted": False,
            "seq": 7,
            "updated_by_user_id": 1,
            "updated_by_device_id": 1,
            "updated_at": "2026-11-26 02:00:00",
        }
    ],
    "change_log": [
        {
            "id": 1,
            "change_id": "c1",
            "batch_id": "b1",
            "user_id": 1,
            "device_id": 1,
            "received_at": "2026-11-26 02:00:00",
            "table_name": "schools",
            "row_id": "s1",
            "status": "applied",
            "result": '{"status": "applied"}',
        }
    ],
    "batches": [
        {
            "batch_id": "b1",
            "user_id": 1,
            "device_id": 1,
            "received_at": "2026-11-26 02:00:00",
            "response": '{"results": []}',
        }
    ],
    "client_audit": [
        {
            "id": "a1",
            "school_id": "s1",
            "entry": '{"id": "a1", "hash": "ff"}',
            "user_id": 1,
            "device_id": 1,
            "received_at": "2026-11-26 02:00:00",
        }
    ],
}


def _revisions_oldest_first() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _table_rows(conn: Connection, table: str, columns: list[str]) -> list[tuple[object, ...]]:
    """The columns the row was written with: a later revision may add columns (the
    console's user flags), and what is checked is that every value written arrives."""
    rows = conn.execute(text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1"))
    return [tuple(r) for r in rows]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_data_survives_every_server_migration(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue("postgres_url") if backend == "postgres" else sqlite_url(tmp_path)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "s0001")
            for table, rows in _ROWS_AT_S0001.items():
                columns = list(rows[0])
                conn.execute(
                    text(
                        f"INSERT INTO {table} ({', '.join(columns)}) "
                        f"VALUES ({', '.join(':' + c for c in columns)})"
                    ),
                    rows,
                )
            conn.execute(text("UPDATE seq_counter SET value = 7"))
            columns = {t: list(rows[0]) for t, rows in _ROWS_AT_S0001.items()}
            columns["seq_counter"] = ["id", "value"]
            before = {t: _table_rows(conn, t, c) for t, c in columns.items()}
        for revision in _revisions_oldest_first()[1:]:
            with engine.begin() as conn:
                command.upgrade(alembic_config(conn), revision)
            with engine.connect() as conn:
                after = {t: _table_rows(conn, t, c) for t, c in columns.items()}
            assert after == before, f"a value changed on the way to {revision}"
    finally:
        engine.dispose()
