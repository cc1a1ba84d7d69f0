"""One bridge between a long, Qt-free service call and the window: progress and cancel.

Services report progress through a plain callback and poll a plain ``cancelled()``
callable between steps (STYLE.md item 4). A ``LongOp`` hands the service both, runs it
through ``Op`` on the pool its role calls for, and turns what the worker reports into
signals delivered on the UI thread (after dangerzone's ``ConvertTask``). ``taking_long``
fires once if the work is still running after ``PROGRESS_DELAY_MS``, so a progress
window appears only for work that is slow enough to need one (after Anki's
``aqt/progress.py``). Export and sync both use it; so should any new long operation.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.ops import Op, Role

PROGRESS_DELAY_MS = 500


class LongOp(QObject):
    """Reusable: each ``start`` clears the cancel flag. ``cancel`` only sets a flag, so it
    is safe from any thread; the service stops at its next check."""

    progressed = Signal(object)  # what the service reported, as its callback's arguments
    taking_long = Signal()
    finished = Signal(object)  # the service's result (also after a cancel it honoured)
    failed = Signal(object)  # the exception, with a message meant for people

    def __init__(self, parent: QObject, role: Role = "store") -> None:
        super().__init__(parent)
        self.role: Role = role
        self.running = False
        self._cancel = threading.Event()
        self._delay = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._delay.timeout.connect(self._still_running)

    def start(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run ``fn(*args, **kwargs, progress=..., cancelled=...)`` off the UI thread."""
        self.running = True
        self._cancel.clear()
        kwargs.update(progress=self.report, cancelled=self.cancelled)
        work = functools.partial(fn, *args, **kwargs)
        Op(self, work).on(self.role).success(self._done).failure(self._failed).run()
        self._delay.start()

    def report(self, *values: Any) -> None:
        """The service's progress callback; called on the worker thread."""
        self.progressed.emit(values)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _still_running(self) -> None:
        if self.running:
            self.taking_long.emit()

    def _done(self, result: object) -> None:
        self.running = False
        self._delay.stop()
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self._delay.stop()
        self.failed.emit(exc)
