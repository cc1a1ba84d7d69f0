"""Sync in the main window: the status indicator, the Sync menu and their dialogs.

Kept apart from ``main_window`` so that window stays about the officer's schools; the
launcher attaches a hub once the store is open (sync needs the store's device id and
outbox). Syncing itself runs in ``SyncController`` off the UI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from app.ui.conflicts_dialog import ConflictsDialog
from app.ui.sync_settings import SyncSettingsDialog
from app.ui.sync_status import SyncController, SyncStatusWidget

if TYPE_CHECKING:
    from app.services.store import Store
    from app.ui.main_window import MainWindow

SYNC_NOW_SHORTCUT = "F9"


class SyncHub(QObject):
    """Owns the window's sync controller and opens the sync dialogs."""

    def __init__(self, window: MainWindow, store: Store) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.controller = SyncController(store, window.settings, self)
        self.status = SyncStatusWidget(self.controller)
        self.status.setAccessibleName("Sync status")
        window.add_status_widget(self.status)
        self.status.settings_requested.connect(self.open_settings)
        self.status.conflicts_requested.connect(self.open_conflicts)
        self.settings_dialog: SyncSettingsDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self._build_menu()

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        help_menu = bar.actions()[-1] if bar.actions() else None
        menu = self.window.menuBar().addMenu("S&ync")
        if help_menu is not None:  # keep Help last, where people look for it
            bar.insertMenu(help_menu, menu)
        self.sync_now_action = QAction("Sync &now", self.window)
        self.sync_now_action.setShortcut(QKeySequence(SYNC_NOW_SHORTCUT))
        self.sync_now_action.triggered.connect(lambda: self.controller.sync_now())
        menu.addAction(self.sync_now_action)
        settings = QAction("Sync &settings…", self.window)
        settings.triggered.connect(self.open_settings)
        menu.addAction(settings)
        conflicts = QAction("Sync &conflicts…", self.window)
        conflicts.triggered.connect(self.open_conflicts)
        menu.addAction(conflicts)

    def open_settings(self) -> SyncSettingsDialog:
        dialog = SyncSettingsDialog(self.store, self.window.settings, self.window)
        dialog.account_changed.connect(self.controller.account_changed)
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def open_conflicts(self) -> ConflictsDialog:
        if self.window.workspace is not None:
            self.window.workspace.flush()  # the choice must not race unsaved typing
        dialog = ConflictsDialog(self.store, self.window.actor, self.window)
        dialog.resolved.connect(self._resolved)
        dialog.finished.connect(dialog.deleteLater)
        self.conflicts_dialog = dialog
        dialog.open()
        return dialog

    def _resolved(self, _left: int) -> None:
        self.controller.refresh()  # the records themselves reach the screens as a change set

    def stop(self) -> None:
        self.controller.stop()
