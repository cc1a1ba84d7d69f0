from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.services.demo import seed_demo
from app.services.store import Store
from app.ui.main_window import MainWindow


def _cells(window: MainWindow, column: int) -> list[str]:
    proxy = window.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_main_window_lists_schools_with_their_stage(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    seed_demo(store, today=date.today())
    window = MainWindow(app_paths)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.schools_loaded, timeout=10_000):
        window.set_store(store)
    names = _cells(window, 0)
    assert len(names) == 30
    row = names.index("Kōwhai Grove School")
    assert window.proxy.index(row, 2).data().startswith("1 · Relationship and information sharing")
    assert window.count_label.text() == "30 schools"
    window.grab().save(str(output_dir / "main_window.png"))

    qtbot.keyClicks(window.search, "9000")  # QTest types ASCII only
    assert _cells(window, 0) == ["Kōwhai Grove School"]
    window.search.setText("kāhui ako o te awa")  # macrons as an officer's keyboard sends them
    assert 0 < window.proxy.rowCount() < 30
    assert set(_cells(window, 5)) == {"Kāhui Ako o Te Awa"}


def test_empty_store_shows_an_empty_state(qtbot: QtBot, store: Store, app_paths: AppPaths) -> None:
    window = MainWindow(app_paths)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.schools_loaded, timeout=10_000):
        window.set_store(store)
    assert window.stack.currentWidget() is window.message
    assert "No schools yet" in window.message.text()
