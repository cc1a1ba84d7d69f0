"""The privacy screen and idle lock.

When a student or parent walks up to the laptop, one shortcut (Ctrl+Shift+L) covers the
window at once; after a set idle time the same cover comes down by itself. While covered:

- the main window's content is hidden and disabled, so keystrokes cannot reach a field;
- every other window of the app (Preferences, Export, Sync conflicts, a message) is hidden
  and comes back on unlock, and one that opens while locked is hidden as it appears. A
  question that was waiting for an answer (a "Remove this…?" box) ends unanswered, which
  never removes or overwrites anything;
- the title bar says only the app's name, not the school that was open.

Unlocking asks for the store passphrase where the store has one; otherwise for the unlock
PIN if one is set in Preferences; otherwise a click is enough, and the cover says so.
After ``MAX_TRIES`` wrong answers the cover waits ``LOCKOUT_SECONDS`` before the next.

Limits: the operating system's own file dialogs are not the app's windows and cannot be
hidden; and the PIN keeps out a passer-by, not someone who can read the data folder (see
``app.services.unlock_pin``). The OS session lock remains the real guard of the key.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.paths import resources_dir
from app.services.unlock_pin import check_pin

LOCK_SHORTCUT = "Ctrl+Shift+L"
ACTIVITY_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}
PASSPHRASE, PIN, OPEN = "passphrase", "pin", "open"
MAX_TRIES = 5
LOCKOUT_SECONDS = 30
OPEN_NOTICE = (
    "Anyone at this computer can unlock this screen. To make it ask for a PIN, set an "
    "unlock PIN in File › Preferences."
)
# Windows that come back on unlock; menus, tooltips and completer lists just close.
RESTORABLE = {Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Tool}


class PrivacyCover(QWidget):
    """An opaque panel over the whole window. ``mode`` is what unlocking asks for."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget, mode: str) -> None:
        super().__init__(parent)
        self.mode = mode
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
        what = "Store passphrase" if mode == PASSPHRASE else "Unlock PIN"
        self.secret = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(what)
        self.secret.setAccessibleName(what)
        self.secret.setMaximumWidth(320)
        self.secret.setVisible(mode != OPEN)
        prompts = {
            PASSPHRASE: "Enter the store passphrase to go back to work.",
            PIN: "Enter your unlock PIN to go back to work.",
        }
        self.notice = QLabel(prompts.get(mode, OPEN_NOTICE))
        self.notice.setWordWrap(True)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A centred, word-wrapped label gets neither its width nor its height from the
        # layout; both are set so two lines are never cut to one.
        self.notice.setFixedWidth(440)
        self.notice.setMinimumHeight(self.notice.heightForWidth(440))
        self.error = QLabel()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton("&Unlock")
        self.button.setAccessibleName("Unlock")
        self.button.setMaximumWidth(160)
        self.button.clicked.connect(lambda: self.unlock_requested.emit(self.secret.text()))
        self.secret.returnPressed.connect(self.button.click)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for w in (icon, title, self.notice, self.secret, self.error, self.button):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def focus(self) -> None:
        (self.secret if self.secret.isVisible() else self.button).setFocus()


def _remove_app_filter(guard: QObject) -> None:
    app = QApplication.instance()
    if app is not None and shiboken6.isValid(guard):
        app.removeEventFilter(guard)


