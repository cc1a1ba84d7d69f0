"""A district supervisor approves a submitted narrative from the Knowledge bank view,
through a real server; an officer's attempt is refused in the server's words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import AppSettings
from app.models import KnowledgeEntry
from app.services.knowledge_publish import Submission, submit
from app.ui.knowledge_view import KnowledgeView
from tests.server_harness import RunningServer
from tests.services.knowledge_helpers import finished_school
from tests.services.sync.live import Live, LiveDevice, running_live


@pytest.fixture
def live(
    sqlite_server: RunningServer, tmp_path: Path, template_db: tuple[Path, str]
) -> Iterator[Live]:
    yield from running_live(sqlite_server, template_db, tmp_path)


def _waiting_view(qtbot: QtBot, device: LiveDevice) -> KnowledgeView:
    view = KnowledgeView(device.store, AppSettings(device.paths))
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.load()
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.showing.setCurrentIndex(view.showing.findData("submitted"))
    assert view.results.count() == 1
    with qtbot.waitSignal(view.page_shown, timeout=15_000):
        view.results.setCurrentRow(0)
    return view


def test_supervisor_approves_and_an_officer_is_refused(
    qtbot: QtBot, live: Live, output_dir: Path
) -> None:
    officer = live.device("laptop-a", live.users.officer)
    supervisor = live.device("laptop-b", live.users.supervisor)
    narrative_id = finished_school(officer.store)
    officer.sync()
    entry = submit(officer.store, Submission(narrative_id, False, "bullying", "officer.aroha"))
    officer.sync()

    mine = _waiting_view(qtbot, officer)
    assert mine.review is not None and mine.review.isVisible()
    with qtbot.waitSignal(mine.review.refused, timeout=15_000):
        mine.review.approve.click()
    assert "refused" in mine.review.message.text()

    supervisor.sync()
    view = _waiting_view(qtbot, supervisor)
    assert view.review is not None and view.review.isVisible()
    view.grab().save(str(output_dir / "knowledge_waiting_for_approval.png"))
    with qtbot.waitSignal(view.review.reviewed, timeout=15_000) as reviewed:
        view.review.approve.click()
    assert reviewed.args == [entry.id, "published"]
    qtbot.waitUntil(lambda: view.results.count() == 0, timeout=15_000)  # none waiting now
    with supervisor.store.session() as session:
        stored = session.get(KnowledgeEntry, entry.id)
        assert stored is not None and stored.state == "published"
