"""Sign-in attempts limited per address and per account name, in a sliding window.

Kept in memory per app: enough to make guessing passwords slow through one server; a
deployment with several processes relies on its reverse proxy for a global limit.
"""

from __future__ import annotations

import threading
import time
from collections import deque


class AttemptLimiter:
    """At most ``limit`` failed attempts per key within ``window`` seconds."""

    def __init__(self, limit: int = 5, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, *keys: str) -> float:
        """Seconds to wait before another attempt under any of ``keys`` (0: go ahead)."""
        now = time.monotonic()
        with self._lock:
            waits = [
                self.window - (now - times[0])
                for times in (self._recent(k, now) for k in keys)
                if len(times) >= self.limit
            ]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
