from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.long_op import LongOp
from app.ui.ops import Op, on_store_worker, wait_for_all


class _Probe(QWidget):
    got = Signal(object)


def test_result_arrives_on_the_ui_thread(qtbot: QtBot) -> None:
    probe = _Probe()
    qtbot.addWidget(probe)
    worker_threads: list[int] = []

    def work(x: int) -> int:
        worker_threads.append(threading.get_ident())
        return x * 2

    seen: list[tuple[int, bool]] = []

    def done(value: int) -> None:
        seen.append((value, QThread.currentThread() is probe.thread()))
        probe.got.emit(value)

    with qtbot.waitSignal(probe.got, timeout=5000):
        Op(probe, work, 21).success(done).run()
    assert seen == [(42, True)]
    assert worker_threads and worker_threads[0] != threading.get_ident()


def test_failure_is_delivered_with_the_exception(qtbot: QtBot) -> None:
    probe = _Probe()
    qtbot.addWidget(probe)

    def boom() -> None:
        raise ValueError("Roll: -5 is out of range")

    with qtbot.waitSignal(probe.got, timeout=5000) as blocker:
        Op(probe, boom).failure(probe.got.emit).run()
    assert isinstance(blocker.args[0], ValueError)
    assert "Roll" in str(blocker.args[0])


def test_callbacks_are_dropped_when_the_parent_is_gone(qtbot: QtBot) -> None:
    parent = QObject()
    called: list[object] = []
    gate = threading.Event()

    def slow() -> int:
        gate.wait(5)
        return 1

    Op(parent, slow).success(called.append).run()
    parent.deleteLater()
    qtbot.wait(10)
    gate.set()
    wait_for_all()
    qtbot.wait(50)
    assert called == []


def test_a_network_op_writes_on_the_store_worker(qtbot: QtBot) -> None:
    probe = _Probe()
    qtbot.addWidget(probe)
    threads: dict[str, int] = {}

    def save() -> None:
        threads["save"] = threading.get_ident()

    def write() -> str:
        threads["write"] = threading.get_ident()
        # Handing more work to the store worker from the store worker runs it at once.
        return on_store_worker(lambda: "nested")

    def sync() -> str:
        threads["sync"] = threading.get_ident()
        return on_store_worker(write)

    with qtbot.waitSignal(probe.got, timeout=5000):
        # No wait_for_all() between the two: QThreadPool.waitForDone() ends the pool's
        # threads, so the next op would run on a new store thread with a new ident.
        Op(probe, save).run()
        Op(probe, sync).on_network().success(probe.got.emit).run()
    assert threads["write"] == threads["save"] != threads["sync"]


def test_a_long_op_reports_progress_and_hears_cancel(qtbot: QtBot) -> None:
    probe = _Probe()
    qtbot.addWidget(probe)
    task = LongOp(probe, "background")
    seen: list[tuple[object, ...]] = []
    task.progressed.connect(seen.append)
    slow: list[bool] = []
    task.taking_long.connect(lambda: slow.append(True))
    asked = threading.Event()

    def work(label: str, progress: Callable[..., None], cancelled: Callable[[], bool]) -> str:
        for done in range(1000):
            progress(done, label)
            if done == 2:
                asked.set()
            if cancelled():
                return f"stopped at {done}"
            threading.Event().wait(0.005)
        return "ran to the end"

    with qtbot.waitSignal(task.finished, timeout=10_000) as blocker:
        task.start(work, "documents")
        assert task.running
        qtbot.waitUntil(asked.is_set)
        qtbot.waitUntil(lambda: bool(slow), timeout=5000)  # still running after 0.5 s
        task.cancel()
    assert str(blocker.args[0]).startswith("stopped at")
    assert not task.running and task.cancel_requested
    assert seen[:3] == [(0, "documents"), (1, "documents"), (2, "documents")]

    slow.clear()
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        task.start(lambda progress, cancelled: "quick")
    assert blocker.args == ["quick"] and not task.cancel_requested
    qtbot.wait(700)
    assert slow == []  # a quick one never asks for a progress window
