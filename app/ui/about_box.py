"""Help ▸ About: version, data folder, licences and the store's engine.

Every value is escaped: a folder named "R&D <2026>" must show as written.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app import APP_NAME, __version__
from app.paths import bundle_root

LICENCE = "MIT"


def _link(name: str, text: str) -> str:
    """A link to a file shipped beside the app, or plain text if it is missing."""
    path = bundle_root() / name
    if not path.is_file():
        return escape(text)
    return f'<a href="{escape(path.as_uri())}">{escape(text)}</a>'


def about_box(parent: QWidget, data_dir: Path, sqlite: str, cipher: str) -> QMessageBox:
    """The box, ready to ``open()``; ``sqlite`` is empty while the store is not open yet."""
    engine = f"SQLite {sqlite}" if sqlite else "SQLite (store not open yet)"
    if cipher:
        engine += f", SQLCipher {cipher}"
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    box.setText(
        f"<h3>{escape(APP_NAME)} {escape(__version__)}</h3>"
        "<p>For Lead Police Contacts running Police-School partnerships.</p>"
        f"<p>Data folder: {escape(str(data_dir))}</p>"
        f"<p>Licence: {_link('LICENSE', LICENCE)}; "
        f"{_link('THIRD-PARTY-NOTICES.md', 'third-party notices')} (Qt is LGPL)</p>"
        f"<p>{escape(engine)}</p>"
    )
    return box
