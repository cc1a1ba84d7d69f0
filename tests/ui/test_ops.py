from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.ops import Op, wait_for_all


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
