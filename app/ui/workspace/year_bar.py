"""The workspace's year controls: which partnership year is shown, and starting the next.

The selector lists the school's years (the current one by default); a past year stays
editable but a banner says plainly that it is past, so nobody types this year's work
into last year's records by mistake. "Start next year" offers what last year can carry
(``NextYearDialog``) and starts the year on the store worker; the new year is then shown.
"""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.config import Actor
from app.services.store import Store
from app.services.workspace import WorkspaceState, offer_next_year, roll_over
from app.services.years import NextYearOffer
from app.ui.notify import notify
from app.ui.ops import Op
from app.ui.workspace.next_year_dialog import NextYearDialog

PAST_STYLE = (
    "background: #fff4ce; color: #5c3c00; border: 1px solid #c19c00;"
    " border-radius: 3px; padding: 3px 8px; font-weight: 600;"
)


class YearBar(QWidget):
    """``year_chosen(year)``: the year to show, ``None`` for the school's current year."""

    year_chosen = Signal(object)
    about_to_roll_over = Signal()  # save what is typed before last year is read

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.state: WorkspaceState | None = None
        self.dialog: NextYearDialog | None = None
        self.selector = QComboBox()
        self.selector.setAccessibleName("Partnership year")
        self.selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.selector.setToolTip("Which partnership year to show: past years stay editable")
        self.selector.activated.connect(self._chosen)
        self.past = QLabel()
        self.past.setAccessibleName("Past year")
        self.past.setStyleSheet(PAST_STYLE)
        self.past.hide()
        self.next_button = QPushButton("Start next year…")
        self.next_button.setToolTip(
            "Start the next partnership year, choosing what to carry over from this one"
        )
        self.next_button.clicked.connect(self.start_next_year)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Partnership year"))
        layout.addWidget(self.selector)
        layout.addWidget(self.past)
        layout.addWidget(self.next_button)

    def set_state(self, state: WorkspaceState) -> None:
        """Show the years the school has and mark the one shown when it is past."""
        self.state = state
        years = sorted(set(state.years) | {state.year}, reverse=True)
        current = years[0]  # the latest started year is the current one
        self.selector.blockSignals(True)
        self.selector.clear()
        for year in years:
            self.selector.addItem(f"{year} (current)" if year == current else f"{year}", year)
        self.selector.setCurrentIndex(years.index(state.year))
        self.selector.blockSignals(False)
        self.past.setText(
            f"Past year {state.year} · changes are saved to {state.year} · current year {current}"
        )
        self.past.setVisible(not state.is_current_year)
        self.next_button.setVisible(state.is_current_year)

    def _chosen(self, index: int) -> None:
        if self.state is None:
            return
        year = self.selector.itemData(index)
        newest = max(self.selector.itemData(i) for i in range(self.selector.count()))
        self.year_chosen.emit(None if year == newest else year)

    # -- start next year -----------------------------------------------------------------------
    def start_next_year(self) -> None:
        if self.state is None or not self.state.is_current_year:
            return
        self.about_to_roll_over.emit()
        state = self.state
        Op(self, offer_next_year, self.store, state.school_id).success(
            lambda offer: self._offer(state, offer)
        ).failure(partial(self._failed, "Next year cannot start")).run()

    def _offer(self, state: WorkspaceState, offer: NextYearOffer) -> None:
        if self.state is None or self.state.school_id != state.school_id:
            return
        self.dialog = NextYearDialog(state.school_name, offer, self)
        self.dialog.accepted.connect(lambda: self._roll_over(state.school_id))
        self.dialog.open()

    def _roll_over(self, school_id: str) -> None:
        assert self.dialog is not None
        choices = self.dialog.choices()
        Op(self, roll_over, self.store, self.actor(), school_id, choices).success(
            lambda _year: self.year_chosen.emit(None)
        ).failure(partial(self._failed, "Next year not started")).run()

    def _failed(self, title: str, exc: BaseException) -> None:
        notify(self, title, html.escape(str(exc)))
