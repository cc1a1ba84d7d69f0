"""Alembic environment. The app builds the Config in code (app.services.migrate) and passes
an open connection; the CLI form (`alembic -x url=...`) is supported for developers."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import app.models  # noqa: F401  (registers every table)
from app.models.base import Base
from app.models.knowledge import outside_models

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
        include_name=outside_models,  # the FTS5 search index is made by SQL, not models
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = create_engine(url or "sqlite:///lpc-dev.db")
    with engine.begin() as conn:
        run_migrations(conn)
