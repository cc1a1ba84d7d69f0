"""The server's migrations build exactly its models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

from server.db import alembic_config, open_database
from server.models import Base, SeqCounter
from tests.server_harness import sqlite_url


def _assert_matches_models(url: str) -> None:
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "version_table": "server_alembic_version"}
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
