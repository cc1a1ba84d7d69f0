from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.ui.unlock_dialog import UnlockDialog


def test_new_store_passphrase_must_be_long_and_confirmed(qtbot: QtBot) -> None:
    dialog = UnlockDialog("No OS keyring is available.", new_store=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.passphrase, "short")
    dialog._check()
    assert dialog.error.text() == "Passphrase: use at least 10 characters."
    assert not dialog.result()
    dialog.passphrase.setText("te reo Māori kupu huna")
    dialog.confirm.setText("something else entirely")
    dialog._check()
    assert dialog.error.text() == "Confirm: the two passphrases are different."
    dialog.confirm.setText("te reo Māori kupu huna")
    dialog._check()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert dialog.value() == "te reo Māori kupu huna"


def test_existing_store_asks_once(qtbot: QtBot) -> None:
    dialog = UnlockDialog("Enter the passphrase for this store.", new_store=False)
    qtbot.addWidget(dialog)
    assert not dialog.confirm.isVisibleTo(dialog)
    dialog.passphrase.setText("x")
    dialog._check()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
