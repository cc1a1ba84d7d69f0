"""The demo district's second- and third-year schools as an officer first meets them: the
schools list shows this year and its stage, and the workspace offers every year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import School
from app.services.demo import seed_demo
from app.services.school_list_cells import STAGE, STATUS, YEAR
from app.services.store import Store
from tests.ui.windows import main_window
from tests.ui.workspace.test_year_workspace import _aims_listed, _shown

TODAY = date.today()  # as a first start seeds it
THIS, LAST, FIRST = TODAY.year, TODAY.year - 1, TODAY.year - 2


def _row(window: object, name: str) -> dict[int, str]:
    proxy = window.proxy  # type: ignore[attr-defined]
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data() == name:
            return {c: proxy.index(r, c).data() for c in (STAGE, YEAR, STATUS)}
    raise AssertionError(f"{name} is not listed")


def test_a_third_year_demo_school_in_the_list_and_the_workspace(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    seed_demo(store, count=12, today=TODAY)
    with store.session() as session:
        third = session.query(School).filter_by(moe_number=99003).one()
        second = session.query(School).filter_by(moe_number=99011).one()
        names = (third.name, second.name)
    window = main_window(qtbot, store, app_paths)
    # Listed at this year's stage: the second-year school reached stage 4 last year and
    # is at stage 3 now; the one that spent its first year at stage 1 is active again.
    assert _row(window, names[1]) == {STAGE: "3 · Response", YEAR: str(THIS), STATUS: "Active"}
    assert _row(window, names[0])[YEAR] == str(THIS)
    assert _row(window, "Mānuka Flats College")[STATUS] == "Active"

    ws = window.open_school(third.id)
    assert ws is not None
    _shown(qtbot, ws, THIS)
    bar = ws.year_bar
    assert [bar.selector.itemText(i) for i in range(bar.selector.count())] == [
        f"{THIS} (current)",
        str(LAST),
        str(FIRST),
    ]
    assert bar.past.isHidden()
    ws.show_page(3, "Response aims")
    _shown(qtbot, ws, THIS)
    this_years = _aims_listed(ws)
    assert len(this_years) == 1
    window.grab().save(str(output_dir / "third_year_school_current.png"))

    first = bar.selector.findData(FIRST)
    bar.selector.setCurrentIndex(first)
    bar.selector.activated.emit(first)
    _shown(qtbot, ws, FIRST)
    assert bar.past.isVisible() and f"Past year {FIRST}" in bar.past.text()
    state = ws.state
    assert state is not None and all(r.complete for r in state.reports)
    first_years = _aims_listed(ws)
    assert len(first_years) == 1 and first_years != this_years  # each year its own aim
    # The past year's aim is checked as that year saw it: its due date is not "passed".
    smart = ws.section(3, "Response aims").smart
    qtbot.waitUntil(lambda: smart.result is not None and smart.result.passed, timeout=10_000)
    assert smart.verdict("T") == "✓ Passes"
    window.grab().save(str(output_dir / "third_year_school_first_year.png"))
