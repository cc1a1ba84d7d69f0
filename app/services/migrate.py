"""Schema migrations, run when a store opens: check, back up, upgrade.

The Alembic Config is built here in code (not read from an .ini in the working folder) and
the migrations are found through ``app.paths`` so this also works in a PyInstaller bundle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from app.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported inside the functions: a start-up whose store is already at
# SCHEMA_HEAD never needs it, and importing it costs a noticeable part of start-up time.


# The newest revision, known without loading Alembic so a normal start stays fast.
# tests/migrations checks it matches the scripts' head.
SCHEMA_HEAD = "0006"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads; expected exactly one")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def quick_revision(engine: Engine) -> str | None:
    """The stored revision read with plain SQL (no Alembic import), or None if unknown."""
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    except Exception:  # no table yet, or not readable: the slow path reports why
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def is_known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return any(r.revision == revision for r in script.walk_revisions())
