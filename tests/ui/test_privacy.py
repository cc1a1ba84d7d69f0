from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.privacy import PrivacyGuard


def _window(qtbot: QtBot) -> tuple[QMainWindow, QLineEdit]:
    window = QMainWindow()
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.addWidget(QLabel("Kōwhai Grove School: bullying at the bus stop"))
    field = QLineEdit()
    layout.addWidget(field)
    window.setCentralWidget(body)
    window.menuBar().addMenu("&File")
    window.resize(1366, 768)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, field


def test_shortcut_covers_the_window_and_blocks_typing(qtbot: QtBot, output_dir: Path) -> None:
    window, field = _window(qtbot)
    guard = PrivacyGuard(window, idle_seconds=0)
    field.setFocus()
    # The offscreen platform has no focus window, so Qt's shortcut map never sees a
    # synthetic key press; check the binding, then fire it as the map would.
    assert guard.shortcut.key() == QKeySequence("Ctrl+Shift+L")
    assert guard.shortcut.context() == Qt.ShortcutContext.ApplicationShortcut
    with qtbot.waitSignal(guard.locked_changed):
        guard.shortcut.activated.emit()
    assert guard.locked and guard.cover is not None
    assert guard.cover.geometry() == window.rect()
    assert not field.isEnabled()
    qtbot.keyClicks(field, "typed while locked")
    assert field.text() == ""
    picture = window.grab()
    picture.save(str(output_dir / "privacy_cover.png"))
    image = picture.toImage()
    label_spot = field.parentWidget().mapTo(window, field.geometry().topLeft())
    assert image.pixelColor(label_spot.x() + 5, label_spot.y() - 20).name() == "#0f2147"
    guard.cover.button.click()
    assert not guard.locked and field.isEnabled()


def test_idle_time_locks_by_itself(qtbot: QtBot) -> None:
    window, _ = _window(qtbot)
    guard = PrivacyGuard(window, idle_seconds=0.2, poll_ms=50)
    with qtbot.waitSignal(guard.locked_changed, timeout=3000) as blocker:
        pass
    assert blocker.args == [True]


def test_passphrase_store_needs_the_passphrase_to_unlock(qtbot: QtBot) -> None:
    window, _ = _window(qtbot)
    guard = PrivacyGuard(window, idle_seconds=0, check_passphrase=lambda p: p == "kupu huna pai")
    guard.lock()
    assert guard.cover is not None
    guard.cover.passphrase.setText("wrong")
    guard.cover.button.click()
    assert guard.locked
    assert "does not unlock" in guard.cover.error.text()
    guard.cover.passphrase.setText("kupu huna pai")
    guard.cover.button.click()
    assert not guard.locked


def test_preferences_change_the_idle_time_of_a_running_guard(qtbot: QtBot) -> None:
    window, _ = _window(qtbot)
    guard = PrivacyGuard(window, idle_seconds=0, poll_ms=50)  # off
    guard.last_activity -= 120  # two minutes without a key or a click
    guard._check_idle()
    assert not guard.locked
    guard.set_idle_minutes(1)
    assert guard.idle_seconds == 60
    guard._check_idle()
    assert not guard.locked  # the count starts again from the change
    guard.last_activity -= 61
    with qtbot.waitSignal(guard.locked_changed, timeout=3000) as blocker:
        pass
    assert blocker.args == [True]
    guard.unlock()
    guard.set_idle_minutes(0)
    guard.last_activity -= 3600
    guard._check_idle()
    assert not guard.locked
