"""The name banner, set up without naming Qt's enums (see app.ui.name_banner)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.name_banner import NameBanner


def test_the_banner_link_is_reachable_by_mouse_and_keyboard(qtbot: QtBot) -> None:
    banner = NameBanner()
    qtbot.addWidget(banner)
    flags = banner.label.textInteractionFlags()
    assert flags == Qt.TextInteractionFlag.TextBrowserInteraction
    with qtbot.waitSignal(banner.preferences_requested):
        banner.label.linkActivated.emit("preferences")
