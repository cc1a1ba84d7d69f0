"""Sync in the real main window: the Sync menu, the status indicator, and a school that
arrives from the district server showing up in the officer's list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.config import AppPaths, AppSettings
from app.services.store import Store
from app.services.sync.account import sign_in
from app.ui import sync_status
from app.ui.main_window import MainWindow
from app.ui.ops import wait_for_all
from app.ui.sync_hub import SyncHub
from app.ui.sync_status import NOT_SET_UP, UP_TO_DATE
from tests.server_harness import RunningServer, SeededUsers
from tests.services.helpers import add_school
from tests.services.sync.devices import school_assigned_by_supervisor


@pytest.fixture(autouse=True)
def quick_first_sync(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(sync_status, "FIRST_SYNC_MS", 0)
    for name in ("critical", "warning"):  # sync problems are shown in the status bar only
        monkeypatch.setattr(
            QMessageBox, name, lambda *_a, **_k: pytest.fail("a message box was opened")
        )
    yield
    wait_for_all()


def _window(qtbot: QtBot, store: Store, paths: AppPaths) -> tuple[MainWindow, SyncHub]:
    window = MainWindow(paths, store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() > 0 or window.stack.currentWidget() is not None)
    return window, SyncHub(window, store)


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def test_sync_menu_sits_before_help_and_the_status_says_not_set_up(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    window, hub = _window(qtbot, store, app_paths)
    assert _menu_titles(window)[-2:] == ["Sync", "Help"]
    assert hub.sync_now_action.shortcut().toString() == "F9"
    qtbot.waitUntil(lambda: hub.controller.loaded and hub.controller.state.kind == NOT_SET_UP)
    assert hub.status.isVisible()
    assert hub.status.label.text() == "Sync not set up"
    dialog = hub.open_settings()
    assert dialog.isVisible()
    dialog.reject()


def test_a_school_assigned_on_the_server_appears_in_the_list(
    qtbot: QtBot,
    store: Store,
    app_paths: AppPaths,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
    template_db: tuple[Path, str],
    output_dir: Path,
) -> None:
    add_school(store, "Kōwhai Grove School")
    sign_in(
        AppSettings(app_paths),
        store.device_id,
        sqlite_server.url,
        district_users.officer,
        district_users.password,
    )
    window, hub = _window(qtbot, store, app_paths)
    qtbot.waitUntil(
        lambda: hub.controller.loaded and hub.controller.state.kind == UP_TO_DATE,
        timeout=30_000,
    )

    # The supervisor adds a school on another device and assigns it to this officer.
    school_assigned_by_supervisor(
        template_db,
        app_paths.data_dir.parent / "office",
        sqlite_server,
        district_users,
        "Rātā Street School",
    )

    def names() -> set[str]:
        return {window.model.index(r, 0).data() for r in range(window.model.rowCount())}

    hub.sync_now_action.trigger()
    # The pull tells the window, which re-reads its list: no click on Refresh needed.
    qtbot.waitUntil(lambda: "Rātā Street School" in names(), timeout=30_000)
    assert "Kōwhai Grove School" in names()
    qtbot.waitUntil(lambda: hub.controller.state.kind == UP_TO_DATE and not hub.controller.running)
    window.grab().save(str(output_dir / "main_window_synced.png"))
