"""Where the server keeps its data and which database it uses.

PostgreSQL is the production store (``--database-url`` or ``DATABASE_URL``); without one
the server uses an embedded SQLite file in its data folder, ``./server-data`` by default
(``--data-dir`` or ``LPC_SERVER_DATA_DIR`` to choose another).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA_DIR = Path("server-data")
SQLITE_NAME = "district.db"


def data_dir(option: str | None = None) -> Path:
    chosen = option or os.environ.get("LPC_SERVER_DATA_DIR")
    return Path(chosen) if chosen else DEFAULT_DATA_DIR


def database_url(option: str | None = None, data_dir_option: str | None = None) -> str:
    """The option wins over ``DATABASE_URL``; with neither, SQLite in the data folder."""
    url = option or os.environ.get("DATABASE_URL")
    if url:
        return url
    folder = data_dir(data_dir_option)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / SQLITE_NAME).resolve()}"


def redact(url: str) -> str:
    """The URL with any password replaced, fit for a log line or an error message."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy understands: say nothing of it
        return "<unreadable database URL>"
