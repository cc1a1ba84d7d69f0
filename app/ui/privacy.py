"""The privacy screen and idle lock.

When a student or parent walks up to the laptop, one shortcut (Ctrl+Shift+L) covers the
window at once; after a set idle time the same cover comes down by itself. While covered,
the content is hidden and disabled, so keystrokes cannot reach a field behind it.
Unlocking asks for the store passphrase where the store has one; with a keyring-protected
store the OS session lock guards the key, and a deliberate click is enough.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.paths import resources_dir

LOCK_SHORTCUT = "Ctrl+Shift+L"
ACTIVITY_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class PrivacyCover(QWidget):
    """An opaque panel over the whole window."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget, needs_passphrase: bool) -> None:
        super().__init__(parent)
        # Without a styled background a plain QWidget paints nothing, and the content
        # behind it would show through.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setObjectName("privacyCover")
        self.setStyleSheet("#privacyCover { background: #0f2147; } QLabel { color: white; }")
        icon = QLabel()
        pixmap = QPixmap(str(resources_dir() / "icons" / "app-128.png"))
        icon.setPixmap(pixmap)
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(f"<h2>{APP_NAME} is locked</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Store passphrase")
        self.passphrase.setAccessibleName("Store passphrase")
        self.passphrase.setMaximumWidth(320)
        self.passphrase.setVisible(needs_passphrase)
        self.error = QLabel()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton("&Unlock")
        self.button.setAccessibleName("Unlock")
        self.button.setMaximumWidth(160)
        self.button.clicked.connect(lambda: self.unlock_requested.emit(self.passphrase.text()))
        self.passphrase.returnPressed.connect(self.button.click)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for w in (icon, title, self.passphrase, self.error, self.button):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def focus(self) -> None:
        (self.passphrase if self.passphrase.isVisible() else self.button).setFocus()


class PrivacyGuard(QObject):
    """Watches for activity across the app and covers ``window`` when asked or idle."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        idle_seconds: float,
        check_passphrase: Callable[[str], bool] | None = None,
        poll_ms: int = 5000,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.idle_seconds = idle_seconds
        self.check_passphrase = check_passphrase
        self.last_activity = time.monotonic()
        self.cover: PrivacyCover | None = None
        self.shortcut = QShortcut(QKeySequence(LOCK_SHORTCUT), window)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut.activated.connect(self.lock)
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self._check_idle)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.destroyed.connect(self._detach)

    def set_idle_minutes(self, minutes: int) -> None:
        """Apply a new idle time (from Preferences) at once; 0 turns the idle lock off.
        The idle count starts again, so a shorter time never locks the moment it is saved."""
        self.idle_seconds = minutes * 60
        self.last_activity = time.monotonic()

    def _detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.cover is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS and not self.locked:
            self.last_activity = time.monotonic()
        if event.type() == QEvent.Type.Resize and watched is self.window and self.cover:
            self.cover.setGeometry(self.window.rect())
        return False

    def _check_idle(self) -> None:
        idle_for = time.monotonic() - self.last_activity
        if self.idle_seconds > 0 and not self.locked and idle_for >= self.idle_seconds:
            self.lock()

    def lock(self) -> None:
        if self.locked:
            return
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(False)
        self.window.menuBar().setEnabled(False)
        self.cover = PrivacyCover(self.window, needs_passphrase=self.check_passphrase is not None)
        self.cover.setGeometry(self.window.rect())
        self.cover.unlock_requested.connect(self._try_unlock)
        self.cover.show()
        self.cover.raise_()
        self.cover.focus()
        self.locked_changed.emit(True)

    def _try_unlock(self, passphrase: str) -> None:
        if self.cover is None:
            return
        if self.check_passphrase is not None and not self.check_passphrase(passphrase):
            self.cover.error.setText("That passphrase does not unlock this store.")
            self.cover.passphrase.selectAll()
            return
        self.unlock()

    def unlock(self) -> None:
        if self.cover is None:
            return
        self.cover.deleteLater()
        self.cover = None
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(True)
        self.window.menuBar().setEnabled(True)
        self.last_activity = time.monotonic()
        self.locked_changed.emit(False)
