"""The stage navigator: where the partnership is, what each stage still needs, and the
buttons that sign a stage off once its rules hold.

The missing list is the one ``app.services.stages`` refuses completion with, so the
screen and the rule can never disagree.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.vocabulary import PartnershipStatus, Stage
from app.services.stages import MissingItem, StageReport
from app.services.workspace import WorkspaceState
from lpc_core.formatting import format_nz_date, plural

SCHOOL_PAGE = 0
LOG_PAGE = 5
PAGE_TITLES = {SCHOOL_PAGE: "School and contacts", LOG_PAGE: "Engagement log"}
PAGE_NOTES = {
    SCHOOL_PAGE: "<b>School and contacts</b><br>The school's details, the people in their "
    "roles (stage 1 needs the Lead Police Contact and the Lead School Contact) and the "
    "community organisations it works with.",
    LOG_PAGE: "<b>Engagement log</b><br>Visits, meetings, calls and hui with the school, "
    "newest first.",
}
DONE, READY, TODO = "#1b6e35", "#1d4f91", "#a4262c"


def stage_status(report: StageReport, state: WorkspaceState) -> tuple[str, str]:
    """A short status for a stage and the colour it is shown in."""
    if report.complete:
        if report.stage == Stage.RELATIONSHIP and state.status == PartnershipStatus.MAINTAINING:
            return "✓ Maintained at stage 1 by agreement", DONE
        return f"✓ Complete {format_nz_date(report.completed_on)}", DONE
    if report.ready:
        return "Ready to mark complete", READY
    n = len(report.items)
    return f"{plural(n, 'item')} still missing", TODO


class StageNavigator(QWidget):
    """``page_selected(page)``: 0 school, 1–4 the stages, 5 the engagement log."""

    page_selected = Signal(int)
    complete_requested = Signal(object)  # Stage
    maintain_requested = Signal()
    missing_chosen = Signal(object)  # the MissingItem chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: WorkspaceState | None = None
        self.pages = QListWidget()
        self.pages.setAccessibleName("Stages")
        self.pages.setWordWrap(True)
        self.pages.setSpacing(2)
        for page in range(6):
            item = QListWidgetItem(self._title(page))
            item.setData(Qt.ItemDataRole.UserRole, page)
            self.pages.addItem(item)
        self.pages.currentRowChanged.connect(self._page_changed)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.missing = QListWidget()
        self.missing.setAccessibleName("Still missing for this stage")
        self.missing.setWordWrap(True)
        self.missing.itemActivated.connect(self._missing_activated)
        self.missing.itemClicked.connect(self._missing_activated)
        self.complete_button = QPushButton()
        self.complete_button.clicked.connect(self._complete)
        self.maintain_button = QPushButton("Maintain at stage 1 by agreement…")
        self.maintain_button.setAccessibleName("Maintain at stage 1 by agreement")
        self.maintain_button.setToolTip(
            "Close stage 1 here: the school and Police agree the partnership stays at stage 1"
        )
        self.maintain_button.clicked.connect(self.maintain_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.missing, 1)
        layout.addWidget(self.complete_button)
        layout.addWidget(self.maintain_button)
        layout.addStretch(0)  # keeps the list at the top on pages without a missing list
        self.setMinimumWidth(260)
        self.setMaximumWidth(360)
        self.pages.setCurrentRow(Stage.RELATIONSHIP.value)
        self._fit_pages()

    @staticmethod
    def _title(page: int) -> str:
        if page in PAGE_TITLES:
            return PAGE_TITLES[page]
        stage = Stage(page)
        return f"{stage.value} · {stage.label}"

    @property
    def page(self) -> int:
        return max(self.pages.currentRow(), 0)

    def show_page(self, page: int) -> None:
        self.pages.setCurrentRow(page)

    def set_state(self, state: WorkspaceState) -> None:
        self.state = state
        for report in state.reports:
            item = self.pages.item(report.stage.value)
            text, colour = stage_status(report, state)
            if report.stage == state.stage and not report.complete:
                text = f"Current stage · {text}"
            item.setText(f"{self._title(report.stage.value)}\n    {text}")
            item.setToolTip(text)
            item.setForeground(QColor(colour))
        self._fit_pages()
        self._show_detail()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_pages()  # entries may wrap differently at a new width
        self._fit_missing()

    def _fit_missing(self) -> None:
        """No taller than its items (one line is the usual case), so most pages do not show
        a large empty box; a long list still gets the column's height and scrolls."""
        rows = sum(self.missing.sizeHintForRow(i) for i in range(self.missing.count()))
        self.missing.setMaximumHeight(max(rows, 20) + 2 * self.missing.frameWidth() + 8)

    def _fit_pages(self) -> None:
        """As tall as its entries, so the missing list gets the rest of the column."""
        rows = sum(self.pages.sizeHintForRow(i) for i in range(self.pages.count()))
        spacing = 2 * self.pages.spacing() * self.pages.count()
        self.pages.setFixedHeight(rows + spacing + 2 * self.pages.frameWidth() + 4)

    def _page_changed(self, page: int) -> None:
        self._show_detail()
        self.page_selected.emit(page)

    def _show_detail(self) -> None:
        page = self.page
        is_stage = page in (1, 2, 3, 4)
        for w in (self.status, self.missing, self.complete_button):
            w.setVisible(is_stage)
        self.maintain_button.setVisible(page == Stage.RELATIONSHIP.value)
        if not is_stage:
            self.heading.setText(PAGE_NOTES.get(page, ""))
        if not is_stage or self.state is None:
            self.maintain_button.setEnabled(False)
            return
        stage = Stage(page)
        report = self.state.report(stage)
        text, colour = stage_status(report, self.state)
        self.heading.setText(f"<b>Stage {stage.value} · {stage.label}</b> (SARA: {stage.sara})")
        if stage == Stage.RELATIONSHIP and self.state.status == PartnershipStatus.MAINTAINING:
            since = format_nz_date(report.completed_on)
            text += f" since {since}\nAgreed because: {self.state.maintain_reason}"
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.missing.clear()
        for missing in report.items:
            entry = QListWidgetItem(missing.text)
            entry.setData(Qt.ItemDataRole.UserRole, missing)
            self.missing.addItem(entry)
        if not report.items:
            done = QListWidgetItem("Nothing missing: every rule for this stage holds.")
            done.setFlags(Qt.ItemFlag.NoItemFlags)
            self.missing.addItem(done)
        self._fit_missing()
        self.complete_button.setText(
            f"Stage {stage.value} is complete"
            if report.complete
            else f"Mark stage {stage.value} complete"
        )
        self.complete_button.setAccessibleName(f"Mark stage {stage.value} complete")
        allowed = self.state.can_complete(stage)
        self.complete_button.setEnabled(allowed)
        self.complete_button.setToolTip("" if allowed else self._why_not(stage, report))
        self.maintain_button.setEnabled(
            self.state.stage == Stage.RELATIONSHIP
            and self.state.status == PartnershipStatus.ACTIVE
            and report.ready
        )

    def _why_not(self, stage: Stage, report: StageReport) -> str:
        assert self.state is not None
        if report.complete:
            return "This stage is already complete."
        if self.state.status != PartnershipStatus.ACTIVE:
            return f"The partnership is {self.state.status.label.lower()}."
        if not report.ready:
            return "Fill in what is listed above first."
        return "Complete the earlier stages first."

    def missing_items(self) -> list[str]:
        items = (self.missing.item(i) for i in range(self.missing.count()))
        return [i.text() for i in items if i.flags() != Qt.ItemFlag.NoItemFlags]

    def _missing_activated(self, item: QListWidgetItem) -> None:
        missing = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(missing, MissingItem):
            self.missing_chosen.emit(missing)

    def _complete(self) -> None:
        if self.page in (1, 2, 3, 4):
            self.complete_requested.emit(Stage(self.page))