class PrivacyGuard(QObject):
    """Watches for activity across the app and covers ``window`` when asked or idle.

    ``check_passphrase`` is given for a passphrase store; ``pin_hash`` is read at each
    lock (so a PIN set in Preferences counts from the next lock, and one removed from the
    file while locked does not open the cover).
    """

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        idle_seconds: float,
        check_passphrase: Callable[[str], bool] | None = None,
        poll_ms: int = 5000,
        pin_hash: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.idle_seconds = idle_seconds
        self.check_passphrase = check_passphrase
        self.pin_hash = pin_hash
        self.last_activity = time.monotonic()
        self.cover: PrivacyCover | None = None
        self.hidden: list[QWidget] = []
        self.title = ""
        self.failures = 0
        self.wait_until = 0.0
        self._pin = ""
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
        # A plain function, not a bound method: when the window is destroyed during a
        # garbage collection, this guard's Python side may already be cleared.
        window.destroyed.connect(functools.partial(_remove_app_filter, self))

    def set_idle_minutes(self, minutes: int) -> None:
        """Apply a new idle time (from Preferences) at once; 0 turns the idle lock off.
        The idle count starts again, so a shorter time never locks the moment it is saved."""
        self.idle_seconds = minutes * 60
        self.last_activity = time.monotonic()

    @property
    def locked(self) -> bool:
        return self.cover is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if "cover" not in self.__dict__:
            # Torn down by the garbage collector while Qt still delivers the events that
            # destroying the window sends: nothing left to guard.
            return False
        kind = event.type()
        if kind in ACTIVITY_EVENTS and not self.locked:
            self.last_activity = time.monotonic()
        if self.cover is None:
            return False
        if kind == QEvent.Type.Resize and watched is self.window:
            self.cover.setGeometry(self.window.rect())
        elif kind == QEvent.Type.WindowTitleChange and watched is self.window:
            if self.window.windowTitle() != APP_NAME:
                self.title = self.window.windowTitle()  # shown again on unlock
                self.window.setWindowTitle(APP_NAME)
        elif (
            kind == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.window
        ):
            # A window opened while locked (a sync conflict, a message) waits hidden.
            QTimer.singleShot(0, lambda w=watched: self._hide_window(w))
        return False

    def _check_idle(self) -> None:
        idle_for = time.monotonic() - self.last_activity
        if self.idle_seconds > 0 and not self.locked and idle_for >= self.idle_seconds:
            self.lock()

    def _mode(self) -> str:
        if self.check_passphrase is not None:
            return PASSPHRASE
        self._pin = self.pin_hash() if self.pin_hash is not None else ""
        return PIN if self._pin else OPEN

    def _hide_window(self, w: QWidget) -> None:
        if self.cover is None or not shiboken6.isValid(w) or w is self.window:
            return
        if not w.isVisible():
            return
        exec_question = (
            isinstance(w, QDialog)
            and w.windowModality() == Qt.WindowModality.ApplicationModal
            and w.windowType() == Qt.WindowType.Dialog
        )
        w.hide()  # for a dialog run with exec(), this ends it unanswered
        if w.windowType() in RESTORABLE and not exec_question:
            self.hidden.append(w)

    def lock(self) -> None:
        if self.locked:
            return
        self.cover = PrivacyCover(self.window, self._mode())
        for w in QApplication.topLevelWidgets():
            self._hide_window(w)
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(False)
        self.window.menuBar().setEnabled(False)
        self.title = self.window.windowTitle()
        self.window.setWindowTitle(APP_NAME)
        self.cover.setGeometry(self.window.rect())
        self.cover.unlock_requested.connect(self._try_unlock)
        self.cover.show()
        self.cover.raise_()
        self.cover.focus()
        self.locked_changed.emit(True)

    def _accepts(self, secret: str) -> bool:
        assert self.cover is not None
        if self.cover.mode == PASSPHRASE:
            return self.check_passphrase is not None and self.check_passphrase(secret)
        if self.cover.mode == PIN:
            return check_pin(secret, self._pin)
        return True

    def _try_unlock(self, secret: str) -> None:
        cover = self.cover
        if cover is None:
            return
        wait = self.wait_until - time.monotonic()
        if wait > 0:
            cover.error.setText(f"Too many wrong tries: wait {int(wait) + 1} seconds.")
            return
        if not self._accepts(secret):
            self.failures += 1
            what = "passphrase" if cover.mode == PASSPHRASE else "PIN"
            cover.error.setText(f"That {what} does not unlock this screen.")
            cover.secret.selectAll()
            if self.failures % MAX_TRIES == 0:
                self.wait_until = time.monotonic() + LOCKOUT_SECONDS
                cover.error.setText(
                    f"Too many wrong tries: wait {LOCKOUT_SECONDS} seconds, then try again."
                )
                cover.button.setEnabled(False)
                QTimer.singleShot(
                    LOCKOUT_SECONDS * 1000, cover.button, lambda: cover.button.setEnabled(True)
                )
            return
        self.unlock()

    def unlock(self) -> None:
        if self.cover is None:
            return
        self.cover.deleteLater()
        self.cover = None
        self.failures = 0
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(True)
        self.window.menuBar().setEnabled(True)
        self.window.setWindowTitle(self.title)
        hidden, self.hidden = self.hidden, []
        for w in hidden:
            if shiboken6.isValid(w):  # not closed by the app meanwhile
                w.show()
        self.last_activity = time.monotonic()
        self.locked_changed.emit(False)
