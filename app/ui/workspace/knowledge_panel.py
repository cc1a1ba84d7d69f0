"""Stage 4's Knowledge bank tab: submit the year's narrative and see where it stands.

The officer chooses whether the school is named or shown only by type, roll band and
region, and what kind of problem it was about. "Check the narrative" runs the publish
check; anything it finds is listed with its field and the words around it, and the
narrative is submitted only once the officer has read the list and ticked that it holds
school-level information only (or edited the narrative and checked again). Submitting
copies the narrative; the next sync sends it to the district supervisor.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.config import Actor
from app.models.vocabulary import KnowledgeState, ProblemType
from app.services.knowledge_check import Finding
from app.services.knowledge_publish import (
    RESUBMITTABLE,
    Submission,
    SubmissionStatus,
    check_in_store,
    submission_status,
    submit,
)
from app.services.store import Store
from app.ui.ops import Op
from app.ui.workspace.autosave import AutosaveController
from app.ui.workspace.shown_year import ShownYear

STATE_TEXT = {
    "": "Not submitted to the knowledge bank.",
    KnowledgeState.DRAFT.value: "Not submitted: the server did not take it.",
    KnowledgeState.SUBMITTED.value: "Submitted: waiting for a district supervisor's approval.",
    KnowledgeState.RETURNED.value: "Returned by the supervisor with a comment (below). "
    "Edit the narrative and submit it again.",
    KnowledgeState.PUBLISHED.value: "Published: officers in every district can find it.",
}


class KnowledgePanel(QWidget):
    """``checked(count)`` after the publish check; ``status_shown`` after a load."""

    checked = Signal(int)
    status_shown = Signal()

    def __init__(
        self, store: Store, actor: Actor, shown: ShownYear, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self._shown = shown
        self.school_id: str | None = None
        self.status = SubmissionStatus(None)
        self.findings: list[Finding] = []
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.named = QRadioButton("By name")
        self.anonymous = QRadioButton("Only as school type, roll band and region")
        self.anonymous.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.named)
        group.addButton(self.anonymous)
        self.problem = QComboBox()
        self.problem.setAccessibleName("Problem type")
        for kind in ProblemType:
            self.problem.addItem(kind.label, kind.value)
        self.check_button = QPushButton("Check the narrative")
        self.check_button.clicked.connect(self.run_check)
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.confirm = QCheckBox(
            "I have read these: the narrative holds school-level information only"
        )
        self.confirm.setVisible(False)
        self.submit_button = QPushButton("Submit to the knowledge bank")
        self.submit_button.clicked.connect(self.submit)
        self.submit_button.setEnabled(False)
        self.confirm.toggled.connect(lambda _on: self._enable())
        form = QFormLayout()
        school = QVBoxLayout()
        school.addWidget(self.named)
        school.addWidget(self.anonymous)
        form.addRow("Show the school", school)
        form.addRow("Problem type", self.problem)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.submit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "<b>Share this year's narrative</b> with other schools and Police. A "
                "supervisor of the district approves it before others can find it."
            )
        )
        layout.addWidget(self.state)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.found)
        layout.addWidget(self.confirm)
        layout.addStretch(1)

    # -- WorkspaceTab ------------------------------------------------------------------
    def load(self, school_id: str) -> None:
        self.school_id = school_id
        Op(self, submission_status, self.store, school_id, self._shown.year).success(
            self._show_status
        ).run()

    def autosaves(self) -> list[AutosaveController]:
        return []

    # -- steps -------------------------------------------------------------------------
    def submission(self) -> Submission | None:
        if self.status.narrative_id is None:
            return None
        return Submission(
            self.status.narrative_id,
            self.named.isChecked(),
            str(self.problem.currentData()),
            self.actor(),
        )

    def run_check(self) -> None:
        submission = self.submission()
        if submission is not None:
            Op(self, check_in_store, self.store, submission).success(self._show_findings).run()

    def submit(self) -> None:
        submission = self.submission()
        if submission is None or self.school_id is None:
            return
        school_id = self.school_id
        Op(self, submit, self.store, submission, self.confirm.isChecked()).success(
            lambda _entry: self.load(school_id)
        ).failure(self._refused).run()

    # -- showing -----------------------------------------------------------------------
    def _show_status(self, status: SubmissionStatus) -> None:
        self.status = status
        self.findings = []
        self.found.clear()
        self.confirm.setChecked(False)
        self.confirm.setVisible(False)
        if status.narrative_id is None:
            self.state.setText("Write this year's intervention narrative first.")
        else:
            text = STATE_TEXT.get(status.state, status.state)
            if status.waiting_to_send:
                text += " It is sent at the next sync."
            if status.review_comment:
                text += f"<br/><i>Comment:</i> {escape(status.review_comment)}"
            self.state.setText(f"“{escape(status.title)}”: {text}")
        self._enable()
        self.status_shown.emit()

    def _open(self) -> bool:
        return self.status.narrative_id is not None and (self.status.state in ("", *RESUBMITTABLE))

    def _enable(self) -> None:
        self.check_button.setEnabled(self._open())
        checked = self.found.text() != ""
        self.submit_button.setEnabled(
            self._open() and checked and (not self.findings or self.confirm.isChecked())
        )

    def _show_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        if findings:
            items = "".join(
                f"<li>{escape(f.message)}<br/><span style='color:#555'>{escape(f.excerpt)}"
                "</span></li>"
                for f in findings
            )
            self.found.setText(
                "<b>The check found what may be a person or a way to reach one.</b> Edit "
                f"the narrative, or confirm each is fine to share:<ul>{items}</ul>"
            )
        else:
            self.found.setText("The check found no names or contact details. Ready to submit.")
        self.confirm.setChecked(False)
        self.confirm.setVisible(bool(findings))
        self._enable()
        self.checked.emit(len(findings))

    def _refused(self, error: BaseException) -> None:
        self.found.setText(f"<b>Not submitted.</b> {escape(str(error))}")
        self._enable()
