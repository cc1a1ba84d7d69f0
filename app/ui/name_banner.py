"""A one-line banner asking the officer to set their name, shown until they do.

It never blocks: the window starts headless in tests and benchmarks, and an officer at a
school gate should reach their schools first. Its link opens Preferences.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

# Qt.TextInteractionFlag.TextBrowserInteraction (the link reachable by mouse and keyboard),
# set by value: naming it would build every enum of Qt's namespace (about 12 ms) before
# the window is shown. tests/ui/test_name_banner.py checks the two agree.
TEXT_BROWSER_INTERACTION = 13
TEXT = "Set your name so your changes are recorded under it — <a href='preferences'>Preferences</a>"


class NameBanner(QFrame):
    """``preferences_requested`` when the link is followed."""

    preferences_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nameBanner")
        self.setStyleSheet(
            "#nameBanner { background: #eef4fb; border: 1px solid #b6cbe4; border-radius: 3px; }"
        )
        self.label = QLabel(TEXT)
        self.label.setAccessibleName("Set your name")
        self.label.setProperty("textInteractionFlags", TEXT_BROWSER_INTERACTION)
        self.label.linkActivated.connect(lambda _link: self.preferences_requested.emit())
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Not now (until the app is next started)")
        self.close_button.setAccessibleName("Dismiss")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 2, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
