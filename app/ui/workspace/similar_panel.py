"""Stage 2's "Similar interventions" tab: narratives like this plan's problem, to cite.

Searches the knowledge bank kept at the last sync with the SARA plan's own words (its
title, problem statement and why the problem occurs) when the tab is shown or "Find
similar interventions" is pressed; the narratives sharing the most words come first.
Citing one records it as evidence from elsewhere, in the SARA plan or for one of the
year's responses; the SARA plan, or the response's rationale in the annual partnership
plan, prints it. Stage 2 and stage 3 each have this tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
from app.services.knowledge_cite import (
    all_citations,
    cite,
    cite_targets,
    remove_citation,
    similar_to_plan,
)
from app.services.knowledge_search import KnowledgeHit
from app.services.store import Store
from app.ui.knowledge_view import ENTRY_ROLE, add_hit, hit_list
from app.ui.ops import Op
from app.ui.workspace.autosave import AutosaveController
from app.ui.workspace.shown_year import ShownYear

ID_ROLE = ENTRY_ROLE


class SimilarPanel(QWidget):
    """``found(count)`` after a search; ``cited()`` after the citations are shown."""

    found = Signal(int)
    cited = Signal()

    def __init__(
        self,
        store: Store,
        actor: Actor,
        shown: ShownYear,
        prefer_response: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``prefer_response``: stage 3's tab, where a citation usually supports one of
        the responses; stage 2's cites in the SARA plan."""
        super().__init__(parent)
        self.prefer_response = prefer_response
        self.store = store
        self.actor = actor
        self._shown = shown
        self.school_id: str | None = None
        self.find_button = QPushButton("Find similar interventions")
        self.find_button.clicked.connect(self.search_similar)
        self.results = hit_list("Similar interventions")
        self.note = QLineEdit()
        self.note.setAccessibleName("Why it is relevant")
        self.note.setPlaceholderText("Why it is relevant to this plan (optional)")
        self.target = QComboBox()
        self.target.setAccessibleName("Cite in")
        self.target.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.cite_button = QPushButton("Cite")
        self.cite_button.clicked.connect(self.cite_selected)
        self.citations = QListWidget()
        self.citations.setAccessibleName("Cited this year")
        self.citations.setWordWrap(True)  # a citation reads whole, not scrolled sideways
        self.remove_button = QPushButton("Remove citation")
        self.remove_button.clicked.connect(self.remove_selected)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        cite_row = QHBoxLayout()
        cite_row.addWidget(self.note, 1)
        cite_row.addWidget(QLabel("in"))
        cite_row.addWidget(self.target)
        cite_row.addWidget(self.cite_button)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(
            QLabel(
                "<b>Evidence from elsewhere</b>: how other schools dealt with a problem "
                "like this one (from the knowledge bank)."
            )
        )
        top.addStretch(1)
        top.addWidget(self.find_button)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.results, 2)
        layout.addLayout(cite_row)
        layout.addWidget(QLabel("<b>Cited this year</b>"))
        layout.addWidget(self.citations, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)

    # -- WorkspaceTab ------------------------------------------------------------------
    def load(self, school_id: str) -> None:
        self.school_id = school_id
        self.search_similar()
        self._reload_citations()

    def autosaves(self) -> list[AutosaveController]:
        return []

    # -- steps -------------------------------------------------------------------------
    def search_similar(self) -> None:
        if self.school_id is not None:
            Op(self, similar_to_plan, self.store, self.school_id, self._shown.year).success(
                self._show_hits
            ).in_background().run()

    def cite_selected(self) -> None:
        item = self.results.currentItem()
        if item is None or self.school_id is None:
            return
        Op(
            self,
            lambda: cite(
                self.store,
                self.actor(),
                str(self.school_id),
                str(item.data(ID_ROLE)),
                self.note.text().strip(),
                response_id=self.target.currentData() or None,
                year=self._shown.year,
            ),
        ).success(lambda _c: self._cited()).run()

    def remove_selected(self) -> None:
        item = self.citations.currentItem()
        if item is not None:
            Op(self, remove_citation, self.store, self.actor(), str(item.data(ID_ROLE))).success(
                lambda _r: self._reload_citations()
            ).run()

    # -- showing -----------------------------------------------------------------------
    def _show_hits(self, hits: list[KnowledgeHit]) -> None:
        self.results.clear()
        for hit in hits:
            add_hit(self.results, hit)
        self.hint.setText(
            ""
            if hits
            else "Nothing similar yet. Write the plan's problem statement, or sync to bring "
            "the newest narratives from other districts."
        )
        self.found.emit(len(hits))

    def _cited(self) -> None:
        self.note.clear()
        self._reload_citations()

    def _reload_citations(self) -> None:
        if self.school_id is not None:
            Op(self, cite_targets, self.store, self.school_id, self._shown.year).success(
                self._show_targets
            ).run()
            Op(self, all_citations, self.store, self.school_id, self._shown.year).success(
                self._show_citations
            ).run()

    def _show_targets(self, targets: list[tuple[str, str]]) -> None:
        chosen = self.target.currentData()
        self.target.clear()
        for value, label in targets:
            self.target.addItem(label, value)
        if chosen is not None and self.target.findData(chosen) >= 0:
            self.target.setCurrentIndex(self.target.findData(chosen))
        elif self.prefer_response and self.target.count() > 1:
            self.target.setCurrentIndex(1)

    def _show_citations(self, citations: list[tuple[str, str]]) -> None:
        self.citations.clear()
        for citation_id, line in citations:
            item = QListWidgetItem(line)
            item.setData(ID_ROLE, citation_id)
            self.citations.addItem(item)
        self.cited.emit()
