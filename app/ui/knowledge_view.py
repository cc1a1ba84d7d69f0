"""The Knowledge bank: search the narratives other schools published, offline.

Searches the copy kept at the last sync (``app.services.knowledge_page``), a moment after
the officer stops typing or at once when a filter changes. Each result shows its title
and the words around the match with the matched words in bold; the text arrives as
(text, matched) pieces and is escaped here, so no one's text is read as markup.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.config import AppSettings
from app.models import KnowledgeEntry
from app.models.vocabulary import (
    AssessmentResult,
    KnowledgeState,
    ProblemType,
    ResponseKind,
    SchoolType,
)
from app.services.changes import ChangeSet
from app.services.knowledge_page import (
    KnowledgePage,
    bank_years,
    label_of,
    load_page,
    search_bank,
)
from app.services.knowledge_search import KnowledgeFilters, KnowledgeHit, Segment
from app.services.store import Store
from app.ui.knowledge_page_view import KnowledgePageView
from app.ui.knowledge_review_bar import ReviewBar
from app.ui.ops import Op, listen
from lpc_core.formatting import plural

TYPING_PAUSE_MS = 250
SHOWING = {
    KnowledgeState.PUBLISHED: "Published narratives",
    KnowledgeState.SUBMITTED: "Waiting for approval",
    KnowledgeState.RETURNED: "Returned to their authors",
}
ENTRY_ROLE = Qt.ItemDataRole.UserRole


def marked_html(pieces: tuple[Segment, ...]) -> str:
    """Matched words in bold; everything escaped."""
    return "".join(f"<b>{escape(t)}</b>" if hit else escape(t) for t, hit in pieces)


def hit_list(name: str) -> QListWidget:
    """A list of search results (here, and stage 2's similar interventions)."""
    results = QListWidget()
    results.setAccessibleName(name)
    results.setWordWrap(True)
    # A pale selection, so the grey line under a chosen title stays readable.
    results.setStyleSheet("QListWidget::item:selected { background: #dbe9f7; color: black; }")
    return results


def add_hit(results: QListWidget, hit: KnowledgeHit) -> None:
    """One result as a row: its title, what it is about, the words around the match."""
    item = QListWidgetItem()
    item.setData(ENTRY_ROLE, hit.entry_id)
    label = QLabel(row_html(hit))
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setMargin(4)
    width = max(results.viewport().width() - 8, 200)
    item.setSizeHint(QSize(width, label.heightForWidth(width)))
    results.addItem(item)
    results.setItemWidget(item, label)


def row_html(hit: KnowledgeHit) -> str:
    about = " · ".join(
        (
            label_of(ProblemType, hit.problem_type),
            label_of(SchoolType, hit.school_type),
            str(hit.year),
            "Aims " + label_of(AssessmentResult, hit.aims_result).lower(),
        )
    )
    return (
        f"<div><b>{marked_html(hit.title)}</b><br/>"
        f"<span style='color:#555'>{escape(about)}</span><br/>"
        f"{marked_html(hit.snippet)}</div>"
    )


def _combo(name: str, choices: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem("Any", None)
    for label, value in choices:
        combo.addItem(label, value)
    return combo


class KnowledgeView(QWidget):
    """``loaded`` after results are shown; ``page_shown(entry_id)`` after a page opens."""

    loaded = Signal()
    page_shown = Signal(str)

    def __init__(
        self, store: Store, settings: AppSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.hits: list[KnowledgeHit] = []
        self.search = QLineEdit()
        self.search.setAccessibleName("Search the knowledge bank")
        self.search.setPlaceholderText(
            "Words from the problem, responses or lessons (macrons optional)"
        )
        self.search.setClearButtonEnabled(True)
        self.problem = _combo("Problem type", [(p.label, p.value) for p in ProblemType])
        self.response = _combo("Response", [(r.label, r.value) for r in ResponseKind])
        self.school_type = _combo("School type", [(s.label, s.value) for s in SchoolType])
        self.year = _combo("Year", [])
        self.aims = _combo("Aims achieved", [(a.label, a.value) for a in AssessmentResult])
        self.showing = QComboBox()
        self.showing.setAccessibleName("Show")
        for state in (KnowledgeState.PUBLISHED, KnowledgeState.SUBMITTED, KnowledgeState.RETURNED):
            self.showing.addItem(SHOWING[state], state.value)
        self.showing.currentIndexChanged.connect(lambda _i: self.refresh())
        self.review: ReviewBar | None = None
        if settings is not None:
            self.review = ReviewBar(store, settings)
            self.review.reviewed.connect(self._reviewed)
        self.results = hit_list("Narratives found")
        self.results.currentItemChanged.connect(self._open_current)
        self.count = QLabel()
        self.page = KnowledgePageView()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.problem, self.response, self.school_type, self.year, self.aims):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        listen(self, self._heard)
        self._layout()

    def _layout(self) -> None:
        filters = QFormLayout()
        filters.addRow("Problem type", self.problem)
        filters.addRow("Response", self.response)
        filters.addRow("School type", self.school_type)
        year_aims = QHBoxLayout()
        year_aims.addWidget(self.year)
        year_aims.addWidget(QLabel("Aims achieved"))
        year_aims.addWidget(self.aims, 1)
        filters.addRow("Year", year_aims)
        filters.addRow("Show", self.showing)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Knowledge bank</b>: narratives other schools shared"))
        column.addWidget(self.search)
        column.addLayout(filters)
        column.addWidget(self.count)
        column.addWidget(self.results, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        right = QWidget()
        page_column = QVBoxLayout(right)
        page_column.setContentsMargins(0, 0, 0, 0)
        page_column.addWidget(self.page, 1)
        if self.review is not None:
            page_column.addWidget(self.review)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def filters(self) -> KnowledgeFilters:
        return KnowledgeFilters(
            problem_type=self.problem.currentData(),
            response_kind=self.response.currentData(),
            school_type=self.school_type.currentData(),
            year=self.year.currentData(),
            aims_result=self.aims.currentData(),
            state=str(self.showing.currentData()),
        )

    def refresh(self) -> None:
        """Search again with the words and filters shown (off the UI thread)."""
        self._timer.stop()
        Op(self, search_bank, self.store, self.search.text(), self.filters()).success(
            self._show
        ).in_background().run()

    def load(self) -> None:
        """Fill the year filter from the bank, then search."""
        Op(self, bank_years, self.store).success(self._years).in_background().run()

    def _years(self, years: list[int]) -> None:
        self.year.blockSignals(True)
        while self.year.count() > 1:
            self.year.removeItem(1)
        for year in years:
            self.year.addItem(str(year), year)
        self.year.blockSignals(False)
        self.refresh()

    def _show(self, hits: list[KnowledgeHit]) -> None:
        self.hits = hits
        self.results.blockSignals(True)
        self.results.clear()
        for hit in hits:
            add_hit(self.results, hit)
        self.results.blockSignals(False)
        self.count.setText(
            f"{plural(len(hits), 'narrative')} found"
            if hits
            else "Nothing found: try fewer or other words"
        )
        self.loaded.emit()

    def open_entry(self, entry_id: str) -> None:
        Op(self, load_page, self.store, entry_id).success(self._show_page).in_background().run()

    def _open_current(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.open_entry(str(item.data(ENTRY_ROLE)))

    def _show_page(self, page: KnowledgePage) -> None:
        self.page.show_page(page)
        if self.review is not None:
            self.review.show_for(page)
        self.page_shown.emit(page.entry_id)

    def _heard(self, changes: ChangeSet, _source: object) -> None:
        """A sync brought entries while the bank is open: the years and results follow."""
        if KnowledgeEntry.__tablename__ in changes.tables:
            self.load()

    def _reviewed(self, entry_id: str, _state: str) -> None:
        """The server took the decision: the list and the page show the entry's new state."""
        self.refresh()
        self.open_entry(entry_id)
