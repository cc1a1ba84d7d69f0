"""The sync controller and the status-bar widget, against a real server process."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import AppPaths, AppSettings
from app.services.changes import ChangeSet
from app.services.store import Store
from app.services.sync.account import delete_token, sign_in
from app.services.sync.engine import SyncResult
from app.services.sync.status import format_sync_time
from app.ui import sync_status
from app.ui.ops import listen, wait_for_all
from app.ui.sync_status import (
    CONFLICTS,
    NOT_SET_UP,
    OFFLINE,
    SIGN_IN,
    SYNCING,
    UP_TO_DATE,
    SyncController,
    SyncState,
    SyncStatusWidget,
)
from tests.server_harness import RunningServer, SeededUsers
from tests.services.helpers import add_school
from tests.services.sync.devices import get_row, school_assigned_by_supervisor


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Working offline must never open a message box."""

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("a message box was opened")

    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    monkeypatch.setattr(sync_status, "FIRST_SYNC_MS", 0)
    yield
    wait_for_all()


@functools.cache
def _settings(paths: AppPaths) -> AppSettings:
    """The one settings object of the app on this data folder: signing in and the status
    read and write the same one, as in the app."""
    return AppSettings(paths)


def _window(
    qtbot: QtBot, store: Store, paths: AppPaths
) -> tuple[QMainWindow, SyncController, SyncStatusWidget]:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(900, 120)
    controller = SyncController(store, _settings(paths), window)
    widget = SyncStatusWidget(controller)
    window.statusBar().addPermanentWidget(widget)
    window.show()
    return window, controller, widget


def _grab(qtbot: QtBot, window: QMainWindow, widget: SyncStatusWidget, path: str) -> None:
    """Once the status bar has laid the new text out, save a picture of the window."""
    qtbot.waitUntil(lambda: widget.label.width() >= widget.label.sizeHint().width())
    window.grab().save(path)


def _wait_for(qtbot: QtBot, controller: SyncController, *kinds: str) -> None:
    qtbot.waitUntil(
        lambda: controller.loaded and controller.state.kind in kinds and not controller.running,
        timeout=30_000,
    )


def _sign_in(paths: AppPaths, store: Store, server: RunningServer, users: SeededUsers) -> None:
    sign_in(_settings(paths), store.device_id, server.url, users.officer, users.password)


