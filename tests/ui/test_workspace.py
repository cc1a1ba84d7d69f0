"""The school workspace against a real store: forms save as typed, stages sign off."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services.store import Store
from app.ui.workspace.school_workspace import SchoolWorkspace
from tests.services.helpers import add_school


@pytest.fixture
def workspace(qtbot: QtBot, store: Store) -> SchoolWorkspace:
    school_id = add_school(store)
    ws = SchoolWorkspace(store, "Const. Aroha Ngata")
    qtbot.addWidget(ws)
    ws.resize(1366, 720)
    ws.show()
    with qtbot.waitSignal(ws.state_loaded, timeout=10_000):
        ws.load(school_id)
    return ws


def test_pages_render(qtbot: QtBot, workspace: SchoolWorkspace, output_dir: Path) -> None:
    for page in range(6):
        workspace.show_page(page)
        qtbot.wait(300)
        workspace.grab().save(str(output_dir / f"workspace_page{page}.png"))
