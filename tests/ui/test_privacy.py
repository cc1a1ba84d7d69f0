from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app import APP_NAME
from app.services.unlock_pin import hash_pin
from app.ui.privacy import LOCKOUT_SECONDS, MAX_TRIES, OPEN, PASSPHRASE, PIN, PrivacyGuard


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
    guard.cover.secret.setText("wrong")
    guard.cover.button.click()
    assert guard.locked
    assert "That passphrase does not unlock" in guard.cover.error.text()
    guard.cover.secret.setText("kupu huna pai")
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


SCHOOL_TITLE = "Kōwhai Grove School — LPC Partnerships"


def _dialog(window: QMainWindow, text: str) -> QDialog:
    dialog = QDialog(window)
    dialog.setWindowTitle("Sync conflicts")
    QVBoxLayout(dialog).addWidget(QLabel(text))
    dialog.open()  # window-modal, as the app opens Preferences, Export and Sync conflicts
    return dialog


def _visible_windows(window: QMainWindow) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def test_the_lock_hides_every_other_window_and_the_school_name(
    qtbot: QtBot, output_dir: Path
) -> None:
    window, _ = _window(qtbot)
    window.setWindowTitle(SCHOOL_TITLE)
    conflicts = _dialog(window, "Kōwhai Grove School: roll 412 here, 415 on the server")
    qtbot.waitExposed(conflicts)
    guard = PrivacyGuard(window, idle_seconds=0)
    guard.lock()
    assert guard.cover is not None and guard.cover.mode == OPEN
    assert _visible_windows(window) == []
    assert window.windowTitle() == APP_NAME
    # The window keeps working underneath: a new title or a new window stays out of sight.
    window.setWindowTitle("Tōtara Primary — LPC Partnerships")
    assert window.windowTitle() == APP_NAME
    late = _dialog(window, "Export finished for Tōtara Primary")
    qtbot.waitUntil(lambda: not late.isVisible())
    assert guard.cover.notice.isVisible()
    assert "Anyone at this computer can unlock" in guard.cover.notice.text()
    assert "Preferences" in guard.cover.notice.text()
    notice = guard.cover.notice
    assert notice.height() >= notice.heightForWidth(notice.width())  # no line cut off
    window.grab().save(str(output_dir / "privacy_locked_without_pin.png"))

    guard.cover.button.click()  # no PIN set: one click
    assert not guard.locked
    assert conflicts.isVisible() and late.isVisible()
    assert window.windowTitle() == "Tōtara Primary — LPC Partnerships"


def test_a_question_waiting_for_an_answer_ends_unanswered(qtbot: QtBot) -> None:
    window, _ = _window(qtbot)
    guard = PrivacyGuard(window, idle_seconds=0)
    QTimer.singleShot(100, guard.lock)
    answer = QMessageBox.question(window, "Remove this engagement?", "Remove “Hui with BOT”?")
    assert guard.locked
    assert answer != QMessageBox.StandardButton.Yes  # nothing is removed
    guard.unlock()
    assert _visible_windows(window) == []  # the question does not come back by itself


def test_a_pin_is_asked_for_and_guessing_is_slowed(qtbot: QtBot, output_dir: Path) -> None:
    window, _ = _window(qtbot)
    window.setWindowTitle(SCHOOL_TITLE)
    stored = hash_pin("2580")
    guard = PrivacyGuard(window, idle_seconds=0, pin_hash=lambda: stored)
    guard.lock()
    cover = guard.cover
    assert cover is not None and cover.mode == PIN
    assert cover.secret.isVisible() and cover.notice.text().startswith("Enter your unlock PIN")
    assert cover.secret.echoMode() == QLineEdit.EchoMode.Password
    cover.secret.setText("1234")
    window.grab().save(str(output_dir / "privacy_locked_with_pin.png"))
    cover.button.click()
    assert guard.locked and "That PIN does not unlock" in cover.error.text()
    cover.button.click()  # the click that removed the cover before there was a PIN
    assert guard.locked
    for _ in range(MAX_TRIES - 2):
        cover.button.click()
    assert not cover.button.isEnabled()
    assert f"wait {LOCKOUT_SECONDS} seconds" in cover.error.text()
    guard._try_unlock("2580")  # even the right PIN waits out the pause
    assert guard.locked and "Too many wrong tries" in cover.error.text()
    guard.wait_until = 0  # the pause is over
    cover.secret.setText("2580")
    guard._try_unlock(cover.secret.text())
    assert not guard.locked
    assert window.windowTitle() == SCHOOL_TITLE


def test_a_passphrase_store_asks_for_the_passphrase_even_with_a_pin(qtbot: QtBot) -> None:
    window, _ = _window(qtbot)
    stored = hash_pin("2580")
    guard = PrivacyGuard(
        window,
        idle_seconds=0,
        check_passphrase=lambda p: p == "kupu huna pai",
        pin_hash=lambda: stored,
    )
    guard.lock()
    assert guard.cover is not None and guard.cover.mode == PASSPHRASE
    guard._try_unlock("2580")
    assert guard.locked
    guard._try_unlock("kupu huna pai")
    assert not guard.locked