def test_not_set_up_says_so_and_a_click_asks_for_settings(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    window, controller, widget = _window(qtbot, store, app_paths)
    _wait_for(qtbot, controller, NOT_SET_UP)
    qtbot.waitUntil(lambda: widget.label.text() == "Sync not set up")
    assert not widget.button.isEnabled()
    with qtbot.waitSignal(widget.settings_requested):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    _grab(qtbot, window, widget, str(output_dir / "status_not_set_up.png"))


def test_syncs_at_start_and_shows_when(
    qtbot: QtBot,
    store: Store,
    app_paths: AppPaths,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
    template_db: tuple[Path, str],
    output_dir: Path,
) -> None:
    add_school(store, "Kōwhai Grove School")
    _sign_in(app_paths, store, sqlite_server, district_users)
    window, controller, widget = _window(qtbot, store, app_paths)
    _wait_for(qtbot, controller, UP_TO_DATE)
    assert widget.label.text().startswith("Up to date · last sync today ")
    assert widget.button.isEnabled()
    assert controller.timer.isActive()
    _grab(qtbot, window, widget, str(output_dir / "status_up_to_date.png"))

    # A school from the supervisor's device arrives, and the window hears of it once.
    school_id = school_assigned_by_supervisor(
        template_db,
        app_paths.data_dir.parent / "office",
        sqlite_server,
        district_users,
        "Rātā Street School",
    )
    states: list[SyncState] = []
    controller.state_changed.connect(states.append)
    heard: list[ChangeSet] = []  # what the screens hear: the pull's change set
    listen(widget, lambda changes, _initiator: heard.append(changes))
    with qtbot.waitSignal(controller.data_changed, timeout=30_000):
        widget.button.click()
    _wait_for(qtbot, controller, UP_TO_DATE)
    assert any(s.kind == SYNCING for s in states)
    assert get_row(store, "schools", school_id).name == "Rātā Street School"
    assert any(school_id in c.school_ids and "schools" in c.tables for c in heard)


def test_offline_is_a_quiet_state_not_an_error(
    qtbot: QtBot,
    store: Store,
    app_paths: AppPaths,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
    output_dir: Path,
) -> None:
    _sign_in(app_paths, store, sqlite_server, district_users)
    sqlite_server.stop()
    add_school(store, "Kauri Park School")
    window, controller, widget = _window(qtbot, store, app_paths)
    _wait_for(qtbot, controller, OFFLINE)
    # The school, its partnership and its first partnership year.
    qtbot.waitUntil(lambda: "3 changes waiting" in widget.label.text())
    assert widget.label.text().startswith("Offline, 3 changes waiting · last sync never")
    assert "cannot be reached" in widget.toolTip()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    _grab(qtbot, window, widget, str(output_dir / "status_offline.png"))


def test_a_lost_sign_in_asks_to_sign_in_again(
    qtbot: QtBot,
    store: Store,
    app_paths: AppPaths,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
    output_dir: Path,
) -> None:
    _sign_in(app_paths, store, sqlite_server, district_users)
    delete_token(sqlite_server.url, district_users.officer)
    window, controller, widget = _window(qtbot, store, app_paths)
    _wait_for(qtbot, controller, SIGN_IN)
    assert widget.label.text() == "Sign in again to sync"
    with qtbot.waitSignal(widget.settings_requested):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    _grab(qtbot, window, widget, str(output_dir / "status_sign_in.png"))


def test_state_texts_for_every_kind(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    when = datetime(2026, 11, 24, 1, 5, tzinfo=UTC)
    local = when.astimezone()
    assert format_sync_time(when, now=local + timedelta(days=3)) == (
        f"{local:%d/%m/%Y} " + local.strftime("%I:%M %p").lstrip("0").lower()
    )
    assert format_sync_time(None) == "never"
    assert SyncState(SYNCING, phase="push", done=120, total=1500).text() == (
        "Syncing: sending 120 of 1,500"
    )
    assert SyncState(SYNCING, phase="pull", done=300).text() == "Syncing: receiving 300"
    assert SyncState(SYNCING, phase="files", done=1, total=3).text() == (
        "Syncing: attached files 1 of 3"
    )
    assert SyncState(CONFLICTS, conflicts=1).text() == "1 sync conflict to resolve"
    assert SyncState(CONFLICTS, conflicts=3).text() == "3 sync conflicts to resolve"
    assert SyncState("error", reason="The server refused. Ask IT.").text() == (
        "Sync problem: The server refused"
    )
    window, controller, widget = _window(qtbot, store, app_paths)
    _wait_for(qtbot, controller, NOT_SET_UP)
    controller._finished(SyncResult(finished_at=when, file_problems=["scan.pdf: too large"]))
    assert widget.label.text().startswith("Up to date")
    assert widget.toolTip() == "Not synced: scan.pdf: too large"
    widget.show_state(SyncState(CONFLICTS, conflicts=2))
    with qtbot.waitSignal(widget.conflicts_requested):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    _grab(qtbot, window, widget, str(output_dir / "status_conflicts.png"))
    widget.show_state(SyncState(SYNCING, phase="push", done=120, total=1500))
    assert not widget.button.isEnabled()
    _grab(qtbot, window, widget, str(output_dir / "status_syncing.png"))


def test_signing_in_later_starts_syncing(
    qtbot: QtBot,
    store: Store,
    app_paths: AppPaths,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
) -> None:
    _, controller, widget = _window(qtbot, store, app_paths)
    _wait_for(qtbot, controller, NOT_SET_UP)
    controller.sync_now()  # e.g. from a menu: nothing to sync with, and no dialog
    _wait_for(qtbot, controller, NOT_SET_UP)
    assert not controller.timer.isActive()
    _sign_in(app_paths, store, sqlite_server, district_users)
    controller.account_changed()
    _wait_for(qtbot, controller, UP_TO_DATE)
    assert controller.timer.isActive()
    assert widget.label.text().startswith("Up to date")


def test_a_refused_change_counts_as_a_sync_problem(
    qtbot: QtBot,
    store: Store,
    app_paths: AppPaths,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
    output_dir: Path,
) -> None:
    from sqlalchemy import delete

    from app.models import School
    from app.services.unit_of_work import UnitOfWork
    from server.db import open_database
    from server.directory import user_by_name
    from server.models import Assignment

    assert SyncState(CONFLICTS, conflicts=1, refused=1).text() == "1 sync problem to resolve"
    assert SyncState(CONFLICTS, conflicts=3, refused=1).text() == "3 sync problems to resolve"
    school_id = add_school(store, "Kōwhai Grove School")
    _sign_in(app_paths, store, sqlite_server, district_users)
    window, controller, widget = _window(qtbot, store, app_paths)
    # The first sync (which registers the school on the server) has finished.
    qtbot.waitUntil(
        lambda: (
            controller.state.kind == UP_TO_DATE
            and controller.state.last_sync is not None
            and not controller.running
        ),
        timeout=30_000,
    )

    with UnitOfWork(store) as uow:
        uow.update(uow.get(School, school_id), phone="09 222 2222")
    db = open_database(sqlite_server.database_url)
    try:
        with db.writing() as session:
            officer = user_by_name(session, district_users.officer)
            session.execute(delete(Assignment).where(Assignment.user_id == officer.id))
    finally:
        db.dispose()
    widget.button.click()
    _wait_for(qtbot, controller, CONFLICTS)
    assert widget.label.text() == "1 sync problem to resolve"
    assert "refused some changes" in widget.toolTip()
    with qtbot.waitSignal(widget.conflicts_requested):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    _grab(qtbot, window, widget, str(output_dir / "status_refused.png"))
