from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import School, SchoolProfile
from app.models.vocabulary import Stage
from app.services.demo import seed_demo
from app.services.reminders import Reminder, ReminderKind
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui import ops
from app.ui.main_window import MainWindow
from app.ui.ops import pool
from app.ui.school_dialog import SchoolDialog
from app.ui.school_table import COLUMNS
from app.ui.workspace.school_workspace import SchoolWorkspace
from tests.services.helpers import add_school
from tests.ui.windows import main_window

CLUSTER = COLUMNS.index("Cluster / Kāhui Ako")


def _cells(window: MainWindow, column: int) -> list[str]:
    proxy = window.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def _window(qtbot: QtBot, store: Store, app_paths: AppPaths) -> MainWindow:
    window = main_window(qtbot, store, app_paths)
    return window


def test_main_window_lists_schools_with_their_stage(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    seed_demo(store, today=date.today())
    window = _window(qtbot, store, app_paths)
    names = _cells(window, 0)
    assert len(names) == 30
    row = names.index("Kōwhai Grove School")
    assert window.proxy.index(row, 2).data().startswith("1 · Relationship and information sharing")
    assert window.count_label.text() == "30 schools"
    qtbot.waitUntil(lambda: bool(window.reminders.reminders()), timeout=10_000)
    QApplication.processEvents()  # lay out the new count before the picture
    window.grab().save(str(output_dir / "main_window.png"))

    qtbot.keyClicks(window.search, "9000")  # QTest types ASCII only
    assert _cells(window, 0) == ["Kōwhai Grove School"]
    assert window.count_label.text() == "1 of 30 schools"
    with qtbot.waitSignal(window.school_opened, timeout=10_000) as opened:
        qtbot.keyClick(window.search, Qt.Key.Key_Return)  # one match: Enter opens it
    assert window.workspace is not None and window.workspace.school_id == opened.args[0]
    window.show_schools()
    window.search.setText("kāhui ako o te awa")  # macrons as an officer's keyboard sends them
    assert 0 < window.proxy.rowCount() < 30
    assert set(_cells(window, CLUSTER)) == {"Kāhui Ako o Te Awa"}
    window.search.setText("kahui ako o te awa")  # and without them
    assert set(_cells(window, CLUSTER)) == {"Kāhui Ako o Te Awa"}


def test_filters_by_stage_cluster_and_overdue(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    seed_demo(store, today=date.today())
    window = _window(qtbot, store, app_paths)
    view = window.schools
    view.stage.setCurrentIndex(view.stage.findData(Stage.RESPONSE.value))
    stages = set(_cells(window, 2))
    assert stages == {f"3 · {Stage.RESPONSE.label}"}
    view.cluster.setCurrentIndex(view.cluster.findData("Harbour Kāhui Ako"))
    assert set(_cells(window, CLUSTER)) <= {"Harbour Kāhui Ako"}
    view.clear_filters()
    assert window.proxy.rowCount() == 30
    view.overdue.setChecked(True)
    shown = [window.proxy.summary_at(r) for r in range(window.proxy.rowCount())]
    assert shown and all(s.overdue_count > 0 for s in shown)

    qtbot.waitUntil(lambda: bool(window.reminders.reminders()), timeout=10_000)
    window.search.setText("no such school anywhere")
    assert view.stack.currentWidget() is view.empty
    assert "No schools match" in view.message.text()
    QApplication.processEvents()
    window.grab().save(str(output_dir / "main_window_no_match.png"))
    view.clear_button.click()
    assert window.proxy.rowCount() == 30


def test_empty_store_shows_an_empty_state(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    window = _window(qtbot, store, app_paths)
    assert window.schools.stack.currentWidget() is window.schools.empty
    assert "No schools yet" in window.schools.message.text()
    qtbot.waitUntil(lambda: window.reminders.stack.currentWidget() is window.reminders.empty)
    QApplication.processEvents()  # pending layout requests, before the picture
    window.grab().save(str(output_dir / "main_window_empty.png"))


def test_new_school_then_archive_and_restore(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    window = _window(qtbot, store, app_paths)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SchoolDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.form.value("school_type") == "full_primary"  # the model's default
    dialog.form.type_into("moe_number", "abc")
    assert "Ministry of Education number" in dialog.form.error_text("moe_number")
    dialog.try_accept()
    assert dialog.isVisible()  # refused: the name is required and the number is bad
    assert "School name: is required" in dialog.form.error_text("name")
    dialog.grab().save(str(output_dir / "new_school_dialog.png"))
    dialog.form.type_into("name", "Te Kura o Ōwairaka")
    dialog.form.type_into("moe_number", "1234")
    dialog.form.type_into("cluster", "Kāhui Ako o Ōwairaka")
    with qtbot.waitSignal(window.school_opened, timeout=10_000):
        dialog.try_accept()
    assert window.workspace is not None
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.state is not None)
    with store.session() as s:
        school = s.query(School).one()
        assert (school.name, school.moe_number, school.cluster) == (
            "Te Kura o Ōwairaka",
            1234,
            "Kāhui Ako o Ōwairaka",
        )

    window.show_schools()
    qtbot.waitUntil(lambda: _cells(window, 0) == ["Te Kura o Ōwairaka"])
    window.schools.select_school(school.id)
    window.schools.archive_button.click()
    qtbot.waitUntil(lambda: _cells(window, 0) == [], timeout=10_000)
    assert "No schools yet" in window.schools.message.text()
    window.schools.archived.setChecked(True)
    qtbot.waitUntil(lambda: _cells(window, 0) == ["Te Kura o Ōwairaka (archived)"])
    window.schools.select_school(school.id)
    assert window.schools.archive_button.text() == "Restore"
    window.schools.archive_button.click()
    qtbot.waitUntil(lambda: _cells(window, 0) == ["Te Kura o Ōwairaka"], timeout=10_000)


def _activate(qtbot: QtBot, window: MainWindow, reminder: Reminder) -> SchoolWorkspace:
    index = window.reminders.index_of(reminder)
    assert index.isValid()
    with qtbot.waitSignal(window.school_opened, timeout=10_000):
        window.reminders.tree.activated.emit(index)
    workspace = window.workspace
    assert workspace is not None and workspace.school_id == reminder.school_id
    return workspace


def _tab(workspace: SchoolWorkspace) -> str:
    tabs = workspace.tabs[workspace.navigator.page]
    return tabs.tabText(tabs.currentIndex())


def _idle() -> bool:
    return pool("store").activeThreadCount() == 0 and not ops._get_dispatcher().pending


def test_each_kind_of_reminder_opens_its_record(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    """Agreement review, profile out of date, plan review overdue, activity past due: each
    opens its school at the form that resolves it, showing the very record it is about."""
    seed_demo(store, today=date.today())
    school_id = add_school(store, "Te Kura o Ōwairaka")
    with UnitOfWork(store) as uow:  # an older profile than the newest, to be passed over
        uow.add(SchoolProfile, school_id=school_id, year=2019, prepared_on=date(2019, 3, 1))
        uow.add(SchoolProfile, school_id=school_id, year=2022, prepared_on=date(2022, 3, 1))
    window = _window(qtbot, store, app_paths)
    qtbot.waitUntil(lambda: bool(window.reminders.reminders()), timeout=10_000)
    shown = window.reminders.reminders()

    def first(kind: ReminderKind, school: str | None = None) -> Reminder:
        return next(
            r
            for r in shown
            if r.kind == kind and r.row_id and (school is None or r.school_id == school)
        )

    agreement_due = first(ReminderKind.AGREEMENT_REVIEW)
    ws = _activate(qtbot, window, agreement_due)
    assert (ws.navigator.page, _tab(ws)) == (1, "Partnership agreement")
    agreement = ws.section(1, "Partnership agreement")
    qtbot.waitUntil(lambda: agreement.editor.row_id == agreement_due.row_id, timeout=10_000)
    qtbot.waitUntil(_idle, timeout=10_000)
    assert agreement.editor.row_id == agreement_due.row_id

    old_profile = first(ReminderKind.PROFILE_OUT_OF_DATE, school_id)
    ws = window.open_school(school_id)  # the officer last looked at 2019's profile
    assert ws is not None
    ws.show_page(1, "School profile")
    profile = ws.section(1, "School profile")
    qtbot.waitUntil(lambda: profile.years.count() == 2, timeout=10_000)
    profile.years.setCurrentIndex(profile.years.findText("2019"))
    window.show_schools()
    ws = _activate(qtbot, window, old_profile)
    assert (ws.navigator.page, _tab(ws)) == (1, "School profile")
    qtbot.waitUntil(lambda: profile.years.currentText() == "2022", timeout=10_000)
    qtbot.waitUntil(_idle, timeout=10_000)
    assert profile.years.currentData() == old_profile.row_id
    assert profile.editor.row_id == old_profile.row_id

    late = first(ReminderKind.ACTIVITY_OVERDUE)
    window.show_schools()
    ws = _activate(qtbot, window, late)
    assert (ws.navigator.page, _tab(ws)) == (3, "Annual partnership plan")
    plan = ws.section(3, "Annual partnership plan").inner
    qtbot.waitUntil(lambda: plan.selected_id() == late.row_id, timeout=10_000)
    qtbot.waitUntil(_idle, timeout=10_000)
    assert plan.selected_id() == late.row_id
    row = plan.model.row_of(late.row_id)
    assert row is not None and plan.model.rows[row].title in late.message

    review_due = first(ReminderKind.PLAN_REVIEW_OVERDUE)
    window.show_schools()
    ws = _activate(qtbot, window, review_due)
    assert (ws.navigator.page, _tab(ws)) == (3, "Annual partnership plan")
    plan = ws.section(3, "Annual partnership plan").inner
    qtbot.waitUntil(lambda: plan.view is not None and plan.school_id == review_due.school_id)
    qtbot.waitUntil(lambda: plan.review_outcome.hasFocus(), timeout=10_000)
    assert plan.view.plan_id == review_due.row_id


def test_shortcuts_stages_and_about(qtbot: QtBot, store: Store, app_paths: AppPaths) -> None:
    school_id = add_school(store)
    window = _window(qtbot, store, app_paths)
    workspace = window.open_school(school_id)
    assert workspace is not None
    qtbot.waitUntil(lambda: workspace.state is not None, timeout=10_000)
    for key, page in ((Qt.Key.Key_3, 3), (Qt.Key.Key_2, 2), (Qt.Key.Key_4, 4), (Qt.Key.Key_1, 1)):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert workspace.navigator.page == page
        assert workspace.pages.currentIndex() == page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.home
    assert QApplication.focusWidget() is window.search

    window.show_about()
    box = window.about_box
    assert isinstance(box, QMessageBox)
    sqlite, cipher = store.engine_versions()
    assert f"SQLite {sqlite}" in box.text()
    assert str(app_paths.data_dir) in box.text()
    assert "Licence" in box.text()
    if cipher:
        assert f"SQLCipher {cipher}" in box.text()
    box.close()


def test_window_layout_is_remembered(qtbot: QtBot, store: Store, app_paths: AppPaths) -> None:
    window = _window(qtbot, store, app_paths)
    window.home.setSizes([400, 300])
    sizes = window.home.sizes()
    window.close()
    again = _window(qtbot, store, app_paths)
    assert again.home.sizes() == sizes


def test_ctrl_s_saves_at_once_and_ctrl_e_exports_this_school(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    from app.ui.export_dialog import ExportDialog

    school_id = add_school(store)
    window = _window(qtbot, store, app_paths)
    workspace = window.open_school(school_id)
    assert workspace is not None
    workspace.show_page(0, "School details")
    details = workspace.details
    qtbot.waitUntil(lambda: details.form.value("name") == "Kōwhai Grove School", timeout=10_000)
    details.form.type_into("phone", "09 555 0100")
    with qtbot.waitSignal(details.saved, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.save_label.text() == "Saved"
    with store.session() as s:
        school = s.get(School, school_id)
        assert school is not None and school.phone == "09 555 0100"

    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.school_ids == [school_id]
    dialog.reject()


def test_dashboard_opens_from_the_view_menu_and_leads_to_a_school(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    from app.ui.dashboard import DashboardView

    seed_demo(store, today=date.today())
    window = _window(qtbot, store, app_paths)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert "&Dashboard" in [a.text() for a in view_menu.actions()]
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dashboard = window.dashboard
    assert isinstance(dashboard, DashboardView)
    assert window.stack.currentWidget() is dashboard
    school_id = window.schools.model.summary(0).id
    with qtbot.waitSignal(window.school_opened, timeout=10_000):
        dashboard.open_school.emit(school_id)
    assert window.workspace is not None and window.workspace.school_id == school_id


def test_refresh_shows_changes_that_arrived_from_elsewhere(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    """What a sync does: rows change underneath, then the window is told to refresh."""
    from app.services.unit_of_work import UnitOfWork

    school_id = add_school(store)
    window = _window(qtbot, store, app_paths)
    workspace = window.open_school(school_id)
    assert workspace is not None
    workspace.show_page(0, "School details")
    details = workspace.details
    qtbot.waitUntil(lambda: details.form.value("name") == "Kōwhai Grove School", timeout=10_000)
    with UnitOfWork(store, "district server") as uow:
        uow.update(uow.get(School, school_id), name="Kōwhai Grove School (Te Kura o Kōwhai)")
    window.refresh()
    qtbot.waitUntil(
        lambda: details.form.value("name") == "Kōwhai Grove School (Te Kura o Kōwhai)",
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: "Te Kura o Kōwhai" in workspace.title.text(), timeout=10_000)
    window.show_schools()
    qtbot.waitUntil(
        lambda: _cells(window, 0) == ["Kōwhai Grove School (Te Kura o Kōwhai)"], timeout=10_000
    )


def test_one_refresh_fills_the_list_and_the_reminders(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    seed_demo(store, today=date.today())
    window = MainWindow(app_paths)
    qtbot.addWidget(window)
    with qtbot.waitSignals([window.schools_loaded, window.reminders_loaded], timeout=10_000):
        window.set_store(store)
    shown = window.reminders.reminders()
    assert shown and {r.school_id for r in shown} <= set(window.schools.visible_ids())


def test_one_school_is_counted_in_the_singular(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    add_school(store)
    window = _window(qtbot, store, app_paths)
    assert window.count_label.text() == "1 school"
