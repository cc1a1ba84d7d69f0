"""The main window's menus and their shortcuts, in one place to read them all.

The actions a test or another screen reaches are kept on the window (``new_action``,
``export_action``, ``calendar_action``, ``save_action``, ``preferences_action``,
``stage_actions``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app.models.stages import Stage
from app.ui.optional import available

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def add(
    window: MainWindow, menu: QMenu, text: str, slot: Callable[..., Any], shortcut: Any = None
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        # The property, not setShortcut(): choosing among setShortcut's overloads builds
        # every enum of Qt's namespace (about 12 ms) before the window is shown.
        action.setProperty("shortcut", QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build(window: MainWindow) -> None:
    file_menu = window.menuBar().addMenu("&File")
    window.new_action = add(window, file_menu, "&New school…", window.new_school, "Ctrl+N")
    window.export_action = add(window, file_menu, "&Export…", window.export, "Ctrl+E")
    window.calendar_action = add(
        window, file_menu, "Save due dates to &calendar…", window.save_calendar
    )
    window.save_action = add(window, file_menu, "&Save now", window.save_now, "Ctrl+S")
    file_menu.addSeparator()
    window.preferences_action = add(
        window, file_menu, "&Preferences…", window.show_preferences, "Ctrl+,"
    )
    file_menu.addSeparator()
    add(window, file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    view = window.menuBar().addMenu("&View")
    add(window, view, "&Schools", window.show_schools, "Ctrl+0")
    if available("app.ui.dashboard"):
        add(window, view, "&Dashboard", window.show_dashboard, "Ctrl+D")
    add(window, view, "&Reminders", window.show_reminders, "Ctrl+R")
    add(window, view, "&Knowledge bank", window.show_knowledge_bank, "Ctrl+K")
    add(window, view, "&Find school", window.focus_search, QKeySequence.StandardKey.Find)
    view.addSeparator()
    window.stage_actions = []
    for stage in Stage:
        window.stage_actions.append(
            add(
                window,
                view,
                f"Stage &{stage.value} · {stage.label}",
                lambda _c=False, s=stage: window.show_stage(s),
                f"Ctrl+{stage.value}",
            )
        )
    view.addSeparator()
    add(window, view, "Re&fresh", window.refresh, QKeySequence.StandardKey.Refresh)

    help_menu = window.menuBar().addMenu("&Help")
    add(window, help_menu, "&About", window.show_about)
