"""Where a write to the local store runs, chosen by whoever starts the work.

A service that writes from a thread of its own (a sync waiting on the network) takes a
``StoreWriter`` and runs each write transaction through it. The window passes its store
worker (``app.ui.ops.on_store_worker``), so those writes join the one queue of writes
with the officer's saves instead of racing them for SQLite's lock; a command-line run has
no other writer and passes nothing (``run_here``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class StoreWriter(Protocol):
    def __call__(self, fn: Callable[[], T], /) -> T: ...


def run_here(fn: Callable[[], T], /) -> T:
    """Runs the write on the calling thread."""
    return fn()
