"""The app's QApplication: names, icon and style shared by every window."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME, __version__
from app.paths import resources_dir
from app.ui.collector import MainThreadCollector


class LpcApplication(QApplication):
    def __init__(self, argv: Sequence[str], icon: bool = True) -> None:
        # High-DPI scale factors pass through unrounded: Qt 6's default, so not set here.
        # Naming the policy would build every enum of Qt's namespace (about 12 ms) before
        # the window is shown; no module the window needs before it shows names one.
        super().__init__(list(argv))
        QCoreApplication.setOrganizationName("NZ Police (unofficial tool)")
        QCoreApplication.setApplicationName(APP_ID)
        QCoreApplication.setApplicationVersion(__version__)
        QGuiApplication.setApplicationDisplayName(APP_NAME)
        self.collector = MainThreadCollector(self)
        if icon:
            self.set_icon()

    def set_icon(self) -> None:
        """The app's icon on every window. The launcher sets it once the main window is
        painted: loading it (the SVG and Qt's icon type) took 1-2 ms before that."""
        from PySide6.QtGui import QIcon

        path = resources_dir() / "icons" / "app.svg"
        if path.exists():
            self.setWindowIcon(QIcon(str(path)))
