"""The app's log file, written so that it can be handed to IT without exposing anyone.

The log lives in the data folder (``logs/lpc.log``, rotated). It says what the app did and
where it failed, never what an officer typed: our own messages carry ids and counts only,
and for an exception the log keeps its type and the stack (file, line, function) but drops
the exception's message and the source lines, because a message may quote a field value
(a school's name, a note about an incident) that must stay inside the encrypted store.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

LOG_NAME = "lpc.log"
LOGGER = "lpc"
MAX_BYTES = 1_000_000
BACKUPS = 3


def describe_exception(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """The exception's type and where it happened; no message, no source text."""
    frames = traceback.extract_tb(tb)
    lines = [f"{exc_type.__module__}.{exc_type.__qualname__}"]
    lines += [f"  at {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join(lines)


class ContentFreeFormatter(logging.Formatter):
    """Formats records without exception messages (see the module docstring)."""

    def formatException(self, ei: Any) -> str:
        exc_type, _exc, tb = ei
        return describe_exception(exc_type, tb)

    def formatStack(self, stack_info: str) -> str:
        return ""


def configure_logging(logs_dir: Path, level: int = logging.INFO) -> Path:
    """Send the ``lpc`` loggers to a rotating file in ``logs_dir``; returns its path."""
    import logging.handlers  # here, not at the top: it costs start-up time (sockets, pickle)

    logs_dir.mkdir(parents=True, exist_ok=True)
    path = logs_dir / LOG_NAME
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            logger.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(ContentFreeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    return path


def install_crash_handlers(report: Callable[[str], None] | None = None) -> None:
    """Log unexpected exceptions (main thread and worker threads) instead of dying silently.

    ``report`` is told a short, content-free description so the window can say that
    something went wrong without quoting the data that was being handled.
    """
    log = logging.getLogger(LOGGER)

    def on_exception(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        if report is not None:
            report(describe_exception(exc_type, tb))

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        on_exception(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception
