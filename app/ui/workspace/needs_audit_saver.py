"""Saving the needs audit form as the officer types, as the workspace's other forms do.

After a pause, or at most a second after the first edit while typing goes on, on
switching school and on closing. Figures that are not numbers hold the whole audit back
(its suggested level depends on all of them) and are named on closing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.services.audit_form import AuditDraft, save_audit_form
from app.services.editing import SaveResult
from app.services.store import Store
from app.ui.ops import Op, pool
from app.ui.workspace.save_timer import SaveTimer
from lpc_core.validation import ValidationError

Sent = tuple[dict[str, Any], int | None, str]  # values, a different level, its reason


class AuditSaver(QObject):
    """``stored(values, level)`` and ``refused_with(messages)`` about the audit on screen;
    ``saved`` and ``status_changed`` as the workspace's forms report."""

    stored = Signal(object, int)
    refused_with = Signal(list)
    saved = Signal(object)
    status_changed = Signal(str)

    def __init__(
        self,
        parent: QObject,
        store: Store,
        actor: str,
        read: Callable[[], Sent],
        bad_figures: Callable[[], list[str]],
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self._read = read
        self._bad_figures = bad_figures
        self.draft: AuditDraft | None = None
        self._dirty = False
        self._in_flight = 0
        self._refused: list[str] = []
        self._timer = SaveTimer(self)
        self._timer.due.connect(self.flush)

    def show(self, draft: AuditDraft | None) -> None:
        """The audit on screen from now on (what was typed for the last is flushed first)."""
        self._timer.stop()
        self.draft = draft
        self._dirty = False
        self._refused = []

    def edited(self) -> None:
        if self.draft is None:
            return
        self._dirty = True
        self.status_changed.emit("Editing…")
        self._timer.touch()

    @property
    def pending(self) -> bool:
        return self._dirty or self._in_flight > 0

    def refused(self) -> list[str]:
        """What is typed but cannot be saved, each as "Label: why" (after a save)."""
        return [] if self._in_flight or not self._dirty else list(self._refused)

    def save(self) -> None:
        """Save now, typed into or not (the form's button)."""
        if self.draft is not None:
            self._dirty = True
            self.flush()

    def _held_back(self) -> bool:
        bad = self._bad_figures()
        if bad:
            self._refused = bad
            self.refused_with.emit(["Correct the figures shown in red first: " + "; ".join(bad)])
            self.status_changed.emit(f"Not saved: {bad[0]}")
        return bool(bad)

    def flush(self) -> None:
        """Save what is waiting now, on the store worker (a pause, switching, Ctrl+S)."""
        self._timer.stop()
        if not self._dirty or self.draft is None or self._held_back():
            return
        self._dirty = False
        self._in_flight += 1
        self.status_changed.emit("Saving…")
        draft, sent = self.draft, self._read()
        Op(self, save_audit_form, self.store, self.actor, draft, *sent).success(
            partial(self._done, draft, sent)
        ).failure(partial(self._failed, draft, sent)).run()

    def flush_now(self) -> None:
        """Save on this thread before returning (closing the window, quitting)."""
        self._timer.stop()
        pool("store").waitForDone()
        if not self._dirty or self.draft is None or self._held_back():
            return
        self._dirty = False
        self._in_flight += 1
        draft, sent = self.draft, self._read()
        try:
            result = save_audit_form(self.store, self.actor, draft, *sent)
        except Exception as exc:  # reported like a failed background save
            self._failed(draft, sent, exc)
        else:
            self._done(draft, sent, result)

    def _done(self, draft: AuditDraft, sent: Sent, result: tuple[str, int]) -> None:
        self._in_flight -= 1
        if draft is self.draft:
            self._refused = []
            self.stored.emit(sent[0], result[1])
        if not self.pending:
            self.status_changed.emit("Saved")
        self.saved.emit(SaveResult(tuple(sent[0]), (), -1))

    def _failed(self, draft: AuditDraft, sent: Sent, exc: BaseException) -> None:
        self._in_flight -= 1
        if isinstance(exc, ValidationError):
            messages = [str(e) for e in exc.errors]
        else:
            messages = [f"The audit could not be saved: {exc}"]
        if draft is self.draft:
            self._refused = messages
            if self._read() == sent:
                self._dirty = True  # still unsaved: closing warns rather than losing it
            self.refused_with.emit(messages)
        self.status_changed.emit(f"Not saved: {messages[0]}")
        self.saved.emit(SaveResult((), (), -1))
