"""The cyclic collector runs on the GUI thread only: never started by a worker."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from app.ui.collector import MainThreadCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_automatic_collector_is_off_and_the_timer_collects(
    qtbot: QtBot, main_thread_collector: MainThreadCollector
) -> None:
    assert not gc.isenabled()
    collected_in: list[str] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collected_in.append(threading.current_thread().name)

    def allocate() -> None:
        for _ in range(50_000):
            _Cycle()  # far past generation 0's threshold

    gc.callbacks.append(note)
    try:
        worker = threading.Thread(target=allocate, name="worker")
        worker.start()
        worker.join()
        assert collected_in == []  # the worker never started a collection
        qtbot.waitUntil(lambda: bool(collected_in), timeout=5_000)
    finally:
        gc.callbacks.remove(note)
    assert set(collected_in) == {threading.main_thread().name}
