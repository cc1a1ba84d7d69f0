"""Asking for the store's passphrase, on computers with no OS keyring.

Used at start-up (``launch``) and after the privacy lock. For a new store the passphrase
is asked twice; for an existing one, a wrong passphrase can be tried again.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

MIN_LENGTH = 10


class UnlockDialog(QDialog):
    def __init__(self, message: str, new_store: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Protect your store" if new_store else "Unlock your store")
        self.new_store = new_store
        intro = QLabel(message)
        intro.setWordWrap(True)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.confirm = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName("Confirm passphrase")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.passphrase)
        if new_store:
            form.addRow("&Confirm:", self.confirm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _check(self) -> None:
        value = self.passphrase.text()
        if self.new_store and len(value) < MIN_LENGTH:
            self.show_error(f"Passphrase: use at least {MIN_LENGTH} characters.")
            return
        if self.new_store and value != self.confirm.text():
            self.show_error("Confirm: the two passphrases are different.")
            return
        self.accept()

    def value(self) -> str:
        return self.passphrase.text()
