"""Opening the real main window on a test store, the way every screen test starts.

Shared so that each test waits for the same signals: the school list loaded before it
looks at the window, and a workspace's state read before it types into it.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.services.store import Store
from app.ui.main_window import MainWindow
from app.ui.workspace.school_workspace import SchoolWorkspace


def main_window(
    qtbot: QtBot, store: Store, paths: AppPaths, size: tuple[int, int] | None = (1366, 768)
) -> MainWindow:
    """The main window shown (at ``size``, a common laptop screen) with the schools listed."""
    window = MainWindow(paths)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.schools_loaded, timeout=10_000):
        window.set_store(store)
    return window


def workspace_alone(
    qtbot: QtBot, store: Store, school_id: str, actor: str = "Const. Aroha Ngata"
) -> SchoolWorkspace:
    """A school's workspace on its own (no main window), at a laptop's screen size, with
    its records on screen."""
    ws = SchoolWorkspace(store, lambda: actor)
    qtbot.addWidget(ws)
    ws.resize(1366, 768)  # the screen size the layout must hold at
    ws.show()
    with qtbot.waitSignal(ws.state_loaded, timeout=10_000):
        ws.load(school_id)
    return ws


def open_workspace(qtbot: QtBot, window: MainWindow, school_id: str) -> SchoolWorkspace:
    """Open a school's workspace and wait until its records are on screen."""
    ws = window.open_school(school_id)
    assert ws is not None
    qtbot.waitUntil(lambda: ws.state is not None, timeout=10_000)
    return ws
