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


def test_the_opening_message_is_centred_without_naming_qts_enums() -> None:
    """``ALIGN_CENTER`` is Qt's AlignCenter, given by value (see app.ui.opening_message)."""
    from app.ui.opening_message import ALIGN_CENTER

    assert Qt.AlignmentFlag.AlignCenter.value == ALIGN_CENTER
