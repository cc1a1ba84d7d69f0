"""The workspace as a keyboard and screen-reader user meets it, and as it comes back after
a restart: names on every control, tab order down each form, layout remembered, and last
year's profile carried into this year's through the profile screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import (
    AimAssessment,
    CommunityOrganisation,
    InterventionNarrative,
    Reflection,
    Response,
    ResponseAim,
    SaraPlan,
    SchoolProfile,
)
from app.services.records import load_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui import ops
from app.ui.main_window import MainWindow
from app.ui.ops import pool
from app.ui.workspace.record_editor import RecordEditor
from app.ui.workspace.school_workspace import SchoolWorkspace
from tests.services.helpers import add_school, fill_stage_one
from tests.ui.windows import main_window, open_workspace

TODAY = date.today()
INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractButton,
    QAbstractItemView,
)


def _idle() -> bool:
    return pool("store").activeThreadCount() == 0 and not ops._get_dispatcher().pending


def _window(qtbot: QtBot, store: Store, app_paths: AppPaths) -> MainWindow:
    return main_window(qtbot, store, app_paths, size=None)


def _open(qtbot: QtBot, window: MainWindow, school_id: str) -> SchoolWorkspace:
    return open_workspace(qtbot, window, school_id)


def _part_of_another_control(widget: QWidget) -> bool:
    """The line inside a date box or combo, a calendar's cells: named by their owner."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QCalendarWidget)):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QTabBar) or type(widget).__name__.startswith("QScroll")


def _name(widget: QWidget) -> str:
    """What a screen reader announces for the control: its accessible name, a button's
    own text, or the text of the label whose buddy it is. (Qt on Linux reports a combo's
    current item as its name, so the accessibility interface alone would hide a nameless
    combo.)"""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text().replace("&", "").strip()
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and label.text().strip():
            return label.text().replace("&", "").strip()
    return ""


