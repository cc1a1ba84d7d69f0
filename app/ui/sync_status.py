"""Sync in the window: a controller that runs syncs off the UI thread, and the status-bar
widget that shows how it went.

Working offline is the normal state of an officer in a school, so an unreachable server
only changes the status text; it never opens a dialog. The controller turns the service's
plain progress callback into a queued signal (STYLE.md item 4).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from app.config import AppSettings
from app.ui.long_op import LongOp
from app.ui.ops import Op, on_store_worker

if TYPE_CHECKING:
    from app.services.store import Store
    from app.services.sync.engine import SyncResult
    from app.services.sync.status import SyncOverview

AUTO_SYNC_MS = 5 * 60 * 1000
FIRST_SYNC_MS = 3_000  # let the window settle before the first sync
VERIFY_EVERY = 6  # automatic syncs skip the digest check except every sixth (about 30 min)

NOT_SET_UP, OFFLINE, SYNCING, UP_TO_DATE, CONFLICTS, SIGN_IN, ERROR = (
    "not_set_up",
    "offline",
    "syncing",
    "up_to_date",
    "conflicts",
    "sign_in",
    "error",
)

_PHASE_WORDS = {
    "push": "sending",
    "pull": "receiving",
    "check": "checking schools",
    "files": "attached files",
}


@dataclass(frozen=True)
class SyncState:
    kind: str
    reason: str = ""
    phase: str = ""
    done: int = 0
    total: int = 0
    last_sync: datetime | None = None
    conflicts: int = 0  # conflicts and refused changes still to decide on
    pending: int = 0
    refused: int = 0  # of ``conflicts``, changes the district server refused

    def text(self) -> str:
        from app.services.sync.status import format_sync_time

        last = format_sync_time(self.last_sync)
        if self.kind == NOT_SET_UP:
            return "Sync not set up"
        if self.kind == SYNCING:
            words = _PHASE_WORDS.get(self.phase, "starting")
            if self.total:
                return f"Syncing: {words} {self.done:,} of {self.total:,}"
            return f"Syncing: {words}" + (f" {self.done:,}" if self.done else "…")
        if self.kind == OFFLINE:
            waiting = f", {self.pending:,} changes waiting" if self.pending else ""
            return f"Offline{waiting} · last sync {last}"
        if self.kind == CONFLICTS:
            if self.refused:
                noun = "problem" if self.conflicts == 1 else "problems"
                return f"{self.conflicts} sync {noun} to resolve"
            noun = "conflict" if self.conflicts == 1 else "conflicts"
            return f"{self.conflicts} sync {noun} to resolve"
        if self.kind == UP_TO_DATE:
            return f"Up to date · last sync {last}"
        if self.kind == SIGN_IN:
            return "Sign in again to sync"
        return "Sync problem: " + (self.reason.split(". ")[0] if self.reason else "unknown")

    def colour(self) -> str:
        return {
            NOT_SET_UP: "#7a7a7a",
            OFFLINE: "#8a6d00",
            SYNCING: "#1f5fa8",
            UP_TO_DATE: "#2e7d32",
            CONFLICTS: "#c05800",
            SIGN_IN: "#b3261e",
            ERROR: "#b3261e",
        }.get(self.kind, "#7a7a7a")


class SyncController(QObject):
    """Owns syncing for one open store. Wire ``state_changed`` to a ``SyncStatusWidget``
    and ``data_changed`` to the window's refresh."""

    state_changed = Signal(object)  # SyncState
    data_changed = Signal()

    def __init__(self, store: Store, settings: AppSettings, parent: QObject) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.state = SyncState(NOT_SET_UP)
        self.running = False
        self.loaded = False  # the store and settings have been read once
        # Waits on the server; its writes to the store go through the store worker.
        self.task = LongOp(self, "network")
        self.task.progressed.connect(lambda values: self._on_progress(*values))
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        self._auto_runs = 0
        self._handshake_done = False  # GET /me once per session, not on every sync
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_SYNC_MS)
        self.timer.timeout.connect(self._auto_sync)
        self.refresh(start=True)

    # -- public -----------------------------------------------------------------------
    def refresh(self, start: bool = False) -> None:
        """Re-read settings, conflicts and last sync (after signing in, or resolving)."""
        from app.services.sync.status import overview

        Op(self, overview, self.store, self.settings).in_background().success(
            lambda o: self._overview_ready(o, start)
        ).failure(lambda exc: self._set(SyncState(ERROR, reason=str(exc)))).run()

    def sync_now(self, verify: bool = True) -> None:
        if self.running:
            return
        from app.services.sync.engine import run_sync

        self.running = True
        self._set(replace(self.state, kind=SYNCING, phase="", done=0, total=0))
        self.task.start(
            run_sync,
            self.store,
            self.settings,
            handshake=not self._handshake_done,
            verify=verify,
            writer=on_store_worker,
        )

    def account_changed(self) -> None:
        """After signing in or out (``SyncSettingsDialog.account_changed``): re-read the
        settings and, when signed in, say hello to the server and sync soon."""
        self._handshake_done = False
        self.refresh(start=True)

    def cancel(self) -> None:
        self.task.cancel()

    def stop(self) -> None:
        """On close: no more automatic syncs; a running one stops at its next step."""
        self.timer.stop()
        self.task.cancel()

    # -- internals ----------------------------------------------------------------------
    def _auto_sync(self) -> None:
        self._auto_runs += 1
        self.sync_now(verify=self._auto_runs % VERIFY_EVERY == 0)

    def _overview_ready(self, o: SyncOverview, start: bool) -> None:
        self.loaded = True
        base = SyncState(
            UP_TO_DATE,
            last_sync=o.last_sync,
            conflicts=o.open_conflicts,
            pending=o.pending_changes,
            refused=o.open_refused,
        )
        if not o.configured:
            self.timer.stop()
            self._set(replace(base, kind=NOT_SET_UP))
            return
        if not o.signed_in:
            self.timer.stop()
            self._set(replace(base, kind=SIGN_IN))
            return
        if not self.running:
            self._set(replace(base, kind=CONFLICTS if o.open_conflicts else UP_TO_DATE))
        if not self.timer.isActive():
            self.timer.start()
        if start:
            QTimer.singleShot(FIRST_SYNC_MS, self, self.sync_now)

    def _on_progress(self, phase: str, done: int, total: int) -> None:
        if self.running:
            self._set(replace(self.state, kind=SYNCING, phase=phase, done=done, total=total))

    def _finished(self, result: SyncResult) -> None:
        self.running = False
        self._handshake_done = True
        kind = CONFLICTS if result.open_conflicts else UP_TO_DATE
        self._set(
            SyncState(
                kind,
                last_sync=result.finished_at,
                conflicts=result.open_conflicts,
                pending=0,
                refused=result.open_refused,
                # A file the server refused does not fail the sync; the tooltip says so.
                reason="; ".join(f"Not synced: {p}" for p in result.file_problems),
            )
        )
        if result.data_changed:
            self.data_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        from app.services.sync.errors import (
            CancelledError,
            NotSetUpError,
            OfflineError,
            SignInRequiredError,
        )

        self.running = False
        self._handshake_done = False
        previous = replace(self.state, phase="", done=0, total=0)
        if isinstance(exc, CancelledError):
            self.refresh()
        elif isinstance(exc, OfflineError):
            self._set(replace(previous, kind=OFFLINE, reason=str(exc)))
            self.refresh_pending()
        elif isinstance(exc, NotSetUpError):
            self.timer.stop()
            self._set(replace(previous, kind=NOT_SET_UP, reason=str(exc)))
        elif isinstance(exc, SignInRequiredError):
            self.timer.stop()
            self._set(replace(previous, kind=SIGN_IN, reason=str(exc)))
        else:
            self._set(replace(previous, kind=ERROR, reason=str(exc) or type(exc).__name__))

    def refresh_pending(self) -> None:
        from app.services.sync.status import overview

        Op(self, overview, self.store, self.settings).in_background().success(
            lambda o: self._set(
                replace(
                    self.state,
                    pending=o.pending_changes,
                    conflicts=o.open_conflicts,
                    refused=o.open_refused,
                )
            )
        ).run()

    def _set(self, state: SyncState) -> None:
        self.state = state
        self.state_changed.emit(state)


