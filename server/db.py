"""Engine, sessions and migrations for the server store.

SQLite: every write transaction starts with ``BEGIN IMMEDIATE`` so pushes take the write
lock up front (a deferred transaction that reads, then writes, can fail instead of
waiting). PostgreSQL: a push locks the records it changes, then the counter row for a
moment at its end (``server.seqs``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from pydantic_core import from_json, to_json
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
WRITE_OPTION = "lpc_write"
POOL_SIZE = 10  # PostgreSQL connections a worker keeps open: one per request thread
POOL_OVERFLOW = 10


def json_text(value: Any) -> str:
    """JSON columns' text: a push writes four JSON values per change, and this is several
    times faster than ``json.dumps`` (compact, UTF-8 kept; reads back the same)."""
    return to_json(value).decode("utf-8")


def make_engine(url: str) -> Engine:
    # hide_parameters: a database error's text (which may reach a log) never quotes record
    # content or password hashes.
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            hide_parameters=True,
            json_serializer=json_text,
            json_deserializer=from_json,
        )
        _sqlite_setup(engine)
        return engine
    # The pool holds as many connections as a worker runs requests at once
    # (``server.api`` sets its thread limit to POOL_SIZE): with SQLAlchemy's default of
    # 5, a burst closed its extra connections on return and opened new ones, and a new
    # PostgreSQL backend costs more CPU than the few requests it serves. The overflow is
    # a margin, never a wait for a connection.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
        hide_parameters=True,
        json_serializer=json_text,
        json_deserializer=from_json,  # every record read back: faster than json.loads
    )


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


class Database:
    """The engine plus two session factories: read-only work and serialised writes.

    PostgreSQL reads run without a transaction (autocommit). Under READ COMMITTED every
    statement already sees its own snapshot, so a ``BEGIN`` … ``ROLLBACK`` around a read
    adds two round trips (and work for PostgreSQL) and changes nothing it returns; a
    sync request was spending a third of its statements on them. SQLite keeps its
    ``BEGIN``: there a read transaction is one snapshot for all its statements.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.read_engine = (
            self.engine
            if is_sqlite(self.engine)
            else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)
        self.write_engine = self.engine.execution_options(**{WRITE_OPTION: True})
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only (PostgreSQL: nothing it wrote would be rolled back)."""
        with self._read() as session:
            yield session

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A connection for a few Core reads, without a Session's bookkeeping."""
        with self.read_engine.connect() as conn:
            yield conn

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A write transaction on a bare connection, committed when the block ends."""
        with self.write_engine.begin() as conn:
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction committed when the block ends, rolled back on any exception."""
        with self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the store to the newest server schema (an empty database gets every table)."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def open_database(url: str) -> Database:
    db = Database(url)
    upgrade(db.engine)
    return db


@cache
def schema_head() -> str:
    """The newest server revision (read once: the migration scripts do not change)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def readiness_problem(db: Database) -> str | None:
    """Why this server cannot serve devices yet, in a sentence; None when it can."""
    from alembic.migration import MigrationContext

    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"version_table": "server_alembic_version"}
            )
            current = context.get_current_revision()
    except Exception:  # the reason may quote the URL; the log of the caller has it
        return "The database cannot be reached."
    if current != schema_head():
        return (
            f"The database schema is {current or 'empty'}; this server needs {schema_head()}. "
            "Start the server again so it upgrades the database."
        )
    return None
