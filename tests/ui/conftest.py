"""Screen tests run with the app's collector arrangement: Python's cyclic garbage
collector only on the GUI thread (``app.ui.collector``), as in the running app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.ui.collector import MainThreadCollector


@pytest.fixture(scope="session", autouse=True)
def main_thread_collector(qapp: QApplication) -> Iterator[MainThreadCollector]:
    collector = MainThreadCollector(qapp)
    yield collector
    collector.stop()
