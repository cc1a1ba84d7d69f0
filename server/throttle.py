"""Failed sign-ins, counted per username and client address, so a password cannot be
guessed at speed: after ``MAX_FAILURES`` within ``WINDOW`` seconds that pair is refused
(429, with ``Retry-After``) until the oldest failure is older than the window, even with
the right password. A successful sign-in clears the pair's count.

Kept in the server process's memory: a restart forgets it, which costs a guesser a
restart of the server, not a useful number of tries. Keyed by address too, so someone
guessing at an officer's name from elsewhere does not lock the officer out of their own
laptop.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW = 5 * 60.0  # seconds
_MAX_KEYS = 10_000  # pairs remembered at most; the stalest are forgotten first


class LoginThrottle:
    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(username: str, address: str) -> tuple[str, str]:
        return username.strip().lower(), address

    def _recent(self, key: tuple[str, str], now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until this pair may try again; 0 when it may now."""
        now = self.clock()
        with self._lock:
            times = self._recent(self._key(username, address), now)
            if times is None or len(times) < self.max_failures:
                return 0
            return max(1, math.ceil(times[-self.max_failures] + self.window - now))

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        key = self._key(username, address)
        with self._lock:
            times = self._recent(key, now)
            if times is None:
                if len(self._failures) >= _MAX_KEYS:
                    stalest = min(self._failures, key=lambda k: self._failures[k][-1])
                    del self._failures[stalest]
                times = self._failures[key] = deque(maxlen=self.max_failures)
            times.append(now)

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop(self._key(username, address), None)
