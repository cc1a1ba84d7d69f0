"""Sync settings: the district server's address, signing this device in and out.

Signing in and testing the connection run on the network pool, so a slow or absent
server never freezes the window. The password is sent once and never stored; the token
the server returns goes to the OS keyring (``app.services.sync.account``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import AppSettings
from app.ui.ops import Op

if TYPE_CHECKING:
    from app.services.store import Store
    from app.services.sync.account import Account
    from app.services.sync.status import SyncOverview


def _sign_in(settings: AppSettings, device_id: str, url: str, user: str, password: str) -> Account:
    from app.services.sync.account import sign_in

    return sign_in(settings, device_id, url, user, password)


def _sign_out(settings: AppSettings) -> None:
    from app.services.sync.account import sign_out

    sign_out(settings)


def _overview(store: Store, settings: AppSettings) -> SyncOverview:
    from app.services.sync.status import overview

    return overview(store, settings)


def _test(settings: AppSettings) -> dict[str, Any]:
    from app.services.sync.status import check_connection

    return check_connection(settings)


class SyncSettingsDialog(QDialog):
    """Emits ``account_changed`` after signing in or out, so the sync controller can
    re-read the settings (``controller.refresh()``)."""

    account_changed = Signal()

    def __init__(self, store: Store, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.signed_in = False
        self.setWindowTitle("Sync settings")
        self.setMinimumWidth(480)

        self.who = QLabel("Checking…")
        self.who.setWordWrap(True)
        self.server = QLineEdit(placeholderText="https://district.example.govt.nz")
        self.server.setAccessibleName("Server address")
        self.username = QLineEdit()
        self.username.setAccessibleName("Username")
        self.password = QLineEdit()
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Server address", self.server)
        form.addRow("Username", self.username)
        form.addRow("Password", self.password)

        self.sign_in_button = QPushButton("Sign in")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test_connection)
        self.sign_out_button = QPushButton("Sign out")
        self.sign_out_button.clicked.connect(self.sign_out)
        actions = QHBoxLayout()
        actions.addWidget(self.sign_in_button)
        actions.addWidget(self.test_button)
        actions.addStretch(1)
        actions.addWidget(self.sign_out_button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(close)
        self._busy(True)
        self.reload()

    # -- actions ------------------------------------------------------------------------
    def reload(self) -> None:
        Op(self, _overview, self.store, self.settings).in_background().success(self._show).failure(
            self._problem
        ).run()

    def sign_in(self) -> None:
        url, user, password = self.server.text(), self.username.text(), self.password.text()
        self._busy(True)
        self._say("Signing in…")
        Op(
            self, _sign_in, self.settings, self.store.device_id, url, user, password
        ).on_network().success(self._signed_in).failure(self._problem).run()

    def sign_out(self) -> None:
        self._busy(True)
        Op(self, _sign_out, self.settings).in_background().success(self._signed_out).failure(
            self._problem
        ).run()

    def test_connection(self) -> None:
        self._busy(True)
        self._say("Testing the connection…")
        Op(self, _test, self.settings).on_network().success(self._tested).failure(
            self._problem
        ).run()

    # -- results ------------------------------------------------------------------------
    def _show(self, o: SyncOverview) -> None:
        self.signed_in = o.signed_in
        self._busy(False)
        if not self.server.text():
            self.server.setText(o.server_url)
        if not self.username.text():
            self.username.setText(o.username)
        if o.configured and o.signed_in:
            self.who.setText(f"Signed in to <b>{o.server_url}</b> as <b>{o.username}</b>.")
        elif o.configured:
            self.who.setText(
                f"Not signed in. Enter the password for <b>{o.username}</b> to sign in again."
            )
        else:
            self.who.setText(
                "This device is not connected to a district server. Your work stays on this "
                "computer until you sign in."
            )

    def _signed_in(self, account: Account) -> None:
        self.password.clear()
        district = f", {account.district}" if account.district else ""
        self._say(f"Signed in as {account.username} ({account.role}{district}).")
        self.account_changed.emit()
        self.reload()

    def _signed_out(self, _none: object) -> None:
        self._say("Signed out. The sign-in was removed from this computer's keyring.")
        self.account_changed.emit()
        self.reload()

    def _tested(self, me: dict[str, Any]) -> None:
        self._busy(False)
        self._say(
            f"Connected: the server knows this device as {me.get('username', '?')} "
            f"({me.get('role', '?')}, {me.get('district', '?')})."
        )

    def _problem(self, exc: BaseException) -> None:
        self._busy(False)
        self._say(str(exc), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;" if error else "")

    def _busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        for button in (self.test_button, self.sign_out_button):
            button.setEnabled(not busy and self.signed_in)
