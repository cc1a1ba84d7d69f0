"""Under a submitted narrative: a supervisor approves it or returns it with a comment.

Online only: the district server decides who may (a supervisor of the school's
district), so the answer comes from it, and a refusal is shown in its own words.
"""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.config import AppSettings
from app.models.vocabulary import KnowledgeState
from app.services.knowledge_page import KnowledgePage
from app.services.store import Store
from app.services.sync.knowledge import review_online
from app.ui.ops import Op, on_store_worker


class ReviewBar(QWidget):
    """``reviewed(entry_id, new_state)`` after the server took the decision."""

    reviewed = Signal(str, str)
    refused = Signal(str)

    def __init__(self, store: Store, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.entry_id: str | None = None
        self.comment = QLineEdit()
        self.comment.setAccessibleName("Comment to the officer")
        self.comment.setPlaceholderText("Comment to the officer (needed to return it)")
        self.approve = QPushButton("Approve and publish")
        self.give_back = QPushButton("Return with the comment")
        self.approve.clicked.connect(lambda: self.decide("approve"))
        self.give_back.clicked.connect(lambda: self.decide("return"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.comment, 1)
        row.addWidget(self.approve)
        row.addWidget(self.give_back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Waiting for approval</b> by a supervisor of its district"))
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.setVisible(False)

    def show_for(self, page: KnowledgePage | None) -> None:
        waiting = page is not None and page.state_value == KnowledgeState.SUBMITTED.value
        self.entry_id = page.entry_id if page is not None and waiting else None
        self.comment.clear()
        self.message.clear()
        self.setVisible(waiting)

    def decide(self, decision: str) -> None:
        if self.entry_id is None:
            return
        entry_id, comment = self.entry_id, self.comment.text().strip()
        work = partial(
            review_online, self.store, self.settings, entry_id, decision, comment, on_store_worker
        )
        Op(self, work).on_network().success(
            lambda state: self.reviewed.emit(entry_id, state)
        ).failure(self._refused).run()

    def _refused(self, error: BaseException) -> None:
        self.message.setText(f"<b>Not done.</b> {escape(str(error))}")
        self.refused.emit(str(error))