def _dot(colour: str, size: int = 12) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return pixmap


class SyncStatusWidget(QWidget):
    """The status-bar item: a coloured dot, a short sentence, and a "Sync now" button.

    Clicking the text asks for the conflicts (when there are any) or the sync settings;
    the window connects ``conflicts_requested`` and ``settings_requested`` to the dialogs.
    """

    conflicts_requested = Signal()
    settings_requested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.icon = QLabel()
        self.label = QLabel()
        self.label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button = QToolButton()
        self.button.setText("Sync now")
        self.button.setAccessibleName("Sync now")
        self.button.setAutoRaise(True)
        self.button.clicked.connect(lambda: controller.sync_now())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(6)
        layout.addWidget(self.icon)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.setAccessibleName("Sync status")
        controller.state_changed.connect(self.show_state)
        self.show_state(controller.state)

    def show_state(self, state: SyncState) -> None:
        self.state = state
        self.icon.setPixmap(_dot(state.colour()))
        self.label.setText(state.text())
        self.label.setStyleSheet(f"color: {state.colour()};")
        tip = state.reason or state.text()
        if state.kind == CONFLICTS and state.refused:
            tip = (
                "The district server refused some changes; they are kept here. "
                "Click to send them again or discard them."
            )
        elif state.kind == CONFLICTS:
            tip = "Click to choose which values to keep."
        elif state.kind in (NOT_SET_UP, SIGN_IN, ERROR):
            tip = (state.reason + "\n" if state.reason else "") + "Click for sync settings."
        self.setToolTip(tip)
        self.label.setAccessibleDescription(tip)
        self.button.setEnabled(state.kind not in (SYNCING, NOT_SET_UP, SIGN_IN))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            if self.state.kind == CONFLICTS or self.state.conflicts:
                self.conflicts_requested.emit()
            else:
                self.settings_requested.emit()
        super().mouseReleaseEvent(event)
