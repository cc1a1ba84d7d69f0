"""Starting the window: open the store (migrating it), then show the schools."""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from app.services.bootstrap import open_app_store
from app.services.store import StoreError
from app.ui.application import LpcApplication
from app.ui.main_window import MainWindow

# Benchmarks and smoke tests set this to close the window as soon as it is shown.
EXIT_AFTER_SHOW_ENV = "LPC_EXIT_AFTER_SHOW"


def launch(args: argparse.Namespace) -> int:
    qapp = LpcApplication(sys.argv)
    try:
        opened = open_app_store(args.data_dir, empty=args.empty)
    except StoreError as exc:
        QMessageBox.critical(None, "The store cannot be opened", str(exc))
        return 2
    window = MainWindow(opened.store, opened.paths)
    window.show()
    if os.environ.get(EXIT_AFTER_SHOW_ENV):
        QTimer.singleShot(0, qapp.quit)
    try:
        return qapp.exec()
    finally:
        opened.store.close()
