"""Running service calls off the UI thread, with results delivered back on it.

``Op(parent, fn, *args).success(cb).failure(cb).run()`` (after Anki's
``aqt.operations``). Work runs on one of three pools, named by role (Anki's
``aqt/taskman.py`` keeps the collection on one thread the same way):

- ``store`` (the default): one thread, so every write to the local store is serialised
  and queued in order. Work on another pool that must write (a sync applying a pulled
  page) hands the write to this thread with ``on_store_worker`` and waits for it.
- ``network``: a few threads that wait on the district server, so a slow server never
  holds up a save (``.on_network()``).
- ``background``: long reads and rendering that write nothing to the store (exports,
  template checks; ``.in_background()``), so they neither hold up saves nor take the
  threads that wait on the network.

Callbacks are dropped if ``parent`` has been destroyed meanwhile. Results travel through
one long-lived dispatcher object on the UI thread (a queued signal), not a QObject per
operation: deleting a per-operation object from inside its own signal handler crashes
PySide. Long operations with progress and a cancel button use ``app.ui.long_op``.

Whatever an op's writes committed (``app.services.changes``) is then announced once on
the application-wide ``change_bus().changed`` signal, with the window that asked as the
initiator (Anki's ``operation_did_execute``). Screens ``listen`` to it and re-read only
what the change set touches; nothing else tells a screen that data changed.
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

# Imported where used: the window imports this module before it shows, and these (about
# 2 ms) are needed only once an op runs.
if TYPE_CHECKING:
    from concurrent.futures import Future

    from app.services.changes import ChangeSet


T = TypeVar("T")

Role = Literal["store", "network", "background"]
_THREADS: dict[Role, int] = {"store": 1, "network": 3, "background": 2}
# Work handed to the store worker by another pool (sync's writes) waits behind an
# officer's saves queued at the same time: a save is what someone is looking at.
BEHIND_SAVES = -1

_pools: dict[Role, QThreadPool] = {}
_on_store = threading.local()  # ``active`` is set on the store worker's thread


def pool(role: Role) -> QThreadPool:
    if role not in _pools:
        p = QThreadPool()
        p.setMaxThreadCount(_THREADS[role])
        # Keep each worker thread for the app's life: an idle thread that expired would be
        # replaced by a new one, and the store worker is meant to be one thread.
        p.setExpiryTimeout(-1)
        _pools[role] = p
    return _pools[role]


def wait_for_all(msecs: int = 10_000) -> None:
    """Let running work finish (on quit, and between tests). The store goes last: work
    on the other pools may still hand it writes."""
    for role in ("network", "background", "store"):
        if role in _pools:
            _pools[role].waitForDone(msecs)


class _StoreCall(QRunnable):
    def __init__(self, fn: Callable[[], Any], future: Future[Any]) -> None:
        super().__init__()
        self.fn = fn
        self.future = future

    def run(self) -> None:
        _on_store.active = True
        try:
            self.future.set_result(self.fn())
        except BaseException as exc:  # re-raised in the waiting thread
            self.future.set_exception(exc)
        finally:
            _on_store.active = False


def on_store_worker(fn: Callable[[], T]) -> T:
    """Run ``fn`` on the store worker and wait for its result (or exception).

    How work on another pool writes to the local store: the write joins the one queue of
    writes instead of racing it for SQLite's lock. Called on the store worker itself, it
    runs ``fn`` at once (waiting for its own queue would never end).
    """
    if getattr(_on_store, "active", False):
        return fn()
    from concurrent.futures import Future

    future: Future[T] = Future()
    runnable = _StoreCall(fn, future)
    runnable.setAutoDelete(False)  # kept alive by this frame until the result is in
    pool("store").start(runnable, BEHIND_SAVES)
    return future.result()


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

    def drop(*_a: object) -> None:
        if shiboken6.isValid(bus):  # at exit the bus may go first, taking its connections
            bus.changed.disconnect(connection)

    owner.destroyed.connect(drop)


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
    def __init__(
        self, key: int, fn: Callable[[], Any], dispatcher: _Dispatcher, store: bool
    ) -> None:
        super().__init__()
        self.store = store  # runs on the store worker
        self.key = key
        self.fn = fn
        self.dispatcher = dispatcher

    def run(self) -> None:
        _on_store.active = self.store
        try:
            from app.services.changes import recording

            with recording() as changes:
                try:
                    result = self.fn()
                except BaseException as exc:  # every failure must reach the UI
                    exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                    ok, value = False, exc
                else:
                    ok, value = True, result
        finally:
            _on_store.active = False
        self.dispatcher.finished.emit(self.key, ok, value, changes)


class Op(Generic[T]):
    def __init__(self, parent: QObject, fn: Callable[..., T], *args: Any) -> None:
        self._parent = parent
        self._fn = fn
        self._args = args
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._pool: Role = "store"

    def success(self, cb: Callable[[T], None]) -> Op[T]:
        self._success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op[T]:
        self._failure = cb
        return self

    def on(self, role: Role) -> Op[T]:
        self._pool = role
        return self

    def on_network(self) -> Op[T]:
        """For work that waits on the district server; its store writes go through
        ``on_store_worker``."""
        return self.on("network")

    def in_background(self) -> Op[T]:
        """For long reads and rendering that write nothing to the store."""
        return self.on("background")

    def run(self) -> None:
        dispatcher = _get_dispatcher()
        key = next(_keys)
        fn, args = self._fn, self._args
        runnable = _Runnable(key, lambda: fn(*args), dispatcher, self._pool == "store")
        # Python keeps the runnable alive (in ``pending``) until its result is delivered.
        runnable.setAutoDelete(False)
        dispatcher.pending[key] = _Pending(self._parent, self._success, self._failure, runnable)
        pool(self._pool).start(runnable)
