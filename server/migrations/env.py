"""Alembic environment for the server store. The Config is built in code
(server.db.alembic_config) and hands over an open connection; developers may also run
`alembic -c /dev/null -x url=... ` style commands through server.db."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from server.models import Base, outside_models

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        version_table="server_alembic_version",
        include_name=outside_models,  # the PostgreSQL search index is made by SQL
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
    engine = create_engine(url or "sqlite:///server-dev.db")
    with engine.begin() as conn:
        run_migrations(conn)
