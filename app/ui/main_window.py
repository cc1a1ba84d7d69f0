"""The main window: the officer's schools and reminders, and one school's workspace.

It is shown before the store is open (opening may migrate or create demo data) and fills
in when the store arrives, so the officer sees the app at once. Closing it, like
switching school, saves what is still being typed before anything else happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.config import Actor, AppPaths, AppSettings, Settings
from app.ui import menus, window_layout
from app.ui.notify import notify
from app.ui.opening_message import opening_message
from app.ui.optional import embedded

# The screens below pull in SQLAlchemy and the whole service layer (most of a second).
# They are imported when the store arrives, so the window itself shows at once.
if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QSplitter

    from app.models.stages import Stage
    from app.services.changes import ChangeSet
    from app.services.reminders import Reminder
    from app.services.school_list_rows import SchoolList
    from app.services.store import Store
    from app.ui.dashboard import DashboardView
    from app.ui.knowledge_view import KnowledgeView
    from app.ui.name_banner import NameBanner
    from app.ui.preferences_dialog import PreferencesDialog
    from app.ui.privacy import PrivacyGuard
    from app.ui.reminders_panel import RemindersPanel
    from app.ui.schools_view import SchoolsView
    from app.ui.workspace.school_workspace import SchoolWorkspace


class MainWindow(QMainWindow):
    schools_loaded = Signal(int)
    reminders_loaded = Signal(int)
    school_opened = Signal(str)
    # Made by ``menus.build``: the actions tests and other screens reach.
    new_action: QAction
    export_action: QAction
    calendar_action: QAction
    save_action: QAction
    preferences_action: QAction
    stage_actions: list[QAction]

    def __init__(
        self,
        paths: AppPaths,
        store: Store | None = None,
        settings: AppSettings | None = None,
        banner_now: bool = True,
    ) -> None:
        """``settings`` is the launcher's one settings object (a tool or test that has none
        gets one of its own on ``paths``). ``banner_now=False``: the caller places the
        name banner (``place_name_banner``) once the window is painted."""
        super().__init__()
        self.store: Store | None = None
        self.paths = paths
        self.settings = settings if settings is not None else AppSettings(paths)
        # Every form names its changes through this one callable, asked at each change.
        self.actor: Actor = self.settings.actor
        self.privacy_guard: PrivacyGuard | None = None  # set by the launcher
        self.workspace: SchoolWorkspace | None = None
        self.dashboard: DashboardView | None = None
        self.knowledge_bank: KnowledgeView | None = None
        self._include_archived = False
        self._list_stale = False  # changed while hidden: read when next shown
        self.listed = False  # the list has been filled at least once
        self._close_warned = False
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(960, 600)

        self.schools: SchoolsView | None = None  # built with the store (see _build_home)
        self.reminders: RemindersPanel | None = None
        self.home: QSplitter | None = None

        self.message = opening_message("Opening your schools…")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        body = QWidget()
        self._body = QVBoxLayout(body)
        self._body.setContentsMargins(8, 8, 8, 0)
        self._body.addWidget(self.stack)
        self.setCentralWidget(body)
        self._name_banner: NameBanner | None = None
        if banner_now:
            self.place_name_banner()

        self.save_label = QLabel()
        self.save_label.setAccessibleName("Save status")
        self.sync_slot = QWidget()
        self._sync_layout = QHBoxLayout(self.sync_slot)
        self._sync_layout.setContentsMargins(0, 0, 0, 0)
        self.statusBar().addWidget(self.save_label, 1)
        self.statusBar().addPermanentWidget(self.sync_slot)
        menus.build(self)
        window_layout.restore_window(self)
        if store is not None:
            self.set_store(store)

    @property
    def name_banner(self) -> NameBanner:
        """Until the officer has a name, changes go on record under a login: a banner asks,
        gently. Made when first needed (most starts have a name)."""
        if self._name_banner is None:
            from app.ui.name_banner import NameBanner

            self._name_banner = NameBanner()
            self._name_banner.preferences_requested.connect(self.show_preferences)
            self._name_banner.hide()
            self._body.insertWidget(0, self._name_banner)
        return self._name_banner

    def place_name_banner(self, settings: Settings | None = None) -> None:
        """The banner shown while no name is set (the launcher calls this once the window
        is painted: the banner's rich text need not hold up the first paint)."""
        wanted = not (settings or self.settings.get()).officer_name.strip()
        if wanted or self._name_banner is not None:
            self.name_banner.setVisible(wanted)

    def add_status_widget(self, widget: QWidget) -> None:
        """Where the sync status sits (wired by the launcher)."""
        self._sync_layout.addWidget(widget)

    # -- store and refresh ---------------------------------------------------------------------
    def set_store(self, store: Store, schools: SchoolList | None = None) -> None:
        """``schools``: the list, when it was read with the store's opening (at start-up,
        so the list fills without a second trip to the store worker)."""
        from app.ui.ops import listen  # the window shows before any op runs

        self.store = store
        self.stack.setCurrentWidget(self._build_home())
        listen(self, self._data_changed)
        if schools is not None:
            self._show_rows(schools)
        elif not self.listed or self._list_stale:
            self.load_list()

    def show_first_list(self, schools: SchoolList) -> None:
        """The list read straight from the file at start-up, before the store is open
        (``app.services.quick_list``): shown, and kept when the store arrives, as the
        opening changes nothing the list shows."""
        self.stack.setCurrentWidget(self._build_home())
        self._show_rows(schools)

    def prepare_home(self) -> None:
        """Build the schools list and reminders while the store is still opening."""
        self._build_home()

    def _build_home(self) -> QSplitter:
        """The schools list with the reminders under it, full width, so neither has to
        clip its columns at 1366 pixels wide."""
        if self.home is not None:
            return self.home
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSplitter

        from app.ui.reminders_panel import RemindersPanel
        from app.ui.schools_view import SchoolsView

        self.schools = SchoolsView()
        self.schools.open_school.connect(self.open_school)
        self.schools.new_requested.connect(self.new_school)
        self.schools.dashboard_requested.connect(self.show_dashboard)
        self.schools.archive_requested.connect(self.archive_school)
        self.schools.include_archived_changed.connect(self._include_archived_changed)
        self.reminders = RemindersPanel()
        self.reminders.open_reminder.connect(self.open_reminder)
        self.home = QSplitter(Qt.Orientation.Vertical)
        self.home.addWidget(self.schools)
        self.home.addWidget(self.reminders)
        self.home.setStretchFactor(0, 3)
        self.home.setStretchFactor(1, 1)
        self.home.setSizes([480, 220])
        self.home.setChildrenCollapsible(False)
        window_layout.restore_splitter(self.home, window_layout.HOME_SPLITTER)
        self.stack.addWidget(self.home)
        # Short names for the schools list (tests and the start-up benchmark use them).
        self.search = self.schools.search
        self.proxy = self.schools.proxy
        self.model = self.schools.model
        self.table = self.schools.table
        self.count_label = self.schools.count_label
        return self.home

    def show_problem(self, title: str, detail: str) -> None:
        self.message.setFont(self.font())  # the heading is in the text now
        self.message.setText(f"<h3>{title}</h3><p>{detail}</p>")
        self.stack.setCurrentWidget(self.message)

    def refresh(self) -> None:
        """F5: read the list and the screen in front of the officer again (for a change
        made outside this app; the app's own changes arrive on the change bus)."""
        self.load_list()
        current = self.stack.currentWidget()
        if self.workspace is not None and current is self.workspace:
            self.workspace.reload()
        if self.dashboard is not None and current is self.dashboard:
            self.dashboard.refresh()

    def _data_changed(self, changes: ChangeSet, _initiator: QObject | None) -> None:
        """The list and the reminders show every school, so any change may move a row.
        While they are hidden (a school is open and its forms save as the officer types)
        they are read once, when shown again, not after every save. The workspace and
        the dashboard listen for themselves."""
        from app.services.workspace import SCHOOL_LIST_TABLES

        if not changes.touches(tables=SCHOOL_LIST_TABLES):
            return
        if self.home is not None and self.stack.currentWidget() is self.home:
            self.load_list()
        else:
            self._list_stale = True

    def load_list(self) -> None:
        """Read the schools list and the reminders (one read fills both)."""
        if self.store is None:
            self._list_stale = True  # e.g. "include archived" ticked before the store opened
            return
        self._list_stale = False
        from app.services.workspace import load_school_list
        from app.ui.ops import Op

        Op(self, load_school_list, self.store, self._include_archived).success(
            self._show_rows
        ).failure(lambda exc: self.show_problem("The schools could not be loaded", str(exc))).run()

    def _show_rows(self, school_list: SchoolList) -> None:
        # One read fills both: the reminders were computed once for the list's due column.
        assert self.schools is not None  # built with the store, before any refresh
        self.schools.set_schools(school_list)
        self._show_reminders(school_list.reminders)
        self.listed = True
        self.schools_loaded.emit(len(school_list.rows))

    def _show_reminders(self, reminders: list[Reminder]) -> None:
        assert self.reminders is not None
        self.reminders.set_reminders(reminders)
        self.reminders_loaded.emit(len(reminders))

    def _include_archived_changed(self, include: bool) -> None:
        self._include_archived = include
        self.load_list()

    # -- schools ---------------------------------------------------------------------------------
    def show_schools(self) -> None:
        if self.workspace is not None:
            self.workspace.flush()
        if self.store is not None:  # the list is kept current by the change bus
            self.stack.setCurrentWidget(self._build_home())
            self.setWindowTitle(APP_NAME)
            if self._list_stale:
                self.load_list()

    def show_reminders(self) -> None:
        self.show_schools()
        if self.reminders is not None:
            self.reminders.tree.setFocus()

    def focus_search(self) -> None:
        self.show_schools()
        if self.schools is not None:
            self.schools.focus_search()

    def _ensure_workspace(self) -> SchoolWorkspace:
        assert self.store is not None
        if self.workspace is None:
            from app.ui.workspace.school_workspace import SchoolWorkspace

            self.workspace = SchoolWorkspace(
                self.store,
                self.actor,
                district_wording=lambda: self.settings.get().legal_basis,
            )
            self.workspace.back_requested.connect(self.show_schools)
            self.workspace.status_changed.connect(self.save_label.setText)
            self.workspace.state_loaded.connect(
                lambda state: self.setWindowTitle(f"{state.school_name} — {APP_NAME}")
            )
            self.stack.addWidget(self.workspace)
            window_layout.restore_splitter(
                self.workspace.splitter, window_layout.WORKSPACE_SPLITTER
            )
        return self.workspace

    def open_school(self, school_id: str, year: int | None = None) -> SchoolWorkspace | None:
        """Show the school's workspace, at ``year`` when given (else as it was, or at the
        school's current year when it was not open)."""
        if self.store is None:
            return None
        workspace = self._ensure_workspace()
        if workspace.school_id != school_id:
            workspace.load(school_id, year)
        elif year is not None and workspace.shown.year != year:
            workspace.show_year(year)
        self.stack.setCurrentWidget(workspace)
        self.school_opened.emit(school_id)
        return workspace

    def open_reminder(self, reminder: Reminder) -> None:
        workspace = self.open_school(reminder.school_id, reminder.year)  # a plan's own year
        if workspace is not None:
            workspace.open_table(reminder.table, reminder.row_id)

    def show_stage(self, stage: Stage) -> None:
        if self.workspace is not None and self.workspace.school_id is not None:
            self.stack.setCurrentWidget(self.workspace)
            self.workspace.show_page(stage.value)

    def new_school(self) -> None:
        if self.store is None:
            return
        from app.ui.school_dialog import SchoolDialog

        dialog = SchoolDialog(self)
        dialog.accepted.connect(lambda: self.add_school(dialog.values()))
        dialog.open()

    def add_school(self, values: dict[str, Any]) -> None:
        """Create the school (with its partnership) and open it at stage 1."""
        if self.store is None:
            return
        from app.services.workspace import new_school
        from app.ui.ops import Op

        Op(self, new_school, self.store, self.actor(), values).success(self._school_added).failure(
            self._not_added
        ).run()

    def _not_added(self, exc: BaseException) -> None:
        notify(self, "The school was not added", str(exc))

    def _school_added(self, school_id: str) -> None:
        workspace = self.open_school(school_id)
        if workspace is not None:
            workspace.show_page(0)

    def archive_school(self, school_id: str, archived: bool) -> None:
        if self.store is None:
            return
        from app.services.workspace import set_archived
        from app.ui.ops import Op

        Op(self, set_archived, self.store, self.actor(), school_id, archived).run()

    # -- other screens ---------------------------------------------------------------------------
    def show_dashboard(self) -> None:
        view = embedded("app.ui.dashboard", "DashboardView")
        if view is None or self.store is None:
            return
        if self.dashboard is None:
            self.dashboard = view(self.store)
            self.dashboard.open_school.connect(self.open_school)
            self.stack.addWidget(self.dashboard)
        self.stack.setCurrentWidget(self.dashboard)
        self.dashboard.refresh()

    def show_knowledge_bank(self) -> None:
        view = embedded("app.ui.knowledge_view", "KnowledgeView")
        if view is None or self.store is None:
            return
        if self.knowledge_bank is None:
            self.knowledge_bank = view(self.store, self.settings)
            self.stack.addWidget(self.knowledge_bank)
        self.stack.setCurrentWidget(self.knowledge_bank)
        self.knowledge_bank.load()  # the bank as the last sync left it

    def export(self) -> None:
        dialog_class = embedded("app.ui.export_dialog", "ExportDialog")
        if self.store is None:
            return
        if self.workspace is not None and self.stack.currentWidget() is self.workspace:
            self.workspace.flush()
            ids = [self.workspace.school_id] if self.workspace.school_id else []
        elif self.schools is not None:
            chosen = self.schools.current_id()
            ids = [chosen] if chosen else self.schools.visible_ids()
        else:
            ids = []
        if dialog_class is None:
            notify(self, "Export", "Exporting is not available in this build.")
            return
        dialog = dialog_class(self.store, self.settings, ids, self)
        dialog.open()

    def save_calendar(self) -> None:
        """The due dates as an .ics file for Outlook (app.ui.calendar_export)."""
        from app.ui.calendar_export import CalendarSaver

        if self.store is not None:
            self.calendar_saver = CalendarSaver(self, self.store, self.settings.get())
            self.calendar_saver.choose_file()

    def save_now(self) -> None:
        if self.workspace is not None:
            self.workspace.flush()

    def show_preferences(self) -> PreferencesDialog:
        from app.ui.preferences_dialog import PreferencesDialog

        if self.workspace is not None:
            self.workspace.flush()  # typing so far is saved under the name it was typed as
        dialog = PreferencesDialog(self.settings, self)
        dialog.saved.connect(self.apply_settings)
        self.preferences = dialog
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        """Use saved preferences at once: the idle lock on the running guard (the name for
        changes and the template folder are read from the settings when next used)."""
        self.place_name_banner(settings)
        if self.privacy_guard is not None:
            self.privacy_guard.set_idle_minutes(settings.idle_lock_minutes)

    def show_about(self) -> None:
        from app.ui.about_box import about_box

        sqlite, cipher = self.store.engine_versions() if self.store else ("", "")
        self.about_box = about_box(self, self.paths.data_dir, sqlite, cipher)
        self.about_box.open()

    # -- layout ----------------------------------------------------------------------------------
    def save_layout(self) -> None:
        window_layout.save(self, self.home, self.workspace.splitter if self.workspace else None)

    def closeEvent(self, event: QCloseEvent) -> None:
        refused = self.workspace.flush_now() if self.workspace is not None else []
        if refused and not self._close_warned:
            # Typing that breaks a rule is not saved; say so once rather than lose it quietly.
            self._close_warned = True
            event.ignore()
            items = "".join(f"<li>{text}</li>" for text in refused)
            notify(
                self,
                "Some typing is not saved",
                f"<p>These fields hold values that cannot be saved:</p><ul>{items}</ul>"
                "<p>Correct them, or close again to leave them out.</p>",
            )
            return
        self.save_layout()
        super().closeEvent(event)
