"""The log file says where things failed, never what an officer typed."""

from __future__ import annotations

import logging
from pathlib import Path

from app.logs import LOGGER, configure_logging


def _fail_with_sensitive_text() -> None:
    raise ValueError("Kōwhai Grove School: student disclosed harm at the bus stop")


def test_exceptions_are_logged_without_their_message(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs")
    log = logging.getLogger(LOGGER + ".test")
    try:
        _fail_with_sensitive_text()
    except ValueError:
        log.exception("export failed for school %s", "0b5e-id")
    for handler in logging.getLogger(LOGGER).handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "export failed for school 0b5e-id" in text
    assert "builtins.ValueError" in text
    assert "test_logs.py" in text and "_fail_with_sensitive_text" in text
    assert "Kōwhai" not in text and "bus stop" not in text


def test_opening_a_store_logs_ids_and_counts_only(tmp_path: Path) -> None:
    from app.services.bootstrap import open_app_store

    path = configure_logging(tmp_path / "logs")
    opened = open_app_store(tmp_path / "data")
    opened.store.close()
    for handler in logging.getLogger(LOGGER).handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "store opened" in text and "demo schools seeded: 30" in text
    from app.services.demo import PLACES

    assert not any(place in text for place in PLACES)