def test_every_control_in_the_workspace_has_an_accessible_name(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    window = _window(qtbot, store, app_paths)
    window.resize(1366, 768)
    ws = _open(qtbot, window, school_id)
    unnamed: list[str] = []
    for page, tabs in ws.sections.items():
        for tab, (title, section) in enumerate(tabs):
            ws.show_page(page, tab)
            qtbot.waitUntil(_idle, timeout=10_000)
            for widget in section.findChildren(QWidget):
                if (
                    isinstance(widget, INPUTS)
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and not _part_of_another_control(widget)
                    and not _name(widget)
                ):
                    unnamed.append(
                        f"{title}: {type(widget).__name__} {widget.objectName()}"
                        f" {getattr(widget, 'text', lambda: '')()!r}"
                        f" {widget.toolTip()!r}"
                    )
    assert unnamed == []


def _tab_stops(container: QWidget) -> list[QWidget]:
    """The controls inside ``container`` in the order Tab visits them."""
    stops: list[QWidget] = []
    widget = container.nextInFocusChain()
    for _ in range(2000):
        if widget is container:
            break
        if (
            container.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not _part_of_another_control(widget)
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def _top_to_bottom(container: QWidget) -> list[str]:
    """Where Tab goes up the form instead of down it (an empty list when it never does)."""
    stops = _tab_stops(container)
    tops = [w.mapTo(container, w.rect().topLeft()).y() for w in stops]
    return [
        f"{_name(stops[i])!r} then {_name(stops[i + 1])!r}"
        for i in range(len(stops) - 1)
        if tops[i + 1] < tops[i]
    ]


def _every_form_started(store: Store) -> str:
    """A school with a record in every form, so each form is on screen to walk."""
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    with UnitOfWork(store) as uow:
        uow.add(SaraPlan, school_id=school_id, title="SARA plan")
        aim = uow.add(ResponseAim, school_id=school_id, statement="Halve crashes at the gate")
        uow.add(Response, school_id=school_id, aim_id=aim.id)
        uow.add(AimAssessment, school_id=school_id, aim_id=aim.id)
        uow.add(Reflection, school_id=school_id)
        uow.add(InterventionNarrative, school_id=school_id, title="Drop-off zone")
        uow.add(CommunityOrganisation, school_id=school_id, name="Te Awa Marae")
    return school_id


def test_tab_walks_each_form_top_to_bottom(qtbot: QtBot, store: Store, app_paths: AppPaths) -> None:
    school_id = _every_form_started(store)
    window = _window(qtbot, store, app_paths)
    window.resize(1366, 768)
    ws = _open(qtbot, window, school_id)
    checked = 0
    upward: dict[str, list[str]] = {}
    for page, tabs in ws.sections.items():
        for tab, (title, section) in enumerate(tabs):
            ws.show_page(page, tab)
            qtbot.waitUntil(_idle, timeout=10_000)
            forms: list[QWidget] = [e.form for e in section.findChildren(RecordEditor)]
            forms += [f for f in (getattr(section, "form", None),) if isinstance(f, QWidget)]
            for form in forms:
                if form.isVisible() and len(_tab_stops(form)) > 1:
                    checked += 1
                    if wrong := _top_to_bottom(form):
                        upward[title] = wrong
    assert checked >= 14, checked  # every form in the workspace with more than one field
    assert upward == {}
    audit = ws.section(1, "Needs audit")
    ws.show_page(1, "Needs audit")
    qtbot.waitUntil(lambda: audit.isEnabled(), timeout=10_000)
    stops = _tab_stops(audit)
    names = [_name(w) for w in stops]
    order = ["Date of the audit", "Assessed by", "Notes", "Accept the suggested level"]
    order += ["Agree a different level:", "Save now"]
    assert [names.index(n) for n in order] == sorted(names.index(n) for n in order), names
    assert _top_to_bottom(audit.date.parentWidget()) == []  # down the indicators
    audit.override.setChecked(True)  # the level and reason come next, in that order
    names = [_name(w) for w in _tab_stops(audit)]
    after = names[names.index("Agree a different level:") + 1 :]
    assert after[:2] == ["Agreed intervention level", "Reason for a different level"], names


def test_this_years_profile_starts_from_last_years_copy_on_the_profile_screen(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    school_id = add_school(store)
    last_year = TODAY.year - 1
    with UnitOfWork(store) as uow:
        uow.add(
            SchoolProfile,
            school_id=school_id,
            year=last_year,
            prepared_on=date(last_year, 3, 1),
            police_crime_data="Thefts from the bike shed, mostly Fridays",
            priorities="Safe arrival at the kura",
            stand_downs=4,
            attendance_rate=88.0,
        )
    window = _window(qtbot, store, app_paths)
    ws = _open(qtbot, window, school_id)
    ws.show_page(1, "School profile")
    profile = ws.section(1, "School profile")
    qtbot.waitUntil(lambda: profile.years.currentText() == str(last_year), timeout=10_000)
    qtbot.waitUntil(lambda: profile.editor.form.value("stand_downs") == "4", timeout=10_000)
    assert profile.start_button.text() == f"Start the {TODAY.year} profile"
    assert profile.start_button.isEnabled()
    with qtbot.waitSignal(profile.changed, timeout=10_000):
        profile.start_button.click()
    qtbot.waitUntil(lambda: profile.years.currentText() == str(TODAY.year), timeout=10_000)
    form = profile.editor.form
    qtbot.waitUntil(
        lambda: form.value("police_crime_data") == "Thefts from the bike shed, mostly Fridays",
        timeout=10_000,
    )
    assert form.value("priorities") == "Safe arrival at the kura"
    assert (form.value("stand_downs"), form.value("attendance_rate")) == ("", "")  # afresh
    assert [profile.years.itemText(i) for i in range(profile.years.count())] == [
        str(TODAY.year),
        str(last_year),
    ]
    assert not profile.start_button.isEnabled()  # one profile a year
    form.type_into("stand_downs", "1")
    qtbot.waitUntil(lambda: not ws.pending and _idle(), timeout=10_000)
    with store.session() as session:
        profiles = {p.year: p for p in load_school(session, school_id).profiles}
    assert profiles[TODAY.year].police_crime_data == "Thefts from the bike shed, mostly Fridays"
    assert (profiles[TODAY.year].stand_downs, profiles[last_year].stand_downs) == (1, 4)


RESTART_CHILD = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QRect
from app.config import AppPaths
from app.services.store import open_store
from app.ui.application import LpcApplication
from app.ui.main_window import MainWindow

app = LpcApplication(sys.argv)
paths = AppPaths(Path(sys.argv[1])).ensure()
store = open_store(paths.database, paths.backups)
window = MainWindow(paths, store)
window.show()
if sys.argv[3] == "arrange":
    window.setGeometry(QRect(40, 30, 1180, 700))
ws = window.open_school(sys.argv[2])
end = time.monotonic() + 30
while ws.state is None and time.monotonic() < end:
    app.processEvents()
    time.sleep(0.01)
if sys.argv[3] == "arrange":
    ws.splitter.setSizes([380, 760])
g = window.geometry()
print(json.dumps({"size": [g.width(), g.height()], "splitter": ws.splitter.sizes()}), flush=True)
window.close()
store.close()
"""


def _run_app(app_paths: AppPaths, school_id: str, step: str, screen: Path) -> dict[str, Any]:
    """Start the real app in its own process on a 1366x768 screen; what it reports."""
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    done = subprocess.run(
        [sys.executable, "-c", RESTART_CHILD, str(app_paths.data_dir), school_id, step],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_window_size_and_workspace_splitter_come_back_after_a_restart(
    store: Store, app_paths: AppPaths, tmp_path: Path
) -> None:
    """Closed and started again (a new process, as an officer would), the window has the
    size it was left at and the workspace's stage navigator its width."""
    school_id = add_school(store)
    store.close()
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}]}),
        encoding="utf-8",
    )
    arranged = _run_app(app_paths, school_id, "arrange", screen)
    assert arranged["size"] == [1180, 700]
    assert arranged["splitter"][0] != 290  # moved from where it starts
    restarted = _run_app(app_paths, school_id, "look", screen)
    assert restarted == arranged
