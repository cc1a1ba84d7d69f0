"""Preferences sets the unlock PIN the lock screen asks for; only its hash is saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMainWindow
from pytestqt.qtbot import QtBot

from app.config import AppPaths, AppSettings, Settings, load_settings, save_settings
from app.ui.preferences_dialog import PreferencesDialog
from app.ui.privacy import OPEN, PIN, PrivacyGuard


def _dialog(qtbot: QtBot, app_paths: AppPaths) -> PreferencesDialog:
    dialog = PreferencesDialog(AppSettings(app_paths))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _save(dialog: PreferencesDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    button.click()


def test_a_pin_set_in_preferences_locks_the_screen(
    qtbot: QtBot, app_paths: AppPaths, output_dir: Path
) -> None:
    save_settings(app_paths, Settings(officer_name="Const. Aroha Ngata"))
    window = QMainWindow()
    qtbot.addWidget(window)
    guard = PrivacyGuard(
        window, idle_seconds=0, pin_hash=lambda: load_settings(app_paths).unlock_pin_hash
    )

    dialog = _dialog(qtbot, app_paths)
    assert not dialog.pin_clear.isVisible()
    dialog.pin_edit.setText("258")
    _save(dialog)
    assert dialog.isVisible()
    assert dialog.errors["pin"].text() == "Unlock PIN: use 4 to 12 digits (0–9 only)."
    assert load_settings(app_paths).unlock_pin_hash == ""
    dialog.pin_edit.setText("2580")
    QApplication.processEvents()
    dialog.grab().save(str(output_dir / "preferences_unlock_pin.png"))
    _save(dialog)
    assert not dialog.isVisible()
    saved = app_paths.settings_file.read_text(encoding="utf-8")
    assert "2580" not in saved and '"unlock_pin_hash": "scrypt$' in saved
    assert load_settings(app_paths).officer_name == "Const. Aroha Ngata"  # kept

    guard.lock()
    assert guard.cover is not None and guard.cover.mode == PIN
    guard._try_unlock("0000")
    assert guard.locked
    guard._try_unlock("2580")
    assert not guard.locked

    again = _dialog(qtbot, app_paths)
    assert again.pin_clear.isVisible() and again.pin_edit.placeholderText().startswith("set")
    _save(again)  # left blank: the PIN stays
    assert load_settings(app_paths).unlock_pin_hash.startswith("scrypt$")
    removing = _dialog(qtbot, app_paths)
    removing.pin_clear.setChecked(True)
    _save(removing)
    assert load_settings(app_paths).unlock_pin_hash == ""
    guard.lock()
    assert guard.cover is not None and guard.cover.mode == OPEN
