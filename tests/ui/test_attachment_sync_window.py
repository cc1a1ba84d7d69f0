"""A file attached on another laptop arrives in the open workspace (issue 16 point 2):
first its record, shown as not on this computer yet, then its bytes, fetched by the
window's own sync (written through the store worker) and listed without a refresh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.config import AppPaths, AppSettings
from app.models.vocabulary import AttachmentKind
from app.services.attachments import add_attachment, read_content
from app.services.store import Store
from app.services.sync import run_sync
from app.services.sync.account import sign_in, signed_in_token
from app.services.sync.client import ApiClient
from app.services.sync.engine import SyncEngine, SyncResult
from app.ui import sync_status
from app.ui.ops import wait_for_all
from app.ui.sync_hub import SyncHub
from app.ui.sync_status import UP_TO_DATE
from app.ui.workspace.attachments_panel import AttachmentsPanel
from app.ui.workspace.stage_navigator import SCHOOL_PAGE
from tests.server_harness import RunningServer, SeededUsers
from tests.services import attachment_files as f
from tests.services.helpers import add_school
from tests.services.sync.devices import make_store
from tests.ui.windows import main_window, open_workspace


@pytest.fixture(autouse=True)
def quick_first_sync(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(sync_status, "FIRST_SYNC_MS", 0)
    yield
    wait_for_all()


def test_a_file_from_another_laptop_arrives_in_the_open_workspace(
    qtbot: QtBot,
    store: Store,
    app_paths: AppPaths,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
    template_db: tuple[Path, str],
    tmp_path: Path,
    output_dir: Path,
) -> None:
    users = district_users
    laptop, laptop_paths = make_store(template_db, tmp_path / "laptop")
    laptop_settings = AppSettings(laptop_paths)
    sign_in(laptop_settings, laptop.device_id, sqlite_server.url, users.officer, users.password)
    school = add_school(laptop, "Rātā Street School", district=users.district)
    scan = f.write(tmp_path, "Signed agreement 2026.pdf", f.PDF)
    row_id = add_attachment(
        laptop, "Const. Aroha Ngata", school, scan, kind=AttachmentKind.SIGNED_AGREEMENT
    )
    # Only the record reaches the server at first (the laptop went offline mid-sync).
    token = signed_in_token(laptop_settings.get())
    with ApiClient(sqlite_server.url, token) as api:
        engine = SyncEngine(laptop, api)
        engine.handshake()
        engine.push(SyncResult())

    sign_in(
        AppSettings(app_paths), store.device_id, sqlite_server.url, users.supervisor, users.password
    )
    window = main_window(qtbot, store, app_paths)
    hub = SyncHub(window, store)
    qtbot.waitUntil(
        lambda: hub.controller.state.kind == UP_TO_DATE and not hub.controller.running,
        timeout=30_000,
    )
    ws = open_workspace(qtbot, window, school)
    ws.show_page(SCHOOL_PAGE, "Attachments")
    panel: AttachmentsPanel = ws.section(SCHOOL_PAGE, "Attachments")
    qtbot.waitUntil(lambda: len(panel.rows) == 1, timeout=10_000)
    assert panel.table.item(0, 3).text() == "Signed agreement 2026.pdf (not on this computer yet)"
    QApplication.processEvents()
    window.grab().save(str(output_dir / "attachment_not_here_yet.png"))

    run_sync(laptop, laptop_settings)  # back online: the file goes up
    laptop.close()
    hub.sync_now_action.trigger()
    qtbot.waitUntil(
        lambda: panel.table.item(0, 3).text() == "Signed agreement 2026.pdf", timeout=30_000
    )
    assert read_content(store, row_id) == ("Signed agreement 2026.pdf", f.PDF)
    qtbot.waitUntil(lambda: not hub.controller.running, timeout=30_000)
    QApplication.processEvents()
    window.grab().save(str(output_dir / "attachment_arrived.png"))
