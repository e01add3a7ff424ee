"""A per-client token bucket for ``/sparql``: each client gets a steady rate and a burst.

Off by default (``RATE_LIMIT_SPARQL = 0``). The client is the request's remote address;
behind a reverse proxy set ``PROXY_COUNT`` so that it is the address the proxy saw.
The table of clients is bounded: when full, the clients idle longest are forgotten, so a
flood of spoofed or rotating addresses costs memory in proportion to ``MAX_CLIENTS`` only.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict

MAX_CLIENTS = 10_000


class RateLimiter:
    """``per_minute`` requests a minute per client, with bursts of up to ``burst``."""

    def __init__(self, per_minute: float, burst: int | None = None) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst else max(1, math.ceil(per_minute / 6)))
        self._lock = threading.Lock()
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str, now: float | None = None) -> float:
        """Spend one token of ``client``; 0 when allowed, else the seconds until one is free."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
            while len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
            return wait
