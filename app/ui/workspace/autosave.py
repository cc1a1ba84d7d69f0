"""Saving as the officer types: one controller that every workspace form uses.

A form hands the controller its ``save(target, values) -> SaveResult`` function (run on
the store worker, through ``Op`` so whatever hooks the app puts on ops see every save)
and a ``target()`` that names what is on screen (a record id, an entry being written).
The form reports edits with ``edited(values)``; the controller keeps what is unsaved,
starts the save after a pause (``SaveTimer``), counts saves in flight, keeps refused
values unsaved with the reasons, and saves now on ``flush()`` (another tab or school,
Ctrl+S) or on this thread with ``flush_now()`` (closing). The workspace holds the
controllers its tabs report (``WorkspaceTab.autosaves``) and talks only to them.

Values are taken off the dirty set when they are sent and put back if the save refuses
them, so flushing twice never sends the same typing twice (that would add a measured
result or a review twice) and closing still names what could not be saved.

The target is read on the UI thread when a save is sent, and the result is applied to
the form only while the same target is still on screen: a save on the way out of a
record cannot mark the fields of the next one (Anki's ``CollectionOp`` passes its
``initiator`` for the same reason).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.services.editing import SaveResult
from app.ui.ops import Op, pool
from app.ui.workspace.save_timer import SaveTimer
from lpc_core.validation import ValidationError

Values = dict[str, Any]


@dataclass(frozen=True, eq=False)
class SaveTarget:
    """What typing is saved into and under whose name, both read when the save is sent.

    ``record`` is a record id (or a tuple of ids), or a draft object that the first save
    fills in with the new record's id; ids are the same target when equal, drafts only
    when the same object (two new entries are different entries). A change of name
    between sending and the answer does not make the record another one.
    """

    record: Any
    actor: str

    def same(self, other: SaveTarget | None) -> bool:
        if other is None:
            return False
        if isinstance(self.record, str | tuple):
            return self.record == other.record
        return self.record is other.record


Save = Callable[[SaveTarget, Values], SaveResult]


class SaveStatus(Enum):
    """What the save indicator says; the workspace chooses its look by this, not by text."""

    IDLE = ""
    EDITING = "Editing…"
    SAVING = "Saving…"
    SAVED = "Saved"
    NOT_SAVED = "Not saved"
    UNREADABLE = "Could not open"


@dataclass(frozen=True)
class SaveState:
    """A status and, when not saved or not read, the first reason."""

    status: SaveStatus
    reason: str = ""

    def __str__(self) -> str:
        if self.reason:
            return f"{self.status.value}: {self.reason}"
        return self.status.value


@dataclass(frozen=True)
class SaveOutcome:
    """One finished save, for the form to show: what was sent for which target, what the
    store kept, and whether that target is still the one on screen."""

    target: SaveTarget
    sent: Values
    result: SaveResult
    current: bool
    error: BaseException | None = None
    refused: tuple[str, ...] = field(default=())


class AutosaveController(QObject):
    """``state_changed(SaveState)``, ``saved(SaveResult)`` after every save, and
    ``finished(SaveOutcome)`` for the form that owns it."""

    state_changed = Signal(object)
    saved = Signal(object)
    finished = Signal(object)

    def __init__(
        self,
        parent: QObject,
        save: Save,
        target: Callable[[], SaveTarget | None],
        *,
        timed: bool = True,
        check: Callable[[Values], list[str]] | None = None,
        collect: Callable[[Values], Values] | None = None,
        failure_text: str = "",
        refusal_prefix: str = "",
    ) -> None:
        """``timed=False`` for forms that add a record (a review, a measured result):
        they save on flush only, since a half-typed one must not be stored; ``check``
        holds values back before they are sent and says why; ``collect`` reads what to
        send from the form when it is sent, for forms whose values depend on each other
        (the needs audit's level), where the edits only say that something changed."""
        super().__init__(parent)
        self._save = save
        self._target = target
        self._timed = timed
        self._check = check
        self._collect = collect
        self._failure_text = failure_text
        self._prefix = refusal_prefix
        self.dirty: Values = {}
        self.in_flight = 0
        self._refused: list[str] = []
        self.timer = SaveTimer(self)
        self.timer.due.connect(self.flush)

    # -- what the form reports -------------------------------------------------------------
    def edited(self, values: Mapping[str, Any], *, quiet: bool = False) -> None:
        """Values typed and not yet saved (merged into what is waiting)."""
        self.dirty.update(values)
        if not quiet:
            self._state(SaveStatus.EDITING)
        if self._timed:
            self.timer.touch()

    def discard(self) -> None:
        """Forget what is waiting (the form shows another record, or was emptied)."""
        self.timer.stop()
        self.dirty.clear()
        self._refused = []

    # -- what the workspace asks -----------------------------------------------------------
    @property
    def pending(self) -> bool:
        return bool(self.dirty) or self.in_flight > 0

    def refused(self) -> list[str]:
        """What is typed but cannot be saved, each as "Label: why" (after a save)."""
        if self.in_flight or not self.dirty:
            return []
        return [f"{self._prefix}{m}" for m in self._refused]

    def flush(self) -> None:
        """Save what is waiting now, on the store worker."""
        taken = self._take()
        if taken is None:
            return
        target, sent = taken
        self._state(SaveStatus.SAVING)
        Op(self, self._save, target, sent).success(partial(self._done, target, sent)).failure(
            partial(self._failed, target, sent)
        ).run()

    def flush_now(self) -> None:
        """Save on this thread before returning (closing the window, quitting)."""
        self.timer.stop()
        pool("store").waitForDone()
        taken = self._take()
        if taken is None:
            return
        target, sent = taken
        try:
            result = self._save(target, sent)
        except Exception as exc:  # reported like a failed background save
            self._failed(target, sent, exc)
        else:
            self._done(target, sent, result)

    # -- the work ----------------------------------------------------------------------------
    def _take(self) -> tuple[SaveTarget, Values] | None:
        self.timer.stop()
        target = self._target()
        if not self.dirty or target is None:
            return None
        sent = self._collect(dict(self.dirty)) if self._collect else dict(self.dirty)
        problems = self._check(sent) if self._check is not None else []
        if problems:
            self._refused = problems
            self._state(SaveStatus.NOT_SAVED, problems[0])
            return None
        self.dirty.clear()
        self.in_flight += 1
        return target, sent

    def _done(self, target: SaveTarget, sent: Values, result: SaveResult) -> None:
        self.in_flight -= 1
        current = target.same(self._target())
        if current:
            self._restore(sent, keep=result.saved)
            self._refused = [str(e) for e in result.errors]
        refused = tuple(str(e) for e in result.errors)
        self.finished.emit(SaveOutcome(target, sent, result, current, refused=refused))
        if result.errors:
            self._state(SaveStatus.NOT_SAVED, refused[0])
        elif not self.pending:
            self._state(SaveStatus.SAVED)
        self.saved.emit(result)

    def _failed(self, target: SaveTarget, sent: Values, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):  # refused as a whole: like a refusing result
            self._done(target, sent, SaveResult((), tuple(exc.errors), -1))
            return
        self.in_flight -= 1
        current = target.same(self._target())
        message = f"{self._failure_text}: {exc}" if self._failure_text else str(exc)
        if current:
            self._restore(sent, keep=())
            self._refused = [message]
        failed = SaveResult((), (), -1)
        self.finished.emit(SaveOutcome(target, sent, failed, current, exc, (message,)))
        self._state(SaveStatus.NOT_SAVED, message)
        self.saved.emit(failed)

    def _restore(self, sent: Values, keep: Sequence[str]) -> None:
        """Put back what the store did not keep, unless typed over since it was sent."""
        for name, value in sent.items():
            if name not in keep:
                self.dirty.setdefault(name, value)

    def report(self, status: SaveStatus, reason: str = "") -> None:
        """Say something about the form beside its saves (it could not be read)."""
        self._state(status, reason)

    def _state(self, status: SaveStatus, reason: str = "") -> None:
        self.state_changed.emit(SaveState(status, reason))


class SavesAsTyped:
    """What a form that owns one ``autosave`` offers its parents, written once: parent
    forms, tests and the workspace ask the form, and the form's controller answers.
    Mixed into the form's class after its Qt base (no ``__init__`` of its own)."""

    autosave: AutosaveController

    def autosaves(self) -> list[AutosaveController]:
        return [self.autosave]

    @property
    def pending(self) -> bool:
        """Something typed and not yet saved (or on its way)."""
        return self.autosave.pending

    def refused(self) -> list[str]:
        """What is typed but cannot be saved, each as "Label: why" (after a save)."""
        return self.autosave.refused()

    def flush(self) -> None:
        """Save what is waiting now, on the store worker (a pause, switching, Ctrl+S)."""
        self.autosave.flush()

    def flush_now(self) -> None:
        """Save on this thread before returning (closing the window, quitting)."""
        self.autosave.flush_now()
