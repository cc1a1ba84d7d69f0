"""What a write changed, so the screens that show it (and only those) can refresh.

Every write to the store goes through a ``UnitOfWork`` (or, for a sync pull, through
``apply_records``); each returns a ``ChangeSet``. The caller that runs a service off the
UI thread (``app.ui.ops.Op``) opens ``recording()`` around it, and every change set
committed on that thread meanwhile is ``report``-ed into it. So a service need not thread
its change set through its return value to be heard: a write that commits is heard, one
that rolls back is not, and no service can forget to tell the screens (after Anki's
``OpChanges`` and ``operation_did_execute``, with the collection done once here rather
than by each of thirty services).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Change:
    """One accepted change: enough for the outbox, the audit trail and screen refreshes."""

    table: str
    row_id: str
    school_id: str
    operation: str  # "insert" | "update" | "delete"
    old: dict[str, Any]
    new: dict[str, Any]
    base_version: int
    new_version: int


@dataclass
class ChangeSet:
    """The tables, schools and records a write touched.

    ``changes`` itemises a unit of work's changes (old and new values); a sync pull of
    thousands of records only ``note``-s what it touched, which is all a screen needs.
    """

    changes: list[Change] = field(default_factory=list)
    tables: set[str] = field(default_factory=set)
    school_ids: set[str] = field(default_factory=set)
    record_ids: set[str] = field(default_factory=set)

    def add(self, change: Change) -> None:
        self.changes.append(change)
        self.note(change.table, change.school_id, change.row_id)

    def note(self, table: str, school_id: str, record_id: str) -> None:
        self.tables.add(table)
        if school_id:
            self.school_ids.add(school_id)
        self.record_ids.add(record_id)

    def merge(self, other: ChangeSet) -> None:
        self.changes.extend(other.changes)
        self.tables |= other.tables
        self.school_ids |= other.school_ids
        self.record_ids |= other.record_ids

    def touches(self, school_id: str | None = None, tables: Iterable[str] = ()) -> bool:
        """Whether a screen showing ``school_id`` (any school when None), or only the
        given tables, has anything to re-read."""
        wanted = set(tables)
        if wanted and not wanted & self.tables:
            return False
        return bool(self) and (school_id is None or school_id in self.school_ids)

    def __bool__(self) -> bool:
        return bool(self.tables)


class _Recorders(threading.local):
    def __init__(self) -> None:
        self.stack: list[ChangeSet] = []


_recorders = _Recorders()


@contextmanager
def recording() -> Iterator[ChangeSet]:
    """Collect every change set committed on this thread inside the block."""
    recorded = ChangeSet()
    _recorders.stack.append(recorded)
    try:
        yield recorded
    finally:
        _recorders.stack.remove(recorded)


def report(changes: ChangeSet) -> None:
    """Called once a write has committed: every open ``recording()`` on this thread
    hears it (nested ones too, so an op inside an op is heard by both)."""
    if changes:
        for recorded in _recorders.stack:
            recorded.merge(changes)
