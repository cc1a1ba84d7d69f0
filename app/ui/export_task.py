"""Runs an export on a worker thread and turns its progress callback into signals.

The exporter knows nothing of Qt: it calls ``progress(done, total, message)`` and polls
``cancelled()`` between documents (after dangerzone's ``ConvertTask``). This object
emits ``progressed`` from the worker; Qt queues it to the window's thread. ``cancel()``
only sets a flag, so it is safe to call from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from app.services.export import ExportOptions, ExportResult, export_schools
from app.services.store import Store
from app.ui.ops import Op


class ExportTask(QObject):
    progressed = Signal(int, int, str)  # done, total, message
    finished = Signal(object)  # ExportResult (also after a cancel)
    failed = Signal(object)  # the exception, with a message meant for people

    def __init__(
        self,
        store: Store,
        school_ids: Sequence[str],
        options: ExportOptions,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.school_ids = list(school_ids)
        self.options = options
        self._cancel = threading.Event()
        self.running = False

    def start(self) -> None:
        self.running = True
        # The export only reads the store, so it runs beside the store worker rather than
        # in its queue: edits made meanwhile still save at once.
        Op(self, self._work).on_network().success(self._done).failure(self._failed).run()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _work(self) -> ExportResult:
        return export_schools(
            self.store, self.school_ids, self.options, self._report, self._cancel.is_set
        )

    def _report(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(done, total, message)

    def _done(self, result: ExportResult) -> None:
        self.running = False
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.failed.emit(exc)
