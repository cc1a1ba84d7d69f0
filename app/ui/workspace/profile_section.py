"""The school profile, one per year; this year's starts from a copy of last year's."""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
from app.models import PoliceDataRow, SchoolProfile
from app.services.store import Store
from app.services.workspace import profile_years_shown, start_profile
from app.ui.ops import Op
from app.ui.workspace.autosave import AutosaveController
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.record_editor import RecordEditor
from app.ui.workspace.shown_year import ShownYear


class ProfileSection(QWidget):
    changed = Signal()  # a year's profile was started

    def __init__(
        self,
        store: Store,
        actor: Actor,
        *,
        hints: dict[str, str] | None = None,
        today: date | None = None,
        shown: ShownYear | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.year = (today or date.today()).year  # until the shown year has been read
        self.shown = shown or ShownYear()
        self.school_id: str | None = None
        self.editor = RecordEditor(store, actor, SchoolProfile, hints=hints, exclude=("year",))
        # The profile's Police data as a table: one row per period, area and category.
        self.police = ListEditor(
            store,
            actor,
            PoliceDataRow,
            noun="Police data row",
            where_field="profile_id",
            new_values=lambda: {"category": "New category"},
            empty_text="No Police data rows yet. Add one per period, area and offence or "
            "harm category (for example theft from cars within 500 m, term 1).",
        )
        self.years = QComboBox()
        self.years.setAccessibleName("Profile year")
        self.years.currentIndexChanged.connect(self._pick)
        self.start_button = QPushButton(f"Start the {self.year} profile")
        self.start_button.setAccessibleName(f"Start the {self.year} profile")
        self.start_button.setToolTip("Copies last year's profile; this year's counts start blank")
        self.start_button.clicked.connect(self.start)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 6, 6, 2)
        year_label = QLabel("&Year")
        year_label.setBuddy(self.years)
        bar.addWidget(year_label)
        bar.addWidget(self.years)
        bar.addWidget(self.start_button)
        bar.addStretch(1)
        empty = QLabel(
            "<h3>No school profile yet</h3><p>Start this year's profile: Police data on "
            "crime, victimisation and harm beside the school's own data.</p>"
        )
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        police_box = QGroupBox("Police data table")
        police_layout = QVBoxLayout(police_box)
        police_layout.addWidget(self.police)
        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(self.editor)
        page.addWidget(police_box)
        page.setStretchFactor(0, 3)
        page.setStretchFactor(1, 2)
        page.setChildrenCollapsible(False)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack)

    def autosaves(self) -> list[AutosaveController]:
        return [self.editor.autosave, *self.police.autosaves()]

    def load(self, school_id: str, choose: str | None = None) -> None:
        self.editor.flush()
        self.police.editor.flush()
        self.school_id = school_id
        Op(self, profile_years_shown, self.store, school_id, self.shown.year).success(
            partial(self._show, school_id, choose=choose)
        ).run()

    def _show(
        self, school_id: str, found: tuple[int, list[tuple[int, str]]], choose: str | None = None
    ) -> None:
        if school_id != self.school_id:
            return
        self.year, rows = found
        self.start_button.setText(f"Start the {self.year} profile")
        self.start_button.setAccessibleName(f"Start the {self.year} profile")
        # The shown year's profile, or the latest before it, unless one is asked for.
        choose = choose or next((i for y, i in rows if y <= self.year), None)
        self.years.blockSignals(True)
        self.years.clear()
        for year, row_id in rows:
            self.years.addItem(str(year), row_id)
        index = self.years.findData(choose) if choose else 0
        self.years.setCurrentIndex(max(index, 0) if rows else -1)
        self.years.blockSignals(False)
        self.start_button.setEnabled(all(year != self.year for year, _ in rows))
        self.stack.setCurrentIndex(1 if rows else 0)
        self._pick()

    def focus_field(self, row_id: str, name: str) -> None:
        self.editor.focus_field(row_id, name)

    def select_record(self, row_id: str | None) -> None:
        """Show this profile (a reminder names it), now or once the years have loaded; with
        no profile at all, offer the button that starts this year's."""
        if row_id is None:
            self.start_button.setFocus()
            return
        index = self.years.findData(row_id)
        if index >= 0:
            self.years.setCurrentIndex(index)
        elif self.school_id is not None:
            self.load(self.school_id, choose=row_id)

    def _pick(self, _index: int = 0) -> None:
        profile_id = self.years.currentData()
        self.editor.load(profile_id)
        if self.school_id is not None:
            self.police.load(self.school_id, profile_id)

    def start(self) -> None:
        if self.school_id is None:
            return
        sid = self.school_id
        Op(self, start_profile, self.store, self.actor(), sid, self.year).success(
            partial(self._started, sid)
        ).run()

    def _started(self, school_id: str, row_id: str) -> None:
        self.load(school_id, choose=row_id)
        self.changed.emit()
