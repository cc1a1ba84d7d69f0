"""Where the officer left the window: its size and place, its toolbars, and the
splitters of the schools list and the workspace, kept in QSettings between runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QSplitter

GEOMETRY = "main_window/geometry"
STATE = "main_window/state"
HOME_SPLITTER = "main_window/home_splitter"
WORKSPACE_SPLITTER = "workspace/splitter"
DEFAULT_SIZE = (1280, 760)


def restore_window(window: QMainWindow) -> None:
    settings = QSettings()
    geometry = settings.value(GEOMETRY)
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)
    state = settings.value(STATE)
    if isinstance(state, QByteArray):
        window.restoreState(state)


def restore_splitter(splitter: QSplitter, key: str) -> None:
    state = QSettings().value(key)
    if isinstance(state, QByteArray):
        splitter.restoreState(state)


def save(window: QMainWindow, home: QSplitter | None, workspace: QSplitter | None) -> None:
    settings = QSettings()
    settings.setValue(GEOMETRY, window.saveGeometry())
    settings.setValue(STATE, window.saveState())
    if home is not None:
        settings.setValue(HOME_SPLITTER, home.saveState())
    if workspace is not None:
        settings.setValue(WORKSPACE_SPLITTER, workspace.saveState())
