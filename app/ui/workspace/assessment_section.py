"""Stage 4: each response aim assessed, the result set beside its baseline and target."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.config import Actor
from app.models import AimAssessment
from app.services.editing import SaveResult
from app.services.store import Store
from app.services.workspace import add_assessment, aim_comparison
from app.ui.ops import Op
from app.ui.workspace.autosave import AutosaveController
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.shown_year import ShownYear


class AssessmentSection(QWidget):
    def __init__(
        self,
        store: Store,
        actor: Actor,
        *,
        hints: dict[str, str] | None = None,
        shown: ShownYear | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.assessments = ListEditor(
            store,
            actor,
            AimAssessment,
            noun="assessment",
            adder=add_assessment,
            hints=hints,
            empty_text="No assessments yet. Add one for each response aim from stage 3.",
            shown=shown,
        )
        self.comparison = QLabel()
        self.comparison.setWordWrap(True)
        self.comparison.setFrameShape(QFrame.Shape.StyledPanel)
        self.comparison.setAccessibleName("Result against baseline and target")
        self.comparison.setMargin(6)
        self.comparison.hide()
        self.assessments.editor.loaded.connect(self._compare)
        self.assessments.editor.saved.connect(self._after_save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.comparison)
        layout.addWidget(self.assessments, 1)

    def autosaves(self) -> list[AutosaveController]:
        return self.assessments.autosaves()

    def focus_field(self, row_id: str, name: str) -> None:
        self.assessments.focus_field(row_id, name)

    def select_record(self, row_id: str | None) -> None:
        self.assessments.select_record(row_id)

    def load(self, school_id: str) -> None:
        self.assessments.load(school_id)

    def _after_save(self, result: SaveResult) -> None:
        if result.saved:
            self._compare()

    def _compare(self) -> None:
        row_id = self.assessments.editor.row_id
        if row_id is None:
            self.comparison.hide()
            return
        Op(self, aim_comparison, self.store, row_id).success(self._show).run()

    def _show(self, text: str) -> None:
        self.comparison.setText(text)
        self.comparison.setVisible(bool(text))
