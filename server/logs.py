"""The server's log lines: plain text for a person, or one JSON object a line for a log
collector (``serve --json-log``). One configuration for the server's own messages and
uvicorn's, applied in every worker.

A line never carries a password, a token or record content: only what the messages
themselves say (``server.api`` and ``server.push`` take care of that).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

PLAIN = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message"}``, plus the exception when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def log_config(json_lines: bool) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn's ``log_config``."""
    formatter: dict[str, Any] = {"()": JsonFormatter} if json_lines else {"format": PLAIN}
    handler = {"class": "logging.StreamHandler", "formatter": "main", "stream": "ext://sys.stderr"}
    loggers = {
        name: {"handlers": ["main"], "level": "INFO", "propagate": False}
        for name in ("server", "uvicorn", "uvicorn.error", "uvicorn.access")
    }
    loggers["alembic"] = {"handlers": ["main"], "level": "WARNING", "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "loggers": loggers,
    }
