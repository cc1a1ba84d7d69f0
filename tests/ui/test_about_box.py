"""The About box shows the data folder exactly as named and links the licences."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from app import __version__
from app.config import AppPaths
from app.ui.main_window import MainWindow


def test_about_shows_an_odd_folder_name_as_written_and_links_the_licences(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / 'R&D <b>Ōtaki</b> "kura"'
    window = MainWindow(AppPaths(folder))
    qtbot.addWidget(window)
    window.show_about()
    box = window.about_box
    shown = QTextDocument()
    shown.setHtml(box.text())
    plain = shown.toPlainText()
    assert f"Data folder: {folder}" in plain
    assert f"LPC Partnerships {__version__}" in plain
    assert "Licence: MIT; third-party notices (Qt is LGPL)" in plain

    links = {
        text: Path(unquote(urlparse(href).path))
        for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', box.text())
    }
    assert set(links) == {"MIT", "third-party notices"}
    assert links["MIT"].read_text(encoding="utf-8").startswith("MIT License")
    assert "LGPL" in links["third-party notices"].read_text(encoding="utf-8")
    box.close()
