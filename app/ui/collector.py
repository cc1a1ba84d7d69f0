"""Python's cyclic garbage collector, run only on the GUI thread.

Worker threads (``ops.Op``, sync) allocate freely, and an automatic collection starts in
whichever thread happens to allocate at the wrong moment. If that collection frees a cycle
holding a Qt object, the object is destroyed outside its own thread and Qt crashes the
process (a segfault, seen in a worker loading a school while the window was closing).
So the automatic collector is switched off and a timer on the GUI thread collects
instead, generation by generation as the counts pass the usual thresholds: the same
amount of collecting, always in the thread that owns the widgets. Anki does the same.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> int:
        """Collect the generations whose counts have passed their thresholds; how many
        objects were found unreachable."""
        counts = gc.get_count()
        found = 0
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                found += gc.collect(generation)
                break  # collecting an older generation collects the younger ones too
        return found

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
