"""The workspace and the forms it holds: each form that saves as typed is registered with
it (never found by searching the widget tree), so switching school and closing save it;
and a missing item takes the officer to its tab, record and field by its values, not its
words."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import Outcome, School
from app.models.vocabulary import Stage
from app.services.editing import SaveResult, save_fields
from app.services.stages import MissingItem
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.ops import pool
from app.ui.workspace.autosave import AutosaveController, SaveTarget
from app.ui.workspace.engagement_log import EngagementLog
from app.ui.workspace.needs_audit_form import NeedsAuditForm
from app.ui.workspace.plan_reviews import PlanReviews
from app.ui.workspace.record_editor import RecordEditor
from app.ui.workspace.results_section import ResultsSection
from app.ui.workspace.school_workspace import SchoolWorkspace
from tests.services.helpers import add_school, fill_stage_one
from tests.ui.windows import main_window, open_workspace, workspace_alone

TODAY = date.today()
ACTOR = "Const. Aroha Ngata"


def _idle() -> bool:
    return pool("store").activeThreadCount() == 0


class _NotesForm(QObject):
    """A form of the simplest kind: one value, the open school's notes, saved as typed
    through its own controller and registered with the workspace like any other."""

    def __init__(self, ws: SchoolWorkspace, store: Store) -> None:
        super().__init__(ws)
        self.ws = ws
        self.store = store
        self.autosave = AutosaveController(self, self._save, self._target)

    def _target(self) -> SaveTarget | None:
        return SaveTarget(self.ws.school_id, ACTOR) if self.ws.school_id else None

    def _save(self, target: SaveTarget, values: dict[str, Any]) -> SaveResult:
        return save_fields(self.store, target.actor, School, target.record, values)

    def type(self, text: str) -> None:
        self.autosave.edited({"notes": text})


def _notes(store: Store, school_id: str) -> str | None:
    with store.session() as session:
        school = session.get(School, school_id)
        assert school is not None
        return school.notes


def test_a_registered_form_is_saved_on_switching_school_and_on_closing(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    first = add_school(store, "Awatea School")
    second = add_school(store, "Pīwakawaka School")
    window = main_window(qtbot, store, app_paths)
    ws = open_workspace(qtbot, window, first)
    form = _NotesForm(ws, store)
    ws.register(form.autosave)
    form.type("Gate duty from term 2")
    assert ws.pending and form.autosave.timer.waiting()  # no pause yet: nothing sent
    window.open_school(second)  # switching saves the first school's typing first
    qtbot.waitUntil(lambda: ws.state is not None and ws.state.school_id == second)
    qtbot.waitUntil(lambda: not ws.pending and _idle(), timeout=10_000)
    assert _notes(store, first) == "Gate duty from term 2"
    assert not _notes(store, second)  # the second school's form was not written to

    form.type("Typed just before closing")
    assert ws.pending
    assert window.close()  # saves on this thread before the window goes
    assert _notes(store, second) == "Typed just before closing"
    assert _notes(store, first) == "Gate duty from term 2"


def test_every_form_that_saves_as_typed_is_registered(qtbot: QtBot, store: Store) -> None:
    ws = workspace_alone(qtbot, store, add_school(store))
    registered = set(map(id, ws.autosaves))
    forms: list[Any] = [
        *ws.findChildren(RecordEditor),
        *ws.findChildren(EngagementLog),
        *ws.findChildren(NeedsAuditForm),
        *ws.findChildren(ResultsSection),
        *ws.findChildren(PlanReviews),
    ]
    assert len(forms) >= 15
    missing = [type(f).__name__ for f in forms if id(f.autosave) not in registered]
    assert missing == []
    # No controller left out, and each once: flushed twice, typing would be sent twice.
    assert set(map(id, ws.findChildren(AutosaveController))) == registered
    assert len(ws.autosaves) == len(registered)


def _missing_item(ws: SchoolWorkspace, stage: int, text: str) -> tuple[int, QWidget]:
    ws.show_page(stage)
    row = ws.navigator.missing_items().index(text)
    item = ws.navigator.missing.item(row)
    assert isinstance(
        item.data(Qt.ItemDataRole.UserRole), MissingItem
    )  # the values travel with the words
    ws.navigator.missing.itemClicked.emit(item)
    page = ws.navigator.page
    return page, ws.tabs[page].currentWidget()


def test_a_missing_item_opens_its_tab_its_record_and_its_field(qtbot: QtBot, store: Store) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    with UnitOfWork(store) as uow:
        unmeasured = uow.add(Outcome, school_id=school_id, description="Safer crossings").id
    ws = workspace_alone(qtbot, store, school_id)
    qtbot.waitUntil(lambda: ws.navigator.missing_items() != [], timeout=10_000)

    page, tab = _missing_item(ws, 1, "Outcome “Safer crossings”: Measure of success")
    assert (page, tab) == (1, ws.section(1, "Agreed outcomes"))
    qtbot.waitUntil(lambda: tab.current_id() == unmeasured, timeout=10_000)
    qtbot.waitUntil(lambda: tab.editor.form.value("description") == "Safer crossings")
    measure = tab.editor.form.editor("measure")  # the blank field takes the cursor
    qtbot.waitUntil(lambda: ws.window().focusWidget() is measure, timeout=10_000)

    page, tab = _missing_item(ws, 3, "Responses: choose at least one")  # no record yet
    assert (page, tab) == (3, ws.section(3, "Responses"))
    page, tab = _missing_item(ws, 2, "SARA plan: not started")
    assert (page, tab) == (2, ws.section(2, "SARA plan"))


def test_a_refused_sign_off_shows_what_was_typed_as_text(qtbot: QtBot, store: Store) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    with UnitOfWork(store) as uow:
        uow.add(Outcome, school_id=school_id, description="Fewer <i>fights</i> at the gate")
    ws = workspace_alone(qtbot, store, school_id)
    ws.complete_stage(Stage.RELATIONSHIP)
    qtbot.waitUntil(lambda: ws.findChild(QMessageBox) is not None, timeout=10_000)
    box = ws.findChild(QMessageBox)
    assert "Outcome “Fewer &lt;i&gt;fights&lt;/i&gt; at the gate”: Measure" in box.text()
    box.close()
