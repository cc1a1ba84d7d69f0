"""Starting the window: show it at once, fill in the schools list read straight from the
store file (``app.services.quick_list``, started beside building the window), then open
the store the normal way (migrating it) off the UI thread. When the first read declines,
the normal opening reads the list too."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from app.config import AppPaths, AppSettings
from app.services.early_read import EarlyRead
from app.ui.application import LpcApplication
from app.ui.main_window import MainWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.services.bootstrap import Opened
    from app.services.school_list_rows import SchoolList
    from app.ui.privacy import PrivacyGuard
    from app.ui.sync_hub import SyncHub

# Benchmarks and smoke tests set this to quit once the schools are on screen.
EXIT_AFTER_SHOW_ENV = "LPC_EXIT_AFTER_SHOW"


def _open(
    paths: AppPaths, empty: bool, passphrase: str | None, listed: bool
) -> tuple[Opened, SchoolList | None]:
    """Open the store and, unless the first read ``listed`` the schools already, read the
    list in the same trip to the store worker. The log file's handler is set up here too:
    its imports (about 30 ms) need not hold up the window or the first list."""
    from app.logs import configure_logging
    from app.services.bootstrap import open_app_store
    from app.services.workspace import load_school_list

    configure_logging(paths.logs)
    opened = open_app_store(paths.data_dir, empty=empty, passphrase=passphrase)
    return opened, None if listed else load_school_list(opened.store)


def _no_first_list(exc: BaseException, paths: AppPaths) -> None:
    """The first read met something it does not handle; the normal opening reports it."""
    import logging

    from app.logs import configure_logging

    configure_logging(paths.logs)
    logging.getLogger("lpc.start").info("first read declined: %s", type(exc).__name__)


def needs_passphrase(exc: BaseException, paths: AppPaths) -> bool:
    """Ask for a passphrase only where one can help: a store that has one (or a new store
    on a computer without a keyring). A keyring store that will not open is damaged or its
    key is gone, and a passphrase box would only go round in circles."""
    from app.services.keys import PassphraseRequiredError, StoreKeyError, read_key_info
    from app.services.store import StoreLockedError

    if isinstance(exc, PassphraseRequiredError):
        return True
    try:
        info = read_key_info(paths.database)
    except StoreKeyError:
        return False
    return isinstance(exc, StoreLockedError) and info is not None and info.mode == "passphrase"


def problem_text(exc: BaseException, paths: AppPaths) -> str:
    """What the window says when the store cannot be opened: why, and the exact command
    that puts the newest backup back (it works without opening the damaged store)."""
    from html import escape

    from app.services.store import newest_backup, restore_command

    reason = escape(str(exc)).split(" Restore the newest backup with:")[0]
    if newest_backup(paths.backups) is None:
        step = f"There is no backup in {escape(str(paths.backups))} to restore."
    else:
        command = restore_command(paths.database, paths.backups)
        step = (
            "To put the newest backup back, close this window and run this command in a "
            f"terminal (the current file is kept as lpc.db.before-restore):<br><code>"
            f"{escape(command)}</code>"
        )
    return (
        f"{reason}<br><br>Nothing has been changed. {step}<br><br>Or start with another "
        "data folder (--data-dir)."
    )


def _report_crash(parent: QWidget) -> None:
    """Say that something failed without quoting any data; the details are in the log."""
    from PySide6.QtWidgets import QMessageBox  # its type takes ms to build: not before show

    QMessageBox.warning(
        parent,
        "Something went wrong",
        "An action failed unexpectedly. Your saved work is safe in the store. "
        "If this happens again, send the file logs/lpc.log from your data folder to IT: "
        "it holds no school or student information.",
    )


def _moments(qapp: LpcApplication, window: MainWindow) -> Callable[[str], None]:
    """For benchmarks and smoke tests: print each moment once ("loaded" when the list is
    filled, "opened" when the store is open the normal way) and quit after both."""
    seen: set[str] = set()

    def moment(name: str, extra: str = "") -> None:
        if name not in seen:
            seen.add(name)
            print(f"{name}_at={time.time():.6f}{extra}", flush=True)
        if {"loaded", "opened"} <= seen:
            QTimer.singleShot(0, qapp.quit)

    # store_open=0: filled by the first read, before the store's normal opening.
    window.schools_loaded.connect(
        lambda n: moment("loaded", f" rows={n} store_open={int(window.store is not None)}")
    )
    return moment


def launch(args: argparse.Namespace, early: EarlyRead) -> int:
    """Show the window; ``early`` is the first read, started before Qt was imported."""
    paths = early.paths
    passphrase = early.passphrase
    qapp = LpcApplication(sys.argv, icon=False)  # set once the window is painted
    settings = AppSettings(paths)  # the one settings object, passed to all that use it
    window = MainWindow(paths, settings=settings, banner_now=False)
    # Only what the window needs comes before it is shown; the rest follows at once.
    window.show()
    early.window_shown.set()
    qapp.processEvents()  # on screen now, before the rest of the start-up is set up
    timing = bool(os.environ.get(EXIT_AFTER_SHOW_ENV))
    if timing:
        print(f"shown_at={time.time():.6f}", flush=True)
    qapp.set_icon()
    window.place_name_banner()
    from app.logs import install_crash_handlers
    from app.ui.ops import Op, wait_for_all

    install_crash_handlers(lambda _where: QTimer.singleShot(0, lambda: _report_crash(window)))
    moment = _moments(qapp, window) if timing else None
    opened: list[Opened] = []
    guards: list[PrivacyGuard] = []
    hubs: list[SyncHub] = []

    def ready(answer: tuple[Opened, SchoolList | None]) -> None:
        from app.services.keys import unlock_check
        from app.ui.privacy import PrivacyGuard

        result, schools = answer
        opened.append(result)
        window.set_store(result.store, schools)
        check = unlock_check(result.store.path, result.store.key) if result.store.key else None
        guards.append(
            PrivacyGuard(
                window,
                settings.get().idle_lock_minutes * 60,
                check,
                pin_hash=lambda: settings.get().unlock_pin_hash,
            )
        )
        window.privacy_guard = guards[-1]  # Preferences changes its idle time while running
        if moment is not None:
            moment("opened")
        # Sync joins once the schools are on screen: its imports and first look at the
        # outbox must not hold up the list the officer opened the app for.
        if window.listed:
            attach_sync(result)
        else:
            window.schools_loaded.connect(lambda _n: attach_sync(result))

    def attach_sync(result: Opened) -> None:
        if hubs:
            return
        from app.ui.sync_hub import SyncHub

        hubs.append(SyncHub(window, result.store))
        qapp.aboutToQuit.connect(hubs[-1].stop)

    def start(passphrase: str | None) -> None:
        Op(window, _open, paths, args.empty, passphrase, window.listed).success(ready).failure(
            failed
        ).run()

    def first_list(schools: SchoolList | None) -> None:
        """The store opens the normal way after the list is on screen, so its imports do
        not compete with the first read and the filling of the list."""
        if schools is not None:
            window.show_first_list(schools)
        start(passphrase)

    def no_first_list(exc: BaseException) -> None:
        _no_first_list(exc, paths)
        start(passphrase)

    def failed(exc: BaseException) -> None:
        if needs_passphrase(exc, paths) and not timing:
            from app.ui.unlock_dialog import UnlockDialog

            new_store = not paths.database.exists()
            dialog = UnlockDialog(str(exc), new_store=new_store, parent=window)
            if dialog.exec():
                start(dialog.value())
                return
        window.show_problem("Your store cannot be opened", problem_text(exc, paths))
        if timing:
            qapp.exit(2)

    Op(window, early.result).in_background().success(first_list).failure(no_first_list).run()
    # The list's widgets (and the modules behind them) are made while the list is read.
    QTimer.singleShot(0, window.prepare_home)
    try:
        return qapp.exec()
    finally:
        wait_for_all()
        for o in opened:
            o.store.close()
