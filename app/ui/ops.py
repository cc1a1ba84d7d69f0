"""Running service calls off the UI thread, with results delivered back on it.

``Op(parent, fn, *args).success(cb).failure(cb).run()`` (after Anki's
``aqt.operations``). Store work runs on a single-thread pool so writes are serialised;
network work (``.on_network()``) runs on a separate pool so a slow server never holds up
a save. Callbacks are dropped if ``parent`` has been destroyed meanwhile.

Results travel through one long-lived dispatcher object on the UI thread (a queued
signal), not a QObject per operation: deleting a per-operation object from inside its
own signal handler crashes PySide.

Whatever an op's writes committed (``app.services.changes``) is then announced once on
the application-wide ``change_bus().changed`` signal, with the window that asked as the
initiator (Anki's ``operation_did_execute``). Screens ``listen`` to it and re-read only
what the change set touches; nothing else tells a screen that data changed.
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from app.services.changes import ChangeSet, recording

T = TypeVar("T")

_pools: dict[str, QThreadPool] = {}


def pool(kind: str) -> QThreadPool:
    """``store``: one thread, serialised; ``network``: a few threads."""
    if kind not in _pools:
        p = QThreadPool()
        p.setMaxThreadCount(1 if kind == "store" else 3)
        _pools[kind] = p
    return _pools[kind]


def wait_for_all(msecs: int = 10_000) -> None:
    """Let running work finish (on quit, and between tests)."""
    for p in _pools.values():
        p.waitForDone(msecs)


@dataclass
class _Pending:
    parent: QObject
    success: Callable[[Any], None] | None
    failure: Callable[[BaseException], None] | None
    runnable: QRunnable


class ChangeBus(QObject):
    """``changed(change_set, initiator)``: after an op's writes committed (initiator is
    the object that ran it, or None once that has gone)."""

    changed = Signal(object, object)


_bus: ChangeBus | None = None


def change_bus() -> ChangeBus:
    """The one application-wide "data changed" signal (made on first use, on the UI
    thread, like the dispatcher; tests share it through the one QApplication)."""
    global _bus
    if _bus is None or not shiboken6.isValid(_bus):
        _bus = ChangeBus()
        app = QCoreApplication.instance()
        if app is not None:
            _bus.moveToThread(app.thread())
    return _bus


def listen(owner: QObject, slot: Callable[[ChangeSet, QObject | None], None]) -> None:
    """Connect ``slot`` to the change bus for as long as ``owner`` lives (STYLE item 9):
    the connection is dropped when the owner is destroyed, so a closed window's slot
    is never called."""
    bus = change_bus()
    connection = bus.changed.connect(slot)
    owner.destroyed.connect(lambda *_a: bus.changed.disconnect(connection))


def is_within(obj: QObject | None, ancestor: QObject) -> bool:
    """Whether ``obj`` is ``ancestor`` or one of its children (the screen made the change
    itself, so what it shows is already current)."""
    while obj is not None:
        if obj is ancestor:
            return True
        obj = obj.parent()
    return False


class _Dispatcher(QObject):
    finished = Signal(int, bool, object, object)

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[int, _Pending] = {}
        self.finished.connect(self._deliver)

    def _deliver(self, key: int, ok: bool, value: object, changes: ChangeSet) -> None:
        pending = self.pending.pop(key, None)
        initiator = pending.parent if pending is not None else None
        if initiator is not None and not shiboken6.isValid(initiator):
            initiator = None  # the window that asked has gone; nobody is waiting
        try:
            if pending is None or initiator is None:
                return
            if ok:
                if pending.success is not None:
                    pending.success(value)
            elif pending.failure is not None:
                pending.failure(value)  # type: ignore[arg-type]
            else:
                raise value  # type: ignore[misc]  # surfaces through Qt's excepthook
        finally:
            # What committed is announced even when the op then failed or its window
            # went: the store changed either way, and other screens show it.
            if changes:
                change_bus().changed.emit(changes, initiator)


_dispatcher: _Dispatcher | None = None
_keys = itertools.count(1)


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        _dispatcher = _Dispatcher()
        app = QCoreApplication.instance()
        if app is not None:
            _dispatcher.moveToThread(app.thread())
    return _dispatcher


class _Runnable(QRunnable):
    def __init__(self, key: int, fn: Callable[[], Any], dispatcher: _Dispatcher) -> None:
        super().__init__()
        self.key = key
        self.fn = fn
        self.dispatcher = dispatcher

    def run(self) -> None:
        with recording() as changes:
            try:
                result = self.fn()
            except BaseException as exc:  # every failure must reach the UI
                exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                ok, value = False, exc
            else:
                ok, value = True, result
        self.dispatcher.finished.emit(self.key, ok, value, changes)


class Op(Generic[T]):
    def __init__(self, parent: QObject, fn: Callable[..., T], *args: Any) -> None:
        self._parent = parent
        self._fn = fn
        self._args = args
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._pool = "store"

    def success(self, cb: Callable[[T], None]) -> Op[T]:
        self._success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op[T]:
        self._failure = cb
        return self

    def on_network(self) -> Op[T]:
        self._pool = "network"
        return self

    def run(self) -> None:
        dispatcher = _get_dispatcher()
        key = next(_keys)
        fn, args = self._fn, self._args
        runnable = _Runnable(key, lambda: fn(*args), dispatcher)
        # Python keeps the runnable alive (in ``pending``) until its result is delivered.
        runnable.setAutoDelete(False)
        dispatcher.pending[key] = _Pending(self._parent, self._success, self._failure, runnable)
        pool(self._pool).start(runnable)
