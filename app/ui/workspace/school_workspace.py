"""One school's workspace: the stage navigator on the left, the stage's forms on the right.

Every form is generated from the models' FieldSpecs and saves as the officer types
through an ``AutosaveController``; the workspace registers the controllers its tabs
report and flushes them on switching tab or school, on Ctrl+S and on closing. The
sections of a page are loaded when the page is first shown for a school, so opening a
school costs one page's reads, not all of them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
from app.models.vocabulary import Stage
from app.services.changes import ChangeSet
from app.services.editing import SaveResult
from app.services.stages import MissingItem, StageIncompleteError
from app.services.store import Store
from app.services.workspace import (
    WorkspaceState,
    maintain_at_stage_one,
    mark_stage_complete,
    workspace_state,
)
from app.ui.notify import notify
from app.ui.ops import Op, is_within, listen
from app.ui.workspace.autosave import AutosaveController, SaveState, SaveStatus
from app.ui.workspace.history_panel import HistoryPanel
from app.ui.workspace.record_editor import RecordEditor
from app.ui.workspace.school_copy_actions import SchoolCopyActions
from app.ui.workspace.sections import (
    TABLE_TARGETS,
    Section,
    build_sections,
    no_district_wording,
)
from app.ui.workspace.shown_year import ShownYear
from app.ui.workspace.stage_navigator import SCHOOL_PAGE, StageNavigator
from app.ui.workspace.summary_text import summary_text
from app.ui.workspace.tab import FocusesField, SelectsRecord
from app.ui.workspace.year_bar import YearBar

REFRESH_MS = 250
AGREEMENT_TAB = "Partnership agreement"


class SchoolWorkspace(QWidget):
    """``saved(result)`` after any form saves; ``status_changed(text)`` for the indicator."""

    saved = Signal(object)
    status_changed = Signal(str)
    state_loaded = Signal(object)
    back_requested = Signal()
    school_changed = Signal()

    def __init__(
        self,
        store: Store,
        actor: Actor,
        parent: QWidget | None = None,
        district_wording: Callable[[], str] = no_district_wording,
    ) -> None:
        """``district_wording``: the district's legal basis for sharing (Preferences)."""
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.school_id: str | None = None
        self.state: WorkspaceState | None = None
        self._loaded_pages: set[int] = set()
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)

        self.back_button = QPushButton("◀ All schools")
        self.back_button.setAccessibleName("Back to all schools")
        self.back_button.clicked.connect(self.back_requested)
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.save_indicator = QLabel("Saved")
        self.save_indicator.setAccessibleName("Save status")
        self.save_indicator.setMinimumWidth(160)
        self.save_indicator.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addSpacing(8)
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.summary, 1)
        self.year_bar = YearBar(store, actor)
        self.year_bar.year_chosen.connect(self.show_year)
        self.year_bar.about_to_roll_over.connect(self.flush)
        self.school_copy = SchoolCopyActions(self, store, actor)
        self.send_copy_button = QPushButton("Send for the school to complete…")
        self.send_copy_button.setToolTip(
            "A Word copy of the agreement, profile and reflection for the school to fill in"
        )
        self.send_copy_button.clicked.connect(self._send_copy)
        self.take_in_button = QPushButton("Take in the school's copy…")
        self.take_in_button.setToolTip("Or drop the returned .docx on this workspace")
        self.take_in_button.clicked.connect(self._take_in)
        self.copy_status = QLabel()
        self.copy_status.setAccessibleName("The school's copy")
        self.school_copy.status.connect(self._show_copy_status)
        header.addWidget(self.save_indicator)
        copy_row = QHBoxLayout()  # the year shown; the school's copy and the two ways to use it
        copy_row.addWidget(self.year_bar)
        copy_row.addSpacing(12)
        copy_row.addWidget(self.copy_status, 1)
        copy_row.addWidget(self.send_copy_button)
        copy_row.addWidget(self.take_in_button)
        self.setAcceptDrops(True)

        self.navigator = StageNavigator()
        self.navigator.page_selected.connect(self._page_selected)
        self.navigator.complete_requested.connect(self.complete_stage)
        self.navigator.maintain_requested.connect(self._ask_maintain)
        self.navigator.missing_chosen.connect(self._go_to_missing)

        self.shown = ShownYear()  # the year the header's selector shows, read by the tabs
        self.parts: dict[int, list[Section]] = build_sections(
            store, actor, district_wording, self.shown
        )
        # (title, widget) for each page's tabs, in order.
        self.sections: dict[int, list[tuple[str, QWidget]]] = {
            page: [(s.title, s.widget) for s in parts] for page, parts in self.parts.items()
        }
        self.details: RecordEditor = self.section(SCHOOL_PAGE, "School details")
        self.autosaves: list[AutosaveController] = []
        self.pages = QStackedWidget()
        self.tabs: dict[int, QTabWidget] = {}
        for page in range(6):
            tabs = QTabWidget()
            tabs.setDocumentMode(True)
            for part in self.parts[page]:
                tabs.addTab(part.widget, part.title)
                for controller in part.tab.autosaves():
                    self.register(controller)
            tabs.currentChanged.connect(partial(self._tab_changed, page))
            self.tabs[page] = tabs
            self.pages.addWidget(tabs)

        splitter = QSplitter()
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([290, 1000])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(header)
        layout.addLayout(copy_row)
        layout.addWidget(splitter, 1)

        listen(self, self._data_changed)
        self.navigator.show_page(Stage.RELATIONSHIP.value)
        self.pages.setCurrentIndex(self.navigator.page)
        self._go_to_stage = False

    def section(self, page: int, title: str) -> Any:
        return next(w for t, w in self.sections[page] if t == title)

    # -- loading -------------------------------------------------------------------------------
    def load(self, school_id: str, year: int | None = None) -> None:
        """Open a school at ``year`` (by default its current year), saving what was typed
        into the previous one first."""
        self.flush()
        self.school_id = school_id
        self.shown.year = year
        self._loaded_pages.clear()
        self.state = None
        self._go_to_stage = True  # open at the stage being worked on, unless told otherwise
        self.title.setText("<h2>Opening…</h2>")
        self.summary.clear()
        self.save_indicator.setText("")
        self.refresh()
        self._load_page(self.navigator.page)
        self.copy_status.clear()
        self.school_copy.refresh_status(school_id)
        self.school_changed.emit()

    def refresh(self) -> None:
        """Re-read the stage reports (after a save) and, if asked, the visible page."""
        if self.school_id is None:
            return
        Op(self, workspace_state, self.store, self.school_id, self.shown.year).success(
            self._show_state
        ).failure(
            lambda exc: self.title.setText(f"<h2>This school cannot be opened</h2><p>{exc}</p>")
        ).run()

    def show_year(self, year: int | None) -> None:
        """Show another partnership year (``None``: the current one), every page re-read."""
        self.flush()  # what was typed belongs to the year it was typed in
        self.shown.year = year
        self.reload()

    def reload(self) -> None:
        """Read everything again (data arrived from sync, or F5)."""
        self._loaded_pages.clear()
        self.refresh()
        self._load_page(self.navigator.page)

    def _show_state(self, state: WorkspaceState) -> None:
        shown = self.shown.year  # a reply for the year on screen, not one asked before a switch
        if state.school_id != self.school_id or (
            state.year != shown if shown is not None else not state.is_current_year
        ):
            return
        self.state = state
        if self._go_to_stage:
            self._go_to_stage = False
            self.navigator.show_page(state.stage.value)
        self.title.setText(f"<h2>{html.escape(state.school_name)}</h2>")
        self.year_bar.set_state(state)
        self.navigator.set_state(state)
        self._show_signed_copy(state.signed_copy_attached)
        self._show_summary()
        self.state_loaded.emit(state)

    def _show_signed_copy(self, attached: bool) -> None:
        """The agreement's tab says when a signed copy is attached (Attachments tab)."""
        tabs = self.tabs[Stage.RELATIONSHIP.value]
        index = tabs.indexOf(self.section(Stage.RELATIONSHIP.value, AGREEMENT_TAB))
        tabs.setTabText(index, AGREEMENT_TAB + (" · signed copy attached" if attached else ""))
        tabs.setTabToolTip(index, "A signed copy is in Attachments" if attached else "")

    def _show_summary(self) -> None:
        """Where the partnership is and, when another stage is open, which one is viewed."""
        state = self.state
        if state is None:
            return
        text = summary_text(state, self.navigator.page)
        self.summary.setText(text)
        self.summary.setAccessibleName(text.replace("<b>", "").replace("</b>", ""))

    def _tab_changed(self, page: int, index: int) -> None:
        self.flush()  # leaving a tab saves it
        widget = self.tabs[page].widget(index)
        if isinstance(widget, HistoryPanel) and self.school_id is not None:
            widget.show_school(self.school_id)  # it grows with every save: read it afresh

    def _page_selected(self, page: int) -> None:
        self.flush()
        self.pages.setCurrentIndex(page)
        self._show_summary()
        self._load_page(page)

    def _load_page(self, page: int) -> None:
        if self.school_id is None or page in self._loaded_pages:
            return
        self._loaded_pages.add(page)
        for part in self.parts[page]:
            part.tab.load(self.school_id)

    # -- navigation ---------------------------------------------------------------------------
    def show_page(self, page: int, tab: int | str = 0) -> None:
        """Show a page and one of its tabs, by position or by title."""
        self._go_to_stage = False
        self.navigator.show_page(page)
        if isinstance(tab, str):
            titles = [t for t, _w in self.sections[page]]
            tab = titles.index(tab) if tab in titles else 0
        self.tabs[page].setCurrentIndex(tab)

    def open_table(self, table: str, row_id: str | None = None) -> None:
        """Show the form for a table and, when given, the record in it (a reminder's)."""
        page, tab = TABLE_TARGETS.get(table, (Stage.RELATIONSHIP.value, ""))
        self.show_page(page, tab)
        widget = self.tabs[page].currentWidget()
        if isinstance(widget, SelectsRecord):
            widget.select_record(row_id)

    def _go_to_missing(self, item: MissingItem) -> None:
        """Where the missing thing is typed: its tab and, when they exist, its record and
        the blank field in it."""
        if item.record_id is None:
            page, tab = TABLE_TARGETS.get(item.table, (Stage.RELATIONSHIP.value, ""))
            self.show_page(page, tab)
            return
        self.open_table(item.table, item.record_id)
        widget = self.tabs[self.navigator.page].currentWidget()
        if item.field is not None and isinstance(widget, FocusesField):
            widget.focus_field(item.record_id, item.field)

    # -- saving --------------------------------------------------------------------------------
    def register(self, controller: AutosaveController) -> None:
        """A form that saves as typed: flushed with the others, its state shown here."""
        self.autosaves.append(controller)
        controller.state_changed.connect(self._show_status)
        controller.saved.connect(self._after_save)

    @property
    def pending(self) -> bool:
        return any(c.pending for c in self.autosaves)

    def flush(self) -> None:
        for controller in self.autosaves:
            controller.flush()

    def flush_now(self) -> list[str]:
        """Save everything on this thread; return what could not be saved, and why."""
        refused: list[str] = []
        for controller in self.autosaves:
            controller.flush_now()
            refused += controller.refused()
        return refused

    def _show_status(self, state: SaveState) -> None:
        if state.status is SaveStatus.SAVED and self.pending:
            return
        if state.status is SaveStatus.IDLE:
            return  # a form started afresh: the last word on saving still holds
        text = str(state)
        self.save_indicator.setText("✓ Saved" if state.status is SaveStatus.SAVED else text)
        self.save_indicator.setToolTip(text)
        problem = state.status in (SaveStatus.NOT_SAVED, SaveStatus.UNREADABLE)
        self.save_indicator.setStyleSheet("color: #a4262c;" if problem else "")
        self.status_changed.emit(text)

    def _after_save(self, result: SaveResult) -> None:
        self.saved.emit(result)

    def _data_changed(self, changes: ChangeSet, initiator: QObject | None) -> None:
        """Only this school's changes matter here. The forms that made a change already
        show it, so only the stage reports are re-read (once, after a burst of saves);
        a change from elsewhere (sync, a conflict resolved, the school's copy taken in) is
        read in full."""
        if self.school_id is None or not changes.touches(self.school_id):
            return
        if is_within(initiator, self) and initiator is not self.school_copy:
            self._refresh_timer.start()
        else:
            self.reload()

    # -- the school's copy ---------------------------------------------------------------------
    def _show_copy_status(self, text: str, parts: str, overdue: bool) -> None:
        self.copy_status.setText(f"<b style='color:#a4262c'>{text}</b>" if overdue else text)
        self.copy_status.setToolTip(f"Out with the school: {parts}" if parts else "")

    def _send_copy(self) -> None:
        if self.school_id is not None:
            self.flush()  # the copy shows what was just typed
            self.school_copy.choose_folder_and_send(self.school_id)

    def _take_in(self) -> None:
        if self.school_id is not None:
            self.flush()
            self.school_copy.choose_file_and_take_in(self.school_id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.school_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if self.school_id is not None and files:
            event.acceptProposedAction()
            self.flush()
            self.school_copy.take_in(Path(files[0]), self.school_id)

    def complete_stage(self, stage: Stage) -> None:
        if self.school_id is None:
            return
        self.flush()  # queued first on the store worker, so the check sees the typing
        year = self.shown.year
        Op(
            self, mark_stage_complete, self.store, self.actor(), self.school_id, stage, year
        ).success(self._show_state).failure(self._refused).run()

    def _ask_maintain(self) -> None:
        reason, ok = QInputDialog.getMultiLineText(
            self,
            "Maintain at stage 1",
            "Why have the school and Police agreed the partnership stays at stage 1?",
        )
        if ok:
            self.maintain(reason)

    def maintain(self, reason: str) -> None:
        if self.school_id is None:
            return
        self.flush()
        sid, year = self.school_id, self.shown.year
        Op(self, maintain_at_stage_one, self.store, self.actor(), sid, reason, year).success(
            self._show_state
        ).failure(self._refused).run()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, StageIncompleteError):
            # The items quote what was typed (an aim, an activity): shown as text, not markup.
            items = "".join(f"<li>{html.escape(m)}</li>" for m in exc.report.missing)
            text = f"<p>Stage {exc.report.stage.value} still needs:</p><ul>{items}</ul>"
        else:
            text = str(exc)
        self.status_changed.emit(f"Not done: {exc}")
        notify(self, "Not yet", text)
        self.refresh()
