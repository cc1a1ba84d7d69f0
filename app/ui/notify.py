"""A message box that does not block the event loop, so saves keep running behind it.

Kept in a module of its own, importing only Qt, so the main window can use it before the
service layer is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def notify(parent: QWidget, title: str, text: str) -> QMessageBox:
    # Not at import: the window imports this before it shows, and building Qt's types
    # (QMessageBox's enums, Qt's namespace) takes milliseconds.
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
