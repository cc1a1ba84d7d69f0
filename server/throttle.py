"""Failed sign-ins, counted per username and client address, so a password cannot be
guessed at speed: after ``MAX_FAILURES`` within ``WINDOW`` seconds that pair is refused
(429, with ``Retry-After``) until the oldest failure is older than the window, even with
the right password. A successful sign-in clears the pair's count.

The server keeps the failures in its database (``login_failures``), so every server
process behind one store counts the same tries: with ``serve --workers 4`` a guesser
spread over the workers gets five tries, not twenty. Without a database (a unit test,
a single process with nothing to share) they are kept in memory. Keyed by address too,
so someone guessing at an officer's name from elsewhere does not lock the officer out of
their own laptop.

Two processes that check the same pair at the same moment may each let one more try
through before both see the count: a guesser gains a try or two, never a useful number.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Protocol

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from server.db import Database
from server.models import LoginFailure

MAX_FAILURES = 5
WINDOW = 5 * 60.0  # seconds
_MAX_KEYS = 10_000  # pairs remembered at most in memory; the stalest are forgotten first

Key = tuple[str, str]


class FailureStore(Protocol):
    """Where the failure times (seconds on the throttle's clock) are kept."""

    def recent(self, key: Key, since: float, limit: int) -> list[float]:
        """The newest ``limit`` failures after ``since``, oldest first."""

    def add(self, key: Key, at: float, forget_before: float, session: Session | None) -> None:
        """Record a failure; failures before ``forget_before`` may be dropped. ``session``:
        the caller's open write transaction, if it holds one (see ``LoginThrottle``)."""

    def clear(self, key: Key, session: Session | None) -> None: ...


class MemoryFailures:
    """One process's memory: a restart forgets, and other processes do not see it."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self._failures: dict[Key, deque[float]] = {}
        self._lock = threading.Lock()

    def recent(self, key: Key, since: float, limit: int) -> list[float]:
        with self._lock:
            return [t for t in self._failures.get(key, ()) if t > since][-limit:]

    def add(self, key: Key, at: float, forget_before: float, session: Session | None) -> None:
        with self._lock:
            times = self._failures.get(key)
            if times is None:
                if len(self._failures) >= _MAX_KEYS:
                    stalest = min(self._failures, key=lambda k: self._failures[k][-1])
                    del self._failures[stalest]
                times = self._failures[key] = deque(maxlen=self.keep)
            times.append(at)

    def clear(self, key: Key, session: Session | None) -> None:
        with self._lock:
            self._failures.pop(key, None)


class DatabaseFailures:
    """The server's store, shared by every process that serves it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def recent(self, key: Key, since: float, limit: int) -> list[float]:
        t = LoginFailure
        with self.db.reading() as session:
            newest = session.scalars(
                select(t.failed_at)
                .where(t.username == key[0], t.address == key[1], t.failed_at > since)
                .order_by(t.failed_at.desc())
                .limit(limit)
            )
            return sorted(newest)

    @contextmanager
    def _writing(self, session: Session | None) -> Iterator[Session]:
        with nullcontext(session) if session is not None else self.db.writing() as s:
            yield s

    def add(self, key: Key, at: float, forget_before: float, session: Session | None) -> None:
        t = LoginFailure
        with self._writing(session) as session:
            # Failures out of the window count for no one: forgetting them here keeps
            # the table to the last few minutes' worth.
            session.execute(delete(t).where(t.failed_at <= forget_before))
            session.execute(insert(t).values(username=key[0], address=key[1], failed_at=at))

    def clear(self, key: Key, session: Session | None) -> None:
        t = LoginFailure
        with self._writing(session) as session:
            session.execute(delete(t).where(t.username == key[0], t.address == key[1]))


class LoginThrottle:
    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW,
        clock: Callable[[], float] = time.time,
        db: Database | None = None,
    ) -> None:
        """``db``: share the count with every process on that store; without it the
        count lives in this process. The clock is wall-clock time so that processes (and
        a restarted one) agree on it."""
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.store: FailureStore = (
            DatabaseFailures(db) if db is not None else MemoryFailures(max_failures)
        )

    @staticmethod
    def _key(username: str, address: str) -> Key:
        return username.strip().lower(), address

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until this pair may try again; 0 when it may now."""
        now = self.clock()
        times = self.store.recent(
            self._key(username, address), now - self.window, self.max_failures
        )
        if len(times) < self.max_failures:
            return 0
        return max(1, math.ceil(times[0] + self.window - now))

    def failed(self, username: str, address: str, session: Session | None = None) -> None:
        """``session``: a write transaction the caller holds, which the failure joins.
        Without it the failure is written in a transaction of its own, and on SQLite that
        one would wait for the caller's to end: a caller inside ``db.writing()`` passes
        its session (the admin console does)."""
        now = self.clock()
        self.store.add(self._key(username, address), now, now - self.window, session)

    def succeeded(self, username: str, address: str, session: Session | None = None) -> None:
        self.store.clear(self._key(username, address), session)
