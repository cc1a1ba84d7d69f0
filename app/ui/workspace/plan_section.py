"""Stage 3's annual partnership plan: the plan table where installed, else plain lists.

The plain version edits the plan itself (year, date agreed, notes), its activities and
its monthly reviews with the same generic editors as everything else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.models import AnnualPlan, PlanActivity, PlanReview
from app.services.store import Store
from app.ui.optional import embedded
from app.ui.workspace.document_section import DocumentSection
from app.ui.workspace.list_editor import ListEditor


class _PlainPlan(QWidget):
    changed = Signal()

    def __init__(self, store: Store, actor: str, hints: dict[str, str] | None) -> None:
        super().__init__()
        self.school_id: str | None = None
        self.plan = DocumentSection(store, actor, AnnualPlan)
        self.activities = ListEditor(
            store,
            actor,
            PlanActivity,
            noun="activity",
            where_field="plan_id",
            new_values=lambda: {"title": "New activity"},
            hints=hints,
            empty_text="No activities yet. Add what will be done, by whom and by when.",
        )
        self.reviews = ListEditor(
            store,
            actor,
            PlanReview,
            noun="review",
            where_field="plan_id",
            new_values=_today_review,
            empty_text="No reviews yet. Short-term actions are reviewed monthly.",
        )
        self.plan.row_changed.connect(self._plan_shown)
        tabs = QTabWidget()
        tabs.addTab(self.activities, "Activities")
        tabs.addTab(self.reviews, "Monthly reviews")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.plan)
        splitter.addWidget(tabs)
        splitter.setSizes([200, 500])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def load(self, school_id: str) -> None:
        self.school_id = school_id
        self.plan.load(school_id)

    def _plan_shown(self, plan_id: str) -> None:
        if self.school_id is not None:
            self.activities.load(self.school_id, plan_id or None)
            self.reviews.load(self.school_id, plan_id or None)


def _today_review() -> dict[str, Any]:
    return {"reviewed_on": date.today()}


class PlanSection(QWidget):
    """Hosts ``app.ui.workspace.plan_table.PlanTable`` when present; ``changed`` after edits."""

    changed = Signal()

    def __init__(
        self,
        store: Store,
        actor: str,
        *,
        hints: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        table = embedded("app.ui.workspace.plan_table", "PlanTable")
        self.inner: Any = table(store, actor) if table else _PlainPlan(store, actor, hints)
        if hasattr(self.inner, "changed"):
            self.inner.changed.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.inner)

    def load(self, school_id: str) -> None:
        self.inner.load(school_id)

    def select_record(self, row_id: str | None) -> None:
        """An activity (select it) or the plan (its review line) that a reminder names."""
        show = getattr(self.inner, "select_record", None)
        if show is not None:
            show(row_id)
