"""When typing is saved: after a short pause, and never later than a set time after the
first unsaved edit, however steadily the officer keeps typing.

A pause alone (a debounce) is restarted by every keystroke, so a long spell of typing
would wait until it ends; the second timer caps that wait so a crash or a kill loses at
most the last second. It is started by the first unsaved edit and left running by later
ones; either timer firing stops both and says the form should save now.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

DEBOUNCE_MS = 600
# Under a second, so the commit that follows also lands within the second.
MAX_WAIT_MS = 800


class SaveTimer(QObject):
    """``due()`` when what was typed should be saved."""

    due = Signal()

    def __init__(
        self, parent: QObject, pause_ms: int = DEBOUNCE_MS, max_wait_ms: int = MAX_WAIT_MS
    ) -> None:
        super().__init__(parent)
        self._pause = QTimer(self, singleShot=True, interval=pause_ms)
        self._limit = QTimer(self, singleShot=True, interval=max_wait_ms)
        self._pause.timeout.connect(self._fire)
        self._limit.timeout.connect(self._fire)

    def touch(self) -> None:
        """An edit: wait for the next pause, but no longer than the cap from the first."""
        self._pause.start()
        if not self._limit.isActive():
            self._limit.start()

    def stop(self) -> None:
        """The form is saving now (or has nothing to save): forget the waits."""
        self._pause.stop()
        self._limit.stop()

    def waiting(self) -> bool:
        return self._pause.isActive() or self._limit.isActive()

    def _fire(self) -> None:
        self.stop()
        self.due.emit()
